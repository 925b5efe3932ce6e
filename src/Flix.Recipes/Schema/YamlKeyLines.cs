using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Flix.Recipes.Schema;

/// <summary>
/// Where each key of a YAML document is: key paths such as <c>artifacts[0].checksum.file</c> with the line they
/// start on, read from the parser's events, so checks made after deserializing can still name the line.
/// </summary>
public sealed class YamlKeyLines
{
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
    private readonly List<(int Line, string Path)> _byLine = [];

    private YamlKeyLines()
    {
    }

    /// <summary>Reads the key positions of <paramref name="text"/>; throws <see cref="YamlException"/> on bad YAML.</summary>
    public static YamlKeyLines Read(string text)
    {
        var map = new YamlKeyLines();
        var parser = new Parser(new StringReader(text));
        map.Walk(parser);
        return map;
    }

    /// <summary>The line of <paramref name="path"/>, or of its nearest parent that has one; 1 when none does.</summary>
    public int LineOf(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (_lines.TryGetValue(p, out var line))
            {
                return line;
            }
        }

        return 1;
    }

    /// <summary>The last key path that starts on or before <paramref name="line"/>.</summary>
    public string KeyAt(int line)
    {
        var best = string.Empty;
        foreach (var (l, path) in _byLine)
        {
            if (l <= line)
            {
                best = path;
            }
        }

        return best;
    }

    private static string Parent(string path)
    {
        var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
        return cut <= 0 ? string.Empty : path[..cut];
    }

    private void Walk(IParser parser)
    {
        parser.Consume<StreamStart>();
        if (parser.TryConsume<DocumentStart>(out _))
        {
            WalkNode(parser, string.Empty);
            parser.TryConsume<DocumentEnd>(out _);
        }
    }

    private void WalkNode(IParser parser, string path)
    {
        if (parser.TryConsume<MappingStart>(out _))
        {
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = parser.Consume<Scalar>();
                var child = path.Length == 0 ? key.Value : $"{path}.{key.Value}";
                var line = (int)key.Start.Line;
                _lines.TryAdd(child, line);
                _byLine.Add((line, child));
                WalkNode(parser, child);
            }
        }
        else if (parser.TryConsume<SequenceStart>(out _))
        {
            for (var i = 0; !parser.TryConsume<SequenceEnd>(out _); i++)
            {
                var child = $"{path}[{i}]";
                if (parser.Current is { } current)
                {
                    _lines.TryAdd(child, (int)current.Start.Line);
                    _byLine.Add(((int)current.Start.Line, child));
                }

                WalkNode(parser, child);
            }
        }
        else
        {
            parser.SkipThisAndNestedEvents();
        }
    }
}
