using System.Text;
using System.Text.Json;

using Seamless.Core.Payloads;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.ScaleIn;

/// <summary>
/// The scale-in (and alert scale-out) policy of a plan. Every default is a named constant; the
/// benchmark in docs/benchmarks.md ("What-if") measures these defaults on real traces.
/// </summary>
public sealed record ScaleInPolicy
{
    /// <summary>
    /// CPU % at which the plan counts as needing more instances (the scale-out line; also the
    /// verification revert line). Tuned on the what-if traces (docs/benchmarks.md): with the max over
    /// the window and the margin, scale-in stops at a projected 85 %; the first draft's 70/10 used
    /// 1.3–2.0 × the oracle's instance-hours.
    /// </summary>
    public const double DefaultScaleOutCpu = 95;

    /// <summary>Points (or, for the queue, percent of the line) kept free below every line after a step.</summary>
    public const double DefaultMargin = 10;

    /// <summary>Memory % scale-out line.</summary>
    public const double DefaultScaleOutMemory = 80;

    /// <summary>
    /// HTTP queue length per instance scale-out line. App Service's plan <c>HttpQueueLength</c>
    /// (Average over instances) is ~0 on a healthy plan; a sustained queue of 10 requests per
    /// instance means workers cannot keep up.
    /// </summary>
    public const double DefaultScaleOutQueuePerInstance = 10;

    /// <summary>CPU % the hottest instance may reach after a step (a ceiling, no margin applied; above the plan-average limit, since one instance always runs hotter than the mean).</summary>
    public const double DefaultHottestInstanceLimit = 95;

    /// <summary>Fewest instances Seamless scales in to.</summary>
    public const int DefaultMin = 2;

    /// <summary>
    /// Most instances Seamless scales a plan to (the learned headroom and the alert fast path alike), unless the operator
    /// sets a lower cap: App Service's largest plan (Isolated, 100 instances), so by default the plan's own maximum
    /// (<c>maximumNumberOfWorkers</c>: Premium v3 30, Standard 10) is the cap. At 30, the default until stop 65, a plan
    /// that may grow past 30 instances was held at 30 whatever its demand.
    /// </summary>
    public const int DefaultMax = 100;

    /// <summary>Fewest instances of a zone-redundant plan (the platform enforces 2; 3 keeps one per zone).</summary>
    public const int DefaultZoneRedundantMinimum = 3;

    /// <summary>The platform's own minimum for zone-redundant plans (azure-rest §6.8).</summary>
    public const int PlatformZoneRedundantMinimum = 2;

    /// <summary>Window of per-minute samples the evaluator stabilises over (minutes).</summary>
    public const int DefaultWindowMinutes = 10;

    /// <summary>HPA-style tolerance: no scale-in while the stabilised load is within 5 % of its limit (HPA uses 10 % around its target; the limit already carries the margin).</summary>
    public const double DefaultTolerance = 0.05;

    /// <summary>Minutes since the last capacity change (by anyone) before a scale-in (Azure autoscale's example cooldown).</summary>
    public const int DefaultCooldownMinutes = 5;

    /// <summary>Instances that may be removed per rate-limit period (one step of up to <see cref="DefaultMaxStep"/>).</summary>
    public const int DefaultRateLimitInstances = 3;

    /// <summary>Rate-limit period (minutes).</summary>
    public const int DefaultRateLimitPeriodMinutes = 5;

    /// <summary>Most instances removed in one step; the projection picks the largest safe k, so large plans shed load as fast as small ones.</summary>
    public const int DefaultMaxStep = 3;

    /// <summary>Seasonal look-ahead (minutes) at the same time yesterday and a week ago: long enough to cover an alert plus provisioning, so a known ramp is never met with fewer instances.</summary>
    public const int DefaultSeasonalHorizonMinutes = 20;

    /// <summary>Verification window after a step (minutes; used by the orchestrator).</summary>
    public const int DefaultVerifyWindowMinutes = 5;

    /// <summary>Largest tolerated rise of the 5xx rate during verification (percentage points).</summary>
    public const double DefaultVerifyMax5xxIncreasePoints = 0.5;

