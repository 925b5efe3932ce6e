namespace Flix.SquashFs.Format;

/// <summary>Inode types; directory entries carry only the basic ones (1..7).</summary>
public enum InodeType : ushort
{
    Directory = 1,
    File = 2,
    Symlink = 3,
    BlockDevice = 4,
    CharacterDevice = 5,
    Fifo = 6,
    Socket = 7,
    ExtendedDirectory = 8,
    ExtendedFile = 9,
    ExtendedSymlink = 10,
    ExtendedBlockDevice = 11,
    ExtendedCharacterDevice = 12,
    ExtendedFifo = 13,
    ExtendedSocket = 14,
}
