using Flix.Core.IO;
using Flix.Core.Tree;
using Flix.Oci.Rootfs;
using Flix.Pipeline.Reporting;
using Flix.Pipeline.Rootfs;
using Flix.Sysext;

namespace Flix.Pipeline;

/// <summary>
/// The whole job of turning an image into a system extension: image spec → rootfs (unpacked, or a <c>dir:</c> folder
/// read in place) → steps on the rootfs → builder (Flix mode, Flatwrap, a plain tree) → checks → pack → outputs
/// (the image, SHA256SUMS, the sysupdate transfer file). Front ends map their options to an
/// <see cref="ExtensionRequest"/> and render what the <see cref="IPipelineReporter"/> is told.
/// </summary>
public static class ExtensionPipeline
{
    /// <summary>
    /// Runs <paramref name="request"/>. Failures propagate as the stage threw them (<see cref="FormatException"/> for a
    /// malformed value, <see cref="SysextLayoutException"/> for layout errors, I/O and registry errors); the
    /// pipeline's temporary folder is removed either way and no output is left half-written.
    /// </summary>
    public static async Task<ExtensionResult> RunAsync(
        ExtensionRequest request, IPipelineReporter? reporter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        reporter ??= NullPipelineReporter.Instance;

        // An unusable --output fails now, not after the downloads and installs.
        OutputFolder.Check(request.Pack.OutputDirectory);
        string? work = null;
        try
        {
            var rootfs = await RootfsStage.PrepareAsync(
                request, reporter, () => work ??= Directory.CreateTempSubdirectory($"flix-{request.Builder.Name}-").FullName, cancellationToken)
                .ConfigureAwait(false);

            reporter.StageStarted(PipelineStage.Build, request.Pack.Name);
            var build = await request.Builder.BuildAsync(rootfs, cancellationToken).ConfigureAwait(false);
            var pack = PackPolicy.Apply(request, rootfs.Source, build);
            reporter.Built(new BuiltExtension
            {
                Source = rootfs.Source,
                Build = build,
                Warnings = [.. rootfs.Source.Warnings, .. build.Warnings],
                Pack = pack,
            });

            var packed = await PackAsync(build.Tree, pack, reporter, cancellationToken).ConfigureAwait(false);
            return new ExtensionResult { Source = rootfs.Source, Build = build, Options = pack, Pack = packed };
        }
        finally
        {
            if (work is not null)
            {
                TreeRemover.TryDelete(work);
            }
        }
    }

    /// <summary>
    /// The first stages alone, for <c>flix rootfs</c>: the image unpacked (or a <c>dir:</c> folder copied) into
    /// <see cref="RootfsRequest.Directory"/>, then the steps run on it.
    /// </summary>
    public static Task<RootfsResult> UnpackAsync(RootfsRequest request, IPipelineReporter? reporter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RootfsStage.UnpackAsync(request, reporter ?? NullPipelineReporter.Instance, cancellationToken);
    }

    /// <summary>The last stages alone, for a tree made elsewhere (<c>flix pack</c>): layout checks, the image, its companions.</summary>
    public static Task<SysextPackResult> PackAsync(
        FileTree tree, SysextPackOptions options, IPipelineReporter? reporter = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tree);
        ArgumentNullException.ThrowIfNull(options);
        reporter ??= NullPipelineReporter.Instance;
        reporter.StageStarted(PipelineStage.Pack, options.OutputName);
        if (options.Progress is null && reporter is not NullPipelineReporter)
        {
            // Each node once: hard links share their content in the image.
            long total = tree.Walk().Select(e => e.Node).Where(n => n.Kind == EntryKind.RegularFile)
                .Distinct<TreeNode>(ReferenceEqualityComparer.Instance).Sum(n => n.Size);
            options = options with { Progress = new PackProgressForwarder(reporter, options.OutputName, total) };
        }

        return SysextPacker.PackAsync(tree, options, cancellationToken);
    }

    /// <summary>Turns the writer's byte counts into <see cref="IPipelineReporter.PackProgress"/> calls, on the writer's thread.</summary>
    private sealed class PackProgressForwarder(IPipelineReporter reporter, string name, long total) : IProgress<long>
    {
        public void Report(long value) => reporter.PackProgress(new PackProgress(name, value, total));
    }
}
