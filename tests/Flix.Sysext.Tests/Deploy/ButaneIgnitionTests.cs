using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Flix.Sysext.Deploy;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;
using YamlDotNet.RepresentationModel;

namespace Flix.Sysext.Tests.Deploy;

/// <summary>
/// flix pack --sysupdate --butane --ignition: the Butane file parses as YAML and downloads exactly the image written
/// (URL and hash of the bytes on disk), installs the transfer files written, links and enables as the bakery's docs
/// do; the Ignition JSON meets the Ignition 3.x spec's requirements (checked here from the spec, and by Debian's
/// ignition-validate) and says the same as the Butane file.
/// </summary>
public sealed partial class ButaneIgnitionTests
{
    private const string Url = "https://extensions.example.com/wasmtime/";

    private static async Task<(SysextPackResult Result, string Folder)> PackAsync(TempDirectory temp, DeploymentOptions deployment, string version = "v31.0.0")
    {
        var options = new SysextPackOptions
        {
            Name = "wasmtime",
            Version = version,
            Architecture = "arm64",
            OutputDirectory = temp.Path,
            Sysupdate = true,
            SysupdateUrl = Url,
            Deployment = deployment,
        };
        return (await SysextPacker.PackAsync(SampleTrees.Everything(), options), temp.Path);
    }

