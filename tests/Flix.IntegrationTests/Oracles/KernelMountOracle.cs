using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Oracles;

/// <summary>
/// The kernel oracle: inside <c>unshare --mount --propagation private</c>, loop-mount the image read-only,
/// <c>diff -r --no-dereference</c> a subtree against the source, and snapshot the whole mount with the same
/// tools as the source (types, modes, owners, devices, hard links, xattrs). The mount dies with the namespace.
/// </summary>
public static class KernelMountOracle
{
    private const string Script = TreeSnapshot.ShellFunction + """

        image="$1"; mountpoint="$2"; out="$3"; source="$4"; subtree="$5"; exclude="$6"
        mkdir -p "$mountpoint"
        if ! mount -o loop,ro "$image" "$mountpoint" 2> "$out.mount-error"; then
          echo 1 > "$out.mount-rc"; exit 0
        fi
        echo 0 > "$out.mount-rc"
        findmnt -n -o FSTYPE "$mountpoint" > "$out.fstype"
        diff -r --no-dereference -x "$exclude" "$source/$subtree" "$mountpoint/$subtree" > "$out.diff" 2>&1
        echo $? > "$out.diff-rc"
        snapshot "$mountpoint" "$out"
        umount "$mountpoint"
        """;

    /// <summary>
    /// Mounts <paramref name="image"/> and compares. <paramref name="subtree"/> (relative to both roots) is what
    /// diff walks, leaving out entries named <paramref name="diffExclude"/> (device nodes would be opened).
    /// </summary>
    public static async Task<KernelMountResult> MountAndCompareAsync(
        string image, string source, string subtree, string diffExclude, string scratchDirectory, CancellationToken ct = default)
    {
        string mountpoint = Path.Combine(scratchDirectory, "mnt-" + Guid.NewGuid().ToString("N"));
        string output = Path.Combine(scratchDirectory, "kernel-" + Guid.NewGuid().ToString("N"));
        try
        {
            var result = await PrivateNamespace.RunAsync(Script, [image, mountpoint, output, source, subtree, diffExclude], ct: ct);
            result.EnsureSuccess();
            MountTable.AssertNothingMountedBelow(mountpoint);
            if (ReadText(output + ".mount-rc").Trim() != "0")
            {
                return new KernelMountResult(1, ReadText(output + ".mount-error"), -1, string.Empty, string.Empty, null);
            }

            return new KernelMountResult(
                0,
                string.Empty,
                int.Parse(ReadText(output + ".diff-rc").Trim(), System.Globalization.CultureInfo.InvariantCulture),
                ReadText(output + ".diff"),
                ReadText(output + ".fstype").Trim(),
                TreeSnapshot.Load(output));
        }
        finally
        {
            TreeSnapshot.DeleteFiles(output);
            foreach (var suffix in new[] { ".mount-rc", ".mount-error", ".fstype", ".diff", ".diff-rc" })
            {
                File.Delete(output + suffix);
            }

            if (Directory.Exists(mountpoint))
            {
                Directory.Delete(mountpoint);
            }
        }
    }

    private static string ReadText(string path) => File.Exists(path) ? File.ReadAllText(path) : string.Empty;
}
