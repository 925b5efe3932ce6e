#!/usr/bin/env bash
# Benchmark: Flix mode (`flix dir:ROOTFS NAME PATH...`) against the bakery's method on the same Debian trixie
# rootfs, same run: copy the programs, find each DT_NEEDED recursively with `find` in the library folders, copy the
# loader and libraries flat into /usr/local/NAME, one `patchelf --set-interpreter` and one
# `patchelf --set-rpath --no-default-lib` per file, then mksquashfs. The rootfs is made once first and not timed.
# Prints the best wall time of each method and Flix's speed-up, per SquashFS compressor (both sides use the same
# one): with gzip -9 (both tools' default) compressing the ~26 MB dominates both sides alike, with lz4 the work that
# differs (finding, copying and patching) does.
#
#   sudo bash tools/bench/flix.sh
#   BAKERY_TOOLS=/path/to/sysext-bakery/tools bash tools/bench/flix.sh   # also time the bakery's own flix.sh
#
# Variables: ROOTFS (a trixie rootfs with jq and nginx-light), BENCH_DIR (cache and scratch, default
# /var/tmp/flix-bench), OUT_DIR (where both methods write, default /dev/shm: a tmpfs, so that the disk, and Flix's
# fsync of its atomic output, are not what is measured), RUNS (best of N, default 3), COMPRESSORS (default "lz4 gzip"), BAKERY_TOOLS (a sysext-bakery tools/ folder; skipped when unset),
# FLIX (a flix executable to time, e.g. FLIX=dist/linux-x64/flix from tools/publish.sh; default a ReadyToRun build made here).
set -euo pipefail
cd "$(dirname "$0")/../.."

bench_dir=${BENCH_DIR:-/var/tmp/flix-bench}
runs=${RUNS:-3}
compressors=${COMPRESSORS:-lz4 gzip}
name=tools
mkdir -p "$bench_dir"

rootfs=${ROOTFS:-$bench_dir/trixie-flix-rootfs}
if [ ! -d "$rootfs" ]; then
  echo "building $rootfs with mmdebstrap (once)..." >&2
  mmdebstrap --variant=essential --include=jq,nginx-light trixie "$rootfs.tmp" >&2
  mv "$rootfs.tmp" "$rootfs"
fi

