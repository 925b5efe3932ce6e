using Flix.SquashFs.Compression;

namespace Flix.Sysext;

/// <summary>Everything <see cref="SysextPacker"/> needs besides the tree.</summary>
public sealed record SysextPackOptions
{
    /// <summary>The extension name: the metadata is extension-release.NAME and the host must see NAME.raw.</summary>
    public required string Name { get; init; }

    /// <summary>The systemd architecture name (x86-64 or arm64).</summary>
    public required string Architecture { get; init; }

    /// <summary>The folder the outputs go to; created when missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>The ID= of the extension-release file: a host os-release ID or _any.</summary>
    public string Os { get; init; } = ExtensionRelease.AnyId;

    /// <summary>The extension version: VERSION_ID= and the NAME-VERSION-ARCH output name; null for NAME.raw.</summary>
    public string? Version { get; init; }

    /// <summary>EXTENSION_RELOAD_MANAGER=1.</summary>
    public bool ReloadManager { get; init; }

    public ImageFormat Format { get; init; } = ImageFormat.SquashFs;

    /// <summary>SquashFS compressor.</summary>
    public SquashFsCompression Compression { get; init; } = SquashFsCompression.Gzip;

    /// <summary>SquashFS compression level; null is the compressor's default.</summary>
    public int? CompressionLevel { get; init; }

    /// <summary>SquashFS block size in bytes.</summary>
    public int BlockSize { get; init; } = 128 * 1024;

    /// <summary>The image time (SOURCE_DATE_EPOCH): no entry is newer, and the image records it.</summary>
    public long Epoch { get; init; }

    /// <summary>
    /// Keep the tree's owners instead of making everything root-owned; the generated metadata file and folders
    /// then take the owner of the folder they are put in.
    /// </summary>
    public bool KeepOwners { get; init; }

    /// <summary>Layout checks to relax.</summary>
    public LayoutCheckOptions Checks { get; init; } = new();

    /// <summary>Also write NAME.conf, a systemd-sysupdate transfer file; needs <see cref="Version"/>.</summary>
    public bool Sysupdate { get; init; }

    /// <summary>The URL folder of the sysupdate source; null is the bakery's.</summary>
    public string? SysupdateUrl { get; init; }

    /// <summary>The deployment files besides the transfer: minor-pinned transfer, Butane, Ignition.</summary>
    public Deploy.DeploymentOptions Deployment { get; init; } = new();

    /// <summary>The folder the tree was read from, if any; the directory format refuses to replace it.</summary>
    public string? SourceDirectory { get; init; }

    /// <summary>mkfs.erofs to run; null searches PATH.</summary>
    public string? MkfsErofsPath { get; init; }

    /// <summary>Told the bytes of file content written so far while a SquashFS image is written (for a progress display).</summary>
    public IProgress<long>? Progress { get; init; }

    /// <summary>The largest epoch a SquashFS image can record.</summary>
    public const long MaxEpoch = uint.MaxValue;

    /// <summary>The output's base name: NAME, or NAME-VERSION-ARCH when a version is given (bakery naming).</summary>
    public string BaseName => Version is null ? Name : $"{Name}-{Version}-{Architecture}";

    /// <summary>The file or directory name written into <see cref="OutputDirectory"/>.</summary>
    public string OutputName => Format == ImageFormat.Directory ? BaseName : BaseName + ".raw";

    /// <summary>Every problem with these options, as sentences; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        Add(problems, ExtensionName.Validate(Name));
        Add(problems, ExtensionRelease.ValidateId(Os));
        if (Architecture is not (ExtensionArchitecture.X86_64 or ExtensionArchitecture.Arm64))
        {
            problems.Add($"The architecture '{Architecture}' is not {ExtensionArchitecture.X86_64} or {ExtensionArchitecture.Arm64}.");
        }

        if (Version is not null)
        {
            Add(problems, ExtensionName.ValidateVersion(Version));
        }

        if (string.IsNullOrEmpty(OutputDirectory))
        {
            problems.Add("The output directory must not be empty.");
        }

        if (Epoch is < 0 or > MaxEpoch)
        {
            problems.Add($"The epoch {Epoch} is outside 0..{MaxEpoch}.");
        }

        if (Format == ImageFormat.SquashFs)
        {
            Add(problems, SquashFsSettings.ValidateBlockSize(BlockSize));
            Add(problems, SquashFsSettings.ValidateLevel(Compression, CompressionLevel));
        }

        if (Sysupdate && Version is null)
        {
            problems.Add("A sysupdate transfer file needs a version: its pattern NAME-@v-%a.raw matches versioned file names.");
        }

        if (Sysupdate && Format == ImageFormat.Directory)
        {
            problems.Add("A sysupdate transfer file downloads NAME-VERSION-ARCH.raw images; it cannot go with the directory format.");
        }

        if (Deployment.WritesConfig && Version is null)
        {
            problems.Add("A Butane or Ignition config needs a version: it downloads NAME-VERSION-ARCH.raw.");
        }

        if (Deployment.WritesConfig && Format == ImageFormat.Directory)
        {
            problems.Add("A Butane or Ignition config downloads an image file; it cannot go with the directory format.");
        }

        if ((Sysupdate || Deployment.WritesConfig) && Version is not null && ExtensionName.ValidateVersion(Version) is null
            && ExtensionName.Validate(Name) is null && Format != ImageFormat.Directory
            && Architecture is ExtensionArchitecture.X86_64 or ExtensionArchitecture.Arm64)
        {
            Add(problems, Deploy.DeploymentWriter.ValidateImageName(Name, OutputName, Architecture));
        }

        if (SysupdateUrl is not null)
        {
            Add(problems, SysupdateTransferFile.ValidateUrl(SysupdateUrl));
        }

        return problems;
    }

    private static void Add(List<string> problems, string? problem)
    {
        if (problem is not null)
        {
            problems.Add(problem);
        }
    }
}
