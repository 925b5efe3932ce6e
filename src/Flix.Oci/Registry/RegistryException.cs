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

/// <summary>The registry refused the credentials, or demanded some and none were available.</summary>
public sealed class RegistryAuthenticationException : RegistryException
{
    public RegistryAuthenticationException(string message, string registry, string? repository, string? digest = null, Exception? innerException = null)
        : base(message, registry, repository, digest, innerException)
    {
    }
}

/// <summary>The registry has no such repository, tag, manifest or blob.</summary>
public sealed class RegistryNotFoundException : RegistryException
{
    public RegistryNotFoundException(string message, string registry, string? repository, string? digest = null)
        : base(message, registry, repository, digest, null)
    {
    }
}

/// <summary>The registry kept answering 429 Too Many Requests after every retry.</summary>
public sealed class RegistryRateLimitedException : RegistryException
{
    public RegistryRateLimitedException(string message, string registry, string? repository, string? digest = null)
        : base(message, registry, repository, digest, null)
    {
    }
}

/// <summary>The registry answered outside the protocol, failed with a server error after every retry, or could not be reached.</summary>
public sealed class RegistryProtocolException : RegistryException
{
    public RegistryProtocolException(string message, string registry, string? repository, string? digest = null, Exception? innerException = null)
        : base(message, registry, repository, digest, innerException)
    {
    }
}
