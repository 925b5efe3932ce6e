namespace Flix.Sysext.Deploy;

/// <summary>
/// The subset of a Butane config (variant flatcar, version 1.0.0, which transpiles to Ignition 3.3.0) that deploys
/// an extension: files, links and units. <see cref="ButaneWriter"/> renders it as YAML, <see cref="IgnitionTranspiler"/> as
/// Ignition JSON.
/// </summary>
public sealed record ButaneConfig
{
    public const string Variant = "flatcar";
    public const string Version = "1.0.0";

    /// <summary>The Ignition spec version Butane's flatcar 1.0.0 transpiles to.</summary>
    public const string IgnitionVersion = "3.3.0";

    public IReadOnlyList<ButaneFile> Files { get; init; } = [];

    public IReadOnlyList<ButaneLink> Links { get; init; } = [];

    public IReadOnlyList<ButaneUnit> Units { get; init; } = [];
}
