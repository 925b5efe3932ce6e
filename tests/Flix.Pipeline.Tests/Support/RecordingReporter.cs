using Flix.Oci.Rootfs;
using Flix.Pipeline;
using Flix.Pipeline.Reporting;

namespace Flix.Pipeline.Tests.Support;

/// <summary>Keeps what the pipeline reports, in order, as "Stage: description" and "built" lines.</summary>
internal sealed class RecordingReporter : IPipelineReporter
{
    public List<string> Events { get; } = [];

    public BuiltExtension? Built { get; private set; }

    public int LayersApplied { get; private set; }

    public void StageStarted(PipelineStage stage, string description) => Events.Add($"{stage}: {description}");

    public void RootfsProgress(RootfsProgress progress)
    {
        if (progress.Applied)
        {
            LayersApplied++;
        }
    }

    void IPipelineReporter.Built(BuiltExtension built)
    {
        Built = built;
        Events.Add("built");
    }
}
