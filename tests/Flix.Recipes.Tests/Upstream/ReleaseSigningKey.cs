using Flix.TestSupport.OpenPgp;

namespace Flix.Recipes.Tests.Upstream;

/// <summary>
/// The OpenPGP key upstreams that sign their releases sign with in the harness, standing in for the upstream's own
/// key: an RSA key gpg makes once per test run (never committed) and kept in memory; each signature is made in a
/// private GnuPG home that is removed (its agent stopped) right after.
/// </summary>
public static class ReleaseSigningKey
{
    private static readonly Lazy<(string Fingerprint, byte[] Secret, byte[] Public)> Key = new(() =>
    {
        using var home = new GpgHome();
        var fingerprint = home.GenerateKeyAsync("Flix Test Release Signing <release@flix.invalid>").GetAwaiter().GetResult();
        return (fingerprint, home.ExportSecretAsync(fingerprint).GetAwaiter().GetResult(), home.ExportAsync(fingerprint).GetAwaiter().GetResult());
    });

    /// <summary>The key's fingerprint.</summary>
    public static string Fingerprint => Key.Value.Fingerprint;

    /// <summary>The armored public key, as upstreams publish it.</summary>
    public static byte[] PublicKey() => Key.Value.Public;

    /// <summary>gpg's armored detached signature of <paramref name="content"/> (<c>--detach-sign --armor --digest-algo SHA256</c>).</summary>
    public static byte[] Sign(byte[] content) => SignAsync(content).GetAwaiter().GetResult();

    private static async Task<byte[]> SignAsync(byte[] content)
    {
        using var home = new GpgHome();
        await home.ImportAsync(Key.Value.Secret);
        return await home.SignAsync(content, Key.Value.Fingerprint);
    }
}
