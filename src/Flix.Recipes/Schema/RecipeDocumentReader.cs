using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Flix.Recipes.Schema;

/// <summary>Reads a recipe file into a <see cref="RecipeDocument"/> with the static YAML context; unknown keys are errors naming file, line and key.</summary>
public static partial class RecipeDocumentReader
{
    /// <summary>The largest recipe file read.</summary>
    public const int MaxSize = 1024 * 1024;

    private static readonly IDeserializer Deserializer = new StaticDeserializerBuilder(new RecipeYamlContext()).Build();

    /// <summary>Parses <paramref name="text"/> of the file <paramref name="file"/>; throws <see cref="RecipeFormatException"/>.</summary>
    public static (RecipeDocument Document, YamlKeyLines Lines) Read(string text, string file)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(file);
        if (text.Length > MaxSize)
        {
            throw new RecipeFormatException(file, 0, string.Empty, $"the recipe is over {MaxSize} bytes.");
        }

        YamlKeyLines lines;
        try
        {
            lines = YamlKeyLines.Read(text);
        }
        catch (YamlException e)
        {
            throw new RecipeFormatException(file, (int)e.Start.Line, string.Empty, $"not valid YAML: {Clean(e.Message)}", e);
        }

        RecipeDocument? document;
        try
        {
            document = Deserializer.Deserialize<RecipeDocument?>(text);
        }
        catch (YamlException e)
        {
            var line = (int)e.Start.Line;
            var message = Innermost(e);
            if (UnknownProperty().Match(message) is { Success: true } unknown)
            {
                var parent = lines.KeyAt(line);
                var cut = parent.LastIndexOf('.');
                var key = cut < 0 ? unknown.Groups[1].Value : $"{parent[..cut]}.{unknown.Groups[1].Value}";
                throw new RecipeFormatException(file, line, key, "unknown key.", e);
            }

            throw new RecipeFormatException(file, line, lines.KeyAt(line), $"bad value: {Clean(message)}", e);
        }

        if (document is null)
        {
            throw new RecipeFormatException(file, 0, string.Empty, "the recipe is empty.");
        }

        return (document, lines);
    }

    private static string Innermost(Exception e)
    {
        while (e.InnerException is { } inner && inner is YamlException or FormatException or InvalidCastException or OverflowException)
        {
            e = inner;
        }

        return e.Message;
    }

    /// <summary>YamlDotNet puts the mark into its messages; the file:line prefix already says it.</summary>
    private static string Clean(string message) => MarkPrefix().Replace(message, string.Empty).Trim();

    [GeneratedRegex(@"Property '([^']*)' not found on type")]
    private static partial Regex UnknownProperty();

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefix();
}
