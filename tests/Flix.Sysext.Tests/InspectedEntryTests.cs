using Flix.Core.Tree;

namespace Flix.Sysext.Tests;

public sealed class InspectedEntryTests
{
    [Theory]
    [InlineData(EntryKind.Directory, 0x1ED /* 0755 */, "drwxr-xr-x")]
    [InlineData(EntryKind.RegularFile, 0x1A4 /* 0644 */, "-rw-r--r--")]
    [InlineData(EntryKind.RegularFile, 0x9ED /* 04755 */, "-rwsr-xr-x")]
    [InlineData(EntryKind.RegularFile, 0x924 /* 04444 */, "-r-Sr--r--")]
    [InlineData(EntryKind.RegularFile, 0x5ED /* 02755 */, "-rwxr-sr-x")]
    [InlineData(EntryKind.Directory, 0x3FF /* 01777 */, "drwxrwxrwt")]
    [InlineData(EntryKind.Directory, 0x3FE /* 01776 */, "drwxrwxrwT")]
    [InlineData(EntryKind.Symlink, 0x1FF, "lrwxrwxrwx")]
    [InlineData(EntryKind.CharacterDevice, 0x1B6, "crw-rw-rw-")]
    [InlineData(EntryKind.BlockDevice, 0x1B0, "brw-rw----")]
    [InlineData(EntryKind.Fifo, 0x1A4, "prw-r--r--")]
    [InlineData(EntryKind.Socket, 0x1ED, "srwxr-xr-x")]
    public void Mode_strings_are_those_of_ls(EntryKind kind, uint mode, string expected)
    {
        var entry = new InspectedEntry { Path = "x", Kind = kind, Mode = mode, Uid = 0, Gid = 0, Size = 0, ModificationTime = 0 };

        Assert.Equal(expected, entry.ModeString);
    }
}
