using System.Text.Json;
using Flix.Cli;
using Flix.Core.Tree;
using Flix.Sysext.Entries;
using Flix.FlixMode;
using static Flix.TestSupport.Trees.HostTrees;
using Flix.TestSupport.Files;
using Flix.Sysext;

namespace Flix.Cli.Tests.Inspect;

/// <summary>
/// The ELF closure report of <c>flix inspect</c> on extensions made of this machine's own ls and its libraries: a
/// Flix-mode extension resolves everything inside itself; with a library removed on purpose the report flags it; a
/// plain copy leaves its libraries to the host, which is reported but no error.
/// </summary>
public sealed class InspectClosureTests
{
    private const string Sysroot = "usr/local/demo";

    private static async Task<(int ExitCode, JsonElement Json, string Text)> InspectAsync(string image)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exitCode = await Program.RunAsync(["inspect", image, "--json"], output, error, _ => null);
        using var text = new StringWriter();
        await Program.RunAsync(["inspect", image, "--elf"], text, new StringWriter(), _ => null);
        return (exitCode, JsonDocument.Parse(output.ToString()).RootElement.Clone(), text.ToString());
    }

    private static async Task<string> FlixModeImageAsync(TempDirectory temp, params string[] removed)
    {
        var result = await FlixBuilder.BuildAsync(HostLsImage(), new FlixOptions { Name = "demo", Entries = [EntryPoint.Parse("/usr/bin/ls")] });
        foreach (var library in removed)
        {
            Assert.True(result.Tree.Remove($"{Sysroot}/lib/{library}"), library);
        }

        var packed = await SysextPacker.PackAsync(result.Tree, new SysextPackOptions { Name = "demo", Architecture = "x86-64", OutputDirectory = temp.Combine("out") });
        return packed.Path;
    }

    [Fact]
    public async Task A_flix_mode_extension_resolves_every_library_inside_itself()
    {
        using var temp = new TempDirectory();

        var (exitCode, json, text) = await InspectAsync(await FlixModeImageAsync(temp));

        Assert.Equal(0, exitCode);
        var ls = json.GetProperty("elf").EnumerateArray().Single(e => e.GetProperty("path").GetString() == "usr/bin/ls");
        Assert.Equal(("program", $"/{Sysroot}/lib/ld-linux-x86-64.so.2", $"/{Sysroot}/lib/ld-linux-x86-64.so.2", $"/{Sysroot}/lib", true), (
            ls.GetProperty("kind").GetString(), ls.GetProperty("interpreter").GetString(), ls.GetProperty("interpreterInImage").GetString(),
            ls.GetProperty("runpath").GetString(), ls.GetProperty("nodeflib").GetBoolean()));
        Assert.Equal(
            ["libselinux.so.1", "libc.so.6"],
            ls.GetProperty("needed").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
        Assert.All(ls.GetProperty("needed").EnumerateArray(), n => Assert.StartsWith($"/{Sysroot}/lib/", n.GetProperty("path").GetString()));
        Assert.Contains("ELF files (", text);
        Assert.Contains($"    libselinux.so.1 => /{Sysroot}/lib/libselinux.so.1\n", text);
    }

    [Fact]
    public async Task A_library_removed_on_purpose_is_flagged_as_an_error_naming_file_and_library()
    {
        using var temp = new TempDirectory();

        var (exitCode, json, text) = await InspectAsync(await FlixModeImageAsync(temp, "libpcre2-8.so.0"));

        Assert.Equal(1, exitCode);
        var selinux = json.GetProperty("elf").EnumerateArray().Single(e => e.GetProperty("path").GetString() == $"{Sysroot}/lib/libselinux.so.1");
        var pcre = selinux.GetProperty("needed").EnumerateArray().Single(n => n.GetProperty("name").GetString() == "libpcre2-8.so.0");
        Assert.Equal(JsonValueKind.Null, pcre.GetProperty("path").ValueKind);
        var error = json.GetProperty("diagnostics").EnumerateArray().Single(d => d.GetProperty("severity").GetString() == "error");
        Assert.Equal(("FLX205", $"{Sysroot}/lib/libselinux.so.1"), (error.GetProperty("id").GetString(), error.GetProperty("path").GetString()));
        Assert.Contains("needs libpcre2-8.so.0, which is not in the image", error.GetProperty("message").GetString());
        Assert.Contains("    libpcre2-8.so.0 => MISSING (not in the image)\n", text);
    }

    [Fact]
    public async Task A_plain_copy_leaves_its_libraries_to_the_host_without_an_error()
    {
        using var temp = new TempDirectory();
        var tree = new FileTree();
        tree.Add("usr/bin/ls", HostFile("/usr/bin/ls"));
        var packed = await SysextPacker.PackAsync(tree, new SysextPackOptions { Name = "plain", Architecture = "x86-64", OutputDirectory = temp.Combine("out") });

        var (exitCode, json, text) = await InspectAsync(packed.Path);

        Assert.Equal(0, exitCode);
        var ls = json.GetProperty("elf").EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Null, ls.GetProperty("interpreterInImage").ValueKind);
        Assert.All(ls.GetProperty("needed").EnumerateArray(), n => Assert.Equal(JsonValueKind.Null, n.GetProperty("path").ValueKind));
        Assert.Contains("; not in the image: libc.so.6, libselinux.so.1; host loader: /lib64/ld-linux-x86-64.so.2", text);
        Assert.Contains("    libc.so.6 => not in the image (the host's)\n", text);
    }
}
