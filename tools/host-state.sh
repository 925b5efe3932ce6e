#!/usr/bin/env bash
# The host paths the tests must leave as they found them: `host-state.sh record FILE` writes their type, mode,
# owner and ctime, and the mount points of this namespace; `host-state.sh check FILE` compares again and fails
# naming every path that changed and every mount that appeared or went. Folders are compared without their ctime,
# which every entry added or removed changes (temp folders, loop devices, and other users of a shared machine).
# Mounts below /var/tmp count only in the fixture cache: other work there (a benchmark's mmdebstrap) is not the
# tests', and its mounts come and go while the tests run.
set -euo pipefail

# path and what is compared: "all" (type, mode, owner, ctime) or "meta" (the same without ctime).
paths=(
  "/dev/null all" "/dev/zero all" "/dev/full all" "/dev/random all" "/dev/urandom all" "/dev/tty all"
  "/dev/ptmx all" "/dev/console all" "/dev/loop-control all"
  "/etc/passwd all" "/etc/group all" "/etc/shadow all" "/etc/gshadow all" "/etc/os-release all" "/usr/lib/os-release all"
  "/etc/shells all" "/etc/hosts all" "/etc/fstab all" "/etc/ld.so.conf all" "/etc/nsswitch.conf all" "/etc/ld.so.cache meta"
  "/ meta" "/dev meta" "/dev/shm meta" "/dev/pts meta" "/tmp meta" "/var/tmp meta" "/root meta" "/home meta" "/run meta"
  "/etc meta" "/usr meta" "/usr/bin meta" "/usr/sbin meta" "/usr/lib meta" "/usr/lib64 meta" "/usr/libexec meta"
  "/usr/local meta" "/usr/local/bin meta" "/usr/share meta" "/opt meta" "/var meta" "/var/lib meta" "/var/log meta"
  "/bin all" "/sbin all" "/lib all" "/lib64 all"
)

describe() {
  local path=$1 what=$2
  if [ ! -e "$path" ] && [ ! -L "$path" ]; then
    echo "$path missing"
  elif [ "$what" = all ]; then
    stat -c '%n %F mode=%a owner=%u:%g ctime=%z' -- "$path"
  else
    stat -c '%n %F mode=%a owner=%u:%g' -- "$path"
  fi
}

snapshot() {
  local entry
  for entry in "${paths[@]}"; do describe ${entry}; done
  local cache=${FLIX_TEST_CACHE:-/var/tmp/flix-test-cache}
  awk -v cache="$cache" '$5 !~ "^/var/tmp/" || $5 == cache || index($5, cache "/") == 1 { print "mount " $5 }' /proc/self/mountinfo | sort
}

case ${1-} in
  record)
    snapshot > "$2"
    ;;
  check)
    now=$(mktemp)
    trap 'rm -f "$now"' EXIT
    snapshot > "$now"
    if ! changed=$(diff "$2" "$now"); then
      echo "host-state: the test run changed host paths (< before, > after):" >&2
      echo "$changed" | grep '^[<>]' >&2
      exit 1
    fi
    echo "host-state: ${#paths[@]} host paths and the mount table unchanged"
    ;;
  *)
    echo "usage: host-state.sh record|check FILE" >&2
    exit 2
    ;;
esac
