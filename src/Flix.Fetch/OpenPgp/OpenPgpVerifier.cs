using System.Security.Cryptography;

namespace Flix.Fetch.OpenPgp;

/// <summary>
/// Verifies a detached OpenPGP signature (<c>gpg --detach-sign</c>, armored or binary) over data against a key file:
/// a version 4 binary-document signature with SHA-256, SHA-384 or SHA-512, by an RSA key or signing subkey of the file
/// that is valid, not revoked, not expired when the signature was made, and listed when fingerprints are pinned. The
/// data is read once, whatever the number of signatures. Every failure is one <see cref="OpenPgpException"/> (or a
/// <see cref="NotSupportedException"/> for what Flix does not verify) naming the data, the signature and the key.
/// </summary>
public static class OpenPgpVerifier
{
    private const int BufferSize = 128 * 1024;
    private const string SignatureName = "the signature";

    public static async Task<OpenPgpVerification> VerifyDetachedAsync(
        Stream data, ReadOnlyMemory<byte> signatureFile, OpenPgpKeyRing keys, OpenPgpVerifyOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(options);
        var prefix = $"Cannot verify {options.DataLabel} with the signature {options.SignatureLabel}";
        var candidates = new List<(OpenPgpSignature Signature, KeyEntry Key, IncrementalHash Hash)>();
        try
        {
            Exception? refusal = null;
            foreach (var signature in ReadSignatures(signatureFile, prefix))
            {
                try
                {
                    var key = Choose(signature, keys, options);
                    candidates.Add((signature, key, signature.CreateHash(allowSha1: false, $"the signature by {key.Key.FingerprintHex}")));
                }
                catch (Exception e) when (e is OpenPgpException or NotSupportedException)
                {
                    refusal ??= e;
                }
            }

            if (candidates.Count == 0)
            {
                // "Cannot check" (an algorithm Flix lacks) stays apart from "wrong" for the caller.
                throw refusal is NotSupportedException
                    ? new NotSupportedException($"{prefix}: {refusal.Message}", refusal)
                    : new OpenPgpException($"{prefix}: {refusal!.Message}", refusal);
            }

            var buffer = new byte[BufferSize];
            int read;
            while ((read = await data.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                foreach (var candidate in candidates)
                {
                    candidate.Hash.AppendData(buffer, 0, read);
                }
            }

            foreach (var (signature, key, hash) in candidates)
            {
                bool verified;
                try
                {
                    verified = signature.VerifyWith(key.Key, hash);
                }
                catch (OpenPgpException e)
                {
                    throw new OpenPgpException($"{prefix}: {e.Message}", e);
                }

                if (verified)
                {
                    return new OpenPgpVerification(
                        key.Key.FingerprintHex, key.Primary.FingerprintHex, key.Key.KeyIdHex, signature.Created, HashAlgorithmIds.Name(signature.HashAlgorithm));
                }
            }

            var first = candidates[0];
            throw new OpenPgpException(
                $"{prefix}: the data does not match the signature made by {first.Key.Describe()} (key id {first.Key.Key.KeyIdHex}): it is not what was signed.");
        }
        finally
        {
            foreach (var candidate in candidates)
            {
                candidate.Hash.Dispose();
            }
        }
    }

    private static List<OpenPgpSignature> ReadSignatures(ReadOnlyMemory<byte> file, string prefix)
    {
        try
        {
            if (file.Length > OpenPgpLimits.MaxSignatureFile)
            {
                throw new OpenPgpException($"it is over {OpenPgpLimits.MaxSignatureFile} bytes: not a detached signature.");
            }

            var signatures = new List<OpenPgpSignature>();
            foreach (var packet in PacketReader.ReadAll(OpenPgpArmor.Unwrap(file.Span, OpenPgpArmor.SignatureKind, SignatureName), SignatureName))
            {
                if (packet.Tag is PacketTag.Marker or PacketTag.Padding)
                {
                    continue;
                }

                if (packet.Tag != PacketTag.Signature)
                {
                    throw new OpenPgpException($"{SignatureName} is not a detached signature: it holds a packet of tag {(int)packet.Tag} at offset {packet.Offset}.");
                }

                if (signatures.Count < OpenPgpLimits.MaxSignatures)
                {
                    signatures.Add(OpenPgpSignature.Parse(packet.Body, packet.Offset, SignatureName));
                }
            }

            return signatures.Count > 0 ? signatures : throw new OpenPgpException($"{SignatureName} holds no signature packet.");
        }
        catch (OpenPgpException e)
        {
            throw new OpenPgpException($"{prefix}: {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            throw new NotSupportedException($"{prefix}: {e.Message}", e);
        }
    }

    /// <summary>The key of <paramref name="keys"/> that must have made <paramref name="signature"/>, checked for use at the signature's time.</summary>
    private static KeyEntry Choose(OpenPgpSignature signature, OpenPgpKeyRing keys, OpenPgpVerifyOptions options)
    {
        if (signature.Type == SignatureType.TextDocument)
        {
            throw new NotSupportedException("it is a text-mode signature (type 0x01); Flix verifies binary-document signatures (gpg --detach-sign without --textmode).");
        }

        if (signature.Type != SignatureType.BinaryDocument)
        {
            throw new OpenPgpException($"it is not a document signature (type 0x{(int)signature.Type:X2}).");
        }

        var issuer = signature.Subpackets;
        var matches = keys.Entries.Where(e =>
            issuer.IssuerFingerprint is { } fingerprint ? fingerprint.AsSpan().SequenceEqual(e.Key.Fingerprint)
            : issuer.IssuerKeyId is not { } id || id == e.Key.KeyId).ToList();
        if (issuer.IssuerFingerprint is null && issuer.IssuerKeyId is null)
        {
            // No issuer named (gpg always names one): the file's first key that may sign is taken.
            matches = [.. matches.Where(e => e.Problem is null && e.Revoked is null && e.MaySign)];
        }

        var key = matches.FirstOrDefault() ?? throw new OpenPgpException(
            $"it was made by {signature.IssuerText}, which {keys.Source} does not hold (it holds {string.Join(", ", keys.Entries.Select(e => e.Describe()))}).");
        var at = signature.Created.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
        var name = $"{key.Describe()} (key id {key.Key.KeyIdHex})";
        if (options.Fingerprints.Count > 0 && !options.Fingerprints.Any(f => Same(f, key.Key.FingerprintHex) || Same(f, key.Primary.FingerprintHex)))
        {
            throw new OpenPgpException($"it was made by {name}, which is not among the accepted fingerprints ({string.Join(", ", options.Fingerprints)}).");
        }

        if (!key.Key.IsRsa || signature.Algorithm is not (PublicKeyAlgorithm.Rsa or PublicKeyAlgorithm.RsaSignOnly))
        {
            throw new NotSupportedException(
                $"it was made by {name} with {OpenPgpPublicKey.AlgorithmName(key.Key.IsRsa ? signature.Algorithm : key.Key.Algorithm)}; Flix verifies RSA signatures only.");
        }

        if (key.Problem is not null)
        {
            throw new OpenPgpException($"it was made by {name}, which {key.Problem} in {keys.Source}.");
        }

        if (key.Revoked is not null)
        {
            throw new OpenPgpException($"it was made by {name}, which {keys.Source} revokes{(key.Revoked.Length > 0 ? $" ('{Digest.Printable(key.Revoked)}')" : string.Empty)}.");
        }

        if (!key.MaySign)
        {
            throw new OpenPgpException($"it was made by {name}, whose key flags do not allow signing.");
        }

        if (signature.Created < key.Key.Created)
        {
            throw new OpenPgpException($"it claims to be made at {at}, before {name} was created.");
        }

        if (key.Expires is { } expires && expires <= signature.Created)
        {
            throw new OpenPgpException($"it was made at {at} by {name}, which had expired on {expires.UtcDateTime:yyyy-MM-dd}.");
        }

        if (signature.Subpackets.SignatureLifetime is > 0 and var lifetime
            && signature.Created.AddSeconds(lifetime) <= (options.Now ?? DateTimeOffset.UtcNow))
        {
            throw new OpenPgpException($"the signature by {name} expired on {signature.Created.AddSeconds(lifetime).UtcDateTime:yyyy-MM-dd}.");
        }

        return key;
    }

    private static bool Same(string pinned, string fingerprint) =>
        string.Equals(pinned.Replace(" ", string.Empty, StringComparison.Ordinal), fingerprint, StringComparison.OrdinalIgnoreCase);
}
