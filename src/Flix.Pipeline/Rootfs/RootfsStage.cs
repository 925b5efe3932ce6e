using Flix.Core.Tree;
using Flix.Core.Tree.Overlay;
using Flix.Oci.Rootfs;
using Flix.Pipeline.Reporting;

namespace Flix.Pipeline.Rootfs;

/// <summary>The first stages of the pipeline: the rootfs from its source, then the steps on it.</summary>
internal static class RootfsStage
{
    /// <summary>
    /// The rootfs of <paramref name="request"/>'s image: a <c>dir:</c> folder read in place when no step writes to it,
    /// otherwise unpacked (or copied) into a folder <paramref name="workDirectory"/> makes; then each step run on it.
    /// </summary>
    public static async Task<PipelineRootfs> PrepareAsync(
        ExtensionRequest request, IPipelineReporter reporter, Func<string> workDirectory, CancellationToken cancellationToken)
    {
        reporter.StageStarted(PipelineStage.Rootfs, request.Image.Text);
        PipelineRootfs? rootfs = null;
        if (request.Image.IsDirectory)
        {
            // Only read, and every path is resolved in the model, never on disk: the folder is read where it is.
            var read = RootfsBuilder.ReadDirectory(request.Image);
            rootfs = new PipelineRootfs { Directory = read.Directory, Model = read.Model, Source = ExtensionSource.From(read), IsPrivateCopy = false };
            if (request.Steps.Any(step => step.WritesTo(rootfs)))
            {
                rootfs = null;
            }
        }

        if (rootfs is null)
        {
            var options = request.Rootfs with { Progress = new ReporterProgress(reporter) };
            var built = await RootfsBuilder.BuildAsync(request.Image, Path.Combine(workDirectory(), "rootfs"), options, cancellationToken).ConfigureAwait(false);
            rootfs = new PipelineRootfs { Directory = built.Directory, Model = built.Model, Source = ExtensionSource.From(built), IsPrivateCopy = true };
        }

        return await RunStepsAsync(rootfs, request.Steps, reporter, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The image of <paramref name="request"/> unpacked (or its folder copied) into its directory, then the steps run on it.</summary>
    public static async Task<RootfsResult> UnpackAsync(RootfsRequest request, IPipelineReporter reporter, CancellationToken cancellationToken)
    {
        reporter.StageStarted(PipelineStage.Rootfs, request.Image.Text);
        var options = request.Rootfs with { Progress = new ReporterProgress(reporter) };
        var built = await RootfsBuilder.BuildAsync(request.Image, request.Directory, options, cancellationToken).ConfigureAwait(false);
        var rootfs = new PipelineRootfs { Directory = built.Directory, Model = built.Model, Source = ExtensionSource.From(built), IsPrivateCopy = true };
        if (request.Steps.Count == 0)
        {
            return built;
        }

        try
        {
            rootfs = await RunStepsAsync(rootfs, request.Steps, reporter, cancellationToken).ConfigureAwait(false);
            if (ReferenceEquals(rootfs.Model, built.Model))
            {
                return built;
            }

            // Owners and modes the disk could not take (ids a command gave without root) are kept beside the folder.
            var overlay = MetadataOverlay.Diff(rootfs.Model, DirectoryTreeReader.Read(built.Directory));
            string? overlayFile = overlay.IsEmpty ? built.OverlayFile : MetadataOverlayFile.Write(built.Directory, overlay);
            return built with { Model = rootfs.Model, OverlayFile = overlayFile };
        }
        catch
        {
            // A failed step leaves no half-made rootfs behind.
            TreeRemover.TryDelete(built.Directory);
            if (built.OverlayFile is { } overlayFile)
            {
                File.Delete(overlayFile);
            }

            throw;
        }
    }

    private static async Task<PipelineRootfs> RunStepsAsync(
        PipelineRootfs rootfs, IReadOnlyList<IRootfsStep> steps, IPipelineReporter reporter, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            reporter.StageStarted(PipelineStage.Step, step.Description);
            rootfs = rootfs with { Model = await step.RunAsync(rootfs, cancellationToken).ConfigureAwait(false) };
        }

        return rootfs;
    }

    /// <summary>Hands the unpacking progress to the reporter.</summary>
    private sealed class ReporterProgress(IPipelineReporter reporter) : IProgress<RootfsProgress>
    {
        public void Report(RootfsProgress value) => reporter.RootfsProgress(value);
    }
}
