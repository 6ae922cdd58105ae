using System.Text.Json.Serialization;

namespace Seamless.Core.Upgrade;

/// <summary>
/// What a release may have changed on the site, recorded as facts before each write is sent (a write whose call failed
/// may still have landed). The one record that decides what a restore undoes (<see cref="UpgradeUndo"/>) and whether a
/// failure changed anything at all.
/// </summary>
public sealed record SiteChanges
{
    /// <summary>Nothing sent yet.</summary>
    public static SiteChanges None { get; } = new();

    /// <summary>Gets a value indicating whether any write to the site was sent (until then a failure is a refusal, not a rollback).</summary>
    public bool Written { get; init; }

    /// <summary>Gets the highest share of production traffic that may be routed to the source slot now.</summary>
    public double Routing { get; init; }

    /// <summary>Gets a value indicating whether the swap with preview's phase 1 (target's settings on the source) may be in force.</summary>
    public bool PreviewApplied { get; init; }

    /// <summary>Gets a value indicating whether the swap was sent and whether it landed is not known.</summary>
    public bool SwapUnconfirmed { get; init; }

    /// <summary>Gets a value indicating whether the swap is known to have landed (the previous build is in the source slot).</summary>
    public bool Swapped { get; init; }

    /// <summary>Gets production's last swap before ours: a newer one means ours landed.</summary>
    public DateTimeOffset? LastSwapBefore { get; init; }

    /// <summary>Gets when our swap landed (what a swap back expects as production's last swap).</summary>
    public DateTimeOffset? SwappedAt { get; init; }

    /// <summary>Routing set (recorded before the call, at the higher of the current and the new share).</summary>
    public SiteChanges WithRouting(double percentage) => this with { Written = true, Routing = Math.Max(Routing, percentage) };

    /// <summary>Routing confirmed at <paramref name="percentage"/>.</summary>
    public SiteChanges RoutedAt(double percentage) => this with { Routing = percentage };

    /// <summary>Phase 1 about to be applied.</summary>
    public SiteChanges WithPreview() => this with { Written = true, PreviewApplied = true };

    /// <summary>The swap about to be sent.</summary>
    public SiteChanges WithSwapSent(DateTimeOffset? lastSwapBefore) => this with { Written = true, SwapUnconfirmed = true, LastSwapBefore = lastSwapBefore };

    /// <summary>The swap landed: the preview was consumed by it.</summary>
    public SiteChanges WithSwapLanded(DateTimeOffset? at) => this with { SwapUnconfirmed = false, Swapped = true, SwappedAt = at, PreviewApplied = false };

    /// <summary>The swap is known not to have landed.</summary>
    public SiteChanges WithSwapNotLanded() => this with { SwapUnconfirmed = false };

    /// <summary>The previous build serves production again.</summary>
    public SiteChanges WithSwappedBack() => this with { Swapped = false, SwappedAt = null };

    /// <summary>The preview was reset.</summary>
    public SiteChanges WithPreviewReset() => this with { PreviewApplied = false };

    /// <summary>A stale preview left by an earlier release is about to be reset (a write, nothing of ours to undo).</summary>
    public SiteChanges WithStalePreviewReset() => this with { Written = true };
}

/// <summary>One step of restoring the site.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<UndoStep>))]
public enum UndoStep
{
    /// <summary>Route all production traffic back to production.</summary>
    RoutingOff,

    /// <summary>Read production's last swap to learn whether a swap whose call failed landed.</summary>
    CheckSwapLanded,

    /// <summary>Warm the previous build in the source slot and swap it back.</summary>
    SwapBack,

    /// <summary>Cancel the swap with preview (the source gets its own settings back).</summary>
    ResetPreview,
}

/// <summary>The restore, as data: the next step follows from what may have changed, until nothing is left.</summary>
public static class UpgradeUndo
{
    /// <summary>The next restore step, or null when the site is as it was.</summary>
    public static UndoStep? Next(SiteChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        return changes switch
        {
            { Routing: > 0 } => UndoStep.RoutingOff,
            { SwapUnconfirmed: true } => UndoStep.CheckSwapLanded,
            { Swapped: true } => UndoStep.SwapBack,
            { PreviewApplied: true } => UndoStep.ResetPreview,
            _ => null,
        };
    }

    /// <summary>Every step a restore would take, assuming an unconfirmed swap landed (for messages and tests).</summary>
    public static IReadOnlyList<UndoStep> Plan(SiteChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var steps = new List<UndoStep>();
        for (var step = Next(changes); step is not null; step = Next(changes))
        {
            steps.Add(step.Value);
            changes = step switch
            {
                UndoStep.RoutingOff => changes.RoutedAt(0),
                UndoStep.CheckSwapLanded => changes.WithSwapLanded(null),
                UndoStep.SwapBack => changes.WithSwappedBack(),
                _ => changes.WithPreviewReset(),
            };
        }

        return steps;
    }
}
