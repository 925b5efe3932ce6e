namespace Flix.Oci.Tests.Registry;

/// <summary>The registry tests share one <see cref="SampleRegistry"/> and run one after another (some time their retries).</summary>
[CollectionDefinition(Name)]
public sealed class SampleRegistryCollection : ICollectionFixture<SampleRegistry>
{
    public const string Name = "registry";
}
