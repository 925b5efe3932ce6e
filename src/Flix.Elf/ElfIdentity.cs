using System.Buffers.Binary;
using Flix.Elf.Structures;

namespace Flix.Elf;

/// <summary>
/// What the first <see cref="Length"/> bytes of an ELF file say: class, byte order, type and machine. Enough to tell
/// whether a loader would take a candidate file without reading the rest of it.
/// </summary>
public readonly record struct ElfIdentity(ElfClass Class, bool IsLittleEndian, ElfType Type, ElfMachine Machine)
{
    /// <summary>How many bytes <see cref="TryRead"/> needs: e_ident, e_type and e_machine.</summary>
    public const int Length = ElfHeaderFields.Version;

    /// <summary>The identity in <paramref name="head"/> (a file's first bytes); false when they are not an ELF header start.</summary>
    public static bool TryRead(ReadOnlySpan<byte> head, out ElfIdentity identity)
    {
        identity = default;
        if (head.Length < Length || !head[..ElfIdentFields.MagicLength].SequenceEqual(ElfIdentFields.MagicBytes)
            || head[ElfIdentFields.Class] is not ((byte)ElfClass.Elf32 or (byte)ElfClass.Elf64)
            || head[ElfIdentFields.Data] is not (ElfIdentFields.DataLittleEndian or ElfIdentFields.DataBigEndian)
            || head[ElfIdentFields.Version] != ElfIdentFields.CurrentVersion)
        {
            return false;
        }

        bool little = head[ElfIdentFields.Data] == ElfIdentFields.DataLittleEndian;
        var type = head.Slice(ElfHeaderFields.Type, 2);
        var machine = head.Slice(ElfHeaderFields.Machine, 2);
        identity = new ElfIdentity(
            (ElfClass)head[ElfIdentFields.Class],
            little,
            (ElfType)(little ? BinaryPrimitives.ReadUInt16LittleEndian(type) : BinaryPrimitives.ReadUInt16BigEndian(type)),
            (ElfMachine)(little ? BinaryPrimitives.ReadUInt16LittleEndian(machine) : BinaryPrimitives.ReadUInt16BigEndian(machine)));
        return true;
    }
}
