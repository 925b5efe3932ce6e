using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Oracles;

/// <summary>What the kernel's driver showed of an image mounted in a private namespace.</summary>
public sealed record KernelMountResult(
    int MountExitCode,
    string MountError,
    int DiffExitCode,
    string DiffOutput,
    string FileSystemType,
    TreeSnapshot? Snapshot)
{
    /// <summary>
    /// Everything wrong, in one list: a refused mount, each line diff -r printed, and each difference between
    /// the source snapshot (mapped through <paramref name="expectation"/>) and the mount.
    /// </summary>
    public List<string> Problems(TreeSnapshot source, ImageExpectation expectation)
    {
        if (MountExitCode != 0 || Snapshot is null)
        {
            return [$"the kernel refused to mount the image: {MountError.Trim()}"];
        }

        var problems = DiffOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => "diff -r: " + l).ToList();
        if (DiffExitCode != 0 && problems.Count == 0)
        {
            problems.Add($"diff -r exited with {DiffExitCode} without output.");
        }

        problems.AddRange(SnapshotComparer.Compare(source, Snapshot, expectation));
        return problems;
    }
}
