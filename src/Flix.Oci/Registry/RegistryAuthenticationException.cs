namespace Flix.Oci.Registry;

/// <summary>The registry refused the credentials, or demanded some and none were available.</summary>
public sealed class RegistryAuthenticationException : RegistryException
{
    public RegistryAuthenticationException(string message, string registry, string? repository, string? digest = null, Exception? innerException = null)
        : base(message, registry, repository, digest, innerException)
    {
    }
}
