using Flix.Sysext.Deploy;

namespace Flix.Recipes.Tests.Release;

/// <summary>The recipe field <c>sysupdate: {minor_pinned, on_update}</c>: read, defaulted and checked.</summary>
public sealed class SysupdateFieldTests
{
    private static string Recipe(string sysupdate) => $"""
        name: demo
        description: A demo
        arches:
          x86-64: amd64
        versions:
          fixed: [v1.2.3]
        artifacts:
          - url: https://example.org/{"{version}"}/demo-{"{arch}"}.tar.gz
            checksum:
              list: https://example.org/{"{version}"}/SHA256SUMS
            install:
              - from: demo
                to: /usr/bin/demo
                mode: "0755"
        {sysupdate}
        """;

    [Fact]
    public void Minor_pinned_and_reboot_are_read()
    {
        var (recipe, problems) = RecipeCatalogue.Parse(Recipe("sysupdate:\n  minor_pinned: true\n  on_update: reboot"), "demo.yaml", "test");

        Assert.Empty(problems);
        Assert.Equal(new Model.RecipeSysupdate(true, SysupdateOnUpdate.RebootRequired), recipe!.Sysupdate);
        Assert.Contains("minor_pinned: true", recipe.Text);
    }

    [Fact]
    public void Without_the_field_updates_refresh_and_follow_every_version()
    {
        var (recipe, problems) = RecipeCatalogue.Parse(Recipe(string.Empty), "demo.yaml", "test");

        Assert.Empty(problems);
        Assert.Equal(new Model.RecipeSysupdate(false, SysupdateOnUpdate.Refresh), recipe!.Sysupdate);
    }

    [Fact]
    public void An_unknown_update_action_is_refused_naming_the_key_and_line()
    {
        var (recipe, problems) = RecipeCatalogue.Parse(Recipe("sysupdate:\n  on_update: restart"), "demo.yaml", "test");

        Assert.Null(recipe);
        var problem = Assert.Single(problems);
        Assert.Contains("sysupdate.on_update", problem.Message);
        Assert.Contains("'restart'", problem.Message);
    }
}
