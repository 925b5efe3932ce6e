using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Flix.Core.Tree;
using Flix.SquashFs.Format;

namespace Flix.SquashFs.Writing;

/// <summary>
/// Collects the distinct xattr sets in first-use order. Only the user., trusted. and security. namespaces
/// can be stored; other names (system.*, POSIX ACLs) are dropped. Keys are sorted by their UTF-8 bytes,
/// values are stored inline, and identical sets share one xattr id.
/// </summary>
internal sealed class XattrTableBuilder
{
    private readonly Dictionary<string, uint> _ids = new(StringComparer.Ordinal);
    private readonly List<XattrSet> _sets = [];

    public int Count => _sets.Count;

    public IReadOnlyList<XattrSet> Sets => _sets;

    /// <summary>The xattr id of <paramref name="attributes"/>, or 0xFFFFFFFF when none can be stored.</summary>
    public uint GetId(IReadOnlyDictionary<string, byte[]> attributes, string path)
    {
        if (attributes.Count == 0)
        {
            return SquashFsConstants.NoXattr;
        }

        var pairs = new List<(byte[] FullName, ushort Type, int PrefixLength, byte[] Value)>(attributes.Count);
        foreach (var (name, value) in attributes)
        {
            for (int type = 0; type < SquashFsConstants.XattrPrefixes.Length; type++)
            {
                string prefix = SquashFsConstants.XattrPrefixes[type];
                if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    var fullName = Encoding.UTF8.GetBytes(name);
                    if (fullName.Length - prefix.Length > ushort.MaxValue)
                    {
                        WriterThrowHelper.ThrowXattrNameTooLong(path, name, fullName.Length);
                    }

                    pairs.Add((fullName, (ushort)type, prefix.Length, value));
                    break;
                }
            }
        }

        if (pairs.Count == 0)
        {
            return SquashFsConstants.NoXattr;
        }

        pairs.Sort((a, b) => a.FullName.AsSpan().SequenceCompareTo(b.FullName));
        var buffer = new ArrayBufferWriter<byte>();
        uint totalSize = 0;
        foreach (var (fullName, type, prefixLength, value) in pairs)
        {
            int nameLength = fullName.Length - prefixLength;
            var key = buffer.GetSpan(LookupTableLayout.XattrKey.Name + nameLength)[..(LookupTableLayout.XattrKey.Name + nameLength)];
            BinaryPrimitives.WriteUInt16LittleEndian(key[LookupTableLayout.XattrKey.Type..], type);
            BinaryPrimitives.WriteUInt16LittleEndian(key[LookupTableLayout.XattrKey.NameSize..], (ushort)nameLength);
            fullName.AsSpan(prefixLength).CopyTo(key[LookupTableLayout.XattrKey.Name..]);
            buffer.Advance(key.Length);
            var record = buffer.GetSpan(LookupTableLayout.XattrValue.Value + value.Length)[..(LookupTableLayout.XattrValue.Value + value.Length)];
            BinaryPrimitives.WriteUInt32LittleEndian(record[LookupTableLayout.XattrValue.ValueSize..], (uint)value.Length);
            value.CopyTo(record[LookupTableLayout.XattrValue.Value..]);
            buffer.Advance(record.Length);
            totalSize += (uint)(fullName.Length + 1 + value.Length);
        }

        var bytes = buffer.WrittenSpan.ToArray();
        string setKey = Convert.ToBase64String(bytes);
        if (_ids.TryGetValue(setKey, out uint id))
        {
            return id;
        }

        id = (uint)_sets.Count;
        _sets.Add(new XattrSet(bytes, (uint)pairs.Count, totalSize));
        _ids.Add(setKey, id);
        return id;
    }
}

/// <summary>One distinct xattr set: its serialized key/value records, pair count, and total size.</summary>
internal sealed record XattrSet(byte[] Records, uint Count, uint TotalSize);
