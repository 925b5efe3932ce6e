using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Flix.Recipes.Tests.Release;

/// <summary>examples/github-actions/release.yaml is valid YAML and every flix option it uses exists in <c>flix bake --help</c>.</summary>
public sealed partial class ExampleWorkflowTests
{
    private static string Example()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string path = Path.Combine(folder.FullName, "examples/github-actions/release.yaml");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new InvalidOperationException("examples/github-actions/release.yaml was not found above the test folder.");
    }

    [Fact]
    public async Task The_workflow_parses_and_uses_only_options_flix_bake_has()
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(Example()));
        var jobs = (YamlMappingNode)((YamlMappingNode)stream.Documents.Single().RootNode)["jobs"];
        var runs = jobs.Children.Values.Cast<YamlMappingNode>()
            .SelectMany(job => ((YamlSequenceNode)job["steps"]).Cast<YamlMappingNode>())
            .Where(step => step.Children.ContainsKey("run"))
            .Select(step => ((YamlScalarNode)step["run"]).Value!)
            .ToList();
        var flixLines = string.Join('\n', runs).Replace("\\\n", " ", StringComparison.Ordinal).Split('\n').Where(l => l.Contains("./flix bake", StringComparison.Ordinal)).ToList();

        using var help = new StringWriter();
        using var error = new StringWriter();
        await Flix.Cli.Program.RunAsync(["bake", "--help"], help, error, _ => null);

        Assert.Contains(flixLines, l => l.Contains("--all --matrix", StringComparison.Ordinal));
        Assert.Contains(flixLines, l => l.Contains("--release-index", StringComparison.Ordinal));
        foreach (Match option in Option().Matches(string.Join('\n', flixLines)))
        {
            Assert.Contains(option.Value + " ", help.ToString());
        }
    }

    [GeneratedRegex("--[a-z][a-z-]+")]
    private static partial Regex Option();
}
