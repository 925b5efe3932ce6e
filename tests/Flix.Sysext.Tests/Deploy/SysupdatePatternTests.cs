using Flix.Sysext.Deploy;

namespace Flix.Sysext.Tests.Deploy;

/// <summary>
/// The MatchPattern matcher against the file names Flix writes (SysextPackOptions.OutputName), as systemd.sysupdate(5)
/// defines @v and %a: the bakery's NAME-@v-%a.raw and the kubernetes family's NAME-vMAJOR.MINOR.@v-%a.raw.
/// </summary>
public sealed class SysupdatePatternTests
{
    private static string FlixName(string name, string version, string arch) =>
        new SysextPackOptions { Name = name, Version = version, Architecture = arch, OutputDirectory = "out" }.OutputName;

    private static SysupdatePattern Bakery(string name, string arch) =>
        SysupdatePattern.Parse(new SysupdateTransferFile { Name = name }.EffectiveMatchPattern, SysupdateSpecifiers.ForArchitecture(arch));

    [Theory]
    [InlineData("wasmtime", "v31.0.0", "x86-64")] // the upstream tag with its v
    [InlineData("docker-compose", "2.24.5", "arm64")] // a dash in the name
    [InlineData("k3s", "v1.32.2+k3s1", "x86-64")] // '+' build metadata
    [InlineData("containerd", "2.0.0-rc.1", "x86-64")] // a dash in the version: @v stops at the first "-x86-64.raw"
    [InlineData("nvidia-runtime", "v1.18.1", "arm64")]
    [InlineData("tool_x", "1,2_3", "x86-64")] // ',' and '_' are version characters too
    public void The_bakery_pattern_matches_flixs_names_and_gives_back_the_version(string name, string version, string arch)
    {
        var match = Bakery(name, arch).Match(FlixName(name, version, arch));

        Assert.NotNull(match);
        Assert.Equal(version, match.Version);
        Assert.Equal([SysupdatePatternField.Version], match.Fields.Keys);
    }

    [Theory]
    [InlineData("wasmtime-v31.0.0-arm64.raw")] // another architecture's image
    [InlineData("wasmtime-v31.0.0-x86-64.raw.part")] // text after the pattern
    [InlineData("wasmtime-v31.0.0-x86-64")] // no .raw
    [InlineData("wasmtime--x86-64.raw")] // an empty version
    [InlineData("wasmcloud-v1.0.0-x86-64.raw")] // another extension
    [InlineData("wasmtime-1.0~rc1-x86-64.raw")] // '~' is a Flix version character but not a sysupdate one
    [InlineData("wasmtime-1.0^2-x86-64.raw")] // nor is '^'
    [InlineData("wasmtime-a b-x86-64.raw")] // nor a space
    [InlineData("wasmtime-v1/2-x86-64.raw")] // nor a slash
    [InlineData("Wasmtime-v31.0.0-x86-64.raw")] // literals are case-sensitive
    public void The_bakery_pattern_refuses_other_names(string fileName) =>
        Assert.Null(Bakery("wasmtime", "x86-64").Match(fileName));

    [Fact]
    public void A_name_that_extends_another_is_matched_as_a_version_so_each_extension_needs_its_own_folder()
    {
        // systemd's @v takes "compose-2.24.5": docker.conf would pick up docker-compose images in a shared folder.
        // This is why the release index keeps SHA256SUMS per extension (NAME/SHA256SUMS).
        var match = Bakery("docker", "x86-64").Match(FlixName("docker-compose", "2.24.5", "x86-64"));

        Assert.Equal("compose-2.24.5", match?.Version);
    }

    [Fact]
    public void The_minor_pinned_pattern_takes_patch_releases_of_its_minor_only()
    {
        var transfer = SysupdateTransferFile.MinorPinned("k3s", "v1.32.2+k3s1", null)!;
        var pattern = SysupdatePattern.Parse(transfer.EffectiveMatchPattern, SysupdateSpecifiers.ForArchitecture("x86-64"));

        Assert.Equal("k3s-v1.32.conf", transfer.FileName);
        Assert.Equal("k3s-v1.32.@v-%a.raw", transfer.EffectiveMatchPattern);
        Assert.Equal("2+k3s1", pattern.Match(FlixName("k3s", "v1.32.2+k3s1", "x86-64"))?.Version);
        Assert.Equal("10+k3s2", pattern.Match(FlixName("k3s", "v1.32.10+k3s2", "x86-64"))?.Version);
        Assert.Null(pattern.Match(FlixName("k3s", "v1.33.0+k3s1", "x86-64")));
        Assert.Null(pattern.Match(FlixName("k3s", "v1.3.2+k3s1", "x86-64")));
        Assert.Null(pattern.Match(FlixName("k3s", "v1.32.2+k3s1", "arm64")));
    }

    [Theory]
    [InlineData("v1.32.2", "v1.32")]
    [InlineData("1.32.2", "1.32")]
    [InlineData("v1.32.2+rke2r1", "v1.32")]
    [InlineData("v1.32", null)] // no patch: the pinned pattern would need an empty @v
    [InlineData("v1.32.", null)]
    [InlineData("latest", null)]
    [InlineData("1", null)]
    public void The_minor_prefix_is_major_and_minor_with_more_after_it(string version, string? prefix) =>
        Assert.Equal(prefix, SysupdateTransferFile.MinorPrefix(version));

