using System.Text;
using Flix.TestSupport.Files;
using Flix.TestSupport.Processes;

namespace Flix.TestSupport.OpenPgp;

/// <summary>
/// A private GnuPG home for the tests, the oracle of Flix's OpenPGP verifier: keys made with
/// <c>gpg --quick-gen-key</c>, files signed with <c>gpg --detach-sign</c>, public keys exported armored. The home is
/// a temporary folder; disposing it stops the gpg-agent it started (<c>gpgconf --kill all</c>) and removes it.
/// A key made once can be carried to other homes with <see cref="ExportSecretAsync"/> and <see cref="ImportAsync"/>,
/// so no home has to outlive the test that uses it.
/// </summary>
public sealed class GpgHome : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private bool _disposed;

    /// <summary>A new empty home (mode 0700, short path: gpg-agent's socket lives in it).</summary>
    public GpgHome()
    {
        HostTools.Require("gpg");
        Path = Directory.CreateTempSubdirectory("flix-gpg-").FullName;
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    /// <summary>Makes a key without passphrase (<c>gpg --quick-gen-key USERID ALGORITHM USAGE EXPIRE</c>); returns its fingerprint.</summary>
    /// <param name="fakedTime">gpg's <c>--faked-system-time</c> (such as 20200101T000000): the key's creation time.</param>
    public async Task<string> GenerateKeyAsync(string userId, string algorithm = "rsa3072", string usage = "sign", string expire = "never", string? fakedTime = null)
    {
        await GpgAsync(["--passphrase", string.Empty, .. Faked(fakedTime), "--quick-gen-key", userId, algorithm, usage, expire]);
        return (await FingerprintsAsync(userId))[0];
    }

    /// <summary>Gives the key a new expiration (<c>gpg --quick-set-expire</c>) in a self-signature made at <paramref name="fakedTime"/>.</summary>
    public async Task SetExpiryAsync(string fingerprint, string expire, string? fakedTime = null) =>
        await GpgAsync(["--passphrase", string.Empty, .. Faked(fakedTime), "--quick-set-expire", fingerprint, expire]);

    /// <summary>Adds a subkey to the key <paramref name="primary"/>; returns the subkey's fingerprint.</summary>
    public async Task<string> AddSubkeyAsync(string primary, string algorithm = "rsa3072", string usage = "sign")
    {
        var before = await FingerprintsAsync(primary);
        await GpgAsync("--passphrase", string.Empty, "--quick-add-key", primary, algorithm, usage, "never");
        return (await FingerprintsAsync(primary)).Except(before).Single();
    }

    /// <summary>Imports the revocation certificate gpg made with the key, which revokes it.</summary>
    public async Task RevokeAsync(string fingerprint)
    {
        var certificate = await File.ReadAllTextAsync(System.IO.Path.Combine(Path, "openpgp-revocs.d", fingerprint + ".rev"));

        // gpg writes the certificate with a ':' before its armor line so that it is not imported by mistake.
        var file = System.IO.Path.Combine(Path, fingerprint + ".rev.asc");
        await File.WriteAllTextAsync(file, certificate.Replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----BEGIN PGP PUBLIC KEY BLOCK-----", StringComparison.Ordinal));
        await GpgAsync("--import", file);
    }

    /// <summary>The armored public keys (with their subkeys and signatures) of <paramref name="fingerprints"/>.</summary>
    public async Task<byte[]> ExportAsync(params string[] fingerprints) =>
        Encoding.UTF8.GetBytes((await GpgAsync(["--armor", "--export", .. fingerprints])).StandardOutput);

    /// <summary>The armored secret key <paramref name="fingerprint"/> (no passphrase), to import into another home.</summary>
    public async Task<byte[]> ExportSecretAsync(string fingerprint) =>
        Encoding.UTF8.GetBytes((await GpgAsync("--passphrase", string.Empty, "--armor", "--export-secret-keys", fingerprint)).StandardOutput);

    /// <summary>Imports keys (public or secret) exported from another home.</summary>
    public async Task ImportAsync(byte[] keys)
    {
        var file = System.IO.Path.Combine(Path, "import-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(file, keys);
        try
        {
            await GpgAsync("--passphrase", string.Empty, "--import", file);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// A detached signature of <paramref name="content"/> by exactly the key or subkey <paramref name="fingerprint"/>
    /// (<c>gpg --detach-sign --digest-algo DIGEST</c>, armored unless <paramref name="armor"/> is false).
    /// </summary>
    public async Task<byte[]> SignAsync(byte[] content, string fingerprint, string digest = "SHA256", bool armor = true, params string[] extra)
    {
        var stem = System.IO.Path.Combine(Path, "sign-" + Guid.NewGuid().ToString("N"));
        try
        {
            await File.WriteAllBytesAsync(stem, content);
            await GpgAsync([
                "--passphrase", string.Empty, "--local-user", fingerprint + "!", "--digest-algo", digest, .. extra,
                .. armor ? new[] { "--armor" } : [], "--output", stem + ".sig", "--detach-sign", stem]);
            return await File.ReadAllBytesAsync(stem + ".sig");
        }
        finally
        {
            File.Delete(stem);
            File.Delete(stem + ".sig");
        }
    }

    /// <summary>Whether gpg itself accepts <paramref name="signature"/> of <paramref name="content"/> (the oracle's verdict).</summary>
    public async Task<bool> GpgVerifiesAsync(byte[] content, byte[] signature)
    {
        var stem = System.IO.Path.Combine(Path, "verify-" + Guid.NewGuid().ToString("N"));
        try
        {
            await File.WriteAllBytesAsync(stem, content);
            await File.WriteAllBytesAsync(stem + ".sig", signature);
            return (await RunAsync(["--verify", stem + ".sig", stem])).ExitCode == 0;
        }
        finally
        {
            File.Delete(stem);
            File.Delete(stem + ".sig");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ProcessRunner.RunAsync("gpgconf", ["--kill", "all"], environment: Environment()).GetAwaiter().GetResult();
        TempDirectory.DeleteTree(Path);
        _lock.Dispose();
    }

    /// <summary>The fingerprints of the key matching <paramref name="query"/>: the primary first, then its subkeys.</summary>
    private async Task<List<string>> FingerprintsAsync(string query)
    {
        var listing = (await GpgAsync("--with-colons", "--list-keys", query)).StandardOutput;
        return [.. listing.Split('\n').Where(line => line.StartsWith("fpr:", StringComparison.Ordinal)).Select(line => line.Split(':')[9])];
    }

    private static string[] Faked(string? time) => time is null ? [] : ["--faked-system-time", time];

    private Task<ProcessResult> GpgAsync(params string[] arguments) => GpgAsync((IEnumerable<string>)arguments);

    private async Task<ProcessResult> GpgAsync(IEnumerable<string> arguments) => (await RunAsync(arguments)).EnsureSuccess();

    private async Task<ProcessResult> RunAsync(IEnumerable<string> arguments)
    {
        // One gpg at a time: parallel tests share the home and its keyring files.
        await _lock.WaitAsync();
        try
        {
            return await ProcessRunner.RunAsync(
                "gpg", ["--batch", "--yes", "--no-tty", "--pinentry-mode", "loopback", .. arguments], environment: Environment());
        }
        finally
        {
            _lock.Release();
        }
    }

    private Dictionary<string, string> Environment() => new(StringComparer.Ordinal) { ["GNUPGHOME"] = Path };
}
