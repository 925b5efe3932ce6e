namespace Flix.Pipeline.Reporting;

/// <summary>The stages of <see cref="ExtensionPipeline"/>, in the order they run.</summary>
public enum PipelineStage
{
    /// <summary>Fetching and unpacking the image, or reading or copying a <c>dir:</c> folder.</summary>
    Rootfs,

    /// <summary>One step on the rootfs (installing packages, running a command).</summary>
    Step,

    /// <summary>The builder making the extension's tree, with its own checks (Flix mode's closure check).</summary>
    Build,

    /// <summary>Layout checks, writing the image and its companions (SHA256SUMS, the sysupdate file).</summary>
    Pack,
}
