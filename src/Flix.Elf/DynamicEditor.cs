using System.Runtime.InteropServices;
using System.Text;

namespace Flix.Elf;

/// <summary>
/// Applies the dynamic-section part of an <see cref="ElfPatch"/> to a copy of the entries: run paths, rpaths and
/// DT_FLAGS_1. A new string reuses an identical NUL-terminated string already in DT_STRTAB; else, when the string it
/// replaces is shared with nothing and long enough, it is written over it in place (the rest zeroed); else it is
/// appended after the table, so every existing string offset (symbols, versions, needed names) stays valid. Run
/// paths that nothing references any more are zeroed, so an old value is not left readable in the file.
/// </summary>
/// <remarks>
/// Overwriting and zeroing need to know every reference into the table (<see cref="StringReferences"/>); when they
/// cannot be known, strings are only ever appended, and old ones are left as they are.
/// </remarks>
internal sealed class DynamicEditor
{
    private readonly ElfFile _file;
    private readonly StringReferences? _references;
    private readonly StringReferences? _deadReferences;
    private readonly ulong _dynamicOffset;
    private readonly List<byte> _appended = [];
    private readonly List<(ulong Offset, byte[] Bytes)> _overwrites = [];
    private readonly List<(ulong Offset, int Length)> _dead = [];

    /// <param name="file">The file whose dynamic section is edited.</param>
    /// <param name="references">Every reference into its string table, or null when they cannot be known.</param>
    /// <param name="overwrite">
    /// Whether a new string may be written over the old one; false when appending costs nothing, because the table
    /// lies in a segment an earlier patch added and is laid out anew with only its live strings.
    /// </param>
    public DynamicEditor(ElfFile file, StringReferences? references, bool overwrite = true)
    {
        _file = file;
        _references = overwrite ? references : null;
        _deadReferences = references;
        _dynamicOffset = file.Segments[file.DynamicSegmentIndex].Offset;
        Entries = [.. file.DynamicEntries];
    }

    /// <summary>The entries after the edits, without the terminator.</summary>
    public List<ElfDynamicEntry> Entries { get; }

    /// <summary>Bytes to append to DT_STRTAB (NUL-terminated strings).</summary>
    public IReadOnlyList<byte> AppendedStrings => _appended;

    /// <summary>Whether the string table's bytes change where it is (strings written over or zeroed).</summary>
    public bool ChangesStrings => _overwrites.Count > 0 || _dead.Count > 0;

    public bool Changed => _appended.Count > 0 || ChangesStrings || !Entries.SequenceEqual(_file.DynamicEntries);

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

        FindDeadRunPaths();
    }

    /// <summary>The string table as it must read after the edits, at its current size (appended strings not included).</summary>
    public byte[] EditedTable()
    {
        var table = _file.StringTable!.Value;
        byte[] bytes = _file.Bytes.Span.Slice((int)table.FileOffset, (int)table.Size).ToArray();
        foreach (var (offset, length) in _dead)
        {
            bytes.AsSpan((int)offset, length).Clear();
        }

        foreach (var (offset, text) in _overwrites)
        {
            text.CopyTo(bytes, (int)offset);
        }

        return bytes;
    }

    /// <summary>
    /// How much of the edited table a copy must keep: everything up to the last string still referenced, when every
    /// reference is known; the whole table otherwise.
    /// </summary>
    public ulong LiveLength(byte[] editedTable)
    {
        ArgumentNullException.ThrowIfNull(editedTable);
        ulong size = (ulong)editedTable.Length;
        return _deadReferences?.LiveLength(editedTable, Entries.Where(entry => entry.Value < size)) ?? size;
    }

    /// <summary>Points the entries that name appended strings at a table cut to <paramref name="keptLength"/> bytes before them.</summary>
    public void Rebase(ulong keptLength)
    {
        ulong size = _file.StringTable!.Value.Size;
        for (int i = 0; i < Entries.Count; i++)
        {
            if (StringReferences.IsStringTag(Entries[i].Tag) && Entries[i].Value >= size && Entries[i].Value - size < (ulong)_appended.Count)
            {
                Entries[i] = Entries[i] with { Value = Entries[i].Value - size + keptLength };
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
            var entry = new ElfDynamicEntry(tag, Find(value) ?? Overwrite(index, value) ?? Append(value));
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

    private ElfStringTable Table => _file.StringTable
        ?? ElfThrow.Format<ElfStringTable>(_file.FileName, _dynamicOffset, "the dynamic section has no DT_STRTAB to hold a new string");

    private ReadOnlySpan<byte> TableBytes => _file.Bytes.Span.Slice((int)Table.FileOffset, (int)Table.Size);

    /// <summary>The offset of <paramref name="value"/> as a NUL-terminated string already in the table (or appended), or null.</summary>
    private ulong? Find(string value)
    {
        byte[] text = Encoding.UTF8.GetBytes(value + "\0");
        int found = TableBytes.IndexOf(text);
        if (found >= 0)
        {
            return (ulong)found;
        }

        int appended = CollectionsMarshal.AsSpan(_appended).IndexOf(text);
        return appended >= 0 ? Table.Size + (ulong)appended : null;
    }

    /// <summary>
    /// The offset of the string the entry at <paramref name="index"/> names, after writing <paramref name="value"/> over
    /// it; null when it is too short or something else references any of its bytes.
    /// </summary>
    private ulong? Overwrite(int index, string value)
    {
        if (_references is null || index < 0 || Entries[index].Value >= Table.Size)
        {
            return null;
        }

        ulong offset = Entries[index].Value;
        int length = TableBytes[(int)offset..].IndexOf((byte)0);
        byte[] text = Encoding.UTF8.GetBytes(value);
        if (length < text.Length || _references.AnyWithin(offset, offset + (ulong)length, Entries.Where((_, i) => i != index)))
        {
            return null;
        }

        byte[] slot = new byte[length];
        text.CopyTo(slot, 0);
        _overwrites.Add((offset, slot));
        return offset;
    }

    private ulong Append(string value)
    {
        byte[] text = Encoding.UTF8.GetBytes(value + "\0");
        ulong offset = Table.Size + (ulong)_appended.Count;
        _appended.AddRange(text);
        return offset;
    }

    /// <summary>Notes the run paths of the file that no reference names any more, to be zeroed.</summary>
    private void FindDeadRunPaths()
    {
        if (_deadReferences is null || _file.StringTable is not { } table)
        {
            return;
        }

        foreach (var entry in _file.DynamicEntries)
        {
            if (entry.Tag is not (ElfDynamicTag.RunPath or ElfDynamicTag.RPath) || entry.Value >= table.Size
                || _overwrites.Any(overwrite => overwrite.Offset == entry.Value) || _dead.Any(dead => dead.Offset == entry.Value))
            {
                continue;
            }

            int length = TableBytes[(int)entry.Value..].IndexOf((byte)0);
            if (length > 0 && !_deadReferences.AnyWithin(entry.Value, entry.Value + (ulong)length, Entries))
            {
                _dead.Add((entry.Value, length));
            }
        }
    }
}
