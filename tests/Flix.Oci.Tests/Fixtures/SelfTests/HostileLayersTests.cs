using Flix.TestSupport.Processes;
using Flix.TestSupport.Files;

namespace Flix.Oci.Tests.Fixtures;

public sealed class HostileLayersTests
{
    [Theory]
    [MemberData(nameof(HostileLayers.TheoryRows), MemberType = typeof(HostileLayers))]
    public void Every_case_writes_whole_tar_blocks(string id)
    {
        var tars = HostileLayers.Tars(id);
        Assert.NotEmpty(tars);
        Assert.All(tars, t => Assert.Equal(0, t.Length % 512));
    }

    [Fact]
    public void Ids_are_unique()
    {
        Assert.Equal(HostileLayers.All.Count, HostileLayers.All.Select(l => l.Id).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task GNU_tar_sees_the_names_as_written()
    {
        using var scratch = new TempDirectory();
        async Task<string> ListAsync(string id)
        {
            string file = scratch.Combine(id + ".tar");
            await File.WriteAllBytesAsync(file, HostileLayers.Tars(id)[0]);
            return (await ProcessRunner.RunAsync("tar", ["--list", "--verbose", "--file", file])).StandardOutput;
        }

        Assert.Contains("../../etc/passwd", await ListAsync("26-dotdot"), StringComparison.Ordinal);
        Assert.Contains("localetc -> /etc", await ListAsync("28-symlink-dir-escape"), StringComparison.Ordinal);
        // GNU tar strips the leading '/' when listing; the header keeps it (linkname field at offset 157).
        Assert.Contains("passwd-link link to etc/passwd", await ListAsync("31-hardlink-absolute"), StringComparison.Ordinal);
        Assert.True(HostileLayers.Tars("31-hardlink-absolute")[0].AsSpan(157, 12).SequenceEqual("/etc/passwd\0"u8));
        // The NUL ends the name for tar, as it would for any C reader.
        string nul = await ListAsync("27-nul-name");
        Assert.Contains("etc/pass", nul, StringComparison.Ordinal);
        Assert.DoesNotContain("../../x", nul, StringComparison.Ordinal);
    }
}
