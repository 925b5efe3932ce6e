using Flix.Core.Tree;
using Flix.Install.EntryPoints;
using Flix.Install.HostFiles;
using Flix.Install.Packages;
using Flix.Install.Tests.Support;

namespace Flix.Install.Tests.Packages;

/// <summary>Package databases are image content: odd paths never reach the extension or a host's tmpfiles.d, and big fields stay cheap.</summary>
public sealed class HostileDatabaseTests
{
    private sealed class OnePackage(InstalledPackage package) : IPackageDatabase
    {
        public string Kind => "test";

        public InstalledPackage? Find(string name) => name == package.Name ? package : null;
    }

    [Fact]
    public void Paths_with_dot_dot_or_odd_forms_are_never_entry_points_nor_host_files()
    {
        var tree = new FileTree();
        tree.Add("/etc/shadow", TreeNode.CreateFile(MemoryFileContent.FromText("x"), 0x1ED));
        tree.Add("/var/lib/x", TreeNode.CreateDirectory());
        tree.Add("/usr/bin/tool", TreeNode.CreateFile(MemoryFileContent.FromText("x"), 0x1ED));
        var package = new InstalledPackage
        {
            Name = "evil",
            Source = "evil",
            Files = ["/", "/usr/bin/../../etc/shadow", "/var/../etc", "/var/lib/x/", "/var/lib/./x", "relative/bin/tool", "/usr/bin/tool"],
        };

        var found = PackageEntryPointFinder.Find(new OnePackage(package), tree, "evil")!;
        var plan = HostFilesPlanner.Plan([package], tree, new HostFilesOptions { Name = "evil" });

        Assert.Equal(["/usr/bin/tool"], found.All.Select(e => e.ToString()));
        Assert.Empty(plan.Lines);
    }

    [Fact]
    public async Task A_field_with_many_continuation_lines_is_read_in_linear_time()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.PathOf("var/lib/dpkg"));
        var text = new System.Text.StringBuilder("Package: big\nStatus: install ok installed\nDescription: x\n");
        for (int i = 0; i < 300_000; i++)
        {
            text.Append(" line\n");
        }

        await File.WriteAllTextAsync(root.PathOf("var/lib/dpkg/status"), text.ToString());
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var database = DpkgDatabase.Open(root.Root);

        Assert.NotNull(database!.Find("big"));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }
}
