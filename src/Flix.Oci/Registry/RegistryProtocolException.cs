namespace Flix.Oci.Registry;

/// <summary>The registry answered outside the protocol, failed with a server error after every retry, or could not be reached.</summary>
public sealed class RegistryProtocolException : RegistryException
{
    public RegistryProtocolException(string message, string registry, string? repository, string? digest = null, Exception? innerException = null)
        : base(message, registry, repository, digest, innerException)
    {
    }
}
