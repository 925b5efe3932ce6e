using Flix.IntegrationTests.Builders;
using Flix.IntegrationTests.Fixtures;

namespace Flix.IntegrationTests.Tests;

/// <summary>The corner-case tree written by Flix's SquashFsWriter in process, judged by the same oracles.</summary>
[Collection(IntegrationCollection.Name)]
[Trait("Builder", "flix-writer")]
public sealed class FlixWriterImageTests(IntegrationEnvironment environment) : ImageOracleTests(environment)
{
    protected override IImageBuilder Builder { get; } = new FlixWriterBuilder();
}
