using Flix.Elf.Tests.Support;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Elf.Tests;

/// <summary>Programs built here with gcc (glibc) and musl-gcc, patched and run: PIE, non-PIE, static, static-pie.</summary>
public sealed class ToolchainTests
{
    private const string LongName = "a-long-private-sysroot-folder-name-standing-in-for-usr-local-extension-name";

    /// <summary>A private sysroot in <paramref name="scratch"/> holding a copy of <paramref name="loader"/> (links resolved).</summary>
    private static string PrivateLoader(TempDirectory scratch, string loader)
    {
        string lib = scratch.Combine(LongName, "lib");
        Directory.CreateDirectory(lib);
        string copy = Path.Combine(lib, Path.GetFileName(loader));
        string real = new FileInfo(loader).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? loader;
        File.Copy(real, copy, overwrite: true);
        File.SetUnixFileMode(copy, (UnixFileMode)0x1ED);
        return copy;
    }

    [Theory]
    [InlineData("gcc", "-pie")] // glibc PIE (ET_DYN)
    [InlineData("gcc", "-no-pie")] // glibc non-PIE (ET_EXEC)
    [InlineData("musl-gcc", "-pie")] // musl PIE: the loader is musl's libc.so
    [InlineData("musl-gcc", "-no-pie")] // musl non-PIE
    public async Task Dynamic_programs_run_with_a_long_private_interpreter(string compiler, string flag)
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, compiler, "hello", flag);
        var before = await Compiler.RunAsync(program);
        Assert.Equal(0, before.ExitCode);
        var original = ElfFile.Read(program);
        Assert.Equal(flag == "-pie" ? ElfType.SharedObject : ElfType.Executable, original.Type);

        string loader = PrivateLoader(scratch, original.Interpreter!);
        string runPath = Path.GetDirectoryName(loader)!;
        foreach (string library in original.Needed.Where(name => !name.StartsWith("libc.musl", StringComparison.Ordinal)))
        {
            // glibc's libc.so.6 beside its loader; with DF_1_NODEFLIB nothing is taken from the host's folders.
            string host = Path.Combine("/lib/x86_64-linux-gnu", library);
            File.Copy(new FileInfo(host).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? host, Path.Combine(runPath, library), overwrite: true);
        }

        var patch = new ElfPatch { Interpreter = loader, RunPath = runPath, SetNoDefaultLib = true };
        Assert.True(original.PatchTo(patch, program));

        var patched = ElfFile.Read(program);
        Assert.Equal(loader, patched.Interpreter);
        Assert.Equal(runPath, patched.RunPath);
        Assert.Equal(before, await Compiler.RunAsync(program));
        var view = await ReadelfView.ReadAsync(program);
        Assert.Equal("", view.Warnings);
        Assert.Empty(view.Compare(patched));

        // Patching again with the same values leaves the file as it is.
        long size = new FileInfo(program).Length;
        Assert.False(patched.PatchTo(patch, program));
        Assert.Equal(size, new FileInfo(program).Length);
    }

    [Theory]
    [InlineData("musl-gcc", "-static")] // static, no PT_INTERP and no PT_DYNAMIC
    [InlineData("gcc", "-static")] // glibc static
    public async Task Static_programs_are_read_and_refuse_dynamic_edits(string compiler, string flag)
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, compiler, "hello", flag);
        var file = ElfFile.Read(program);
        Assert.False(file.HasInterpreter);
        Assert.Empty((await ReadelfView.ReadAsync(program)).Compare(file));
        Assert.Throws<NotSupportedException>(() => file.Patch(new ElfPatch { Interpreter = "/x/ld.so" }));
        if (!file.IsDynamic)
        {
            Assert.Throws<NotSupportedException>(() => file.Patch(new ElfPatch { RunPath = "/x" }));
        }
    }

    [Fact]
    public async Task Static_pie_programs_take_the_no_default_lib_flag_in_place_and_still_run()
    {
        // glibc's static-pie relocates itself before anything else; growing it (a new run path) makes it crash,
        // with patchelf as with Flix, but it needs no run path: it loads no libraries.
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-static-pie");
        var before = await Compiler.RunAsync(program);
        var file = ElfFile.Read(program);
        Assert.True(file.IsDynamic);
        Assert.False(file.HasInterpreter);
        Assert.Empty(file.Needed);
        file.PatchTo(new ElfPatch { SetNoDefaultLib = true }, program);
        Assert.Equal(file.Bytes.Length, new FileInfo(program).Length);
        Assert.Equal(before, await Compiler.RunAsync(program));
        Assert.Contains("NODEFLIB", (await ReadelfView.ReadAsync(program)).Flags1);
    }

    [Fact]
    public async Task A_run_path_of_eight_kilobytes_grows_the_file_and_runs()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie");
        var before = await Compiler.RunAsync(program);
        string runPath = string.Join(':', Enumerable.Range(0, 80).Select(i => scratch.Combine($"folder-{i:D3}-" + new string('r', 90))));
        ElfFile.Read(program).PatchTo(new ElfPatch { RunPath = runPath }, program);
        Assert.Equal(runPath, ElfFile.Read(program).RunPath);
        Assert.Equal(before, await Compiler.RunAsync(program));
        Assert.Equal(runPath, (await ReadelfView.ReadAsync(program)).RunPath);
    }

    [Fact]
    public async Task Rpath_and_runpath_convert_like_patchelf()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie", "-Wl,--disable-new-dtags,-rpath,/opt/old/lib");
        var file = ElfFile.Read(program);
        Assert.Equal("/opt/old/lib", file.RPath);
        Assert.Null(file.RunPath);

        // --set-runpath on a file with only DT_RPATH: the entry becomes DT_RUNPATH.
        var runPath = ElfFile.Parse(file.Patch(new ElfPatch { RunPath = "/opt/new/lib" }), program);
        Assert.Equal(("/opt/new/lib", (string?)null), (runPath.RunPath, runPath.RPath));
        Assert.Equal(file.DynamicEntries.Count, runPath.DynamicEntries.Count);

        // --set-rpath turns it back; the old string is still in the table and is reused.
        var rpath = ElfFile.Parse(runPath.Patch(new ElfPatch { RPath = "/opt/old/lib" }), program);
        Assert.Equal(((string?)null, "/opt/old/lib"), (rpath.RunPath, rpath.RPath));

        // Same value, other tag: the tag changes in place, no growth.
        var converted = file.Patch(new ElfPatch { RunPath = "/opt/old/lib" });
        Assert.Equal(file.Bytes.Length, converted.Length);
        Assert.Equal("/opt/old/lib", ElfFile.Parse(converted, program).RunPath);

        var removed = ElfFile.Parse(file.Patch(new ElfPatch { RemoveRPath = true }), program);
        Assert.Equal(((string?)null, (string?)null), (removed.RunPath, removed.RPath));
        Assert.Equal(file.Bytes.Length, removed.Bytes.Length);

        // patchelf reads our results the same way.
        string converted2 = scratch.Combine("converted");
        await File.WriteAllBytesAsync(converted2, runPath.Bytes.ToArray());
        var printed = await ProcessRunner.RunAsync("patchelf", ["--print-rpath", converted2]);
        Assert.Equal("/opt/new/lib", printed.StandardOutput.Trim());
        var dynamic = await ProcessRunner.RunAsync("readelf", ["-d", "-W", converted2]);
        Assert.Contains("(RUNPATH)", dynamic.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("(RPATH)", dynamic.StandardOutput, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gcc", "-pie")]
    [InlineData("gcc", "-no-pie")]
    [InlineData("musl-gcc", "-pie")]
    public async Task Patching_again_with_other_values_still_runs(string compiler, string flag)
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, compiler, "hello", flag);
        var before = await Compiler.RunAsync(program);
        string loader = PrivateLoader(scratch, ElfFile.Read(program).Interpreter!);
        string second = scratch.Combine(LongName + "-and-a-second-even-longer-name", "lib", Path.GetFileName(loader));
        Directory.CreateDirectory(Path.GetDirectoryName(second)!);
        File.Copy(loader, second);
        File.SetUnixFileMode(second, (UnixFileMode)0x1ED);

        for (int round = 0; round < 3; round++)
        {
            string target = round % 2 == 0 ? loader : second;
            var patch = new ElfPatch { Interpreter = target, RPath = Path.GetDirectoryName(target) + ":/round-" + round };
            ElfFile.Read(program).PatchTo(patch, program);
            var file = ElfFile.Read(program);
            Assert.Equal(target, file.Interpreter);
            Assert.Equal(before, await Compiler.RunAsync(program));
            Assert.Equal("", (await ReadelfView.ReadAsync(program)).Warnings);
            Assert.Empty((await ReadelfView.ReadAsync(program)).Compare(file));
        }
    }

    [Theory]
    [InlineData("gcc", "-pie")]
    [InlineData("gcc", "-no-pie")]
    [InlineData("musl-gcc", "-pie")]
    public async Task Without_section_headers_the_program_header_table_moves_and_the_program_runs(string compiler, string flag)
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, compiler, "hello", flag);
        var before = await Compiler.RunAsync(program);

        // As a "super-stripped" file: no section header table, so nothing tells which bytes follow the program headers.
        byte[] bytes = await File.ReadAllBytesAsync(program);
        bytes.AsSpan(Structures.ElfHeaderFields.Elf64.ShOff, 8).Clear();
        bytes.AsSpan(Structures.ElfHeaderFields.Elf64.ShNum, 4).Clear();
        await File.WriteAllBytesAsync(program, bytes);
        var file = ElfFile.Read(program);
        Assert.Empty(file.Sections);

        string loader = PrivateLoader(scratch, file.Interpreter!);
        file.PatchTo(new ElfPatch { Interpreter = loader, RPath = "/some/where/else" }, program);

        var patched = ElfFile.Read(program);
        var table = patched.Segments.Single(segment => segment.Type == ElfSegmentType.ProgramHeader);
        Assert.Contains(patched.Segments, segment => segment.Type == ElfSegmentType.Load
            && segment.Offset <= table.Offset && table.Offset + table.FileSize <= segment.Offset + segment.FileSize
            && segment.VirtualAddress - segment.Offset == table.VirtualAddress - table.Offset);
        Assert.NotEqual(file.Segments.Single(segment => segment.Type == ElfSegmentType.ProgramHeader).Offset, table.Offset);
        Assert.Equal(before, await Compiler.RunAsync(program));
        Assert.Empty((await ReadelfView.ReadAsync(program)).Compare(patched));
    }

    [Fact]
    public async Task A_shorter_interpreter_is_written_in_place()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie");
        var file = ElfFile.Read(program);
        byte[] patched = file.Patch(new ElfPatch { Interpreter = "/lib/ld.so" });
        Assert.Equal(file.Bytes.Length, patched.Length);
        var result = ElfFile.Parse(patched, program);
        Assert.Equal("/lib/ld.so", result.Interpreter);
        Assert.Equal(file.Segments, result.Segments);
    }
}
