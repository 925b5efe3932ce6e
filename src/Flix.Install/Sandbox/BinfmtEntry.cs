using System.Globalization;

namespace Flix.Install.Sandbox;

/// <summary>One entry of binfmt_misc as its file reads (<c>enabled</c>, <c>interpreter</c>, <c>flags:</c>, <c>offset</c>, <c>magic</c>, <c>mask</c>).</summary>
public sealed record BinfmtEntry(bool Enabled, string Interpreter, string Flags, int Offset, byte[] Magic, byte[] Mask)
{
    /// <summary>The entry in <paramref name="text"/>, or null when it is not a magic entry.</summary>
    public static BinfmtEntry? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        bool enabled = false;
        string interpreter = string.Empty;
        string flags = string.Empty;
        int offset = 0;
        byte[]? magic = null;
        byte[] mask = [];
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var (key, value) = line.IndexOf(' ', StringComparison.Ordinal) is int space and > 0 ? (line[..space], line[(space + 1)..].Trim()) : (line.Trim(), string.Empty);
            switch (key)
            {
                case "enabled":
                    enabled = true;
                    break;
                case "interpreter":
                    interpreter = value;
                    break;
                case "flags:":
                    flags = value;
                    break;
                case "offset":
                    _ = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out offset);
                    break;
                case "magic":
                    magic = Hex(value);
                    break;
                case "mask":
                    mask = Hex(value) ?? [];
                    break;
            }
        }

        return magic is null ? null : new BinfmtEntry(enabled, interpreter, flags, offset, magic, mask);
    }

    private static byte[]? Hex(string text)
    {
        try
        {
            return Convert.FromHexString(text);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
