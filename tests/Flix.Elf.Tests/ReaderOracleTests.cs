using Flix.Elf.Tests.Fixtures;
using Flix.Elf.Tests.Support;

namespace Flix.Elf.Tests;

/// <summary>Flix's reader against readelf and patchelf on every ELF file of real Debian root file systems.</summary>
public sealed class ReaderOracleTests
{
    [Theory]
    [InlineData("amd64")] // ELF64 LSB x86-64, built by mmdebstrap --variant=essential
    [InlineData("arm64")] // ELF64 LSB aarch64, 64 KiB-aligned layouts
    [InlineData("i386")] // ELF32 LSB
    [InlineData("armhf")] // ELF32 LSB arm
    [InlineData("s390x")] // ELF64 MSB
    [InlineData("ppc64el")] // ELF64 LSB ppc64
    [InlineData("riscv64")] // ELF64 LSB riscv
    public async Task Reader_agrees_with_readelf_on_every_elf_file(string arch)
    {
        Tool.Require("readelf", "binutils");
        string root = arch == "amd64" ? await Rootfs.Amd64Async() : await Rootfs.ExtractAsync(arch);
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
    public async Task Reader_agrees_with_patchelf_print_options(string arch)
    {
        Tool.Require("patchelf", "patchelf");
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

            var interpreter = await Tool.RunAsync("patchelf", ["--print-interpreter", path]);
            var needed = await Tool.RunAsync("patchelf", ["--print-needed", path]);
            var rpath = await Tool.RunAsync("patchelf", ["--print-rpath", path]);
            var soname = await Tool.RunAsync("patchelf", ["--print-soname", path]);
            void Check(string what, string? expected, string? actual)
            {
                if (expected != actual)
                {
                    problems.Add($"{path}: {what}: patchelf '{expected}', flix '{actual}'");
                }
            }

            Check("interpreter", interpreter.ExitCode == 0 ? interpreter.Output.TrimEnd('\n') : null, file.Interpreter);
            Check("needed", needed.Output.TrimEnd('\n'), string.Join('\n', file.Needed));
            Check("rpath", rpath.Output.TrimEnd('\n'), file.RunPath ?? file.RPath ?? "");
            Check("soname", soname.ExitCode == 0 && soname.Output.Trim().Length > 0 ? soname.Output.TrimEnd('\n') : null, file.Soname);
        });

        Assert.True(problems.IsEmpty, $"{problems.Count} disagreements:\n" + string.Join('\n', problems.Order().Take(40)));
    }
}
