using Flix.Cli;
using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.Sysext;
using Flix.TestSupport.Processes;

namespace Flix.Cli.Tests.Inspect;

/// <summary>
/// <c>flix inspect --tree</c> against the oracle <c>unsquashfs -lls</c> on images from flix and from mksquashfs of
/// the same folder (files, folders, links, devices, a fifo, set-uid, owners), and the EROFS image of
/// <c>flix pack --format erofs</c> against the SquashFS one (directory sizes aside, which differ by format).
/// </summary>
public sealed class InspectTreeOracleTests
{
    private const long Epoch = 1_700_000_000;

    private static string MakeSource(TempDirectory temp)
    {
        string root = temp.Combine("source");
        ProcessRunner.Shell($"""
            set -e
            mkdir -p '{root}/usr/bin' '{root}/usr/share/doc/flix' '{root}/usr/lib/extension-release.d' '{root}/usr/lib/special'
            printf '#!/bin/sh\necho tool\n' > '{root}/usr/bin/tool'
            chmod 4755 '{root}/usr/bin/tool'
            ln -s tool '{root}/usr/bin/tool-link'
            head -c 300000 /dev/zero > '{root}/usr/share/doc/flix/zeros'
            printf 'ID=_any\nARCHITECTURE=x86-64\n' > '{root}/usr/lib/extension-release.d/extension-release.tree'
            mknod '{root}/usr/lib/special/null' c 1 3
            mknod '{root}/usr/lib/special/disk' b 8 17
            mkfifo '{root}/usr/lib/special/fifo'
            touch '{root}/usr/share/doc/flix/owned'
            chown 1000:100 '{root}/usr/share/doc/flix/owned'
            chown 65534:65534 '{root}/usr/bin/tool-link' -h
            find '{root}' -print0 | xargs -0 touch -h -d @{Epoch}
            """);
        return root;
    }

    private static async Task<IReadOnlyList<string>> FlixTreeAsync(string image)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await Program.RunAsync(["inspect", image, "--tree"], output, error, _ => null);
        Assert.True(exitCode == 0, error.ToString());
        string text = output.ToString();
        return text[(text.IndexOf("\nTree (", StringComparison.Ordinal) + 1)..].Split('\n', StringSplitOptions.RemoveEmptyEntries)[1..];
    }

    /// <summary>unsquashfs -lls with its extraction folder name turned into the root "/", as flix prints paths.</summary>
    private static IReadOnlyList<string> Unsquashfs(string image) =>
        ProcessRunner.Shell($"unsquashfs -lls '{image}'")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.Contains(" squashfs-root", StringComparison.Ordinal))
            .Select(line => line.Replace(" squashfs-root/", " /", StringComparison.Ordinal).Replace(" squashfs-root", " /", StringComparison.Ordinal))
            .ToList();

    private static async Task<string> FlixPackAsync(string source, string output, string format)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exitCode = await Program.RunAsync(["pack", source, "tree", "--keep-owners", "--epoch", Epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", format, "--output", output], stdout, stderr, _ => null);
        Assert.True(exitCode == 0, stderr.ToString());
        return Path.Combine(output, "tree.raw");
    }

    [Fact]
    public async Task The_tree_of_a_flix_image_is_what_unsquashfs_lists()
    {
        HostTools.Require("unsquashfs");
        using var temp = new TempDirectory();
        string image = await FlixPackAsync(MakeSource(temp), temp.Combine("out"), "squashfs");

        var expected = Unsquashfs(image);

        Assert.Equal(expected, await FlixTreeAsync(image));
        Assert.Contains(expected, line => line.StartsWith("crw-r--r-- ", StringComparison.Ordinal) && line.EndsWith(" /usr/lib/special/null", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_tree_of_a_mksquashfs_image_is_what_unsquashfs_lists()
    {
        HostTools.Require("mksquashfs");
        using var temp = new TempDirectory();
        string image = temp.Combine("tree.raw");
        ProcessRunner.Shell($"mksquashfs '{MakeSource(temp)}' '{image}' -noappend -no-progress -quiet -mkfs-time {Epoch}");

        Assert.Equal(Unsquashfs(image), await FlixTreeAsync(image));
    }

    [Fact]
    public async Task The_erofs_image_of_flix_pack_has_the_tree_of_the_squashfs_one()
    {
        HostTools.Require("mkfs.erofs");
        using var temp = new TempDirectory();
        string source = MakeSource(temp);
        string squashfs = await FlixPackAsync(source, temp.Combine("squashfs"), "squashfs");
        string erofs = await FlixPackAsync(source, temp.Combine("erofs"), "erofs");

        static IEnumerable<string> WithoutDirectorySizes(IEnumerable<string> lines) =>
            lines.Select(line => line.StartsWith('d') ? System.Text.RegularExpressions.Regex.Replace(line, @"^(\S+ \S+) +\d+ ", "$1 SIZE ") : line);

        Assert.Equal(WithoutDirectorySizes(await FlixTreeAsync(squashfs)), WithoutDirectorySizes(await FlixTreeAsync(erofs)));
    }
}
