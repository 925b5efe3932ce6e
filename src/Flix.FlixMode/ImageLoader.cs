using System.Text;
using Flix.Core;
using Flix.Core.Tree;
using Flix.Elf;
using Flix.Sysext.ElfFiles;

namespace Flix.FlixMode;

/// <summary>
/// What the image's dynamic loader would do, as far as Flix needs it: its flavor, where it is, the ELF class and
/// machine it loads, its default folders and <c>$LIB</c>/<c>$PLATFORM</c> values (glibc), and the system path that
/// stands for its cache (the image's ld.so.conf folders for glibc, PREFIX/etc/ld-musl-ARCH.path for musl).
/// </summary>
public sealed record ImageLoader
{
    /// <summary>musl's system path when its path file is missing.</summary>
    public static IReadOnlyList<string> MuslDefaultPath { get; } = ["/lib", "/usr/local/lib", "/usr/lib"];

    /// <summary>The largest musl path file read (musl itself reads it whole).</summary>
    private const long MaxPathFileBytes = 1024 * 1024;

    /// <summary>The library names musl's loader answers itself (ldso/dynlink.c: lib + one of these + '.').</summary>
    private static readonly string[] MuslReserved = ["c", "pthread", "rt", "m", "dl", "util", "xnet"];

    public required LoaderFlavor Flavor { get; init; }

    /// <summary>The PT_INTERP string of the image's programs, e.g. /lib64/ld-linux-x86-64.so.2; null when only libraries are copied.</summary>
    public string? Interpreter { get; init; }

    /// <summary>The loader's file in the image, links resolved; null when the image has no loader for the programs.</summary>
    public string? ImagePath { get; init; }

    public required ElfClass Class { get; init; }

    public required ElfMachine Machine { get; init; }

    public required bool IsLittleEndian { get; init; }

    /// <summary>The folders searched last (glibc's SYSTEM_DIRS; for musl its system path).</summary>
    public required IReadOnlyList<string> DefaultDirectories { get; init; }

    /// <summary>The folders standing for the loader cache (glibc: from ld.so.conf); empty for musl.</summary>
    public required IReadOnlyList<string> ConfiguredDirectories { get; init; }

    /// <summary>glibc's <c>$LIB</c>, e.g. lib/x86_64-linux-gnu on Debian, lib64 on Fedora.</summary>
    public required string LibToken { get; init; }

    /// <summary>glibc's <c>$PLATFORM</c> (AT_PLATFORM), e.g. x86_64.</summary>
    public required string Platform { get; init; }

    /// <summary>The file name the loader gets in the sysroot: PT_INTERP's last part, e.g. ld-linux-x86-64.so.2.</summary>
    public string? FileName => Interpreter is null ? null : Interpreter[(Interpreter.LastIndexOf('/') + 1)..];

    /// <summary>musl's ARCH in ld-musl-ARCH.so.1 and ld-musl-ARCH.path, e.g. x86_64; null for glibc.</summary>
    public string? MuslArch =>
        Flavor == LoaderFlavor.Musl && FileName is { } name && name.StartsWith("ld-musl-", StringComparison.Ordinal) && name.IndexOf(".so", StringComparison.Ordinal) is int end and > 8
            ? name[8..end]
            : null;

    /// <summary>Whether a candidate file can be loaded by this loader (glibc skips files of another class or machine).</summary>
    public bool Accepts(ElfFile elf)
    {
        ArgumentNullException.ThrowIfNull(elf);
        return elf.Class == Class && elf.Machine == Machine && elf.IsLittleEndian == IsLittleEndian && elf.Type == ElfType.SharedObject;
    }

    /// <summary>Whether a candidate whose first bytes say <paramref name="identity"/> can be loaded by this loader.</summary>
    public bool Accepts(ElfIdentity identity) =>
        identity.Class == Class && identity.Machine == Machine && identity.IsLittleEndian == IsLittleEndian && identity.Type == ElfType.SharedObject;

