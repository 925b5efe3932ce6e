using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Fixtures;

namespace Flix.IntegrationTests.Tests;

/// <summary>The corner-case tree packed by the flix CLI, judged by the same oracles as mksquashfs.</summary>
[Collection(IntegrationCollection.Name)]
[Trait("Builder", "flix-pack")]
public sealed class FlixCliImageTests(IntegrationEnvironment environment) : ImageOracleTests(environment)
{
    protected override IImageBuilder Builder { get; } = new FlixCliBuilder();
}
