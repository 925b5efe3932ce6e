#!/usr/bin/env bash
# Benchmark: `flix pack` against `mksquashfs -all-root` on a Debian trixie rootfs, same run,
# for gzip and zstd. Prints wall time, image size and peak RSS, and Flix's ratios to mksquashfs.
#
#   sudo bash tools/bench/pack.sh            # builds the rootfs once with mmdebstrap (cached)
#   ROOTFS=/path/to/tree bash tools/bench/pack.sh
#
# Variables: ROOTFS (tree to pack), BENCH_DIR (cache and scratch, default /var/tmp/flix-bench),
# COMPRESSORS (default "gzip zstd"), RUNS (best of N, default 3), FLIX (a flix executable to time, e.g. the NativeAOT
# dist/linux-x64/flix of tools/publish.sh; default a ReadyToRun build made here).
set -euo pipefail
cd "$(dirname "$0")/../.."

bench_dir=${BENCH_DIR:-/var/tmp/flix-bench}
compressors=${COMPRESSORS:-gzip zstd}
runs=${RUNS:-3}
mkdir -p "$bench_dir"

rootfs=${ROOTFS:-$bench_dir/trixie-rootfs}
if [ ! -d "$rootfs" ]; then
  echo "building $rootfs with mmdebstrap (once)..." >&2
  mmdebstrap --variant=essential --include=b3sum,nginx-light trixie "$rootfs.tmp" >&2
  # A sysext must not ship os-release (flix pack refuses it); both tools pack the same tree.
  rm -f "$rootfs.tmp/usr/lib/os-release" "$rootfs.tmp/etc/os-release"
  mv "$rootfs.tmp" "$rootfs"
fi

source tools/bench/flix-under-test.sh
scratch=$(mktemp -d "$bench_dir/run.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# Runs a command once to warm the page cache (both tools then read the tree from memory), then RUNS
# times; prints "best_wall_seconds peak_rss_kb" of the fastest run.
measure() {
  local best="" rss=""
  for ((i = -1; i < runs; i++)); do
    rm -rf "$scratch/out" && mkdir -p "$scratch/out"
    /usr/bin/time -f "%e %M" -o "$scratch/time" "$@" >/dev/null 2>"$scratch/err" || { cat "$scratch/err" >&2; return 1; }
    read -r wall kb < "$scratch/time"
    ((i < 0)) && continue
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; rss=$kb; fi
  done
  echo "$best $rss"
}

echo "tree: $rootfs ($(du -sh --apparent-size "$rootfs" | cut -f1), $(find "$rootfs" | wc -l) entries), $(nproc) cores, best of $runs"
printf '%-6s %12s %12s %7s %12s %12s %7s %10s\n' comp mksq_wall flix_wall ratio mksq_bytes flix_bytes ratio flix_rss
for comp in $compressors; do
  read -r m_wall m_rss < <(measure mksquashfs "$rootfs" "$scratch/out/m.img" -all-root -noappend -comp "$comp" -quiet)
  m_size=$(stat -c %s "$scratch/out/m.img")
  read -r f_wall f_rss < <(measure "${flix[@]}" pack "$rootfs" bench --compression "$comp" \
      --allow-outside --allow-usr-sbin --output "$scratch/out" --json)
  f_size=$(stat -c %s "$scratch/out/bench.raw")
  printf '%-6s %11ss %11ss %6.2fx %12d %12d %6.3fx %7d MB\n' "$comp" "$m_wall" "$f_wall" \
    "$(awk "BEGIN{print $f_wall / $m_wall}")" "$m_size" "$f_size" "$(awk "BEGIN{print $f_size / $m_size}")" "$((f_rss / 1024))"
done
