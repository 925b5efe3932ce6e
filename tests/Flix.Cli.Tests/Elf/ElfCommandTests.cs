using System.Text.Json;
using Flix.Cli;
using Flix.Elf;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Cli.Tests.Elf;

/// <summary><c>flix elf</c>: facts as text and JSON, patching in place, exit codes.</summary>
public sealed class ElfCommandTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await Program.RunAsync(args, output, error, _ => null);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Without_set_options_it_prints_the_facts()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie");

        var (exitCode, output, _) = await RunAsync("elf", program);

        Assert.Equal(0, exitCode);
        Assert.Contains("machine: x86-64", output, StringComparison.Ordinal);
        Assert.Contains("interpreter: /lib64/ld-linux-x86-64.so.2", output, StringComparison.Ordinal);
        Assert.Contains("needed: libc.so.6", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_options_patch_every_file_in_place_and_json_shows_the_result()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string first = await Compiler.BuildAsync(scratch, "gcc", "first", "-pie");
        string second = await Compiler.BuildAsync(scratch, "musl-gcc", "second", "-pie");
        string interpreter = "/usr/local/some-extension-name/lib/ld-linux-x86-64.so.2";

        var (exitCode, output, error) = await RunAsync(
            "elf", first, second, "--set-interpreter", interpreter, "--set-runpath", "/usr/local/some-extension-name/lib", "--no-default-lib", "--json");

        Assert.True(exitCode == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(2, json.RootElement.GetArrayLength());
        foreach (var report in json.RootElement.EnumerateArray())
        {
            Assert.True(report.GetProperty("patched").GetBoolean());
            Assert.Equal(interpreter, report.GetProperty("interpreter").GetString());
            Assert.Equal("/usr/local/some-extension-name/lib", report.GetProperty("runpath").GetString());
        }

        Assert.Equal(interpreter, ElfFile.Read(second).Interpreter);
        Assert.NotEqual(0ul, ElfFile.Read(first).Flags1 & ElfFile.NoDefaultLibFlag);
    }

    [Fact]
    public async Task A_file_that_is_not_elf_fails_with_exit_1_and_the_others_are_still_done()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string program = await Compiler.BuildAsync(scratch, "gcc", "hello", "-pie");
        string text = scratch.Combine("text");
        await File.WriteAllTextAsync(text, "not an ELF file at all\n");

        var (exitCode, _, error) = await RunAsync("elf", text, program, "--set-runpath", "/x/lib");

        Assert.Equal(1, exitCode);
        Assert.Contains("'" + text + "'", error, StringComparison.Ordinal);
        Assert.Equal("/x/lib", ElfFile.Read(program).RunPath);
    }

    [Theory]
    [InlineData("elf")] // no file
    [InlineData("elf", "x", "--set-runpath", "/a", "--set-rpath", "/b")] // both paths
    [InlineData("elf", "x", "--set-runpath", "/a", "--remove-runpath")] // set and remove
    public async Task Usage_errors_exit_2(params string[] args)
    {
        var (exitCode, _, error) = await RunAsync(args);
        Assert.Equal(2, exitCode);
        Assert.Contains("--help", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_fifo_is_refused_without_being_opened()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string fifo = scratch.Combine("libfifo.so");
        (await ProcessRunner.RunAsync("mkfifo", [fifo])).EnsureSuccess();

        var run = RunAsync("elf", "--set-runpath", "/x", fifo);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.Same(run, finished);
        var (exitCode, _, error) = await run;
        Assert.Equal(1, exitCode);
        Assert.Equal($"flix: error: '{fifo}' is not a regular file.\n", error);
    }

    [Fact]
    public async Task A_shared_object_without_PT_DYNAMIC_is_named_as_such()
    {
        using var scratch = new TempDirectory("flix-elf-");
        string library = scratch.Combine("libnodyn.so");
        string source = "/lib/x86_64-linux-gnu/libz.so.1";
        byte[] bytes = await File.ReadAllBytesAsync(new FileInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source);
        var file = ElfFile.Parse(bytes, source);
        int index = file.Segments.ToList().FindIndex(segment => segment.Type == ElfSegmentType.Dynamic);
        ulong table = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(32));
        bytes.AsSpan((int)table + (index * 56), 4).Clear(); // p_type of PT_DYNAMIC (ELF64) becomes PT_NULL
        await File.WriteAllBytesAsync(library, bytes);

        var (exitCode, _, error) = await RunAsync("elf", "--set-runpath", "/x", library);

        Assert.Equal(1, exitCode);
        Assert.Contains($"'{library}' cannot be patched", error);
        Assert.Contains("a shared object with a .dynamic section but no PT_DYNAMIC program header", error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
