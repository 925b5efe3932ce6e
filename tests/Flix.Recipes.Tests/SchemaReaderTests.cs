using Flix.Recipes.Schema;

namespace Flix.Recipes.Tests;

public sealed class SchemaReaderTests
{
    [Fact]
    public void A_recipe_reads_into_its_document()
    {
        var (document, lines) = RecipeDocumentReader.Read("""
            name: demo
            description: A demo
            arches:
              x86-64: amd64
              arm64: arm64
            versions:
              github_releases:
                repo: o/r
            artifacts:
              - url: https://example.org/{version}/demo-{arch}.tar.gz
                checksum:
                  list: https://example.org/{version}/SHA256SUMS
                install:
                  - from: demo
                    to: /usr/bin/demo
                    mode: "0755"
            units:
              - name: demo.service
                enable: true
                content: |
                  [Service]
                  ExecStart=/usr/bin/demo
                dropins:
                  10-x.conf: "[Service]\nEnvironment=A=1\n"
            """, "demo.yaml");
        Assert.Equal("demo", document.Name);
        Assert.Equal("amd64", document.Arches!["x86-64"]);
        Assert.Equal("o/r", document.Versions!.GitHubReleases!.Repository);
        Assert.Equal("0755", document.Artifacts![0].Install![0].Mode);
        Assert.True(document.Units![0].Enable);
        Assert.Contains("Environment=A=1", document.Units[0].Dropins!["10-x.conf"], StringComparison.Ordinal);
        Assert.Equal(10, lines.LineOf("artifacts[0].url"));
        Assert.Equal(12, lines.LineOf("artifacts[0].checksum.list"));
    }

    [Fact]
    public void An_unknown_key_names_file_line_and_key()
    {
        var e = Assert.Throws<RecipeFormatException>(() => RecipeDocumentReader.Read("""
            name: demo
            artifacts:
              - url: https://example.org/x
                chksum:
                  file: https://example.org/x.sha256
            """, "demo.yaml"));
        Assert.Equal("demo.yaml", e.File);
        Assert.Equal(4, e.Line);
        Assert.Equal("artifacts[0].chksum", e.Key);
        Assert.StartsWith("demo.yaml:4: artifacts[0].chksum: unknown key", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_names_its_line()
    {
        var e = Assert.Throws<RecipeFormatException>(() => RecipeDocumentReader.Read("""
            name: demo
            reload: perhaps
            """, "demo.yaml"));
        Assert.Equal(2, e.Line);
        Assert.Equal("reload", e.Key);
    }
}
