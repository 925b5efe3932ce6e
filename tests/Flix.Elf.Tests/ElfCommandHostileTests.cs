using Flix.Cli;
using Flix.Elf.Tests.Support;

namespace Flix.Elf.Tests;

/// <summary><c>flix elf</c> on files that are no plain ELF file to patch: one error line each naming the file, no hang.</summary>
public sealed class ElfCommandHostileTests
{
    private static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await Program.RunAsync(args, output, error, _ => null);
        return (exitCode, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task A_fifo_is_refused_without_being_opened()
    {
        using var scratch = new Scratch();
        string fifo = scratch.Combine("libfifo.so");
        (await Tool.RunAsync("mkfifo", [fifo])).EnsureSuccess();

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
        using var scratch = new Scratch();
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
