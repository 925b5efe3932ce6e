using System.Text.RegularExpressions;

namespace Flix.Sysext.Tests;

/// <summary>
/// examples/butane/flatcar-sysext.bu consumes exactly what flix writes: the versioned image name of
/// <c>flix pack --version</c>, a sha256 hash in Ignition's form, the link under the name the metadata is for, and
/// the transfer file of <c>flix pack --sysupdate --sysupdate-url</c> byte for byte.
/// </summary>
public sealed partial class ButaneExampleTests
{
    private const string Url = "https://extensions.example.com/hello/";

    private static string Example()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            string path = Path.Combine(folder.FullName, "examples/butane/flatcar-sysext.bu");
            if (File.Exists(path))
            {
                return File.ReadAllText(path);
            }
        }

        throw new InvalidOperationException("examples/butane/flatcar-sysext.bu was not found above the test folder.");
    }

    /// <summary>The text of the "inline: |" block that follows <paramref name="path"/>, dedented.</summary>
    private static string InlineAfter(string yaml, string path)
    {
        var lines = yaml.Split('\n');
        int start = Array.FindIndex(lines, line => line.Trim() == "- path: " + path);
        int inline = Array.FindIndex(lines, start, line => line.Trim() == "inline: |");
        var block = lines.Skip(inline + 1).TakeWhile(line => line.Length == 0 || line.StartsWith("          ", StringComparison.Ordinal)).ToList();
        while (block.Count > 0 && block[^1].Length == 0)
        {
            block.RemoveAt(block.Count - 1);
        }

        return string.Concat(block.Select(line => (line.Length == 0 ? string.Empty : line[10..]) + "\n"));
    }

    [Fact]
    public void The_transfer_file_is_the_one_flix_writes()
    {
        string expected = new SysupdateTransferFile { Name = "hello", SourceUrl = Url }.Render();

        Assert.Equal(expected, InlineAfter(Example(), "/etc/sysupdate.hello.d/hello.conf"));
    }

    [Fact]
    public void The_image_link_and_hash_follow_flixs_names()
    {
        string yaml = Example();
        string image = new SysextPackOptions { Name = "hello", Version = "1.0.0", Architecture = "x86-64", OutputDirectory = "out" }.OutputName;

        Assert.Contains($"- path: /opt/extensions/hello/{image}\n", yaml);
        Assert.Contains($"source: {Url}{image}\n", yaml);
        Assert.Contains($"- path: /etc/extensions/hello.raw\n      target: /opt/extensions/hello/{image}\n", yaml);
        Assert.Matches(HashLine(), yaml);
        Assert.StartsWith("variant: flatcar\n", yaml[yaml.IndexOf("variant:", StringComparison.Ordinal)..]);
    }

    [GeneratedRegex(@"\n +hash: sha256-[0-9a-f]{64}\n")]
    private static partial Regex HashLine();
}
