using Flix.Core.Tree;
using Flix.Install.EntryPoints;
using Flix.Install.HostFiles;
using Flix.Install.Packages;
using Flix.Install.Tests.Support;

namespace Flix.Install.Tests.Packages;

/// <summary>The dpkg reader and the entry points of nginx-light in a real trixie tree (a transitional package: its programs, unit and configuration are in nginx and nginx-common).</summary>
public sealed class DpkgEntryPointTests
{
    [Fact]
    public async Task Nginx_light_stands_for_nginx_and_its_unit_with_the_var_and_etc_it_needs()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsRootAsync(await DebianTree.GetAsync("trixie", "amd64", ["nginx-light"]));
        var database = PackageDatabase.Open(tree.Root);
        var model = DirectoryTreeReader.Read(tree.Root);

        Assert.IsType<DpkgDatabase>(database);
        Assert.Null(database!.Find("no-such-package"));
        Assert.NotNull(database.Find("apt"));
        var found = PackageEntryPointFinder.Find(database, model, "nginx-light");

        Assert.NotNull(found);
        Assert.Equal(["nginx-light", "nginx", "nginx-common"], found!.Packages.Select(p => p.Name).Take(3));
        Assert.Contains(found.Programs, e => e.Source == "/usr/sbin/nginx" && e.Target == "/usr/bin/nginx");
        Assert.Contains(found.Units, e => e.Target == "/usr/lib/systemd/system/nginx.service");
        Assert.Equal("nginx.service", found.MainService);
        Assert.Contains("/etc/nginx/nginx.conf", found.Packages.SelectMany(p => p.ConfigFiles));

        var plan = HostFilesPlanner.Plan(found.Packages, model, new HostFilesOptions { Name = "nginx" });
        Assert.Contains("d /var/lib/nginx 0755 root root -", plan.Lines);
        Assert.Contains(plan.Lines, l => l.StartsWith("d /var/log/nginx 0", StringComparison.Ordinal));
        Assert.Contains("C /etc/nginx - - - - /usr/share/nginx/etc/nginx", plan.Lines);
        Assert.Contains("C /etc/default/nginx - - - - /usr/share/nginx/etc/default/nginx", plan.Lines);
        Assert.DoesNotContain(plan.Lines, l => l.Contains("/etc/init.d", StringComparison.Ordinal) || l.StartsWith("C /etc/nginx/", StringComparison.Ordinal));
        Assert.Contains(plan.Seeds, s => s.Target == "/usr/share/nginx/etc/nginx" && s.Node.IsDirectory && s.Node.GetChild("nginx.conf") is not null);

        var chroot = HostFilesPlanner.Plan(found.Packages, model, new HostFilesOptions { Name = "nginx", EtcFromHost = false });
        Assert.DoesNotContain(chroot.Lines, l => l.StartsWith("C ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task More_packages_add_their_entry_points_after_the_package_s_and_keep_its_main_service()
    {
        Run.RequireRoot();
        using var tree = await ExtractedTree.AsRootAsync(await DebianTree.GetAsync("trixie", "amd64", ["nginx-light"]));
        var database = PackageDatabase.Open(tree.Root)!;
        var model = DirectoryTreeReader.Read(tree.Root);
        var nginx = PackageEntryPointFinder.Find(database, model, "nginx-light")!;
        var apt = PackageEntryPointFinder.Find(database, model, "apt")!;

        var both = nginx.With([apt, nginx]); // nginx's again: nothing twice

        Assert.Equal("nginx.service", both.MainService);
        Assert.Equal([.. nginx.Programs.Select(e => e.Target), .. apt.Programs.Select(e => e.Target)], both.Programs.Select(e => e.Target));
        Assert.Contains(both.Units, e => e.Target == "/usr/lib/systemd/system/apt-daily.timer");
        Assert.Contains(both.Units, e => e.Target == "/usr/lib/systemd/system/nginx.service");
        Assert.Equal(both.All.Count, both.All.Select(e => e.Target).Distinct().Count());
        Assert.Equal([.. nginx.Packages.Select(p => p.Name), .. apt.Packages.Select(p => p.Name)], both.Packages.Select(p => p.Name));
    }

    [Fact]
    public async Task A_malformed_status_file_is_an_error_naming_it_and_the_line()
    {
        using var folder = new TempRoot();
        Directory.CreateDirectory(folder.PathOf("var/lib/dpkg"));
        await File.WriteAllTextAsync(folder.PathOf("var/lib/dpkg/status"), "Package: a\nStatus: install ok installed\n no field before\nbroken line\n");

        var failure = Assert.Throws<PackageDatabaseException>(() => DpkgDatabase.Open(folder.Root));

        Assert.Contains("Line 4 of the image's /var/lib/dpkg/status", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_link_pointing_out_of_the_image_is_read_inside_it()
    {
        using var folder = new TempRoot();
        Directory.CreateDirectory(folder.PathOf("var/lib/dpkg"));
        Directory.CreateDirectory(folder.PathOf("etc"));
        await File.WriteAllTextAsync(folder.PathOf("etc/status"), "Package: inside\nStatus: install ok installed\n");
        File.CreateSymbolicLink(folder.PathOf("var/lib/dpkg/status"), "/../../../../etc/status");

        var database = DpkgDatabase.Open(folder.Root);

        Assert.NotNull(database!.Find("inside"));
        Assert.Null(database.Find("root")); // not the host's /etc anything
    }
}
