using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Fixtures;

namespace Flix.IntegrationTests.Tests;

/// <summary>The merge harness proven on sysexts made with mksquashfs and a hand-written extension-release.</summary>
[Collection(IntegrationCollection.Name)]
[Trait("Builder", "mksquashfs")]
public sealed class MksquashfsSysextMergeTests : SysextMergeTests
{
    protected override IImageBuilder Builder { get; } = new MksquashfsBuilder();
}
