using System.Buffers.Binary;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Writing;

internal sealed partial class ImageWriter
{
    /// <summary>Writes the fragment table; with no fragments, returns the position the table would start at.</summary>
    private async Task<ulong> WriteFragmentTableAsync(IReadOnlyList<(ulong Start, uint StoredSize)> fragments, CancellationToken cancellationToken)
    {
        if (fragments.Count == 0)
        {
            return (ulong)_position;
        }

        var entries = new byte[fragments.Count * LookupTableLayout.Fragment.Size];
        for (int i = 0; i < fragments.Count; i++)
        {
            var entry = entries.AsSpan(i * LookupTableLayout.Fragment.Size, LookupTableLayout.Fragment.Size);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[LookupTableLayout.Fragment.Start..], fragments[i].Start);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[LookupTableLayout.Fragment.StoredSize..], fragments[i].StoredSize);
        }

        return await WriteLookupTableAsync(entries, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ulong> WriteExportTableAsync(CancellationToken cancellationToken)
    {
        if (_exportTable is null)
        {
            return SquashFsConstants.NoTable;
        }

        var entries = new byte[_exportTable.Length * LookupTableLayout.ExportEntrySize];
        for (int i = 0; i < _exportTable.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(entries.AsSpan(i * LookupTableLayout.ExportEntrySize), _exportTable[i]);
        }

        return await WriteLookupTableAsync(entries, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ulong> WriteIdTableAsync(CancellationToken cancellationToken)
    {
        var entries = new byte[_ids.Count * LookupTableLayout.IdEntrySize];
        for (int i = 0; i < _ids.Count; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(entries.AsSpan(i * LookupTableLayout.IdEntrySize), _ids[i]);
        }

        return await WriteLookupTableAsync(entries, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the key/value area, the xattr-id blocks, the header and its index; ~0 without xattrs.</summary>
    private async Task<ulong> WriteXattrTablesAsync(CancellationToken cancellationToken)
    {
        if (_xattrs.Count == 0)
        {
            return SquashFsConstants.NoTable;
        }

        var keyValues = new MetadataStreamWriter(_compressor);
        var entries = new byte[_xattrs.Count * LookupTableLayout.XattrId.Size];
        for (int i = 0; i < _xattrs.Count; i++)
        {
            var set = _xattrs.Sets[i];
            var entry = entries.AsSpan(i * LookupTableLayout.XattrId.Size, LookupTableLayout.XattrId.Size);
            BinaryPrimitives.WriteUInt64LittleEndian(entry[LookupTableLayout.XattrId.Reference..], keyValues.Reference);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[LookupTableLayout.XattrId.Count..], set.Count);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[LookupTableLayout.XattrId.TotalSize..], set.TotalSize);
            keyValues.Write(set.Records);
        }

        keyValues.Finish();
        ulong keyValueStart = (ulong)_position;
        await keyValues.CopyToAsync(_output, cancellationToken).ConfigureAwait(false);
        _position += keyValues.StoredLength;

        var (_, index) = await WriteLookupBlocksAsync(entries, cancellationToken).ConfigureAwait(false);
        var header = new byte[LookupTableLayout.XattrHeader.Size];
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(LookupTableLayout.XattrHeader.KeyValueStart), keyValueStart);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(LookupTableLayout.XattrHeader.Count), (uint)_xattrs.Count);
        ulong headerStart = (ulong)_position;
        await WriteRawAsync(header, cancellationToken).ConfigureAwait(false);
        await WriteRawAsync(index, cancellationToken).ConfigureAwait(false);
        return headerStart;
    }

    /// <summary>Writes a lookup table's MD blocks and then its index; returns the index position.</summary>
    private async Task<ulong> WriteLookupTableAsync(byte[] entries, CancellationToken cancellationToken)
    {
        var (_, index) = await WriteLookupBlocksAsync(entries, cancellationToken).ConfigureAwait(false);
        ulong indexStart = (ulong)_position;
        await WriteRawAsync(index, cancellationToken).ConfigureAwait(false);
        return indexStart;
    }

    /// <summary>Writes a lookup table's MD blocks; returns their start and the index of absolute block positions.</summary>
    private async Task<(ulong Start, byte[] Index)> WriteLookupBlocksAsync(byte[] entries, CancellationToken cancellationToken)
    {
        var blocks = new MetadataStreamWriter(_compressor);
        blocks.Write(entries);
        blocks.Finish();
        ulong start = (ulong)_position;
        await blocks.CopyToAsync(_output, cancellationToken).ConfigureAwait(false);
        _position += blocks.StoredLength;
        var index = new byte[blocks.BlockStarts.Count * LookupTableLayout.IndexEntrySize];
        for (int i = 0; i < blocks.BlockStarts.Count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(index.AsSpan(i * LookupTableLayout.IndexEntrySize), start + (ulong)blocks.BlockStarts[i]);
        }

        return (start, index);
    }

    private async Task WriteRawAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await _output.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        _position += bytes.Length;
    }
}
