using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

/// <summary>
/// The hand-written OpenAPI document against the endpoints: the routes agree, both ways; and schema by schema, the
/// typed results each handler returns (the response records) are the document's 2xx schemas, property by property,
/// down to nested records; every error is problem+json; and the id patterns are the ones the API enforces. The
/// records are read through the serializer's own contract, so a renamed or added property fails here until the
/// document says so.
/// </summary>
public sealed class OpenApiDocumentTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    // The document does not describe the route that serves it.
    private const string DocumentRoute = "GET /api/openapi.json";

    // The self-hosted server's home page is the console (documented as GET /api/console), not an API route.
    private const string ConsoleHomeRoute = "GET /";

    /// <summary>
    /// Responses written with ASP.NET Core's default JSON options (nulls written); every other response is written with
    /// <see cref="Workflows.Orchestration.WorkflowJson.Options"/> (nulls left out). A change of options is a change of the wire: update both.
    /// </summary>
    private static readonly HashSet<Type> WrittenWithDefaults =
        [typeof(UpgradeAccepted), typeof(SignalAccepted), typeof(AlertAccepted), typeof(ScaleInRuns), typeof(HealthStatus)];

    /// <summary>The extension members <see cref="ApiProblems"/> adds to a problem.</summary>
    private static readonly string[] ProblemMembers = ["type", "title", "status", "detail", "instance", "errors", "traceId", "running"];

    private readonly ApiServer _api = fixture.Api;

    private readonly JsonElement _document = JsonDocument.Parse(OpenApiDocument.Json).RootElement.Clone();

    [Fact]
    public void Json_Parses_AsOpenApi31WithPaths()
    {
        using var doc = JsonDocument.Parse(OpenApiDocument.Json);

        doc.RootElement.GetProperty("openapi").GetString()!.ShouldStartWith("3.1");
        doc.RootElement.GetProperty("paths").EnumerateObject().Count().ShouldBe(13);
    }

    [Fact]
    public async Task GetOpenApiJson_Anonymous_ServesTheEmbeddedDocument()
    {
        var response = await _api.SendAsync(HttpMethod.Get, "/api/openapi.json", key: null);

        response.Status.ShouldBe(200);
        response.ContentType.ShouldBe("application/json");
        response.Body.ShouldBe(OpenApiDocument.Json);
    }

    [Fact]
    public void MappedRoutes_AllDocumented_AndDocumentedRoutesAllMapped()
    {
        var documented = DocumentedOperations();
        var mapped = _api.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Where(op => op != DocumentRoute && op != ConsoleHomeRoute)
            .ToHashSet();

        mapped.ShouldBe(documented, ignoreOrder: true);
    }

    [Fact]
    public async Task DocumentedOperations_EachRequested_ReachesItsHandler()
    {
        var results = new List<(string Operation, ApiResponse Response)>();

        foreach (string operation in DocumentedOperations())
        {
            string[] parts = operation.Split(' ');
            string path = parts[1].Replace("{id}", Uri.EscapeDataString("upgrade:app-demo:0123456789ab"), StringComparison.Ordinal).Replace("{name}", "plan-demo", StringComparison.Ordinal).Replace("{file}", "console.js", StringComparison.Ordinal);
            results.Add((operation, await _api.SendAsync(new HttpMethod(parts[0]), path, key: null)));
        }

        foreach (var (operation, response) in results)
        {
            // Without a key every protected handler answers 401 problem+json; a missing route would be a bare 404/405.
            response.Status.ShouldNotBe(405, operation);
            if (operation is "GET /api/health" or "GET /api/console" or "GET /api/console/{file}")
            {
                response.Status.ShouldBe(200);
            }
            else
            {
                response.ShouldBeProblem(401);
            }
        }
    }

    private static HashSet<string> DocumentedOperations()
    {
        using var doc = JsonDocument.Parse(OpenApiDocument.Json);
        return doc.RootElement.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name is "get" or "post" or "put" or "patch" or "delete").Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .ToHashSet();
    }

    [Fact]
    public void Endpoints_EachApiRoute_HasATypedHandler()
    {
        var operations = ApiOperations(_api.Server.Services);

        operations.Keys.ShouldContain("POST /api/upgrades");
        operations.Where(o => o.Value.Successes.Count == 0).Select(o => o.Key).ShouldBeEmpty("a handler that returns an untyped IResult");
    }

    [Fact]
    public void Responses_EverySuccess_IsTheDocumentedSchema()
    {
        var mismatches = new List<string>();

        foreach (var (operation, handler) in ApiOperations(_api.Server.Services))
        {
            var documented = SuccessResponses(operation);
            foreach (var (status, type) in handler.Successes)
            {
                var candidates = documented.Where(d => status is null || d.Status == status).ToList();
                if (candidates.Count == 0)
                {
                    mismatches.Add($"{operation}: returns {type.Name} ({status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "2xx"}); the document has no such JSON response.");
                    continue;
                }

                // The response that fits best (fewest differences) is the one the document meant.
                mismatches.AddRange(candidates.Select(c => Comparer(type).Compare(c.Schema, type, $"{operation} {c.Status}")).MinBy(m => m.Count)!);
            }

            foreach (var (status, schema) in documented)
            {
                if (!handler.Successes.Any(s => (s.Status is null || s.Status == status) && Comparer(s.Type).Compare(schema, s.Type, operation).Count == 0))
                {
                    mismatches.Add($"{operation} {status}: documented, but no typed result of the handler writes it.");
                }
            }

            foreach (var (status, response) in Responses(operation).Where(r => r.Status is >= 200 and < 300 && !r.Response.TryGetProperty("content", out _)))
            {
                mismatches.Add($"{operation} {status}: documented without a body; the handler writes {string.Join(" or ", handler.Successes.Select(s => s.Type.Name))}.");
            }
        }

        mismatches.ShouldBeEmpty();
    }

    [Fact]
    public void Responses_EveryError_IsProblemJson()
    {
        var mismatches = new List<string>();

        foreach (string operation in ApiOperations(_api.Server.Services).Keys)
        {
            foreach (var (status, response) in Responses(operation).Where(r => r.Status >= 400))
            {
                var schema = response.GetProperty("content").TryGetProperty("application/problem+json", out var media) ? media.GetProperty("schema") : default;
                if (schema.ValueKind != JsonValueKind.Object || schema.GetProperty("$ref").GetString() != "#/components/schemas/Problem")
                {
                    mismatches.Add($"{operation} {status}: not application/problem+json with the Problem schema.");
                }
            }

        }

        mismatches.ShouldBeEmpty();
    }

    [Fact]
    public void ProblemSchema_NamesEveryMember_AndItsErrorsAreFieldErrors()
    {
        var problem = _document.GetProperty("components").GetProperty("schemas").GetProperty("Problem");

        problem.GetProperty("properties").EnumerateObject().Select(p => p.Name).ShouldBe(ProblemMembers, ignoreOrder: true);
        new OpenApiSchemaComparer(_document, Workflows.Orchestration.WorkflowJson.Options, writesNulls: true)
            .Compare(problem.GetProperty("properties").GetProperty("errors"), typeof(IReadOnlyList<Core.Payloads.FieldError>), "Problem.errors")
            .ShouldBeEmpty();
    }

    [Fact]
    public void VerdictSchema_GatePattern_MatchesEveryGateTheApiWrites()
    {
        var gate = _document.GetProperty("components").GetProperty("schemas").GetProperty("Verdict").GetProperty("properties").GetProperty("gate");
        var pattern = new System.Text.RegularExpressions.Regex(gate.GetProperty("pattern").GetString()!);
        var gates = Enum.GetValues<Core.Upgrade.VerdictGateKind>()
            .SelectMany(k => k == Core.Upgrade.VerdictGateKind.Canary ? [Core.Upgrade.VerdictGate.Canary(10), Core.Upgrade.VerdictGate.Canary(12.5)] : new[] { new Core.Upgrade.VerdictGate(k) })
            .Select(g => g.ToString());

        gates.Where(g => !pattern.IsMatch(g)).ShouldBeEmpty();
    }

    [Fact]
    public void Patterns_OfIdsAndDeliveries_AreTheOnesTheApiEnforces()
    {
        var expected = new Dictionary<string, string>
        {
            ["path id"] = Workflows.InstanceIds.UpgradePattern,
            ["path name"] = Seamless.Api.Handlers.FleetHandlers.PlanNamePattern,
            ["header Idempotency-Key"] = Core.Payloads.DeliveryIds.Pattern,
            ["header X-GitHub-Delivery"] = Core.Payloads.DeliveryIds.Pattern,
        };
        var documented = _document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => Parameters(path.Value).Select(p => (Where: $"{path.Name} {p.GetProperty("in").GetString()} {p.GetProperty("name").GetString()}", Parameter: p)))
            .Where(p => expected.Keys.Any(k => p.Where.EndsWith(" " + k, StringComparison.Ordinal)))
            .ToList();
        var deliveryBody = _document.GetProperty("components").GetProperty("schemas").GetProperty("UpgradeRequest").GetProperty("properties").GetProperty("deliveryId");

        documented.Count.ShouldBeGreaterThanOrEqualTo(expected.Count);
        foreach (var (where, parameter) in documented)
        {
            string pattern = expected.First(k => where.EndsWith(" " + k.Key, StringComparison.Ordinal)).Value;
            (parameter.GetProperty("schema").TryGetProperty("pattern", out var stated) ? stated.GetString() : null).ShouldBe(AsEcma(pattern), where);
        }

        deliveryBody.GetProperty("pattern").GetString().ShouldBe(AsEcma(Core.Payloads.DeliveryIds.Pattern));
    }

    [Fact]
    public void Endpoints_KeyFilter_OnEveryRouteTheDocumentSecures_WithItsAccess()
    {
        var access = _api.Server.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Operation: $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}", Filter: e.Metadata.GetMetadata<ApiKeyFilter>())))
            .Where(o => o.Operation != DocumentRoute && o.Operation != ConsoleHomeRoute)
            .ToDictionary(o => o.Operation, o => o.Filter?.Access ?? ApiAccess.Anonymous);
        var open = DocumentedOperations().Where(o => Operation(o).TryGetProperty("security", out var security) && security.GetArrayLength() == 0).ToList();

        access.Where(a => a.Value == ApiAccess.Anonymous).Select(a => a.Key).ShouldBe(open, ignoreOrder: true);
        access["POST /api/upgrades/{id}/approve"].ShouldBe(ApiAccess.Approver);
        access["POST /api/upgrades/{id}/abort"].ShouldBe(ApiAccess.Operator);
        access.Where(a => !open.Contains(a.Key) && !a.Key.EndsWith("/approve", StringComparison.Ordinal) && !a.Key.EndsWith("/abort", StringComparison.Ordinal))
            .ShouldAllBe(a => a.Value == ApiAccess.Api);
    }

    /// <summary>The document's patterns are ECMA-262, where '$' is the end of input; .NET's \z says the same.</summary>
    private static string AsEcma(string dotnetPattern) => dotnetPattern.Replace(@"\z", "$", StringComparison.Ordinal);

    /// <summary>An operation's parameters and its path's, each shared one (<c>$ref</c>) resolved.</summary>
    private IEnumerable<JsonElement> Parameters(JsonElement pathItem) =>
        pathItem.EnumerateObject()
            .SelectMany(o => o.Name == "parameters" ? o.Value.EnumerateArray() : o.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(p => p.TryGetProperty("$ref", out var reference)
                ? _document.GetProperty("components").GetProperty("parameters").GetProperty(reference.GetString()!["#/components/parameters/".Length..])
                : p);

    private OpenApiSchemaComparer Comparer(Type root) =>
        new(_document, Workflows.Orchestration.WorkflowJson.Options, writesNulls: WrittenWithDefaults.Contains(root));

    private JsonElement Operation(string operation)
    {
        string[] parts = operation.Split(' ');
        return _document.GetProperty("paths").GetProperty(parts[1]).GetProperty(parts[0].ToLowerInvariant());
    }

    private List<(int Status, JsonElement Response)> Responses(string operation) =>
        [.. Operation(operation).GetProperty("responses").EnumerateObject().Select(r => (int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture), r.Value))];

    private List<(int Status, JsonElement Schema)> SuccessResponses(string operation) =>
        [.. Responses(operation)
            .Where(r => r.Status is >= 200 and < 300 && r.Response.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out _))
            .Select(r => (r.Status, r.Response.GetProperty("content").GetProperty("application/json").GetProperty("schema")))];

    /// <summary>Every mapped API route with a key check, and the typed results of its handler.</summary>
    private static Dictionary<string, HandlerResults> ApiOperations(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ApiKeyFilter>() is not null || e.RoutePattern.RawText == "/api/health")
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Operation: $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}", Endpoint: e)))
            .ToDictionary(o => o.Operation, o => HandlerResults.Of(o.Endpoint.Metadata.GetMetadata<System.Reflection.MethodInfo>()!.ReturnType));
}
