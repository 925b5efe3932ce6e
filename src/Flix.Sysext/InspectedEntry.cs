using Flix.Core.Tree;

namespace Flix.Sysext;

/// <summary>One entry of an inspected image, as <c>ls -l</c> shows it.</summary>
public sealed record InspectedEntry
{
    /// <summary>Relative to the image root, '/'-separated, without a leading '/'.</summary>
    public required string Path { get; init; }

    public required EntryKind Kind { get; init; }

    /// <summary>Permission bits only (mode &amp; 07777).</summary>
    public required uint Mode { get; init; }

    public required uint Uid { get; init; }

    public required uint Gid { get; init; }

    /// <summary>
    /// File size for regular files, target length for symlinks, what the image stores for a directory (SquashFS:
    /// listing bytes + 3, as unsquashfs prints it; a directory sysext: 0), 0 otherwise.
    /// </summary>
    public required long Size { get; init; }

    /// <summary>Modification time, seconds since the Unix epoch.</summary>
    public required long ModificationTime { get; init; }

    public string? LinkTarget { get; init; }

    public uint DeviceMajor { get; init; }

    public uint DeviceMinor { get; init; }

    public bool IsDevice => Kind is EntryKind.CharacterDevice or EntryKind.BlockDevice;

    /// <summary>The mode as <c>ls -l</c> prints it: type letter, then rwx triplets with s/S and t/T.</summary>
    public string ModeString
    {
        get
        {
            Span<char> text = stackalloc char[10];
            text[0] = Kind switch
            {
                EntryKind.Directory => 'd',
                EntryKind.Symlink => 'l',
                EntryKind.CharacterDevice => 'c',
                EntryKind.BlockDevice => 'b',
                EntryKind.Fifo => 'p',
                EntryKind.Socket => 's',
                _ => '-',
            };
            Triplet(text[1..4], Mode >> 6, (Mode & 0x800) != 0, 's');
            Triplet(text[4..7], Mode >> 3, (Mode & 0x400) != 0, 's');
            Triplet(text[7..10], Mode, (Mode & 0x200) != 0, 't');
            return new string(text);
        }
    }

    private static void Triplet(Span<char> text, uint bits, bool special, char specialLetter)
    {
        text[0] = (bits & 4) != 0 ? 'r' : '-';
        text[1] = (bits & 2) != 0 ? 'w' : '-';
        bool execute = (bits & 1) != 0;
        text[2] = special
            ? (execute ? specialLetter : char.ToUpperInvariant(specialLetter))
            : (execute ? 'x' : '-');
    }
}
