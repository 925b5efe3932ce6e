namespace Flix.TestSupport.Oci;

/// <summary>Offsets and lengths of the POSIX ustar header fields (one 512-byte block).</summary>
internal static class UstarLayout
{
    public const int BlockSize = 512;

    public const int NameLength = 100;
    public const int ModeLength = 8;
    public const int UidLength = 8;
    public const int GidLength = 8;
    public const int SizeLength = 12;
    public const int MTimeLength = 12;
    public const int ChecksumLength = 8;
    public const int TypeFlagLength = 1;
    public const int LinkNameLength = 100;
    public const int MagicLength = 6;
    public const int VersionLength = 2;
    public const int UNameLength = 32;
    public const int GNameLength = 32;
    public const int DevMajorLength = 8;
    public const int DevMinorLength = 8;
    public const int PrefixLength = 155;

    public const int Name = 0;
    public const int Mode = Name + NameLength;
    public const int Uid = Mode + ModeLength;
    public const int Gid = Uid + UidLength;
    public const int Size = Gid + GidLength;
    public const int MTime = Size + SizeLength;
    public const int Checksum = MTime + MTimeLength;
    public const int TypeFlag = Checksum + ChecksumLength;
    public const int LinkName = TypeFlag + TypeFlagLength;
    public const int Magic = LinkName + LinkNameLength;
    public const int Version = Magic + MagicLength;
    public const int UName = Version + VersionLength;
    public const int GName = UName + UNameLength;
    public const int DevMajor = GName + GNameLength;
    public const int DevMinor = DevMajor + DevMajorLength;
    public const int Prefix = DevMinor + DevMinorLength;

    /// <summary>"ustar\0" then version "00": the POSIX format.</summary>
    public static ReadOnlySpan<byte> MagicAndVersion => "ustar\000"u8;

    /// <summary>Largest value an octal field of <paramref name="length"/> bytes holds (length-1 digits and a NUL).</summary>
    public static long OctalLimit(int length) => (1L << (3 * (length - 1))) - 1;
}
