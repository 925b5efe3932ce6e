using Flix.TestSupport.Processes;

namespace Flix.Elf.Tests.Support;

/// <summary>
/// Runs <c>PROGRAM --version</c> for each executable of an original root file system (in a chroot, or under qemu with
/// its -L prefix) and of its patched copy (mounted at a long prefix in a private mount namespace, run from the host),
/// and compares exit codes and output. The programs run as root and may ignore --version, so everything but the
/// scratch folder is read-only while they run (<see cref="PrivateNamespace.ReadOnlyHostFunction"/>): the host, and
/// the cached original tree, stay as they are whatever a program does.
/// </summary>
public static class RunComparison
{
    /// <summary>Lines "PATH RC SUM" for each program; <paramref name="launcher"/> is put before each program path.</summary>
    private const string Script = PrivateNamespace.ReadOnlyHostFunction + """
        set -u
        list=$1 root=$2 tree=$3 prefix=$4 mode=$5 launcher=$6
        read_only_host "$(dirname "$tree")" || exit 91
        mkdir -p "$prefix" && mount --bind "$tree" "$prefix" || exit 90
        while IFS= read -r p; do
          if [ "$mode" = original ]; then
            if [ -z "$launcher" ]; then
              timeout 10 chroot "$root" "$p" --version </dev/null >"$tree.out" 2>/dev/null; rc=$?
            else
              timeout 20 $launcher -L "$root" "$root$p" --version </dev/null >"$tree.out" 2>/dev/null; rc=$?
              sed -i "s#$root##g" "$tree.out"
            fi
          else
            timeout 20 $launcher "$prefix$p" --version </dev/null >"$tree.out" 2>/dev/null; rc=$?
            sed -i "s#$prefix##g" "$tree.out"
          fi
          echo "$p $rc $(md5sum <"$tree.out" | cut -c1-12)"
        done <"$list"
        rm -f "$tree.out"
        """;

    public static async Task<Dictionary<string, (int ExitCode, string Sum)>> RunAsync(
        IReadOnlyList<string> programs, string root, string tree, string prefix, bool original, string launcher = "")
    {
        string list = tree + ".list";
        await File.WriteAllLinesAsync(list, programs);
        var result = await PrivateNamespace.RunAsync(Script, [list, root, tree, prefix, original ? "original" : "patched", launcher], timeout: TimeSpan.FromMinutes(10));
        Assert.True(result.ExitCode == 0, $"the run script failed ({result.ExitCode}): {result.StandardError}");
        var outcomes = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        foreach (string line in result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = line.Split(' ');
            outcomes[parts[0]] = (int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2]);
        }

        return outcomes;
    }

    /// <summary>The programs that succeed originally but not the same way patched, one line each.</summary>
    public static List<string> Differences(
        Dictionary<string, (int ExitCode, string Sum)> original, Dictionary<string, (int ExitCode, string Sum)> patched, string what) =>
        [.. original.Where(pair => pair.Value.ExitCode == 0)
            .Where(pair => !patched.TryGetValue(pair.Key, out var after) || after != pair.Value)
            .Select(pair => $"{pair.Key} {what}: exit {(patched.TryGetValue(pair.Key, out var after) ? after.ExitCode : -1)}, output {(patched.TryGetValue(pair.Key, out var o) && o.Sum == pair.Value.Sum ? "same" : "differs")}")];
}
