using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api;
using Seamless.Simulator.Fleet;

namespace Seamless.Functions.Tests;

/// <summary>
/// The Functions HTTP triggers called as the isolated worker calls them (an ASP.NET Core request, the bound Durable
/// client), over the services and engine of a self-hosted server on its simulator: the request mapping, the key check
/// and the result execution of <see cref="HttpFunctions"/> give the same answers as the self-hosted routes.
/// </summary>
public sealed class HttpTriggerTests : IAsyncLifetime
{
    private const string Key = "functions-trigger-key-0123456789";
    private SelfHostedServer _server = null!;
    private HttpFunctions _functions = null!;
    private DurableTaskClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await SelfHostedServer.StartAsync(SelfHostedServer.KeyOnly(Key));
        _functions = ActivatorUtilities.CreateInstance<HttpFunctions>(_server.Services);
        _client = _server.Services.GetRequiredService<DurableTaskClient>();
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task StartUpgradeThenGetAndList_WithAKey_202ThenTheSameReleaseEverywhere()
    {
        string body = JsonSerializer.Serialize(new { site = DefaultFleet.SiteId, sourceSlot = "staging", targetSlot = "production", version = "v2", strategy = "swap" });

        var (startStatus, started) = await RunAsync(r => _functions.StartUpgrade(r, _client), "POST", "/api/upgrades", body, ("Idempotency-Key", "functions-trigger-1"));
        string id = started.GetProperty("id").GetString().ShouldNotBeNull();
        var (getStatus, view) = await RunAsync(r => _functions.GetUpgrade(r, _client, id), "GET", "/api/upgrades/" + Uri.EscapeDataString(id));
        var (listStatus, list) = await RunAsync(r => _functions.ListUpgrades(r, _client), "GET", "/api/upgrades", query: "?site=" + Uri.EscapeDataString(DefaultFleet.SiteId));

        startStatus.ShouldBe(StatusCodes.Status202Accepted, started.ToString());
        getStatus.ShouldBe(StatusCodes.Status200OK, view.ToString());
        view.GetProperty("id").GetString().ShouldBe(id);
        listStatus.ShouldBe(StatusCodes.Status200OK, list.ToString());
        list.GetProperty("upgrades").EnumerateArray().Select(i => i.GetProperty("id").GetString()).ShouldContain(id);
    }

    [Fact]
    public async Task ListUpgrades_BadQuery_ProblemJsonNamingTheField()
    {
        var (status, problem) = await RunAsync(r => _functions.ListUpgrades(r, _client), "GET", "/api/upgrades", query: "?limit=0");

        status.ShouldBe(StatusCodes.Status400BadRequest, problem.ToString());
        problem.GetRawText().ShouldContain("limit");
    }

    [Fact]
    public async Task StartUpgrade_WithoutAKey_401ProblemAndNothingStarted()
    {
        string body = JsonSerializer.Serialize(new { site = DefaultFleet.SiteId, sourceSlot = "staging", targetSlot = "production", version = "v2" });

        var (status, problem) = await RunAsync(r => _functions.StartUpgrade(r, _client), "POST", "/api/upgrades", body, ("Idempotency-Key", "functions-trigger-nokey"), key: null);
        var (_, list) = await RunAsync(r => _functions.ListUpgrades(r, _client), "GET", "/api/upgrades");

        status.ShouldBe(StatusCodes.Status401Unauthorized, problem.ToString());
        list.GetProperty("upgrades").GetArrayLength().ShouldBe(0);
    }

    /// <summary>Builds the request the worker hands a trigger, runs the trigger and executes its result; returns status and JSON body.</summary>
    private async Task<(int Status, JsonElement Body)> RunAsync(
        Func<HttpRequest, Task<IActionResult>> trigger, string method, string path, string? body = null, (string Name, string Value)? header = null, string? query = null, string? key = Key)
    {
        var context = new DefaultHttpContext { RequestServices = _server.Services };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        if (key is not null)
        {
            context.Request.Headers[ApiKeyAuthenticator.KeyHeader] = key;
        }

        if (header is { } h)
        {
            context.Request.Headers[h.Name] = h.Value;
        }

        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = bytes.Length;
            context.Request.Body = new MemoryStream(bytes);
        }

        using var response = new MemoryStream();
        context.Response.Body = response;
        var result = await trigger(context.Request);
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        var text = Encoding.UTF8.GetString(response.ToArray());
        return (context.Response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
