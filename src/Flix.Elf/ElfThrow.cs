using System.Diagnostics.CodeAnalysis;

namespace Flix.Elf;

/// <summary>Cold throws of the reader and the patcher.</summary>
internal static class ElfThrow
{
    [DoesNotReturn]
    public static void Format(string fileName, ulong? offset, string problem) =>
        throw new ElfFormatException(fileName, offset is { } at ? (long)Math.Min(at, long.MaxValue) : null, problem);

    [DoesNotReturn]
    public static T Format<T>(string fileName, ulong? offset, string problem) =>
        throw new ElfFormatException(fileName, offset is { } at ? (long)Math.Min(at, long.MaxValue) : null, problem);

    [DoesNotReturn]
    public static void NotSupported(string fileName, string problem) =>
        throw new NotSupportedException($"'{fileName}' cannot be patched: {problem}.");
}
