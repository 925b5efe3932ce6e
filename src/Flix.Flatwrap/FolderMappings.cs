namespace Flix.Flatwrap;

/// <summary>Parses <c>host</c>/<c>chroot</c> and picks a mapping from an option, the bakery's variable, or the default.</summary>
public static class FolderMappings
{
    /// <summary>The words accepted for a mapping.</summary>
    public static IReadOnlyList<string> Names { get; } = ["host", "chroot"];

    public static bool TryParse(string? text, out FolderMapping mapping)
    {
        switch (text)
        {
            case "host":
                mapping = FolderMapping.Host;
                return true;
            case "chroot":
                mapping = FolderMapping.Chroot;
                return true;
            default:
                mapping = FolderMapping.Host;
                return false;
        }
    }

    /// <summary>
    /// The mapping chosen by <paramref name="option"/> when given, else by the environment variable's
    /// <paramref name="variableValue"/> when set and not empty (the bakery's ETCMAP, VARMAP, HOMEMAP), else host.
    /// Throws <see cref="FormatException"/> naming the bad word and where it came from.
    /// </summary>
    public static FolderMapping Choose(string? option, string optionName, string? variableValue, string variableName)
    {
        if (option is not null)
        {
            return TryParse(option, out var fromOption)
                ? fromOption
                : throw new FormatException($"'{option}' is not a mapping for {optionName}; use host or chroot.");
        }

        if (!string.IsNullOrEmpty(variableValue))
        {
            return TryParse(variableValue, out var fromVariable)
                ? fromVariable
                : throw new FormatException($"{variableName}='{variableValue}' is not a mapping; use host or chroot, or give {optionName}.");
        }

        return FolderMapping.Host;
    }
}
