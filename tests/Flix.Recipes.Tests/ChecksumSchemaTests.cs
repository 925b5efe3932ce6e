using Flix.Recipes.Model;
using Flix.Recipes.Schema;

namespace Flix.Recipes.Tests;

/// <summary>An artifact's <c>checksum:</c>: the GitHub digest of another project's release, and the mistakes named by key.</summary>
public sealed class ChecksumSchemaTests
{
    [Fact]
    public void A_github_checksum_may_name_another_repository_and_the_tag_of_its_release()
    {
        var (recipe, problems) = Validate("github: WasmEdge/WasmEdge\n      tag: \"{plugin}\"");
        Assert.Empty(problems);
        var spec = recipe!.Artifacts[0].Checksum;
        Assert.Equal(ChecksumKind.GitHub, spec.Kind);
        Assert.Equal("WasmEdge/WasmEdge", spec.Repository);
        Assert.Equal("0.14.1", spec.Tag!.Render(new Dictionary<string, string> { ["plugin"] = "0.14.1" }));
    }

    [Fact]
    public void Without_a_tag_the_release_is_the_version_baked()
    {
        var (recipe, problems) = Validate("github: \"true\"");
        Assert.Empty(problems);
        Assert.Equal("o/r", recipe!.Artifacts[0].Checksum.Repository);
        Assert.Null(recipe.Artifacts[0].Checksum.Tag);
    }

    [Theory]
    [InlineData("list: https://example.org/SUMS\n      tag: \"{version}\"", "artifacts[0].checksum.tag", "only for github")]
    [InlineData("github: o/r\n      tag: \"{nope}\"", "artifacts[0].checksum.tag", "{nope} is not a variable")]
    public void A_bad_tag_is_named_by_its_key(string checksum, string key, string message)
    {
        var (_, problems) = Validate(checksum);
        var problem = Assert.Single(problems);
        Assert.Equal(key, problem.Key);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    private static (Recipe? Recipe, IReadOnlyList<RecipeFormatException> Problems) Validate(string checksum)
    {
        var text = $$"""
            name: demo
            description: A demo
            arches:
              x86-64: amd64
            versions:
              github_releases:
                repo: o/r
            params:
              plugin:
                default: 0.14.1
            artifacts:
              - url: https://example.org/{version}/demo-{arch}.tar.gz
                checksum:
                  {{checksum}}
                install:
                  - from: demo
                    to: /usr/bin/demo
                    mode: "0755"
            """;
        var (document, lines) = RecipeDocumentReader.Read(text, "demo.yaml");
        return RecipeValidator.Validate(document, lines, "demo.yaml", "test", "demo");
    }
}
