using System.Xml.Linq;

namespace Flix.Cli.Tests.Layout;

/// <summary>
/// The dependency rules of docs/architecture.md, read from the project files: each library sits on a layer and
/// references only lower ones; Elf references nothing; Oci and SquashFs do not know each other; no library, and no
/// library test project, references the CLI.
/// </summary>
public sealed class ProjectGraphTests
{
    /// <summary>The layer of every project under src/, bottom first. A new project must be placed here.</summary>
    private static readonly Dictionary<string, int> Layers = new(StringComparer.Ordinal)
    {
        ["Flix.Core"] = 0,
        ["Flix.Elf"] = 0,
        ["Flix.Fetch"] = 1,
        ["Flix.SquashFs"] = 1,
        ["Flix.Erofs"] = 1,
        ["Flix.Oci"] = 2,
        ["Flix.Sysext"] = 2,
        ["Flix.FlixMode"] = 3,
        ["Flix.Flatwrap"] = 3,
        ["Flix.Install"] = 3,
        ["Flix.Testing"] = 3,
        ["Flix.Pipeline"] = 4,
        ["Flix.Recipes"] = 5,
        ["Flix.Cli"] = 6,
    };

    /// <summary>Pairs that the layers would allow but that must not depend on each other, either way.</summary>
    private static readonly (string, string)[] Strangers = [("Flix.Oci", "Flix.SquashFs"), ("Flix.Oci", "Flix.Erofs")];

    /// <summary>The test projects that run the CLI; every other test project tests a library without it.</summary>
    private static readonly string[] CliTestProjects = ["Flix.Cli.Tests", "Flix.IntegrationTests", "Flix.HostileRoot.Tests", "Flix.Testing.Tests", "Flix.Recipes.Tests"];

    [Fact]
    public void Every_library_is_placed_on_a_layer()
    {
        var unplaced = Projects("src").Keys.Where(name => !Layers.ContainsKey(name)).ToList();

        Assert.True(unplaced.Count == 0, $"Place {string.Join(", ", unplaced)} in {nameof(Layers)} and in docs/architecture.md.");
    }

    [Fact]
    public void Libraries_reference_only_lower_layers()
    {
        var wrong = new List<string>();
        foreach (var (project, references) in Projects("src"))
        {
            foreach (var reference in references)
            {
                if (!Layers.TryGetValue(project, out int layer) || !Layers.TryGetValue(reference, out int target) || target >= layer)
                {
                    wrong.Add($"{project} -> {reference}");
                }
            }
        }

        Assert.True(wrong.Count == 0, "References against the layers: " + string.Join(", ", wrong));
    }

    [Fact]
    public void Elf_references_nothing_and_the_strangers_do_not_know_each_other()
    {
        var projects = Projects("src");

        Assert.Empty(projects["Flix.Elf"]);
        Assert.Empty(projects["Flix.Core"]);
        foreach (var (a, b) in Strangers)
        {
            Assert.DoesNotContain(b, projects.GetValueOrDefault(a, []));
            Assert.DoesNotContain(a, projects.GetValueOrDefault(b, []));
        }
    }

    [Fact]
    public void Only_the_cli_test_projects_reference_the_cli()
    {
        var referencing = Projects("tests").Where(project => project.Value.Contains("Flix.Cli")).Select(project => project.Key);

        Assert.Subset(CliTestProjects.ToHashSet(), referencing.ToHashSet());
        Assert.DoesNotContain(Projects("src"), project => project.Value.Any(reference => reference.EndsWith(".Tests", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_graph_is_what_the_modes_need_and_no_more()
    {
        var projects = Projects("src");

        // The modes build on the sysext format, never on each other or on the image sources.
        Assert.Equal(["Flix.Core", "Flix.Elf", "Flix.Sysext"], projects["Flix.FlixMode"].Order());
        Assert.Equal(["Flix.Core", "Flix.Sysext"], projects["Flix.Flatwrap"].Order());
        // The sysext format reads and writes its image formats and reads the ELF files it ships (inspect's closure).
        Assert.Equal(["Flix.Core", "Flix.Elf", "Flix.Erofs", "Flix.SquashFs"], projects["Flix.Sysext"].Order());
    }

    /// <summary>Every project below <paramref name="folder"/> with the names of the projects it references.</summary>
    private static Dictionary<string, List<string>> Projects(string folder)
    {
        string root = RepositoryRoot();
        return Directory.EnumerateFiles(Path.Combine(root, folder), "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Contains("/bin/", StringComparison.Ordinal) && !path.Contains("/obj/", StringComparison.Ordinal))
            .ToDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path => XDocument.Load(path).Descendants("ProjectReference")
                    .Select(reference => Path.GetFileNameWithoutExtension((string?)reference.Attribute("Include") ?? string.Empty))
                    .ToList(),
                StringComparer.Ordinal);
    }

    /// <summary>The folder holding Flix.sln, found upwards from the test assembly.</summary>
    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Flix.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Flix.sln above {AppContext.BaseDirectory}.");
    }
}
