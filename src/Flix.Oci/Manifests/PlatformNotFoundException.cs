namespace Flix.Oci.Manifests;

/// <summary>An image index has no manifest for the wanted platform; <see cref="Available"/> lists those it has.</summary>
public sealed class PlatformNotFoundException : Core.FlixException
{
    public PlatformNotFoundException(string image, Platform wanted, IReadOnlyList<Platform> available)
        : base($"{image} has no image for {wanted}; it has {(available.Count == 0 ? "no platforms" : string.Join(", ", available))}.")
    {
        Wanted = wanted;
        Available = available;
    }

    public Platform Wanted { get; }

    public IReadOnlyList<Platform> Available { get; }
}
