using Flix.Core.Tree;
using Flix.Elf;
using Flix.FlixMode;

namespace Flix.FlixMode.Tests;

/// <summary>Small image trees for the Flix mode tests, with real ELF bytes taken from this machine's libraries.</summary>
internal static class ImageTrees
{
    /// <summary>A small x86-64 shared library of this machine (Debian 12), used as the bytes of every library in a test image.</summary>
    public const string HostLibrary = "/lib/x86_64-linux-gnu/libz.so.1";

    private static readonly Lazy<byte[]> LibraryBytes = new(() => File.ReadAllBytes(HostLibrary));

    public static TreeNode Text(string text, uint mode = 0x1A4) => TreeNode.CreateFile(MemoryFileContent.FromText(text), mode);

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

    /// <summary>A glibc loader description for an x86-64 Debian image.</summary>
    public static ImageLoader DebianLoader(IReadOnlyList<string>? configured = null) => new()
    {
        Flavor = LoaderFlavor.Glibc,
        Interpreter = "/lib64/ld-linux-x86-64.so.2",
        ImagePath = "/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2",
        Class = ElfClass.Elf64,
        Machine = ElfMachine.X86_64,
        IsLittleEndian = true,
        DefaultDirectories = ["/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib"],
        ConfiguredDirectories = configured ?? [],
        LibToken = "lib/x86_64-linux-gnu",
        Platform = "x86_64",
    };

    public static ImageLoader MuslLoader(IReadOnlyList<string> systemPath) => new()
    {
        Flavor = LoaderFlavor.Musl,
        Interpreter = "/lib/ld-musl-x86_64.so.1",
        ImagePath = "/lib/ld-musl-x86_64.so.1",
        Class = ElfClass.Elf64,
        Machine = ElfMachine.X86_64,
        IsLittleEndian = true,
        DefaultDirectories = systemPath,
        ConfiguredDirectories = [],
        LibToken = "lib",
        Platform = "x86_64",
    };
}
