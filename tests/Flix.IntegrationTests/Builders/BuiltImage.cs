using Flix.IntegrationTests.Oracles;
using Flix.TestSupport.Oci;

namespace Flix.IntegrationTests.Builders;

/// <summary>An image on disk and how it is expected to differ from its source.</summary>
public sealed record BuiltImage(string ImagePath, ImageExpectation Expectation);
