#!/bin/sh
# Builds a small root file system of another architecture from this machine's own cross packages (libc6-ARCH-cross,
# libstdc++6-ARCH-cross, gcc-TRIPLET: amd64/all packages of the host's mirror), for the ELF corpus when the
# architecture's own Debian packages cannot be downloaded:
#   cross-rootfs.sh TRIPLET MULTIARCH INTERPRETER SOURCES DEST
#   cross-rootfs.sh s390x-linux-gnu s390x-linux-gnu /lib/ld64.so.1 Fixtures/cross /var/tmp/x
# DEST gets merged-/usr links (bin, lib, lib64 -> usr/…), the cross libraries (Debian's builds) in
# usr/lib/MULTIARCH, the loader at INTERPRETER, and usr/bin/PROGRAM-VARIANT for each corpus program built with a few
# link variants (PIE or not, BIND_NOW, SysV hash with DT_RPATH, 64 KiB pages, $ORIGIN RUNPATH).
set -eu
triplet=$1 multiarch=$2 interpreter=$3 sources=$4 dest=$5
sysroot=/usr/$triplet/lib
cc=$triplet-gcc
command -v "$cc" >/dev/null || { echo "cross-rootfs: $cc is missing (apt-get install gcc-$triplet; tools/install-deps.sh does)" >&2; exit 2; }
[ -e "$sysroot/libc.so.6" ] || { echo "cross-rootfs: $sysroot/libc.so.6 is missing (install libc6-*-cross)" >&2; exit 2; }

libdir=$dest/usr/lib/$multiarch
mkdir -p "$dest/usr/bin" "$dest/usr/sbin" "$dest/usr/lib64" "$libdir" "$dest/etc" "$dest/tmp"
ln -s usr/bin "$dest/bin"
ln -s usr/sbin "$dest/sbin"
ln -s usr/lib "$dest/lib"
ln -s usr/lib64 "$dest/lib64"

# The shared libraries (files and their soname links); not the static archives, start files or linker scripts.
for f in "$sysroot"/*.so*; do
  case $(basename "$f") in
    *.so) [ -L "$f" ] || continue ;;
  esac
  cp -P "$f" "$libdir/"
done

# The loader where the programs look for it: usr/lib/NAME or usr/lib64/NAME, linked to the library folder.
loader=$(basename "$interpreter")
case $interpreter in
  /lib64/*) ln -s "../lib/$multiarch/$loader" "$dest/usr/lib64/$loader" ;;
  /lib/*) ln -s "$multiarch/$loader" "$dest/usr/lib/$loader" ;;
  *) echo "cross-rootfs: unexpected interpreter $interpreter" >&2; exit 2 ;;
esac

"$cc" -O2 -fPIC -shared -Wl,-soname,libflixcorpus.so.1 -o "$libdir/libflixcorpus.so.1" "$sources/library.c"

# Link variants, each used by several programs.
variant_flags() {
  case $1 in
    pie) echo "-O2 -fPIE -pie" ;;
    nopie) echo "-O1 -fno-PIE -no-pie" ;;
    now) echo "-O2 -fPIE -pie -Wl,-z,now -Wl,-z,relro -Wl,--hash-style=gnu" ;;
    sysv) echo "-O0 -fPIE -pie -Wl,--hash-style=sysv -Wl,-z,norelro -Wl,--disable-new-dtags -Wl,-rpath,/usr/lib/flix-corpus-old" ;;
    page64k) echo "-O2 -fPIE -pie -Wl,-z,max-page-size=65536 -Wl,-z,separate-code" ;;
    origin) echo "-Os -fPIE -pie -Wl,--enable-new-dtags -Wl,-rpath,\$ORIGIN/../lib/$multiarch" ;;
  esac
}

libraries_of() {
  case $1 in
    math|dlopen) echo "-lm -ldl" ;;
    threads|tls) echo "-lpthread" ;;
    demangle) echo "$sysroot/libstdc++.so.6" ;;
    shared) echo "$libdir/libflixcorpus.so.1" ;;
    resolv) echo "-lresolv" ;;
    atomics) echo "$sysroot/libatomic.so.1" ;;
    *) echo "" ;;
  esac
}

variants="pie nopie now sysv page64k origin"
index=0
for source in "$sources"/*.c; do
  name=$(basename "$source" .c)
  [ "$name" = library ] && continue
  # Four of the six variants per program, rotating, so each variant is used by several programs.
  chosen=$(echo $variants $variants | cut -d' ' -f$((index % 6 + 1))-$((index % 6 + 4)))
  index=$((index + 1))
  for variant in $chosen; do
    # shellcheck disable=SC2046
    "$cc" -I"$sources" -DPROGRAM="\"$name\"" -DVARIANT="\"$variant\"" $(variant_flags "$variant") \
      -o "$dest/usr/bin/$name-$variant" "$source" $(libraries_of "$name")
  done
done
"$cc" -I"$sources" -DPROGRAM='"true"' -DVARIANT='"default"' -O2 -o "$dest/usr/bin/true" "$sources/true.c"
