using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Fixtures;

namespace Flix.IntegrationTests.Tests;

/// <summary>Extensions packed by the flix CLI, merged for real.</summary>
[Collection(IntegrationCollection.Name)]
[Trait("Builder", "flix-pack")]
public sealed class FlixCliSysextMergeTests : SysextMergeTests
{
    protected override IImageBuilder Builder { get; } = new FlixCliBuilder();
}
