using System.Text;

namespace Flix.Elf;

/// <summary>
/// Applies the dynamic-section part of an <see cref="ElfPatch"/> to a copy of the entries: run paths, rpaths and
/// DT_FLAGS_1. New strings reuse an identical NUL-terminated string already in DT_STRTAB, else they are appended after it,
/// so every existing string offset (symbols, versions, needed names) stays valid.
/// </summary>
internal sealed class DynamicEditor
{
    private readonly ElfFile _file;
    private readonly ulong _dynamicOffset;
    private readonly List<byte> _appended = [];

    public DynamicEditor(ElfFile file)
    {
        _file = file;
        _dynamicOffset = file.Segments[file.DynamicSegmentIndex].Offset;
        Entries = [.. file.DynamicEntries];
    }

    /// <summary>The entries after the edits, without the terminator.</summary>
    public List<ElfDynamicEntry> Entries { get; }

    /// <summary>Bytes to append to DT_STRTAB (NUL-terminated strings).</summary>
    public IReadOnlyList<byte> AppendedStrings => _appended;

    public bool Changed => _appended.Count > 0 || !Entries.SequenceEqual(_file.DynamicEntries);

    public void Apply(ElfPatch patch)
    {
        if (patch.RemoveRunPath)
        {
            Entries.RemoveAll(entry => entry.Tag == ElfDynamicTag.RunPath);
        }

        if (patch.RemoveRPath)
        {
            Entries.RemoveAll(entry => entry.Tag == ElfDynamicTag.RPath);
        }

        if (patch.RunPath is { } runPath)
        {
            SetPath(ElfDynamicTag.RunPath, ElfDynamicTag.RPath, runPath);
        }

        if (patch.RPath is { } rpath)
        {
            SetPath(ElfDynamicTag.RPath, ElfDynamicTag.RunPath, rpath);
        }

        if (patch.SetNoDefaultLib)
        {
            int index = Entries.FindIndex(entry => entry.Tag == ElfDynamicTag.Flags1);
            if (index >= 0)
            {
                Entries[index] = Entries[index] with { Value = Entries[index].Value | ElfFile.NoDefaultLibFlag };
            }
            else
            {
                Entries.Add(new ElfDynamicEntry(ElfDynamicTag.Flags1, ElfFile.NoDefaultLibFlag));
            }
        }
    }

    /// <summary>
    /// Leaves exactly one <paramref name="tag"/> entry holding <paramref name="value"/> and no <paramref name="other"/>:
    /// the first existing entry of either tag is reused in place, the rest are dropped, a new one follows DT_NEEDED.
    /// </summary>
    private void SetPath(ElfDynamicTag tag, ElfDynamicTag other, string value)
    {
        int index = Entries.FindIndex(entry => entry.Tag == tag);
        if (index < 0)
        {
            index = Entries.FindIndex(entry => entry.Tag == other);
        }

        if (index >= 0 && Entries[index].Tag == tag && _file.ReadDynamicString(Entries[index], _dynamicOffset) == value)
        {
            // Already right: keep the offset, only drop the duplicates below.
        }
        else
        {
            var entry = new ElfDynamicEntry(tag, FindOrAppend(value));
            if (index >= 0)
            {
                Entries[index] = entry;
            }
            else
            {
                index = Entries.FindLastIndex(existing => existing.Tag == ElfDynamicTag.Needed) + 1;
                Entries.Insert(index, entry);
            }
        }

        for (int i = Entries.Count - 1; i >= 0; i--)
        {
            if (i != index && (Entries[i].Tag == tag || Entries[i].Tag == other))
            {
                Entries.RemoveAt(i);
            }
        }
    }

    /// <summary>The offset of <paramref name="value"/> as a NUL-terminated string in the table, appending it when absent.</summary>
    private ulong FindOrAppend(string value)
    {
        byte[] text = Encoding.UTF8.GetBytes(value + "\0");
        if (_file.StringTable is not { } table)
        {
            return ElfThrow.Format<ulong>(_file.FileName, _dynamicOffset, "the dynamic section has no DT_STRTAB to hold a new string");
        }

        var existing = _file.Bytes.Span.Slice((int)table.FileOffset, (int)table.Size);
        int found = existing.IndexOf(text);
        if (found >= 0)
        {
            return (ulong)found;
        }

        int appended = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_appended).IndexOf(text);
        if (appended >= 0)
        {
            return table.Size + (ulong)appended;
        }

        ulong offset = table.Size + (ulong)_appended.Count;
        _appended.AddRange(text);
        return offset;
    }
}
