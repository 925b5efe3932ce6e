using System.Diagnostics;
using Flix.Elf.Tests.Fixtures;
using Flix.Elf.Tests.Support;
using Flix.TestSupport;

namespace Flix.Elf.Tests;

/// <summary>Malformed input raises <see cref="ElfFormatException"/> naming the file, and nothing else: no other exception, no hang.</summary>
[Trait(TestGroups.Trait, TestGroups.SlowCorpus)]
public sealed class MalformedInputTests
{
    [Fact]
    public async Task Mutated_files_give_only_the_format_exception()
    {
        var seeds = new List<string>
        {
            Path.Combine(await Rootfs.Amd64Async(), "usr/bin/true"),
            Path.Combine(await Rootfs.Amd64Async(), "usr/lib/x86_64-linux-gnu/libz.so.1"),
            Path.Combine(await Rootfs.ExtractAsync("arm64"), "usr/bin/true"),
            Path.Combine(await Rootfs.ExtractAsync("i386"), "usr/bin/true"),
            Path.Combine(await Rootfs.ExtractAsync("s390x"), "usr/bin/true"),
            Path.Combine(await Rootfs.ExtractAsync("armhf"), "usr/bin/true"),
        };

        int total = 0, rejected = 0;
        var problems = new List<string>();
        foreach (string seedPath in seeds)
        {
            string real = new FileInfo(seedPath).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? seedPath;
            byte[] seed = await File.ReadAllBytesAsync(real);
            foreach (var (name, bytes) in MutationCorpus.Mutate(seed, real))
            {
                total++;
                string label = $"{seedPath} ({name})";
                var clock = Stopwatch.StartNew();
                try
                {
                    var file = ElfFile.Parse(bytes, label);
                    var patch = new ElfPatch
                    {
                        Interpreter = file.HasInterpreter ? "/usr/local/some-extension/lib/ld-linux-with-a-longer-name.so" : null,
                        RunPath = file.IsDynamic ? "/usr/local/some-extension/lib:/usr/local/some-extension/usr/lib" : null,
                        SetNoDefaultLib = file.IsDynamic,
                    };
                    if (!patch.IsEmpty)
                    {
                        ElfFile.Parse(file.Patch(patch), label);
                        ElfFile.Parse(file.Patch(patch with
                        {
                            Interpreter = file.HasInterpreter ? "/l" : null,
                            RunPath = null,
                            RemoveRunPath = file.IsDynamic,
                            RemoveRPath = file.IsDynamic,
                        }), label);
                    }
                }
                catch (ElfFormatException exception)
                {
                    rejected++;
                    if (exception.FileName != label || !exception.Message.Contains(label, StringComparison.Ordinal))
                    {
                        problems.Add($"{label}: the message does not name the file: {exception.Message}");
                    }
                }
                catch (Exception exception)
                {
                    problems.Add($"{label}: {exception.GetType().Name}: {exception.Message}");
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(2))
                {
                    problems.Add($"{label}: took {clock.Elapsed}");
                }
            }
        }

        Assert.True(total >= 200, $"only {total} mutated files");
        Assert.True(rejected >= 50, $"only {rejected} of {total} mutated files were rejected");
        Assert.True(problems.Count == 0, $"{problems.Count} of {total} mutated files misbehaved:\n" + string.Join('\n', problems.Take(40)));
    }

    [Theory]
    [InlineData(new byte[] { }, "ends before")] // empty
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C }, "ends before")] // three bytes of magic
    [InlineData(new byte[] { 0x4D, 0x5A, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "magic")] // a PE file
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "ELF header")] // identification only
    public void Messages_name_the_file_the_offset_and_the_problem(byte[] bytes, string problem)
    {
        var exception = Assert.Throws<ElfFormatException>(() => ElfFile.Parse(bytes, "some/file"));
        Assert.Equal("some/file", exception.FileName);
        Assert.NotNull(exception.Offset);
        Assert.Contains("'some/file'", exception.Message, StringComparison.Ordinal);
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(exception);
    }
}
