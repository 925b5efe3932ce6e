using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Flix.Sysext.Deploy;

/// <summary>
/// Renders a <see cref="ButaneConfig"/> as Butane YAML: a small writer of our own for the fixed shape we emit (no
/// reflection), with strings plain only when YAML cannot read them as anything else, double-quoted otherwise, and
/// multi-line contents as literal blocks.
/// </summary>
public static partial class ButaneWriter
{
    private static readonly string[] Ambiguous = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"];

    /// <summary>The YAML text; <paramref name="comment"/> (one line per line) goes first as # comments.</summary>
    public static string Render(ButaneConfig config, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var yaml = new StringBuilder();
        foreach (var line in (comment ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            yaml.Append("# ").Append(line).Append('\n');
        }

        yaml.Append("variant: ").Append(ButaneConfig.Variant).Append('\n');
        yaml.Append("version: ").Append(ButaneConfig.Version).Append('\n');
        if (config.Files.Count > 0 || config.Links.Count > 0)
        {
            yaml.Append("\nstorage:\n");
        }

        if (config.Files.Count > 0)
        {
            yaml.Append("  files:\n");
            foreach (var file in config.Files)
            {
                yaml.Append("    - path: ").Append(Scalar(file.Path)).Append('\n');
                yaml.Append("      mode: 0").Append(Convert.ToString((int)file.Mode, 8).PadLeft(3, '0')).Append('\n');
                yaml.Append("      contents:\n");
                if (file.Source is not null)
                {
                    yaml.Append("        source: ").Append(Scalar(file.Source)).Append('\n');
                }

                if (file.Inline is not null)
                {
                    Block(yaml, "        inline: ", file.Inline, 10);
                }

                if (file.Hash is not null)
                {
                    yaml.Append("        verification:\n");
                    yaml.Append("          hash: ").Append(Scalar(file.Hash)).Append('\n');
                }
            }
        }

        if (config.Links.Count > 0)
        {
            yaml.Append("  links:\n");
            foreach (var link in config.Links)
            {
                yaml.Append("    - path: ").Append(Scalar(link.Path)).Append('\n');
                yaml.Append("      target: ").Append(Scalar(link.Target)).Append('\n');
                yaml.Append("      hard: false\n");
            }
        }

        if (config.Units.Count > 0)
        {
            yaml.Append("\nsystemd:\n  units:\n");
            foreach (var unit in config.Units)
            {
                yaml.Append("    - name: ").Append(Scalar(unit.Name)).Append('\n');
                if (unit.Enabled is { } enabled)
                {
                    yaml.Append("      enabled: ").Append(enabled ? "true" : "false").Append('\n');
                }

                if (unit.DropIns.Count > 0)
                {
                    yaml.Append("      dropins:\n");
                    foreach (var dropIn in unit.DropIns)
                    {
                        yaml.Append("        - name: ").Append(Scalar(dropIn.Name)).Append('\n');
                        Block(yaml, "          contents: ", dropIn.Contents, 12);
                    }
                }
            }
        }

        return yaml.ToString();
    }

    /// <summary>A plain scalar when that reads back as the same string, else a double-quoted one.</summary>
    internal static string Scalar(string value)
    {
        if (PlainSafe().IsMatch(value) && !Ambiguous.Contains(value.ToLowerInvariant())
            && !double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        var quoted = new StringBuilder("\"");
        foreach (char c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\t' => quoted.Append("\\t"),
                _ when c < ' ' || c == '\x7f' => quoted.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }

    /// <summary>A literal block (|) whose chomping keeps the text's trailing newlines exactly.</summary>
    private static void Block(StringBuilder yaml, string key, string text, int indent)
    {
        if (text.Length == 0 || text.StartsWith(' ') || text.AsSpan().ContainsAny('\r', '\t') || text.Split('\n').Any(line => line.TrimEnd().Length != line.Length))
        {
            // What a plain block cannot carry as is (leading or trailing blanks, tabs, carriage returns, nothing) goes double-quoted.
            yaml.Append(key).Append(Scalar(text)).Append('\n');
            return;
        }

        string body = text.TrimEnd('\n');
        int trailing = text.Length - body.Length;
        string chomp = trailing switch { 0 => "-", 1 => string.Empty, _ => "+" };
        yaml.Append(key).Append('|').Append(chomp).Append('\n');
        string pad = new(' ', indent);
        foreach (var line in (body + new string('\n', Math.Max(0, trailing - 1))).Split('\n'))
        {
            yaml.Append(line.Length == 0 ? string.Empty : pad).Append(line).Append('\n');
        }
    }

    [GeneratedRegex("^[A-Za-z0-9/][A-Za-z0-9/_.:+@%=,-]*$")]
    private static partial Regex PlainSafe();
}