source tools/bench/flix-under-test.sh
scratch=$(mktemp -d "${OUT_DIR:-/dev/shm}/flix-run.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# The set: bash, jq, nginx and every program of coreutils (as the image's package lists them).
paths=(/usr/bin/bash /usr/bin/jq /usr/sbin/nginx)
while read -r path; do
  case $path in /usr/bin/*|/bin/*) ;; *) continue ;; esac
  file="$rootfs${path/#\/bin\//\/usr\/bin\/}"
  [ -f "$file" ] && [ ! -L "$file" ] && [ "$(head -c 4 "$file" | od -An -c | tr -d ' ')" = '177ELF' ] && paths+=("${path/#\/bin\//\/usr\/bin\/}")
done < "$rootfs/var/lib/dpkg/info/coreutils.list"

# The bakery's method, in shell: what its flix.sh does, without its image-less packing gap (mksquashfs added).
bakery_method() {
  local out=$1 stage=$1/stage lib=$1/stage/usr/local/$name
  mkdir -p "$stage/usr/bin" "$lib"
  local interp dirs=() queue=() seen=" " i=0 f dep src
  for d in lib64 usr/lib64 usr/local/lib64 lib usr/lib usr/local/lib; do
    [ -d "$rootfs/$d" ] && [ ! -L "$rootfs/$d" ] && dirs+=("$rootfs/$d")
  done
  for p in "${paths[@]}"; do cp -L "$rootfs$p" "$stage/usr/bin/"; queue+=("$stage/usr/bin/${p##*/}"); done
  interp=$(patchelf --print-interpreter "${queue[0]}")
  cp -L "$rootfs$interp" "$lib/"
  while ((i < ${#queue[@]})); do
    f=${queue[i]}; i=$((i + 1))
    for dep in $(patchelf --print-needed "$f"); do
      case $seen in *" $dep "*) continue ;; esac
      seen="$seen$dep "
      src=$(find "${dirs[@]}" -name "$dep" 2>/dev/null | head -n 1)
      [ -n "$src" ] || { echo "bakery method: $dep not found" >&2; return 1; }
      [ -e "$lib/$dep" ] || { cp -L "$src" "$lib/$dep"; queue+=("$lib/$dep"); }
    done
  done
  for f in "${queue[@]}"; do
    [ -n "$(patchelf --print-interpreter "$f" 2>/dev/null)" ] && patchelf --set-interpreter "/usr/local/$name/${interp##*/}" "$f"
    patchelf --set-rpath "/usr/local/$name" --no-default-lib "$f"
  done
  mksquashfs "$stage" "$out/$name.raw" -all-root -noappend -quiet -comp "$comp" >/dev/null
}

bakery_tools() {
  local out=$1
  (cd "$out" && EXTRALIBS="" bash "$BAKERY_TOOLS/flix.sh" "$rootfs" "$name" "${paths[@]}" >/dev/null &&
    mksquashfs "$name" "$name.raw" -all-root -noappend -quiet -comp "$comp" >/dev/null)
}

# Runs a command (a function) once to warm the page cache, then RUNS times; prints "wall cpu" in seconds of the
# fastest run (cpu = user + system time of the shell and everything it ran: fairer than wall time on a busy machine).
measure() {
  local best="" cpu="" start end wall used
  for ((r = -1; r < runs; r++)); do
    rm -rf "$scratch/out" && mkdir -p "$scratch/out"
    start=$(date +%s.%N)
    ( "$@" "$scratch/out" >/dev/null 2>"$scratch/err"; status=$?; times > "$scratch/times"; exit $status ) || { cat "$scratch/err" >&2; return 1; }
    end=$(date +%s.%N)
    wall=$(awk "BEGIN{printf \"%.3f\", $end - $start}")
    used=$(tr -s ' \n' ' ' < "$scratch/times" | awk '{ t = 0; for (i = 1; i <= NF; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } printf "%.3f", t }')
    ((r < 0)) && continue
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; cpu=$used; fi
  done
  echo "$best $cpu"
}

flix_default() { "${flix[@]}" "dir:$rootfs" "$name" "${paths[@]}" --compression "$comp" --output "$1"; }
flix_no_auto() { "${flix[@]}" "dir:$rootfs" "$name" "${paths[@]}" --compression "$comp" --no-auto-libs --output "$1"; }

echo "rootfs: $rootfs; ${#paths[@]} programs (bash, jq, nginx, coreutils); $(nproc) cores; best of $runs; flix: ${flix[*]}"
printf '%-5s %-46s %8s %8s %14s\n' comp method wall cpu "flix speed-up"
for comp in $compressors; do
  read -r b bc < <(measure bakery_method)
  read -r f fc < <(measure flix_default)
  read -r n nc < <(measure flix_no_auto)
  printf '%-5s %-46s %7ss %7ss\n' "$comp" "bakery method (patchelf x2 per file + mksquashfs)" "$b" "$bc"
  printf '%-5s %-46s %7ss %7ss  %4.1fx wall %4.1fx cpu\n' "$comp" "flix (NSS, gconv, libgcc_s added)" "$f" "$fc" \
    "$(awk "BEGIN{print $b / $f}")" "$(awk "BEGIN{print $bc / $fc}")"
  printf '%-5s %-46s %7ss %7ss  %4.1fx wall %4.1fx cpu\n' "$comp" "flix --no-auto-libs (the bakery's scope)" "$n" "$nc" \
    "$(awk "BEGIN{print $b / $n}")" "$(awk "BEGIN{print $bc / $nc}")"
  if [ -n "${BAKERY_TOOLS:-}" ]; then
    read -r t tc < <(measure bakery_tools)
    printf '%-5s %-46s %7ss %7ss  flix %4.1fx wall %4.1fx cpu\n' "$comp" "bakery tools/flix.sh + mksquashfs" "$t" "$tc" \
      "$(awk "BEGIN{print $t / $f}")" "$(awk "BEGIN{print $tc / $fc}")"
  fi
done
