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
