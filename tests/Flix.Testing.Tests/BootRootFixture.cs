using Flix.Testing.Boot;

namespace Flix.Testing.Tests;

/// <summary>
/// The boot root of the boot tests: what <c>flix test --boot</c> builds by default (Debian trixie with systemd,
/// mmdebstrap), built once by Flix's own cache code into the machine-wide test cache, where it stays for later runs.
/// </summary>
public sealed class BootRootFixture : IAsyncLifetime
{
    /// <summary>The test cache; FLIX_TEST_CACHE overrides it.</summary>
    public static string CacheFolder =>
        Environment.GetEnvironmentVariable("FLIX_TEST_CACHE") is { Length: > 0 } custom ? custom : "/var/tmp/flix-test-cache";

    public string Root { get; private set; } = string.Empty;

    public async Task InitializeAsync() =>
        Root = await BootRootCache.GetAsync(Path.Combine(CacheFolder, "boot-roots"), progress: null, CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;
}
