using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Seamless.Core.Time;
using Seamless.Simulator.Faults;
using Seamless.Simulator.Json;
using Seamless.Simulator.Model;

namespace Seamless.Simulator.Http;

/// <summary>Maps every route: ARM/Monitor under <c>/subscriptions</c>, the control API and the data plane under <c>/_sim</c>.</summary>
internal static class SimEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SimulatorState state, SimulatedClock clock)
    {
        app.Map("/subscriptions/{**rest}", (HttpContext ctx) => ArmRouter.HandleAsync(ctx, state));

        app.MapGet("/_sim/state", (HttpContext ctx) => WriteAsync(ctx, 200, state.Snapshot(), SimJsonContext.Default.FleetSnapshot));
        app.MapGet("/_sim/operations", (HttpContext ctx) => WriteAsync(ctx, 200, state.Operations, SimJsonContext.Default.IReadOnlyListSimOperation));
        app.MapGet("/_sim/clock", (HttpContext ctx) => WriteAsync(ctx, 200, Clock(state, clock), SimJsonContext.Default.ClockResponse));
        app.MapPost("/_sim/clock", async (HttpContext ctx) =>
        {
            if (clock is not DrivenClock driven)
            {
                await ErrorAsync(ctx, "The clock runs by itself; only a simulator started with --driven-time is moved by its caller.", 409);
                return;
            }

            if (await ReadAsync(ctx, SimJsonContext.Default.ClockMove) is not { Now: { } now })
            {
                await ErrorAsync(ctx, "Expected { now } (ISO-8601).");
                return;
            }

            driven.AdvanceTo(now);
            await WriteAsync(ctx, 200, Clock(state, clock), SimJsonContext.Default.ClockResponse);
        });
        app.MapGet("/_sim/faults", (HttpContext ctx) => WriteAsync(ctx, 200, state.Faults, SimJsonContext.Default.IReadOnlyListFaultSpec));
        app.MapPost("/_sim/faults", async (HttpContext ctx) =>
        {
            var fault = await ReadAsync(ctx, SimJsonContext.Default.FaultSpec);
            string[] kinds = [FaultSpec.Throttle, FaultSpec.Error500, FaultSpec.Error503, FaultSpec.Delay, FaultSpec.Conflict, FaultSpec.LroFail, FaultSpec.LroDelay, FaultSpec.Hold, FaultSpec.LroHold];
            if (fault is null || !kinds.Contains(fault.Kind, StringComparer.OrdinalIgnoreCase))
            {
                await ErrorAsync(ctx, $"Expected {{ operation, kind: {string.Join('|', kinds)}, target?, count?, probability?, retryAfterSeconds?, delayMs? }}.");
                return;
            }

            state.InjectFault(fault);
            await WriteAsync(ctx, 200, state.Faults, SimJsonContext.Default.IReadOnlyListFaultSpec);
        });
        app.MapDelete("/_sim/faults", (HttpContext ctx) =>
        {
            // ?operation=&kind=&target= remove only the matching rules (releasing the holds among them); no query removes all.
            var q = ctx.Request.Query;
            string? Filter(string name) => string.IsNullOrEmpty(q[name]) ? null : q[name].ToString();
            state.RemoveFaults(Filter("operation"), Filter("kind"), Filter("target"));
            return WriteAsync(ctx, 200, state.Faults, SimJsonContext.Default.IReadOnlyListFaultSpec);
        });
        app.MapPost("/_sim/deploy", async (HttpContext ctx) =>
        {
            var req = await ReadAsync(ctx, SimJsonContext.Default.DeployRequest);
            if (req is null || string.IsNullOrWhiteSpace(req.Site))
            {
                await ErrorAsync(ctx, "Expected { site, slot, version, build, recordedVersion? }.");
                return;
            }

            var build = req.Build ?? new Fleet.BuildSpec();
            if (req.Version is not null)
            {
                build = build with { Version = req.Version };
            }

            try
            {
                state.Deploy(req.Site, req.Slot ?? "production", build, req.RecordedVersion);
            }
            catch (ArgumentException ex)
            {
                await ErrorAsync(ctx, ex.Message, 404);
                return;
            }

            await WriteAsync(ctx, 200, state.Snapshot().Site(req.Site), SiteJson);
        });
        app.MapPost("/_sim/load", async (HttpContext ctx) =>
        {
            var req = await ReadAsync(ctx, SimJsonContext.Default.LoadRequest);
            if (req is null || string.IsNullOrWhiteSpace(req.Site))
            {
                await ErrorAsync(ctx, "Expected { site, requestsPerMinute | profile | trace + scale }.");
                return;
            }

            try
            {
                state.SetLoad(req.Site, req.ToLoadSpec());
            }
            catch (Exception ex) when (ex is ArgumentException or IOException)
            {
                await ErrorAsync(ctx, ex.Message, ex is ArgumentException ? 404 : 400);
                return;
            }

            await WriteAsync(ctx, 200, state.Snapshot().Site(req.Site), SiteJson);
        });
        app.MapPost("/_sim/request-profile", async (HttpContext ctx) =>
        {
            var req = await ReadAsync(ctx, SimJsonContext.Default.RequestProfileRequest);
            if (req is null || string.IsNullOrWhiteSpace(req.Site))
            {
                await ErrorAsync(ctx, "Expected { site, clientAffinityEnabled?, longRequestShare?, longRequestSeconds? }.");
                return;
            }

            try
            {
                state.SetRequestProfile(req.Site, req.ClientAffinityEnabled, req.LongRequestShare, req.LongRequestSeconds);
            }
            catch (ArgumentException ex)
            {
                await ErrorAsync(ctx, ex.Message, 404);
                return;
            }

            await WriteAsync(ctx, 200, state.Snapshot().Site(req.Site), SiteJson);
        });
        app.MapGet("/_sim/traffic", async (HttpContext ctx) =>
        {
            var q = ctx.Request.Query;
            string site = q["site"].ToString();
            string slot = string.IsNullOrEmpty(q["slot"]) ? "production" : q["slot"].ToString();
            DateTimeOffset? from = ParseTime(q["from"]), to = ParseTime(q["to"]);
            try
            {
                await WriteAsync(ctx, 200, state.Traffic(site, slot, from, to), SimJsonContext.Default.IReadOnlyListTrafficMinute);
            }
            catch (ArgumentException ex)
            {
                await ErrorAsync(ctx, ex.Message, 404);
            }
        });

        app.Map("/_sim/web/{host}/{**path}", (HttpContext ctx, string host, string? path) => DataPlaneAsync(ctx, state, clock, host, path));
    }

    private static ClockResponse Clock(SimulatorState state, SimulatedClock clock) => new(state.Now, state.TimeScale, state.Start, clock is DrivenClock);

    /// <summary>The fault operation name of data-plane requests (<c>/_sim/web/...</c>: probes).</summary>
    internal const string WebOperation = "web";

    private static JsonTypeInfo<SiteSnapshot> SiteJson => SimJsonContext.Default.SiteSnapshot;

    private static async Task DataPlaneAsync(HttpContext ctx, SimulatorState state, SimulatedClock clock, string host, string? path)
    {
        string requestPath = ctx.Request.Path.Value ?? string.Empty;
        if (state.MatchFault(WebOperation, requestPath) is { } fault)
        {
            if (string.Equals(fault.Kind, FaultSpec.Delay, StringComparison.OrdinalIgnoreCase))
            {
                await clock.DelayAsync(clock.FromReal(TimeSpan.FromMilliseconds(fault.DelayMs ?? 1000)), ctx.RequestAborted);
            }
            else if (fault.Is(FaultSpec.Hold))
            {
                // Held before the app sees the request until the rule is removed (a probe that gives up gets nothing).
                await fault.HoldSignal!.WaitAsync(ctx.RequestAborted);
            }
            else
            {
                var faulted = ArmRouter.FaultResult(fault);
                state.Log(WebOperation, requestPath, state.Now, "Faulted:" + fault.Kind, faulted.Status, fault.Kind, faulted: true);
                await ArmRouter.WriteAsync(ctx, faulted);
                return;
            }
        }

        string? affinity = ctx.Request.Cookies["ARRAffinity"] ?? ctx.Request.Cookies["ARRAffinitySameSite"];
        string? routing = ctx.Request.Query["x-ms-routing-name"].FirstOrDefault() ?? ctx.Request.Cookies["x-ms-routing-name"];
        var result = state.Locked(model => model.Probe(host, affinity, routing));
        if (result is null)
        {
            ctx.Response.StatusCode = 404;
            await ctx.Response.WriteAsync($"No site answers to host name '{host}'.", ctx.RequestAborted);
            return;
        }

        // The latency passes on the simulated clock, so a probe feels what users feel.
        await clock.DelayAsync(TimeSpan.FromMilliseconds(result.LatencyMs), ctx.RequestAborted);

        ctx.Response.StatusCode = result.Status;
        ctx.Response.Headers["x-ms-instance"] = result.InstanceId;
        ctx.Response.Headers["x-ms-slot"] = result.Slot;
        ctx.Response.Headers["x-ms-version"] = result.Version;
        ctx.Response.Headers["x-ms-latency-ms"] = result.LatencyMs.ToString("0.###", CultureInfo.InvariantCulture);
        ctx.Response.Cookies.Append("ARRAffinity", result.InstanceId, new CookieOptions { HttpOnly = true, Path = "/" });
        ctx.Response.ContentType = "application/json; charset=utf-8";
        string body = JsonSerializer.Serialize(
            new Dictionary<string, string>
            {
                ["status"] = result.Body,
                ["host"] = result.HostName,
                ["slot"] = result.Slot,
                ["version"] = result.Version,
                ["instance"] = result.InstanceId,
                ["path"] = "/" + (path ?? string.Empty),
            },
            DictionaryJson);
        await ctx.Response.WriteAsync(body, ctx.RequestAborted);
    }

    private static JsonTypeInfo<Dictionary<string, string>> DictionaryJson => SimJsonContext.Default.DictionaryStringString;

    private static DateTimeOffset? ParseTime(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    private static async Task<T?> ReadAsync<T>(HttpContext ctx, JsonTypeInfo<T> type)
    {
        try
        {
            return await JsonSerializer.DeserializeAsync(ctx.Request.Body, type, ctx.RequestAborted);
        }
        catch (JsonException)
        {
            return default;
        }
    }

    private static Task ErrorAsync(HttpContext ctx, string message, int status = 400) =>
        WriteAsync(ctx, status, new ControlError(message), SimJsonContext.Default.ControlError);

    private static async Task WriteAsync<T>(HttpContext ctx, int status, T value, JsonTypeInfo<T> type)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(ctx.Response.Body, value, type, ctx.RequestAborted);
    }
}
