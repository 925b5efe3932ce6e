using System.Buffers;
using System.Buffers.Binary;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Writing;

internal sealed partial class ImageWriter
{
    private readonly ArrayBufferWriter<byte> _listing = new();

    /// <summary>
    /// Writes a directory's listing to the directory table. A new run header starts after 256 entries, when
    /// the next inode lies in another inode MD block or out of the 16-bit delta range, and once the listing has
    /// grown by another 8 KiB since the last index point; those headers get a directory-index entry, so only
    /// listings above 8 KiB need an extended inode.
    /// </summary>
    private DirectoryListing WriteListing(InodeInfo directory)
    {
        var entries = directory.Entries!;
        ulong start = _directories.Reference;
        var index = new List<DirectoryIndexEntry>();
        if (entries.Count == 0)
        {
            return new DirectoryListing(start, DirectoryLayout.SizeBias, index);
        }

        _listing.ResetWrittenCount();
        var headerOffsets = new List<int>();
        int headerOffset = 0;
        int runCount = 0;
        uint runBlock = 0;
        uint baseNumber = 0;
        int lastIndexPoint = 0;

        foreach (var entry in entries)
        {
            var child = entry.Inode;
            uint inodeBlock = (uint)(child.Reference >> 16);
            long delta = (long)child.Number - baseNumber;
            bool indexPoint = _listing.WrittenCount - lastIndexPoint >= SquashFsConstants.MetadataBlockSize;
            if (runCount == 0 || runCount == DirectoryLayout.MaxEntriesPerRun || inodeBlock != runBlock ||
                delta < short.MinValue || delta > short.MaxValue || indexPoint)
            {
                if (runCount > 0)
                {
                    PatchRunCount(headerOffset, runCount);
                }

                headerOffset = _listing.WrittenCount;
                runCount = 0;
                runBlock = inodeBlock;
                baseNumber = child.Number;
                delta = 0;
                var header = _listing.GetSpan(DirectoryLayout.Header.Size)[..DirectoryLayout.Header.Size];
                header.Clear();
                BinaryPrimitives.WriteUInt32LittleEndian(header[DirectoryLayout.Header.InodeBlock..], inodeBlock);
                BinaryPrimitives.WriteUInt32LittleEndian(header[DirectoryLayout.Header.BaseInodeNumber..], baseNumber);
                _listing.Advance(DirectoryLayout.Header.Size);
                headerOffsets.Add(headerOffset);

                if (indexPoint)
                {
                    index.Add(new DirectoryIndexEntry((uint)headerOffset, 0, entry.Name));
                    lastIndexPoint = headerOffset;
                }
            }

            int size = DirectoryLayout.Entry.Name + entry.Name.Length;
            var e = _listing.GetSpan(size)[..size];
            BinaryPrimitives.WriteUInt16LittleEndian(e[DirectoryLayout.Entry.Offset..], (ushort)(child.Reference & 0xFFFF));
            BinaryPrimitives.WriteInt16LittleEndian(e[DirectoryLayout.Entry.InodeDelta..], (short)delta);
            BinaryPrimitives.WriteUInt16LittleEndian(e[DirectoryLayout.Entry.Type..], (ushort)child.BasicType);
            BinaryPrimitives.WriteUInt16LittleEndian(e[DirectoryLayout.Entry.NameSize..], (ushort)(entry.Name.Length - 1));
            entry.Name.CopyTo(e[DirectoryLayout.Entry.Name..]);
            _listing.Advance(size);
            runCount++;
        }

        PatchRunCount(headerOffset, runCount);

        // Copy the listing, noting the MD block in which each indexed header's first byte lands.
        var listing = _listing.WrittenSpan;
        int written = 0;
        for (int i = 0; i < index.Count; i++)
        {
            int offset = (int)index[i].ListingOffset;
            _directories.Write(listing[written..offset]);
            written = offset;
            index[i] = index[i] with { BlockStart = (uint)(_directories.Reference >> 16) };
        }

        _directories.Write(listing[written..]);
        long fileSize = listing.Length + DirectoryLayout.SizeBias;
        if (fileSize > uint.MaxValue)
        {
            WriterThrowHelper.ThrowListingTooLarge(directory.Path, listing.Length);
        }

        if (index.Count > ushort.MaxValue)
        {
            WriterThrowHelper.ThrowTooManyIndexEntries(directory.Path, index.Count);
        }

        return new DirectoryListing(start, (uint)fileSize, index);
    }

    private void PatchRunCount(int headerOffset, int runCount)
    {
        // ArrayBufferWriter exposes its written bytes read-only; the count field is patched through the span's memory.
        var written = System.Runtime.InteropServices.MemoryMarshal.AsMemory(_listing.WrittenMemory);
        BinaryPrimitives.WriteUInt32LittleEndian(written.Span[(headerOffset + DirectoryLayout.Header.Count)..], (uint)(runCount - 1));
    }
}
