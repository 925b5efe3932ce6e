namespace Flix.Core.Tree;

/// <summary>Where the bytes of a regular file come from. Content is streamed, never held whole unless it is small.</summary>
public abstract class FileContent
{
    /// <summary>The size in bytes.</summary>
    public abstract long Length { get; }

    /// <summary>Opens a fresh read-only stream positioned at the start.</summary>
    public abstract Stream OpenRead();
}

/// <summary>Content read from a file on disk when it is needed.</summary>
public sealed class DiskFileContent : FileContent
{
    public DiskFileContent(string path, long length)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Path = path;
        Length = length;
    }

    public string Path { get; }

    public override long Length { get; }

    public override Stream OpenRead() =>
        new FileStream(Path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.ReadWrite,
            BufferSize = 0,
            Options = FileOptions.SequentialScan,
        });
}

/// <summary>Content held in memory: generated files such as extension-release.</summary>
public sealed class MemoryFileContent : FileContent
{
    private readonly byte[] _data;

    public MemoryFileContent(byte[] data) => _data = data ?? throw new ArgumentNullException(nameof(data));

    public static MemoryFileContent FromText(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    public override long Length => _data.Length;

    public ReadOnlyMemory<byte> Data => _data;

    public override Stream OpenRead() => new MemoryStream(_data, writable: false);
}
