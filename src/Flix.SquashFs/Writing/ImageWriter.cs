using System.Buffers.Binary;
using Flix.Core.Tree;
using Flix.SquashFs.Compression;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Writing;

/// <summary>
/// Writes one image in the order of the format: superblock space, compressor options, data and fragments,
/// inode table, directory table, fragment, export, id and xattr tables, padding; the superblock last.
/// </summary>
internal sealed partial class ImageWriter
{
    private readonly FileTree _tree;
    private readonly Stream _output;
    private readonly SquashFsWriterOptions _options;
    private readonly Compressor _compressor;
    private readonly MetadataStreamWriter _inodes;
    private readonly MetadataStreamWriter _directories;
    private readonly XattrTableBuilder _xattrs = new();
    private readonly Dictionary<uint, ushort> _idIndex = [];
    private readonly List<uint> _ids = [];
    private long _position;

    public ImageWriter(FileTree tree, Stream output, SquashFsWriterOptions options, Compressor compressor)
    {
        _tree = tree;
        _output = output;
        _options = options;
        _compressor = compressor;
        _inodes = new MetadataStreamWriter(compressor);
        _directories = new MetadataStreamWriter(compressor);
    }

    public async Task WriteAsync(CancellationToken cancellationToken)
    {
        var plan = ImagePlan.Create(_tree);
        _exportTable = _options.Exportable ? new ulong[plan.InodeCount] : null;

        _output.Position = 0;
        _output.SetLength(0);
        var head = new byte[SquashFsConstants.SuperblockSize];
        await _output.WriteAsync(head, cancellationToken).ConfigureAwait(false);
        _position = head.Length;
        var compressorOptions = _compressor.Options;
        if (!compressorOptions.IsEmpty)
        {
            var block = new byte[SquashFsConstants.MetadataHeaderSize + compressorOptions.Length];
            BinaryPrimitives.WriteUInt16LittleEndian(block, (ushort)(compressorOptions.Length | SquashFsConstants.MetadataUncompressedBit));
            compressorOptions.Span.CopyTo(block.AsSpan(SquashFsConstants.MetadataHeaderSize));
            await _output.WriteAsync(block, cancellationToken).ConfigureAwait(false);
            _position += block.Length;
        }

        var data = new DataPipeline(_compressor, _output, _position, _options);
        await data.RunAsync(plan.Files, cancellationToken).ConfigureAwait(false);
        _position = data.Position;
        _output.Position = _position;

        cancellationToken.ThrowIfCancellationRequested();
        WriteDirectory(plan.Root, plan.InodeCount);
        _inodes.Finish();
        _directories.Finish();

        ulong inodeTableStart = (ulong)_position;
        await _inodes.CopyToAsync(_output, cancellationToken).ConfigureAwait(false);
        _position += _inodes.StoredLength;
        ulong directoryTableStart = (ulong)_position;
        await _directories.CopyToAsync(_output, cancellationToken).ConfigureAwait(false);
        _position += _directories.StoredLength;

        ulong fragmentTableStart = await WriteFragmentTableAsync(data.Fragments, cancellationToken).ConfigureAwait(false);
        ulong exportTableStart = await WriteExportTableAsync(cancellationToken).ConfigureAwait(false);
        ulong idTableStart = await WriteIdTableAsync(cancellationToken).ConfigureAwait(false);
        ulong xattrIdTableStart = await WriteXattrTablesAsync(cancellationToken).ConfigureAwait(false);
        ulong bytesUsed = (ulong)_position;

        long padded = (_position + SquashFsConstants.PadTo - 1) / SquashFsConstants.PadTo * SquashFsConstants.PadTo;
        if (padded > _position)
        {
            await _output.WriteAsync(new byte[padded - _position], cancellationToken).ConfigureAwait(false);
        }

        _output.SetLength(padded);

        var flags = SuperblockFlags.AlwaysFragments;
        if (_options.Deduplicate)
        {
            flags |= SuperblockFlags.Duplicates;
        }

        if (_options.Exportable)
        {
            flags |= SuperblockFlags.Exportable;
        }

        if (!compressorOptions.IsEmpty)
        {
            flags |= SuperblockFlags.CompressorOptions;
        }

        var superblock = new Superblock
        {
            InodeCount = plan.InodeCount,
            ModificationTime = _options.Timestamp,
            BlockSize = (uint)_options.BlockSize,
            FragmentCount = (uint)data.Fragments.Count,
            Compressor = _compressor.Id,
            Flags = flags,
            IdCount = (ushort)_ids.Count,
            RootInode = plan.Root.Reference,
            BytesUsed = bytesUsed,
            IdTableStart = idTableStart,
            XattrIdTableStart = xattrIdTableStart,
            InodeTableStart = inodeTableStart,
            DirectoryTableStart = directoryTableStart,
            FragmentTableStart = fragmentTableStart,
            ExportTableStart = exportTableStart,
        };
        superblock.Write(head);
        _output.Position = 0;
        await _output.WriteAsync(head, cancellationToken).ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
        _output.Position = padded;
    }

    /// <summary>The id-table index of <paramref name="id"/>, added on first use.</summary>
    private ushort IdIndex(uint id, string path)
    {
        if (_idIndex.TryGetValue(id, out ushort index))
        {
            return index;
        }

        if (_ids.Count == ushort.MaxValue)
        {
            WriterThrowHelper.ThrowTooManyIds(path, id);
        }

        index = (ushort)_ids.Count;
        _ids.Add(id);
        _idIndex.Add(id, index);
        return index;
    }
}