    /// <summary>Largest tolerated relative rise of latency during verification (percent).</summary>
    public const double DefaultVerifyMaxLatencyIncreasePercent = 20;

    /// <summary>A latency rise smaller than this (ms) is noise, whatever its relative size.</summary>
    public const double DefaultVerifyMinLatencyIncreaseMs = 50;

    /// <summary>Alert fast path: grow by this percent of the current capacity (at least <see cref="DefaultScaleOutMinStep"/>).</summary>
    public const double DefaultScaleOutPercent = 25;

    /// <summary>Alert fast path: smallest scale-out step.</summary>
    public const int DefaultScaleOutMinStep = 1;

    /// <summary>How long a Fired capacity alert vetoes scale-in unless Resolved earlier (minutes); each Fired renews it.</summary>
    public const int DefaultAlertVetoMinutes = 5;

    /// <summary>Alert fast path: minutes after a scale-out during which further Fired alerts only renew the veto (the new instances are still starting; App Service adds instances in a few minutes).</summary>
    public const int DefaultScaleOutSettleMinutes = 4;

    /// <summary>How long a reverted (harmful) step vetoes further scale-in (minutes).</summary>
    public const int DefaultRevertVetoMinutes = 30;

    /// <summary>
    /// Alert fast path: most Seamless scale-outs of one plan in any hour. Alerts are deliveries, not
    /// evidence: a leaked alert key or a flapping rule must not walk a plan to its cap one alert id at a time.
    /// </summary>
    public const int DefaultScaleOutMaxPerHour = 2;

    /// <summary>Share of minutes users may feel (overloaded) that the learned headroom promises to keep, percent.</summary>
    public const double DefaultOverloadBudgetPercent = 0.1;

    /// <summary>Minutes from a scale-out until App Service's new instances serve (the headroom must cover the rise meanwhile).</summary>
    public const int DefaultProvisioningDelayMinutes = 3;

    /// <summary>
    /// Days of history the learned headroom is scored on (a week more is read for the seasonal term). Four: with three, a
    /// burst that does not recur left the window after three days and the headroom it had kept went with it (the
    /// random-spikes shape overloaded 0.139 % of minutes, 0.099 % with four); five cost more on every trace and kept no more.
    /// </summary>
    public const int DefaultLearningWindowDays = 4;

    /// <summary>Gets how the CPU headroom is decided: learned from the plan's history (default) or the fixed CPU line.</summary>
    public HeadroomMode Headroom { get; init; } = HeadroomMode.Learned;

    /// <summary>Gets the overload budget the learned headroom keeps (percent of minutes).</summary>
    public double OverloadBudgetPercent { get; init; } = DefaultOverloadBudgetPercent;

    /// <summary>Gets the platform's provisioning delay.</summary>
    public TimeSpan ProvisioningDelay { get; init; } = TimeSpan.FromMinutes(DefaultProvisioningDelayMinutes);

    /// <summary>Gets the history the learned headroom is scored on.</summary>
    public TimeSpan LearningWindow { get; init; } = TimeSpan.FromDays(DefaultLearningWindowDays);

    /// <summary>
    /// Gets a value indicating whether Seamless holds the plan minimum its learnings name where the promise broke on
    /// bursts no headroom carries in time (<see cref="Headroom.PromiseFloor"/>): the promise is paid for on such a plan
    /// instead of the operator setting that minimum by hand. On by default (<see cref="DefaultHoldMinimumToKeepBudget"/>):
    /// on 28 real traces outside the repository it kept the promise on 27 where 22 kept it without, and cost up to 37 %
    /// more (90 % on one) on seven whose promise held overall; the public traces, their variants and the shapes do not
    /// change (docs/benchmarks.md). A plan that would rather pay less than keep its promise turns it off.
    /// </summary>
    public bool HoldMinimumToKeepBudget { get; init; } = DefaultHoldMinimumToKeepBudget;

    /// <summary>Seconds App Service lets a removed instance drain before requests still running on it fail (anchors: about 90 s).</summary>
    public const int DefaultPlatformDrainSeconds = 90;

    /// <summary>Seconds kept between the longest observed request and the drain time (a request that long may start just before the drain).</summary>
    public const int DefaultDrainMarginSeconds = 15;

