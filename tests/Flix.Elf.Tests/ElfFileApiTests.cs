using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Elf.Tests;

/// <summary>The small API the Flix builder uses: IsElf, the patch's rules, atomic PatchTo.</summary>
public sealed class ElfFileApiTests
{
    [Fact]
    public async Task IsElf_is_true_only_for_regular_files_with_the_magic()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie");
        string link = scratch.Combine("link");
        File.CreateSymbolicLink(link, program);
        string script = scratch.Combine("script");
        await File.WriteAllTextAsync(script, "#!/bin/sh\n");
        string tiny = scratch.Combine("tiny");
        await File.WriteAllBytesAsync(tiny, [0x7F, 0x45, 0x4C]);
        string fifo = scratch.Combine("fifo");
        (await ProcessRunner.RunAsync("mkfifo", [fifo])).EnsureSuccess();

        Assert.True(ElfFile.IsElf(program));
        Assert.True(ElfFile.IsElf(link));
        Assert.False(ElfFile.IsElf(script));
        Assert.False(ElfFile.IsElf(tiny));
        Assert.False(ElfFile.IsElf(fifo)); // not opened: it would block
        Assert.False(ElfFile.IsElf(scratch.Path));
        Assert.False(ElfFile.IsElf(scratch.Combine("missing")));
        Assert.False(ElfFile.IsElf("/dev/null"));
    }

    [Theory]
    [InlineData("/a", "/b", false, false)] // run path and rpath at once
    [InlineData("/a", null, true, false)] // set and remove the run path
    [InlineData(null, "/b", false, true)] // set and remove the rpath
    public void Contradicting_patches_are_refused(string? runPath, string? rpath, bool removeRunPath, bool removeRPath)
    {
        var patch = new ElfPatch { RunPath = runPath, RPath = rpath, RemoveRunPath = removeRunPath, RemoveRPath = removeRPath };
        Assert.Throws<ArgumentException>(patch.Validate);
    }

    [Fact]
    public void Values_with_a_nul_are_refused() =>
        Assert.Throws<ArgumentException>(new ElfPatch { Interpreter = "/lib/ld\0.so" }.Validate);

    [Fact]
    public async Task An_empty_or_same_value_patch_returns_the_input_bytes()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie");
        var file = ElfFile.Read(program);
        byte[] original = await File.ReadAllBytesAsync(program);
        Assert.Equal(original, file.Patch(new ElfPatch()));
        Assert.Equal(original, file.Patch(new ElfPatch { Interpreter = file.Interpreter, RemoveRunPath = true, RemoveRPath = true }));
        var modified = File.GetLastWriteTimeUtc(program);
        Assert.False(file.PatchTo(new ElfPatch { Interpreter = file.Interpreter }, program));
        Assert.Equal(modified, File.GetLastWriteTimeUtc(program));
    }

    [Fact]
    public async Task PatchTo_writes_atomically_keeping_the_mode_and_the_link()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie");
        File.SetUnixFileMode(program, (UnixFileMode)Convert.ToInt32("750", 8));
        string link = scratch.Combine("link");
        File.CreateSymbolicLink(link, "hello");

        var file = ElfFile.Read(link);
        Assert.True(file.PatchTo(new ElfPatch { RunPath = "/usr/local/name/lib", SetNoDefaultLib = true }, link));

        Assert.NotNull(new FileInfo(link).LinkTarget);
        Assert.Equal("/usr/local/name/lib", ElfFile.Read(program).RunPath);
        Assert.Equal((UnixFileMode)Convert.ToInt32("750", 8), File.GetUnixFileMode(program));
        Assert.Equal(["hello", "link"], Directory.GetFileSystemEntries(scratch.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // A new destination takes the source's mode.
        string copy = scratch.Combine("copy");
        ElfFile.Read(program).PatchTo(new ElfPatch { RunPath = "/elsewhere" }, copy);
        Assert.Equal((UnixFileMode)Convert.ToInt32("750", 8), File.GetUnixFileMode(copy));
        Assert.Equal("/usr/local/name/lib", ElfFile.Read(program).RunPath);
    }

    [Fact]
    public async Task The_facts_the_builder_needs_are_read()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie");
        var file = ElfFile.Read(program);
        Assert.Equal(ElfClass.Elf64, file.Class);
        Assert.True(file.IsLittleEndian);
        Assert.Equal(ElfMachine.X86_64, file.Machine);
        Assert.Equal(ElfType.SharedObject, file.Type);
        Assert.Equal("/lib64/ld-linux-x86-64.so.2", file.Interpreter);
        Assert.Contains("libc.so.6", file.Needed);
        Assert.True(file.IsDynamic);
        Assert.Null(file.Soname);
        Assert.Equal(program, file.FileName);
    }
}
