using Flix.Elf;

namespace Flix.Install.Sandbox;

/// <summary>
/// Decides how an image's programs will run: natively when its /bin/sh is for this machine; else through the host's
/// binfmt_misc entry for qemu-user when one matches and has the F flag (its emulator opened at registration, so it
/// runs inside any root); else, on kernels from 6.7 on, through qemu-user-static registered in a private binfmt_misc
/// instance of Flix's own user namespace (never in the host's); else it says which package to install.
/// </summary>
public static class EmulationPlanner
{
    /// <summary>binfmt_misc can be mounted in a user namespace since Linux 6.7.</summary>
    public static readonly Version PrivateBinfmtKernel = new(6, 7);

    /// <summary>The largest binfmt_misc entry file read.</summary>
    private const int MaxEntryBytes = 64 * 1024;

    public static Emulation Plan(string rootfs, SandboxHost host)
    {
        ArgumentNullException.ThrowIfNull(rootfs);
        ArgumentNullException.ThrowIfNull(host);
        var header = ShellHeader(rootfs);
        var machine = MachineOf(header);
        if (machine == host.Machine)
        {
            return Emulation.Native;
        }

        var emulator = QemuEmulator.For(machine)
            ?? throw new SandboxException($"The image's /bin/sh is for the machine {machine}, which Flix cannot emulate on this {host.Machine} machine.");
        if (HostEntry(host, header, rootfs) is { } entry)
        {
            return new Emulation(emulator.Name, entry, null);
        }

        string package = "qemu-user-static";
        if (host.KernelVersion < PrivateBinfmtKernel)
        {
            throw new SandboxException(
                $"The image is for {emulator.Name}: running its programs on this {host.Machine} machine needs qemu-user registered in the host's binfmt_misc "
                + $"with the F flag (install the package {package} and enable its binfmt entries); Linux {host.KernelVersion} is older than 6.7, "
                + "where Flix could register it privately.");
        }

        string interpreter = host.Find(emulator.ProgramName)
            ?? throw new SandboxException(
                $"The image is for {emulator.Name}: running its programs on this {host.Machine} machine needs {emulator.ProgramName}; install the package {package}.");
        return new Emulation(emulator.Name, null, emulator.RegistrationLine(interpreter));
    }

    /// <summary>The first bytes of the image's /bin/sh (links followed inside the image).</summary>
    private static byte[] ShellHeader(string rootfs)
    {
        string shell = ConfinedPath.Resolve(rootfs, "/bin/sh") is { } path && File.Exists(path)
            ? path
            : throw new SandboxException($"The image has no /bin/sh ({Path.Combine(rootfs, "bin/sh")}), which Flix runs the commands with.");
        var header = new byte[QemuEmulator.HeaderLength];
        using var stream = new FileStream(shell, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.None);
        int read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length || !header.AsSpan(0, 4).SequenceEqual("\u007fELF"u8))
        {
            throw new SandboxException($"The image's /bin/sh ({shell}) is not an ELF program.");
        }

        return header;
    }

    private static ElfMachine MachineOf(byte[] header)
    {
        const int dataOffset = 5;
        const int machineOffset = 18;
        ushort machine = header[dataOffset] == 2
            ? System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(machineOffset))
            : System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(machineOffset));
        return (ElfMachine)machine;
    }

    /// <summary>The name of an enabled host entry whose magic matches <paramref name="header"/> and that can run in the image's root.</summary>
    private static string? HostEntry(SandboxHost host, byte[] header, string rootfs)
    {
        if (!File.Exists(Path.Combine(host.BinfmtFolder, "status")))
        {
            return null; // binfmt_misc is not mounted
        }

        try
        {
            if (File.ReadAllText(Path.Combine(host.BinfmtFolder, "status")).Trim() != "enabled")
            {
                return null;
            }

            foreach (var file in Directory.EnumerateFiles(host.BinfmtFolder).Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileName(file);
                if (name is "status" or "register" || new FileInfo(file).Length > MaxEntryBytes)
                {
                    continue;
                }

                if (BinfmtEntry.Parse(File.ReadAllText(file)) is { Enabled: true, Offset: 0 } entry
                    && QemuEmulator.Matches(header, entry.Magic, entry.Mask)
                    && (entry.Flags.Contains('F', StringComparison.Ordinal) || ConfinedPath.Resolve(rootfs, entry.Interpreter) is not null))
                {
                    return name;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }
}
