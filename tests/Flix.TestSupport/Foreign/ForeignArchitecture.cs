namespace Flix.TestSupport.Foreign;

/// <summary>
/// A Debian architecture the tests run programs of: its GNU type (the cross tools' prefix and /usr/TYPE folder of
/// the libc6-ARCH-cross package), its multiarch library folder, the program interpreter its ELF files name, and the
/// qemu-user program that runs them on this machine.
/// </summary>
public sealed record ForeignArchitecture(string Name, string GnuType, string Multiarch, string Interpreter, string Qemu)
{
    public static readonly ForeignArchitecture Amd64 = new("amd64", "x86_64-linux-gnu", "x86_64-linux-gnu", "/lib64/ld-linux-x86-64.so.2", "qemu-x86_64-static");
    public static readonly ForeignArchitecture I386 = new("i386", "i686-linux-gnu", "i386-linux-gnu", "/lib/ld-linux.so.2", "qemu-i386-static");
    public static readonly ForeignArchitecture Arm64 = new("arm64", "aarch64-linux-gnu", "aarch64-linux-gnu", "/lib/ld-linux-aarch64.so.1", "qemu-aarch64-static");
    public static readonly ForeignArchitecture Armhf = new("armhf", "arm-linux-gnueabihf", "arm-linux-gnueabihf", "/lib/ld-linux-armhf.so.3", "qemu-arm-static");
    public static readonly ForeignArchitecture S390x = new("s390x", "s390x-linux-gnu", "s390x-linux-gnu", "/lib/ld64.so.1", "qemu-s390x-static");
    public static readonly ForeignArchitecture Ppc64el = new("ppc64el", "powerpc64le-linux-gnu", "powerpc64le-linux-gnu", "/lib64/ld64.so.2", "qemu-ppc64le-static");
    public static readonly ForeignArchitecture Riscv64 = new("riscv64", "riscv64-linux-gnu", "riscv64-linux-gnu", "/lib/ld-linux-riscv64-lp64d.so.1", "qemu-riscv64-static");

    /// <summary>Every architecture above; the cross packages of each are in tools/install-deps.sh.</summary>
    public static IReadOnlyList<ForeignArchitecture> All { get; } = [Amd64, I386, Arm64, Armhf, S390x, Ppc64el, Riscv64];

    /// <summary>The library folder inside a root file system, e.g. <c>/usr/lib/s390x-linux-gnu</c>.</summary>
    public string LibraryFolder => "/usr/lib/" + Multiarch;

    /// <summary>The architecture named <paramref name="name"/> (a Debian name); throws for one not in the table.</summary>
    public static ForeignArchitecture Get(string name) =>
        All.FirstOrDefault(architecture => architecture.Name == name) ?? throw new ArgumentException($"No foreign architecture '{name}' is known to the tests.", nameof(name));
}