    /// <summary>Minutes a session lives after its last request (ASP.NET Core session <c>IdleTimeout</c> default): a site with affinity and requests within this time has sessions.</summary>
    public const int DefaultSessionIdleMinutes = 20;

    /// <summary>Whether a scale-in may lose sessions pinned by ARR affinity: no, users would notice.</summary>
    public const bool DefaultAcceptSessionLoss = false;

    /// <summary>Default <see cref="HoldMinimumToKeepBudget"/>: on.</summary>
    public const bool DefaultHoldMinimumToKeepBudget = true;

    /// <summary>Gets the CPU % scale-out line.</summary>
    public double ScaleOutCpu { get; init; } = DefaultScaleOutCpu;

    /// <summary>Gets the margin kept below every line.</summary>
    public double Margin { get; init; } = DefaultMargin;

    /// <summary>Gets the memory % scale-out line.</summary>
    public double ScaleOutMemory { get; init; } = DefaultScaleOutMemory;

    /// <summary>Gets the HTTP queue length per instance scale-out line.</summary>
    public double ScaleOutQueuePerInstance { get; init; } = DefaultScaleOutQueuePerInstance;

    /// <summary>Gets the CPU % ceiling of the hottest instance after a step.</summary>
    public double HottestInstanceLimit { get; init; } = DefaultHottestInstanceLimit;

    /// <summary>Gets the fewest instances.</summary>
    public int Min { get; init; } = DefaultMin;

    /// <summary>Gets the most instances Seamless scales to (the plan's MaxWorkers also caps).</summary>
    public int Max { get; init; } = DefaultMax;

    /// <summary>Gets the fewest instances of a zone-redundant plan.</summary>
    public int ZoneRedundantMinimum { get; init; } = DefaultZoneRedundantMinimum;

    /// <summary>Gets the stabilisation window (whole minutes).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(DefaultWindowMinutes);

    /// <summary>Gets the dead-band tolerance (fraction, 0.1 = 10 %).</summary>
    public double Tolerance { get; init; } = DefaultTolerance;

    /// <summary>Gets the cooldown after any capacity change.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(DefaultCooldownMinutes);

    /// <summary>Gets the instances that may be removed per period.</summary>
    public int RateLimitInstances { get; init; } = DefaultRateLimitInstances;

    /// <summary>Gets the rate-limit period.</summary>
    public TimeSpan RateLimitPeriod { get; init; } = TimeSpan.FromMinutes(DefaultRateLimitPeriodMinutes);

    /// <summary>Gets the most instances removed in one step.</summary>
    public int MaxStep { get; init; } = DefaultMaxStep;

    /// <summary>Gets the seasonal look-ahead of the fixed seasonal guard (with learned headroom the learner's seasonal term decides).</summary>
    public TimeSpan SeasonalHorizon { get; init; } = TimeSpan.FromMinutes(DefaultSeasonalHorizonMinutes);

    /// <summary>Gets what the fixed seasonal guard does without history (with learned headroom the learner's seasonal term decides).</summary>
    public MissingSeasonalDataBehaviour MissingSeasonalData { get; init; } = MissingSeasonalDataBehaviour.Skip;

    /// <summary>Gets the verification window after a step.</summary>
    public TimeSpan VerifyWindow { get; init; } = TimeSpan.FromMinutes(DefaultVerifyWindowMinutes);

    /// <summary>Gets the largest tolerated 5xx-rate rise (percentage points).</summary>
    public double VerifyMax5xxIncreasePoints { get; init; } = DefaultVerifyMax5xxIncreasePoints;

    /// <summary>Gets the largest tolerated relative latency rise (percent).</summary>
    public double VerifyMaxLatencyIncreasePercent { get; init; } = DefaultVerifyMaxLatencyIncreasePercent;

    /// <summary>Gets the smallest latency rise (ms) that counts.</summary>
    public double VerifyMinLatencyIncreaseMs { get; init; } = DefaultVerifyMinLatencyIncreaseMs;

    /// <summary>Gets the alert scale-out step in percent of capacity.</summary>
    public double ScaleOutPercent { get; init; } = DefaultScaleOutPercent;

