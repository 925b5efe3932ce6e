using Flix.TestSupport.Processes;

namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// The reference unpacker: <c>umoci unpack --image LAYOUT:TAG BUNDLE</c> as root (owners, devices and
/// xattrs are applied for real). A test oracle only; the product never runs umoci. Debian's umoci 0.4.7
/// cannot read zstd layers, so a layout holding any is first recompressed to gzip by skopeo.
/// </summary>
public static class UmociOracle
{
    /// <summary>Unpacks <paramref name="tag"/> of <paramref name="layoutDirectory"/> into the new folder <paramref name="bundleDirectory"/>; returns BUNDLE/rootfs.</summary>
    public static async Task<string> UnpackAsync(string layoutDirectory, string tag, string bundleDirectory, CancellationToken ct = default)
    {
        HostTools.RequireRoot("umoci unpack applies owners, device nodes and security.capability");
        if (Directory.Exists(bundleDirectory))
        {
            throw new ArgumentException($"The bundle folder '{bundleDirectory}' exists; umoci needs a new one.", nameof(bundleDirectory));
        }

        if (await HasZstdLayersAsync(layoutDirectory, ct))
        {
            // Debian's umoci 0.4.7 rejects tar+zstd layers: let skopeo rewrite them as gzip into a sibling layout.
            string gzipLayout = bundleDirectory + ".gzip-layout";
            await ProcessRunner.RunCheckedAsync("skopeo", ["copy", "--quiet", "--dest-compress", "--dest-compress-format=gzip",
                $"oci:{layoutDirectory}:{tag}", $"oci:{gzipLayout}:{tag}"], ct);
            layoutDirectory = gzipLayout;
        }

        var result = await ProcessRunner.RunAsync("umoci", ["unpack", "--image", $"{layoutDirectory}:{tag}", bundleDirectory], ct: ct);
        result.EnsureSuccess();
        string rootfs = Path.Combine(bundleDirectory, "rootfs");
        if (!Directory.Exists(rootfs))
        {
            throw new InvalidOperationException($"umoci unpack left no rootfs in '{bundleDirectory}': {result.Describe()}");
        }

        return rootfs;
    }

    private static async Task<bool> HasZstdLayersAsync(string layoutDirectory, CancellationToken ct)
    {
        foreach (var blob in Directory.EnumerateFiles(Path.Combine(layoutDirectory, "blobs", "sha256")))
        {
            if (new FileInfo(blob).Length < 64 * 1024
                && (await File.ReadAllTextAsync(blob, ct)).Contains(OciMediaTypes.LayerZstd, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
