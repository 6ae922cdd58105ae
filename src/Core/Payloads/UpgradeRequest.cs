using Seamless.Core.Upgrade;

namespace Seamless.Core.Payloads;

/// <summary>A validated <c>POST /api/upgrades</c> body.</summary>
/// <param name="Site">The site resource id (canonical).</param>
/// <param name="SourceSlot">The slot holding the new build.</param>
/// <param name="TargetSlot">The slot to promote into.</param>
/// <param name="Version">The build id.</param>
/// <param name="Strategy">"swap" or "canary".</param>
/// <param name="Policy">Optional policy overrides.</param>
public sealed record UpgradeRequest(string Site, string SourceSlot, string TargetSlot, string Version, string Strategy, UpgradePolicyOverrides? Policy)
{
    /// <summary>Gets the optional delivery id carried in the body (covered by the webhook signature, unlike a header): CI sets it per run so the same version can be released again.</summary>
    public string? DeliveryId { get; init; }
}
