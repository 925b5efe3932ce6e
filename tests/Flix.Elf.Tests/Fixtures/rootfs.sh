#!/bin/sh
# Builds a Debian trixie root file system for the ELF tests: rootfs.sh ARCH VARIANT PACKAGES DEST
#   rootfs.sh amd64 essential b3sum,procps,less,curl,file /var/tmp/x   # runs in a chroot
#   rootfs.sh arm64 extract coreutils,bash,libc6,libc-bin /var/tmp/y   # unpacked only, nothing runs
# Only the main suite is used (no -security, -updates): their indexes for other architectures are not always in sync.
set -eu
arch=$1 variant=$2 packages=$3 dest=$4
SOURCE_DATE_EPOCH=1704164645 mmdebstrap --quiet --arch="$arch" --variant="$variant" --include="$packages" \
  --format=directory trixie "$dest" "deb http://deb.debian.org/debian trixie main"
