// The long scenario classes start first (LongRunningFirstOrderer): one of them started last ran on alone for minutes.
[assembly: TestCollectionOrderer(LongRunningFirstOrderer.TypeName, LongRunningFirstOrderer.AssemblyName)]
