using System.CommandLine;

namespace Flix.Cli.Conventions;

/// <summary>
/// Catches a first word that is neither a verb nor a plausible image before it is taken for Flix mode's IMAGE:
/// a typo of a verb (<c>flix pul debian</c>) or another tool's verb (<c>flix pull</c>) would otherwise be pulled
/// from Docker Hub as docker.io/library/pul.
/// </summary>
public static class FirstWordCheck
{
    /// <summary>Verbs of other container tools, with the flix command that does their job.</summary>
    private static readonly Dictionary<string, string> OtherTools = new(StringComparer.Ordinal)
    {
        ["pull"] = "to pull an image and unpack it, use 'flix rootfs IMAGE DIR'",
        ["build"] = "to build an extension, use 'flix IMAGE NAME' (from an image) or 'flix pack TREE NAME' (from a folder)",
        ["run"] = "to run a command with extensions merged, use 'flix test IMAGE.raw -- CMD'",
        ["merge"] = "to merge extensions and run a command, use 'flix test IMAGE.raw -- CMD'",
        ["verify"] = "to check that extensions merge and run, use 'flix test IMAGE.raw'",
        ["list"] = "to list the recipes of the catalogue, use 'flix recipes'",
    };

    /// <summary>The lines of the usage error for <paramref name="args"/>, or null when its first word is fine.</summary>
    public static IReadOnlyList<string>? Check(Command root, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        if (args.Count == 0 || args[0].Length == 0 || args[0].StartsWith('-'))
        {
            return null;
        }

        string word = args[0];
        var verbs = root.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        if (verbs.Contains(word) || LooksLikeImage(word))
        {
            return null;
        }

        string imageHint = $"An image named '{word}' is written docker.io/library/{word}.";
        if (OtherTools.TryGetValue(word, out var instead))
        {
            return [$"'{word}' is not a flix command; {instead}.", imageHint];
        }

        if (Suggestions.Closest(word, [.. verbs, .. OtherTools.Keys]) is { } suggestion)
        {
            string also = OtherTools.TryGetValue(suggestion, out var hint) ? $" ({hint})" : string.Empty;
            return [$"'{word}' is not a flix command; did you mean '{suggestion}'?{also}", imageHint];
        }

        return null;
    }

    /// <summary>A registry, repository path, tag, digest or transport (oci:, dir:…) makes a word an image.</summary>
    private static bool LooksLikeImage(string word) => word.IndexOfAny(['/', ':', '@', '.']) >= 0;
}
