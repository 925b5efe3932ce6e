namespace Flix.Oci.Layers;

/// <summary>What applying one layer did.</summary>
public sealed record LayerApplyResult
{
    /// <summary>Tar entries read, whiteouts included, PAX global headers excluded.</summary>
    public required int Entries { get; init; }

    /// <summary>Bytes of file content written.</summary>
    public required long Bytes { get; init; }

    /// <summary>Whiteout and opaque-directory markers applied.</summary>
    public required int Whiteouts { get; init; }

    /// <summary>Things that were kept in the model only or dropped, one sentence each naming the entry.</summary>
    public required IReadOnlyList<string> Warnings { get; init; }
}
