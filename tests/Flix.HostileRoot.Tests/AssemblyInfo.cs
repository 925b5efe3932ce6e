// The corpus cases run whole flix processes under strace and create multi-GiB sparse files: one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
