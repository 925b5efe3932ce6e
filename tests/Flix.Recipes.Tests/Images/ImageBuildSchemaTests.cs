using Flix.Recipes.Baking;
using Flix.Recipes.Model;
using Flix.Recipes.Schema;

namespace Flix.Recipes.Tests.Images;

/// <summary>The <c>build:</c> section of a recipe: what it reads into, and each mistake named by its key.</summary>
public sealed class ImageBuildSchemaTests
{
    [Fact]
    public void A_build_recipe_needs_no_version_source_and_reads_its_options()
    {
        var (recipe, problems) = Validate("""
            build:
              image: debian:trixie
              mode: flatwrap
              packages: [bird2, bird2-doc]
              package: bird2
              paths: [/usr/lib/bird/prepare-environment]
              enable: [bird.service]
              etc: chroot
            """);
        Assert.Empty(problems);
        var build = recipe!.Build!;
        Assert.Equal("image", recipe.Kind);
        Assert.Equal(ImageBuildMode.Flatwrap, build.Mode);
        Assert.Equal("bird2", build.Package);
        Assert.Equal(["bird.service"], build.Enable);
        Assert.False(build.NoEnable);
        Assert.False(build.EtcFromHost);
        Assert.True(build.VarFromHost);
    }

    [Fact]
    public void The_package_defaults_to_the_first_and_an_empty_enable_starts_nothing()
    {
        var (recipe, problems) = Validate("""
            build:
              image: debian:trixie
              packages: [haproxy, curl]
              enable: []
            """);
        Assert.Empty(problems);
        Assert.Equal("haproxy", recipe!.Build!.Package);
        Assert.Equal(ImageBuildMode.Flix, recipe.Build.Mode);
        Assert.True(recipe.Build.NoEnable);
    }

    [Fact]
    public void Entry_packages_name_the_other_packages_whose_programs_and_units_ship()
    {
        var (recipe, problems) = Validate("""
            build:
              image: debian:trixie
              packages: [docker.io, containerd, runc, curl]
              entry_packages: [containerd, docker.io, runc]
              paths: ['/usr/lib/{arch}/helper']
            """);
        Assert.Empty(problems);
        Assert.Equal("docker.io", recipe!.Build!.Package);
        Assert.Equal(["containerd", "runc"], recipe.Build.MorePackages);
        Assert.Equal(["/usr/lib/{arch}/helper"], recipe.Build.Paths);
    }

    [Theory]
    [InlineData("image: debian:trixie\n  mode: chroot\n  packages: [x]", "build.mode", "'chroot' is not flix or flatwrap")]
    [InlineData("image: debian:trixie\n  packages: [x]\n  package: y", "build.package", "'y' is not one of the packages installed (x)")]
    [InlineData("image: debian:trixie\n  packages: [x]\n  etc: chroot", "build.etc", "only a flatwrap build maps /etc and /var")]
    [InlineData("image: debian:trixie\n  mode: flatwrap\n  packages: [x]\n  var: image", "build.var", "'image' is not host or chroot")]
    [InlineData("image: debian:trixie\n  packages: [x]\n  enable: [not a unit]", "build.enable[0]", "'not a unit' is not a unit name")]
    [InlineData("image: debian:trixie\n  packages: [-x]", "build.packages[0]", "must not start with '-'")]
    [InlineData("image: debian:trixie\n  packages: [x]\n  paths: [usr/bin/x]", "build.paths[0]", "is not an absolute path")]
    [InlineData("image: debian:trixie", "build.packages", "missing: the packages to install")]
    [InlineData("image: debian:trixie\n  packages: [x, y]\n  entry_packages: [x, z]", "build.entry_packages[1]", "'z' is not one of the packages installed (x, y)")]
    [InlineData("image: debian:trixie\n  packages: [x, y]\n  entry_packages: [y]", "build.entry_packages", "misses the package 'x'")]
    [InlineData("image: debian:trixie\n  packages: [x]\n  paths: ['/usr/lib/{multiarch}/x']", "build.paths[0]", "names a variable other than {arch}")]
    public void A_bad_build_is_named_by_its_key(string build, string key, string message)
    {
        var (recipe, problems) = Validate("build:\n  " + build + "\n");
        Assert.Null(recipe);
        var problem = Assert.Single(problems);
        Assert.Equal(key, problem.Key);
        Assert.Contains(message, problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1:2.3.3-1", "2.3.3-1")]
    [InlineData("2.17.6-0+deb13u1", "2.17.6-0+deb13u1")]
    [InlineData("4.6.1-3+deb13u2", "4.6.1-3+deb13u2")]
    [InlineData("3.21.3-r0", "3.21.3-r0")]
    public void The_version_is_the_package_version_without_its_epoch(string package, string expected) =>
        Assert.Equal(expected, RecipeExtensionBuilder.VersionOf(package));

    private static (Recipe? Recipe, IReadOnlyList<RecipeFormatException> Problems) Validate(string build)
    {
        var text = "name: demo\ndescription: A demo\narches:\n  x86-64: amd64\n" + build;
        var (document, lines) = RecipeDocumentReader.Read(text, "demo.yaml");
        return RecipeValidator.Validate(document, lines, "demo.yaml", "test", "demo");
    }
}
