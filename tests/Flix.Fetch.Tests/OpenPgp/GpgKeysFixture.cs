using Flix.TestSupport.OpenPgp;

namespace Flix.Fetch.Tests.OpenPgp;

/// <summary>The keys of the OpenPGP tests, made once per test class by gpg in a private home removed afterwards.</summary>
public sealed class GpgKeysFixture : IAsyncLifetime
{
    public GpgHome Home { get; } = new();

    /// <summary>An RSA 3072 key that signs with its primary key.</summary>
    public string Signer { get; private set; } = string.Empty;

    /// <summary>Another RSA key, not in the key files the tests verify against.</summary>
    public string Stranger { get; private set; } = string.Empty;

    /// <summary>A certify-only RSA primary key with an RSA signing subkey (<see cref="Subkey"/>).</summary>
    public string WithSubkey { get; private set; } = string.Empty;

    public string Subkey { get; private set; } = string.Empty;

    /// <summary>An RSA key revoked by its own revocation certificate.</summary>
    public string Revoked { get; private set; } = string.Empty;

    /// <summary>An Ed25519 key, which Flix does not verify.</summary>
    public string Ed25519 { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        Signer = await Home.GenerateKeyAsync("Flix Test Signer <signer@flix.invalid>");
        Stranger = await Home.GenerateKeyAsync("Flix Test Stranger <stranger@flix.invalid>");
        WithSubkey = await Home.GenerateKeyAsync("Flix Test Subkeys <subkeys@flix.invalid>", usage: "cert");
        Subkey = await Home.AddSubkeyAsync(WithSubkey);
        Revoked = await Home.GenerateKeyAsync("Flix Test Revoked <revoked@flix.invalid>");
        Ed25519 = await Home.GenerateKeyAsync("Flix Test Ed25519 <ed25519@flix.invalid>", algorithm: "ed25519");
    }

    public Task DisposeAsync()
    {
        Home.Dispose();
        return Task.CompletedTask;
    }
}
