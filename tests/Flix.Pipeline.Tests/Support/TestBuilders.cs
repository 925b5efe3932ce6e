using Flix.Core.Tree;
using Flix.Pipeline.Builders;
using Flix.Pipeline.Rootfs;

namespace Flix.Pipeline.Tests.Support;

/// <summary>A builder that ships one file and says what the test tells it to (units, an architecture), or fails.</summary>
internal sealed class FakeBuilder : IExtensionBuilder
{
    public bool HasUnits { get; init; }

    public string? Architecture { get; init; }

    public Exception? Failure { get; init; }

    public PipelineRootfs? Seen { get; private set; }

    public string Name => "fake";

    public Task<ExtensionBuild> BuildAsync(PipelineRootfs rootfs, CancellationToken cancellationToken)
    {
        Seen = rootfs;
        if (Failure is not null)
        {
            throw Failure;
        }

        var tree = new FileTree();
        tree.Add("usr/share/fake/README", TreeNode.CreateFile(MemoryFileContent.FromText("fake\n")));
        return Task.FromResult(new ExtensionBuild { Tree = tree, HasUnits = HasUnits, Architecture = Architecture, Warnings = ["a warning of the builder"] });
    }
}
