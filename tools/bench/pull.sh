#!/usr/bin/env bash
# Benchmark: `flix rootfs` against `skopeo copy` + `umoci unpack` pulling a Debian trixie image from a local
# docker-registry, same run. Prints wall time, CPU time and peak RSS of each, and Flix's ratio to the peers.
#
#   sudo bash tools/bench/pull.sh            # builds the image once with mmdebstrap (cached)
#
# Variables: BENCH_DIR (cache, registry and scratch, default /var/tmp/flix-bench), RUNS (best of N, default 3),
# OUT_DIR (where the rootfs trees are written, default /dev/shm: a tmpfs), FLIX (a flix executable to time, e.g. the
# NativeAOT dist/linux-x64/flix of tools/publish.sh; default a ReadyToRun build made here).
# Every run starts cold for the tools: a fresh OCI layout for skopeo, a fresh output dir and --no-cache
# for flix. The page cache is left alone (the machine is shared); the registry serves from it for both.
#
# Why a tmpfs by default: on an ext4 without a journal (as on some VMs) the kernel will not reuse an inode
# freed in the last minutes and reads each such inode while looking for a free one, so creating a tree right
# after deleting one costs seconds of kernel time, whichever tool runs. Outputs are therefore never deleted
# between runs, and OUT_DIR=/some/disk/dir measures a disk instead of the tools.
set -euo pipefail
cd "$(dirname "$0")/../.."

bench_dir=${BENCH_DIR:-/var/tmp/flix-bench}
runs=${RUNS:-3}
mkdir -p "$bench_dir"
for tool in mmdebstrap docker-registry skopeo umoci curl sha256sum gzip; do
  command -v "$tool" >/dev/null || { echo "pull.sh: $tool is missing (bash tools/install-deps.sh)" >&2; exit 1; }
done

# The image: one gzip layer holding an essential trixie rootfs, as an OCI layout written here by hand
# (mmdebstrap --format=tar trips on "file changed as we read it", so tar the directory ourselves).
layout=$bench_dir/trixie-essential-oci
if [ ! -f "$layout/index.json" ]; then
  echo "building $layout with mmdebstrap (once)..." >&2
  work=$(mktemp -d "$bench_dir/build.XXXXXX")
  SOURCE_DATE_EPOCH=1704164645 mmdebstrap --quiet --variant=essential trixie "$work/tree" 2> >(grep -v 'unsafe permissions' >&2)
  tar --create --file "$work/layer.tar" --format=pax --sort=name --numeric-owner --xattrs --xattrs-include='*' \
      --pax-option=delete=atime,delete=ctime --mtime=@1704164645 --clamp-mtime --directory "$work/tree" .
  rm -rf "$work/tree"
  mkdir -p "$work/oci/blobs/sha256"
  diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
  gzip -n -6 < "$work/layer.tar" > "$work/layer.tar.gz"
  blob() { # FILE -> moves it into the layout, prints "DIGEST SIZE"
    local hex size; hex=$(sha256sum "$1" | cut -d' ' -f1); size=$(stat -c %s "$1")
    mv "$1" "$work/oci/blobs/sha256/$hex"; echo "sha256:$hex $size"
  }
  read -r layer_digest layer_size < <(blob "$work/layer.tar.gz")
  printf '{"created":"2024-01-02T03:04:05Z","architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"2024-01-02T03:04:05Z","created_by":"mmdebstrap --variant=essential trixie"}]}' \
    "$diff_id" > "$work/config.json"
  read -r config_digest config_size < <(blob "$work/config.json")
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":%s}]}' \
    "$config_digest" "$config_size" "$layer_digest" "$layer_size" > "$work/manifest.json"
  read -r manifest_digest manifest_size < <(blob "$work/manifest.json")
  printf '{"imageLayoutVersion":"1.0.0"}' > "$work/oci/oci-layout"
  printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"latest"}}]}' \
    "$manifest_digest" "$manifest_size" > "$work/oci/index.json"
  rm -rf "$layout" && mv "$work/oci" "$layout" && rm -rf "$work"
fi

scratch=$(mktemp -d "$bench_dir/pull.XXXXXX")
outputs=$(mktemp -d "${OUT_DIR:-/dev/shm}/flix-pull.XXXXXX")
registry_pid=""
cleanup() {
  if [ -n "$registry_pid" ]; then kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; fi
  rm -rf "$scratch" "$outputs"
}
trap cleanup EXIT