    private static YamlMappingNode Yaml(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    private static string Text(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value!;

    private static IEnumerable<YamlMappingNode> Items(YamlNode node, params string[] keys)
    {
        foreach (var key in keys)
        {
            node = ((YamlMappingNode)node)[key];
        }

        return ((YamlSequenceNode)node).Cast<YamlMappingNode>();
    }

    [Fact]
    public async Task The_butane_file_downloads_the_image_written_with_its_hash()
    {
        using var temp = new TempDirectory();
        var (result, folder) = await PackAsync(temp, new DeploymentOptions { Butane = true });
        string image = Path.GetFileName(result.Path);
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(result.Path)));

        var root = Yaml(await File.ReadAllTextAsync(Path.Combine(folder, "wasmtime.bu")));

        Assert.Equal("flatcar", Text(root, "variant"));
        Assert.Equal("1.0.0", Text(root, "version"));
        var files = Items(root, "storage", "files").ToList();
        var downloads = files.Where(f => ((YamlMappingNode)f["contents"]).Children.ContainsKey("source")).ToList();
        var download = Assert.Single(downloads);
        Assert.Equal($"/opt/extensions/wasmtime/{image}", Text(download, "path"));
        Assert.Equal(Url + image, Text(download["contents"], "source"));
        Assert.Equal("sha256-" + sha256, Text(download["contents"]["verification"], "hash"));
        Assert.Contains($"{sha256}  {image}\n", await File.ReadAllTextAsync(Path.Combine(folder, "SHA256SUMS")));
        Assert.Equal("0644", Text(download, "mode"));

        var inline = files.Except(downloads).ToDictionary(f => Text(f, "path"), f => Text(f["contents"], "inline"));
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["/etc/sysupdate.wasmtime.d/wasmtime.conf"] = await File.ReadAllTextAsync(Path.Combine(folder, "wasmtime.conf")),
                ["/etc/sysupdate.d/noop.conf"] = await File.ReadAllTextAsync(Path.Combine(folder, "noop.conf")),
            },
            inline);

        var link = Assert.Single(Items(root, "storage", "links"));
        Assert.Equal("/etc/extensions/wasmtime.raw", Text(link, "path"));
        Assert.Equal($"/opt/extensions/wasmtime/{image}", Text(link, "target"));
        Assert.Equal("false", Text(link, "hard"));

        var units = Items(root, "systemd", "units").ToDictionary(u => Text(u, "name"));
        Assert.Equal("true", Text(units["systemd-sysupdate.timer"], "enabled"));
        var dropIn = Assert.Single(Items(units["systemd-sysupdate.service"], "dropins"));
        Assert.Equal("wasmtime.conf", Text(dropIn, "name"));
        string contents = Text(dropIn, "contents");
        Assert.StartsWith("[Service]\n", contents);
        Assert.Contains("systemd-sysupdate -C wasmtime update\n", contents);
        Assert.Contains("then systemd-sysext refresh; fi\"\n", contents);
        Assert.Equal(2, Regex.Count(contents, "readlink --canonicalize /etc/extensions/wasmtime.raw"));
        Assert.False(File.Exists(Path.Combine(folder, "wasmtime.ign")));
    }

    [Fact]
    public async Task A_minor_pinned_extension_installs_its_pinned_transfer_and_asks_for_a_reboot()
    {
        using var temp = new TempDirectory();
        var (_, folder) = await PackAsync(temp, new DeploymentOptions { Butane = true, MinorPinned = true, OnUpdate = SysupdateOnUpdate.RebootRequired }, "v1.32.2");

        var root = Yaml(await File.ReadAllTextAsync(Path.Combine(folder, "wasmtime.bu")));
        var paths = Items(root, "storage", "files").Select(f => Text(f, "path")).ToList();

        Assert.Contains("/etc/sysupdate.wasmtime.d/wasmtime-v1.32.conf", paths);
        Assert.DoesNotContain("/etc/sysupdate.wasmtime.d/wasmtime.conf", paths);
        var dropIn = Items(Items(root, "systemd", "units").Single(u => Text(u, "name") == "systemd-sysupdate.service"), "dropins").Single();
        Assert.Contains("then touch /run/reboot-required; fi", Text(dropIn, "contents"));
    }

    [Fact]
    public async Task The_ignition_json_has_what_the_ignition_3_spec_requires_and_says_what_the_butane_file_says()
    {
        using var temp = new TempDirectory();
        var (result, folder) = await PackAsync(temp, new DeploymentOptions { Ignition = true });
        string sha256 = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(result.Path)));
        Assert.True(File.Exists(Path.Combine(folder, "wasmtime.bu")), "--ignition writes the Butane file too");

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "wasmtime.ign")));
        var problems = IgnitionSpecCheck.Check(json.RootElement);

        Assert.Empty(problems);
        var files = json.RootElement.GetProperty("storage").GetProperty("files").EnumerateArray().ToList();
        var image = files.Single(f => f.GetProperty("path").GetString()!.StartsWith("/opt/", StringComparison.Ordinal));
        Assert.Equal(Url + Path.GetFileName(result.Path), image.GetProperty("contents").GetProperty("source").GetString());
        Assert.Equal("sha256-" + sha256, image.GetProperty("contents").GetProperty("verification").GetProperty("hash").GetString());
        Assert.Equal(420, image.GetProperty("mode").GetInt32());
        var transfer = files.Single(f => f.GetProperty("path").GetString() == "/etc/sysupdate.wasmtime.d/wasmtime.conf");
        Assert.Equal(
            await File.ReadAllTextAsync(Path.Combine(folder, "wasmtime.conf")),
            Uri.UnescapeDataString(transfer.GetProperty("contents").GetProperty("source").GetString()!["data:,".Length..]));
    }

    [Fact]
    public async Task Debians_ignition_validate_accepts_the_ignition_json()
    {
        string validate = HostTools.Require("ignition-validate");
        using var temp = new TempDirectory();
        var (_, folder) = await PackAsync(temp, new DeploymentOptions { Ignition = true, MinorPinned = true });

        var run = await ProcessRunner.RunAsync(validate, Path.Combine(folder, "wasmtime.ign"));

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
    }

    [Theory]
    [InlineData("{\"ignition\":{\"version\":\"3.3.0\"}}", null)]
    [InlineData("{\"ignition\":{}}", "ignition.version")]
    [InlineData("{\"ignition\":{\"version\":\"2.2.0\"}}", "3.x")]
    [InlineData("{\"ignition\":{\"version\":\"3.3.0\"},\"storage\":{\"files\":[{\"path\":\"etc/x\"}]}}", "absolute")]
    [InlineData("{\"ignition\":{\"version\":\"3.3.0\"},\"storage\":{\"files\":[{\"path\":\"/x\",\"contents\":{\"source\":\"https://h/x\",\"verification\":{\"hash\":\"md5-00\"}}}]}}", "hash")]
    [InlineData("{\"ignition\":{\"version\":\"3.3.0\"},\"storage\":{\"links\":[{\"path\":\"/x\"}]}}", "target")]
    [InlineData("{\"ignition\":{\"version\":\"3.3.0\"},\"systemd\":{\"units\":[{\"name\":\"x\"}]}}", "unit name")]
    [InlineData("{\"ignition\":{\"version\":\"3.3.0\"},\"systemd\":{\"units\":[{\"name\":\"x.service\",\"dropins\":[{\"name\":\"a.txt\"}]}]}}", ".conf")]
    [InlineData("{\"ignition\":{\"version\":\"3.3.0\"},\"storage\":{\"files\":[{\"path\":\"/x\",\"contents\":{\"source\":\"ftp://h/x\"}}]}}", "scheme")]
    public void The_spec_check_finds_what_is_wrong(string json, string? problem)
    {
        using var document = JsonDocument.Parse(json);
        var problems = IgnitionSpecCheck.Check(document.RootElement);

        if (problem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Contains(problems, p => p.Contains(problem, StringComparison.Ordinal));
        }
    }
}
