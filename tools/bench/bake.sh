#!/usr/bin/env bash
# Benchmark: `flix bake kubernetes VERSION` against the bakery's `bakery.sh create kubernetes VERSION`, same run, same
# downloads: kubelet, kubeadm and kubectl with their .sha256 files and the CNI plugins tarball with its .sha256, served
# by nginx on 127.0.0.1 at upstream's paths (dl.k8s.io, github.com). Their contents are stand-ins of the real sizes
# made of this machine's own ELF files, so compression works on code as it does on the real programs. Both sides
# download, check every sha256, unpack and write a gzip SquashFS image (both tools' default). The bakery's curl calls
# reach the local server through a curl wrapper first in its PATH; Flix's through --mirror. Prints the best wall time
# of each and Flix's speed-up.
#
#   BAKERY=/path/to/a/sysext-bakery/checkout bash tools/bench/bake.sh
#
# Variables: BAKERY (a checkout of flatcar/sysext-bakery: its scripts are not part of Flix; required), FLIX (a flix
# executable to time, e.g. dist/linux-x64/flix from tools/publish.sh; default a ReadyToRun build made here), RUNS
# (best of N, default 3), PROGRAM_MB (size of each Kubernetes program, default 60), CNI_MB (unpacked size of the CNI
# plugins, default 100), BENCH_DIR (cache and scratch, default /var/tmp/flix-bench), OUT_DIR (where both write,
# default /dev/shm, so that the disk is not what is measured).
set -euo pipefail
cd "$(dirname "$0")/../.."

: "${BAKERY:?set BAKERY to a checkout of the sysext-bakery (its bakery.sh is what is timed)}"
[ -x "$BAKERY/bakery.sh" ] || [ -f "$BAKERY/bakery.sh" ] || { echo "no bakery.sh in $BAKERY" >&2; exit 1; }
runs=${RUNS:-3}
bench_dir=${BENCH_DIR:-/var/tmp/flix-bench}
version=v1.31.4
cni=v1.6.2
mkdir -p "$bench_dir"

source tools/bench/flix-under-test.sh

scratch=$(mktemp -d "${OUT_DIR:-/dev/shm}/flix-bake-bench.XXXXXX")
chmod 755 "$scratch"  # nginx's workers run as nobody
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$scratch"
}
trap cleanup EXIT

