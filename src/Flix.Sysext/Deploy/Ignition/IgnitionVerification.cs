using System.Text.Json.Serialization;

namespace Flix.Sysext.Deploy.Ignition;

/// <summary>verification.hash: sha512-HEX or sha256-HEX.</summary>
public sealed record IgnitionVerification([property: JsonPropertyName("hash")] string Hash);
