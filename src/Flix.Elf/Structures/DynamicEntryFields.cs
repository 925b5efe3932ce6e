namespace Flix.Elf.Structures;

/// <summary>Offsets of a dynamic entry's fields per class: d_tag then d_val/d_ptr, each one word.</summary>
internal static class DynamicEntryFields
{
    public const int Tag = 0;

    public static class Elf32
    {
        public const int Value = Tag + 4;
        public const int Size = Value + 4;
    }

    public static class Elf64
    {
        public const int Value = Tag + 8;
        public const int Size = Value + 8;
    }
}
