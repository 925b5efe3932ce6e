using Flix.Fetch;
using System.Text.RegularExpressions;

namespace Flix.Oci.References;

/// <summary>
/// A parsed image reference, <c>[REGISTRY/]REPOSITORY[:TAG][@DIGEST]</c>, normalised the way Docker does:
/// no registry means Docker Hub, and a one-part Docker Hub name lives under <c>library/</c>.
/// </summary>
public sealed partial record ImageReference
{
    /// <summary>The registry name users write for Docker Hub.</summary>
    public const string DockerHub = "docker.io";

    /// <summary>The host that serves Docker Hub's registry API.</summary>
    public const string DockerHubApiHost = "registry-1.docker.io";

    /// <summary>The tag used when a reference names neither tag nor digest.</summary>
    public const string DefaultTag = "latest";

    private const int MaxLength = 4096;
    private const int MaxTagLength = 128;

    private ImageReference(string registry, string repository, string? tag, Digest? digest)
    {
        Registry = registry;
        Repository = repository;
        Tag = tag;
        Digest = digest;
    }

    /// <summary>The registry as named, with its port: <c>docker.io</c>, <c>localhost:5000</c>, <c>[::1]:5000</c>.</summary>
    public string Registry { get; }

    /// <summary>The host (and port) to send API calls to: <see cref="DockerHubApiHost"/> for Docker Hub, else <see cref="Registry"/>.</summary>
    public string RegistryHost => Registry == DockerHub ? DockerHubApiHost : Registry;

    /// <summary>The repository path: <c>library/alpine</c>, <c>team/app</c>.</summary>
    public string Repository { get; }

    /// <summary>The tag; <see cref="DefaultTag"/> when the reference names neither tag nor digest, null when only a digest.</summary>
    public string? Tag { get; }

    /// <summary>The digest, when the reference pins one.</summary>
    public Digest? Digest { get; }

    /// <summary>What to ask the registry's manifest endpoint for: the digest when pinned, else the tag.</summary>
    public string ManifestReference => Digest?.ToString() ?? Tag ?? DefaultTag;

    /// <summary>True for registries reached over plain HTTP without being told: loopback names and addresses.</summary>
    public bool IsLoopback
    {
        get
        {
            var host = HostWithoutPort(Registry);
            return host is "localhost" or "127.0.0.1" or "[::1]" or "::1" || host.StartsWith("127.", StringComparison.Ordinal);
        }
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming it when it is not a valid reference.</summary>
    public static ImageReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var reference, out var problem)
            ? reference
            : throw new FormatException($"'{Fetch.Digest.Printable(text)}' is not a valid image reference: {problem}.");
    }

    /// <summary>Parses <paramref name="text"/> without throwing.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ImageReference? reference) =>
        TryParse(text, out reference, out _);

    private static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ImageReference? reference, out string problem)
    {
        reference = null;
        if (text.Length == 0 || text.Length > MaxLength)
        {
            problem = "it is empty or too long";
            return false;
        }

        var rest = text;
        Digest? digest = null;
        var at = rest.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            if (!Fetch.Digest.TryParse(rest[(at + 1)..], out var parsed))
            {
                problem = "the part after '@' is not a sha256 or sha512 digest";
                return false;
            }

            digest = parsed;
            rest = rest[..at];
        }

        string registry = DockerHub;
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0)
        {
            var first = rest[..slash];
            if (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost" || first.StartsWith('['))
            {
                if (!RegistryPattern().IsMatch(first))
                {
                    problem = $"'{first}' is not a valid registry host";
                    return false;
                }

                registry = first;
                rest = rest[(slash + 1)..];
            }
        }

        string? tag = null;
        var lastSlash = rest.LastIndexOf('/');
        var colon = rest.LastIndexOf(':');
        if (colon > lastSlash)
        {
            tag = rest[(colon + 1)..];
            rest = rest[..colon];
            if (tag.Length > MaxTagLength || !TagPattern().IsMatch(tag))
            {
                problem = $"'{tag}' is not a valid tag";
                return false;
            }
        }

        if (registry is DockerHub or "index.docker.io" or DockerHubApiHost)
        {
            registry = DockerHub;
            if (!rest.Contains('/', StringComparison.Ordinal))
            {
                rest = "library/" + rest;
            }
        }

        if (!RepositoryPattern().IsMatch(rest))
        {
            problem = $"'{rest}' is not a valid repository (lower-case letters, digits and separators)";
            return false;
        }

        if (tag is null && digest is null)
        {
            tag = DefaultTag;
        }

        reference = new ImageReference(registry, rest, tag, digest);
        problem = string.Empty;
        return true;
    }

    /// <summary>The canonical form: <c>docker.io/library/alpine:latest</c>, with <c>@digest</c> when pinned.</summary>
    public override string ToString()
    {
        var text = $"{Registry}/{Repository}";
        if (Tag is not null)
        {
            text += ":" + Tag;
        }

        if (Digest is { } digest)
        {
            text += "@" + digest;
        }

        return text;
    }

    private static string HostWithoutPort(string registry)
    {
        if (registry.StartsWith('['))
        {
            var end = registry.IndexOf(']', StringComparison.Ordinal);
            return end < 0 ? registry : registry[..(end + 1)];
        }

        var colon = registry.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? registry : registry[..colon];
    }

    [GeneratedRegex(@"\A(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryPattern();

    [GeneratedRegex(@"\A[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPattern();

    [GeneratedRegex(@"\A[a-zA-Z0-9_][a-zA-Z0-9_.-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();
}
