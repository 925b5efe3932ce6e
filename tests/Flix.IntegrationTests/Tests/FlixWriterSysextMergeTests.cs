using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Fixtures;

namespace Flix.IntegrationTests.Tests;

/// <summary>Extensions written by SquashFsWriter (metadata added to the tree model), merged for real.</summary>
[Collection(IntegrationCollection.Name)]
[Trait("Builder", "flix-writer")]
public sealed class FlixWriterSysextMergeTests : SysextMergeTests
{
    protected override IImageBuilder Builder { get; } = new FlixWriterBuilder();
}
