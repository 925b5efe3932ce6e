using System.Net.Sockets;
using System.Text;
using Flix.TestSupport.Processes;

namespace Flix.SquashFs.Tests.Writing;

/// <summary>Builds on disk a tree with every kind of entry and the edge cases of the format.</summary>
internal static class SampleTree
{
    public const int BlockSize = 128 * 1024;

    /// <summary>255 bytes, the longest name.</summary>
    public static readonly string LongName = new('n', 255);

    /// <summary>A supplementary character, a private-use character, and U+FFxx: UTF-8 order differs from UTF-16 order here.</summary>
    public static readonly string[] UnicodeNames = ["\U0001F600-emoji", "\uE000-private", "\uFFFC-object", "\U00010000-linear-b", "z-ascii", "é-latin"];

    public const int LargeDirectoryEntries = 10_000;

    public static void Create(string root)
    {
        HostTools.RequireRoot();
        Directory.CreateDirectory(root);
        var random = new Random(1234);

        Write(root, "empty-file", []);
        Write(root, "one-block", RandomBytes(random, BlockSize));
        Write(root, "one-block-plus-one", RandomBytes(random, BlockSize + 1));
        Write(root, "small.txt", Encoding.UTF8.GetBytes("hello, squashfs\n"));
        Write(root, "text-3-blocks", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("compressible text line\n", 3 * BlockSize / 23 + 100))));

        // A sparse middle block and an all-zero partial tail.
        var sparse = new byte[(3 * BlockSize) + 777];
        random.NextBytes(sparse.AsSpan(0, BlockSize));
        random.NextBytes(sparse.AsSpan(2 * BlockSize, BlockSize));
        Write(root, "sparse-middle", sparse);
        var zeroTail = new byte[BlockSize + 500];
        random.NextBytes(zeroTail.AsSpan(0, BlockSize));
        Write(root, "zero-tail", zeroTail);
        Write(root, "all-zero", new byte[(2 * BlockSize) + 10]);

        // Duplicates: a large file and a small one, in other directories.
        Directory.CreateDirectory(Path.Combine(root, "dir", "sub", "deeper"));
        Directory.CreateDirectory(Path.Combine(root, "empty-dir"));
        File.Copy(Path.Combine(root, "one-block-plus-one"), Path.Combine(root, "dir", "copy-of-one-block-plus-one"));
        File.Copy(Path.Combine(root, "small.txt"), Path.Combine(root, "dir", "sub", "copy-of-small.txt"));

        // Hard links: three names for one file, across directories.
        ProcessRunner.Output(null, "ln", Path.Combine(root, "small.txt"), Path.Combine(root, "dir", "hard-1"));
        ProcessRunner.Output(null, "ln", Path.Combine(root, "small.txt"), Path.Combine(root, "dir", "sub", "hard-2"));

        File.CreateSymbolicLink(Path.Combine(root, "dir", "link-relative"), "../small.txt");
        File.CreateSymbolicLink(Path.Combine(root, "link-absolute"), "/usr/lib/os-release");
        File.CreateSymbolicLink(Path.Combine(root, "link-dangling"), "does/not/exist");

        ProcessRunner.Output(null, "mknod", "-m", "0620", Path.Combine(root, "char-device"), "c", "1", "3");
        ProcessRunner.Output(null, "mknod", "-m", "0640", Path.Combine(root, "block-device"), "b", "8", "300");
        ProcessRunner.Output(null, "mknod", "-m", "0600", Path.Combine(root, "char-device-big"), "c", "4000", "1048000");
        ProcessRunner.Output(null, "mkfifo", "-m", "0644", Path.Combine(root, "fifo"));
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(root, "socket")));
        }

        Write(root, LongName, Encoding.UTF8.GetBytes("long name\n"));
        foreach (var name in UnicodeNames)
        {
            Write(root, name, Encoding.UTF8.GetBytes(name));
        }

        // Modes and owners.
        ProcessRunner.Output(null, "chmod", "4755", Path.Combine(root, "small.txt"));
        ProcessRunner.Output(null, "chmod", "1777", Path.Combine(root, "dir", "sub"));
        ProcessRunner.Output(null, "chown", "-h", "1000:2000", Path.Combine(root, "dir", "link-relative"));
        ProcessRunner.Output(null, "chown", "4242:0", Path.Combine(root, "one-block"));
        ProcessRunner.Output(null, "chown", "65534:65534", Path.Combine(root, "dir", "sub"));

        // Xattrs: a capability, user.* on files and a directory, trusted.* on kinds that refuse user.*;
        // two files with the same set; a POSIX ACL-like system.* name is not creatable here, so none.
        ProcessRunner.Output(null, "setcap", "cap_net_raw,cap_net_admin+ep", Path.Combine(root, "one-block"));
        ProcessRunner.Output(null, "setfattr", "-n", "user.color", "-v", "blue", Path.Combine(root, "small.txt"));
        ProcessRunner.Output(null, "setfattr", "-n", "user.alpha", "-v", "0x00ff10", Path.Combine(root, "small.txt"));
        ProcessRunner.Output(null, "setfattr", "-n", "user.color", "-v", "blue", Path.Combine(root, "text-3-blocks"));
        ProcessRunner.Output(null, "setfattr", "-n", "user.alpha", "-v", "0x00ff10", Path.Combine(root, "text-3-blocks"));
        ProcessRunner.Output(null, "setfattr", "-n", "user.big", "-v", new string('v', 300), Path.Combine(root, "sparse-middle"));
        ProcessRunner.Output(null, "setfattr", "-n", "user.dir", "-v", "yes", Path.Combine(root, "dir"));
        ProcessRunner.Output(null, "setfattr", "-h", "-n", "trusted.link", "-v", "l", Path.Combine(root, "link-dangling"));
        ProcessRunner.Output(null, "setfattr", "-n", "trusted.fifo", "-v", "f", Path.Combine(root, "fifo"));
        ProcessRunner.Output(null, "setfattr", "-n", "trusted.dev", "-v", "d", Path.Combine(root, "char-device"));

        // A directory of 10 000 entries: several headers, an extended inode with an index.
        string large = Path.Combine(root, "large-dir");
        Directory.CreateDirectory(large);
        for (int i = 0; i < LargeDirectoryEntries; i++)
        {
            string name = LargeDirectoryName(i);
            if (i % 1000 == 0)
            {
                Directory.CreateDirectory(Path.Combine(large, name));
            }
            else
            {
                File.WriteAllBytes(Path.Combine(large, name), i % 3 == 0 ? Encoding.UTF8.GetBytes(name) : []);
            }
        }

        // Future mtimes are clamped to the image timestamp.
        File.SetLastWriteTimeUtc(Path.Combine(root, "small.txt"), new DateTime(2100, 1, 1, 0, 0, 0, DateTimeKind.Utc));
    }

    /// <summary>The name of entry <paramref name="i"/> of the large directory; entries with i % 3 == 0 hold their name.</summary>
    public static string LargeDirectoryName(int i) => $"entry-{i:D5}-{new string('x', i % 40)}";

    public static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static void Write(string root, string name, byte[] content) => File.WriteAllBytes(Path.Combine(root, name), content);
}
