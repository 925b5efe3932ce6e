namespace Flix.Elf;

/// <summary>One entry of the dynamic section: a tag and its value (an integer or an address).</summary>
public readonly record struct ElfDynamicEntry(ElfDynamicTag Tag, ulong Value);
