using Flix.Cli.Progress;
using Flix.Oci.Rootfs;
using Flix.Pipeline;
using Flix.Pipeline.Reporting;

namespace Flix.Cli.Commands;

/// <summary>
/// Renders what the pipeline reports the way flix prints it: progress bars on a terminal's standard error (layers
/// downloaded and applied, the install step, the builder, the image written), and what the builder made (through
/// <paramref name="built"/>) before packing. Remembers that the builder was done, so that a later failure can still
/// be reported with what it made. <see cref="Finish"/> ends the display before the caller prints its report.
/// </summary>
internal sealed class ConsolePipelineReporter(TextWriter error, bool showProgress, Action<BuiltExtension>? built = null)
    : IPipelineReporter, IDisposable
{
    private readonly TerminalProgress? _progress = showProgress
        ? new TerminalProgress(error, !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")))
        : null;

    /// <summary>What the builder made; null until it is done.</summary>
    public BuiltExtension? Built { get; private set; }

    /// <summary>
    /// Whether progress goes to standard error: not with --json or -q, nor when standard error is not a terminal
    /// (nor a terminal that takes no escape sequences, TERM=dumb).
    /// </summary>
    public static bool ShowsProgress(bool quiet) =>
        !quiet && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not (null or "" or "dumb");

    public void StageStarted(PipelineStage stage, string description)
    {
        if (_progress is null)
        {
            return;
        }

        switch (stage)
        {
            case PipelineStage.Step:
                _progress.Working("step:" + description, description);
                break;
            case PipelineStage.Build:
                _progress.Working("build", $"building {description}");
                break;
            case PipelineStage.Pack:
                _progress.Stop(); // the builder's report was printed between the two
                break;
        }
    }

    public void RootfsProgress(RootfsProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        string digest = progress.Digest[..Math.Min(progress.Digest.Length, 19)];
        string description = $"layer {progress.Layer + 1}/{progress.LayerCount} {digest}" + (progress.Applied ? " applied" : string.Empty);
        _progress?.Update("layer:" + progress.Layer, description, progress.Applied ? progress.Size : progress.Downloaded, progress.Size);
    }

    public void PackProgress(PackProgress progress)
    {
        ArgumentNullException.ThrowIfNull(progress);
        _progress?.Update("pack", $"writing {progress.Name}", progress.Written, progress.Total);
    }

    void IPipelineReporter.Built(BuiltExtension value)
    {
        _progress?.Stop();
        Built = value;
        built?.Invoke(value);
    }

    /// <summary>Ends the progress display; what is printed next starts on a line of its own.</summary>
    public void Finish() => _progress?.Stop();

    public void Dispose() => Finish();
}
