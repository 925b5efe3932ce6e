using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Oci;

/// <summary>
/// Where a layer's tar comes from (entries written by <see cref="LayerTarWriter"/>, an existing tar file, or a
/// directory archived by GNU tar) and how its blob is compressed.
/// </summary>
public sealed class LayerSource
{
    private readonly IReadOnlyList<LayerEntry>? _entries;
    private readonly string? _tarFile;
    private readonly string? _directory;

    private LayerSource(IReadOnlyList<LayerEntry>? entries, string? tarFile, string? directory, LayerCompression compression)
    {
        _entries = entries;
        _tarFile = tarFile;
        _directory = directory;
        Compression = compression;
    }

    public LayerCompression Compression { get; }

    /// <summary>The history <c>created_by</c> text; a description of the source by default.</summary>
    public string? CreatedBy { get; init; }

    /// <summary>The entries, when the layer was described as entries.</summary>
    public IReadOnlyList<LayerEntry>? Entries => _entries;

    public static LayerSource FromEntries(IEnumerable<LayerEntry> entries, LayerCompression compression = LayerCompression.Gzip) =>
        new(entries.ToList(), null, null, compression);

    public static LayerSource FromTarFile(string tarFile, LayerCompression compression = LayerCompression.Gzip) =>
        new(null, Path.GetFullPath(tarFile), null, compression);

    /// <summary>Archives <paramref name="directory"/> (owners, modes, links, devices, xattrs) with GNU tar, names sorted.</summary>
    public static LayerSource FromDirectory(string directory, LayerCompression compression = LayerCompression.Gzip) =>
        new(null, null, Path.GetFullPath(directory), compression);

    /// <summary>The same source stored with another compression.</summary>
    public LayerSource WithCompression(LayerCompression compression) =>
        new(_entries, _tarFile, _directory, compression) { CreatedBy = CreatedBy };

    internal string Describe() =>
        CreatedBy ?? (_entries is not null ? $"flix-test: {_entries.Count} entries"
            : _tarFile is not null ? "flix-test: tar " + Path.GetFileName(_tarFile)
            : "flix-test: directory " + Path.GetFileName(_directory));

    /// <summary>Writes the uncompressed tar to <paramref name="scratchFile"/>, or returns the existing tar file.</summary>
    internal async Task<string> WriteTarAsync(string scratchFile, CancellationToken ct)
    {
        if (_tarFile is not null)
        {
            return _tarFile;
        }

        if (_entries is not null)
        {
            await using var output = File.Create(scratchFile);
            LayerTarWriter.Write(_entries, output);
            return scratchFile;
        }

        await ProcessRunner.RunCheckedAsync("tar",
        [
            "--create", "--file", scratchFile, "--format=pax", "--sort=name", "--numeric-owner",
            "--xattrs", "--xattrs-include=*", "--pax-option=delete=atime,delete=ctime",
            "--directory", _directory!, ".",
        ], ct);
        return scratchFile;
    }
}
