using System.Diagnostics.CodeAnalysis;
using Flix.Core.Tree;

namespace Flix.SquashFs.Writing;

/// <summary>The writer's cold throws: one sentence each, citing the entry and the value.</summary>
internal static class WriterThrowHelper
{
    [DoesNotReturn]
    public static void ThrowNameTooLong(string path, int length) =>
        throw new NotSupportedException($"The name of '{path}' is {length} bytes long; SquashFS names hold 1 to {TreeNode.MaxNameBytes}.");

    [DoesNotReturn]
    public static void ThrowUnsorted(string directory, string name) =>
        throw new InvalidDataException($"The entries of '{directory}' are not in strictly ascending UTF-8 byte order at '{name}'.");

    [DoesNotReturn]
    public static void ThrowDirectoryHardLink(string first, string second) =>
        throw new NotSupportedException($"The directory '{first}' also appears as '{second}'; directories cannot be hard links.");

    [DoesNotReturn]
    public static void ThrowListingTooLarge(string directory, int length) =>
        throw new NotSupportedException($"The listing of '{directory}' is {length} bytes, more than a directory inode can describe.");

    [DoesNotReturn]
    public static void ThrowTooManyIndexEntries(string directory, int count) =>
        throw new NotSupportedException($"The directory '{directory}' needs {count} index entries; an inode holds at most {ushort.MaxValue}.");

    [DoesNotReturn]
    public static void ThrowUnsupportedKind(string path, EntryKind kind) =>
        throw new NotSupportedException($"'{path}' has the unsupported kind {kind}.");

    [DoesNotReturn]
    public static void ThrowSymlinkTooLong(string path, int length, int maximum) =>
        throw new NotSupportedException($"The target of the symlink '{path}' is {length} bytes; the kernel accepts at most {maximum}.");

    [DoesNotReturn]
    public static void ThrowDeviceNumbers(string path, uint major, uint minor, uint maxMajor, uint maxMinor) =>
        throw new NotSupportedException($"The device '{path}' is {major}:{minor}; SquashFS holds majors up to {maxMajor} and minors up to {maxMinor}.");

    [DoesNotReturn]
    public static void ThrowTooManyIds(string path, uint id) =>
        throw new NotSupportedException($"'{path}' needs owner id {id}, but the image already holds the maximum of {ushort.MaxValue} distinct ids.");

    [DoesNotReturn]
    public static void ThrowXattrNameTooLong(string path, string name, int length) =>
        throw new NotSupportedException($"The extended attribute name '{name}' of '{path}' is {length} bytes long.");

    [DoesNotReturn]
    public static void ThrowSourceShrank(string name, long offset, long size) =>
        throw new IOException($"{name} ended after {offset} bytes although its size is {size}; it changed while the image was written.");
}
