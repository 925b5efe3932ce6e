using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Fixtures;

/// <summary>
/// A small extension tree: an executable script in usr/bin that prints <see cref="Greeting"/>, plus a little
/// data (a multi-block file, a symlink, a hard link) so reproducibility covers more than one inode type.
/// </summary>
public static class SysextTreeBuilder
{
    /// <summary>Chosen so that no host has it: its presence proves the merge.</summary>
    public const string ProgramName = "flix-itest-hello";

    public const string ProgramPath = "/usr/bin/" + ProgramName;

    public const string Greeting = "hello-from-sysext";

    public static async Task BuildAsync(string root, CancellationToken ct = default)
    {
        string bin = Path.Combine(root, "usr", "bin");
        string share = Path.Combine(root, "usr", "share", ProgramName);
        Directory.CreateDirectory(bin);
        Directory.CreateDirectory(share);
        foreach (var directory in new[] { root, Path.Combine(root, "usr"), bin, Path.Combine(root, "usr", "share"), share })
        {
            File.SetUnixFileMode(directory, (UnixFileMode)0x1ED);
        }

        string program = Path.Combine(bin, ProgramName);
        await File.WriteAllTextAsync(program, $"#!/bin/sh\necho {Greeting}\n", ct);
        File.SetUnixFileMode(program, (UnixFileMode)0x1ED);

        await File.WriteAllBytesAsync(Path.Combine(share, "data"), FixtureTreeBuilder.Pattern((3 * FixtureTree.BlockSize) + 999, seed: 7), ct);
        await File.WriteAllTextAsync(Path.Combine(share, "README"), "data shipped by the test extension\n", ct);
        File.CreateSymbolicLink(Path.Combine(share, "readme-link"), "README");
        await ProcessRunner.RunCheckedAsync("ln", Path.Combine(share, "README"), Path.Combine(share, "README.hardlink"));
    }
}
