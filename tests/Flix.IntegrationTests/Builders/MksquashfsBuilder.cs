using Flix.IntegrationTests.Oracles;
using Flix.TestSupport.Oci;
using Flix.TestSupport.Processes;

namespace Flix.IntegrationTests.Builders;

/// <summary>
/// Builds images with squashfs-tools' mksquashfs. It is the reference the harness is proven against before
/// Flix's own writer exists: every oracle must pass on its images.
/// </summary>
public sealed class MksquashfsBuilder : IImageBuilder
{
    public string Name => "mksquashfs";

    public async Task<BuiltImage> BuildAsync(ImageRequest request, CancellationToken ct = default)
    {
        string source = request.SourceDirectory;
        string? staging = null;
        if (request.SysextMetadata)
        {
            // Never write into the caller's tree: stage a copy with the metadata added.
            staging = Path.Combine(request.OutputDirectory, ".staging-" + request.Name);
            await ProcessRunner.RunCheckedAsync("cp", "-a", "--", source, staging);
            string release = Path.Combine(staging, ExtensionRelease.PathFor(request.Name));
            Directory.CreateDirectory(Path.GetDirectoryName(release)!);
            await File.WriteAllTextAsync(release, ExtensionRelease.Render(request.Os), ct);
            source = staging;
        }

        try
        {
            string image = Path.Combine(request.OutputDirectory, request.Name + ".raw");
            var arguments = new List<string>
            {
                source, image, "-noappend", "-no-progress", "-quiet", "-comp", request.Compression.ToString().ToLowerInvariant(),
            };
            if (request.AllRoot)
            {
                arguments.Add("-all-root");
            }

            var result = await ProcessRunner.RunAsync("mksquashfs", arguments, ct: ct);
            result.EnsureSuccess();
            return new BuiltImage(image, new ImageExpectation
            {
                AllRoot = request.AllRoot,
                ClampTime = null,
                AddedPaths = request.SysextMetadata ? ExtensionRelease.PathsFor(request.Name) : new HashSet<string>(),
            });
        }
        finally
        {
            if (staging is not null)
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }
}
