namespace Seamless.Core.ScaleIn;

/// <summary>
/// What ARM and Azure Monitor show about draining an instance of the plan. App Service picks the instance it
/// removes, stops routing new requests to it and lets it drain (about 90 s); requests still running then
/// fail, and sessions pinned to it by ARR affinity lose their server-side state. Seamless cannot see
/// sessions or single requests, so it reads the evidence the platform offers: each site's
/// <c>clientAffinityEnabled</c>, its <c>Requests</c> over the session idle time, the longest
/// <c>HttpResponseTime</c> and the <c>RequestsInApplicationQueue</c>. A null figure means Azure did not
/// answer (no data, no scale-in).
/// </summary>
/// <param name="Sites">Every site on the plan (slots included as their own entries when read).</param>
/// <param name="Lookback">How far back the request counts reach (at least the policy's session idle time).</param>
public sealed record DrainFacts(IReadOnlyList<SiteDrainFacts> Sites, TimeSpan Lookback);

/// <summary>Drain evidence of one site.</summary>
/// <param name="Site">The site name.</param>
/// <param name="AffinityEnabled">The site's <c>clientAffinityEnabled</c>; null if ARM did not say.</param>
/// <param name="Requests">Requests over <see cref="DrainFacts.Lookback"/>; null if Azure Monitor had no data.</param>
/// <param name="LongestRequestSeconds">
/// The longest response time Azure Monitor shows over the window (Maximum aggregation, or the highest per-minute
/// Average when Maximum is not offered); null when there were requests but no response-time data.
/// </param>
/// <param name="ApplicationQueue">The highest per-minute <c>RequestsInApplicationQueue</c> over the window; null without data.</param>
public sealed record SiteDrainFacts(string Site, bool? AffinityEnabled, double? Requests, double? LongestRequestSeconds, double? ApplicationQueue);
