using System.Globalization;
using System.Text.Json.Nodes;
using Seamless.Simulator.Model;

namespace Seamless.Simulator.Http;

/// <summary>
/// ARM's answers to the model's write verdicts: 200 with the resource, 202 Accepted with polling headers
/// (Location, Retry-After, Azure-AsyncOperation), 409 and 400 in ARM's error shape; and the answers of polling.
/// Runs under the state's lock (inside <see cref="SimulatorState.Locked{T}"/>).
/// </summary>
internal static class ArmWriteAnswers
{
    /// <summary>Maps a write verdict; <paramref name="accepted"/> answers a started long-running operation.</summary>
    public static ArmResult From(WriteResult result, Func<JsonNode?> okBody, Func<LroModel, ArmResult>? accepted = null) => result.Outcome switch
    {
        WriteOutcome.Done => ArmResult.Ok(okBody()),
        WriteOutcome.Started => accepted!(result.Lro!),
        WriteOutcome.Conflict => result.Message is null ? ArmResult.Conflict() : ArmResult.Conflict(result.Message),
        _ => ArmResult.BadRequest(result.Message!, result.Code!),
    };

    /// <summary>202 Accepted for a long-running operation that just started.</summary>
    public static ArmResult Accepted(SimulatorState state, LroModel lro, string baseUrl, JsonNode? body, bool asyncOperation)
    {
        var headers = new Dictionary<string, string>(RetryHeaders(state, lro, lro.StartedAt)) { ["Location"] = LocationUrl(lro, baseUrl) };
        if (asyncOperation)
        {
            headers["Azure-AsyncOperation"] = $"{baseUrl}{lro.ResourceId}/operationstatuses/{lro.Id}?api-version={ArmRouter.WebApiVersion}";
        }

        return new ArmResult(202, body, headers);
    }

    /// <summary>The answer of polling a long-running operation (its Location, or with <paramref name="asyncOperation"/> its status URL).</summary>
    public static ArmResult OperationResult(SimulatorState state, LroModel lro, bool asyncOperation, DateTimeOffset now, string baseUrl)
    {
        if (asyncOperation)
        {
            return new ArmResult(200, ArmJson.Operation(lro), lro.Status == "InProgress" ? RetryHeaders(state, lro, now) : null);
        }

        return lro.Status switch
        {
            "InProgress" => new ArmResult(202, ArmJson.Operation(lro), new Dictionary<string, string>(RetryHeaders(state, lro, now)) { ["Location"] = LocationUrl(lro, baseUrl) }),
            "Succeeded" => new ArmResult(200, lro.Plan is { } plan ? ArmJson.Plan(plan) : ArmJson.Operation(lro)),
            _ => new ArmResult(400, ArmJson.Operation(lro)),
        };
    }

    private static string LocationUrl(LroModel lro, string baseUrl) =>
        $"{baseUrl}{lro.ResourceId}/operationresults/{lro.Id}?api-version={ArmRouter.WebApiVersion}";

    private static Dictionary<string, string> RetryHeaders(SimulatorState state, LroModel lro, DateTimeOffset now)
    {
        var remaining = state.ToReal(lro.CompleteAt > now ? lro.CompleteAt - now : TimeSpan.Zero);
        double ms = Math.Clamp(remaining.TotalMilliseconds, 10, 60000);
        return new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Max(1, (int)Math.Ceiling(ms / 1000)).ToString(CultureInfo.InvariantCulture),
            ["retry-after-ms"] = ((int)Math.Ceiling(ms)).ToString(CultureInfo.InvariantCulture),
        };
    }
}
