#!/usr/bin/env bash
# The main job on the embedded example: pack examples/hello into a sysext, merge it for real
# with systemd-sysext inside a private mount namespace (the host is not touched) and run it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

dotnet build src/Flix.Cli -c Release --nologo -v quiet -o "$out/bin" >/dev/null
dotnet "$out/bin/flix.dll" pack examples/hello hello --version 1.0.0 --output "$out"

image=$(ls "$out"/hello-1.0.0-*.raw)
unshare -m --propagation private sh -euc '
  mount --make-rshared /
  mount -t tmpfs tmpfs /run
  mkdir -p /run/extensions
  cp "$1" /run/extensions/hello.raw
  systemd-sysext merge
  systemd-sysext status
  hello
' demo "$image"
