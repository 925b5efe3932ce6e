using Flix.Core.Tree;

namespace Flix.Recipes.Tests;

public sealed class CatalogueTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flix-recipes-").FullName;

    [Fact]
    public void Every_embedded_recipe_passes_the_check()
    {
        var catalogue = RecipeCatalogue.Load();
        Assert.Empty(catalogue.Problems);
        Assert.Contains(catalogue.Recipes, r => r.Name == "wasmtime");
        Assert.Contains(catalogue.Recipes, r => r.Artifacts.Any(a => a.Url.Text.StartsWith("oci://", StringComparison.Ordinal)));
        Assert.Contains(catalogue.Recipes, r => r.Artifacts.Any(a => a.Url.Text.StartsWith("s3://", StringComparison.Ordinal)));
        Assert.Contains(catalogue.Recipes, r => r.Artifacts.Any(a => a.Url.Text.StartsWith("file://", StringComparison.Ordinal)));
    }

    [Fact]
    public void The_catalogue_lists_the_recipes_written_so_far()
    {
        string[] expected =
        [
            "bird", "btop", "chrony", "cilium", "cloud-hypervisor", "coder", "consul", "containerd", "crio",
            "dataplaneapi", "docker", "docker-buildx", "docker-compose", "eks-kubectl", "etcd", "falco", "haproxy", "ig", "k3s",
            "kata-containers", "keepalived", "kubernetes", "llamaedge", "local-tool", "nebula", "nerdctl", "nomad", "nvidia-runtime", "ollama",
            "opkssh", "rke2", "tailscale", "tilde", "vault", "wasm-hello", "wasmcloud", "wasmedge", "wasmtime",
        ];
        Assert.Equal(expected, RecipeCatalogue.Load().Recipes.Select(r => r.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    // a build recipe takes its package's version
    [InlineData("bird", "package")]
    [InlineData("wasmtime", "github-releases bytecodealliance/wasmtime")]
    public void Flix_recipes_shows_where_the_versions_come_from(string name, string expected)
    {
        var recipe = Assert.Single(RecipeCatalogue.Load().Recipes, r => r.Name == name);
        Assert.Equal(expected, recipe.Versions.Describe());
    }

    [Fact]
    public void Every_download_of_the_catalogue_is_verified()
    {
        var unverified = RecipeCatalogue.Load().Recipes
            .SelectMany(r => r.Artifacts.Where(a => a.Checksum.Kind == Model.ChecksumKind.None && !a.Url.Text.StartsWith("oci://", StringComparison.Ordinal))
                .Select(a => $"{r.Name} artifacts[{a.Index}]"))
            .ToList();
        Assert.True(unverified.Count == 0, "Unverified: " + string.Join(", ", unverified));
    }

    /// <summary>
    /// The bakery's sysusers bug: an extension merges after systemd-sysusers ran at boot, so a unit that runs as a user
    /// the extension declares must create it itself (a "+" ExecStartPre of systemd-sysusers) before it starts.
    /// </summary>
    [Fact]
    public void Units_that_run_as_a_user_the_recipe_declares_create_it_first()
    {
        var wrong = new List<string>();
        foreach (var recipe in RecipeCatalogue.Load().Recipes.Where(r => r.Sysusers is not null))
        {
            foreach (var unit in recipe.Units.Where(u => u.Content?.Contains("\nUser=", StringComparison.Ordinal) == true))
            {
                if (!unit.Content!.Contains($"ExecStartPre=+/usr/bin/systemd-sysusers /usr/lib/sysusers.d/{recipe.Name}.conf", StringComparison.Ordinal))
                {
                    wrong.Add($"{recipe.Name}: {unit.Name}");
                }
            }
        }

        Assert.Contains(RecipeCatalogue.Load().Recipes, r => r.Sysusers is not null);
        Assert.True(wrong.Count == 0, "Units that need a sysusers user before sysusers runs: " + string.Join(", ", wrong));
    }

    [Fact]
    public void Problems_name_file_line_and_key()
    {
        File.WriteAllText(Path.Combine(_folder, "broken.yaml"), """
            name: broken
            description: A broken recipe
            arches:
              x86-64: amd64
              arm64: arm64
            versions:
              fixed: [1.0.0]
            artifacts:
              - url: https://example.org/{versoin}/tool-{arch}.tgz
                arches:
                  x86-64: amd64
                install:
                  - from: tool
                    to: /usr/bin/tool
            """);
        File.WriteAllText(Path.Combine(_folder, "unknown.yaml"), """
            name: unknown
            description: An unknown key
            arches: {x86-64: amd64}
            versions: {fixed: [1.0.0]}
            artifacts:
              - url: https://example.org/{version}/tool.tgz
                sha: abc
                install: [{from: tool, to: /usr/bin/tool}]
            """);
        var problems = RecipeCatalogue.Load(_folder).Problems;
        var broken = Path.Combine(_folder, "broken.yaml");
        Assert.Contains(problems, p => p.File == broken && p.Line == 9 && p.Key == "artifacts[0].url" && p.Message.Contains("{versoin} is not a variable", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == broken && p.Line == 10 && p.Key == "artifacts[0].arches" && p.Message.Contains("arm64", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.File == Path.Combine(_folder, "unknown.yaml") && p.Line == 7 && p.Key == "artifacts[0].sha" && p.Message.Contains("unknown key", StringComparison.Ordinal));
    }

    [Fact]
    public void A_user_recipe_of_the_same_name_wins()
    {
        File.WriteAllText(Path.Combine(_folder, "wasmtime.yaml"), """
            name: wasmtime
            description: My own wasmtime
            arches: {x86-64: x86_64}
            versions: {fixed: [v1.0.0]}
            artifacts:
              - url: https://mirror.example/wasmtime-{version}.tar.xz
                checksum: {list: https://mirror.example/SHA256SUMS}
                install: [{from: "*/wasmtime", to: /usr/bin/wasmtime}]
            """);
        var recipe = RecipeCatalogue.Load(_folder).Find("wasmtime");
        Assert.Equal("My own wasmtime", recipe.Description);
        Assert.Equal(Path.Combine(_folder, "wasmtime.yaml"), recipe.Origin);
    }

    [Fact]
    public void A_recipe_folder_that_is_missing_or_a_file_is_named()
    {
        string missing = Path.Combine(_folder, "missing");
        string file = Path.Combine(_folder, "file.yaml");
        File.WriteAllText(file, "name: x\n");

        Assert.Equal($"The recipe folder '{missing}' does not exist.", Assert.Throws<DirectoryNotFoundException>(() => RecipeCatalogue.Load(missing)).Message);
        Assert.Equal($"'{file}' is not a folder; --recipes takes a folder of recipe files.", Assert.Throws<DirectoryNotFoundException>(() => RecipeCatalogue.Load(file)).Message);
    }

    public void Dispose() => TreeRemover.Delete(_folder);
}
