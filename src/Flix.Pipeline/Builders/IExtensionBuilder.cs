using Flix.Pipeline.Rootfs;

namespace Flix.Pipeline.Builders;

/// <summary>Makes an extension's tree out of a rootfs: Flix mode, Flatwrap, the tree as it is, later a recipe.</summary>
public interface IExtensionBuilder
{
    /// <summary>A short name for the pipeline's temporary folder and for messages: flixmode, flatwrap, tree.</summary>
    string Name { get; }

    /// <summary>Builds the tree; it may share nodes with <paramref name="rootfs"/>'s model, whose files are read when packed.</summary>
    Task<ExtensionBuild> BuildAsync(PipelineRootfs rootfs, CancellationToken cancellationToken);
}
