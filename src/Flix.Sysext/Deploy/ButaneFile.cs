namespace Flix.Sysext.Deploy;

/// <summary>A storage.files entry: downloaded from <see cref="Source"/> and checked against <see cref="Hash"/>, or given <see cref="Inline"/>.</summary>
public sealed record ButaneFile
{
    /// <summary>The absolute path on the host.</summary>
    public required string Path { get; init; }

    public string? Source { get; init; }

    /// <summary>Ignition's verification.hash of the downloaded content: sha256-HEX or sha512-HEX.</summary>
    public string? Hash { get; init; }

    public string? Inline { get; init; }

    /// <summary>The access mode; 0644.</summary>
    public UnixFileMode Mode { get; init; } =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
}
