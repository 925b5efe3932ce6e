using Flix.Flatwrap;

namespace Flix.Flatwrap.Tests;

public sealed class FolderMappingsTests
{
    [Theory]
    // the option wins over the variable
    [InlineData("chroot", "host", FolderMapping.Chroot)]
    [InlineData("host", "chroot", FolderMapping.Host)]
    // the variable counts when the option is not given
    [InlineData(null, "chroot", FolderMapping.Chroot)]
    [InlineData(null, "host", FolderMapping.Host)]
    // an empty variable is unset
    [InlineData(null, "", FolderMapping.Host)]
    // neither: host, as the bakery
    [InlineData(null, null, FolderMapping.Host)]
    public void The_option_wins_then_the_variable_then_host(string? option, string? variable, FolderMapping expected) =>
        Assert.Equal(expected, FolderMappings.Choose(option, "--etcmap", variable, "ETCMAP"));

    [Fact]
    public void A_bad_variable_is_named()
    {
        var error = Assert.Throws<FormatException>(() => FolderMappings.Choose(null, "--varmap", "Chroot", "VARMAP"));

        Assert.Contains("VARMAP='Chroot'", error.Message);
    }

    [Fact]
    public void A_bad_option_is_named()
    {
        var error = Assert.Throws<FormatException>(() => FolderMappings.Choose("guest", "--homemap", null, "HOMEMAP"));

        Assert.Contains("'guest'", error.Message);
        Assert.Contains("--homemap", error.Message);
    }

    [Fact]
    public void Mapped_folders_join_the_chroot_or_the_host_list()
    {
        var options = new FlatwrapOptions { Name = "x", Etc = FolderMapping.Chroot, Var = FolderMapping.Host, Home = FolderMapping.Chroot };

        Assert.Equal(["/usr", "/lib", "/lib64", "/bin", "/sbin", "/etc", "/home"], options.ChrootFolders());
        Assert.Equal(["/dev", "/proc", "/sys", "/run", "/tmp", "/var/tmp", "/var"], options.HostFolders());
    }

    [Fact]
    public void A_folder_on_both_sides_is_refused()
    {
        var options = new FlatwrapOptions { Name = "x", Etc = FolderMapping.Chroot, HostDirectories = ["/etc", "/tmp"] };

        Assert.Contains(options.Validate(), problem => problem.Contains("'/etc'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("relative")]
    [InlineData("/")]
    [InlineData("/a/../b")]
    public void A_bad_folder_is_refused(string folder)
    {
        var options = new FlatwrapOptions { Name = "x", ChrootDirectories = [folder] };

        Assert.Contains(options.Validate(), problem => problem.Contains($"'{folder}'", StringComparison.Ordinal));
    }
}
