using System.Text.RegularExpressions;

namespace Seamless.Core.Resources;

/// <summary>
/// A parsed, validated ARM resource id of the kinds Seamless manages: an App Service site
/// (optionally a slot) or an App Service plan. Comparison is case-insensitive, as in ARM.
/// </summary>
public sealed partial record AzureResourceId
{
    /// <summary>The provider type of App Service sites.</summary>
    public const string SiteType = "Microsoft.Web/sites";

    /// <summary>The provider type of App Service plans.</summary>
    public const string PlanType = "Microsoft.Web/serverfarms";

    private AzureResourceId(string subscriptionId, string resourceGroup, string type, string name, string? slot)
    {
        SubscriptionId = subscriptionId;
        ResourceGroup = resourceGroup;
        Type = type;
        Name = name;
        Slot = slot;
    }

    /// <summary>Gets the subscription id.</summary>
    public string SubscriptionId { get; }

    /// <summary>Gets the resource group name.</summary>
    public string ResourceGroup { get; }

    /// <summary>Gets the provider type (<see cref="SiteType"/> or <see cref="PlanType"/>).</summary>
    public string Type { get; }

    /// <summary>Gets the resource name.</summary>
    public string Name { get; }

    /// <summary>Gets the slot name for a slot id, otherwise null.</summary>
    public string? Slot { get; }

    /// <summary>Gets a value indicating whether this is a site or slot.</summary>
    public bool IsSite => Type == SiteType;

    /// <summary>Gets a value indicating whether this is a plan.</summary>
    public bool IsPlan => Type == PlanType;

    /// <summary>Gets the id of the site itself (without the slot segment).</summary>
    public AzureResourceId Site => Slot is null ? this : new AzureResourceId(SubscriptionId, ResourceGroup, Type, Name, null);

    /// <summary>Parses and validates an id; returns null and a reason when invalid.</summary>
    public static AzureResourceId? TryParse(string? value, out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "The resource id is empty.";
            return null;
        }

        if (value.Length > 1024)
        {
            error = "The resource id is longer than 1024 characters.";
            return null;
        }

        var m = IdPattern().Match(value);
        if (!m.Success)
        {
            error = "Expected /subscriptions/{guid}/resourceGroups/{rg}/providers/Microsoft.Web/sites/{name}[/slots/{slot}] or .../Microsoft.Web/serverfarms/{name}.";
            return null;
        }

        string type = m.Groups["kind"].Value.Equals("sites", StringComparison.OrdinalIgnoreCase) ? SiteType : PlanType;
        string? slot = m.Groups["slot"].Success ? m.Groups["slot"].Value : null;
        if (slot is not null && type == PlanType)
        {
            error = "App Service plans have no slots.";
            return null;
        }

        return new AzureResourceId(m.Groups["sub"].Value.ToLowerInvariant(), m.Groups["rg"].Value, type, m.Groups["name"].Value, slot);
    }

    /// <summary>Parses an id or throws <see cref="FormatException"/>.</summary>
    public static AzureResourceId Parse(string value) =>
        TryParse(value, out string? error) ?? throw new FormatException(error);

    /// <summary>Returns the id of slot <paramref name="slot"/> of this site ("production" gives the site).</summary>
    public AzureResourceId WithSlot(string? slot)
    {
        if (!IsSite)
        {
            throw new InvalidOperationException("Only sites have slots.");
        }

        return new AzureResourceId(SubscriptionId, ResourceGroup, Type, Name, SlotNames.IsProduction(slot) ? null : slot);
    }

    /// <inheritdoc/>
    public bool Equals(AzureResourceId? other) =>
        other is not null && string.Equals(ToString(), other.ToString(), StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(ToString());

    /// <summary>Returns the canonical id string.</summary>
    public override string ToString() =>
        $"/subscriptions/{SubscriptionId}/resourceGroups/{ResourceGroup}/providers/{Type}/{Name}" + (Slot is null ? string.Empty : $"/slots/{Slot}");

    // Names: ARM resource-group names are 1-90 of [-\w._()], site/plan names 1-60 of [-\w], slot names 1-59 of [-\w].
    [GeneratedRegex(
        @"^/subscriptions/(?<sub>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/resourceGroups/(?<rg>[-\w._()]{1,90})/providers/Microsoft\.Web/(?<kind>sites|serverfarms)/(?<name>[a-zA-Z0-9][-a-zA-Z0-9]{0,59})(/slots/(?<slot>[a-zA-Z0-9][-a-zA-Z0-9]{0,58}))?\z",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
        matchTimeoutMilliseconds: 100)]
    private static partial Regex IdPattern();
}
