namespace Flix.Erofs.Reading;

/// <summary>
/// Reads an uncompressed file: whole blocks from the inode's block address, then (inline layout) the last partial
/// block stored right after the inode and its xattrs, which must not cross a block boundary.
/// </summary>
internal static class FlatDataReader
{
    private const int ChunkSize = 128 * 1024;

    public static IEnumerable<ReadOnlyMemory<byte>> Read(ErofsImage image, ErofsInode inode, string path, bool inlineTail)
    {
        string what = $"'{path}' (nid {inode.Nid})";
        int blockBits = image.Superblock.BlockSizeBits;
        long blockCount = (inode.Size + image.BlockSize - 1) >> blockBits;
        long blockedBlocks = inlineTail ? blockCount - 1 : blockCount;
        long blockedBytes = Math.Min(blockedBlocks << blockBits, inode.Size);
        long start = (long)inode.Union << blockBits;
        if (blockedBytes > 0 && start > image.FileLength - blockedBytes)
        {
            ThrowHelper.Invalid(image.Name, $"{what}: its {blockedBytes} bytes at block {inode.Union} (offset {start}) pass the end of the {image.FileLength}-byte image.");
        }

        long tail = inode.Size - blockedBytes;
        if (inlineTail && tail > 0 && (inode.DataStart % image.BlockSize) + tail > image.BlockSize)
        {
            ThrowHelper.Invalid(image.Name, $"{what}: its inline tail of {tail} bytes at offset {inode.DataStart} crosses a block boundary.");
        }

        for (long done = 0; done < blockedBytes;)
        {
            var chunk = new byte[Math.Min(ChunkSize, blockedBytes - done)];
            image.ReadAt(start + done, chunk, $"{what}: data");
            done += chunk.Length;
            yield return chunk;
        }

        if (inlineTail && tail > 0)
        {
            var chunk = new byte[tail];
            image.ReadAt(inode.DataStart, chunk, $"{what}: inline data");
            yield return chunk;
        }
    }
}
