using Flix.Sysext.Deploy;

namespace Flix.Sysext.Tests.Deploy;

/// <summary>
/// The transfer files have exactly the sections and keys of systemd.sysupdate(5) that the bakery's
/// lib/sysupdate.conf.tmpl and docs use, in their order, and nothing else.
/// </summary>
public sealed class TransferFileSectionsTests
{
    /// <summary>Section → keys, in file order, of an INI text; a line outside a section or without '=' fails.</summary>
    internal static List<(string Section, List<(string Key, string Value)> Keys)> Sections(string text)
    {
        var sections = new List<(string, List<(string, string)>)>();
        foreach (var line in text.Split('\n').Where(l => l.Length > 0))
        {
            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                sections.Add((line[1..^1], []));
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0 && sections.Count > 0, $"'{line}' is not KEY=VALUE in a section");
            sections[^1].Item2.Add((line[..equals], line[(equals + 1)..]));
        }

        return sections;
    }

    private static string Shape(string text) =>
        string.Join(" ", Sections(text).Select(s => $"[{s.Section}] {string.Join(",", s.Keys.Select(k => k.Key))}"));

    private const string BakeryShape = "[Transfer] Verify [Source] Type,Path,MatchPattern [Target] InstancesMax,Type,Path,CurrentSymlink";

    [Fact]
    public void The_transfer_has_the_bakerys_sections_and_keys()
    {
        var sections = Sections(new SysupdateTransferFile { Name = "wasmtime" }.Render());

        Assert.Equal(BakeryShape, Shape(new SysupdateTransferFile { Name = "wasmtime" }.Render()));
        Assert.Equal("false", sections[0].Keys.Single().Value);
        Assert.Equal("url-file", sections[1].Keys[0].Value);
        Assert.Equal(["3", "regular-file", "/opt/extensions/wasmtime", "/etc/extensions/wasmtime.raw"], sections[2].Keys.Select(k => k.Value));
    }

    [Fact]
    public void The_minor_pinned_transfer_has_the_same_shape_and_the_same_target_and_link()
    {
        // Bakery #140: a pinned transfer whose CurrentSymlink named k3s-v1.32.raw broke the merge after a reboot.
        var pinned = SysupdateTransferFile.MinorPinned("kubernetes", "v1.32.2", "https://ext.example.com/kubernetes/")!;
        var sections = Sections(pinned.Render());

        Assert.Equal(BakeryShape, Shape(pinned.Render()));
        Assert.Equal("kubernetes-v1.32.conf", pinned.FileName);
        Assert.Equal("https://ext.example.com/kubernetes/", sections[1].Keys[1].Value);
        Assert.Equal("kubernetes-v1.32.@v-%a.raw", sections[1].Keys[2].Value);
        Assert.Equal(["/opt/extensions/kubernetes", "/etc/extensions/kubernetes.raw"], sections[2].Keys.Skip(2).Select(k => k.Value));
    }

    [Fact]
    public void Noop_is_a_regular_file_transfer_of_the_root_folder()
    {
        Assert.Equal("[Source] Type,Path,MatchPattern [Target] Type,Path", Shape(NoopTransferFile.Render()));
        Assert.Equal("invalid@v.raw", Sections(NoopTransferFile.Render())[0].Keys[2].Value);
    }

    [Fact]
    public async Task Packing_with_sysupdate_writes_the_transfer_the_pinned_transfer_and_noop()
    {
        using var temp = new TestSupport.Files.TempDirectory();
        var options = new SysextPackOptions
        {
            Name = "k3s",
            Version = "v1.32.2+k3s1",
            Architecture = "x86-64",
            OutputDirectory = temp.Path,
            Sysupdate = true,
            Deployment = new DeploymentOptions { MinorPinned = true },
        };

        var result = await SysextPacker.PackAsync(TestSupport.Trees.SampleTrees.Everything(), options);

        Assert.Equal(
            [DeploymentFileKinds.Transfer, DeploymentFileKinds.MinorPinnedTransfer, DeploymentFileKinds.Noop],
            result.DeploymentFiles.Select(f => f.Kind));
        Assert.Equal(
            ["SHA256SUMS", "k3s-v1.32.2+k3s1-x86-64.raw", "k3s-v1.32.conf", "k3s.conf", "noop.conf"],
            Directory.EnumerateFiles(temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(NoopTransferFile.Render(), await File.ReadAllTextAsync(temp.Combine("noop.conf")));
        foreach (var conf in new[] { "k3s.conf", "k3s-v1.32.conf" })
        {
            string pattern = Sections(await File.ReadAllTextAsync(temp.Combine(conf)))[1].Keys[2].Value;
            var match = SysupdatePattern.Parse(pattern, SysupdateSpecifiers.ForArchitecture("x86-64")).Match(Path.GetFileName(result.Path));
            Assert.NotNull(match);
            Assert.EndsWith(match.Version, "v1.32.2+k3s1", StringComparison.Ordinal);
        }
    }
}