    [Theory]
    [InlineData("foo-@v-@h.raw", "foo-1.2-" + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" + ".raw", true)]
    [InlineData("foo-@v-@h.raw", "foo-1.2-0123.raw", false)] // a short hash
    [InlineData("foo_@v_@m.raw", "foo_1_0644.raw", true)]
    [InlineData("foo_@v_@m.raw", "foo_1_0666.raw", false)] // world-writable is refused
    [InlineData("foo_@v_@s.raw", "foo_1_4096.raw", true)]
    [InlineData("foo_@v_@s.raw", "foo_1_-1.raw", false)]
    [InlineData("foo_@v+@d-@l.efi", "foo_6.1+2-1.efi", true)] // boot counting: tries done, tries left
    [InlineData("foo_@v+@d-@l.efi", "foo_6.1+x-1.efi", false)] // tries are numbers
    [InlineData("foo_@v_@r.raw", "foo_1_yes.raw", true)]
    [InlineData("foo_@v_@r.raw", "foo_1_maybe.raw", false)]
    [InlineData("foo_@v_@u.raw", "foo_1_4f68bce3-e8cd-4db1-96e7-fbcaf984b709.raw", true)]
    [InlineData("foo_@v_@u.raw", "foo_1_not-a-uuid.raw", false)]
    [InlineData("foo_@v_@f.raw", "foo_1_0x8000000000000000.raw", true)]
    [InlineData("foo_@v_@t.raw", "foo_1_1700000000000000.raw", true)]
    [InlineData("dir/foo_@v.raw", "dir/foo_1.raw", true)]
    [InlineData("a@@b_@v", "a@b_1", true)] // '@@' is a literal '@'
    public void Other_wildcards_check_their_values(string pattern, string name, bool matches) =>
        Assert.Equal(matches, SysupdatePattern.Parse(pattern, new SysupdateSpecifiers()).Match(name) is not null);

    [Theory]
    [InlineData("foo.raw", "no '@v'")]
    [InlineData("foo-@v-@v.raw", "twice")]
    [InlineData("foo-@v@h.raw", "two wildcards")]
    [InlineData("foo-@v-@", "trailing")]
    [InlineData("foo-@v-@x.raw", "'@x'")]
    [InlineData("foo-@v-*.raw", "0x2a")]
    [InlineData("foo-@v-%z.raw", "'%z'")]
    [InlineData("foo-@v-%", "lone")]
    [InlineData("foo-@v-%A.raw", "no value")] // IMAGE_VERSION is not known here
    public void Patterns_systemd_refuses_are_refused_with_the_reason(string pattern, string reason)
    {
        var error = Assert.Throws<InvalidDataException>(() => SysupdatePattern.Parse(pattern, SysupdateSpecifiers.ForArchitecture("x86-64")));

        Assert.Contains(reason, error.Message);
        Assert.Contains(pattern, error.Message);
    }

    [Fact]
    public void Specifiers_expand_as_sysupdate_does()
    {
        var specifiers = new SysupdateSpecifiers
        {
            Architecture = "arm64",
            OsRelease = new Dictionary<char, string> { ['w'] = "4459.2.1", ['o'] = "flatcar" },
        };

        Assert.Equal("x-arm64-flatcar-4459.2.1-100%-/var/tmp", specifiers.Expand("x-%a-%o-%w-100%%-%V", "test"));
        Assert.NotNull(SysupdatePattern.Parse("%o_@v_%a.raw", specifiers).Match("flatcar_1.0_arm64.raw"));
    }

    [Theory]
    [InlineData("wasmtime", "v31.0.0")]
    [InlineData("noop", "1.0")]
    public void The_noop_transfer_matches_no_extension_image(string name, string version) =>
        Assert.Null(SysupdatePattern.Parse(NoopTransferFile.MatchPattern, new SysupdateSpecifiers()).Match(FlixName(name, version, "x86-64")));

    [Fact]
    public void The_noop_pattern_only_takes_names_that_start_with_invalid()
    {
        // It looks in '/', where no file is named invalid*.raw; an extension named "invalid" would match it (as systemd
        // would), which is why it is only ever installed with Path=/.
        var noop = SysupdatePattern.Parse(NoopTransferFile.MatchPattern, new SysupdateSpecifiers());

        Assert.Equal("-1-x86-64", noop.Match(FlixName("invalid", "1", "x86-64"))?.Version);
        Assert.Null(noop.Match("invalid.raw"));
    }

    [Fact]
    public void A_version_sysupdate_cannot_see_is_refused_when_a_transfer_is_asked_for()
    {
        var options = new SysextPackOptions { Name = "tool", Version = "1.0~rc1", Architecture = "x86-64", OutputDirectory = "out", Sysupdate = true };

        Assert.Contains(options.Validate(), problem => problem.Contains("MatchPattern=tool-@v-%a.raw", StringComparison.Ordinal));
        Assert.Empty((options with { Version = "1.0-rc1" }).Validate());
        Assert.Empty((options with { Sysupdate = false }).Validate()); // a plain image may keep its '~'
    }
}
