using Flix.Core.Tree;
using Flix.Recipes.Baking;
using Flix.Recipes.Model;

namespace Flix.Recipes.Tests;

/// <summary>The <c>signature</c> checksum kind as the recipe check reads it, and the falco recipe's use of it.</summary>
public sealed class SignatureChecksumTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("flix-recipes-").FullName;

    [Fact]
    public void A_signature_checksum_reads_its_templates_and_normalizes_pinned_fingerprints()
    {
        Write("signed", """
                  signature: "{url}.asc"
                  key: https://example.org/{name}/key.asc
                  fingerprints: ["2005 3990 02d5 e8ff 59f2  8ce6 4021 833e 14cb 7a8d"]
            """);

        var catalogue = RecipeCatalogue.Load(_folder);

        Assert.DoesNotContain(catalogue.Problems, p => p.File.StartsWith(_folder, StringComparison.Ordinal));
        var checksum = catalogue.Find("signed").Artifacts[0].Checksum;
        Assert.Equal(ChecksumKind.Signature, checksum.Kind);
        Assert.Equal("{url}.asc", checksum.Template!.Text);
        Assert.Equal("https://example.org/signed/key.asc", checksum.Key!.Render(new Dictionary<string, string> { ["name"] = "signed" }));
        Assert.Equal(["2005399002D5E8FF59F28CE64021833E14CB7A8D"], checksum.Fingerprints);
    }

    [Theory]
    [InlineData("signature: \"{url}.asc\"", "artifacts[0].checksum.key", "needs the URL of the signer's public key")]
    [InlineData("signature: \"{url}.asc\"\n      key: https://example.org/key.asc\n      fingerprints: [ABCD]", "artifacts[0].checksum.fingerprints[0]", "not a v4 key fingerprint")]
    [InlineData("file: \"{url}.sha256\"\n      key: https://example.org/key.asc", "artifacts[0].checksum.key", "belongs to a signature checksum only")]
    [InlineData("file: \"{url}.sha256\"\n      signature: \"{url}.asc\"\n      key: https://example.org/key.asc", "artifacts[0].checksum", "exactly one of file, list, github, pinned, signature")]
    [InlineData("signature: \"{url}.asc\"\n      key: https://example.org/{keyname}.asc", "artifacts[0].checksum.key", "{keyname} is not a variable")]
    public void Bad_signature_checksums_are_problems_naming_their_key(string checksum, string key, string message)
    {
        Write("bad", "      " + checksum);

        var problems = RecipeCatalogue.Load(_folder).Problems.Where(p => p.File.StartsWith(_folder, StringComparison.Ordinal)).ToList();

        Assert.Contains(problems, p => p.Key == key && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_falco_recipe_is_verified_by_upstreams_signature_and_keeps_usr_share_falco_paths()
    {
        var falco = RecipeCatalogue.Load().Find("falco");
        var artifact = falco.Artifacts[0];
        Assert.Equal(ChecksumKind.Signature, artifact.Checksum.Kind);
        Assert.Equal("https://falco.org/repo/falcosecurity-packages.asc", artifact.Checksum.Key!.Text);

        // A ** rule keeps the paths below the folders its pattern names, whatever the top folder is called.
        var staging = new FileTree();
        staging.Add("falco-0.42.0-x86_64/usr/share/falco/plugins/libcontainer.so", TreeNode.CreateFile(MemoryFileContent.FromText("so"), 0x1A4));
        staging.Add("falco-0.42.0-x86_64/etc/falco/config.d/container.yaml", TreeNode.CreateFile(MemoryFileContent.FromText("x"), 0x1A4));
        var extension = new FileTree();
        ArtifactPlacer.Place(staging, extension, [.. artifact.Install.Where(rule => rule.From.Pattern.Contains("**", StringComparison.Ordinal))], "install", "falco.tar.gz");

        Assert.NotNull(extension.Find("usr/share/falco/plugins/libcontainer.so"));
        Assert.NotNull(extension.Find("usr/share/falco/etc/falco/config.d/container.yaml"));
    }

    public void Dispose() => TreeRemover.Delete(_folder);

    private void Write(string name, string checksum) => File.WriteAllText(Path.Combine(_folder, name + ".yaml"), $$"""
        name: {{name}}
        description: A signed download
        arches: {x86-64: amd64}
        versions: {fixed: [1.0.0]}
        artifacts:
          - url: https://example.org/{version}/tool.tgz
            checksum:
        {{checksum}}
            install: [{from: tool, to: /usr/bin/tool}]
        """);
}
