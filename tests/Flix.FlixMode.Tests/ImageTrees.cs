using Flix.Elf;
using Flix.FlixMode;

namespace Flix.FlixMode.Tests;

/// <summary>Loader descriptions for the Flix mode tests' image trees (<see cref="Flix.TestSupport.Trees.HostTrees"/>).</summary>
internal static class ImageTrees
{
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
