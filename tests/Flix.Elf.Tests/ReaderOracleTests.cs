using Flix.Elf.Tests.Fixtures;
using Flix.Elf.Tests.Support;
using Flix.TestSupport;
using Flix.TestSupport.Processes;
using Xunit.Abstractions;

namespace Flix.Elf.Tests;

/// <summary>Flix's reader against readelf and patchelf on every ELF file of real Debian root file systems.</summary>
[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
public sealed class ReaderOracleTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("amd64")] // ELF64 LSB x86-64, built by mmdebstrap --variant=essential
    [InlineData("arm64")] // ELF64 LSB aarch64, 64 KiB-aligned layouts
    [InlineData("i386")] // ELF32 LSB
    [InlineData("armhf")] // ELF32 LSB arm
    [InlineData("s390x")] // ELF64 MSB
    [InlineData("ppc64el")] // ELF64 LSB ppc64
    [InlineData("riscv64")] // ELF64 LSB riscv
    [InlineData("s390x/cross")] // the cross corpus (the fallback of the Debian trees): Debian's cross libraries and programs built here
    [InlineData("ppc64el/cross")]
    [InlineData("i386/cross")]
    [InlineData("armhf/cross")]
    public async Task Reader_agrees_with_readelf_on_every_elf_file(string arch)
    {
        HostTools.Require("readelf");
        string root = arch == "amd64" ? await Rootfs.Amd64Async() : await Rootfs.ExtractAsync(arch);
        output.WriteLine(Rootfs.Describe(root));
        var files = await Rootfs.ElfFilesAsync(root);
        Assert.True(files.Count > 50, $"only {files.Count} ELF files in {root}");

        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, _) =>
        {
            var view = await ReadelfView.ReadAsync(path);
            try
            {
                var file = ElfFile.Read(path);
                foreach (string problem in view.Compare(file))
                {
                    problems.Add($"{path}: {problem}");
                }
            }
            catch (ElfFormatException exception)
            {
                problems.Add($"{path}: {exception.Message}");
            }
        });

        Assert.True(problems.IsEmpty, $"{problems.Count} disagreements in {files.Count} files:\n" + string.Join('\n', problems.Order().Take(40)));
    }

    [Theory]
    [InlineData("amd64")]
    [InlineData("arm64")]
    [InlineData("s390x")]
    [InlineData("s390x/cross")]
    public async Task Reader_agrees_with_patchelf_print_options(string arch)
    {
        HostTools.Require("patchelf");
        string root = arch == "amd64" ? await Rootfs.Amd64Async() : await Rootfs.ExtractAsync(arch);
        var files = await Rootfs.ElfFilesAsync(root);
        var problems = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(files, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (path, _) =>
        {
            var file = ElfFile.Read(path);
            if (!file.IsDynamic)
            {
                return;
            }

            var interpreter = await ProcessRunner.RunAsync("patchelf", ["--print-interpreter", path]);
            var needed = await ProcessRunner.RunAsync("patchelf", ["--print-needed", path]);
            var rpath = await ProcessRunner.RunAsync("patchelf", ["--print-rpath", path]);
            var soname = await ProcessRunner.RunAsync("patchelf", ["--print-soname", path]);
            void Check(string what, string? expected, string? actual)
            {
                if (expected != actual)
                {
                    problems.Add($"{path}: {what}: patchelf '{expected}', flix '{actual}'");
                }
            }

            Check("interpreter", interpreter.ExitCode == 0 ? interpreter.StandardOutput.TrimEnd('\n') : null, file.Interpreter);
            Check("needed", needed.StandardOutput.TrimEnd('\n'), string.Join('\n', file.Needed));
            Check("rpath", rpath.StandardOutput.TrimEnd('\n'), file.RunPath ?? file.RPath ?? "");
            Check("soname", soname.ExitCode == 0 && soname.StandardOutput.Trim().Length > 0 ? soname.StandardOutput.TrimEnd('\n') : null, file.Soname);
        });

        Assert.True(problems.IsEmpty, $"{problems.Count} disagreements:\n" + string.Join('\n', problems.Order().Take(40)));
    }
}
