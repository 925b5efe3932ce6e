namespace Flix.Sysext;

/// <summary>What <see cref="SysextPacker"/> wrote.</summary>
public sealed record SysextPackResult
{
    /// <summary>The image file, or the directory for <see cref="ImageFormat.Directory"/>.</summary>
    public required string Path { get; init; }

    public required ImageFormat Format { get; init; }

    /// <summary>The image size in bytes; for a directory, the bytes of its regular files (each hard-linked file once).</summary>
    public required long Size { get; init; }

    /// <summary>SHA-256 of the image in lower-case hex; null for a directory.</summary>
    public string? Sha256 { get; init; }

    /// <summary>The SHA256SUMS file updated; null for a directory.</summary>
    public string? Sha256SumsPath { get; init; }

    /// <summary>The sysupdate transfer file written, if any.</summary>
    public string? SysupdatePath { get; init; }

    /// <summary>Every deployment file written (transfers, noop.conf, Butane, Ignition), in the order written.</summary>
    public IReadOnlyList<Deploy.DeploymentFile> DeploymentFiles { get; init; } = [];

    /// <summary>The extension-release text put into the image.</summary>
    public required string ExtensionRelease { get; init; }

    /// <summary>Warnings of the layout checks (errors stop the packing).</summary>
    public required IReadOnlyList<Diagnostic> Diagnostics { get; init; }
}
