using Flix.Oci.Rootfs;

namespace Flix.Pipeline.Reporting;

/// <summary>A reporter that shows nothing.</summary>
public sealed class NullPipelineReporter : IPipelineReporter
{
    private NullPipelineReporter()
    {
    }

    public static NullPipelineReporter Instance { get; } = new();

    public void StageStarted(PipelineStage stage, string description)
    {
    }

    public void RootfsProgress(RootfsProgress progress)
    {
    }

    public void Built(BuiltExtension built)
    {
    }
}
