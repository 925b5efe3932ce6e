namespace Flix.Recipes.Tests.Archives;

/// <summary>Tests that measure this process's allocations run alone: nothing else allocates meanwhile.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasuringCollection
{
    public const string Name = "Measures memory";
}
