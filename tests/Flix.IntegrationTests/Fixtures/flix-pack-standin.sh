#!/bin/sh
# A stand-in for `flix pack` built on mksquashfs, following the pack contract the integration tests are
# written against (extension-release fields, file names, SHA256SUMS, sysupdate transfer, mtime clamping).
# It exists to prove the CLI-based tests before the real command is merged:
#   FLIX_CLI=tests/Flix.IntegrationTests/Fixtures/flix-pack-standin.sh dotnet test tests/Flix.IntegrationTests
# --format squashfs uses mksquashfs, --format erofs mkfs.erofs (uncompressed); dir is not supported.
# mkfs.erofs 1.5 (Debian 12) cannot write a 255-byte name, so the erofs test of the corner-case tree
# fails with this stand-in; that limit is erofs-utils', not the harness's.
set -eu

die() { echo "flix-pack-standin: $*" >&2; exit 2; }

[ "${1:-}" = pack ] || die "only 'pack' is supported"
shift
dir=""; name=""; os="_any"; arch=""; version=""; compression="gzip"; block=131072; epoch="${SOURCE_DATE_EPOCH:-0}"
reload=0; sysupdate=0; url=""; output="."; format="squashfs"; owners="-all-root"
while [ $# -gt 0 ]; do
  case "$1" in
    --os) os="$2"; shift 2 ;;
    --arch) arch="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    --compression) compression="$2"; shift 2 ;;
    --block-size) block="$2"; shift 2 ;;
    --epoch) epoch="$2"; shift 2 ;;
    --reload) reload=1; shift ;;
    --sysupdate) sysupdate=1; shift ;;
    --sysupdate-url) url="$2"; shift 2 ;;
    --output) output="$2"; shift 2 ;;
    --format) format="$2"; shift 2 ;;
    --all-root) owners="-all-root"; shift ;;
    --keep-owners) owners=""; shift ;;
    --allow-outside|--allow-usr-sbin|--json) shift ;;
    -*) die "unknown option $1" ;;
    *) if [ -z "$dir" ]; then dir="$1"; elif [ -z "$name" ]; then name="$1"; else die "unexpected $1"; fi; shift ;;
  esac
done
[ -n "$dir" ] && [ -n "$name" ] || die "usage: pack DIR NAME [options]"
case "$format" in squashfs|erofs) ;; *) die "--format $format is not supported" ;; esac
if [ -z "$arch" ]; then
  case "$(uname -m)" in x86_64) arch=x86-64 ;; aarch64) arch=arm64 ;; *) die "unknown machine" ;; esac
fi

file="$name.raw"
[ -n "$version" ] && file="$name-$version-$arch.raw"
mkdir -p "$output"
stage="$(mktemp -d "$output/.stage.XXXXXX")"
trap 'rm -rf "$stage"' EXIT
cp -a "$dir/." "$stage/"
mkdir -p "$stage/usr/lib/extension-release.d"
release="$stage/usr/lib/extension-release.d/extension-release.$name"
{
  echo "ID=$os"
  [ "$os" != _any ] && echo "SYSEXT_LEVEL=1.0"
  echo "ARCHITECTURE=$arch"
  [ -n "$version" ] && echo "VERSION_ID=$version"
  [ "$reload" = 1 ] && echo "EXTENSION_RELOAD_MANAGER=1"
  true
} > "$release"
chmod 0644 "$release"
# SOURCE_DATE_EPOCH semantics: later mtimes are clamped to the epoch, older ones kept.
find "$stage" -newermt "@$epoch" -exec touch -h -d "@$epoch" {} +
if [ "$format" = squashfs ]; then
  # shellcheck disable=SC2086
  mksquashfs "$stage" "$output/$file.tmp" -noappend -quiet -no-progress -comp "$compression" -b "$block" \
    -mkfs-time "$epoch" $owners > /dev/null
else
  rm -f "$output/$file.tmp"
  # shellcheck disable=SC2086
  mkfs.erofs --quiet --preserve-mtime -U 6b0b1a0e-4f3a-4c55-9d1e-0c8f5e1f2a3b ${owners:+--all-root} "$output/$file.tmp" "$stage"
fi
mv "$output/$file.tmp" "$output/$file"
(cd "$output" && sha256sum "$file" > SHA256SUMS)
if [ "$sysupdate" = 1 ]; then
  cat > "$output/$name.conf" <<CONF
[Transfer]
Verify=false

[Source]
Type=url-file
Path=${url:-https://example.invalid/$name}
MatchPattern=$name-@v-%a.raw

[Target]
InstancesMax=3
Type=regular-file
Path=/opt/extensions/$name
CurrentSymlink=/etc/extensions/$name.raw
CONF
fi
