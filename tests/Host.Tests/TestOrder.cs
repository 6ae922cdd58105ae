// The long scenario classes start first (LongRunningFirstOrderer): one of them started last ran on alone for minutes.
[assembly: TestCollectionOrderer(LongRunningFirstOrderer.TypeName, LongRunningFirstOrderer.AssemblyName)]

// The kill scenarios mostly wait (on child processes whose simulated time passes at 120×), so four classes run at once
// rather than one per core: the four long classes no longer queue two by two.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
