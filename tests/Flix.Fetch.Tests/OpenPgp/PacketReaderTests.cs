using System.Text;
using Flix.Fetch.OpenPgp;

namespace Flix.Fetch.Tests.OpenPgp;

/// <summary>The armor's CRC-24 and the packet framing: every header form, and lengths that claim more than there is.</summary>
public sealed class PacketReaderTests
{
    [Fact]
    public void Crc24_gives_the_check_value_of_the_openpgp_crc()
    {
        // The catalogue check value of CRC-24/OPENPGP over "123456789".
        Assert.Equal(0x21CF02u, Crc24.Compute("123456789"u8));
    }

    [Theory]
    [InlineData(new byte[] { 0xC2, 0x02, 0xAA, 0xBB }, 2, 2)] // new format, one-octet length
    [InlineData(new byte[] { 0xC2, 0xFF, 0x00, 0x00, 0x00, 0x01, 0xAA }, 2, 1)] // new format, five-octet length
    [InlineData(new byte[] { 0x88, 0x01, 0xAA }, 2, 1)] // old format, one-octet length (tag 2)
    [InlineData(new byte[] { 0x99, 0x00, 0x02, 0xAA, 0xBB }, 6, 2)] // old format, two-octet length (tag 6): as keys are exported
    [InlineData(new byte[] { 0x8A, 0x00, 0x00, 0x00, 0x01, 0xAA }, 2, 1)] // old format, four-octet length
    public void Every_header_form_is_read(byte[] data, int tag, int length)
    {
        var packet = Assert.Single(PacketReader.ReadAll(data, "test"));

        Assert.Equal(tag, (int)packet.Tag);
        Assert.Equal(length, packet.Body.Length);
    }

    [Fact]
    public void A_two_octet_new_format_length_is_read()
    {
        // 192..223 in the first octet: ((o1 - 192) << 8) + o2 + 192 = 200.
        var data = new byte[] { 0xC2, 0xC0, 0x08 }.Concat(new byte[200]).ToArray();

        Assert.Equal(200, Assert.Single(PacketReader.ReadAll(data, "test")).Body.Length);
    }

    [Theory]
    [InlineData(new byte[] { 0xC2, 0xE1, 0xAA }, "partial body length")]
    [InlineData(new byte[] { 0x8B, 0xAA }, "indeterminate length")]
    [InlineData(new byte[] { 0xC2, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 0xAA }, "declares 2147483647 bytes, 1 remain")] // no allocation from the length
    [InlineData(new byte[] { 0xC2, 0xFF, 0x00 }, "is cut short")]
    [InlineData(new byte[] { 0x41 }, "not an OpenPGP packet header")]
    [InlineData(new byte[] { 0xC0, 0x00 }, "reserved tag 0")]
    public void Bad_framing_is_refused_naming_the_offset(byte[] data, string expected)
    {
        var error = Assert.Throws<OpenPgpException>(() => PacketReader.ReadAll(data, "key.asc"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("key.asc", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_rsa_key_with_an_empty_exponent_is_refused_clearly()
    {
        // Version 4, created at 0, RSA; a 2048-bit modulus and an exponent of zero bits.
        var body = new byte[] { 4, 0, 0, 0, 0, 1, 0x08, 0x00 }.Concat(Enumerable.Repeat((byte)0xC5, 256)).Concat(new byte[] { 0, 0 }).ToArray();
        var key = OpenPgpPublicKey.Parse(new OpenPgpPacket(PacketTag.PublicKey, body, 0), "key.asc");
        var digest = new byte[32];

        var error = Assert.Throws<OpenPgpException>(() => key.VerifyRsa(digest, new byte[256], System.Security.Cryptography.HashAlgorithmName.SHA256));

        Assert.Contains("exponent is 0 bytes long", error.Message, StringComparison.Ordinal);
        Assert.Contains(key.FingerprintHex, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Armor_without_a_crc_line_is_read_and_other_kinds_are_refused()
    {
        var armored = "-----BEGIN PGP SIGNATURE-----\nComment: made by hand\n\nwgKqqw==\n-----END PGP SIGNATURE-----\n";

        Assert.Equal(new byte[] { 0xC2, 0x02, 0xAA, 0xAB }, OpenPgpArmor.Unwrap(Encoding.UTF8.GetBytes(armored), OpenPgpArmor.SignatureKind, "x.asc"));
        var error = Assert.Throws<OpenPgpException>(() => OpenPgpArmor.Unwrap(Encoding.UTF8.GetBytes(armored), OpenPgpArmor.PublicKeyKind, "x.asc"));
        Assert.Contains("holds a PGP SIGNATURE block", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_armor_crc_that_does_not_match_is_refused()
    {
        var armored = "-----BEGIN PGP SIGNATURE-----\n\nwgKqqw==\n=AAAA\n-----END PGP SIGNATURE-----\n";

        var error = Assert.Throws<OpenPgpException>(() => OpenPgpArmor.Unwrap(Encoding.UTF8.GetBytes(armored), OpenPgpArmor.SignatureKind, "x.asc"));

        Assert.Contains("CRC-24 is =AAAA", error.Message, StringComparison.Ordinal);
    }
}
