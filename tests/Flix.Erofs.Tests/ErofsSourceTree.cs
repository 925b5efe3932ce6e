using System.Text;
using Flix.TestSupport.Processes;

namespace Flix.Erofs.Tests;

/// <summary>
/// A directory with what an extension image holds and what stresses EROFS's layouts: files around the 4 KiB block
/// and logical-cluster sizes, well and badly compressible data (plain, inline-tail and compressed layouts, big
/// physical clusters, tail packing), a multi-block directory, every file type, hard links, xattrs, owners beyond
/// 16 bits (extended inodes). Needs root (mknod, chown, security.* xattrs).
/// </summary>
internal static class ErofsSourceTree
{
    public const int ManyEntries = 700;

    public static void Create(string root)
    {
        if (Flix.Core.Interop.Libc.GetEUid() != 0)
        {
            Assert.Fail("The EROFS reader tests create devices, owners and security.* xattrs and must run as root.");
        }

        string files = Directory.CreateDirectory(Path.Combine(root, "usr/share/files")).FullName;
        foreach (int size in new[] { 0, 1, 100, 4095, 4096, 4097, 8191, 8192, 8193, 65535, 65536, 65537, 300_000 })
        {
            File.WriteAllBytes(Path.Combine(files, $"text-{size}"), Text(size, size));
            File.WriteAllBytes(Path.Combine(files, $"random-{size}"), Random(size, size + 1));
        }

        File.WriteAllBytes(Path.Combine(files, "zeros-5M"), new byte[5_000_000]);
        var mixed = new MemoryStream();
        for (int i = 0; i < 40; i++)
        {
            mixed.Write(i % 3 == 0 ? Random(10_000 + i, i) : Text(20_000 + i, i));
        }

        File.WriteAllBytes(Path.Combine(files, "mixed"), mixed.ToArray());

        string many = Directory.CreateDirectory(Path.Combine(root, "usr/share/many")).FullName;
        for (int i = 0; i < ManyEntries; i++)
        {
            File.WriteAllText(Path.Combine(many, $"entry-with-a-fairly-long-name-{i:D4}"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        File.WriteAllText(Path.Combine(many, new string('n', 254)), "long name\n");
        File.WriteAllText(Path.Combine(many, "日本語-ä-😀"), "utf-8\n");

        string bin = Directory.CreateDirectory(Path.Combine(root, "usr/bin")).FullName;
        File.WriteAllText(Path.Combine(bin, "tool"), "#!/bin/sh\necho tool\n");
        File.SetUnixFileMode(Path.Combine(bin, "tool"), (UnixFileMode)Convert.ToInt32("4755", 8));
        File.CreateSymbolicLink(Path.Combine(bin, "tool-link"), "tool");
        File.CreateSymbolicLink(Path.Combine(bin, "long-link"), string.Concat(Enumerable.Repeat("long/target/", 300)));
        ProcessRunner.Output(null, "ln", Path.Combine(bin, "tool"), Path.Combine(root, "usr/share/hard-link-to-tool"));

        string special = Directory.CreateDirectory(Path.Combine(root, "usr/lib/special")).FullName;
        ProcessRunner.Output(null, "mknod", Path.Combine(special, "null"), "c", "1", "3");
        ProcessRunner.Output(null, "mknod", Path.Combine(special, "big-minor"), "b", "259", "70000");
        ProcessRunner.Output(null, "mkfifo", Path.Combine(special, "fifo"));
        Directory.CreateDirectory(Path.Combine(root, "usr/lib/empty-dir"));

        string owned = Path.Combine(special, "owned-by-70000");
        File.WriteAllText(owned, "owner beyond 16 bits\n");
        ProcessRunner.Output(null, "chown", "70000:80000", owned);
        ProcessRunner.Output(null, "chown", "1000:1000", Path.Combine(files, "text-100"));
        ProcessRunner.Output(null, "setfattr", "-n", "user.flix", "-v", "a value", Path.Combine(files, "text-4096"));
        ProcessRunner.Output(null, "setfattr", "-n", "trusted.flix", "-v", "0x00ff00", Path.Combine(files, "text-4096"));
        ProcessRunner.Output(null, "setfattr", "-n", "security.capability", "-v", "0x0100000200200000000000000000000000000000", Path.Combine(bin, "tool"));
    }

    /// <summary>Compressible text of <paramref name="size"/> bytes, different per <paramref name="seed"/>.</summary>
    private static byte[] Text(int size, int seed)
    {
        var builder = new StringBuilder(size + 64);
        for (int line = 0; builder.Length < size; line++)
        {
            builder.Append("line ").Append(line).Append(" of seed ").Append(seed).Append(": the quick brown fox\n");
        }

        return Encoding.ASCII.GetBytes(builder.ToString(0, size));
    }

    private static byte[] Random(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
