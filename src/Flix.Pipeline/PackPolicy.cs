using Flix.Core;
using Flix.Pipeline.Builders;
using Flix.Sysext;

namespace Flix.Pipeline;

/// <summary>How the pipeline turns the requested pack options into the ones it packs with.</summary>
internal static class PackPolicy
{
    /// <summary>
    /// The architecture: the one asked for, else the image's platform, else the machine of the built programs, else
    /// this machine's. The version: the one asked for, else the build's. Units shipped imply EXTENSION_RELOAD_MANAGER=1, or systemd would not see them after a merge.
    /// </summary>
    public static SysextPackOptions Apply(ExtensionRequest request, ExtensionSource source, ExtensionBuild build)
    {
        string architecture = request.Architecture
            ?? (ExtensionArchitecture.TryNormalize(source.Image?.Platform.Architecture, out var fromImage) ? fromImage : null)
            ?? build.Architecture
            ?? ExtensionArchitecture.Host
            ?? throw new FlixException(
                $"This machine's architecture is neither {ExtensionArchitecture.X86_64} nor {ExtensionArchitecture.Arm64}, and the image does not say; give --arch.");
        var pack = request.Pack with { Architecture = architecture, Version = request.Pack.Version ?? build.Version };
        return build.HasUnits ? pack with { ReloadManager = true } : pack;
    }
}
