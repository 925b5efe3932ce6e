namespace Flix.Elf;

/// <summary>
/// The one exception malformed ELF input raises from <see cref="ElfFile.Read"/>, <see cref="ElfFile.Parse"/> and
/// <see cref="ElfFile.Patch"/>: the message names the file, the offset when known, and what is wrong. It derives from
/// <see cref="IOException"/> because <see cref="InvalidDataException"/>, the BCL's type for malformed data, is sealed.
/// </summary>
public sealed class ElfFormatException : IOException
{
    public ElfFormatException()
        : this(string.Empty, null, "the file is not a valid ELF file")
    {
    }

    public ElfFormatException(string message)
        : base(message)
    {
        FileName = string.Empty;
    }

    public ElfFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
    }

    /// <param name="fileName">The file that is wrong.</param>
    /// <param name="offset">The file offset of the wrong field or structure, when there is one.</param>
    /// <param name="problem">What is wrong, as a clause without a final period.</param>
    public ElfFormatException(string fileName, long? offset, string problem)
        : base(FormatMessage(fileName, offset, problem))
    {
        FileName = fileName;
        Offset = offset;
    }

    /// <summary>The file that is malformed.</summary>
    public string FileName { get; }

    /// <summary>The file offset of the malformed structure, when one is known.</summary>
    public long? Offset { get; }

    private static string FormatMessage(string fileName, long? offset, string problem) => offset is { } at
        ? $"'{fileName}' is not a valid ELF file: at offset {at} (0x{at:x}), {problem}."
        : $"'{fileName}' is not a valid ELF file: {problem}.";
}
