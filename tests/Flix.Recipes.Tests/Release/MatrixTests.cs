using System.Text.Json;

namespace Flix.Recipes.Tests.Release;

/// <summary>
/// <c>flix bake --all --matrix VERSIONS_FILE</c>: a GitHub Actions matrix of recipe × version × arch, 'latest'
/// expanded through the recipe's version source, sorted and reproducible, each entry with the hash of its inputs and
/// marked done when its image is in --output/RECIPE/.
/// </summary>
public sealed class MatrixTests : IDisposable
{
    private readonly ReleaseFixture _fixture = new();

    private async Task<string> VersionsFileAsync(string text)
    {
        string path = Path.Combine(_fixture.Work, "release_build_versions.txt");
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    private const string Versions = """
        # Builds of the release (the bakery's format).

        kubetool v1.32.1   # pinned for a CI
        kubetool latest
        kubetool v1.33.0
        """;

    [Fact]
    public async Task The_matrix_is_sorted_reproducible_and_marks_published_images_done()
    {
        await _fixture.WriteAsync();
        string versions = await VersionsFileAsync(Versions);
        string output = Path.Combine(_fixture.Work, "release");

        var first = await _fixture.FlixAsync("bake", "--all", "--matrix", versions, "--output", output);
        var second = await _fixture.FlixAsync("bake", "--all", "--matrix", versions, "--output", output);

        Assert.True(first.Code == 0, first.Stderr);
        Assert.Equal(first.Stdout, second.Stdout);
        using var matrix = JsonDocument.Parse(first.Stdout);
        var include = matrix.RootElement.GetProperty("include").EnumerateArray().ToList();
        Assert.Equal(
            [
                "kubetool v1.32.1 arm64", "kubetool v1.32.1 x86-64",
                "kubetool v1.32.2 arm64", "kubetool v1.32.2 x86-64", // latest: the newest patch of v1.32…
                "kubetool v1.33.0 arm64", "kubetool v1.33.0 x86-64", // …and of v1.33, listed once though named twice
            ],
            include.Select(e => $"{e.GetProperty("recipe").GetString()} {e.GetProperty("version").GetString()} {e.GetProperty("arch").GetString()}"));
        Assert.All(include, e => Assert.False(e.GetProperty("done").GetBoolean()));
        Assert.All(include, e => Assert.Matches("^[0-9a-f]{64}$", e.GetProperty("inputs").GetString()));
        Assert.Equal(include.Count, include.Select(e => e.GetProperty("inputs").GetString()).Distinct().Count());

        // Publish every image: a second run has nothing left to build, and the inputs did not move.
        foreach (var entry in include)
        {
            string folder = Directory.CreateDirectory(Path.Combine(output, entry.GetProperty("recipe").GetString()!)).FullName;
            await File.WriteAllTextAsync(Path.Combine(folder, entry.GetProperty("image").GetString()!), "published");
        }

        var third = await _fixture.FlixAsync("bake", "--all", "--matrix", versions, "--output", output);
        using var done = JsonDocument.Parse(third.Stdout);
        var after = done.RootElement.GetProperty("include").EnumerateArray().ToList();
        Assert.All(after, e => Assert.True(e.GetProperty("done").GetBoolean()));
        Assert.Equal(include.Select(e => e.GetProperty("inputs").GetString()), after.Select(e => e.GetProperty("inputs").GetString()));
    }

    [Fact]
    public async Task A_changed_recipe_changes_the_inputs_of_its_entries()
    {
        await _fixture.WriteAsync();
        string versions = await VersionsFileAsync("kubetool v1.32.1\n");
        var before = await _fixture.FlixAsync("bake", "--all", "--matrix", versions);

        await File.AppendAllTextAsync(Path.Combine(_fixture.Recipes, "kubetool.yaml"), "\nhomepage: https://example.com/kubetool\n");
        var after = await _fixture.FlixAsync("bake", "--all", "--matrix", versions);

        Assert.True(before.Code == 0 && after.Code == 0, before.Stderr + after.Stderr);
        using var a = JsonDocument.Parse(before.Stdout);
        using var b = JsonDocument.Parse(after.Stdout);
        Assert.NotEqual(
            a.RootElement.GetProperty("include")[0].GetProperty("inputs").GetString(),
            b.RootElement.GetProperty("include")[0].GetProperty("inputs").GetString());
    }

    [Theory]
    [InlineData("kubetool\n", ":1:")] // no version
    [InlineData("kubetool v1.32.1\nnosuch 1.0.0\n", "nosuch")] // an unknown recipe
    [InlineData("\nkubetool v1.32.1 extra\n", ":2:")] // three fields
    public async Task A_bad_versions_file_fails_naming_the_line(string text, string named)
    {
        await _fixture.WriteAsync();
        string versions = await VersionsFileAsync(text);

        var (code, stdout, stderr) = await _fixture.FlixAsync("bake", "--all", "--matrix", versions);

        Assert.Equal(1, code);
        Assert.Contains(named, stderr);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Matrix_needs_all_and_takes_no_name()
    {
        var (code, _, stderr) = await _fixture.FlixAsync("bake", "--matrix", "versions.txt");
        var (named, _, namedError) = await _fixture.FlixAsync("bake", "kubetool", "v1.32.1", "--all", "--matrix", "versions.txt");

        Assert.Equal(2, code);
        Assert.Contains("--all", stderr);
        Assert.Equal(2, named);
        Assert.Contains("take no NAME VERSION", namedError);
    }

    public void Dispose() => _fixture.Dispose();
}
