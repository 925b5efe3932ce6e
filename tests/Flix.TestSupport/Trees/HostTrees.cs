using Flix.Core.Tree;
using Flix.Elf;

namespace Flix.TestSupport.Trees;

/// <summary>Small image trees with real ELF bytes taken from this machine's own programs and libraries.</summary>
public static class HostTrees
{
    /// <summary>A small x86-64 shared library of this machine (Debian 12), used as the bytes of every library in a test image.</summary>
    public const string HostLibrary = "/lib/x86_64-linux-gnu/libz.so.1";

    private static readonly Lazy<byte[]> LibraryBytes = new(() => File.ReadAllBytes(HostLibrary));

    public static TreeNode Text(string text, uint mode = 0x1A4) => TreeNode.CreateFile(MemoryFileContent.FromText(text), mode);

    /// <summary>A file of this machine, read when needed.</summary>
    public static TreeNode HostFile(string path) => TreeNode.CreateFile(new DiskFileContent(path, new FileInfo(path).Length), 0x1ED);

    /// <summary>
    /// A merged-/usr Debian-like image made of this machine's own (Debian 12) /usr/bin/ls (also as usr/sbin/ls-admin
    /// and, through two links, usr/bin/dir), its libraries (unless left out) and loader, a data file and a script.
    /// </summary>
    public static FileTree HostLsImage(params string[] leftOut)
    {
        const string multiarch = "usr/lib/x86_64-linux-gnu";
        var tree = new FileTree();
        tree.Add("usr/bin/ls", HostFile("/usr/bin/ls"));
        tree.Add("usr/sbin/ls-admin", HostFile("/usr/bin/ls"));
        tree.Add("usr/bin/dir", TreeNode.CreateSymlink("/etc/alternatives/dir"));
        tree.Add("etc/alternatives/dir", TreeNode.CreateSymlink("/usr/bin/ls"));
        foreach (var name in new[] { "libc.so.6", "libselinux.so.1", "libpcre2-8.so.0", "ld-linux-x86-64.so.2", "libgcc_s.so.1" }.Except(leftOut))
        {
            tree.Add(multiarch + "/" + name, HostFile("/lib/x86_64-linux-gnu/" + name));
        }

        tree.Add("lib64/ld-linux-x86-64.so.2", TreeNode.CreateSymlink("/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"));
        tree.Add("lib", TreeNode.CreateSymlink("usr/lib"));
        tree.Add("usr/share/demo/data.txt", Text("data"));
        tree.Add("usr/bin/script", Text("#!/usr/bin/python3\n", 0x1ED));
        tree.Add("usr/bin/python3", Text("not really", 0x1ED));
        return tree;
    }

    /// <summary>
    /// Writes the smallest image of this machine's ls into the new folder <paramref name="root"/>: the program, its
    /// libraries in usr/lib/x86_64-linux-gnu and the loader linked from lib64, as a `dir:` source. Returns the root.
    /// </summary>
    public static string WriteHostLsRoot(string root)
    {
        string libraries = Path.Combine(root, "usr/lib/x86_64-linux-gnu");
        Directory.CreateDirectory(libraries);
        Directory.CreateDirectory(Path.Combine(root, "usr/bin"));
        Directory.CreateDirectory(Path.Combine(root, "lib64"));
        File.Copy("/usr/bin/ls", Path.Combine(root, "usr/bin/ls"));
        foreach (var name in new[] { "libc.so.6", "libselinux.so.1", "libpcre2-8.so.0", "ld-linux-x86-64.so.2" })
        {
            File.Copy("/lib/x86_64-linux-gnu/" + name, Path.Combine(libraries, name));
        }

        File.CreateSymbolicLink(Path.Combine(root, "lib64/ld-linux-x86-64.so.2"), "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2");
        return root;
    }

    /// <summary>A real x86-64 library.</summary>
    public static TreeNode Library() => TreeNode.CreateFile(new MemoryFileContent(LibraryBytes.Value), 0x1ED);

    /// <summary>The same library claiming another machine (AArch64): the loader must skip it.</summary>
    public static TreeNode ForeignLibrary()
    {
        var bytes = LibraryBytes.Value.ToArray();
        bytes[18] = (byte)ElfMachine.AArch64; // e_machine, little-endian
        bytes[19] = 0;
        return TreeNode.CreateFile(new MemoryFileContent(bytes), 0x1ED);
    }

    /// <summary>A library with the given DT_RUNPATH or DT_RPATH, made with Flix.Elf from the host library.</summary>
    public static TreeNode LibraryWith(string? runPath = null, string? rPath = null)
    {
        var elf = ElfFile.Parse(LibraryBytes.Value, HostLibrary);
        return TreeNode.CreateFile(new MemoryFileContent(elf.Patch(new ElfPatch { RunPath = runPath, RPath = rPath })), 0x1ED);
    }
}