# Stand-in content: this machine's ELF files in an order drawn from SEED, concatenated up to SIZE bytes.
find /usr/lib /usr/bin -type f -size +100k 2>/dev/null | sort | while read -r f; do
  [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && echo "$f"
done > "$scratch/elf-files" || true
elf_blob() {
  local size=$1 out=$2 seed=$3
  (set +o pipefail; shuf --random-source=<(yes "$seed") "$scratch/elf-files" | while read -r f; do cat "$f"; done | head -c "$size" > "$out") || true
  [ "$(stat -c %s "$out")" -eq "$size" ] || { echo "not enough ELF files on this machine for $size bytes" >&2; exit 1; }
}

www=$scratch/www
k8s=$www/dl.k8s.io
mkdir -p "$k8s/$version/bin/linux/amd64" "$www/github.com/containernetworking/plugins/releases/download/$cni" "$scratch/cni"
for program in kubelet kubeadm kubectl; do
  elf_blob $(( ${PROGRAM_MB:-60} * 1024 * 1024 )) "$k8s/$version/bin/linux/amd64/$program" "$program"
  sha256sum "$k8s/$version/bin/linux/amd64/$program" | cut -d' ' -f1 > "$k8s/$version/bin/linux/amd64/$program.sha256"
done
# dl.k8s.io serves both /VERSION/... (the bakery's URLs) and /release/VERSION/... (Flix's).
mkdir -p "$k8s/release" && ln -s "../$version" "$k8s/release/$version"
cni_each=$(( ${CNI_MB:-100} * 1024 * 1024 / 8 ))
for plugin in bridge host-local loopback portmap bandwidth firewall macvlan tuning; do
  elf_blob "$cni_each" "$scratch/cni/$plugin" "$plugin" && chmod 755 "$scratch/cni/$plugin"
done
cni_tgz=$www/github.com/containernetworking/plugins/releases/download/$cni/cni-plugins-linux-amd64-$cni.tgz
tar -C "$scratch/cni" -czf "$cni_tgz" .
(cd "$(dirname "$cni_tgz")" && sha256sum "$(basename "$cni_tgz")" > "$(basename "$cni_tgz").sha256")

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat > "$scratch/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $scratch/nginx.pid;
error_log $scratch/nginx-error.log;
events { worker_connections 64; }
http {
  access_log off;
  sendfile on;
  client_body_temp_path $scratch/nginx-tmp;
  proxy_temp_path $scratch/nginx-tmp;
  fastcgi_temp_path $scratch/nginx-tmp;
  uwsgi_temp_path $scratch/nginx-tmp;
  scgi_temp_path $scratch/nginx-tmp;
  server { listen 127.0.0.1:$port; root $www; }
}
CONF
mkdir -p "$scratch/nginx-tmp"
nginx -c "$scratch/nginx.conf" -e "$scratch/nginx-error.log" & nginx_pid=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/dl.k8s.io/$version/bin/linux/amd64/kubectl.sha256" >/dev/null && break; sleep 0.1; done
base=http://127.0.0.1:$port

# The bakery reaches the server through this curl, first in its PATH.
mkdir -p "$scratch/shim"
cat > "$scratch/shim/curl" <<SHIM
#!/bin/sh
for a in "\$@"; do
  case \$a in
    https://dl.k8s.io/*) a="$base/dl.k8s.io/\${a#https://dl.k8s.io/}" ;;
    https://github.com/*) a="$base/github.com/\${a#https://github.com/}" ;;
  esac
  set -- "\$@" "\$a"; shift
done
exec /usr/bin/curl "\$@"
SHIM
chmod 755 "$scratch/shim/curl"

bakery_create() {
  (cd "$1" && PATH="$scratch/shim:$PATH" bash "$BAKERY/bakery.sh" create kubernetes "$version" --arch x86-64 --cni-version "$cni" >/dev/null)
  ls "$1"/kubernetes*.raw >/dev/null
}

flix_bake() {
  XDG_CACHE_HOME="$1/cache" "${flix[@]}" bake kubernetes "$version" --arch x86-64 --param "cni=$cni" --output "$1" --quiet \
    --mirror "https://dl.k8s.io=$base/dl.k8s.io" --mirror "https://github.com=$base/github.com" >/dev/null
}

# Runs a command once to warm the page cache, then RUNS times, each in a fresh folder (and, for Flix, an empty
# download cache: both sides download everything every time); prints the fastest wall time in seconds.
measure() {
  local best="" start end wall
  for ((r = -1; r < runs; r++)); do
    rm -rf "$scratch/out" && mkdir -p "$scratch/out"
    start=$(date +%s.%N)
    "$@" "$scratch/out" 2>"$scratch/err" || { cat "$scratch/err" >&2; return 1; }
    end=$(date +%s.%N)
    wall=$(awk "BEGIN{printf \"%.3f\", $end - $start}")
    ((r < 0)) && continue
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
  done
  echo "$best"
}

echo "kubernetes $version + CNI $cni: 3 x ${PROGRAM_MB:-60} MB programs, $(du -m "$cni_tgz" | cut -f1) MB CNI tarball; $(nproc) cores; best of $runs; flix: ${flix[*]}"
b=$(measure bakery_create)
f=$(measure flix_bake)
printf '%-58s %8ss\n' "bakery.sh create (curl, shasum, tar, mksquashfs gzip)" "$b"
printf '%-58s %8ss  %4.1fx\n' "flix bake (verified, gzip SquashFS)" "$f" "$(awk "BEGIN{print $b / $f}")"
