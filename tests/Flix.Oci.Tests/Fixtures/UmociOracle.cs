namespace Flix.Oci.Tests.Fixtures;

/// <summary>
/// The reference unpacker: <c>umoci unpack --image LAYOUT:TAG BUNDLE</c> as root (owners, devices and
/// xattrs are applied for real). A test oracle only; the product never runs umoci.
/// </summary>
public static class UmociOracle
{
    /// <summary>Unpacks <paramref name="tag"/> of <paramref name="layoutDirectory"/> into the new folder <paramref name="bundleDirectory"/>; returns BUNDLE/rootfs.</summary>
    public static async Task<string> UnpackAsync(string layoutDirectory, string tag, string bundleDirectory, CancellationToken ct = default)
    {
        Tool.RequireRoot("umoci unpack applies owners, device nodes and security.capability");
        if (Directory.Exists(bundleDirectory))
        {
            throw new ArgumentException($"The bundle folder '{bundleDirectory}' exists; umoci needs a new one.", nameof(bundleDirectory));
        }

        var result = await Tool.RunAsync("umoci", ["unpack", "--image", $"{layoutDirectory}:{tag}", bundleDirectory], ct: ct);
        result.EnsureSuccess();
        string rootfs = Path.Combine(bundleDirectory, "rootfs");
        if (!Directory.Exists(rootfs))
        {
            throw new InvalidOperationException($"umoci unpack left no rootfs in '{bundleDirectory}': {result.Describe()}");
        }

        return rootfs;
    }
}
