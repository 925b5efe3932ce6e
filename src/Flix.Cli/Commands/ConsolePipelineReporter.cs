using Flix.Oci.Rootfs;
using Flix.Pipeline;
using Flix.Pipeline.Reporting;

namespace Flix.Cli.Commands;

/// <summary>
/// Renders what the pipeline reports the way flix prints it: layer progress on a terminal's standard error, and what
/// the builder made (through <paramref name="built"/>) before packing. Remembers that the builder was done, so that
/// a later failure can still be reported with what it made.
/// </summary>
internal sealed class ConsolePipelineReporter(TextWriter error, bool showProgress, Action<BuiltExtension>? built = null) : IPipelineReporter
{
    private readonly RootfsProgressPrinter? _progress = showProgress ? new RootfsProgressPrinter(error) : null;

    /// <summary>What the builder made; null until it is done.</summary>
    public BuiltExtension? Built { get; private set; }

    /// <summary>Whether progress goes to standard error: not with --json or -q, nor when standard error is not a terminal.</summary>
    public static bool ShowsProgress(bool quiet) => !quiet && !Console.IsErrorRedirected;

    public void StageStarted(PipelineStage stage, string description)
    {
    }

    public void RootfsProgress(RootfsProgress progress) => _progress?.Report(progress);

    void IPipelineReporter.Built(BuiltExtension value)
    {
        Built = value;
        built?.Invoke(value);
    }
}
