using Flix.TestSupport.Debian;
using Flix.TestSupport.Files;

namespace Flix.TestSupport.Tests;

/// <summary>The fixtures' Debian mirror is the one this machine's apt configuration names, never one written in the tests.</summary>
public sealed class MachineMirrorTests
{
    [Fact]
    public void Deb822_and_one_line_sources_give_the_entry_of_the_machines_release()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.Combine("etc", "apt", "sources.list.d"));
        File.WriteAllText(root.Combine("etc", "os-release"), "ID=debian\nVERSION_CODENAME=bookworm\n");
        File.WriteAllText(root.Combine("etc", "apt", "sources.list"), "# deb http://old.example/debian bookworm main\ndeb-src http://src.example/debian bookworm main\n");
        File.WriteAllText(root.Combine("etc", "apt", "sources.list.d", "debian.sources"), """
            Types: deb
            URIs: http://security.example/debian-security
            Suites: bookworm-security
            Components: main

            Types: deb deb-src
            # a comment inside a stanza
            URIs: http://mirror.example/debian/
            Suites: bookworm bookworm-updates
            Components: main
              contrib
            """);
        File.WriteAllText(root.Combine("etc", "apt", "sources.list.d", "disabled.sources"), "Types: deb\nURIs: http://disabled.example/debian\nSuites: bookworm\nEnabled: no\n");
        File.WriteAllText(root.Combine("etc", "apt", "sources.list.d", "other.list.disabled"), "deb http://ignored.example/debian bookworm main\n");

        Assert.Equal("http://mirror.example/debian", MachineMirror.FindArchiveUri(root.Path));
        var sources = MachineMirror.ReadSources(root.Combine("etc", "apt"));
        Assert.Equal(["http://security.example/debian-security", "http://mirror.example/debian"], sources.Select(s => s.Uri));
        Assert.Equal(["main", "contrib"], sources[1].Components);
    }

    [Fact]
    public void A_one_line_entry_with_options_counts()
    {
        var sources = MachineMirror.ParseOneLine(["deb [arch=amd64 signed-by=/usr/share/keyrings/k.gpg] http://mirror.example/debian trixie main non-free"]).ToList();
        Assert.Equal("http://mirror.example/debian", Assert.Single(sources).Uri);
        Assert.Equal(["trixie"], sources[0].Suites);
        Assert.Equal(["main", "non-free"], sources[0].Components);
    }

    [Fact]
    public void A_machine_without_a_debian_entry_leaves_the_mirror_to_mmdebstrap()
    {
        using var root = new TempDirectory();
        Directory.CreateDirectory(root.Combine("etc", "apt"));
        File.WriteAllText(root.Combine("etc", "apt", "sources.list"), "deb http://archive.example/ubuntu noble-updates main\n");
        Assert.Null(MachineMirror.FindArchiveUri(root.Path));
    }

    [Fact]
    public void This_machines_sources_name_the_mirror_the_trees_come_from()
    {
        string? uri = MachineMirror.ArchiveUri;
        var request = new DebianTreeRequest("trixie", "s390x", "extract", ["libc6"]);
        Assert.Equal(uri is null ? null : $"deb {uri} trixie main", request.SourcesLine);
        Assert.Equal("deb http://elsewhere.example/debian trixie main", (request with { MirrorUri = "http://elsewhere.example/debian" }).SourcesLine);
    }
}
