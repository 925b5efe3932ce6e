#!/usr/bin/env bash
# Benchmark: `flix elf` against one `patchelf` process per file, same run: set the interpreter and the run path of
# every ELF executable of a Debian trixie rootfs's /usr/bin and /usr/sbin to paths longer than the originals (so both
# tools must grow every file). Prints wall times, the ratio, and checks that both results read back the same.
#
#   sudo bash tools/bench/elf.sh            # builds the rootfs once with mmdebstrap (cached)
#   ROOTFS=/path/to/tree bash tools/bench/elf.sh
#
#   FLIX=dist/linux-x64/flix bash tools/bench/elf.sh   # time a given flix binary (the NativeAOT build of tools/publish.sh)
#
# Variables: ROOTFS (tree whose usr/bin and usr/sbin are used), BENCH_DIR (cache and scratch, default
# /var/tmp/flix-bench), RUNS (best of N, default 3), FLIX (a flix executable; default a ReadyToRun build made here).
set -euo pipefail
cd "$(dirname "$0")/../.."

bench_dir=${BENCH_DIR:-/var/tmp/flix-bench}
runs=${RUNS:-3}
mkdir -p "$bench_dir"
command -v patchelf >/dev/null || { echo "elf.sh: patchelf is required (apt-get install patchelf)" >&2; exit 1; }

rootfs=${ROOTFS:-$bench_dir/trixie-rootfs}
if [ ! -d "$rootfs" ]; then
  echo "building $rootfs with mmdebstrap (once)..." >&2
  mmdebstrap --variant=essential --include=b3sum,nginx-light trixie "$rootfs.tmp" >&2
  rm -f "$rootfs.tmp/usr/lib/os-release" "$rootfs.tmp/etc/os-release"
  mv "$rootfs.tmp" "$rootfs"
fi

source tools/bench/flix-under-test.sh
scratch=$(mktemp -d "$bench_dir/elf.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# The ELF executables (regular files with the magic and an interpreter), not symlinks.
mkdir -p "$scratch/source"
find "$rootfs/usr/bin" "$rootfs/usr/sbin" -maxdepth 1 -type f -print0 |
  while IFS= read -r -d '' f; do
    if [ "$(head -c 4 "$f" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] && readelf -l "$f" 2>/dev/null | grep -q 'Requesting program interpreter'; then
      cp -p "$f" "$scratch/source/$(basename "$(dirname "$f")")-$(basename "$f")"
    fi
  done
count=$(find "$scratch/source" -type f | wc -l)
bytes=$(du -sb "$scratch/source" | cut -f1)

interp=/usr/local/flix-benchmark-extension-with-a-long-name/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2
runpath=/usr/local/flix-benchmark-extension-with-a-long-name/lib/x86_64-linux-gnu:/usr/local/flix-benchmark-extension-with-a-long-name/usr/lib/x86_64-linux-gnu

patchelf_all() { for f in "$1"/*; do patchelf --set-interpreter "$interp" --set-rpath "$runpath" "$f"; done; }
flix_all() { "${flix[@]}" elf --set-interpreter "$interp" --set-runpath "$runpath" "$1"/*; }

# Runs "$@ DIR" on a fresh copy of the executables once to warm caches, then RUNS times; prints the best wall seconds.
measure() {
  local best=""
  for ((i = -1; i < runs; i++)); do
    rm -rf "$scratch/work" && cp -a "$scratch/source" "$scratch/work"
    sync
    local start end wall
    start=$(date +%s.%N)
    "$@" "$scratch/work" >/dev/null
    end=$(date +%s.%N)
    wall=$(awk "BEGIN{printf \"%.3f\", $end - $start}")
    ((i < 0)) && continue
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
  done
  echo "$best"
}

echo "files: $count ELF executables of $rootfs/usr/{bin,sbin} ($((bytes / 1024 / 1024)) MB), $(nproc) cores, best of $runs; flix: ${flix[*]}"
p_wall=$(measure patchelf_all)
cp -a "$scratch/work" "$scratch/by-patchelf"
f_wall=$(measure flix_all)

# Both results must read back the same interpreter and run path.
mismatch=0
for f in "$scratch/work"/*; do
  name=$(basename "$f")
  a=$(patchelf --print-interpreter --print-rpath "$f")
  b=$(patchelf --print-interpreter --print-rpath "$scratch/by-patchelf/$name")
  [ "$a" = "$b" ] || { echo "differs: $name" >&2; mismatch=$((mismatch + 1)); }
done

printf '%-10s %10s\n' tool wall
printf '%-10s %9ss\n' patchelf "$p_wall" flix "$f_wall"
printf 'ratio: flix is %.1fx faster than one patchelf process per file (%d files read back differently)\n' \
  "$(awk "BEGIN{print $p_wall / $f_wall}")" "$mismatch"
