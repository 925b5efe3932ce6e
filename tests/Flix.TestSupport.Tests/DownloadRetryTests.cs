using Flix.TestSupport.Cache;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.Tests;

/// <summary>A failing download is tried again, and the final error names what failed.</summary>
public sealed class DownloadRetryTests
{
    private const string AptFailure = """
        echo "Get:1 http://mirror.example/debian trixie/main s390x bash s390x 5.2.37-2 [1,500 kB]"
        echo "Err:2 http://mirror.example/debian trixie/main s390x libc6 s390x 2.41-12+deb13u5" >&2
        echo "  404  Not Found [IP: 192.0.2.1 80]" >&2
        echo "E: Failed to fetch http://mirror.example/debian/pool/main/g/glibc/libc6_2.41-12+deb13u5_s390x.deb  404  Not Found" >&2
        exit 100
        """;

    [Fact]
    public async Task The_last_failure_names_the_package_and_the_url()
    {
        int attempts = 0;
        var error = await Assert.ThrowsAsync<FixtureUnavailableException>(() => DownloadRetry.RunAsync("mmdebstrap trixie s390x", _ =>
        {
            attempts++;
            return ProcessRunner.RunAsync("sh", ["-c", AptFailure]);
        }, TimeSpan.FromMilliseconds(10)));

        Assert.Equal(DownloadRetry.Attempts, attempts);
        string firstLine = error.Message.Split('\n')[0];
        Assert.StartsWith("mmdebstrap trixie s390x failed 3 times", firstLine, StringComparison.Ordinal);
        Assert.Contains("Err:2 http://mirror.example/debian trixie/main s390x libc6 s390x 2.41-12+deb13u5", firstLine, StringComparison.Ordinal);
        Assert.Contains("libc6_2.41-12+deb13u5_s390x.deb  404  Not Found", firstLine, StringComparison.Ordinal);
        Assert.DoesNotContain("Get:1", firstLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_that_works_the_second_time_succeeds()
    {
        var result = await DownloadRetry.RunAsync("apt-get update", attempt =>
            ProcessRunner.RunAsync("sh", ["-c", attempt == 1 ? "echo 'E: Could not resolve deb.debian.org' >&2; exit 100" : "echo fetched"]),
            TimeSpan.FromMilliseconds(10));

        Assert.Equal("fetched\n", result.StandardOutput);
    }
}
