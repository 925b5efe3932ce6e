using System.Text;
using Flix.Core.Interop;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Reading;

/// <summary>Builds a directory with every kind of entry SquashFS can hold. Needs root (mknod, chown, security.* xattrs).</summary>
internal static class SourceTree
{
    public const int BlockSize = 128 * 1024;

    public static readonly string LongName = new('n', 255);

    public static readonly string[] Utf8Names = ["ä-umlaut", "日本語", "emoji-😀", "\uE000-private-use", "\U0001F600-after-private-use", "Zebra", "apple"];

    public const int BigDirectoryEntries = 10_000;

    /// <summary>A tree with every file type; <paramref name="full"/> adds the 10 000-entry directory and large files.</summary>
    public static void Create(string root, bool full)
    {
        if (Libc.GetEUid() != 0)
        {
            Assert.Fail("The reader tests create devices, owners and security.* xattrs and must run as root.");
        }

        Directory.CreateDirectory(root);
        Directory.CreateDirectory(Path.Combine(root, "empty-dir"));
        Directory.CreateDirectory(Path.Combine(root, "dir/sub/deeper"));
        File.WriteAllText(Path.Combine(root, "dir/sub/deeper/file"), "deep\n");

        string files = Directory.CreateDirectory(Path.Combine(root, "files")).FullName;
        WriteFile(Path.Combine(files, "empty"), 0, 1);
        WriteFile(Path.Combine(files, "one"), 1, 2);
        WriteFile(Path.Combine(files, "small-text"), 3000, 3);
        WriteFile(Path.Combine(files, "block-minus-one"), BlockSize - 1, 4);
        WriteFile(Path.Combine(files, "block"), BlockSize, 5);
        WriteFile(Path.Combine(files, "block-plus-one"), BlockSize + 1, 6);
        WriteFile(Path.Combine(files, "duplicate-of-block"), BlockSize, 5);
        if (full)
        {
            WriteFile(Path.Combine(files, "three-blocks-and-tail"), (3 * BlockSize) + 1000, 7);
            WriteFile(Path.Combine(files, "random-incompressible"), (2 * BlockSize) + 77, -1);
            using (var sparse = File.Create(Path.Combine(files, "sparse")))
            {
                sparse.SetLength(4 * BlockSize);
                sparse.Position = (2 * BlockSize) + 10;
                sparse.Write("data in the middle of a sparse file"u8);
            }

            File.WriteAllBytes(Path.Combine(files, "zeros-with-zero-tail"), new byte[BlockSize + 5]);
        }

        string links = Directory.CreateDirectory(Path.Combine(root, "links")).FullName;
        File.WriteAllText(Path.Combine(links, "hard1"), "one inode, three names\n");
        Link(Path.Combine(links, "hard1"), Path.Combine(links, "hard2"));
        Link(Path.Combine(links, "hard1"), Path.Combine(root, "dir/hard3"));
        File.CreateSymbolicLink(Path.Combine(links, "symlink"), "../files/one");
        File.CreateSymbolicLink(Path.Combine(links, "long-symlink"), string.Concat(Enumerable.Repeat("long/target/", 100)));
        File.CreateSymbolicLink(Path.Combine(links, "dangling"), "/nowhere");

        string devices = Directory.CreateDirectory(Path.Combine(root, "devices")).FullName;
        MkNod(Path.Combine(devices, "null"), 0x2000 | 0x1B6, 1, 3);
        MkNod(Path.Combine(devices, "sda1"), 0x6000 | 0x1B0, 8, 1);
        MkNod(Path.Combine(devices, "big-numbers"), 0x2000 | 0x180, 259, 300_000);
        MkNod(Path.Combine(devices, "fifo"), 0x1000 | 0x1A4, 0, 0);
        MkNod(Path.Combine(devices, "socket"), 0xC000 | 0x1ED, 0, 0); // as a bound socket leaves it
        string xattrs = Directory.CreateDirectory(Path.Combine(root, "xattrs")).FullName;
        File.WriteAllText(Path.Combine(xattrs, "user"), "u");
        SetXattr(Path.Combine(xattrs, "user"), "user.comment", "hello"u8.ToArray());
        SetXattr(Path.Combine(xattrs, "user"), "user.big", Enumerable.Range(0, 300).Select(i => (byte)i).ToArray());
        File.WriteAllText(Path.Combine(xattrs, "capability"), "c");
        SetXattr(Path.Combine(xattrs, "capability"), "security.capability", [1, 0, 0, 2, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        File.WriteAllText(Path.Combine(xattrs, "same-value"), "s");
        SetXattr(Path.Combine(xattrs, "same-value"), "user.big", Enumerable.Range(0, 300).Select(i => (byte)i).ToArray());
        SetXattr(Path.Combine(xattrs, "same-value"), "trusted.other", Encoding.UTF8.GetBytes(new string('v', 200)));
        SetXattr(xattrs, "user.on-a-directory", "dir"u8.ToArray());
        File.CreateSymbolicLink(Path.Combine(xattrs, "symlink"), "user");
        SetXattr(Path.Combine(xattrs, "symlink"), "trusted.link", "l"u8.ToArray());
        MkNod(Path.Combine(xattrs, "chardev"), 0x2000 | 0x1A4, 10, 20);
        SetXattr(Path.Combine(xattrs, "chardev"), "trusted.dev", "c"u8.ToArray());
        MkNod(Path.Combine(xattrs, "blockdev"), 0x6000 | 0x1A4, 7, 0);
        SetXattr(Path.Combine(xattrs, "blockdev"), "trusted.dev", "b"u8.ToArray());
        MkNod(Path.Combine(xattrs, "socket"), 0xC000 | 0x1A4, 0, 0);
        SetXattr(Path.Combine(xattrs, "socket"), "trusted.sock", "s"u8.ToArray());
        MkNod(Path.Combine(xattrs, "fifo"), 0x1000 | 0x1A4, 0, 0);
        SetXattr(Path.Combine(xattrs, "fifo"), "trusted.fifo", "f"u8.ToArray());

        string names = Directory.CreateDirectory(Path.Combine(root, "names")).FullName;
        File.WriteAllText(Path.Combine(names, LongName), "long name\n");
        foreach (var name in Utf8Names)
        {
            File.WriteAllText(Path.Combine(names, name), name);
        }

        string modes = Directory.CreateDirectory(Path.Combine(root, "modes")).FullName;
        File.WriteAllText(Path.Combine(modes, "setuid"), "#!/bin/sh\n");
        Chown(Path.Combine(modes, "setuid"), 1000, 1000); // before chmod: chown clears set-uid
        ProcessRunner.Output(null, "chmod", "6755", Path.Combine(modes, "setuid"));
        File.WriteAllText(Path.Combine(modes, "none"), "x");
        ProcessRunner.Output(null, "chmod", "0000", Path.Combine(modes, "none"));
        Directory.CreateDirectory(Path.Combine(modes, "sticky"));
        ProcessRunner.Output(null, "chmod", "1777", Path.Combine(modes, "sticky"));
        Chown(Path.Combine(modes, "none"), 65534, 100);
        Chown(Path.Combine(modes, "sticky"), 12345, 54321);
        Chown(Path.Combine(links, "symlink"), 4242, 4343);
        File.SetLastWriteTimeUtc(Path.Combine(modes, "none"), DateTime.UnixEpoch.AddSeconds(4_000_000_000));
        File.SetLastWriteTimeUtc(Path.Combine(modes, "setuid"), DateTime.UnixEpoch.AddSeconds(1));

        if (full)
        {
            string big = Directory.CreateDirectory(Path.Combine(root, "big-dir")).FullName;
            for (int i = 0; i < BigDirectoryEntries; i++)
            {
                string path = Path.Combine(big, $"entry-{i:D5}");
                if (i % 100 == 0)
                {
                    File.WriteAllText(path, $"content of {i}\n");
                }
                else
                {
                    File.Create(path).Dispose();
                }
            }
        }
    }

    private static void WriteFile(string path, int size, int seed)
    {
        var data = new byte[size];
        if (seed < 0)
        {
            new Random(size).NextBytes(data);
        }
        else
        {
            var text = Encoding.ASCII.GetBytes($"file {seed} line of fairly compressible text {seed * 7}\n");
            for (int i = 0; i < size; i++)
            {
                data[i] = text[(i + (i / 4099)) % text.Length];
            }
        }

        File.WriteAllBytes(path, data);
    }

    private static void Link(string existing, string link) => ProcessRunner.Output(null, "ln", existing, link);

    private static void MkNod(string path, uint mode, uint major, uint minor)
    {
        if (Libc.MkNod(path, mode, Libc.MakeDev(major, minor)) != 0)
        {
            Assert.Fail($"mknod '{path}' failed: {Libc.LastErrorText()}");
        }
    }

    private static void Chown(string path, uint uid, uint gid)
    {
        if (Libc.LChown(path, uid, gid) != 0)
        {
            Assert.Fail($"lchown '{path}' failed: {Libc.LastErrorText()}");
        }
    }

    private static unsafe void SetXattr(string path, string name, byte[] value)
    {
        fixed (byte* p = value)
        {
            if (Libc.LSetXattr(path, name, p, (nuint)value.Length, 0) != 0)
            {
                Assert.Fail($"setxattr {name} on '{path}' failed: {Libc.LastErrorText()}");
            }
        }
    }
}
