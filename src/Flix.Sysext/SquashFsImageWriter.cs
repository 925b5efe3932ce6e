using Flix.Core.Tree;
using Flix.SquashFs;

namespace Flix.Sysext;

/// <summary>Writes a SquashFS image file with the Flix SquashFS writer.</summary>
public static class SquashFsImageWriter
{
    /// <summary>Creates <paramref name="imagePath"/> (it must not exist) and writes <paramref name="tree"/> into it.</summary>
    public static async Task WriteAsync(FileTree tree, string imagePath, SquashFsWriterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        ArgumentNullException.ThrowIfNull(options);
        var stream = new FileStream(imagePath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous,
        });
        await using (stream.ConfigureAwait(false))
        {
            await SquashFsWriter.WriteAsync(tree, stream, options, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The writer options for <paramref name="options"/>.</summary>
    public static SquashFsWriterOptions CreateWriterOptions(SysextPackOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SquashFsWriterOptions
        {
            BlockSize = options.BlockSize,
            Compression = options.Compression,
            CompressionLevel = options.CompressionLevel,
            Timestamp = checked((uint)options.Epoch),
            Progress = options.Progress,
        };
    }
}
