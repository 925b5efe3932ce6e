// The sandbox tests share a machine-wide fixture cache and two cores: one test at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
