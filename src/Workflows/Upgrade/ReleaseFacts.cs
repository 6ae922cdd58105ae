using Seamless.Core.Model;
using Seamless.Core.Upgrade;

namespace Seamless.Workflows.Upgrade;

/// <summary>What validation established about the release, read by every later phase.</summary>
/// <param name="PlanId">The plan both slots run on (the capacity lease's).</param>
/// <param name="SourceHost">The source slot's host name (probes).</param>
/// <param name="LastSwapBefore">Production's last swap before the release (a newer one means ours landed).</param>
/// <param name="Build">What the slots were observed to run.</param>
/// <param name="Sticky">The site's slot (sticky) setting names.</param>
internal sealed record ReleaseFacts(string PlanId, string SourceHost, DateTimeOffset? LastSwapBefore, BuildIdentityVerdict Build, SlotConfigNames Sticky);
