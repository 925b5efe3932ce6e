using System.Security.Cryptography;

namespace Flix.Fetch.OpenPgp;

/// <summary>
/// The public keys of a key file (armored or binary), each checked as far as its own signatures go: a primary key
/// needs a valid self-certification of a user id (or a direct-key signature), a subkey a valid binding signature by
/// its primary and, to sign, a valid back signature by itself; a valid revocation revokes. The newest valid
/// self-signature gives the expiration and key flags.
/// Not checked: certifications by other keys (trust is the recipe's: the key URL and the pinned fingerprints),
/// revocations of user ids, designated revokers, and keys of algorithms other than RSA (they are listed, not used).
/// </summary>
public sealed class OpenPgpKeyRing
{
    private const byte UserIdPrefix = 0xB4;
    private const byte UserAttributePrefix = 0xD1;

    private OpenPgpKeyRing(string source, IReadOnlyList<KeyEntry> entries)
    {
        Source = source;
        Entries = entries;
    }

    /// <summary>Names the key file in messages.</summary>
    public string Source { get; }

    /// <summary>The primary keys' fingerprints (40 upper-case hex digits).</summary>
    public IReadOnlyList<string> Fingerprints => [.. Entries.Where(e => !e.IsSubkey).Select(e => e.Key.FingerprintHex)];

    internal IReadOnlyList<KeyEntry> Entries { get; }

    /// <summary>Reads the key file <paramref name="file"/>; <paramref name="source"/> names it in messages.</summary>
    public static OpenPgpKeyRing Parse(ReadOnlyMemory<byte> file, string source)
    {
        ArgumentException.ThrowIfNullOrEmpty(source);
        if (file.Length > OpenPgpLimits.MaxKeyFile)
        {
            throw new OpenPgpException($"{source} is over {OpenPgpLimits.MaxKeyFile} bytes: not a public key file.");
        }

        var packets = PacketReader.ReadAll(OpenPgpArmor.Unwrap(file.Span, OpenPgpArmor.PublicKeyKind, source), source);
        var first = packets.FirstOrDefault(p => p.Tag is not (PacketTag.Marker or PacketTag.Padding));
        if (first.Tag != PacketTag.PublicKey)
        {
            throw new OpenPgpException(packets.Count == 0
                ? $"{source} holds no OpenPGP packets, not a public key."
                : $"{source} is not an OpenPGP public key: it starts with a {Describe(first.Tag)} packet.");
        }

        var entries = new List<KeyEntry>();
        var blocks = Split(packets, source);
        foreach (var block in blocks)
        {
            entries.AddRange(block.Check(source));
        }

        return new OpenPgpKeyRing(source, entries);
    }

    private static List<KeyBlock> Split(List<OpenPgpPacket> packets, string source)
    {
        var blocks = new List<KeyBlock>();
        KeyBlock? block = null;
        Component? component = null;
        foreach (var packet in packets)
        {
            switch (packet.Tag)
            {
                case PacketTag.PublicKey:
                    block = new KeyBlock(OpenPgpPublicKey.Parse(packet, source));
                    blocks.Add(block);
                    component = block.Direct;
                    break;
                case PacketTag.UserId or PacketTag.UserAttribute:
                    component = new Component(packet.Tag == PacketTag.UserId ? UserIdPrefix : UserAttributePrefix, packet.Body, null);
                    block!.Identities.Add(component);
                    break;
                case PacketTag.PublicSubkey:
                    OpenPgpPublicKey? subkey;
                    try
                    {
                        subkey = OpenPgpPublicKey.Parse(packet, source);
                    }
                    catch (NotSupportedException)
                    {
                        subkey = null; // a subkey of another version is skipped, as gpg skips what it cannot use
                    }

                    component = new Component(0, default, subkey);
                    block!.Subkeys.Add(component);
                    break;
                case PacketTag.Signature:
                    try
                    {
                        component!.Signatures.Add(OpenPgpSignature.Parse(packet.Body, packet.Offset, source));
                    }
                    catch (Exception e) when (e is NotSupportedException or OpenPgpException)
                    {
                        // A signature Flix cannot read (another version, a critical subpacket) certifies nothing here.
                    }

                    break;
                case PacketTag.Trust or PacketTag.Marker or PacketTag.Padding:
                    break;
                default:
                    throw new OpenPgpException($"{source}: offset {packet.Offset}: a {Describe(packet.Tag)} packet is not part of a public key.");
            }
        }

        return blocks;
    }

    private static string Describe(PacketTag tag) => tag switch
    {
        PacketTag.Signature => "signature",
        PacketTag.PublicKey => "public key",
        PacketTag.PublicSubkey => "public subkey",
        PacketTag.UserId => "user id",
        PacketTag.SecretKey or PacketTag.SecretSubkey => "secret key",
        PacketTag.CompressedData => "compressed data",
        PacketTag.LiteralData => "literal data",
        _ => $"tag {(int)tag}",
    };

    /// <summary>A user id, user attribute or subkey (or the primary key itself) with the signatures that follow it.</summary>
    private sealed class Component(byte prefix, ReadOnlyMemory<byte> identity, OpenPgpPublicKey? subkey)
    {
        public byte Prefix { get; } = prefix;

        public ReadOnlyMemory<byte> Identity { get; } = identity;

        public OpenPgpPublicKey? Subkey { get; } = subkey;

