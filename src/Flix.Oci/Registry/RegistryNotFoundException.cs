namespace Flix.Oci.Registry;

/// <summary>The registry has no such repository, tag, manifest or blob.</summary>
public sealed class RegistryNotFoundException : RegistryException
{
    public RegistryNotFoundException(string message, string registry, string? repository, string? digest = null)
        : base(message, registry, repository, digest, null)
    {
    }
}
