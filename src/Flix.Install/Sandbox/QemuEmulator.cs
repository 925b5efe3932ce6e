using System.Text;
using Flix.Elf;

namespace Flix.Install.Sandbox;

/// <summary>
/// The qemu-user emulator of a machine and its binfmt_misc registration: the ELF header fields that identify the
/// machine's programs (class, byte order, version, type, machine) as a magic and mask over the first 20 bytes.
/// </summary>
public sealed record QemuEmulator
{
    /// <summary>The ELF identification bytes, e_type and e_machine: 16 + 2 + 2.</summary>
    public const int HeaderLength = 20;

    private const int ClassOffset = 4;
    private const int DataOffset = 5;
    private const int VersionOffset = 6;
    private const int OsAbiOffset = 7;
    private const int TypeOffset = 16;
    private const int MachineOffset = 18;
    private const byte ElfClass32 = 1;
    private const byte ElfClass64 = 2;
    private const byte LittleEndian = 1;
    private const byte BigEndian = 2;
    private const ushort ExecutableType = 2; // ET_EXEC; the mask also admits ET_DYN (3)

    private static readonly QemuEmulator[] Known =
    [
        new(ElfMachine.AArch64, "aarch64", ElfClass64, LittleEndian),
        new(ElfMachine.X86_64, "x86_64", ElfClass64, LittleEndian),
        new(ElfMachine.Arm, "arm", ElfClass32, LittleEndian),
        new(ElfMachine.I386, "i386", ElfClass32, LittleEndian),
        new(ElfMachine.RiscV, "riscv64", ElfClass64, LittleEndian),
        new(ElfMachine.S390, "s390x", ElfClass64, BigEndian),
        new(ElfMachine.PowerPC64, "ppc64le", ElfClass64, LittleEndian),
        new(ElfMachine.LoongArch, "loongarch64", ElfClass64, LittleEndian),
    ];

    private QemuEmulator(ElfMachine machine, string name, byte elfClass, byte data)
    {
        Machine = machine;
        Name = name;
        Magic = new byte[HeaderLength];
        Mask = new byte[HeaderLength];
        "\u007fELF"u8.CopyTo(Magic);
        Magic[ClassOffset] = elfClass;
        Magic[DataOffset] = data;
        Magic[VersionOffset] = 1;
        Write16(Magic, TypeOffset, ExecutableType, data);
        Write16(Magic, MachineOffset, (ushort)machine, data);
        Array.Fill(Mask, (byte)0xFF);
        Mask[OsAbiOffset] = 0; // any OS ABI
        Write16(Mask, TypeOffset, 0xFFFE, data); // ET_EXEC or ET_DYN
    }

    public ElfMachine Machine { get; }

    /// <summary>qemu's name of the machine: the emulator is <c>qemu-NAME-static</c>.</summary>
    public string Name { get; }

    public byte[] Magic { get; }

    public byte[] Mask { get; }

    /// <summary>The program's file name.</summary>
    public string ProgramName => $"qemu-{Name}-static";

    /// <summary>The emulator of <paramref name="machine"/>, or null when Flix knows none.</summary>
    public static QemuEmulator? For(ElfMachine machine) => Known.FirstOrDefault(e => e.Machine == machine);

    /// <summary>True when the first bytes of an ELF file, <paramref name="header"/>, match this emulator's magic under its mask.</summary>
    public bool Matches(ReadOnlySpan<byte> header) => Matches(header, Magic, Mask);

    /// <summary>True when <paramref name="header"/> matches <paramref name="magic"/> under <paramref name="mask"/> (binfmt_misc's rule).</summary>
    public static bool Matches(ReadOnlySpan<byte> header, ReadOnlySpan<byte> magic, ReadOnlySpan<byte> mask)
    {
        if (header.Length < magic.Length)
        {
            return false;
        }

        for (int i = 0; i < magic.Length; i++)
        {
            byte m = i < mask.Length ? mask[i] : (byte)0xFF;
            if ((header[i] & m) != (magic[i] & m))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The line written to binfmt_misc's <c>register</c> file: <c>:NAME:M::MAGIC:MASK:INTERPRETER:F</c>, bytes as
    /// <c>\xHH</c> (binfmt_misc decodes them); F opens the interpreter at registration, so it runs in any root.
    /// </summary>
    public string RegistrationLine(string interpreter)
    {
        ArgumentException.ThrowIfNullOrEmpty(interpreter);
        if (interpreter.Contains(':', StringComparison.Ordinal) || interpreter.Any(char.IsControl))
        {
            throw new ArgumentException($"The emulator path '{interpreter}' cannot be registered in binfmt_misc.", nameof(interpreter));
        }

        return $":flix-qemu-{Name}:M::{Escape(Magic)}:{Escape(Mask)}:{interpreter}:F";
    }

    private static string Escape(byte[] bytes)
    {
        var text = new StringBuilder(bytes.Length * 4);
        foreach (var b in bytes)
        {
            text.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    private static void Write16(byte[] target, int offset, ushort value, byte data)
    {
        if (data == LittleEndian)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(target.AsSpan(offset), value);
        }
        else
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt16BigEndian(target.AsSpan(offset), value);
        }
    }
}
