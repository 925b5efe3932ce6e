using System.Runtime.InteropServices;
using Flix.Core.Interop;

namespace Flix.Core.IO;

/// <summary>
/// The folder outputs are published in (--output). <see cref="Check"/> runs before a build spends minutes on downloads
/// and installs, and makes nothing (a failed build leaves no folder behind); <see cref="Prepare"/> makes it when the
/// outputs are written. Either way an unusable folder is one line naming it and the system's reason.
/// </summary>
public static class OutputFolder
{
    private const int EEXIST = 17;
    private const int AtCurrentDirectory = -100;
    private const int WriteAndSearch = 2 | 1;
    private const int AtEffectiveIds = 0x200;

    /// <summary>
    /// Checks that <paramref name="path"/> is a writable folder, or could be made as one; makes nothing, and writes
    /// nothing outside it: an existing folder is tried with a file of its own, the parent of a missing one is only
    /// asked (faccessat), so a file system that refuses new entries anyway is found when the folder is made.
    /// </summary>
    /// <exception cref="FlixException">It could not.</exception>
    public static void Check(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        string existing = full;
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing) || new FileInfo(existing).LinkTarget is not null)
            {
                throw new FlixException($"Cannot make the output folder '{full}': '{existing}' is not a folder.");
            }

            existing = Path.GetDirectoryName(existing)!;
        }

        if (existing == full)
        {
            Probe(full);
        }
        else if (Libc.FAccessAt(AtCurrentDirectory, existing, WriteAndSearch, AtEffectiveIds) != 0)
        {
            throw Failure(existing, full, Libc.LastErrorText());
        }
    }

    /// <summary>Makes <paramref name="path"/> and its missing parents, and checks a file can be created in it; its full path.</summary>
    /// <exception cref="FlixException">The folder cannot be made or written to.</exception>
    public static string Prepare(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        Make(full, full);
        Probe(full);
        return full;
    }

    /// <summary>
    /// Null when a new file can be created in the existing <paramref name="folder"/>, else the system's reason. It tries
    /// what publishing does: a new hidden file, then gone.
    /// </summary>
    public static string? WhyNotWritable(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        string probe = AtomicFile.TemporaryPathFor(Path.Combine(folder, "output"), "probe");
        using var handle = Libc.Own(Libc.Open(probe, Libc.OWrOnly | Libc.OCreat | Libc.OExcl | Libc.ONoFollow | Libc.OCloExec, 0x180));
        if (handle is null)
        {
            return Libc.LastErrorText();
        }

        File.Delete(probe);
        return null;
    }

    private static void Probe(string output)
    {
        if (WhyNotWritable(output) is { } reason)
        {
            // Not a folder there: another entry has its name (mkdir said EEXIST), so it could not be made.
            throw Directory.Exists(output) ? new FlixException($"Cannot write to the output folder '{output}': {reason}.") : Failure(output, output, reason);
        }
    }

    private static void Make(string folder, string output)
    {
        if (Directory.Exists(folder))
        {
            return;
        }

        if (Path.GetDirectoryName(folder) is { } parent)
        {
            Make(parent, output);
        }

        // EEXIST: made meanwhile, or not a folder (then the probe names the problem).
        if (Libc.MkDir(folder, 0x1FF) != 0 && Marshal.GetLastPInvokeError() != EEXIST)
        {
            throw Failure(folder, output, Libc.LastErrorText());
        }
    }

    /// <summary>The output folder cannot be made: <paramref name="folder"/>, it or a parent, refused with <paramref name="reason"/>.</summary>
    private static FlixException Failure(string folder, string output, string reason) =>
        new(folder == output ? $"Cannot make the output folder '{output}': {reason}." : $"Cannot make the output folder '{output}': '{folder}': {reason}.");
}
