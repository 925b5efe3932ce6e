using System.Buffers.Binary;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Reading;

public sealed partial class SquashFsImage
{
    /// <summary>
    /// The entries of a directory listing, checked: header counts, names, types, inode numbers, strictly
    /// ascending byte order. Read in full before it is returned, so a caller sees a listing whole or an error.
    /// </summary>
    internal List<DirectoryEntry> ReadDirectory(Inode directory, string path)
    {
        var entries = new List<DirectoryEntry>();
        long listing = (long)directory.FileSize - 3;
        if (listing == 0)
        {
            return entries;
        }

        long tableStart = (long)Superblock.DirectoryTableStart;
        ulong reference = ((ulong)directory.DirectoryBlockStart << 16) | directory.DirectoryOffset;
        var cursor = Cursor(tableStart, _bytesUsed, reference, "directory table");
        string where = $"the listing of '{path}' (directory inode {directory.Number})";
        Span<byte> header = stackalloc byte[DirectoryLayout.Header.Size];
        Span<byte> fixedPart = stackalloc byte[DirectoryLayout.Entry.Name];
        Span<byte> name = stackalloc byte[DirectoryLayout.Entry.MaxNameSize];
        Span<byte> previous = stackalloc byte[DirectoryLayout.Entry.MaxNameSize];
        int previousLength = -1;
        long consumed = 0;
        while (consumed < listing)
        {
            if (listing - consumed < DirectoryLayout.Header.Size)
            {
                ThrowHelper.Invalid(Name, $"{where} ends inside a directory header at byte {consumed} of {listing}.");
            }

            cursor.Read(header);
            consumed += DirectoryLayout.Header.Size;
            uint count = BinaryPrimitives.ReadUInt32LittleEndian(header[DirectoryLayout.Header.Count..]) + 1;
            uint inodeBlock = BinaryPrimitives.ReadUInt32LittleEndian(header[DirectoryLayout.Header.InodeBlock..]);
            uint baseNumber = BinaryPrimitives.ReadUInt32LittleEndian(header[DirectoryLayout.Header.BaseInodeNumber..]);
            if (count is 0 or > DirectoryLayout.MaxEntriesPerRun)
            {
                ThrowHelper.Invalid(Name, $"{where} has a header with {(ulong)count} entries (1..{DirectoryLayout.MaxEntriesPerRun} allowed) at byte {consumed - DirectoryLayout.Header.Size}.");
            }

            if (inodeBlock >= (ulong)(InodeTableEnd - InodeTableStart))
            {
                ThrowHelper.Invalid(Name, $"{where} has a header whose inode block {inodeBlock} lies outside the inode table.");
            }

            for (uint i = 0; i < count; i++)
            {
                if (listing - consumed < DirectoryLayout.Entry.Name)
                {
                    ThrowHelper.Invalid(Name, $"{where} ends inside a directory entry at byte {consumed} of {listing}.");
                }

                cursor.Read(fixedPart);
                consumed += DirectoryLayout.Entry.Name;
                ushort offset = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[DirectoryLayout.Entry.Offset..]);
                short delta = BinaryPrimitives.ReadInt16LittleEndian(fixedPart[DirectoryLayout.Entry.InodeDelta..]);
                ushort type = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[DirectoryLayout.Entry.Type..]);
                int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[DirectoryLayout.Entry.NameSize..]) + 1;
                if (nameLength > DirectoryLayout.Entry.MaxNameSize || listing - consumed < nameLength)
                {
                    ThrowHelper.Invalid(Name, $"{where} has an entry name of {nameLength} bytes at byte {consumed} that does not fit (at most {DirectoryLayout.Entry.MaxNameSize}).");
                }

                var nameBytes = name[..nameLength];
                cursor.Read(nameBytes);
                consumed += nameLength;
                if (nameBytes.Contains((byte)'/') || nameBytes.Contains((byte)0) || nameBytes.SequenceEqual("."u8) || nameBytes.SequenceEqual(".."u8))
                {
                    ThrowHelper.Invalid(Name, $"{where} has an invalid entry name \"{System.Text.Encoding.UTF8.GetString(nameBytes)}\".");
                }

                if (previousLength >= 0 && nameBytes.SequenceCompareTo(previous[..previousLength]) <= 0)
                {
                    ThrowHelper.Invalid(Name, $"{where} is not strictly sorted at \"{System.Text.Encoding.UTF8.GetString(nameBytes)}\".");
                }

                nameBytes.CopyTo(previous);
                previousLength = nameLength;

                if (type is < (ushort)InodeType.Directory or > (ushort)InodeType.Socket)
                {
                    ThrowHelper.Invalid(Name, $"{where} has an entry of type {type} (1..7 allowed).");
                }

                long number = baseNumber + (long)delta;
                if (number <= 0 || number > Superblock.InodeCount || offset >= SquashFsConstants.MetadataBlockSize)
                {
                    ThrowHelper.Invalid(Name, $"{where} has an entry with inode number {number} at offset {offset} (1..{Superblock.InodeCount} allowed).");
                }

                string entryName = DecodeName(nameBytes, $"an entry name in {where}");
                entries.Add(new DirectoryEntry(entryName, ((ulong)inodeBlock << 16) | offset, (uint)number, (InodeType)type));
            }
        }

        return entries;
    }
}

/// <summary>One directory entry: name, inode reference and number, and basic type.</summary>
internal readonly record struct DirectoryEntry(string Name, ulong Reference, uint InodeNumber, InodeType Type);
