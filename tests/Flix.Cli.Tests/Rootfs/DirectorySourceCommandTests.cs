using System.Text.Json;
using Flix.TestSupport.Files;

namespace Flix.Cli.Tests.Rootfs;

/// <summary><c>flix rootfs dir:PATH</c>: the command line of the directory source.</summary>
public sealed class DirectorySourceCommandTests
{
    [Fact]
    public async Task The_command_copies_and_reports_json_without_digest_or_platform()
    {
        using var scratch = new TempDirectory();
        string source = Directory.CreateDirectory(scratch.Combine("source")).FullName;
        Directory.CreateDirectory(Path.Combine(source, "usr", "bin"));
        await File.WriteAllTextAsync(Path.Combine(source, "usr", "bin", "hello"), "hi\n");
        File.CreateSymbolicLink(Path.Combine(source, "bin"), "usr/bin");

        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = await Flix.Cli.Program.RunAsync(["rootfs", "dir:" + source, scratch.Combine("rootfs"), "--json"], output, error);

        Assert.True(code == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal("dir", json.RootElement.GetProperty("source").GetString());
        Assert.Equal("dir:" + source, json.RootElement.GetProperty("image").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("digest").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("platform").ValueKind);
        Assert.Equal(0, json.RootElement.GetProperty("layers").GetArrayLength());
        Assert.Equal("hi\n", await File.ReadAllTextAsync(scratch.Combine("rootfs", "bin", "hello")));
    }

    [Fact]
    public async Task The_command_names_a_missing_directory_and_exits_1()
    {
        using var scratch = new TempDirectory();
        using var output = new StringWriter();
        using var error = new StringWriter();

        int code = await Flix.Cli.Program.RunAsync(["rootfs", "dir:" + scratch.Combine("nothing"), scratch.Combine("rootfs")], output, error);

        Assert.Equal(1, code);
        Assert.Contains(scratch.Combine("nothing"), error.ToString());
    }
}
