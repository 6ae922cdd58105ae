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
}
