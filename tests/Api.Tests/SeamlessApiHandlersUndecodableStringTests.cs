using System.Text;
using System.Text.Json.Nodes;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

/// <summary>
/// A JSON string that cannot be decoded — an unpaired surrogate escape such as <c>"\ud800"</c>, valid JSON
/// syntax but not Unicode — in any string value or property name of any body gives 400 problem+json naming
/// the field (its JSON path), never 500; nothing is started and no Azure call is made.
/// </summary>
public sealed class SeamlessApiHandlersUndecodableStringTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    private const string Marker = "@@undecodable@@";

    /// <summary>Unpaired surrogates as a client would escape them: high alone, low alone, reversed, high before a non-surrogate, at either end.</summary>
    private static readonly string[] Escapes = [@"\ud800", @"\udc00", @"a\udfff\ud800b", @"\ud800\u0041", @"x\uDBFF", @"\uDC00x"];

    private readonly ApiServer _api = fixture.Api;

    public static TheoryData<string, string> Routes => new()
    {
        { "/api/upgrades", Payloads.Upgrade().ToJsonString() },
        { "/api/upgrades", WithPolicy() },
        { "/api/alerts", Payloads.OfficialAlerts().First().Json },
        { "/api/alerts", Payloads.TestActionAlerts().Single(a => a.Name.EndsWith("12-service-health-alert", StringComparison.Ordinal)).Json },
        { "/api/scale-in/run", new JsonObject { ["plan"] = ApiServer.PlanId, ["dryRun"] = true }.ToJsonString() },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Post_UndecodableStringInAnyField_Returns400NamingThatField(string path, string validJson)
    {
        var valid = JsonNode.Parse(validJson)!.AsObject();
        var leaves = StringLeaves(valid, string.Empty).ToList();
        var results = new List<(string Field, string Escape, ApiResponse Response)>();

        foreach (string field in leaves)
        {
            foreach (string escape in Escapes)
            {
                var copy = valid.DeepClone().AsObject();
                Set(copy, field, Marker);
                results.Add((field, escape, await SendAsync(path, copy.ToJsonString().Replace(Marker, escape, StringComparison.Ordinal))));
            }
        }

        leaves.Count.ShouldBeGreaterThan(0);
        foreach (var (field, escape, response) in results)
        {
            response.Status.ShouldBe(400, $"{field} = \"{escape}\": {response}");
            response.ShouldBeInvalid(field);
        }

        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Post_UndecodablePropertyNameAnywhere_Returns400NamingItsObject(string path, string validJson)
    {
        var valid = JsonNode.Parse(validJson)!.AsObject();
        var objects = Objects(valid, string.Empty).ToList();
        var results = new List<(string Field, ApiResponse Response)>();

        foreach (string field in objects)
        {
            var copy = valid.DeepClone().AsObject();
            var target = field.Length == 0 ? copy : Find(copy, field)!.AsObject();
            target[Marker] = 1;
            results.Add((field, await SendAsync(path, copy.ToJsonString().Replace(Marker, @"key\ud800", StringComparison.Ordinal))));
        }

        foreach (var (field, response) in results)
        {
            response.ShouldBeInvalid(field.Length == 0 ? "$" : field);
        }

        await _api.ShouldHaveStartedNothingAsync();
    }

    [Theory]
    [InlineData("/api/upgrades", """{"site":"\ud800","version":"v2"}""", "site")]
    [InlineData("/api/upgrades", """{"version":"v2","site":"x","\ud800":"y"}""", "$")]
    [InlineData("/api/upgrades", """{"site":"x","version":"v2","policy":{"warmup":{"paths":["/health","\udc00"]}}}""", "policy.warmup.paths[1]")]
    [InlineData("/api/upgrades", "\"\\ud800\"", "$")]
    [InlineData("/api/upgrades", """["ok","\ud800"]""", "$[1]")]
    [InlineData("/api/alerts", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","alertRule":"\ud800","monitorCondition":"Fired"}}}""", "data.essentials.alertRule")]
    [InlineData("/api/alerts", """{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{"alertId":"a","monitorCondition":"Fired"},"alertContext":{"SearchResults":{"tables":[{"rows":[["ok"],["\udfff"]]}]}}}}""", "data.alertContext.SearchResults.tables[0].rows[1][0]")]
    [InlineData("/api/alerts", """{"schemaId":"\ud800"}""", "schemaId")]
    [InlineData("/api/scale-in/run", """{"plan":"\ud800"}""", "plan")]
    [InlineData("/api/scale-in/run", """{"dryRun":true,"\udc00\ud800":1}""", "$")]
    public async Task Post_KnownUndecodableBodies_Return400NamingTheField(string path, string json, string field)
    {
        var response = await SendAsync(path, json);

        response.ShouldBeInvalid(field);
        await _api.ShouldHaveStartedNothingAsync();
    }

    [Fact]
    public async Task Post_ValidSurrogatePairEscape_IsNotRefusedForIt()
    {
        // "\ud83d\ude00" is a paired escape (😀): decodable, so the alert is the schema and accepted.
        string json = Payloads.Alert().ToJsonString().Replace("test-rule", @"rule-\ud83d\ude00", StringComparison.Ordinal);

        var response = await _api.PostAlertAsync(json);

        response.Status.ShouldBe(202, response.ToString());
    }

    private static string WithPolicy()
    {
        var body = Payloads.Upgrade();
        body["deliveryId"] = "run-1";
        body["policy"] = new JsonObject
        {
            ["guardWindow"] = "00:05:00",
            ["warmup"] = new JsonObject { ["paths"] = new JsonArray("/", "/health") },
            ["approval"] = new JsonObject { ["onTimeout"] = "Abort" },
        };
        return body.ToJsonString();
    }

    private async Task<ApiResponse> SendAsync(string path, string json) =>
        await _api.SendAsync(HttpMethod.Post, path, Encoding.UTF8.GetBytes(json), signWith: ApiServer.Secret);

    /// <summary>Paths (in the API's error convention: a.b[1].c) of every string value.</summary>
    private static IEnumerable<string> StringLeaves(JsonNode? node, string path) => node switch
    {
        JsonObject obj => obj.SelectMany(p => StringLeaves(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}")),
        JsonArray array => array.SelectMany((item, i) => StringLeaves(item, $"{path}[{i}]")),
        JsonValue value when value.TryGetValue<string>(out _) => [path],
        _ => [],
    };

    /// <summary>Paths of every object ("" for the root).</summary>
    private static IEnumerable<string> Objects(JsonNode? node, string path) => node switch
    {
        JsonObject obj => new[] { path }.Concat(obj.SelectMany(p => Objects(p.Value, path.Length == 0 ? p.Key : $"{path}.{p.Key}"))),
        JsonArray array => array.SelectMany((item, i) => Objects(item, $"{path}[{i}]")),
        _ => [],
    };

    private static JsonNode? Find(JsonNode root, string path)
    {
        JsonNode? current = root;
        foreach (string part in path.Split('.'))
        {
            string name = part.Contains('[', StringComparison.Ordinal) ? part[..part.IndexOf('[', StringComparison.Ordinal)] : part;
            current = current![name];
            foreach (string index in part[name.Length..].Split('[', StringSplitOptions.RemoveEmptyEntries))
            {
                current = current![int.Parse(index.TrimEnd(']'), System.Globalization.CultureInfo.InvariantCulture)];
            }
        }

        return current;
    }

    private static void Set(JsonNode root, string path, string value)
    {
        var node = Find(root, path)!;
        switch (node.Parent)
        {
            case JsonObject parent:
                parent[node.GetPropertyName()] = value;
                break;
            case JsonArray array:
                array[node.GetElementIndex()] = value;
                break;
        }
    }
}
