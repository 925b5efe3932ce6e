using System.Buffers.Binary;
using System.Text;
using Flix.Erofs.Format;

namespace Flix.Erofs.Reading;

public sealed partial class ErofsImage
{
    /// <summary>A directory's data larger than this is refused (millions of entries; bounds memory on hostile sizes).</summary>
    private const long MaxDirectorySize = 64L * 1024 * 1024;

    /// <summary>A symlink target longer than PATH_MAX - 1 cannot exist.</summary>
    private const long MaxLinkTargetSize = 4095;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>
    /// The entries of a directory in stored order, without "." and "..": each block holds its dirents, then their
    /// names; a name ends where the next one starts, the last at the block's end or its first NUL.
    /// </summary>
    private IEnumerable<(string Name, ulong Nid, int FileType)> ReadDirectory(ErofsInode directory, string path)
    {
        var data = ReadSmallData(directory, path, MaxDirectorySize, "directory");
        int blockSize = BlockSize;
        string previous = string.Empty;
        for (int blockStart = 0; blockStart < data.Length; blockStart += blockSize)
        {
            var block = data.AsSpan(blockStart, Math.Min(blockSize, data.Length - blockStart));
            foreach (var entry in ParseDirectoryBlock(block, directory, path, blockStart))
            {
                if (entry.Name is "." or "..")
                {
                    continue;
                }

                if (string.CompareOrdinal(entry.Name, previous) <= 0 && previous.Length > 0)
                {
                    ThrowHelper.Invalid(Name, $"directory '{path}' (nid {directory.Nid}) lists '{entry.Name}' after '{previous}', out of order or twice.");
                }

                previous = entry.Name;
                yield return entry;
            }
        }
    }

    private List<(string Name, ulong Nid, int FileType)> ParseDirectoryBlock(ReadOnlySpan<byte> block, ErofsInode directory, string path, int blockStart)
    {
        string where = $"directory '{path}' (nid {directory.Nid}), block at data offset {blockStart}";
        if (block.Length < ErofsConstants.DirentSize)
        {
            ThrowHelper.Invalid(Name, $"{where}: {block.Length} bytes cannot hold a directory entry.");
        }

        int firstName = BinaryPrimitives.ReadUInt16LittleEndian(block[DirentLayout.NameOffset..]);
        if (firstName % ErofsConstants.DirentSize != 0 || firstName == 0 || firstName > block.Length)
        {
            ThrowHelper.Invalid(Name, $"{where}: the first name offset {firstName} is not a whole number of entries inside the block.");
        }

        int count = firstName / ErofsConstants.DirentSize;
        var entries = new List<(string, ulong, int)>(count);
        for (int i = 0; i < count; i++)
        {
            var dirent = block.Slice(i * ErofsConstants.DirentSize, ErofsConstants.DirentSize);
            int start = BinaryPrimitives.ReadUInt16LittleEndian(dirent[DirentLayout.NameOffset..]);
            int end = i + 1 < count
                ? BinaryPrimitives.ReadUInt16LittleEndian(block[(((i + 1) * ErofsConstants.DirentSize) + DirentLayout.NameOffset)..])
                : block.Length;
            if (start < firstName || end > block.Length || end <= start)
            {
                ThrowHelper.Invalid(Name, $"{where}: entry {i} has its name at {start}..{end}, outside the names of the block.");
            }

            var raw = block[start..end];
            if (i + 1 == count && raw.IndexOf((byte)0) is int nul and >= 0)
            {
                raw = raw[..nul];
            }

            if (raw.Length is 0 or > ErofsConstants.MaxNameLength || raw.IndexOf((byte)'/') >= 0 || raw.IndexOf((byte)0) >= 0)
            {
                ThrowHelper.Invalid(Name, $"{where}: entry {i} has a name of {raw.Length} bytes that is empty, too long or holds '/' or NUL.");
            }

            entries.Add((
                StrictUtf8.GetString(raw),
                BinaryPrimitives.ReadUInt64LittleEndian(dirent[DirentLayout.Nid..]),
                dirent[DirentLayout.FileType]));
        }

        return entries;
    }

    private string ReadLinkTarget(ErofsInode inode, string path)
    {
        var data = ReadSmallData(inode, path, MaxLinkTargetSize, "symlink");
        if (data.Length == 0 || Array.IndexOf(data, (byte)0) >= 0)
        {
            ThrowHelper.Invalid(Name, $"the symlink '{path}' (nid {inode.Nid}) has an empty target or one holding NUL.");
        }

        return StrictUtf8.GetString(data);
    }
}
