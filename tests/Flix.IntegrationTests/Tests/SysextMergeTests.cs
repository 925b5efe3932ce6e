using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Fixtures;
using Flix.IntegrationTests.Oracles;
using Flix.TestSupport.Files;

namespace Flix.IntegrationTests.Tests;

/// <summary>
/// A real systemd-sysext merge of a built extension in a private namespace: accepted where its metadata
/// matches the host (real or stood-in os-release), refused where it does not. Derived classes pick the builder.
/// </summary>
public abstract class SysextMergeTests
{
    /// <summary>Stands in for Flatcar Container Linux inside the namespace.</summary>
    public const string FlatcarOsRelease = "ID=flatcar\nVERSION_ID=4230.2.0\nSYSEXT_LEVEL=1.0\nNAME=\"Flatcar Container Linux by Kinvolk\"\n";

    /// <summary>A Flatcar with a sysext level no extension of these tests declares.</summary>
    public const string FlatcarNextLevelOsRelease = "ID=flatcar\nVERSION_ID=9999.0.0\nSYSEXT_LEVEL=2.0\n";

    protected abstract IImageBuilder Builder { get; }

    public static TheoryData<ImageCompression> Compressions => ImageOracleTests.Compressions;

    [Theory]
    [MemberData(nameof(Compressions))]
    public async Task Merged_extension_runs_its_program(ImageCompression compression)
    {
        var result = await PackAndMergeAsync("hello", os: null, osRelease: null, compression);

        Assert.True(result.ProgramExitCode == 0, result.Describe());
        Assert.Equal(SysextTreeBuilder.Greeting, result.ProgramOutput.Trim());
        Assert.Equal(["hello"], result.ExtensionsOn("/usr"));
    }

    [Fact]
    public async Task Flatcar_extension_is_refused_on_this_host()
    {
        string hostId = ReadHostOsId();
        Assert.True(hostId != "flatcar", "This test needs a host that is not Flatcar.");

        var result = await PackAndMergeAsync("flatcaronly", os: "flatcar", osRelease: null, ImageCompression.Gzip);

        Assert.True(result.ProgramExitCode == 127, $"The program ran although the extension is for Flatcar. {result.Describe()}");
        Assert.Empty(result.ExtensionsOn("/usr"));
        // systemd 252 says, at the default level, "No suitable extensions found (1 ignored due to incompatible
        // version)." and, at debug level, why: "Extension 'NAME' is for OS 'flatcar', but deployed on top of 'debian'."
        Assert.Contains("No suitable extensions found", result.MergeLog, StringComparison.Ordinal);
        Assert.Contains("is for OS 'flatcar'", result.MergeLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Flatcar_extension_merges_on_flatcar()
    {
        var result = await PackAndMergeAsync("flatcarok", os: "flatcar", osRelease: FlatcarOsRelease, ImageCompression.Zstd);

        Assert.True(result.ProgramExitCode == 0, result.Describe());
        Assert.Equal(SysextTreeBuilder.Greeting, result.ProgramOutput.Trim());
        Assert.Equal(["flatcarok"], result.ExtensionsOn("/usr"));
    }

    [Fact]
    public async Task Flatcar_extension_is_refused_on_another_sysext_level()
    {
        var result = await PackAndMergeAsync("levelone", os: "flatcar", osRelease: FlatcarNextLevelOsRelease, ImageCompression.Gzip);

        Assert.True(result.ProgramExitCode == 127, $"The program ran although SYSEXT_LEVEL differs. {result.Describe()}");
        Assert.Empty(result.ExtensionsOn("/usr"));
        // Refused for its level (systemd 252: "… is for sysext API level '1.0', but running on … '2.0'"), not for anything else.
        Assert.Contains("level '1.0'", result.MergeLog, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Any_extension_merges_on_flatcar()
    {
        var result = await PackAndMergeAsync("anywhere", os: null, osRelease: FlatcarOsRelease, ImageCompression.Gzip);

        Assert.True(result.ProgramExitCode == 0, result.Describe());
        Assert.Equal(["anywhere"], result.ExtensionsOn("/usr"));
    }

    private async Task<SysextMergeResult> PackAndMergeAsync(string name, string? os, string? osRelease, ImageCompression compression)
    {
        using var scratch = TempDirectory.Create("sysext");
        string tree = scratch.Combine("tree");
        await SysextTreeBuilder.BuildAsync(tree);
        var image = await Builder.BuildAsync(new ImageRequest
        {
            SourceDirectory = tree,
            OutputDirectory = scratch.CreateSubdirectory("out"),
            Name = name,
            Compression = compression,
            SysextMetadata = true,
            Os = os,
        });

        var result = await SysextMergeOracle.MergeAndRunAsync(image.ImagePath, name, SysextTreeBuilder.ProgramPath, osRelease, scratch.Path);

        // The namespace is gone: the host never sees the program, whatever the merge did.
        Assert.False(File.Exists(SysextTreeBuilder.ProgramPath), $"{SysextTreeBuilder.ProgramPath} leaked to the host.");
        Assert.DoesNotContain(MountTable.MountPoints(), m => m.StartsWith(scratch.Path, StringComparison.Ordinal));
        return result;
    }

    private static string ReadHostOsId()
    {
        string path = File.Exists("/etc/os-release") ? "/etc/os-release" : "/usr/lib/os-release";
        return File.ReadLines(path)
            .Where(l => l.StartsWith("ID=", StringComparison.Ordinal))
            .Select(l => l[3..].Trim('"', '\''))
            .FirstOrDefault() ?? string.Empty;
    }
}
