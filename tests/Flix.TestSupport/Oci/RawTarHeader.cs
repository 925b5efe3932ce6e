namespace Flix.TestSupport.Oci;

/// <summary>
/// The fields of one ustar header written verbatim, for hostile archives: a name may hold NUL, <c>..</c> or
/// start with <c>/</c>; <see cref="DeclaredSize"/> may differ from <see cref="Data"/>'s length (a header
/// that claims 1 TiB, a truncated body). Sizes over the octal range are written in base-256.
/// </summary>
public sealed record RawTarHeader
{
    /// <summary>The name field's bytes (at most 100; no terminator is added beyond the field's zero fill).</summary>
    public required byte[] Name { get; init; }

    public byte TypeFlag { get; init; } = (byte)'0';

    public byte[] LinkName { get; init; } = [];

    /// <summary>The prefix field's bytes (at most 155).</summary>
    public byte[] Prefix { get; init; } = [];

    public int Mode { get; init; } = 0b110_100_100;

    public long Uid { get; init; }

    public long Gid { get; init; }

    public long ModificationTime { get; init; } = LayerEntry.DefaultModificationTime.ToUnixTimeSeconds();

    /// <summary>The size the header claims; null means the length of <see cref="Data"/>.</summary>
    public long? DeclaredSize { get; init; }

    /// <summary>The body written after the header, padded to 512 bytes.</summary>
    public byte[] Data { get; init; } = [];

    /// <summary>When false, the checksum field holds garbage.</summary>
    public bool ValidChecksum { get; init; } = true;
}
