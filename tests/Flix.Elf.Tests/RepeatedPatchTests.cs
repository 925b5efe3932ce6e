using System.Text;
using Flix.Elf.Tests.Support;
using Flix.Elf.Tests.Fixtures;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Elf.Tests;

/// <summary>
/// Patches applied one after another, as a user running <c>flix elf</c> again and again does: the segment the first
/// growing patch added is reused, so ten new run paths (and interpreters) leave at most two PT_LOADs more than the
/// original and a file no larger than after the first growing patch plus the new strings; the strings replaced are
/// gone from the file; readelf and patchelf read every result, and patched programs still run.
/// </summary>
public sealed class RepeatedPatchTests
{
    /// <summary>Run paths of lengths up and down, none a part of another.</summary>
    private static string RunPath(int round) =>
        $"/opt/flix-repeat-{round:D2}/" + new string((char)('a' + round), new[] { 20, 45, 12, 60, 30, 80, 8, 50, 25, 70 }[round]);

    private static int LoadCount(byte[] bytes) => ElfFile.Parse(bytes, "x").Segments.Count(s => s.Type == ElfSegmentType.Load);

    private static bool Holds(byte[] bytes, string text) => bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    public static TheoryData<string, string> Libraries => new()
    {
        { "amd64", "usr/lib/x86_64-linux-gnu/libz.so.1" }, // x86-64, GNU ld, no run path
        { "amd64", "usr/lib/x86_64-linux-gnu/libcurl.so.4" }, // many dependencies and version needs
        { "i386", "usr/lib/i386-linux-gnu/libc.so.6" }, // ELF32, version definitions
        { "armhf", "usr/lib/arm-linux-gnueabihf/libc.so.6" }, // ELF32 arm
        { "riscv64", "usr/lib/riscv64-linux-gnu/libc.so.6" }, // riscv
        { "arm64", "usr/lib/aarch64-linux-gnu/libc.so.6" }, // 64 KiB page alignment
    };

    [Theory]
    [MemberData(nameof(Libraries))]
    public async Task Ten_run_paths_reuse_one_added_segment_and_leave_no_old_path(string arch, string library)
    {
        HostTools.Require("readelf");
        HostTools.Require("patchelf");
        string root = arch == "amd64" ? await Rootfs.Amd64Async() : await Rootfs.ExtractAsync(arch);
        string source = Path.Combine(root, library);
        source = new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source;
        using var scratch = new TempDirectory("flix-elf-");
        string path = scratch.Combine(Path.GetFileName(library));
        byte[] original = await File.ReadAllBytesAsync(source);
        await File.WriteAllBytesAsync(path, original);
        int loads = LoadCount(original);
        long? firstGrown = null;

        for (int round = 0; round < 10; round++)
        {
            string runPath = RunPath(round);
            Assert.True(ElfFile.Read(path).PatchTo(new ElfPatch { RunPath = runPath, SetNoDefaultLib = true }, path, flushToDisk: false));
            byte[] bytes = await File.ReadAllBytesAsync(path);
            firstGrown ??= bytes.Length > original.Length ? bytes.Length : null;
            long bound = (firstGrown ?? original.Length) + Encoding.UTF8.GetByteCount(runPath) + 1;
            Assert.True(LoadCount(bytes) <= loads + 2, $"round {round}: {LoadCount(bytes)} PT_LOADs, the original had {loads}");
            Assert.True(bytes.Length <= bound, $"round {round}: {bytes.Length} bytes, more than {bound}");
            Assert.Equal(runPath, ElfFile.Read(path).RunPath);
            for (int old = 0; old < round; old++)
            {
                Assert.False(Holds(bytes, RunPath(old)), $"round {round}: the run path of round {old} is still in the file");
            }

            var view = await ReadelfView.ReadAsync(path);
            Assert.Equal("", view.Warnings);
            Assert.Equal(runPath, view.RunPath);
            Assert.Empty(view.Compare(ElfFile.Read(path)));
            var printed = await ProcessRunner.RunAsync("patchelf", ["--print-rpath", path]);
            Assert.Equal(runPath, printed.EnsureSuccess().StandardOutput.Trim());
        }
    }

