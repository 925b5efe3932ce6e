using Flix.Install.PackageManagers;
using Flix.Install.Tests.Support;

namespace Flix.Install.Tests.Packages;

/// <summary>Each package manager's command lines as data: refresh, non-interactive install without recommends and docs, cache cleaning.</summary>
public sealed class PackageManagerTests
{
    [Theory]
    [InlineData(PackageManagerKind.Apt, "/usr/bin/apt-get",
        "apt-get -o APT::Sandbox::User=root -o Dpkg::Use-Pty=0 update|"
        + "apt-get -o APT::Sandbox::User=root -o Dpkg::Use-Pty=0 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "
        + "-o Dpkg::Options::=--path-exclude=/usr/share/doc/* -o Dpkg::Options::=--path-include=/usr/share/doc/*/copyright "
        + "-o Dpkg::Options::=--path-exclude=/usr/share/man/* -o Dpkg::Options::=--path-exclude=/usr/share/info/* install -y --no-install-recommends 'b3sum' 'it'\\''s'|"
        + "apt-get -o APT::Sandbox::User=root -o Dpkg::Use-Pty=0 clean && rm -rf /var/lib/apt/lists/*")]
    [InlineData(PackageManagerKind.Apk, "/sbin/apk", "apk add --no-cache --no-progress 'b3sum' 'it'\\''s'")]
    [InlineData(PackageManagerKind.Dnf, "/usr/bin/dnf5",
        "/usr/bin/dnf5 install -y --refresh --setopt=install_weak_deps=False --setopt=tsflags=nodocs 'b3sum' 'it'\\''s'|/usr/bin/dnf5 clean all")]
    [InlineData(PackageManagerKind.Microdnf, "/usr/bin/microdnf",
        "microdnf install -y --refresh --setopt=install_weak_deps=0 --setopt=tsflags=nodocs 'b3sum' 'it'\\''s'|microdnf clean all")]
    [InlineData(PackageManagerKind.Zypper, "/usr/bin/zypper",
        "zypper --non-interactive refresh|zypper --non-interactive install --no-recommends 'b3sum' 'it'\\''s'|zypper --non-interactive clean --all")]
    public void Install_commands_are_data(PackageManagerKind kind, string program, string expected) =>
        Assert.Equal(expected, string.Join('|', new PackageManager(kind, program).InstallCommands(["b3sum", "it's"])));

    [Theory]
    [InlineData("-oAPT::Get::AllowUnauthenticated=1", "must not start with '-'")]
    [InlineData("jq; rm -rf /", "must not contain spaces")]
    [InlineData("", "must not be empty")]
    public void Package_names_that_would_be_options_or_words_are_refused(string name, string expected)
    {
        var failure = Assert.Throws<FormatException>(() => new PackageManager(PackageManagerKind.Apt, "/usr/bin/apt-get").InstallCommands([name]));
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("usr/bin/apt-get", PackageManagerKind.Apt)]
    [InlineData("sbin/apk", PackageManagerKind.Apk)]
    [InlineData("usr/bin/dnf", PackageManagerKind.Dnf)]
    [InlineData("usr/bin/microdnf", PackageManagerKind.Microdnf)]
    [InlineData("usr/bin/zypper", PackageManagerKind.Zypper)]
    public void The_manager_is_found_in_the_image(string path, PackageManagerKind expected)
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(Path.GetDirectoryName(root.PathOf(path))!);
        File.WriteAllText(root.PathOf(path), "#!/bin/sh\n");
        Assert.Equal(expected, PackageManager.Detect(root.Root).Kind);
    }

    [Fact]
    public void A_link_to_the_hosts_apt_get_is_not_a_package_manager_of_the_image()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.PathOf("usr/bin"));
        File.CreateSymbolicLink(root.PathOf("usr/bin/apt-get"), "/../../../../../usr/bin/apt-get-elsewhere");
        Directory.CreateDirectory(root.PathOf("var/lib/dpkg"));
        File.WriteAllText(root.PathOf("var/lib/dpkg/status"), string.Empty);

        var failure = Assert.Throws<Flix.Core.FlixException>(() => PackageManager.Detect(root.Root));
        Assert.Contains("It has a dpkg database but no apt-get", failure.Message, StringComparison.Ordinal);
    }
}
