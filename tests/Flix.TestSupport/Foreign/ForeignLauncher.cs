using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Foreign;

/// <summary>
/// How to run the programs of a root file system of another architecture from this machine: directly when the kernel
/// executes them (x86-64, and i386 where the kernel has IA32 emulation enabled), else through qemu-user
/// (<c>qemu-ARCH-static -L ROOT ROOT/PROGRAM</c> for the originals). Nothing is registered in binfmt_misc: qemu is
/// named on the command line.
/// </summary>
public static class ForeignLauncher
{
    /// <summary>The program to put before each program path ("" to run it directly), checked to be installed.</summary>
    public static string For(ForeignArchitecture architecture, string root)
    {
        string launcher = RunsNatively(architecture, root) ? string.Empty : architecture.Qemu;
        if (launcher.Length > 0)
        {
            HostTools.Require(launcher);
        }

        return launcher;
    }

    /// <summary>
    /// Whether this kernel executes <paramref name="architecture"/>'s programs itself: the machine's own architecture
    /// does; i386 on x86-64 only when IA32 emulation is enabled, which is probed by executing the tree's own loader (a
    /// kernel without it answers ENOEXEC, "Exec format error"); others never (a binfmt_misc handler would hide qemu).
    /// </summary>
    public static bool RunsNatively(ForeignArchitecture architecture, string root)
    {
        if (architecture == ForeignArchitecture.Amd64 && RuntimeInformation.OSArchitecture == Architecture.X64)
        {
            return true;
        }

        if (architecture != ForeignArchitecture.I386 || RuntimeInformation.OSArchitecture != Architecture.X64)
        {
            return false;
        }

        string loader = Path.Combine(root, architecture.LibraryFolder.TrimStart('/'), Path.GetFileName(architecture.Interpreter));
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(loader, ["--version"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            probe.StandardOutput.ReadToEnd();
            probe.WaitForExit();
            return probe.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false; // ENOEXEC: the kernel does not run i386 programs
        }
    }
}
