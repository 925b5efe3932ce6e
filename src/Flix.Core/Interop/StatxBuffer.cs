using System.Runtime.InteropServices;

namespace Flix.Core.Interop;

/// <summary>struct statx from linux/stat.h: the same 256-byte layout on every architecture.</summary>
[StructLayout(LayoutKind.Sequential, Size = 256)]
public struct StatxBuffer
{
    public uint Mask;
    public uint BlockSize;
    public ulong Attributes;
    public uint NLink;
    public uint Uid;
    public uint Gid;
    public ushort Mode;
    private ushort _spare0;
    public ulong Ino;
    public ulong Size;
    public ulong Blocks;
    public ulong AttributesMask;
    public StatxTimestamp ATime;
    public StatxTimestamp BTime;
    public StatxTimestamp CTime;
    public StatxTimestamp MTime;
    public uint RDevMajor;
    public uint RDevMinor;
    public uint DevMajor;
    public uint DevMinor;
}

[StructLayout(LayoutKind.Sequential, Size = 16)]
public struct StatxTimestamp
{
    public long Seconds;
    public uint Nanoseconds;
    private int _reserved;
}