    /// <summary>Gets the smallest alert scale-out step.</summary>
    public int ScaleOutMinStep { get; init; } = DefaultScaleOutMinStep;

    /// <summary>Gets how long a Fired capacity alert vetoes scale-in.</summary>
    public TimeSpan AlertVeto { get; init; } = TimeSpan.FromMinutes(DefaultAlertVetoMinutes);

    /// <summary>Gets how long after a scale-out further Fired alerts only renew the veto instead of stepping again.</summary>
    public TimeSpan ScaleOutSettle { get; init; } = TimeSpan.FromMinutes(DefaultScaleOutSettleMinutes);

    /// <summary>Gets how long a reverted step vetoes scale-in.</summary>
    public TimeSpan RevertVeto { get; init; } = TimeSpan.FromMinutes(DefaultRevertVetoMinutes);

    /// <summary>Gets the most alert-driven scale-outs of one plan in any hour.</summary>
    public int ScaleOutMaxPerHour { get; init; } = DefaultScaleOutMaxPerHour;

    /// <summary>Gets how long the platform drains a removed instance.</summary>
    public TimeSpan PlatformDrain { get; init; } = TimeSpan.FromSeconds(DefaultPlatformDrainSeconds);

    /// <summary>Gets the margin kept between the longest observed request and the drain.</summary>
    public TimeSpan DrainMargin { get; init; } = TimeSpan.FromSeconds(DefaultDrainMarginSeconds);

    /// <summary>Gets how long a session lives after its last request.</summary>
    public TimeSpan SessionIdle { get; init; } = TimeSpan.FromMinutes(DefaultSessionIdleMinutes);

    /// <summary>Gets a value indicating whether scale-in may lose ARR-affinity sessions.</summary>
    public bool AcceptSessionLoss { get; init; } = DefaultAcceptSessionLoss;

    /// <summary>Gets the policy with every default.</summary>
    public static ScaleInPolicy Default { get; } = new();

    /// <summary>
    /// Gets the CPU % limit after a step: the line minus the margin; with learned headroom 100 (the learned headroom
    /// decides how much CPU to keep free, the projection only that the step fits at all).
    /// </summary>
    public double CpuLimit => Headroom == HeadroomMode.Learned ? 100 : ScaleOutCpu - Margin;

    /// <summary>Gets the memory % limit after a step: the line minus the margin.</summary>
    public double MemoryLimit => ScaleOutMemory - Margin;

    /// <summary>Gets the queue-per-instance limit after a step: the line less <see cref="Margin"/> percent of it.</summary>
    public double QueuePerInstanceLimit => ScaleOutQueuePerInstance * (100 - Margin) / 100;

    /// <summary>Gets the window in whole minutes.</summary>
    public int WindowMinutes => (int)Window.TotalMinutes;

    /// <summary>Returns the fewest instances for a plan: the policy minimum, or for zone-redundant plans the larger of it and the zone minimum (never below the platform's 2).</summary>
    /// <param name="zoneRedundant">Whether the plan is zone-redundant.</param>
    /// <returns>The floor.</returns>
    public int FloorFor(bool zoneRedundant) =>
        zoneRedundant ? Math.Max(Min, Math.Max(PlatformZoneRedundantMinimum, ZoneRedundantMinimum)) : Min;