        public List<OpenPgpSignature> Signatures { get; } = [];
    }

    /// <summary>One transferable public key: the primary, its direct signatures, identities and subkeys.</summary>
    private sealed class KeyBlock(OpenPgpPublicKey primary)
    {
        public OpenPgpPublicKey Primary { get; } = primary;

        public Component Direct { get; } = new(0, default, null);

        public List<Component> Identities { get; } = [];

        public List<Component> Subkeys { get; } = [];

        public IEnumerable<KeyEntry> Check(string source)
        {
            var entry = new KeyEntry(Primary, Primary);
            var selfSignatures = new List<OpenPgpSignature>();
            foreach (var signature in Direct.Signatures.Where(IsByPrimary))
            {
                if (signature.Type == SignatureType.KeyRevocation && Verifies(signature, Primary))
                {
                    entry.Revoked = signature.Subpackets.RevocationReason ?? string.Empty;
                }
                else if (signature.Type == SignatureType.DirectKey && Verifies(signature, Primary))
                {
                    selfSignatures.Add(signature);
                }
            }

            foreach (var identity in Identities)
            {
                selfSignatures.AddRange(identity.Signatures.Where(s =>
                    s.Type is >= SignatureType.GenericCertification and <= SignatureType.PositiveCertification
                    && IsByPrimary(s) && Verifies(s, Primary, identity)));
            }

            var newest = selfSignatures.MaxBy(s => s.Created);
            if (newest is null)
            {
                entry.Problem = "has no valid self-signature";
            }
            else
            {
                entry.Flags = newest.Subpackets.KeyFlags;
                entry.Expires = Expiry(Primary, newest);
            }

            yield return entry;
            foreach (var component in Subkeys.Where(c => c.Subkey is not null))
            {
                yield return CheckSubkey(entry, component);
            }
        }

        private KeyEntry CheckSubkey(KeyEntry primary, Component component)
        {
            var subkey = component.Subkey!;
            var entry = new KeyEntry(subkey, Primary) { Revoked = primary.Revoked, Problem = primary.Problem };
            var bindings = new List<OpenPgpSignature>();
            foreach (var signature in component.Signatures.Where(IsByPrimary))
            {
                if (signature.Type == SignatureType.SubkeyRevocation && Verifies(signature, Primary, component))
                {
                    entry.Revoked ??= signature.Subpackets.RevocationReason ?? string.Empty;
                }
                else if (signature.Type == SignatureType.SubkeyBinding && Verifies(signature, Primary, component))
                {
                    bindings.Add(signature);
                }
            }

            var binding = bindings.MaxBy(s => s.Created);
            if (binding is null)
            {
                entry.Problem ??= "is not bound to its primary key by a valid signature";
                return entry;
            }

            entry.Flags = binding.Subpackets.KeyFlags;
            entry.Expires = Earliest(Expiry(subkey, binding), primary.Expires);
            if (entry.MaySign && !HasBackSignature(binding, component))
            {
                entry.Problem ??= "has no valid back signature (a signing subkey must certify its primary key)";
            }

            return entry;
        }

        /// <summary>A signing subkey's binding embeds a primary key binding signature made by the subkey itself.</summary>
        private bool HasBackSignature(OpenPgpSignature binding, Component component)
        {
            if (binding.Subpackets.EmbeddedSignature is not { } embedded)
            {
                return false;
            }

            try
            {
                var back = OpenPgpSignature.Parse(embedded, 0, "the embedded signature");
                return back.Type == SignatureType.PrimaryKeyBinding && Verifies(back, component.Subkey!, component);
            }
            catch (Exception e) when (e is NotSupportedException or OpenPgpException)
            {
                return false;
            }
        }

        private bool IsByPrimary(OpenPgpSignature signature) =>
            (signature.Subpackets.IssuerFingerprint is null || signature.Subpackets.IssuerFingerprint.AsSpan().SequenceEqual(Primary.Fingerprint))
            && (signature.Subpackets.IssuerKeyId is null || signature.Subpackets.IssuerKeyId == Primary.KeyId);

        /// <summary>Whether <paramref name="signer"/> made <paramref name="signature"/> over the primary key (and the component).</summary>
        private bool Verifies(OpenPgpSignature signature, OpenPgpPublicKey signer, Component? component = null)
        {
            try
            {
                using var hash = signature.CreateHash(allowSha1: true, "a self-signature");
                Primary.AppendTo(hash);
                if (component?.Subkey is { } subkey)
                {
                    subkey.AppendTo(hash);
                }
                else if (component is not null)
                {
                    Span<byte> prefix = [component.Prefix, 0, 0, 0, 0];
                    System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prefix[1..], (uint)component.Identity.Length);
                    hash.AppendData(prefix);
                    hash.AppendData(component.Identity.Span);
                }

                return signature.VerifyWith(signer, hash);
            }
            catch (Exception e) when (e is NotSupportedException or OpenPgpException or CryptographicException)
            {
                // A self-signature Flix cannot check certifies nothing.
                return false;
            }
        }

        private static DateTimeOffset? Expiry(OpenPgpPublicKey key, OpenPgpSignature signature) =>
            signature.Subpackets.KeyLifetime is > 0 and var seconds ? key.Created.AddSeconds(seconds) : null;

        private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
            a is null ? b : b is null ? a : a < b ? a : b;
    }
}
