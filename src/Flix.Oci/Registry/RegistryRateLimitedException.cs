namespace Flix.Oci.Registry;

/// <summary>The registry kept answering 429 Too Many Requests after every retry.</summary>
public sealed class RegistryRateLimitedException : RegistryException
{
    public RegistryRateLimitedException(string message, string registry, string? repository, string? digest = null)
        : base(message, registry, repository, digest, null)
    {
    }
}