# A registry on a free loopback port: try random ports until one answers GET /v2/ from our process.
for attempt in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  mkdir -p "$scratch/registry"
  printf 'version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
    "$scratch/registry/data" "$port" > "$scratch/registry/config.yml"
  docker-registry serve "$scratch/registry/config.yml" > "$scratch/registry/log" 2>&1 &
  registry_pid=$!
  for _ in $(seq 50); do
    curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1 && break
    kill -0 "$registry_pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$registry_pid" 2>/dev/null && curl -fsS "http://127.0.0.1:$port/v2/" >/dev/null 2>&1; then break; fi
  kill "$registry_pid" 2>/dev/null || true; wait "$registry_pid" 2>/dev/null || true; registry_pid=""
done
[ -n "$registry_pid" ] || { echo "pull.sh: docker-registry did not start: $(cat "$scratch/registry/log")" >&2; exit 1; }
ref=127.0.0.1:$port/trixie:latest
skopeo copy --quiet --dest-tls-verify=false "oci:$layout:latest" "docker://$ref"

source tools/bench/flix-under-test.sh
flix_has_rootfs=0
# `flix rootfs --help` exits 0 even without the command (help wins over the parse error): read the list instead.
"${flix[@]}" --help 2>/dev/null | grep -qE '^[[:space:]]+rootfs([[:space:]]|$)' && flix_has_rootfs=1

# One timed run of a command that writes into OUT, an empty new folder (kept until the end, see above); the
# disk is synced first so one tool's write-back is not charged to the other.
# run_once OUT CMD... prints "wall_seconds peak_rss_kb cpu_seconds".
run_once() {
  mkdir "$1" && shift && sync
  /usr/bin/time -f "%e %M %U %S" -o "$scratch/time" "$@" >/dev/null 2>"$scratch/err" || { cat "$scratch/err" >&2; return 1; }
  read -r wall kb user sys < "$scratch/time"
  echo "$wall $kb $(awk "BEGIN{print $user + $sys}")"
}

# Keeps the best (lowest wall) of "wall rss cpu" triples: best VAR "triple".
best() {
  local -n slot=$1
  if [ -z "$slot" ] || awk "BEGIN{exit !(${2%% *} < ${slot%% *})}"; then slot=$2; fi
}

peer_script='skopeo copy --quiet --src-tls-verify=false "docker://$1" "oci:$2/oci:latest" && umoci unpack --image "$2/oci:latest" "$2/bundle"'
peer_best="" flix_best=""
# The tools take turns, round by round, so slow spells of the shared machine fall on both.
for ((i = 0; i < runs; i++)); do
  best peer_best "$(run_once "$outputs/peer-$i" sh -c "$peer_script" pull-peer "$ref" "$outputs/peer-$i")"
  p_entries=$(find "$outputs/peer-$i/bundle/rootfs" | wc -l)
  if [ "$flix_has_rootfs" -eq 1 ]; then
    best flix_best "$(run_once "$outputs/flix-$i" "${flix[@]}" rootfs "$ref" "$outputs/flix-$i/rootfs" --no-cache --insecure)"
    f_entries=$(find "$outputs/flix-$i/rootfs" | wc -l)
  fi
done
read -r p_wall p_rss p_cpu <<< "$peer_best"

echo "image: $ref ($(du -sh --apparent-size "$layout" | cut -f1) compressed), $(nproc) cores, best of $runs, trees written to $(df --output=fstype "$outputs" | tail -1) ($outputs)"
printf '%-28s %10s %10s %10s %9s\n' tool wall cpu peak_rss entries
printf '%-28s %9ss %9ss %7d MB %9d\n' "skopeo copy + umoci unpack" "$p_wall" "$p_cpu" "$((p_rss / 1024))" "$p_entries"
if [ "$flix_has_rootfs" -ne 1 ]; then
  echo "flix rootfs is missing from this build (src/Flix.Cli has no 'rootfs' command yet); peer figures only."
  exit 0
fi

read -r f_wall f_rss f_cpu <<< "$flix_best"
printf '%-28s %9ss %9ss %7d MB %9d\n' "flix rootfs --no-cache" "$f_wall" "$f_cpu" "$((f_rss / 1024))" "$f_entries"
printf 'flix / peer wall ratio: %.2fx\n' "$(awk "BEGIN{print $f_wall / $p_wall}")"
[ "$f_entries" -eq "$p_entries" ] || echo "warning: flix rootfs has $f_entries entries, umoci's rootfs $p_entries" >&2
