using System.Globalization;
using System.Text.Json.Nodes;
using Seamless.Simulator.Http;

namespace Seamless.Simulator.Model;

/// <summary>Long-running ARM operations: their records, the 202 Accepted answers and polling. Every method here runs under the lock (via <see cref="Locked{T}"/>).</summary>
public sealed partial class SimulatorState
{
    internal ArmResult OperationResult(LroModel lro, bool asyncOperation, DateTimeOffset now, string baseUrl)
    {
        if (asyncOperation)
        {
            return new ArmResult(200, ArmJson.Operation(lro), lro.Status == "InProgress" ? RetryHeaders(lro, now) : null);
        }

        return lro.Status switch
        {
            "InProgress" => new ArmResult(202, ArmJson.Operation(lro), new Dictionary<string, string>(RetryHeaders(lro, now)) { ["Location"] = LocationUrl(lro, baseUrl) }),
            "Succeeded" => new ArmResult(200, lro.ResultBody?.Invoke() ?? ArmJson.Operation(lro)),
            _ => new ArmResult(400, ArmJson.Operation(lro)),
        };
    }

    private ArmResult Accepted(LroModel lro, string baseUrl, JsonNode? body, bool asyncOperation)
    {
        var headers = new Dictionary<string, string>(RetryHeaders(lro, lro.StartedAt)) { ["Location"] = LocationUrl(lro, baseUrl) };
        if (asyncOperation)
        {
            headers["Azure-AsyncOperation"] = $"{baseUrl}{lro.ResourceId}/operationstatuses/{lro.Id}?api-version={ArmRouter.WebApiVersion}";
        }

        return new ArmResult(202, body, headers);
    }

    private static string LocationUrl(LroModel lro, string baseUrl) =>
        $"{baseUrl}{lro.ResourceId}/operationresults/{lro.Id}?api-version={ArmRouter.WebApiVersion}";

    private Dictionary<string, string> RetryHeaders(LroModel lro, DateTimeOffset now)
    {
        var remaining = _clock.ToReal(lro.CompleteAt > now ? lro.CompleteAt - now : TimeSpan.Zero);
        double ms = Math.Clamp(remaining.TotalMilliseconds, 10, 60000);
        return new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Max(1, (int)Math.Ceiling(ms / 1000)).ToString(CultureInfo.InvariantCulture),
            ["retry-after-ms"] = ((int)Math.Ceiling(ms)).ToString(CultureInfo.InvariantCulture),
        };
    }
}