    [Fact]
    public async Task Ten_interpreters_and_run_paths_on_a_program_keep_it_running()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie");
        var expected = await Compiler.RunAsync(program);
        Assert.Equal(0, expected.ExitCode);
        byte[] original = await File.ReadAllBytesAsync(program);
        int loads = LoadCount(original);
        long? firstGrown = null;
        var interpreters = new List<string>();

        for (int round = 0; round < 10; round++)
        {
            // The host's loader under names of many lengths; the run path also names libc's folder.
            string interpreter = scratch.Combine($"ld-{round:D2}-" + new string('l', new[] { 40, 5, 70, 20, 90, 10, 60, 30, 80, 15 }[round]) + ".so");
            File.CreateSymbolicLink(interpreter, "/lib64/ld-linux-x86-64.so.2");
            interpreters.Add(interpreter);
            string runPath = RunPath(round) + ":/lib/x86_64-linux-gnu";
            Assert.True(ElfFile.Read(program).PatchTo(new ElfPatch { Interpreter = interpreter, RunPath = runPath, SetNoDefaultLib = true }, program, flushToDisk: false));

            byte[] bytes = await File.ReadAllBytesAsync(program);
            firstGrown ??= bytes.Length > original.Length ? bytes.Length : null;
            long bound = (firstGrown ?? original.Length) + Encoding.UTF8.GetByteCount(runPath) + 1 + Encoding.UTF8.GetByteCount(interpreter) + 1;
            Assert.True(LoadCount(bytes) <= loads + 2, $"round {round}: {LoadCount(bytes)} PT_LOADs, the original had {loads}");
            Assert.True(bytes.Length <= bound, $"round {round}: {bytes.Length} bytes, more than {bound}");
            for (int old = 0; old < round; old++)
            {
                Assert.False(Holds(bytes, RunPath(old)), $"round {round}: the run path of round {old} is still in the file");
                Assert.False(Holds(bytes, interpreters[old] + "\0"), $"round {round}: the interpreter of round {old} is still in the file");
            }

            Assert.Equal(expected, await Compiler.RunAsync(program));
            Assert.Equal("", (await ReadelfView.ReadAsync(program)).Warnings);
        }
    }

    [Fact]
    public async Task A_program_whose_header_table_moved_keeps_it_in_the_reused_segment()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie");
        var expected = await Compiler.RunAsync(program);
        // .interp marked writable cannot move out of the program header table's way: the table moves to the new segment.
        byte[] original = MarkWritable(await File.ReadAllBytesAsync(program), ".interp");
        await File.WriteAllBytesAsync(program, original);
        int loads = LoadCount(original);

        for (int round = 0; round < 10; round++)
        {
            string runPath = RunPath(round) + ":/lib/x86_64-linux-gnu";
            string interpreter = scratch.Combine($"ld-{round:D2}-" + new string('m', 9 * round) + ".so");
            File.CreateSymbolicLink(interpreter, "/lib64/ld-linux-x86-64.so.2");
            Assert.True(ElfFile.Read(program).PatchTo(new ElfPatch { Interpreter = interpreter, RunPath = runPath }, program, flushToDisk: false));

            byte[] bytes = await File.ReadAllBytesAsync(program);
            var patched = ElfFile.Parse(bytes, program);
            var table = patched.Segments.Single(segment => segment.Type == ElfSegmentType.ProgramHeader);
            Assert.True(table.Offset >= (ulong)original.Length, $"round {round}: the program header table stayed at {table.Offset}");
            Assert.True(LoadCount(bytes) <= loads + 2, $"round {round}: {LoadCount(bytes)} PT_LOADs, the original had {loads}");
            Assert.Equal(expected, await Compiler.RunAsync(program));
            Assert.Equal("", (await ReadelfView.ReadAsync(program)).Warnings);
        }
    }

    /// <summary>The bytes with SHF_WRITE set on the section <paramref name="name"/> (ELF64 little endian; the loader never reads it).</summary>
    private static byte[] MarkWritable(byte[] bytes, string name)
    {
        byte[] copy = bytes.ToArray();
        int index = ElfFile.Parse(copy, "x").Sections.ToList().FindIndex(section => section.Name == name);
        Assert.True(index > 0, $"no section {name}");
        ulong table = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(copy.AsSpan(40));
        var flags = copy.AsSpan((int)table + (index * 64) + 8, 8);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(flags, System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(flags) | 1);
        return copy;
    }

    [Fact]
    public async Task A_program_patched_ten_times_runs_under_qemu_with_its_own_loader()
    {
        HostTools.Require("qemu-aarch64-static");
        string root = await Rootfs.ExtractAsync("arm64");
        using var scratch = new TempDirectory("flix-elf-");
        string lib = scratch.Combine("private", "lib");
        Directory.CreateDirectory(lib);
        foreach (var name in new[] { "ld-linux-aarch64.so.1", "libc.so.6" })
        {
            string host = Path.Combine(root, "usr/lib/aarch64-linux-gnu", name);
            File.Copy(new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host, Path.Combine(lib, name));
        }

        string program = scratch.Combine("true");
        File.Copy(Path.Combine(root, "usr/bin/true"), program);
        byte[] original = await File.ReadAllBytesAsync(program);
        int loads = LoadCount(original);
        for (int round = 0; round < 10; round++)
        {
            string interpreter = Path.Combine(lib, $"ld-{round:D2}-" + new string('q', 7 * round) + ".so");
            File.CreateSymbolicLink(interpreter, "ld-linux-aarch64.so.1");
            Assert.True(ElfFile.Read(program).PatchTo(new ElfPatch { Interpreter = interpreter, RunPath = RunPath(round) + ":" + lib, SetNoDefaultLib = true }, program, flushToDisk: false));

            var run = await ProcessRunner.RunAsync("qemu-aarch64-static", [program, "--version"]);
            Assert.True(run.ExitCode == 0 && run.StandardOutput.StartsWith("true (GNU coreutils)", StringComparison.Ordinal), $"round {round}: {run.StandardOutput}{run.StandardError}");
            Assert.True(LoadCount(await File.ReadAllBytesAsync(program)) <= loads + 2);
        }
    }

    [Fact]
    public async Task A_shorter_run_path_is_written_over_the_old_one_without_growing()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string library = await BuildLibraryAsync(scratch, "-Wl,-rpath,/a/run/path/long/enough/to/hold/the/next/one");
        byte[] before = await File.ReadAllBytesAsync(library);

        Assert.True(ElfFile.Read(library).PatchTo(new ElfPatch { RunPath = "/short" }, library, flushToDisk: false));

        byte[] after = await File.ReadAllBytesAsync(library);
        Assert.Equal(before.Length, after.Length);
        Assert.Equal("/short", ElfFile.Read(library).RunPath);
        Assert.False(Holds(after, "/a/run/path/long"));
        Assert.Equal("", (await ReadelfView.ReadAsync(library)).Warnings);
    }

    [Theory]
    [InlineData("flix_shared_name", "flix_shared_name")] // the run path is the symbol's very string
    [InlineData("/opt/x_flix_tail_name", "flix_tail_name")] // the symbol's name is the tail of the run path (linkers merge tails)
    public async Task A_run_path_shared_with_a_symbol_name_is_never_overwritten(string runPath, string symbol)
    {
        HostTools.Require("nm");
        using var scratch = new TempDirectory("flix-elf-");
        string library = await BuildLibraryAsync(scratch, "-Wl,-rpath," + runPath, $"int {symbol}(void) {{ return 42; }}\n");

        foreach (var next in new[] { "/s", "/a/run/path/longer/than/the/shared/string/it/replaces" })
        {
            string copy = scratch.Combine("lib-" + next.Length + ".so");
            ElfFile.Read(library).PatchTo(new ElfPatch { RunPath = next }, copy, flushToDisk: false);

            Assert.Equal(next, ElfFile.Read(copy).RunPath);
            var symbols = await ProcessRunner.RunAsync("nm", ["-D", "--defined-only", copy]);
            Assert.Contains(" T " + symbol + "\n", symbols.EnsureSuccess().StandardOutput);
        }
    }

    private static async Task<string> BuildLibraryAsync(TempDirectory scratch, string flag, string code = "int flix_answer(void) { return 42; }\n")
    {
        HostTools.Require("gcc");
        string source = scratch.Combine("lib.c");
        await File.WriteAllTextAsync(source, code);
        string library = scratch.Combine("libflix.so");
        (await ProcessRunner.RunAsync("gcc", ["-shared", "-fPIC", "-O1", flag, "-o", library, source])).EnsureSuccess();
        return library;
    }
}
