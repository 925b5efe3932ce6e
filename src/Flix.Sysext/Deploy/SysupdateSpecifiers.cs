using System.Text;

namespace Flix.Sysext.Deploy;

/// <summary>
/// The values systemd-sysupdate gives the %-specifiers of a transfer file (Path=, MatchPattern=, CurrentSymlink=…)
/// when it reads it: %a the host architecture, %A %B %M %o %w %W fields of the host's os-release, %m %b %H %l %v the
/// machine, and %% a literal percent. A specifier without a value here cannot be expanded.
/// </summary>
public sealed record SysupdateSpecifiers
{
    /// <summary>%a: the systemd architecture name of the host (x86-64, arm64).</summary>
    public string? Architecture { get; init; }

    /// <summary>%A, %B, %M, %o, %w, %W: IMAGE_VERSION, BUILD_ID, IMAGE_ID, ID, VERSION_ID, VARIANT_ID of os-release.</summary>
    public IReadOnlyDictionary<char, string> OsRelease { get; init; } = new Dictionary<char, string>();

    /// <summary>%m, %b, %H, %l, %v: machine ID, boot ID, host name, short host name, kernel release.</summary>
    public IReadOnlyDictionary<char, string> Machine { get; init; } = new Dictionary<char, string>();

    /// <summary>The specifiers a host running <paramref name="architecture"/> gives; the bakery's patterns use only %a.</summary>
    public static SysupdateSpecifiers ForArchitecture(string architecture) => new() { Architecture = architecture };

    /// <summary>The letters systemd-sysupdate expands in transfer files.</summary>
    public const string Letters = "aABMowWmbHlvTV%";

    /// <summary>
    /// <paramref name="text"/> with every %-specifier replaced; an unknown letter, a trailing '%' or a specifier
    /// without a value here is an <see cref="InvalidDataException"/> naming <paramref name="source"/>.
    /// </summary>
    public string Expand(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '%')
            {
                result.Append(text[i]);
                continue;
            }

            if (i + 1 == text.Length)
            {
                throw new InvalidDataException($"{source}: '{text}' ends in a lone '%'; write '%%' for a percent sign.");
            }

            char letter = text[++i];
            string? value = letter switch
            {
                '%' => "%",
                'a' => Architecture,
                'T' => "/tmp",
                'V' => "/var/tmp",
                'A' or 'B' or 'M' or 'o' or 'w' or 'W' => OsRelease.GetValueOrDefault(letter),
                'm' or 'b' or 'H' or 'l' or 'v' => Machine.GetValueOrDefault(letter),
                _ => throw new InvalidDataException($"{source}: '%{letter}' in '{text}' is not a specifier systemd-sysupdate knows ({string.Join(' ', Letters.Select(l => "%" + l))})."),
            };
            result.Append(value ?? throw new InvalidDataException($"{source}: '%{letter}' in '{text}' has no value for this host."));
        }

        return result.ToString();
    }
}