    /// <summary>Checks every field; an empty list means the policy is usable.</summary>
    /// <returns>The invalid fields.</returns>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        void Check(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add(new FieldError(field, message));
            }
        }

        Check(ScaleOutCpu is > 0 and <= 100, "scaleOutCpu", "must be in (0, 100] percent.");
        Check(ScaleOutMemory is > 0 and <= 100, "scaleOutMemory", "must be in (0, 100] percent.");
        Check(Margin >= 0 && Margin < ScaleOutCpu && Margin < ScaleOutMemory && Margin < 100, "margin", "must be ≥ 0 and below every line.");
        Check(ScaleOutQueuePerInstance > 0, "scaleOutQueuePerInstance", "must be > 0.");
        Check(HottestInstanceLimit is > 0 and <= 100, "hottestInstanceLimit", "must be in (0, 100] percent.");
        Check(Min >= 1, "min", "must be ≥ 1.");
        Check(Max >= Min, "max", "must be ≥ min.");
        Check(ZoneRedundantMinimum >= PlatformZoneRedundantMinimum, "zoneRedundantMinimum", "must be ≥ 2 (the platform's minimum for zone-redundant plans).");
        Check(IsWholeMinutes(Window) && Window >= TimeSpan.FromMinutes(1) && Window <= TimeSpan.FromHours(1), "window", "must be whole minutes between 1 and 60.");
        Check(Tolerance is >= 0 and < 1, "tolerance", "must be in [0, 1).");
        Check(Cooldown >= TimeSpan.Zero, "cooldown", "must not be negative.");
        Check(RateLimitInstances >= 1, "rateLimitInstances", "must be ≥ 1.");
        Check(RateLimitPeriod > TimeSpan.Zero, "rateLimitPeriod", "must be positive.");
        Check(MaxStep >= 1, "maxStep", "must be ≥ 1.");
        Check(SeasonalHorizon >= TimeSpan.Zero && SeasonalHorizon < TimeSpan.FromDays(1), "seasonalHorizon", "must be in [0, 1 day).");
        Check(Enum.IsDefined(MissingSeasonalData), "missingSeasonalData", "must be Skip or Hold.");
        Check(VerifyWindow > TimeSpan.Zero, "verifyWindow", "must be positive.");
        Check(VerifyMax5xxIncreasePoints >= 0, "verifyMax5xxIncreasePoints", "must be ≥ 0.");
        Check(VerifyMaxLatencyIncreasePercent >= 0, "verifyMaxLatencyIncreasePercent", "must be ≥ 0.");
        Check(VerifyMinLatencyIncreaseMs >= 0, "verifyMinLatencyIncreaseMs", "must be ≥ 0.");
        Check(ScaleOutPercent > 0, "scaleOutPercent", "must be > 0.");
        Check(ScaleOutMinStep >= 1, "scaleOutMinStep", "must be ≥ 1.");
        Check(AlertVeto >= TimeSpan.Zero, "alertVeto", "must not be negative.");
        Check(ScaleOutSettle >= TimeSpan.Zero, "scaleOutSettle", "must not be negative.");
        Check(RevertVeto >= TimeSpan.Zero, "revertVeto", "must not be negative.");
        Check(ScaleOutMaxPerHour >= 1, "scaleOutMaxPerHour", "must be ≥ 1.");
        Check(Enum.IsDefined(Headroom), "headroom", "must be Learned or Fixed.");
        Check(OverloadBudgetPercent is > 0 and < 100, "overloadBudgetPercent", "must be in (0, 100) percent.");
        Check(IsWholeMinutes(ProvisioningDelay) && ProvisioningDelay >= TimeSpan.Zero && ProvisioningDelay <= TimeSpan.FromHours(1), "provisioningDelay", "must be whole minutes between 0 and 60.");
        Check(IsWholeMinutes(LearningWindow) && LearningWindow >= TimeSpan.FromHours(1) && LearningWindow <= TimeSpan.FromDays(14), "learningWindow", "must be whole minutes between 1 hour and 14 days.");

        Check(PlatformDrain > TimeSpan.Zero && PlatformDrain <= TimeSpan.FromHours(1), "platformDrain", "must be positive and at most an hour.");
        Check(DrainMargin >= TimeSpan.Zero && DrainMargin < PlatformDrain, "drainMargin", "must be ≥ 0 and below platformDrain.");
        Check(SessionIdle > TimeSpan.Zero && SessionIdle <= TimeSpan.FromDays(1), "sessionIdle", "must be positive and at most a day.");
        return errors;
    }

    /// <summary>
    /// Reads a policy from JSON (camelCase; TimeSpans as "hh:mm:ss"; comments and trailing commas
    /// allowed; unknown fields refused so typos surface). Missing fields keep their defaults.
    /// Call <see cref="Validate"/> on the result.
    /// </summary>
    /// <param name="json">The JSON text, e.g. the content of <c>--policy FILE</c>.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="JsonException">
    /// The text is not a JSON policy object; the message says where and why in the file's own terms (the line, the field
    /// and what it takes), never the .NET type a value failed to convert to.
    /// </exception>
    public static ScaleInPolicy FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var options = ScaleInJson.PolicyFileOptions;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            // Where the reader stopped, counted from 1, and the text from there: a position the file's author can find.
            var line = (int)(ex.LineNumber ?? 0);
            var at = (int)(ex.BytePositionInLine ?? 0);
            throw new JsonException($"not valid JSON at line {line + 1}, byte {at + 1}{Near(json, line, at)}.", ex.Path, ex.LineNumber, ex.BytePositionInLine, ex);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"a policy is a JSON object of the fields to change, e.g. {{\"overloadBudgetPercent\": 0.1}}, not {Article(root.ValueKind)}.");
        }

        // The fields a file can set. A figure derived from them (cpuLimit, windowMinutes) is in the policy's JSON too, but the
        // serializer would read it and drop it without a word.
        var properties = options.GetTypeInfo(typeof(ScaleInPolicy)).Properties;
        var fields = properties.Where(p => p.Set is not null).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        var derived = properties.Where(p => p.Set is null).ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var property in root.EnumerateObject())
        {
            if (derived.ContainsKey(property.Name))
            {
                continue;
            }

            if (!fields.TryGetValue(property.Name, out var field))
            {
                throw new JsonException(NearestName.Of(property.Name, fields.Keys) is { } nearest
                    ? $"'{property.Name}' is not a policy field; did you mean '{nearest}'?"
                    : $"'{property.Name}' is not a policy field (the fields: {string.Join(", ", fields.Keys.Order(StringComparer.Ordinal))}).");
            }

            try
            {
                property.Value.Deserialize(field.PropertyType, options);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
            {
                throw new JsonException($"'{field.Name}' takes {ValueDescription.Of(field.PropertyType, json: true)}, not {Quoted(property.Value)}.", "$." + field.Name, null, null, ex);
            }
        }

        var policy = root.Deserialize<ScaleInPolicy>(options) ?? throw new JsonException("The policy JSON is null.");
        // A derived figure may stand in the file (ToJson writes them, so a policy read back must be accepted) but only with
        // the value the other fields give it: a different one is a setting the file cannot make.
        foreach (var property in root.EnumerateObject())
        {
            if (!derived.TryGetValue(property.Name, out var figure))
            {
                continue;
            }

            var actual = JsonSerializer.SerializeToElement(figure.Get!(policy), figure.PropertyType, options);
            if (!Same(property.Value, actual))
            {
                throw new JsonException($"'{figure.Name}' is derived from the policy's other fields ({actual.GetRawText()} with these) and cannot be set; set the fields it is derived from.", "$." + figure.Name, null, null);
            }
        }

        return policy;

        static bool Same(JsonElement stated, JsonElement actual) =>
            stated.ValueKind == JsonValueKind.Number && actual.ValueKind == JsonValueKind.Number
                ? Math.Abs(stated.GetDouble() - actual.GetDouble()) < 1e-9
                : stated.GetRawText() == actual.GetRawText();

        // Up to 20 bytes of the line from the reader's position, control characters shown escaped.
        static string Near(string text, int line, int at)
        {
            var lines = text.Split('\n');
            var bytes = line < lines.Length ? Encoding.UTF8.GetBytes(lines[line].TrimEnd('\r')) : [];
            return at < bytes.Length ? $", at '{UntrustedText.Escape(Encoding.UTF8.GetString(bytes, at, Math.Min(20, bytes.Length - at)), 20)}'" : string.Empty;
        }

        static string Article(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };

        // A value quoted back in the message, shortened where a file holds something long there.
        static string Quoted(JsonElement value) => value.GetRawText() is { Length: > 40 } raw ? raw[..40] + "…" : value.GetRawText();
    }

    /// <summary>Writes the policy as indented JSON that <see cref="FromJson"/> reads back.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, ScaleInJson.IndentedOptions);

    private static bool IsWholeMinutes(TimeSpan value) => value.Ticks % TimeSpan.TicksPerMinute == 0;
}
