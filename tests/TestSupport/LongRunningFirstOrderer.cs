using Xunit;
using Xunit.Abstractions;

namespace Seamless.TestSupport;

/// <summary>
/// Orders test collections so that those of <see cref="LongRunningAttribute"/> classes start first; the others keep
/// their order. Only the start order changes: collections still run in parallel as before. A project opts in with
/// <c>[assembly: TestCollectionOrderer(LongRunningFirstOrderer.TypeName, LongRunningFirstOrderer.AssemblyName)]</c>.
/// </summary>
public sealed class LongRunningFirstOrderer : ITestCollectionOrderer
{
    /// <summary>The orderer's type name, for the assembly attribute.</summary>
    public const string TypeName = "Seamless.TestSupport.LongRunningFirstOrderer";

    /// <summary>The orderer's assembly name, for the assembly attribute.</summary>
    public const string AssemblyName = "Seamless.TestSupport";

    /// <summary>What xunit 2 names the collection it makes for a class without a [Collection] of its own.</summary>
    private const string PerClassPrefix = "Test collection for ";

    /// <inheritdoc/>
    public IEnumerable<ITestCollection> OrderTestCollections(IEnumerable<ITestCollection> testCollections)
    {
        ArgumentNullException.ThrowIfNull(testCollections);
        return testCollections.OrderBy(c => IsLongRunning(c) ? 0 : 1);
    }

    private static bool IsLongRunning(ITestCollection collection)
    {
        var type = collection.CollectionDefinition
            ?? (collection.DisplayName.StartsWith(PerClassPrefix, StringComparison.Ordinal)
                ? collection.TestAssembly.Assembly.GetType(collection.DisplayName[PerClassPrefix.Length..])
                : null);
        return type?.GetCustomAttributes(typeof(LongRunningAttribute).AssemblyQualifiedName!).Any() == true;
    }
}
