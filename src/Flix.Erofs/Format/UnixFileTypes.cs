namespace Flix.Erofs.Format;

/// <summary>The S_IFMT values of st_mode that EROFS inodes store.</summary>
internal static class UnixFileTypes
{
    public const uint Mask = 0xF000;
    public const uint Fifo = 0x1000;
    public const uint CharacterDevice = 0x2000;
    public const uint Directory = 0x4000;
    public const uint BlockDevice = 0x6000;
    public const uint RegularFile = 0x8000;
    public const uint Symlink = 0xA000;
    public const uint Socket = 0xC000;
}
