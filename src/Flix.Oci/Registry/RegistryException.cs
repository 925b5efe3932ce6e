namespace Flix.Oci.Registry;

/// <summary>The base of failures reported by, or in talking to, a registry. It names the registry and what was asked for.</summary>
public abstract class RegistryException : Core.FlixException
{
    private protected RegistryException(string message, string registry, string? repository, string? digest, Exception? innerException)
        : base(message, innerException)
    {
        Registry = registry;
        Repository = repository;
        Digest = digest;
    }

    public string Registry { get; }

    public string? Repository { get; }

    /// <summary>The digest or tag asked for, if any.</summary>
    public string? Digest { get; }
}
