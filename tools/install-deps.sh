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
  uidmap           # newuidmap/newgidmap: running commands in an image as an ordinary user (subordinate ids)
  arch-test        # mmdebstrap's check for foreign architectures (the arm64 tree of the install tests)
  rpm dnf createrepo-c  # rpmbuild, a repository and dnf --installroot: the rpm database tests of Flix.Install
  libsqlite3-0     # read at run time by Flix to read an image's rpmdb.sqlite
  systemd-container  # systemd-nspawn: flix test --boot runs a real systemd as PID 1 in a container
  clang zlib1g-dev   # NativeAOT builds of tools/publish.sh (zlib for SDKs that link the system's)
  gcc-aarch64-linux-gnu libc6-dev-arm64-cross  # the linux-arm64 NativeAOT cross build of tools/publish.sh
  nginx            # the release server (Range requests) of the recipe tests
  xz-utils bzip2   # tar.xz and tar.bz2 release archives in the recipe tests
  zip              # zip release archives in the unpacking tests
  gnupg            # gpg: the oracle of the OpenPGP signature tests (keys made, files signed) and the falco recipe's test
  ignition         # ignition-validate: the oracle of the Ignition configs flix --ignition writes (spec 3.3)
)

# The foreign-architecture ELF corpus falls back to a tree made of Debian's cross libraries and programs built with
# the cross compilers, packages of this machine's own architecture (amd64/all) that its mirror always holds.
for cross in i386:i686-linux-gnu arm64:aarch64-linux-gnu armhf:arm-linux-gnueabihf s390x:s390x-linux-gnu \
    ppc64el:powerpc64le-linux-gnu riscv64:riscv64-linux-gnu; do
  arch=${cross%%:*} triplet=${cross#*:}
  packages+=("libc6-$arch-cross" "libc6-dev-$arch-cross" "libstdc++6-$arch-cross" "gcc-$triplet" "binutils-$triplet")
done

# Node's npm installs the test servers below; a machine without it gets Debian's (one that has nodesource's Node
# keeps it: Debian's npm conflicts with it).
command -v npm >/dev/null || packages+=(nodejs npm)

# retry WHAT COMMAND...: runs COMMAND up to 3 times with growing pauses; exits naming WHAT when all fail.
retry() {
  local what=$1 attempt
  shift
  for attempt in 1 2 3; do
    "$@" && return 0
    if [ "$attempt" -eq 3 ]; then
      echo "install-deps: failed 3 times: $what" >&2
      exit 1
    fi
    echo "install-deps: failed (attempt $attempt): $what; trying again in $((attempt * 20)) s" >&2
    sleep $((attempt * 20))
  done
}

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
  # A download that fails is tried again (apt retries each file; the whole install is retried with a pause).
  apt_install() {
    apt-get -o Acquire::Retries=3 update -qq && \
      apt-get -o Acquire::Retries=3 install -y -qq --no-install-recommends "$@" >/dev/null
  }
  retry "apt-get installing: ${missing[*]}" apt_install "${missing[@]}"
fi

# npm packages of the tests, pinned by tools/servers/node/package-lock.json, into tools/servers/node/node_modules
# (never global): @20minutes/s3rver, the S3 server of the s3:// fetcher tests. Retried like apt.
node_servers=$(cd "$(dirname "$0")/servers/node" && pwd)
if ! cmp -s "$node_servers/package-lock.json" "$node_servers/node_modules/.flix-installed" 2>/dev/null; then
  retry "npm ci in $node_servers" npm ci --prefix "$node_servers" --no-audit --no-fund --ignore-scripts --loglevel=error
  cp "$node_servers/package-lock.json" "$node_servers/node_modules/.flix-installed"
fi

command -v dotnet >/dev/null || { echo "install-deps: the .NET 10 SDK (dotnet) is required" >&2; exit 1; }
