using System.Globalization;
using Flix.SquashFs.Compression;

namespace Flix.Sysext;

/// <summary>Parsing and checking of the SquashFS knobs users type: compressor names, levels and block sizes.</summary>
public static class SquashFsSettings
{
    public const int MinBlockSize = 4 * 1024;
    public const int MaxBlockSize = 1024 * 1024;

    /// <summary>The compressor names, as mksquashfs spells them.</summary>
    public static IReadOnlyList<string> CompressionNames { get; } = ["gzip", "zstd", "xz", "lz4"];

    public static bool TryParseCompression(string? name, out SquashFsCompression compression)
    {
        (bool ok, compression) = name?.ToLowerInvariant() switch
        {
            "gzip" => (true, SquashFsCompression.Gzip),
            "zstd" => (true, SquashFsCompression.Zstd),
            "xz" => (true, SquashFsCompression.Xz),
            "lz4" => (true, SquashFsCompression.Lz4),
            _ => (false, SquashFsCompression.Gzip),
        };
        return ok;
    }

    public static string NameOf(SquashFsCompression compression) => compression switch
    {
        SquashFsCompression.Gzip => "gzip",
        SquashFsCompression.Zstd => "zstd",
        SquashFsCompression.Xz => "xz",
        SquashFsCompression.Lz4 => "lz4",
        _ => compression.ToString(),
    };

    /// <summary>Parses a size in bytes, or with a K or M suffix (binary units): "131072", "128K", "1M".</summary>
    public static bool TryParseSize(string? text, out int bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim();
        long multiplier = 1;
        char last = char.ToUpperInvariant(text[^1]);
        if (last is 'K' or 'M')
        {
            multiplier = last == 'K' ? 1024 : 1024 * 1024;
            text = text[..^1];
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long value)
            || value > int.MaxValue / multiplier)
        {
            return false;
        }

        bytes = (int)(value * multiplier);
        return true;
    }

    /// <summary>Null when <paramref name="blockSize"/> is a power of two from 4K to 1M, else why not.</summary>
    public static string? ValidateBlockSize(int blockSize) =>
        blockSize is >= MinBlockSize and <= MaxBlockSize && int.IsPow2(blockSize)
            ? null
            : $"The block size {blockSize} is not a power of two from {MinBlockSize} (4K) to {MaxBlockSize} (1M).";

    /// <summary>Null when <paramref name="level"/> suits <paramref name="compression"/>, else why not.</summary>
    public static string? ValidateLevel(SquashFsCompression compression, int? level)
    {
        if (level is null)
        {
            return null;
        }

        (int min, int max) = compression switch
        {
            SquashFsCompression.Gzip => (1, 9),
            SquashFsCompression.Zstd => (1, 22),
            SquashFsCompression.Xz => (0, 9),
            _ => (0, -1),
        };
        if (max < min)
        {
            return $"The {NameOf(compression)} compressor takes no compression level.";
        }

        return level >= min && level <= max
            ? null
            : $"The {NameOf(compression)} compression level {level} is outside {min}..{max}.";
    }
}
