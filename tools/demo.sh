#!/usr/bin/env bash
# The main job on the embedded example: pack examples/hello into a sysext, merge it for real
# with systemd-sysext inside private namespaces (flix test; the host is not touched) and run it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

dotnet build src/Flix.Cli -c Release --nologo -v quiet -o "$out/bin" >/dev/null
dotnet "$out/bin/flix.dll" pack examples/hello hello --version 1.0.0 --output "$out"

image=$(ls "$out"/hello-1.0.0-*.raw)
# flix test merges it with this host's systemd-sysext in private mount and PID namespaces and runs hello there.
dotnet "$out/bin/flix.dll" test "$image" -- hello
