using System.Buffers.Binary;
using System.Text;
using Flix.Elf;

namespace Flix.HostileRoot.Tests.Support;

/// <summary>Hostile variants of real ELF files (x86-64, little endian), made by editing their bytes.</summary>
public static class ElfCraft
{
    private const int PhOff = 32, PhEntSize = 54, PhNum = 56, Machine = 18;
    private const int PType = 0, PVaddr = 16, PPaddr = 24;
    private const uint PtLoad = 1;

    /// <summary><paramref name="needy"/> with its placeholder DT_NEEDED overwritten in place by <paramref name="value"/> (NUL-padded).</summary>
    public static byte[] WithNeeded(byte[] needy, string value)
    {
        byte[] bytes = needy.ToArray();
        byte[] placeholder = Encoding.UTF8.GetBytes(Programs.NeededPlaceholder + "\0");
        int at = bytes.AsSpan().IndexOf(placeholder);
        Assert.True(at >= 0 && bytes.AsSpan(at + 1).IndexOf(placeholder) < 0, "the placeholder DT_NEEDED is not in the program exactly once");
        byte[] text = Encoding.UTF8.GetBytes(value);
        Assert.True(text.Length < placeholder.Length, $"'{value}' is longer than the placeholder");
        bytes.AsSpan(at, placeholder.Length).Clear();
        text.CopyTo(bytes, at);
        return bytes;
    }

    /// <summary><paramref name="elf"/> with another PT_INTERP, written by Flix's own patcher.</summary>
    public static byte[] WithInterpreter(byte[] elf, string interpreter) =>
        ElfFile.Parse(elf, "program").Patch(new ElfPatch { Interpreter = interpreter });

    /// <summary><paramref name="elf"/> with a DT_RUNPATH or a DT_RPATH.</summary>
    public static byte[] WithRunPath(byte[] elf, string? runPath = null, string? rPath = null) =>
        ElfFile.Parse(elf, "library").Patch(new ElfPatch { RunPath = runPath, RPath = rPath });

    /// <summary>
    /// <paramref name="elf"/> with its last PT_LOAD moved to the top of the address space: it still parses, but no
    /// new segment fits after it, so any patch that has to grow the file fails.
    /// </summary>
    public static byte[] Unpatchable(byte[] elf)
    {
        byte[] bytes = elf.ToArray();
        int last = -1;
        ForEachSegment(bytes, (offset, type) =>
        {
            if (type == PtLoad)
            {
                last = offset;
            }
        });
        Assert.True(last >= 0, "no PT_LOAD");
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(last + PVaddr), ulong.MaxValue - 0x10);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(last + PPaddr), ulong.MaxValue - 0x10);
        return bytes;
    }

    /// <summary><paramref name="elf"/> claiming to be for AArch64: a loader for x86-64 skips it.</summary>
    public static byte[] ForeignMachine(byte[] elf)
    {
        byte[] bytes = elf.ToArray();
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(Machine), (ushort)ElfMachine.AArch64);
        return bytes;
    }

    /// <summary><paramref name="elf"/> with every segment of <paramref name="type"/> turned into PT_NULL.</summary>
    public static byte[] WithoutSegment(byte[] elf, ElfSegmentType type)
    {
        byte[] bytes = elf.ToArray();
        ForEachSegment(bytes, (offset, found) =>
        {
            if (found == (uint)type)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset + PType), 0);
            }
        });
        return bytes;
    }

    private static void ForEachSegment(byte[] bytes, Action<int, uint> visit)
    {
        int table = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(PhOff)));
        int size = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(PhEntSize));
        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(PhNum));
        for (int i = 0; i < count; i++)
        {
            int offset = table + (i * size);
            visit(offset, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + PType)));
        }
    }
}
