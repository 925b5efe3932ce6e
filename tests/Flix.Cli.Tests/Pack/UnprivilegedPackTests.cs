using System.Diagnostics;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.Cli.Tests.Pack;

/// <summary>Runs the built flix as the unprivileged user nobody (through setpriv), as most users will.</summary>
public sealed class UnprivilegedPackTests
{
    private const string Nobody = "65534";

    private static async Task<(int ExitCode, string Output, string Error)> RunAsNobodyAsync(string home, params string[] args)
    {
        HostTools.RequireRoot();
        HostTools.Require("setpriv");
        string dll = Path.Combine(AppContext.BaseDirectory, "flix.dll");
        var start = new ProcessStartInfo("setpriv", ["--reuid=" + Nobody, "--regid=" + Nobody, "--clear-groups", "env", "HOME=" + home, "DOTNET_CLI_HOME=" + home, "DOTNET_CLI_TELEMETRY_OPTOUT=1", "dotnet", dll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, error);
    }

    private static string MakeSharedTree(TempDirectory temp)
    {
        File.SetUnixFileMode(temp.Path, (UnixFileMode)0x1FF);
        Directory.CreateDirectory(temp.Combine("tree", "usr", "bin"));
        File.WriteAllText(temp.Combine("tree", "usr", "bin", "tool"), "tool");
        ProcessRunner.Shell($"chown -R {Nobody}:{Nobody} \"{temp.Combine("tree")}\"");
        return temp.Combine("tree");
    }

    [Fact]
    public async Task Erofs_works_without_privileges_and_the_image_is_root_owned()
    {
        HostTools.Require("mkfs.erofs");
        using var temp = new TempDirectory();
        string tree = MakeSharedTree(temp);

        var (exitCode, _, error) = await RunAsNobodyAsync(temp.Path, "pack", tree, "tool", "-f", "erofs", "-o", temp.Combine("out"));

        Assert.True(exitCode == 0, error);
        string listing = ProcessRunner.Shell($"unshare -m sh -c 'mkdir -p \"{temp.Combine("mnt")}\" && mount -t erofs -o loop,ro \"{temp.Combine("out", "tool.raw")}\" \"{temp.Combine("mnt")}\" && stat -c \"%u:%g %n\" \"{temp.Combine("mnt", "usr", "bin", "tool")}\"'");
        Assert.StartsWith("0:0 ", listing);
    }

    [Fact]
    public async Task Read_only_entries_keep_their_user_xattrs_without_privileges()
    {
        HostTools.Require("mkfs.erofs");
        HostTools.Require("getfattr");
        using var temp = new TempDirectory();
        string tree = MakeSharedTree(temp);
        string tool = Path.Combine(tree, "usr", "bin", "tool");
        string bin = Path.Combine(tree, "usr", "bin");
        ProcessRunner.Shell($"setfattr -n user.note -v file \"{tool}\" && setfattr -n user.note -v dir \"{bin}\" && chmod 0444 \"{tool}\" && chmod 0555 \"{bin}\"");

        var (exitCode, _, error) = await RunAsNobodyAsync(temp.Path, "pack", tree, "tool", "-f", "erofs", "-o", temp.Combine("out"));

        Assert.True(exitCode == 0, error);
        string mountPoint = temp.Combine("mnt");
        string values = ProcessRunner.Shell($"unshare -m sh -c 'mkdir -p \"{mountPoint}\" && mount -t erofs -o loop,ro \"{temp.Combine("out", "tool.raw")}\" \"{mountPoint}\" && getfattr --only-values -n user.note \"{mountPoint}/usr/bin/tool\" && echo && getfattr --only-values -n user.note \"{mountPoint}/usr/bin\" && echo && stat -c %a \"{mountPoint}/usr/bin/tool\" \"{mountPoint}/usr/bin\"'");
        Assert.Equal("file\ndir\n444\n555\n", values);
    }

    [Fact]
    public async Task A_root_owned_directory_needs_root_or_keep_owners()
    {
        using var temp = new TempDirectory();
        string tree = MakeSharedTree(temp);

        var refused = await RunAsNobodyAsync(temp.Path, "pack", tree, "tool", "-f", "dir", "-o", temp.Combine("out"));
        Assert.False(Directory.Exists(temp.Combine("out")));
        var kept = await RunAsNobodyAsync(temp.Path, "pack", tree, "tool", "-f", "dir", "--keep-owners", "-o", temp.Combine("out"));

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("--keep-owners", refused.Error);
        Assert.True(kept.ExitCode == 0, kept.Error);
        Assert.True(File.Exists(temp.Combine("out", "tool", "usr", "lib", "extension-release.d", "extension-release.tool")));
    }

    [Fact]
    public async Task Devices_need_root_and_say_so()
    {
        using var temp = new TempDirectory();
        string tree = MakeSharedTree(temp);
        ProcessRunner.Shell($"mknod \"{Path.Combine(tree, "usr", "bin", "null")}\" c 1 3 && chown {Nobody}:{Nobody} \"{Path.Combine(tree, "usr", "bin", "null")}\"");

        var (exitCode, _, error) = await RunAsNobodyAsync(temp.Path, "pack", tree, "tool", "-f", "dir", "--keep-owners", "-o", temp.Combine("out"));

        Assert.Equal(1, exitCode);
        Assert.Contains("only root can create device nodes", error);
        Assert.False(Directory.Exists(temp.Combine("out", "tool")));
    }
}
