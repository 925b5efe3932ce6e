namespace Flix.Install.Sandbox;

/// <summary>
/// The script the sandbox helper runs (the host's /bin/sh, started by util-linux <c>unshare</c> in new mount, PID,
/// IPC and UTS namespaces, and a user namespace when needed). It is constant text: every path and the command come
/// in environment variables and are only ever used quoted, so nothing from an image or a user can become script.
/// Mounts happen in the private mount namespace only; the host never sees them, and they vanish with the namespace.
/// </summary>
internal static class SandboxScript
{
    /// <summary>The line the script prints on standard output when it waits for its user namespace's id maps.</summary>
    public const string ReadyLine = "flix-sandbox: ready";

    /// <summary>The exit code of a failure of the sandbox itself (as chroot(1) and env(1) use 125-127).</summary>
    public const int SetupFailure = 125;

    /// <summary>The prefix of the script's own error lines.</summary>
    public const string ErrorPrefix = "flix-sandbox: ";

    public const string Text = """
        set -u
        fail() { printf 'flix-sandbox: %s\n' "$*" >&2; exit 125; }
        if [ "${FLIX_WAIT:-}" = 1 ]; then
          printf '%s\n' 'flix-sandbox: ready'
          IFS= read -r go || exit 125
          [ "$go" = go ] || exit 125
        fi
        exec </dev/null
        r=$FLIX_ROOT
        mount -t proc -o nosuid,nodev,noexec flix-proc "$r/proc" || fail "cannot mount /proc"
        if [ -n "${FLIX_BINFMT:-}" ]; then
          mount -t binfmt_misc flix-binfmt "$r/proc/sys/fs/binfmt_misc" || fail "cannot mount a private binfmt_misc"
          printf '%s' "$FLIX_BINFMT" > "$r/proc/sys/fs/binfmt_misc/register" || fail "cannot register the emulator in the private binfmt_misc"
        fi
        mount -t tmpfs -o nosuid,mode=0755,size=1m flix-dev "$r/dev" || fail "cannot mount /dev"
        for n in null zero full random urandom tty; do
          : > "$r/dev/$n" && mount --bind "/dev/$n" "$r/dev/$n" || fail "cannot bind /dev/$n"
        done
        mkdir -m 0755 "$r/dev/pts" && mkdir -m 1777 "$r/dev/shm" || fail "cannot make /dev/pts and /dev/shm"
        mount -t devpts -o newinstance,ptmxmode=0666,mode=0620 flix-devpts "$r/dev/pts" || fail "cannot mount /dev/pts"
        mount -t tmpfs -o nosuid,nodev,mode=1777 flix-shm "$r/dev/shm" || fail "cannot mount /dev/shm"
        ln -s pts/ptmx "$r/dev/ptmx" && ln -s /proc/self/fd "$r/dev/fd" && ln -s /proc/self/fd/0 "$r/dev/stdin" \
          && ln -s /proc/self/fd/1 "$r/dev/stdout" && ln -s /proc/self/fd/2 "$r/dev/stderr" || fail "cannot make the links of /dev"
        mount --rbind /sys "$r/sys" && mount -o remount,bind,ro "$r/sys" || fail "cannot bind /sys read-only"
        mount -t tmpfs -o nosuid,nodev,mode=0755 flix-run "$r/run" || fail "cannot mount /run"
        mount -t tmpfs -o nosuid,nodev,mode=1777 flix-tmp "$r/tmp" || fail "cannot mount /tmp"
        mount --bind "$FLIX_RESOLV" "$r/etc/resolv.conf" || fail "cannot bind the host's resolv.conf"
        mount --bind "$FLIX_HOSTS" "$r/etc/hosts" || fail "cannot bind the host's hosts"
        mount --rbind "$r/proc/sys" "$r/proc/sys" && mount -o remount,bind,ro "$r/proc/sys" || fail "cannot make /proc/sys read-only"
        if [ -e "$r/proc/sysrq-trigger" ]; then
          mount --bind /dev/null "$r/proc/sysrq-trigger" || fail "cannot mask /proc/sysrq-trigger"
        fi
        # The command's namespace keeps nothing of the host's tree but its programs, read-only: the root becomes a
        # tmpfs with the host's /usr (and /bin, /lib… or their links) bound read-only for this script's own tools,
        # and the image at /target; what leaves the chroot finds nothing of the host to write to.
        top=$FLIX_NEWROOT
        mount -t tmpfs -o nosuid,nodev,mode=0755,size=1m flix-sandbox-root "$top" || fail "cannot mount the sandbox's root"
        for d in usr bin sbin lib lib32 lib64 libx32; do
          if [ -L "/$d" ]; then
            ln -s "$(readlink "/$d")" "$top/$d" || fail "cannot link /$d in the sandbox's root"
          elif [ -d "/$d" ]; then
            mkdir "$top/$d" && mount --bind "/$d" "$top/$d" && mount -o remount,bind,ro "$top/$d" || fail "cannot bind the host's /$d read-only"
          fi
        done
        mkdir "$top/etc" "$top/dev" "$top/proc" "$top/target" "$top/old" && : > "$top/dev/null" && mount --bind /dev/null "$top/dev/null" \
          && mount --rbind "$r/proc" "$top/proc" || fail "cannot make the sandbox's root"
        if [ -f /etc/ld.so.cache ]; then
          : > "$top/etc/ld.so.cache" && mount --bind /etc/ld.so.cache "$top/etc/ld.so.cache" && mount -o remount,bind,ro "$top/etc/ld.so.cache" \
            || fail "cannot bind the host's ld.so.cache"
        fi
        # nodev: a device node an image's layer brought (a root extraction makes them) must not open the host's device.
        mount --rbind "$r" "$top/target" && mount -o remount,bind,nodev "$top/target" || fail "cannot bind the image into the sandbox's root"
        if [ -n "${FLIX_OWNERS:-}" ]; then
          exec 3> "$FLIX_OWNERS" || fail "cannot open the owners list"
        fi
        cd "$top" && pivot_root . old || fail "cannot change to the sandbox's root"
        # umount reads /proc/self/mountinfo: the image's /proc serves until the host's root is gone.
        cd / && umount -l /old && rmdir /old && umount -l /proc && rmdir /proc || fail "cannot let go of the host's root"
        r=/target
        # The command keeps Docker's default capabilities but mknod: it cannot mount, load modules, do raw I/O,
        # trace, configure the network or make device nodes.
        caps=-all,+chown,+dac_override,+fowner,+fsetid,+kill,+setgid,+setuid,+setpcap,+setfcap,+net_bind_service,+net_raw,+sys_chroot,+audit_write
        set -- env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
          TERM="${TERM:-dumb}" DEBIAN_FRONTEND=noninteractive setpriv --bounding-set "$caps" --inh-caps -all -- chroot "$r" /bin/sh -c "$FLIX_COMMAND"
        if [ -z "${FLIX_OWNERS:-}" ]; then
          exec "$@"
        fi
        "$@" 3>&-
        code=$?
        # Only the caller's own id is writable outside: hand every entry owned by a subordinate id back to it,
        # after listing owner and mode (chown clears set-id bits). Nothing else may run meanwhile.
        kill -KILL -1 2>/dev/null
        set -- "$r/proc" "$r/dev" "$r/sys" "$r/run" "$r/tmp" "$r/etc/resolv.conf" "$r/etc/hosts"
        find "$r" -xdev \( -path "$1" -o -path "$2" -o -path "$3" -o -path "$4" -o -path "$5" -o -path "$6" -o -path "$7" \) -prune \
            -o \( ! -uid 0 -o ! -gid 0 \) -printf '%U %G %m %P\0' >&3 \
          && find "$r" -xdev \( -path "$1" -o -path "$2" -o -path "$3" -o -path "$4" -o -path "$5" -o -path "$6" -o -path "$7" \) -prune \
            -o \( ! -uid 0 -o ! -gid 0 \) -exec chown -h 0:0 {} + \
          || fail "cannot hand the files back to the caller"
        exit "$code"
        """;
}
