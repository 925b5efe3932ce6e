#!/usr/bin/env bash
# Installs flix, and flatwrap as a link to it, into PREFIX/bin (default /usr/local; ~/.local for a user):
#
#   bash tools/install.sh                           # the build of tools/publish.sh in dist/ for this machine
#   bash tools/install.sh flix-1.2.3-linux-x64.tar.gz
#   PREFIX=$HOME/.local bash tools/install.sh dist/linux-arm64
#
# The argument is a release archive, or a folder holding flix; without one, dist/linux-ARCH of this machine.
# An archive with a SHA256SUMS beside it is checked against it first. The binaries need no .NET.
set -euo pipefail

prefix=${PREFIX:-/usr/local}
case $(uname -m) in
  x86_64) arch=x64 ;;
  aarch64 | arm64) arch=arm64 ;;
  *) echo "install.sh: no flix build for $(uname -m)" >&2; exit 1 ;;
esac
source=${1:-$(dirname "$0")/../dist/linux-$arch}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
if [ -f "$source" ]; then
  sums=$(dirname "$source")/SHA256SUMS
  if [ -f "$sums" ]; then
    (cd "$(dirname "$source")" && grep "  $(basename "$source")\$" SHA256SUMS | sha256sum --check --quiet) ||
      { echo "install.sh: $source does not match $sums" >&2; exit 1; }
  fi
  tar --extract --gzip --file "$source" --directory "$scratch" --no-same-owner
  source=$scratch
fi
[ -f "$source/flix" ] || { echo "install.sh: $source holds no flix (build one with: bash tools/publish.sh)" >&2; exit 1; }

mkdir -p "$prefix/bin"
install -m 0755 "$source/flix" "$prefix/bin/flix.new"
mv -f "$prefix/bin/flix.new" "$prefix/bin/flix"
ln -sfn flix "$prefix/bin/flatwrap"
echo "installed $prefix/bin/flix and $prefix/bin/flatwrap -> flix ($("$prefix/bin/flix" --version 2>/dev/null | head -n 1 || echo "run flix --help"))"
