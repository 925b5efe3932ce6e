#!/usr/bin/env bash
# Builds what a Flix release ships, into OUT (default dist/):
#   OUT/linux-x64/flix and OUT/linux-arm64/flix   one native executable each, NativeAOT: no .NET needed on the host
#   OUT/linux-*/flatwrap -> flix                  started as flatwrap, flix is `flix flatwrap`
#   OUT/flix-VERSION-linux-*.tar.gz, SHA256SUMS   the archives tools/install.sh takes
#   OUT/nupkg/flix.VERSION.nupkg                  the same program as a dotnet tool (dotnet tool install -g flix)
#
#   bash tools/publish.sh                  # everything
#   bash tools/publish.sh x64 tool         # only some of: x64 arm64 tool
#   VERSION=1.2.3 OUT=/tmp/dist bash tools/publish.sh
#
# NativeAOT needs clang (and the arm64 build a cross toolchain: gcc-aarch64-linux-gnu, libc6-dev-arm64-cross);
# tools/install-deps.sh installs them. When the arm64 AOT link cannot work, arm64 gets a self-contained single-file
# build instead (needs no .NET either, but is larger and starts slower), and the script says so.
set -euo pipefail
cd "$(dirname "$0")/.."

out=$(realpath -m "${OUT:-dist}")
version=${VERSION:-$(git describe --tags --match 'v[0-9]*' 2>/dev/null | sed 's/^v//' || true)}
version=${version:-0.1.0}
targets=("$@")
((${#targets[@]})) || targets=(x64 arm64 tool)
mkdir -p "$out"

publish_aot() { # rid folder
  dotnet publish src/Flix.Cli/Flix.Cli.csproj -c Release -r "$1" -p:PublishAot=true -p:Version="$version" \
    --nologo -v quiet -o "$2.build" >&2
}

publish_single_file() { # rid folder
  dotnet publish src/Flix.Cli/Flix.Cli.csproj -c Release -r "$1" --self-contained true -p:PublishSingleFile=true \
    -p:PublishTrimmed=true -p:EnableCompressionInSingleFile=true -p:Version="$version" --nologo -v quiet -o "$2.build" >&2
}

binary() { # x64|arm64
  local rid=linux-$1 folder=$out/linux-$1 kind=NativeAOT
  rm -rf "$folder" "$folder.build"
  command -v clang >/dev/null || { echo "publish.sh: NativeAOT needs clang (bash tools/install-deps.sh)" >&2; exit 1; }
  if ! publish_aot "$rid" "$folder"; then
    [ "$1" = arm64 ] || { echo "publish.sh: the NativeAOT build for $rid failed" >&2; exit 1; }
    echo "publish.sh: NativeAOT cannot cross-compile for $rid here; building a self-contained single-file flix instead" >&2
    rm -rf "$folder.build"
    publish_single_file "$rid" "$folder"
    kind="self-contained single file"
  fi
  mkdir -p "$folder"
  cp "$folder.build/flix" "$folder/flix"
  rm -rf "$folder.build"
  ln -sf flix "$folder/flatwrap"
  local archive=flix-$version-linux-$1.tar.gz
  tar --create --gzip --owner=0 --group=0 --numeric-owner --mtime=@"${SOURCE_DATE_EPOCH:-0}" \
    --file "$out/$archive" --directory "$folder" flix flatwrap
  (cd "$out" && { grep -v "  $archive\$" SHA256SUMS 2>/dev/null || true; sha256sum "$archive"; } | sort -k2 > SHA256SUMS.new && mv SHA256SUMS.new SHA256SUMS)
  echo "$folder/flix ($kind, $(du -h "$folder/flix" | cut -f1)) and $out/$archive"
}

tool() {
  rm -rf "$out/nupkg"
  dotnet pack src/Flix.Cli/Flix.Cli.csproj -c Release -p:Version="$version" --nologo -v quiet -o "$out/nupkg" >&2
  echo "$(ls "$out"/nupkg/*.nupkg) (dotnet tool install -g flix --add-source $out/nupkg)"
}

for target in "${targets[@]}"; do
  case $target in
    x64 | arm64) binary "$target" ;;
    tool) tool ;;
    *) echo "publish.sh: unknown target '$target' (x64, arm64, tool)" >&2; exit 2 ;;
  esac
done
