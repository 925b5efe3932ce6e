using Flix.Core.Tree;
using Flix.Oci.Daemon;
using Flix.Oci.Manifests;

namespace Flix.Oci.Sources;

/// <summary>
/// An image held by a Docker or Podman engine: exported with <c>GET /images/NAME/get</c> into a private temporary
/// file, then read as a <see cref="DockerArchiveSource"/>. The export lives until the source is disposed.
/// </summary>
public sealed class DockerDaemonSource : IImageSource
{
    private readonly ImageSourceOptions _options;
    private readonly SemaphoreSlim _exportLock = new(1, 1);
    private DockerArchiveSource? _archive;
    private string? _temporaryDirectory;
    private int _disposed;

    public DockerDaemonSource(string image, ImageSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Image = Normalize(image);
        _options = options;
    }

    /// <summary>The image as the engine is asked for it: with a tag (<c>latest</c> when none was given), a digest or an id.</summary>
    public string Image { get; }

    public string Description => $"docker-daemon:{Image}";

    public async Task<ResolvedImage> ResolveAsync(Platform platform, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(platform);
        var archive = await ExportAsync(ct).ConfigureAwait(false);
        return await archive.ResolveAsync(platform, ct).ConfigureAwait(false);
    }

    public async Task<string> FetchBlobAsync(OciDescriptor blob, IProgress<long>? progress = null, CancellationToken ct = default)
    {
        var archive = await ExportAsync(ct).ConfigureAwait(false);
        return await archive.FetchBlobAsync(blob, progress, ct).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _archive?.Dispose();
        if (_temporaryDirectory is not null)
        {
            TreeRemover.TryDelete(_temporaryDirectory);
        }

        _exportLock.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>Exports the image from the engine once.</summary>
    private async Task<DockerArchiveSource> ExportAsync(CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        await _exportLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_archive is not null)
            {
                return _archive;
            }

            var socket = DockerEngineEndpoint.Resolve(_options);
            _temporaryDirectory ??= Directory.CreateTempSubdirectory("flix-daemon-").FullName;
            var file = Path.Combine(_temporaryDirectory, "image.tar");
            File.Delete(file);
            using (var client = new DockerEngineClient(socket))
            {
                await client.SaveImageAsync(Image, file, ct).ConfigureAwait(false);
            }

            _archive = new DockerArchiveSource(file, _options, Description);
            return _archive;
        }
        finally
        {
            _exportLock.Release();
        }
    }

    /// <summary>Checks the name and gives it the <c>latest</c> tag when it has neither tag nor digest nor is an id.</summary>
    private static string Normalize(string image)
    {
        if (string.IsNullOrEmpty(image))
        {
            throw new FormatException("'docker-daemon:' needs an image: docker-daemon:NAME[:TAG].");
        }

        foreach (var c in image)
        {
            if (char.IsControl(c) || char.IsWhiteSpace(c) || c is '?' or '#' or '%' or '\\')
            {
                throw new FormatException($"'docker-daemon:{image}' is not an image name: it holds '{(char.IsControl(c) ? $"U+{(int)c:X4}" : c.ToString())}'.");
            }
        }

        var segments = image.Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or ".."))
        {
            throw new FormatException($"'docker-daemon:{image}' is not an image name: it has an empty, '.' or '..' path segment.");
        }

        var last = segments[^1];
        bool isId = segments.Length == 1 && (last.StartsWith("sha256:", StringComparison.Ordinal) || (last.Length is >= 12 and <= 64 && last.All(char.IsAsciiHexDigitLower)));
        return isId || last.Contains(':', StringComparison.Ordinal) || last.Contains('@', StringComparison.Ordinal) ? image : image + ":latest";
    }
}
