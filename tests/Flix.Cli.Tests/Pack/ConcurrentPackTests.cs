using System.Diagnostics;
using Flix.Cli;
using Flix.Core.Tree;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;
using Flix.Sysext;

namespace Flix.Cli.Tests.Pack;

/// <summary>Packs that run at the same time into one output folder: SHA256SUMS keeps the line of each.</summary>
public sealed class ConcurrentPackTests
{
    private static async Task<string> MakeTreeAsync(TempDirectory temp)
    {
        var tree = new FileTree();
        tree.Add("usr/bin/tool", SampleTrees.File("#!/bin/sh\necho tool\n", 0x1ED, 100));
        string path = temp.Combine("tree");
        await TreeMaterializer.MaterializeAsync(tree, path);
        return path;
    }

    private static string[] PackArguments(string tree, string name, string output) =>
        ["pack", tree, name, "--os", "_any", "--version", "1", "--arch", "x86-64", "--epoch", "0", "--output", output];

    private static void AssertBothLines(string output, int round)
    {
        string sums = File.ReadAllText(Path.Combine(output, Sha256SumsFile.FileName));
        var names = Sha256SumsFile.Parse(sums, "SHA256SUMS").Entries.Keys.ToArray();
        Assert.True(names.SequenceEqual(["first-1-x86-64.raw", "second-1-x86-64.raw"], StringComparer.Ordinal),
            $"Round {round}: SHA256SUMS lists [{string.Join(", ", names)}].");
        Assert.Equal(["SHA256SUMS", "first-1-x86-64.raw", "second-1-x86-64.raw"],
            Directory.EnumerateFileSystemEntries(output).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Two_packs_at_once_in_one_process_keep_both_lines_every_time()
    {
        using var temp = new TempDirectory();
        string tree = await MakeTreeAsync(temp);
        for (int round = 0; round < 40; round++)
        {
            string output = temp.Combine("out" + round);
            using var start = new ManualResetEventSlim();
            var packs = new[] { "first", "second" }.Select(name => Task.Run(async () =>
            {
                start.Wait();
                using var stdout = new StringWriter();
                using var stderr = new StringWriter();
                int code = await Program.RunAsync(PackArguments(tree, name, output), stdout, stderr, _ => null);
                return (code, stderr.ToString());
            })).ToArray();
            start.Set();
            foreach (var (code, error) in await Task.WhenAll(packs))
            {
                Assert.True(code == 0, error);
            }

            AssertBothLines(output, round);
        }
    }

    [Fact]
    public async Task Two_flix_pack_processes_at_once_keep_both_lines_every_time()
    {
        using var temp = new TempDirectory();
        string tree = await MakeTreeAsync(temp);
        string flix = Path.Combine(AppContext.BaseDirectory, "flix.dll");
        string dotnet = Environment.ProcessPath is { } self && Path.GetFileName(self) == "dotnet" ? self : "dotnet";
        for (int round = 0; round < 8; round++)
        {
            string output = temp.Combine("out" + round);
            var processes = new[] { "first", "second" }.Select(name =>
            {
                var info = new ProcessStartInfo(dotnet) { RedirectStandardError = true, RedirectStandardOutput = true };
                info.ArgumentList.Add(flix);
                foreach (var argument in PackArguments(tree, name, output))
                {
                    info.ArgumentList.Add(argument);
                }

                return Process.Start(info)!;
            }).ToArray();
            foreach (var process in processes)
            {
                string error = await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                Assert.True(process.ExitCode == 0, error);
                process.Dispose();
            }

            AssertBothLines(output, round);
        }
    }
}
