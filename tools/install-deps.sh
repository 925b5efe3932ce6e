#!/usr/bin/env bash
# Installs the Debian packages Flix's tests, demo and benchmarks use (as root), only those missing.
set -euo pipefail

packages=(
  squashfs-tools   # unsquashfs/mksquashfs: test oracle and benchmark peer
  erofs-utils      # mkfs.erofs for --format erofs
  attr             # getfattr/setfattr in tests
  libcap2-bin      # setcap in tests
  liblz4-1 libzstd1 liblzma5  # compressors loaded at run time
  mmdebstrap       # real distribution trees for benchmarks and tests
  docker-registry skopeo umoci  # registry tests and their oracles
  bubblewrap patchelf musl-tools
  curl             # fetches the page nginx serves in the Flatwrap end-to-end tests
  binutils gcc     # readelf and strip: oracles of the ELF tests; gcc builds their test programs and the Flix mode ones (musl-gcc needs it)
  qemu-user-static # runs patched arm64 programs in the ELF tests
  strace           # Flix mode tests: which files a bundled loader and libc open
  time             # /usr/bin/time for peak RSS in benchmarks
  zstd apache2-utils  # zstd-compressed test layers; htpasswd for registry basic auth
  podman           # podman system service: the engine API for docker-daemon: tests (images only, no containers)
  nginx            # the release server (Range requests) of the recipe tests
  xz-utils bzip2   # tar.xz and tar.bz2 release archives in the recipe tests
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

command -v dotnet >/dev/null || { echo "install-deps: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
