using System.Text;
using Microsoft.Extensions.Logging;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCaptureGroup
{
    public const string Name = "Console capture";
}

/// <summary>Secrets never reach the logs, even at Trace, for valid and invalid requests alike.</summary>
[Collection(ConsoleCaptureGroup.Name)]
public sealed class SeamlessApiHandlersLoggingTests
{
    [Fact]
    public async Task Requests_WithKeysSignaturesAndSecrets_NeverLogThem()
    {
        var captured = new StringWriter();
        TextWriter stdout = Console.Out, stderr = Console.Error;
        string json = Payloads.Upgrade().ToJsonString();
        string signature = WebhookSignature.Sign(ApiServer.Secret, Encoding.UTF8.GetBytes(json));
        string wrongKey = "wrong-key-" + ApiServer.Key[..12];
        Console.SetOut(captured);
        Console.SetError(captured);
        try
        {
            await using (var api = await ApiServer.StartSimulatedAsync(LogLevel.Trace))
            {
                await api.PostUpgradeAsync(json, delivery: "log-1");
                await api.PostUpgradeAsync(json, delivery: "log-2", signWith: "not-the-secret");
                await api.PostUpgradeAsync(json, delivery: "log-3", key: wrongKey);
                await api.SendAsync(HttpMethod.Get, "/api/scale-in/decisions?code=" + Uri.EscapeDataString(ApiServer.Key), key: null);
                await api.SendAsync(HttpMethod.Get, "/api/scale-in/decisions?code=" + Uri.EscapeDataString(wrongKey), key: null);
                await api.SendAsync(HttpMethod.Post, "/api/alerts?code=" + Uri.EscapeDataString(ApiServer.SecondKey), Encoding.UTF8.GetBytes(Payloads.Alert().ToJsonString()), key: null);
                await api.SendAsync(HttpMethod.Post, "/api/alerts", Encoding.UTF8.GetBytes("{not json"));
            }
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        string log = captured.ToString();
        log.ShouldContain("/api/upgrades");
        foreach (string secret in new[] { ApiServer.Key, ApiServer.SecondKey, ApiServer.Secret, wrongKey, signature, signature["sha256=".Length..] })
        {
            log.Split('\n').Where(line => line.Contains(secret, StringComparison.Ordinal) || line.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal)).ShouldBeEmpty();
        }
    }

    [Fact]
    public async Task Alerts_WithControlCharactersAndHugeFields_ReachTheLogEscapedAndCapped()
    {
        const string Tail = "TAIL-BEYOND-THE-CAP";
        string forged = "rule\r\n2030-01-01 info: FORGED LOG LINE\u001b[31m\u202Egnp.exe\u0007" + new string('x', 5000) + Tail;
        var alert = Payloads.Alert(signalType: "Log");
        alert["data"]!["essentials"]!["alertRule"] = forged;
        alert["data"]!["essentials"]!["monitoringService"] = "svc\nFORGED SERVICE LINE" + new string('y', 5000) + Tail;
        alert["data"]!["essentials"]!["severity"] = "Sev3\u001b]0;pwned\u0007";
        string refused = "{\"schemaId\":\"azureMonitorCommonAlertSchema\",\"data\":{\"essentials\":{\"alertId\":\"a\",\"monitorCondition\":\"Fired\",\"x\\nFORGED PATH LINE\\u001b\":\"\\ud800\"}}}";

        string log = await CaptureAsync(LogLevel.Information, async api =>
        {
            (await api.PostAlertAsync(alert.ToJsonString())).Status.ShouldBe(202);
            (await api.PostAlertAsync(alert.ToJsonString())).Status.ShouldBe(202); // the duplicate line too
            (await api.PostAlertAsync(refused)).Status.ShouldBe(400);
        });

        log.ShouldContain("recorded and ignored");
        log.ShouldContain("Refused an alert delivery");
        log.ShouldContain("FORGED LOG LINE"); // the text is there, escaped, on the alert's own line
        log.ShouldNotContain('\u001b');
        log.ShouldNotContain('\u0007');
        log.ShouldNotContain('\r');
        log.ShouldNotContain('\u202E');
        log.ShouldNotContain(Tail);
        log.Split('\n').ShouldNotContain(line => line.TrimStart().StartsWith("2030-01-01", StringComparison.Ordinal) || line.TrimStart().StartsWith("FORGED", StringComparison.Ordinal));
        log.Split('\n').ShouldAllBe(line => line.Length < 2000);
    }

    [Fact]
    public async Task UndecodableStrings_OnEveryRoute_AnswerWithoutAStackTraceInTheLog()
    {
        string log = await CaptureAsync(LogLevel.Trace, async api =>
        {
            var responses = new[]
            {
                await api.SendAsync(HttpMethod.Post, "/api/upgrades", Encoding.UTF8.GetBytes("{\"site\":\"\\ud800\",\"version\":\"v2\"}"), signWith: ApiServer.Secret),
                await api.SendAsync(HttpMethod.Post, "/api/alerts", Encoding.UTF8.GetBytes("{\"schemaId\":\"\\udc00\"}")),
                await api.SendAsync(HttpMethod.Post, "/api/scale-in/run", Encoding.UTF8.GetBytes("{\"plan\":\"\\ud800x\"}")),
                await api.SendAsync(HttpMethod.Post, "/api/upgrades", Encoding.UTF8.GetBytes("{\"\\ud800\":1,\"\\ud800\":2}"), signWith: ApiServer.Secret),
            };
            responses.ShouldAllBe(r => r.Status == 400);
        });

        log.ShouldNotContain("   at ");
        log.ShouldNotContain("Exception");
        log.ShouldNotContain("fail:");
    }

    private static async Task<string> CaptureAsync(LogLevel level, Func<ApiServer, Task> act)
    {
        var captured = new StringWriter();
        TextWriter stdout = Console.Out, stderr = Console.Error;
        Console.SetOut(captured);
        Console.SetError(captured);
        try
        {
            await using var api = await ApiServer.StartSimulatedAsync(level);
            await act(api);
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        return captured.ToString();
    }
}
