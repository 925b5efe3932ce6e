using Flix.Core.Tree;
using Flix.Install.EntryPoints;
using Flix.Install.HostFiles;
using Flix.Install.Packages;
using Flix.Install.Tests.Support;

namespace Flix.Install.Tests.Packages;

/// <summary>
/// A real rpmdb: a package built with rpmbuild, put in a repository by createrepo_c and installed into an empty root by
/// Debian's dnf (rpm's sqlite database at /usr/lib/sysimage/rpm, as Fedora keeps it); the entry points are read from it.
/// </summary>
public sealed class RpmDatabaseTests
{
    private const string Spec = """
        Name: flixdemo
        Version: 1.0
        Release: 1
        Summary: A package for Flix's tests
        License: MIT
        BuildArch: noarch
        AutoReqProv: no
        %description
        A daemon, its unit, its user, its configuration and its state folder.
        %install
        mkdir -p %{buildroot}/usr/sbin %{buildroot}/usr/lib/systemd/system/flixdemo.service.d %{buildroot}/usr/lib/sysusers.d %{buildroot}/etc/flixdemo %{buildroot}/var/lib/flixdemo
        printf '#!/bin/sh\necho demo\n' > %{buildroot}/usr/sbin/flixdemod
        chmod 755 %{buildroot}/usr/sbin/flixdemod
        printf '[Service]\nExecStart=/usr/sbin/flixdemod\n[Install]\nAlso=flixdemo.socket\n' > %{buildroot}/usr/lib/systemd/system/flixdemo.service
        printf '[Socket]\nListenStream=1234\n' > %{buildroot}/usr/lib/systemd/system/flixdemo.socket
        printf '[Service]\nNice=5\n' > %{buildroot}/usr/lib/systemd/system/flixdemo.service.d/nice.conf
        printf 'u flixdemo - "demo"\n' > %{buildroot}/usr/lib/sysusers.d/flixdemo.conf
        echo x=1 > %{buildroot}/etc/flixdemo/demo.conf
        %files
        /usr/sbin/flixdemod
        /usr/lib/systemd/system/flixdemo.service
        /usr/lib/systemd/system/flixdemo.socket
        /usr/lib/systemd/system/flixdemo.service.d/nice.conf
        /usr/lib/sysusers.d/flixdemo.conf
        %config(noreplace) /etc/flixdemo/demo.conf
        %dir /etc/flixdemo
        %dir %attr(0750,root,root) /var/lib/flixdemo
        """;

    [Fact]
    public async Task Entry_points_are_read_from_a_real_rpmdb()
    {
        foreach (var (program, debianPackage) in new[] { ("rpmbuild", "rpm"), ("createrepo_c", "createrepo-c"), ("dnf", "dnf") })
        {
            Run.Require(program, debianPackage);
        }

        using var work = new TempRoot();
        string home = work.PathOf("home");
        string root = work.PathOf("root");
        string repository = work.PathOf("repo");
        Directory.CreateDirectory(home);
        Directory.CreateDirectory(root);
        Directory.CreateDirectory(repository);
        Directory.CreateDirectory(work.PathOf("top/SPECS"));
        // Debian's rpm keeps its database in ~/.rpmdb; a Fedora-like root has it where Fedora does.
        await File.WriteAllTextAsync(Path.Combine(home, ".rpmmacros"), "%_dbpath /usr/lib/sysimage/rpm\n");
        await File.WriteAllTextAsync(work.PathOf("top/SPECS/flixdemo.spec"), Spec + "\n");
        var environment = new Dictionary<string, string> { ["HOME"] = home };
        (await Run.ProgramAsync("rpmbuild", ["--define", "_topdir " + work.PathOf("top"), "-bb", work.PathOf("top/SPECS/flixdemo.spec")], environment: environment)).EnsureSuccess("rpmbuild");
        File.Copy(work.PathOf("top/RPMS/noarch/flixdemo-1.0-1.noarch.rpm"), Path.Combine(repository, "flixdemo-1.0-1.noarch.rpm"));
        (await Run.ProgramAsync("createrepo_c", ["-q", repository])).EnsureSuccess("createrepo_c");
        await File.WriteAllTextAsync(work.PathOf("dnf.conf"), $"[main]\nreposdir=/dev/null\n[flix]\nname=flix\nbaseurl=file://{repository}\ngpgcheck=0\n");
        (await Run.ProgramAsync("dnf", ["-y", "-q", "--config", work.PathOf("dnf.conf"), "--installroot", root, "--releasever", "1", "--disablerepo=*", "--enablerepo=flix", "install", "flixdemo"],
            environment: environment)).EnsureSuccess("dnf install");

        var database = PackageDatabase.Open(root);
        var model = DirectoryTreeReader.Read(root);

        Assert.IsType<RpmDatabase>(database);
        var package = database!.Find("flixdemo")!;
        Assert.Equal("1.0-1", package.Version);
        Assert.Equal("flixdemo", package.Source);
        Assert.Equal(["/etc/flixdemo/demo.conf"], package.ConfigFiles);
        Assert.Null(database.Find("bash"));
        var found = PackageEntryPointFinder.Find(database, model, "flixdemo")!;
        Assert.Equal(["/usr/sbin/flixdemod:/usr/bin/flixdemod"], found.Programs.Select(e => e.ToString()));
        Assert.Equal(
            ["/usr/lib/systemd/system/flixdemo.service", "/usr/lib/systemd/system/flixdemo.service.d/nice.conf", "/usr/lib/systemd/system/flixdemo.socket"],
            found.Units.Select(e => e.Target).Order(StringComparer.Ordinal));
        Assert.Equal(["/usr/lib/sysusers.d/flixdemo.conf"], found.SystemFiles.Select(e => e.Target));
        Assert.Equal("flixdemo.service", found.MainService);

        var plan = HostFilesPlanner.Plan(found.Packages, model, new HostFilesOptions { Name = "demo" });
        Assert.Equal(["d /var/lib/flixdemo 0750 root root -", "C /etc/flixdemo - - - - /usr/share/demo/etc/flixdemo"], plan.Lines);
    }

    [Fact]
    public void A_truncated_header_is_an_error_naming_it()
    {
        byte[] blob = [0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 3, 232];
        var failure = Assert.Throws<PackageDatabaseException>(() => RpmHeader.Parse(blob, "7 of the image's /var/lib/rpm/rpmdb.sqlite"));
        Assert.Contains("7 of the image's /var/lib/rpm/rpmdb.sqlite claims 2 tags", failure.Message, StringComparison.Ordinal);
    }
}
