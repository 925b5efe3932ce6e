namespace Flix.Elf;

public sealed partial class ElfFile
{
    /// <summary>
    /// What a file without PT_DYNAMIC is, for messages: a static executable, a shared object whose .dynamic section no
    /// program header maps (the loader never reads it), an object file, a core dump.
    /// </summary>
    public string DescribeWithoutDynamic()
    {
        bool hasDynamicSection = Sections.Any(section => section.Type == ElfSection.DynamicType);
        return Type switch
        {
            ElfType.SharedObject when hasDynamicSection =>
                "it is a shared object with a .dynamic section but no PT_DYNAMIC program header, so no loader would read it",
            ElfType.SharedObject => "it is a shared object without a dynamic section",
            ElfType.Executable when hasDynamicSection =>
                "it is an executable with a .dynamic section but no PT_DYNAMIC program header, so no loader would read it",
            ElfType.Executable => "it is a static executable",
            ElfType.Relocatable => "it is a relocatable object file (.o), not linked yet",
            ElfType.Core => "it is a core dump",
            _ => $"its type is {(ushort)Type}, which no loader loads",
        };
    }
}
