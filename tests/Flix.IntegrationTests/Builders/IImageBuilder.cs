using Flix.TestSupport.Oci;

namespace Flix.IntegrationTests.Builders;

/// <summary>
/// Something that turns a directory into a SquashFS image: mksquashfs (to prove the harness itself),
/// Flix's SquashFsWriter, or the flix pack CLI. The same oracles judge all of them.
/// </summary>
public interface IImageBuilder
{
    /// <summary>A short name for messages and cache keys.</summary>
    string Name { get; }

    Task<BuiltImage> BuildAsync(ImageRequest request, CancellationToken ct = default);
}
