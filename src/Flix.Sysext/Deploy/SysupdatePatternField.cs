namespace Flix.Sysext.Deploy;

/// <summary>The @-wildcards of a systemd-sysupdate MatchPattern=, by their letter.</summary>
public enum SysupdatePatternField
{
    /// <summary>@v: the version; every pattern has it.</summary>
    Version = 'v',

    /// <summary>@u: a partition UUID.</summary>
    PartitionUuid = 'u',

    /// <summary>@f: partition flags, a hexadecimal number.</summary>
    PartitionFlags = 'f',

    /// <summary>@t: the modification time in µs since 1970.</summary>
    ModificationTime = 't',

    /// <summary>@m: the access mode, octal, at most 0775.</summary>
    Mode = 'm',

    /// <summary>@s: the size in bytes.</summary>
    Size = 's',

    /// <summary>@d: boot tries done.</summary>
    TriesDone = 'd',

    /// <summary>@l: boot tries left.</summary>
    TriesLeft = 'l',

    /// <summary>@a: the partition's NoAuto flag, a boolean.</summary>
    NoAuto = 'a',

    /// <summary>@r: read-only, a boolean.</summary>
    ReadOnly = 'r',

    /// <summary>@g: the partition's GrowFileSystem flag, a boolean.</summary>
    GrowFileSystem = 'g',

    /// <summary>@h: the SHA-256 of the file, 64 hex digits.</summary>
    Sha256 = 'h',
}
