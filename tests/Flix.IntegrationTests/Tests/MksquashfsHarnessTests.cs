using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Fixtures;

namespace Flix.IntegrationTests.Tests;

/// <summary>The harness proven on images from squashfs-tools' mksquashfs: every oracle must accept them.</summary>
[Collection(IntegrationCollection.Name)]
[Trait("Builder", "mksquashfs")]
public sealed class MksquashfsImageTests(IntegrationEnvironment environment) : ImageOracleTests(environment)
{
    protected override IImageBuilder Builder { get; } = new MksquashfsBuilder();
}

/// <summary>The merge harness proven on sysexts made with mksquashfs and a hand-written extension-release.</summary>
[Collection(IntegrationCollection.Name)]
[Trait("Builder", "mksquashfs")]
public sealed class MksquashfsSysextMergeTests : SysextMergeTests
{
    protected override IImageBuilder Builder { get; } = new MksquashfsBuilder();
}
