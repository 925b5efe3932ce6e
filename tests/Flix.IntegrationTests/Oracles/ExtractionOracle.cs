using Flix.TestSupport.Processes;
using Flix.TestSupport.Trees;

namespace Flix.IntegrationTests.Oracles;

/// <summary>The extraction oracle: <c>unsquashfs -d</c> as root, then a snapshot of what it wrote.</summary>
public static class ExtractionOracle
{
    /// <summary>Extracts <paramref name="image"/> into a new directory <paramref name="destination"/> and snapshots it.</summary>
    public static async Task<TreeSnapshot> ExtractAsync(string image, string destination, string scratchDirectory, CancellationToken ct = default)
    {
        // -no-progress keeps stdout small; xattrs are extracted by default when root.
        var result = await ProcessRunner.RunAsync("unsquashfs", ["-no-progress", "-dest", destination, image], ct: ct);
        result.EnsureSuccess();
        return await TreeSnapshot.TakeAsync(destination, scratchDirectory, ct);
    }
}
