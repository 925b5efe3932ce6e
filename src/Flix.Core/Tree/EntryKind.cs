namespace Flix.Core.Tree;

/// <summary>The type of a file-system object, as far as an image can carry it.</summary>
public enum EntryKind
{
    Directory,
    RegularFile,
    Symlink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
}
