namespace Flix.IntegrationTests.Builders;

/// <summary>What a test asks an <see cref="IImageBuilder"/> to build.</summary>
public sealed record ImageRequest
{
    public required string SourceDirectory { get; init; }

    /// <summary>An existing empty directory for the image (and, for flix pack, SHA256SUMS).</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The extension name: the image is NAME.raw.</summary>
    public required string Name { get; init; }

    public ImageCompression Compression { get; init; } = ImageCompression.Gzip;

    /// <summary>Every owner 0:0 (true) or the owners of the source kept (false).</summary>
    public bool AllRoot { get; init; } = true;

    /// <summary>
    /// Make the image a sysext: add usr/lib/extension-release.d/extension-release.NAME.
    /// flix pack always does; the mksquashfs and writer builders only when asked.
    /// </summary>
    public bool SysextMetadata { get; init; }

    /// <summary>The extension's ID= (null: _any).</summary>
    public string? Os { get; init; }

    /// <summary>SOURCE_DATE_EPOCH for builders that clamp mtimes to it.</summary>
    public long Epoch { get; init; } = 1_700_000_000;
}
