using System.Buffers.Binary;

namespace Flix.SquashFs.Writing;

/// <summary>Identifies file content for deduplication: its size and SHA-256.</summary>
internal readonly record struct ContentKey(long Size, UInt128 DigestLow, UInt128 DigestHigh)
{
    public static ContentKey Create(long size, ReadOnlySpan<byte> sha256) => new(
        size,
        BinaryPrimitives.ReadUInt128LittleEndian(sha256),
        BinaryPrimitives.ReadUInt128LittleEndian(sha256[16..]));
}
