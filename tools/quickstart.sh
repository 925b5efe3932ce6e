#!/usr/bin/env bash
# Flix's main job on a real image, on this machine, as root:
#
#   1. makes a Debian trixie image (another release than the host's) with mmdebstrap: jq, busybox and a
#      unit web.service that runs busybox httpd;
#   2. serves it from a local registry (Debian's docker-registry on 127.0.0.1), as a remote one would;
#   3. pulls it with flix and makes two system extensions of it: jq in Flix mode (the program, its libraries
#      and trixie's loader, patched) and busybox with its unit in Flatwrap mode (trixie's whole rootfs);
#   4. flix test: merges both with this host's systemd-sysext in private namespaces and runs the programs;
#   5. flix test --boot: boots systemd in a container with both merged and checks web.service started.
#
# Everything it starts (the registry, the work folder) is gone afterwards; the host's /usr is never touched.
# flix is the one on PATH, or FLIX=/path/to/flix, else it is built from this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "quickstart.sh: run as root (mmdebstrap, systemd-sysext and systemd-nspawn need it)" >&2
  exit 1
fi

step() { printf '\n== %s\n' "$*"; }

for tool in mmdebstrap docker-registry skopeo systemd-nspawn; do
  if ! command -v "$tool" >/dev/null; then
    step "Installing the Debian packages flix's tests and this script use"
    bash tools/install-deps.sh
    break
  fi
done

work=$(mktemp -d /var/tmp/flix-quickstart.XXXXXX)
registry_pid=
cleanup() {
  if [ -n "$registry_pid" ]; then
    kill "$registry_pid" 2>/dev/null || true
    wait "$registry_pid" 2>/dev/null || true
  fi
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT

if [ -n "${FLIX:-}" ]; then
  read -ra flix <<<"$FLIX" # a path, or a command such as "dotnet path/flix.dll"
elif command -v flix >/dev/null; then
  flix=(flix)
else
  step "Building flix (install it with tools/publish.sh and tools/install.sh to skip this)"
  dotnet build src/Flix.Cli -c Release --nologo -v quiet -o "$work/bin" >/dev/null
  flix=(dotnet "$work/bin/flix.dll")
fi
"${flix[@]}" --version

step "Making a Debian trixie image with mmdebstrap (this host is $(. /etc/os-release && echo "$PRETTY_NAME"))"
unit='[Unit]\nDescription=busybox httpd serving the documentation of the image\n\n[Service]\nExecStart=/usr/bin/busybox httpd -f -p 127.0.0.1:8080 -h /usr/share/doc\n'
mmdebstrap --quiet --variant=minbase --include=jq,busybox --format=directory \
  --customize-hook="mkdir -p \"\$1/usr/lib/systemd/system\" && printf '$unit' > \"\$1/usr/lib/systemd/system/web.service\"" \
  trixie "$work/rootfs" http://deb.debian.org/debian
# An OCI layout of one gzip layer, written by hand: a tar of the tree, its config, manifest and index.
mkdir -p "$work/oci/blobs/sha256"
blob() { # FILE: moves FILE into the layout under its digest; prints the digest
  local digest
  digest=$(sha256sum "$1" | cut -d' ' -f1)
  mv "$1" "$work/oci/blobs/sha256/$digest"
  echo "$digest"
}
tar --create --format=pax --sort=name --numeric-owner --xattrs --xattrs-include='*' \
  --pax-option=delete=atime,delete=ctime --directory "$work/rootfs" . >"$work/layer.tar"
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -n "$work/layer.tar"
layer_size=$(stat -c %s "$work/layer.tar.gz")
layer=$(blob "$work/layer.tar.gz")
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["/bin/bash"]},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' \
  "$diff_id" >"$work/config.json"
config_size=$(stat -c %s "$work/config.json")
config=$(blob "$work/config.json")
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:%s","size":%s}]}' \
  "$config" "$config_size" "$layer" "$layer_size" >"$work/manifest.json"
manifest_size=$(stat -c %s "$work/manifest.json")
manifest=$(blob "$work/manifest.json")
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"trixie"}}]}' \
  "$manifest" "$manifest_size" >"$work/oci/index.json"
printf '{"imageLayoutVersion":"1.0.0"}' >"$work/oci/oci-layout"
rm -rf --one-file-system "$work/rootfs"

step "Serving it from a local registry"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$work/registry"
printf 'version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
  "$work/registry" "$port" > "$work/registry.yml"
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
registry_pid=$!
for _ in $(seq 50); do
  curl -fs "http://127.0.0.1:$port/v2/" >/dev/null && break
  sleep 0.2
done
image=127.0.0.1:$port/debian:trixie
skopeo copy --quiet --dest-tls-verify=false "oci:$work/oci:trixie" "docker://$image"
echo "$image"

step "Flix mode: jq with its libraries and trixie's loader"
"${flix[@]}" "$image" jq --extension-version 1.0 --cache-dir "$work/cache" -o "$work/out"

step "Flatwrap: busybox and web.service, enabled on merge"
"${flix[@]}" flatwrap "$image" web /usr/bin/busybox /usr/lib/systemd/system/web.service --enable web.service \
  --version 1.0 --cache-dir "$work/cache" -o "$work/out"

step "flix test: merged with this host's systemd-sysext, the programs run"
"${flix[@]}" test "$work"/out/jq-1.0-*.raw "$work"/out/web-1.0-*.raw -- \
  sh -c 'echo "{\"release\": \"trixie\"}" | jq -c .; jq --version; busybox | head -n 1'

step "flix test --boot: systemd boots with both merged and starts web.service"
"${flix[@]}" test --boot "$work"/out/jq-1.0-*.raw "$work"/out/web-1.0-*.raw

step "Done: the registry is stopped and $work removed"
