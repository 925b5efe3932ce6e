namespace Flix.Elf;

/// <summary>The target architecture (e_machine); other values pass through as numbers.</summary>
public enum ElfMachine : ushort
{
    None = 0,
    I386 = 3,
    PowerPC = 20,
    PowerPC64 = 21,
    S390 = 22,
    Arm = 40,
    X86_64 = 62,
    AArch64 = 183,
    RiscV = 243,
    LoongArch = 258,
}
