using System.Text;
using Flix.Core.Interop;

namespace Flix.HostileRoot.Tests.Support;

/// <summary>
/// A root folder on disk for a <c>dir:</c> source, made from this machine's C libraries and the corpus programs,
/// with helpers that put hostile entries into it: links, loops, fifos, devices, sparse files of any size.
/// </summary>
public sealed class HostileTree
{
    public const string Multiarch = "usr/lib/x86_64-linux-gnu";

    private const uint CharacterDeviceType = 0x2000, FifoType = 0x1000;

    private HostileTree(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// A merged-/usr Debian-like glibc root: /usr/bin/prog and /usr/bin/needy, libflixstub.so.1, libc and the loader
    /// in the multiarch folder, /lib64/ld-linux-x86-64.so.2 as a link, and an ld.so.conf including ld.so.conf.d/*.conf.
    /// </summary>
    public static HostileTree Glibc(string path, Programs programs)
    {
        var root = new HostileTree(path);
        Directory.CreateDirectory(path);
        root.Copy("usr/bin/prog", programs.Program, 0x1ED);
        root.Copy("usr/bin/needy", programs.Needy, 0x1ED);
        root.Copy(Multiarch + "/libflixstub.so.1", programs.Stub, 0x1ED);
        root.Copy(Multiarch + "/libc.so.6", "/lib/x86_64-linux-gnu/libc.so.6", 0x1ED);
        root.Copy(Multiarch + "/ld-linux-x86-64.so.2", "/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2", 0x1ED);
        root.Link("usr/lib64/ld-linux-x86-64.so.2", "/" + Multiarch + "/ld-linux-x86-64.so.2");
        root.Link("lib64", "usr/lib64");
        root.Link("lib", "usr/lib");
        root.Link("bin", "usr/bin");
        Directory.CreateDirectory(root.Full("usr/sbin"));
        root.Link("sbin", "usr/sbin");
        root.Write("etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n");
        root.Write("etc/ld.so.conf.d/libc.conf", "/usr/local/lib\n");
        root.Write("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
        Directory.CreateDirectory(root.Full("usr/local/lib"));
        Directory.CreateDirectory(root.Full("var/tmp"));
        Directory.CreateDirectory(root.Full("tmp"));
        Directory.CreateDirectory(root.Full("home"));
        return root;
    }

    /// <summary>A musl root: /usr/bin/mprog, the loader in /lib and its path file /etc/ld-musl-x86_64.path.</summary>
    public static HostileTree Musl(string path, Programs programs)
    {
        var root = new HostileTree(path);
        Directory.CreateDirectory(path);
        root.Copy("usr/bin/mprog", programs.Musl, 0x1ED);
        root.Copy("lib/ld-musl-x86_64.so.1", "/lib/ld-musl-x86_64.so.1", 0x1ED);
        root.Write("etc/ld-musl-x86_64.path", "/lib\n/usr/lib\n");
        Directory.CreateDirectory(root.Full("usr/lib"));
        return root;
    }

    /// <summary>The host path of <paramref name="relative"/> in the root.</summary>
    public string Full(string relative) => System.IO.Path.Combine(Path, relative.TrimStart('/'));

    public byte[] Read(string relative) => File.ReadAllBytes(Full(relative));

    public void Write(string relative, string text, uint mode = 0x1A4) => Write(relative, Encoding.UTF8.GetBytes(text), mode);

    public void Write(string relative, byte[] bytes, uint mode = 0x1A4)
    {
        // A new file, never truncated: ext4 flushes files truncated and rewritten at once, which makes tens of
        // thousands of them slow to remove again.
        string path = Prepare(relative);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(bytes);
        }

        File.SetUnixFileMode(path, (UnixFileMode)mode);
    }

    public void Copy(string relative, string source, uint mode) => Write(relative, File.ReadAllBytes(source), mode);

    public void Link(string relative, string target) => File.CreateSymbolicLink(Prepare(relative), target);

    public void Fifo(string relative) => Node(relative, FifoType | 0x1A4, 0, 0);

    public void CharacterDevice(string relative, uint major, uint minor) => Node(relative, CharacterDeviceType | 0x1B6, major, minor);

    /// <summary>A sparse file of <paramref name="size"/> bytes that starts with <paramref name="head"/> (holes after it).</summary>
    public void Sparse(string relative, long size, byte[]? head = null, uint mode = 0x1ED)
    {
        string path = Prepare(relative);
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            stream.Write(head ?? []);
            stream.SetLength(size);
        }

        File.SetUnixFileMode(path, (UnixFileMode)mode);
    }

    /// <summary>Removes an entry of the root (a file or a link, never what it points at).</summary>
    public void Remove(string relative) => File.Delete(Full(relative));

    private void Node(string relative, uint mode, uint major, uint minor)
    {
        string path = Prepare(relative);
        Assert.True(Libc.MkNod(path, mode, Libc.MakeDev(major, minor)) == 0, $"mknod {path}: {Libc.LastErrorText()}");
    }

    private string Prepare(string relative)
    {
        string path = Full(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        if (System.IO.Path.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            File.Delete(path);
        }

        return path;
    }
}
