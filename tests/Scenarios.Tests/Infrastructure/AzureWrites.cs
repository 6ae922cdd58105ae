using System.Globalization;

namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>The writes <see cref="FakeAppService"/> records, spelled once so expected lists read like the operations.</summary>
internal static class AzureWrites
{
    /// <summary>Swap with preview phase 1, staging prepared for production.</summary>
    public const string ApplySlotConfig = "applySlotConfig staging→production";

    /// <summary>Swap with preview cancelled on staging.</summary>
    public const string ResetSlotConfig = "resetSlotConfig staging";

    /// <summary>Staging swapped into production (also the swap back: the same operation again).</summary>
    public const string Swap = "swap staging→production";

    /// <summary>Routing rules removed: all production traffic to production.</summary>
    public const string RoutingOff = "setRouting 0 %";

    /// <summary>A share of production traffic routed to staging.</summary>
    public static string Routing(double percentage) => string.Create(CultureInfo.InvariantCulture, $"setRouting staging {percentage} %");

    /// <summary>The plan's instance count set.</summary>
    public static string Capacity(int capacity) => string.Create(CultureInfo.InvariantCulture, $"setCapacity {capacity}");
}
