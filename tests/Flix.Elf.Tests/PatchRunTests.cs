using Flix.Elf.Tests.Fixtures;
using Flix.Elf.Tests.Support;
using Flix.TestSupport;
using Flix.TestSupport.Files;
using Flix.TestSupport.Foreign;
using Flix.TestSupport.Processes;
using Xunit.Abstractions;

namespace Flix.Elf.Tests;

/// <summary>
/// Every ELF file of a real root file system patched as Flix mode does, then each program that answers --version in the
/// original runs from the host with the loader and libraries at the new, longer paths and must answer the same; then
/// again after strip rewrote the patched files.
/// </summary>
[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
public sealed class PatchRunTests(ITestOutputHelper output)
{
    /// <summary>Much longer than /lib64 or /lib, so every interpreter and run path grows.</summary>
    private const string LongName = "a-very-long-directory-name-that-makes-every-interpreter-and-run-path-longer-than-it-was-before";

    [Theory]
    [InlineData("amd64", "/usr/lib/x86_64-linux-gnu", true)] // x86-64 on the host kernel, chroot for the original
    [InlineData("i386", "/usr/lib/i386-linux-gnu", true)] // ELF32: on the host kernel, or under qemu where it refuses i386
    [InlineData("arm64", "/usr/lib/aarch64-linux-gnu", false)] // aarch64 under qemu-user-static
    [InlineData("s390x", "/usr/lib/s390x-linux-gnu", false)] // ELF64 big endian
    [InlineData("armhf", "/usr/lib/arm-linux-gnueabihf", false)] // ELF32 arm
    [InlineData("ppc64el", "/usr/lib/powerpc64le-linux-gnu", false)] // 64 KiB pages
    [InlineData("riscv64", "/usr/lib/riscv64-linux-gnu", false)] // riscv
    [InlineData("s390x/cross", "/usr/lib/s390x-linux-gnu", false)] // the cross corpus, the fallback of the Debian trees
    [InlineData("ppc64el/cross", "/usr/lib/powerpc64le-linux-gnu", false)]
    [InlineData("i386/cross", "/usr/lib/i386-linux-gnu", true)]
    public async Task Patched_programs_run_like_the_originals(string arch, string libraryFolder, bool strip)
    {
        HostTools.RequireRoot();
        HostTools.Require("readelf");
        HostTools.Require("strip");
        HostTools.Require("unshare");
        string root = arch == "amd64" ? await Rootfs.Amd64Async() : await Rootfs.ExtractAsync(arch);
        string launcher = ForeignLauncher.For(ForeignArchitecture.Get(arch.Split('/')[0]), root);
        output.WriteLine($"{Rootfs.Describe(root)}; programs run {(launcher.Length == 0 ? "natively" : "under " + launcher)}");
        using var scratch = new TempDirectory("flix-elf-");
        string tree = scratch.Combine("tree");
        (await ProcessRunner.RunAsync("cp", ["-a", root, tree])).EnsureSuccess();
        string prefix = scratch.Combine(LongName);

        var problems = await TreePatcher.PatchAsync(tree, prefix, [libraryFolder, "/usr/lib"]);

        var programs = (await Rootfs.ElfFilesAsync(root, "usr/bin", "usr/sbin"))
            .Where(path => ElfFile.Read(path).HasInterpreter)
            .Select(path => path[root.Length..])
            .ToList();
        var original = await RunComparison.RunAsync(programs, root, tree, prefix, original: true, launcher);
        int working = original.Count(pair => pair.Value.ExitCode == 0);
        Assert.True(working >= 40, $"only {working} of {programs.Count} programs answer --version in the original {arch} tree");
        var patched = await RunComparison.RunAsync(programs, root, tree, prefix, original: false, launcher);
        problems.AddRange(RunComparison.Differences(original, patched, "patched"));

        if (strip)
        {
            foreach (string program in programs.Where(program => original[program].ExitCode == 0))
            {
                var stripped = await ProcessRunner.RunAsync("strip", [tree + program]);
                if (stripped.ExitCode != 0)
                {
                    problems.Add($"{program}: strip failed: {stripped.StandardError}");
                }
            }

            var afterStrip = await RunComparison.RunAsync(programs, root, tree, prefix, original: false, launcher);
            problems.AddRange(RunComparison.Differences(original, afterStrip, "patched then stripped"));
        }

        Assert.True(problems.Count == 0, $"{problems.Count} problems ({working} programs run in {arch}):\n" + string.Join('\n', problems.Take(40)));
    }
}
