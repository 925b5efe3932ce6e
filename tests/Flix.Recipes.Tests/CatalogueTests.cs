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

    public void Dispose() => TreeRemover.Delete(_folder);
}
