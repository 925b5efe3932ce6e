using Flix.Oci.Rootfs;

namespace Flix.Pipeline.Reporting;

/// <summary>
/// What <see cref="ExtensionPipeline"/> tells its caller while it runs, for a front end to render (lines, progress
/// bars, JSON). Called on the pipeline's thread or a pool thread, never concurrently for one stage.
/// </summary>
public interface IPipelineReporter
{
    /// <summary>A stage begins; <paramref name="description"/> names what it works on (the image, a step, the extension).</summary>
    void StageStarted(PipelineStage stage, string description);

    /// <summary>A layer's bytes arrived, or a layer was applied.</summary>
    void RootfsProgress(RootfsProgress progress);

    /// <summary>The builder is done: its warnings and diagnostics, before packing starts.</summary>
    void Built(BuiltExtension built);

    /// <summary>File content written into the image so far (SquashFS images; a reporter without a display ignores it).</summary>
    void PackProgress(PackProgress progress)
    {
    }
}
