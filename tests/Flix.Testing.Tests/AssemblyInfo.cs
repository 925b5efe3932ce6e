// Real merges and boots share the host's loop devices and cgroups, and the boots are slow: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
