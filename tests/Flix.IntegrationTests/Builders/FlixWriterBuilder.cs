using Flix.Core.Tree;
using Flix.IntegrationTests.Oracles;
using Flix.SquashFs.Compression;
using Flix.SquashFs;
using Flix.TestSupport.Oci;

namespace Flix.IntegrationTests.Builders;

/// <summary>
/// Builds images in process with Flix's own <see cref="SquashFsWriter"/> from the tree model
/// (<see cref="DirectoryTreeReader"/>), with mtimes clamped to the epoch.
/// </summary>
public sealed class FlixWriterBuilder : IImageBuilder
{
    public string Name => "flix-writer";

    public async Task<BuiltImage> BuildAsync(ImageRequest request, CancellationToken ct = default)
    {
        var tree = DirectoryTreeReader.Read(request.SourceDirectory);
        if (request.AllRoot)
        {
            tree.SetAllOwners(0, 0);
        }

        if (request.SysextMetadata)
        {
            var release = TreeNode.CreateFile(MemoryFileContent.FromText(ExtensionRelease.Render(request.Os)));
            tree.Add(ExtensionRelease.PathFor(request.Name), release);
        }

        string image = Path.Combine(request.OutputDirectory, request.Name + ".raw");
        var options = new SquashFsWriterOptions
        {
            Compression = request.Compression switch
            {
                ImageCompression.Gzip => SquashFsCompression.Gzip,
                ImageCompression.Xz => SquashFsCompression.Xz,
                ImageCompression.Lz4 => SquashFsCompression.Lz4,
                ImageCompression.Zstd => SquashFsCompression.Zstd,
                _ => throw new ArgumentOutOfRangeException(nameof(request), request.Compression, "Unknown compression."),
            },
            Timestamp = checked((uint)request.Epoch),
            Parallelism = 2,
        };
        await using (var output = new FileStream(image, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
        {
            await SquashFsWriter.WriteAsync(tree, output, options, ct);
        }

        return new BuiltImage(image, new ImageExpectation
        {
            AllRoot = request.AllRoot,
            ClampTime = request.Epoch,
            AddedPaths = request.SysextMetadata ? ExtensionRelease.PathsFor(request.Name) : new HashSet<string>(),
        });
    }
}
