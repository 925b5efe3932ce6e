namespace Flix.Core.Tree.Overlay;

/// <summary>
/// What an unprivileged process may fail to put on disk for one entry: its kind, permission bits, owner, device
/// numbers and extended attributes. Times and contents are not part of it: those always reach the disk.
/// </summary>
public sealed record NodeMetadata
{
    public required EntryKind Kind { get; init; }

    /// <summary>Permission bits (mode &amp; 07777).</summary>
    public required uint Mode { get; init; }

    public required uint Uid { get; init; }

    public required uint Gid { get; init; }

    public uint DeviceMajor { get; init; }

    public uint DeviceMinor { get; init; }

    /// <summary>Extended attributes by full name, in ordinal order.</summary>
    public IReadOnlyDictionary<string, byte[]> ExtendedAttributes { get; init; } = EmptyAttributes;

    private static readonly SortedDictionary<string, byte[]> EmptyAttributes = new(StringComparer.Ordinal);

    public static NodeMetadata Of(TreeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new NodeMetadata
        {
            Kind = node.Kind,
            Mode = node.Mode,
            Uid = node.Uid,
            Gid = node.Gid,
            DeviceMajor = node.DeviceMajor,
            DeviceMinor = node.DeviceMinor,
            ExtendedAttributes = new SortedDictionary<string, byte[]>(node.ExtendedAttributes, StringComparer.Ordinal),
        };
    }

    /// <summary>True when <paramref name="node"/> carries exactly this metadata.</summary>
    public bool Describes(TreeNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        if (node.Kind != Kind || node.Mode != Mode || node.Uid != Uid || node.Gid != Gid
            || node.DeviceMajor != DeviceMajor || node.DeviceMinor != DeviceMinor
            || node.ExtendedAttributes.Count != ExtendedAttributes.Count)
        {
            return false;
        }

        foreach (var (name, value) in node.ExtendedAttributes)
        {
            if (!ExtendedAttributes.TryGetValue(name, out var other) || !value.AsSpan().SequenceEqual(other))
            {
                return false;
            }
        }

        return true;
    }
}
