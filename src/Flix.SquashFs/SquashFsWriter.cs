using System.Numerics;
using Flix.Core.Tree;
using Flix.SquashFs.Compression;
using Flix.SquashFs.Format;
using Flix.SquashFs.Writing;

namespace Flix.SquashFs;

/// <summary>
/// Writes a <see cref="FileTree"/> as a SquashFS 4.0 image that the Linux kernel mounts and unsquashfs extracts.
/// The same tree and options give a byte-identical image.
/// </summary>
public static class SquashFsWriter
{
    /// <summary>
    /// Writes the image of <paramref name="tree"/> to <paramref name="output"/>, a seekable, writable stream
    /// positioned at 0. The superblock is written last; the stream is left at the end of the padded image.
    /// </summary>
    public static Task WriteAsync(FileTree tree, Stream output, SquashFsWriterOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        if (!output.CanSeek || !output.CanWrite)
        {
            throw new ArgumentException("The output stream must be seekable and writable.", nameof(output));
        }

        if (options.BlockSize < SquashFsConstants.MinBlockSize || options.BlockSize > SquashFsConstants.MaxBlockSize ||
            !BitOperations.IsPow2(options.BlockSize))
        {
            throw new ArgumentException(
                $"Block size {options.BlockSize} is not a power of two from {SquashFsConstants.MinBlockSize} to {SquashFsConstants.MaxBlockSize}.",
                nameof(options));
        }

        if (options.Parallelism < 1)
        {
            throw new ArgumentException($"Parallelism {options.Parallelism} must be at least 1.", nameof(options));
        }

        var compressor = Compressor.Create(options.Compression, options.BlockSize, options.CompressionLevel);
        return new ImageWriter(tree, output, options, compressor).WriteAsync(cancellationToken);
    }
}
