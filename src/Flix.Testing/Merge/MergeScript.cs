namespace Flix.Testing.Merge;

/// <summary>
/// The shell script <see cref="SysextMergeTester"/> runs as PID 1 of fresh mount and PID namespaces (private
/// propagation): it puts a tmpfs over /run holding the images (bound read-only as /run/extensions/NAME[.raw]) and
/// the work folder, makes / rshared as systemd-sysext needs, hides the host's other extension folders, binds an
/// os-release when asked, merges with debug logging, and runs the command only when every image was merged.
/// Everything it mounts dies with the namespace. What it learns goes to files in the work folder.
/// </summary>
internal static class MergeScript
{
    /// <summary>$1 work folder, $2 1 when WORK/os-release is to be bound, $3 1 to capture the command's output,
    /// $4 image count, then that many (path, file name, name) triples, then the command.</summary>
    public const string Text = """
        set -u
        work=$1 osrelease=$2 capture=$3 count=$4
        shift 4
        exec 3>&2 2>>"$work/setup.log"
        step() { echo "$1" > "$work/step"; }
        fail() { echo "flix-test: $1" >&2; exit 90; }
        loops() { for d in /sys/block/loop*; do [ -e "$d/loop" ] && echo "${d##*/} $(cat "$d/diskseq" 2>/dev/null)"; done; return 0; }

        step run
        mount -n -t tmpfs -o mode=0755 flix-run "$work/run" || fail "cannot mount a tmpfs for /run"
        mkdir "$work/run/extensions" "$work/run/flix-test" || fail "cannot create folders on the new /run"
        : > "$work/names"
        i=0
        while [ "$i" -lt "$count" ]; do
          image=$1 file=$2 name=$3
          shift 3
          i=$((i + 1))
          target="$work/run/extensions/$file"
          if [ -d "$image" ]; then mkdir "$target"; else : > "$target"; fi
          mount -n --bind "$image" "$target" && mount -n -o remount,bind,ro "$target" || fail "cannot bind $image as /run/extensions/$file"
          echo "$name" >> "$work/names"
        done
        mount -n --bind "$work" "$work/run/flix-test" || fail "cannot bind the work folder"
        mount -n --move "$work/run" /run || fail "cannot move the new tmpfs onto /run"
        w=/run/flix-test
        mount -n --make-rshared / || fail "cannot make / shared"

        step hide
        for d in /etc/extensions /var/lib/extensions /usr/lib/extensions /usr/local/lib/extensions; do
          if [ -d "$d" ]; then mount -n -t tmpfs -o ro,mode=0755 flix-empty "$d" || fail "cannot hide $d"; fi
        done
        if [ "$osrelease" = 1 ]; then
          step os-release
          for f in /etc/os-release /usr/lib/os-release; do
            if [ -e "$f" ]; then mount -n --bind "$w/os-release" "$f" || fail "cannot bind the os-release over $f"; fi
          done
        fi

        step merge
        loops > "$w/loops.before"
        SYSTEMD_LOG_LEVEL=debug systemd-sysext refresh > "$w/merge.out" 2> "$w/merge.log"
        echo $? > "$w/merge.rc"
        systemd-sysext status --json=short > "$w/status.json" 2>> "$w/merge.log"
        loops > "$w/loops.after"
        merged=1
        while IFS= read -r name; do
          grep -qF "\"$name\"" "$w/status.json" || merged=0
        done < "$w/names"

        if [ "$merged" = 1 ] && [ $# -gt 0 ]; then
          step command
          if [ "$osrelease" = 1 ]; then mount -n --bind "$w/os-release" /usr/lib/os-release 2>/dev/null; fi
          if [ "$capture" = 1 ]; then
            "$@" < /dev/null > "$w/command.out" 2> "$w/command.err" 3>&-
          else
            "$@" 2>&3 3>&-
          fi
          echo $? > "$w/command.rc"
        fi
        step done
        exit 0
        """;
}
