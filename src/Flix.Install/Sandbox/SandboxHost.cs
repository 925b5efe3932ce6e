using System.Runtime.InteropServices;
using Flix.Core.Interop;
using Flix.Elf;

namespace Flix.Install.Sandbox;

/// <summary>
/// What the sandbox needs to know about the machine it runs on: who runs it, the kernel, the processor, where the
/// subordinate id files and binfmt_misc are. <see cref="Current"/> reads the real machine; tests give other values.
/// </summary>
public sealed record SandboxHost
{
    /// <summary>The effective user id of this process.</summary>
    public required uint UserId { get; init; }

    /// <summary>The effective group id of this process.</summary>
    public required uint GroupId { get; init; }

    /// <summary>The user's name, when the system knows one.</summary>
    public string? UserName { get; init; }

    /// <summary>The kernel's version (major.minor).</summary>
    public required Version KernelVersion { get; init; }

    /// <summary>The machine of this process's programs.</summary>
    public required ElfMachine Machine { get; init; }

    public string SubuidFile { get; init; } = "/etc/subuid";

    public string SubgidFile { get; init; } = "/etc/subgid";

    /// <summary>The host's binfmt_misc folder (read, never written).</summary>
    public string BinfmtFolder { get; init; } = "/proc/sys/fs/binfmt_misc";

    /// <summary>The PATH programs (unshare, newuidmap, qemu-*-static) are looked up in.</summary>
    public string SearchPath { get; init; } = Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin";

    public bool IsRoot => UserId == 0;

    /// <summary>The machine this process runs on.</summary>
    public static SandboxHost Current() => new()
    {
        UserId = Libc.GetEUid(),
        GroupId = Libc.GetEGid(),
        UserName = SafeUserName(),
        KernelVersion = KernelRelease(),
        Machine = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => ElfMachine.X86_64,
            Architecture.Arm64 => ElfMachine.AArch64,
            Architecture.X86 => ElfMachine.I386,
            Architecture.Arm or Architecture.Armv6 => ElfMachine.Arm,
            Architecture.RiscV64 => ElfMachine.RiscV,
            Architecture.S390x => ElfMachine.S390,
            Architecture.Ppc64le => ElfMachine.PowerPC64,
            Architecture.LoongArch64 => ElfMachine.LoongArch,
            _ => ElfMachine.None,
        },
    };

    /// <summary>The full path of <paramref name="program"/> in <see cref="SearchPath"/>, or null.</summary>
    public string? Find(string program)
    {
        foreach (var folder in SearchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, program);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    private static string? SafeUserName()
    {
        try
        {
            return Environment.UserName;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static Version KernelRelease()
    {
        try
        {
            string release = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
            var parts = release.Split('.', '-');
            return parts.Length >= 2 && int.TryParse(parts[0], out int major) && int.TryParse(parts[1], out int minor)
                ? new Version(major, minor)
                : new Version(0, 0);
        }
        catch (IOException)
        {
            return new Version(0, 0);
        }
    }
}
