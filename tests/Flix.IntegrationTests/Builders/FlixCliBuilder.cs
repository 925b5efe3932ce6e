using System.Globalization;
using Flix.IntegrationTests.Oracles;
using Flix.TestSupport.Oci;

namespace Flix.IntegrationTests.Builders;

/// <summary>
/// Builds images with <c>flix pack DIR NAME --format squashfs …</c> as a process: the product end to end.
/// flix pack always writes extension-release, so the image holds that file beyond the source tree.
/// </summary>
public sealed class FlixCliBuilder : IImageBuilder
{
    public string Name => "flix-pack";

    public async Task<BuiltImage> BuildAsync(ImageRequest request, CancellationToken ct = default)
    {
        await FlixCli.RunCheckedAsync(Arguments(request), ct);
        string image = Path.Combine(request.OutputDirectory, request.Name + ".raw");
        if (!File.Exists(image))
        {
            throw new InvalidOperationException(
                $"flix pack exited with 0 but wrote no '{image}' (found: {string.Join(", ", Directory.EnumerateFiles(request.OutputDirectory).Select(Path.GetFileName))}).");
        }

        return new BuiltImage(image, new ImageExpectation
        {
            AllRoot = request.AllRoot,
            ClampTime = request.Epoch,
            AddedPaths = ExtensionRelease.PathsFor(request.Name),
        });
    }

    /// <summary>The pack command line for <paramref name="request"/> (no --version, so the image is NAME.raw).</summary>
    public static List<string> Arguments(ImageRequest request)
    {
        var arguments = new List<string>
        {
            "pack", request.SourceDirectory, request.Name,
            "--format", "squashfs",
            "--compression", request.Compression.ToString().ToLowerInvariant(),
            "--epoch", request.Epoch.ToString(CultureInfo.InvariantCulture),
            "--output", request.OutputDirectory,
            request.AllRoot ? "--all-root" : "--keep-owners",
        };
        if (request.Os is not null)
        {
            arguments.AddRange(["--os", request.Os]);
        }

        return arguments;
    }
}