    /// <summary>Whether musl's loader answers <paramref name="name"/> itself (libc.so, libc.musl-x86_64.so.1, libpthread.so.0…).</summary>
    public bool ProvidesItself(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Flavor != LoaderFlavor.Musl || !name.StartsWith("lib", StringComparison.Ordinal))
        {
            return false;
        }

        int dot = name.IndexOf('.', StringComparison.Ordinal);
        return dot > 3 && MuslReserved.Contains(name[3..dot], StringComparer.Ordinal);
    }

    /// <summary>
    /// The loader of <paramref name="sample"/> (a program or library of the image): from its PT_INTERP when it has one,
    /// else from the loader files the image holds.
    /// </summary>
    public static ImageLoader Detect(FileTree rootfs, ElfFile sample, string? interpreter)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(sample);
        string? imagePath = null;
        if (interpreter is not null && LoadableName.Problem(interpreter) is { } problem)
        {
            throw new FlixException($"'{sample.FileName}' names the loader (PT_INTERP) '{interpreter}', which is {problem}: no loader can be there.");
        }

        if (interpreter is not null)
        {
            imagePath = RootfsPathResolver.Resolve(rootfs, interpreter, followLast: true) is { Node.Kind: EntryKind.RegularFile } found
                ? found.Path
                : throw new FlixException($"The loader '{interpreter}' that '{sample.FileName}' names is not in the image.");
        }
        else
        {
            (interpreter, imagePath) = FindLoader(rootfs, sample.Machine);
        }

        bool musl = interpreter is not null && Path.GetFileName(interpreter).StartsWith("ld-musl-", StringComparison.Ordinal);
        string? triplet = MultiarchTriplet(sample.Machine, sample.Class, sample.IsLittleEndian);
        bool multiarch = triplet is not null && IsDirectory(rootfs, "/usr/lib/" + triplet);
        bool lib64 = sample.Class == ElfClass.Elf64 && !multiarch && (IsDirectory(rootfs, "/usr/lib64") || IsDirectory(rootfs, "/lib64"));
        IReadOnlyList<string> defaults;
        IReadOnlyList<string> configured;
        string libToken;
        if (musl)
        {
            defaults = MuslSystemPath(rootfs, interpreter!, out string pathFile);
            if (Encoding.UTF8.GetByteCount(Path.GetFileName(pathFile)) > TreeNode.MaxNameBytes)
            {
                throw new FlixException($"The musl loader name '{interpreter}' of '{sample.FileName}' is too long for the name of its path file ({Path.GetFileName(pathFile)}).");
            }

            configured = [];
            libToken = "lib";
        }
        else
        {
            defaults = multiarch ? ["/lib/" + triplet, "/usr/lib/" + triplet, "/lib", "/usr/lib"]
                : lib64 ? ["/lib64", "/usr/lib64"]
                : ["/lib", "/usr/lib"];
            configured = LdSoConfParser.Parse(rootfs);
            libToken = multiarch ? "lib/" + triplet : lib64 ? "lib64" : "lib";
        }

        return new ImageLoader
        {
            Flavor = musl ? LoaderFlavor.Musl : LoaderFlavor.Glibc,
            Interpreter = interpreter,
            ImagePath = imagePath,
            Class = sample.Class,
            Machine = sample.Machine,
            IsLittleEndian = sample.IsLittleEndian,
            DefaultDirectories = defaults,
            ConfiguredDirectories = configured,
            LibToken = libToken,
            Platform = PlatformOf(sample.Machine, sample.Class, sample.IsLittleEndian),
        };
    }

    /// <summary>
    /// musl's system path: PREFIX/etc/ld-musl-ARCH.path where PREFIX is the loader's folder's parent, ':' or newline
    /// separated; the default when the file is missing.
    /// </summary>
    public static IReadOnlyList<string> MuslSystemPath(FileTree rootfs, string interpreter, out string pathFile)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(interpreter);
        string name = Path.GetFileName(interpreter);
        string arch = name.StartsWith("ld-musl-", StringComparison.Ordinal) && name.IndexOf(".so", StringComparison.Ordinal) is int end and > 8 ? name[8..end] : "unknown";
        string loaderFolder = Path.GetDirectoryName(interpreter) ?? "/";
        string prefix = Path.GetDirectoryName(loaderFolder) ?? string.Empty;
        pathFile = (prefix == "/" ? string.Empty : prefix) + "/etc/ld-musl-" + arch + ".path";
        (TreeNode Node, string Path, IReadOnlyList<string> Links)? found;
        try
        {
            found = RootfsPathResolver.Resolve(rootfs, pathFile, followLast: true);
        }
        catch (FlixException)
        {
            return []; // a link loop: musl's open fails with ELOOP, not ENOENT, and it searches no system folder
        }

        if (found is not { Node: { Kind: EntryKind.RegularFile } node })
        {
            return MuslDefaultPath;
        }

        string text = Encoding.UTF8.GetString(ElfNodeReader.ReadAllBytes(node, pathFile, MaxPathFileBytes, "musl path file"));
        return text.Split([':', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).Where(s => s.StartsWith('/')).ToList();
    }

    /// <summary>A loader in the image for programs of <paramref name="machine"/>: the first glibc or musl loader found in the usual places.</summary>
    private static (string? Interpreter, string? ImagePath) FindLoader(FileTree rootfs, ElfMachine machine)
    {
        string[] names = machine switch
        {
            ElfMachine.X86_64 => ["/lib64/ld-linux-x86-64.so.2", "/lib/ld-musl-x86_64.so.1"],
            ElfMachine.AArch64 => ["/lib/ld-linux-aarch64.so.1", "/lib/ld-musl-aarch64.so.1"],
            ElfMachine.I386 => ["/lib/ld-linux.so.2", "/lib/ld-musl-i386.so.1"],
            ElfMachine.Arm => ["/lib/ld-linux-armhf.so.3", "/lib/ld-musl-armhf.so.1"],
            _ => [],
        };
        foreach (var name in names)
        {
            if (RootfsPathResolver.Resolve(rootfs, name, followLast: true) is { Node.Kind: EntryKind.RegularFile } found)
            {
                return (name, found.Path);
            }
        }

        return (null, null);
    }

    private static bool IsDirectory(FileTree rootfs, string path) =>
        RootfsPathResolver.Resolve(rootfs, path, followLast: true) is { Node.IsDirectory: true };

    /// <summary>Debian's multiarch triplet for the machine, or null when Flix does not know it.</summary>
    public static string? MultiarchTriplet(ElfMachine machine, ElfClass elfClass, bool littleEndian) => machine switch
    {
        ElfMachine.X86_64 => "x86_64-linux-gnu",
        ElfMachine.AArch64 => "aarch64-linux-gnu",
        ElfMachine.I386 => "i386-linux-gnu",
        ElfMachine.Arm => "arm-linux-gnueabihf",
        ElfMachine.PowerPC64 => littleEndian ? "powerpc64le-linux-gnu" : "powerpc64-linux-gnu",
        ElfMachine.S390 => elfClass == ElfClass.Elf64 ? "s390x-linux-gnu" : "s390-linux-gnu",
        ElfMachine.RiscV => elfClass == ElfClass.Elf64 ? "riscv64-linux-gnu" : null,
        ElfMachine.LoongArch => "loongarch64-linux-gnu",
        _ => null,
    };

    private static string PlatformOf(ElfMachine machine, ElfClass elfClass, bool littleEndian) => machine switch
    {
        ElfMachine.X86_64 => "x86_64",
        ElfMachine.AArch64 => "aarch64",
        ElfMachine.I386 => "i686",
        ElfMachine.Arm => "v7l",
        ElfMachine.PowerPC64 => littleEndian ? "power8" : "ppc64",
        ElfMachine.S390 => elfClass == ElfClass.Elf64 ? "z13" : "s390",
        ElfMachine.RiscV => "riscv64",
        _ => "unknown",
    };
}
