using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>The sample tree on disk, written once by <see cref="SquashFsWriter"/> and once by mksquashfs.</summary>
public sealed class SampleImageFixture : IAsyncLifetime
{
    public const uint Timestamp = 1_700_000_000;

    private readonly TempDirectory _directory = new();

    public string Source => _directory.Combine("src");

    public string Image => _directory.Combine("flix.img");

    public string ReferenceImage => _directory.Combine("mksquashfs.img");

    public string Scratch(string name) => _directory.Combine(name);

    public FileTree Tree { get; private set; } = null!;

    public static SquashFsWriterOptions Options => new() { Timestamp = Timestamp, Parallelism = 2 };

    public async Task InitializeAsync()
    {
        SampleTree.Create(Source);
        Tree = DirectoryTreeReader.Read(Source);
        await using (var output = File.Create(Image))
        {
            await SquashFsWriter.WriteAsync(Tree, output, Options);
        }

        ProcessRunner.Output(null, "mksquashfs", Source, ReferenceImage, "-noappend", "-no-progress", "-quiet", "-processors", "2");
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
