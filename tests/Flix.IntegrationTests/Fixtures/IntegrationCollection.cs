namespace Flix.IntegrationTests.Fixtures;

/// <summary>
/// The one collection of integration tests: they share <see cref="IntegrationEnvironment"/> and run one at a
/// time, because they mount images, use loop devices and load a two-core machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IntegrationCollection : ICollectionFixture<IntegrationEnvironment>
{
    public const string Name = "integration";
}
