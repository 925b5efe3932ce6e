using System.Text;
using Flix.Fetch.OpenPgp;

namespace Flix.Fetch.Tests.OpenPgp;

/// <summary>
/// Flix's detached-signature verification against gpg as the oracle: keys made and files signed by gpg in a private
/// home; what gpg accepts Flix accepts, and every kind of wrong input is refused with one line naming the data, the
/// signature and the key.
/// </summary>
public sealed class OpenPgpVerifierTests(GpgKeysFixture keys) : IClassFixture<GpgKeysFixture>
{
    private const string DataUrl = "https://example.org/tool-1.0-x86_64.tar.gz";
    private const string SignatureUrl = DataUrl + ".asc";
    private const string KeyUrl = "https://example.org/key.asc";

    private static readonly byte[] Data = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("the release archive\n", 20_000)));

    [Theory]
    [InlineData("SHA256")] // what falco's publish script asks for
    [InlineData("SHA384")]
    [InlineData("SHA512")]
    public async Task A_good_signature_verifies_as_gpg_says(string digest)
    {
        var signature = await keys.Home.SignAsync(Data, keys.Signer, digest);
        Assert.True(await keys.Home.GpgVerifiesAsync(Data, signature), "the oracle refuses its own signature");

        var result = await VerifyAsync(Data, signature, await keys.Home.ExportAsync(keys.Signer));

        Assert.Equal(keys.Signer, result.Fingerprint);
        Assert.Equal(keys.Signer, result.PrimaryFingerprint);
        Assert.Equal(keys.Signer[^16..], result.KeyId);
        Assert.Equal(digest.Insert(3, "-"), result.HashAlgorithm);
        Assert.InRange(result.Created, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task A_binary_signature_verifies_too()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Signer, armor: false);
        Assert.NotEqual((byte)'-', signature[0]);

        var result = await VerifyAsync(Data, signature, await keys.Home.ExportAsync(keys.Signer));

        Assert.Equal(keys.Signer, result.Fingerprint);
    }

    [Fact]
    public async Task A_key_file_with_several_keys_finds_the_signer()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Signer);

        var result = await VerifyAsync(Data, signature, await keys.Home.ExportAsync(keys.Stranger, keys.Signer));

        Assert.Equal(keys.Signer, result.Fingerprint);
    }

    [Fact]
    public async Task A_changed_byte_in_the_data_is_refused()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Signer);
        var changed = Data.ToArray();
        changed[changed.Length / 2] ^= 0x01;
        Assert.False(await keys.Home.GpgVerifiesAsync(changed, signature), "the oracle accepts changed data");

        var error = await Assert.ThrowsAsync<OpenPgpException>(async () => await VerifyAsync(changed, signature, await keys.Home.ExportAsync(keys.Signer)));

        AssertOneLine(error.Message);
        Assert.Contains(DataUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains(SignatureUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains(keys.Signer, error.Message, StringComparison.Ordinal);
        Assert.Contains("does not match", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_by_another_key_is_refused_naming_that_key()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Stranger);

        var error = await Assert.ThrowsAsync<OpenPgpException>(async () => await VerifyAsync(Data, signature, await keys.Home.ExportAsync(keys.Signer)));

        AssertOneLine(error.Message);
        Assert.Contains(keys.Stranger, error.Message, StringComparison.Ordinal);
        Assert.Contains($"which {KeyUrl} does not hold", error.Message, StringComparison.Ordinal);
        Assert.Contains(keys.Signer, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_armor_with_a_changed_character_fails_its_crc()
    {
        var signature = Encoding.UTF8.GetString(await keys.Home.SignAsync(Data, keys.Signer));
        var lines = signature.Split('\n');
        var body = Array.FindIndex(lines, line => line.Length > 40);
        var line = lines[body].ToCharArray();
        line[10] = line[10] == 'A' ? 'B' : 'A';
        lines[body] = new string(line);

        var error = await Assert.ThrowsAsync<OpenPgpException>(async () =>
            await VerifyAsync(Data, Encoding.UTF8.GetBytes(string.Join('\n', lines)), await keys.Home.ExportAsync(keys.Signer)));

        AssertOneLine(error.Message);
        Assert.Contains("CRC-24", error.Message, StringComparison.Ordinal);
        Assert.Contains(SignatureUrl, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_signature_armor_is_refused()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Signer);

        var error = await Assert.ThrowsAsync<OpenPgpException>(async () => await VerifyAsync(Data, signature[..(signature.Length / 2)], await keys.Home.ExportAsync(keys.Signer)));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains(SignatureUrl, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_key_armor_is_refused()
    {
        var key = await keys.Home.ExportAsync(keys.Signer);

        var error = Assert.Throws<OpenPgpException>(() => OpenPgpKeyRing.Parse(key[..(key.Length * 2 / 3)], KeyUrl));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains(KeyUrl, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_given_as_the_key_is_not_a_key()
    {
        var armored = await keys.Home.SignAsync(Data, keys.Signer);
        var binary = await keys.Home.SignAsync(Data, keys.Signer, armor: false);

        var fromArmored = Assert.Throws<OpenPgpException>(() => OpenPgpKeyRing.Parse(armored, KeyUrl));
        var fromBinary = Assert.Throws<OpenPgpException>(() => OpenPgpKeyRing.Parse(binary, KeyUrl));

        Assert.Contains("holds a PGP SIGNATURE block, not a PGP PUBLIC KEY BLOCK block", fromArmored.Message, StringComparison.Ordinal);
        Assert.Contains("is not an OpenPGP public key: it starts with a signature packet", fromBinary.Message, StringComparison.Ordinal);
        Assert.All([fromArmored.Message, fromBinary.Message], message => Assert.Contains(KeyUrl, message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("<html><body>Not Found</body></html>\n", "neither ASCII-armored nor binary")] // an error page served as the key
    [InlineData("", "is empty")]
    [InlineData("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----\n", "not an OpenPGP packet header")] // base64 of text
    public void A_key_file_that_is_not_a_key_is_refused(string content, string expected)
    {
        var error = Assert.Throws<OpenPgpException>(() => OpenPgpKeyRing.Parse(Encoding.UTF8.GetBytes(content), KeyUrl));

        AssertOneLine(error.Message);
        Assert.Contains(KeyUrl, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_by_a_signing_subkey_verifies_and_names_its_primary()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Subkey);
        Assert.True(await keys.Home.GpgVerifiesAsync(Data, signature), "the oracle refuses its own subkey signature");

        var result = await VerifyAsync(Data, signature, await keys.Home.ExportAsync(keys.WithSubkey), [keys.WithSubkey]);

        Assert.Equal(keys.Subkey, result.Fingerprint);
        Assert.Equal(keys.WithSubkey, result.PrimaryFingerprint);
    }

    [Fact]
    public async Task A_subkey_whose_binding_is_not_valid_is_refused()
    {
        var key = await keys.Home.ExportAsync(keys.WithSubkey);
        var signature = await keys.Home.SignAsync(Data, keys.Subkey);
        var ring = OpenPgpKeyRing.Parse(key, KeyUrl);
        var binary = Unarmor(key);

        // The subkey binding is the last packet: change a byte of its signature value.
        binary[^3] ^= 0x40;
        var error = await Assert.ThrowsAsync<OpenPgpException>(async () => await VerifyAsync(Data, signature, binary));

        Assert.Single(ring.Fingerprints);
        Assert.Contains("is not bound to its primary key", error.Message, StringComparison.Ordinal);
        Assert.Contains(keys.Subkey, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pinned_fingerprints_refuse_a_key_they_do_not_list()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Signer);
        var key = await keys.Home.ExportAsync(keys.Signer, keys.Stranger);

        var accepted = await VerifyAsync(Data, signature, key, [string.Join(' ', keys.Signer.Chunk(4).Select(c => new string(c))).ToLowerInvariant()]);
        var error = await Assert.ThrowsAsync<OpenPgpException>(async () => await VerifyAsync(Data, signature, key, [keys.Stranger]));

        Assert.Equal(keys.Signer, accepted.Fingerprint);
        Assert.Contains("not among the accepted fingerprints", error.Message, StringComparison.Ordinal);
        Assert.Contains(keys.Signer, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_key_is_refused()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Revoked);
        await keys.Home.RevokeAsync(keys.Revoked);

        var error = await Assert.ThrowsAsync<OpenPgpException>(async () => await VerifyAsync(Data, signature, await keys.Home.ExportAsync(keys.Revoked)));

        Assert.Contains($"which {KeyUrl} revokes", error.Message, StringComparison.Ordinal);
        Assert.Contains(keys.Revoked, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signature_made_after_the_key_expired_is_refused_and_one_made_before_verifies()
    {
        // Made in 2020 without expiry; signed in March and in 2021; then given an expiry of 2020-12-01.
        var key = await keys.Home.GenerateKeyAsync("Flix Test Expired <expired@flix.invalid>", "rsa2048", fakedTime: "20200101T000000");
        var before = await keys.Home.SignAsync(Data, key, "SHA256", true, "--faked-system-time", "20200301T000000");
        var after = await keys.Home.SignAsync(Data, key, "SHA256", true, "--faked-system-time", "20210101T000000");
        await keys.Home.SetExpiryAsync(key, "2020-12-01", fakedTime: "20200601T000000");
        var exported = await keys.Home.ExportAsync(key);

        var accepted = await VerifyAsync(Data, before, exported);
        var error = await Assert.ThrowsAsync<OpenPgpException>(async () => await VerifyAsync(Data, after, exported));

        Assert.Equal(new DateTimeOffset(2020, 3, 1, 0, 0, 0, TimeSpan.Zero), accepted.Created);
        Assert.Contains("which had expired on 2020-12-01", error.Message, StringComparison.Ordinal);
        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_ed25519_signature_is_refused_as_unsupported()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Ed25519);

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () => await VerifyAsync(Data, signature, await keys.Home.ExportAsync(keys.Ed25519)));

        AssertOneLine(error.Message);
        Assert.Contains("RSA signatures only", error.Message, StringComparison.Ordinal);
        Assert.Contains(keys.Ed25519, error.Message, StringComparison.Ordinal);
        Assert.Contains(SignatureUrl, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sha1_signature_is_refused_as_unsupported()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Signer, "SHA1");

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () => await VerifyAsync(Data, signature, await keys.Home.ExportAsync(keys.Signer)));

        Assert.Contains("SHA-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_text_mode_signature_is_refused_as_unsupported()
    {
        var signature = await keys.Home.SignAsync(Data, keys.Signer, "SHA256", true, "--textmode");

        var error = await Assert.ThrowsAsync<NotSupportedException>(async () => await VerifyAsync(Data, signature, await keys.Home.ExportAsync(keys.Signer)));

        Assert.Contains("text-mode", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Damaged_keys_and_signatures_give_only_clear_refusals()
    {
        // Every byte position of the binary key and signature, changed in turn: the outcome is a verification, an
        // OpenPgpException or a NotSupportedException, never another exception (an "internal error" for the user).
        var key = Unarmor(await keys.Home.ExportAsync(keys.WithSubkey));
        var signature = OpenPgpArmor.Unwrap(await keys.Home.SignAsync(Data, keys.Subkey), OpenPgpArmor.SignatureKind, SignatureUrl);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < key.Length + signature.Length; i++)
        {
            var damagedKey = key.ToArray();
            var damagedSignature = signature.ToArray();
            if (i < key.Length)
            {
                damagedKey[i] ^= (byte)(0x01 << (i % 8));
            }
            else
            {
                damagedSignature[i - key.Length] ^= (byte)(0x01 << (i % 8));
            }

            string outcome;
            try
            {
                await VerifyAsync(Data, damagedSignature, damagedKey);
                outcome = "verified";
            }
            catch (Exception e) when (e is OpenPgpException or NotSupportedException)
            {
                outcome = e.GetType().Name;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.True(outcomes.GetValueOrDefault(nameof(OpenPgpException)) > (key.Length + signature.Length) / 2, string.Join(", ", outcomes));
    }

    private static async Task<OpenPgpVerification> VerifyAsync(byte[] data, byte[] signature, byte[] key, IReadOnlyList<string>? fingerprints = null)
    {
        var ring = OpenPgpKeyRing.Parse(key, KeyUrl);
        using var stream = new MemoryStream(data);
        return await OpenPgpVerifier.VerifyDetachedAsync(stream, signature, ring, new OpenPgpVerifyOptions
        {
            DataLabel = DataUrl,
            SignatureLabel = SignatureUrl,
            Fingerprints = fingerprints ?? [],
        });
    }

    private static byte[] Unarmor(byte[] armored) => OpenPgpArmor.Unwrap(armored, OpenPgpArmor.PublicKeyKind, KeyUrl);

    private static void AssertOneLine(string message) => Assert.DoesNotContain('\n', message);
}
