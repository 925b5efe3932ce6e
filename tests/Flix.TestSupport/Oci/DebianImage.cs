using Flix.TestSupport.Cache;
using Flix.TestSupport.Debian;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Oci;

/// <summary>
/// A real Debian rootfs as an OCI image: <c>mmdebstrap --variant=essential SUITE</c> (<see cref="DebianTrees"/>: as
/// root, from the machine's own mirror, downloads retried) archived with GNU tar, wrapped as one gzip layer by
/// <see cref="OciLayoutBuilder"/>. Built once per machine and cached by <see cref="FixtureCache"/>.
/// </summary>
public static class DebianImage
{
    /// <summary>Bump when the recipe changes, so that old cache entries are not reused.</summary>
    private const int RecipeVersion = 2;

    /// <summary>Debian trixie, essential variant.</summary>
    public static Task<DebianImageLayout> TrixieAsync(CancellationToken ct = default) => GetAsync("trixie", [], ct);

    /// <summary>The image of <paramref name="suite"/> with <paramref name="includes"/> added, built on first use.</summary>
    public static async Task<DebianImageLayout> GetAsync(string suite, IReadOnlyList<string> includes, CancellationToken ct = default)
    {
        var request = new DebianTreeRequest(suite, "amd64", "essential", includes);
        string recipe = $"v{RecipeVersion} {request.Describe()} | tar gzip";
        string folder = await FixtureCache.GetAsync($"debian-image-{suite}", recipe, async (building, token) =>
        {
            // mmdebstrap 1.3.5 --format=tar fails here with "tar: .: file changed as we read it": build a directory,
            // then archive it with GNU tar (sorted names, numeric owners, xattrs, clamped mtimes).
            string tree = Path.Combine(building, "tree");
            string tar = Path.Combine(building, "rootfs.tar");
            await DebianTrees.BuildAsync(request, tree, token);
            await ProcessRunner.RunCheckedAsync("tar",
            [
                "--create", "--file", tar, "--format=pax", "--sort=name", "--numeric-owner",
                "--xattrs", "--xattrs-include=*", "--pax-option=delete=atime,delete=ctime",
                "--mtime=@" + DebianTrees.SourceDateEpoch, "--clamp-mtime", "--directory", tree, ".",
            ], token);
            TempDirectory.DeleteTree(tree);
            var builder = new OciLayoutBuilder(Path.Combine(building, "layout"));
            await builder.AddImageAsync(ImageSpec.Of(LayerSource.FromTarFile(tar)), suite, token);
        }, ct: ct);
        return new DebianImageLayout(Path.Combine(folder, "layout"), suite, Path.Combine(folder, "rootfs.tar"));
    }
}
