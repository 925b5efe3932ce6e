namespace Flix.Elf;

/// <summary>Segment permissions (p_flags).</summary>
[Flags]
public enum ElfSegmentFlags : uint
{
    None = 0,
    Execute = 1,
    Write = 2,
    Read = 4,
}
