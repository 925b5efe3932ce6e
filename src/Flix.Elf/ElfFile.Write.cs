namespace Flix.Elf;

public sealed partial class ElfFile
{
    /// <summary>
    /// Writes this file with <paramref name="patch"/> applied to <paramref name="destinationPath"/> atomically: a temporary
    /// file in the destination's folder, flushed to disk unless <paramref name="flushToDisk"/> is false, then renamed over it.
    /// Readers see the old file or the new one either way; the flush adds that a crash right after the rename cannot leave
    /// an empty file. The result keeps the destination's
    /// permission bits when it exists, else this file's. When the destination is this very file and the patch changes
    /// nothing, the file is left untouched.
    /// </summary>
    /// <returns>Whether the file's contents changed.</returns>
    public bool PatchTo(ElfPatch patch, string destinationPath, bool flushToDisk = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(destinationPath);
        byte[]? patched = PatchOrNull(patch);

        // A link is written through to the file it points at, as an in-place edit would; the link stays a link.
        string destination = ResolveFinalPath(destinationPath);
        if (patched is null && File.Exists(FileName) && ResolveFinalPath(FileName) == destination)
        {
            return false;
        }

        var mode = File.Exists(destination) ? File.GetUnixFileMode(destination)
            : File.Exists(FileName) ? File.GetUnixFileMode(FileName)
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        string directory = Path.GetDirectoryName(destination) ?? ".";
        string temporary = Path.Combine(directory, $".{Path.GetFileName(destination)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            }))
            {
                stream.Write(patched ?? Bytes.Span);
                stream.Flush(flushToDisk);
            }

            File.SetUnixFileMode(temporary, mode);
            File.Move(temporary, destination, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        return patched is not null;
    }

    private static string ResolveFinalPath(string path)
    {
        var info = new FileInfo(Path.GetFullPath(path));
        return info.LinkTarget is null ? info.FullName : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? info.FullName;
    }
}
