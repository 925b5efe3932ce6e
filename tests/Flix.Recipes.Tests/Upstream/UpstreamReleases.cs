namespace Flix.Recipes.Tests.Upstream;

/// <summary>Every <see cref="UpstreamRelease"/> of this assembly, found by type, so a recipe's test is one new file.</summary>
public static class UpstreamReleases
{
    public static IReadOnlyList<UpstreamRelease> All { get; } =
        [.. typeof(UpstreamRelease).Assembly.GetTypes()
            .Where(type => type.IsSubclassOf(typeof(UpstreamRelease)) && !type.IsAbstract)
            .Select(type => (UpstreamRelease)Activator.CreateInstance(type)!)
            .OrderBy(release => release.Recipe, StringComparer.Ordinal)];

    /// <summary>The recipe names, for a theory's MemberData.</summary>
    public static TheoryData<string> Names => [.. All.Select(release => release.Recipe)];

    public static UpstreamRelease Find(string recipe) => All.Single(release => release.Recipe == recipe);
}
