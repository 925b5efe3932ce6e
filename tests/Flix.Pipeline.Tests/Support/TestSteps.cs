using Flix.Core.Tree;
using Flix.Core.Tree.Overlay;
using Flix.Pipeline.Rootfs;

namespace Flix.Pipeline.Tests.Support;

/// <summary>A step that writes a file into the rootfs on disk and reads the rootfs again, as an install step would.</summary>
internal sealed class WriteFileStep(string path, string text) : IRootfsStep
{
    public string Description => "write " + path;

    public bool WritesTo(PipelineRootfs rootfs) => true;

    /// <summary>The rootfs the step was given.</summary>
    public PipelineRootfs? Seen { get; private set; }

    public async Task<FileTree> RunAsync(PipelineRootfs rootfs, CancellationToken cancellationToken)
    {
        Seen = rootfs;
        string file = Path.Combine(rootfs.Directory, path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, text, cancellationToken);
        return OverlaidDirectoryReader.Read(rootfs.Directory, out _);
    }
}

/// <summary>A step that only looks at the rootfs.</summary>
internal sealed class LookStep : IRootfsStep
{
    public string Description => "look";

    public bool WritesTo(PipelineRootfs rootfs) => false;

    public PipelineRootfs? Seen { get; private set; }

    public Task<FileTree> RunAsync(PipelineRootfs rootfs, CancellationToken cancellationToken)
    {
        Seen = rootfs;
        return Task.FromResult(rootfs.Model);
    }
}
