using Flix.Core.Tree;
using Flix.Install.Steps;
using Flix.Install.Tests.Support;

namespace Flix.Install.Tests.Steps;

/// <summary>When NAME is installed automatically: the image has a package manager and lacks the package, the program, or a PATH named.</summary>
public sealed class RootfsInstallerTests
{
    [Theory]
    // no PATH, neither package nor program: install
    [InlineData(new string[0], false, false, true)]
    // the package is installed: no
    [InlineData(new string[0], true, false, false)]
    // a program of that name is there (not from a package): no
    [InlineData(new string[0], false, true, false)]
    // PATHs given and all there: no
    [InlineData(new[] { "/usr/bin/present" }, false, false, false)]
    // a PATH given is missing (flix alpine b3sum /usr/bin/b3sum): install
    [InlineData(new[] { "/usr/bin/present", "/usr/bin/b3sum" }, false, false, true)]
    public void The_automatic_package_is_installed_only_when_the_image_lacks_it(string[] paths, bool installed, bool program, bool expected)
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.PathOf("usr/bin"));
        Directory.CreateDirectory(root.PathOf("var/lib/dpkg"));
        File.WriteAllText(root.PathOf("usr/bin/apt-get"), "#!/bin/sh\n");
        File.WriteAllText(root.PathOf("usr/bin/present"), "x");
        File.WriteAllText(root.PathOf("var/lib/dpkg/status"), installed ? "Package: b3sum\nStatus: install ok installed\n" : string.Empty);
        if (program)
        {
            File.WriteAllText(root.PathOf("usr/bin/b3sum"), "#!/bin/sh\n");
            File.SetUnixFileMode(root.PathOf("usr/bin/b3sum"), (UnixFileMode)0b111_101_101);
        }

        var options = new RootfsInstallOptions { AutoPackage = "b3sum", RequiredPaths = paths };

        Assert.Equal(expected, RootfsInstaller.IsNeeded(root.Root, DirectoryTreeReader.Read(root.Root), options));
        Assert.False(RootfsInstaller.IsNeeded(root.Root, DirectoryTreeReader.Read(root.Root), options with { AutoPackage = null }));
        // --install or --run take over: the commands say what the image gets.
        Assert.True(RootfsInstaller.IsNeeded(root.Root, DirectoryTreeReader.Read(root.Root), options with { Commands = ["true"] }));
    }

    [Fact]
    public void An_image_without_a_package_manager_installs_nothing_by_itself()
    {
        using var root = new TempRoot();
        Directory.CreateDirectory(root.PathOf("usr/bin"));

        Assert.False(RootfsInstaller.IsNeeded(root.Root, DirectoryTreeReader.Read(root.Root), new RootfsInstallOptions { AutoPackage = "b3sum" }));
    }
}
