using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api.Tests.Infrastructure;
using Seamless.Core.Payloads;
using Seamless.Workflows;
using Seamless.Workflows.Orchestration;

namespace Seamless.Api.Tests;

/// <summary>
/// The hand-written OpenAPI document against the endpoints, schema by schema: for every mapped route the typed
/// results its handler returns (the response records) are the document's 2xx schemas, property by property, down to
/// nested records; every error is problem+json; and the id patterns are the ones the API enforces. The records are read
/// through the serializer's own contract, so a renamed or added property fails here until the document says so.
/// </summary>
public sealed class OpenApiDocumentSchemaTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    /// <summary>
    /// Responses written with ASP.NET Core's default JSON options (nulls written); every other response is written with
    /// <see cref="WorkflowJson.Options"/> (nulls left out). A change of options is a change of the wire: update both.
    /// </summary>
    private static readonly HashSet<Type> WrittenWithDefaults =
        [typeof(UpgradeAccepted), typeof(SignalAccepted), typeof(AlertAccepted), typeof(ScaleInRuns), typeof(HealthStatus)];

    /// <summary>The extension members <see cref="ApiProblems"/> adds to a problem.</summary>
    private static readonly string[] ProblemMembers = ["type", "title", "status", "detail", "instance", "errors", "traceId", "running"];

    private readonly JsonElement _document = JsonDocument.Parse(OpenApiDocument.Json).RootElement.Clone();

    [Fact]
    public void Endpoints_EachApiRoute_HasATypedHandler()
    {
        var operations = ApiOperations(fixture.Api.Server.Services);

        operations.Keys.ShouldContain("POST /api/upgrades");
        operations.Where(o => o.Value.Successes.Count == 0).Select(o => o.Key).ShouldBeEmpty("a handler that returns an untyped IResult");
    }

    [Fact]
    public void Responses_EverySuccess_IsTheDocumentedSchema()
    {
        var mismatches = new List<string>();

        foreach (var (operation, handler) in ApiOperations(fixture.Api.Server.Services))
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

        foreach (string operation in ApiOperations(fixture.Api.Server.Services).Keys)
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
        new OpenApiSchemaComparer(_document, WorkflowJson.Options, writesNulls: true)
            .Compare(problem.GetProperty("properties").GetProperty("errors"), typeof(IReadOnlyList<FieldError>), "Problem.errors")
            .ShouldBeEmpty();
    }

    [Fact]
    public void Patterns_OfIdsAndDeliveries_AreTheOnesTheApiEnforces()
    {
        var expected = new Dictionary<string, string>
        {
            ["path id"] = InstanceIds.UpgradePattern,
            ["path name"] = Handlers.FleetHandlers.PlanNamePattern,
            ["header Idempotency-Key"] = DeliveryIds.Pattern,
            ["header X-GitHub-Delivery"] = DeliveryIds.Pattern,
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

        deliveryBody.GetProperty("pattern").GetString().ShouldBe(AsEcma(DeliveryIds.Pattern));
    }

    /// <summary>The document's patterns are ECMA-262, where '$' is the end of input; .NET's \z says the same.</summary>
    private static string AsEcma(string dotnetPattern) => dotnetPattern.Replace(@"\z", "$", StringComparison.Ordinal);

    private static IEnumerable<JsonElement> Parameters(JsonElement pathItem) =>
        pathItem.EnumerateObject()
            .SelectMany(o => o.Name == "parameters" ? o.Value.EnumerateArray() : o.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray() : Enumerable.Empty<JsonElement>());

    private OpenApiSchemaComparer Comparer(Type root) =>
        new(_document, WorkflowJson.Options, writesNulls: WrittenWithDefaults.Contains(root));

    private List<(int Status, JsonElement Response)> Responses(string operation)
    {
        string[] parts = operation.Split(' ');
        return [.. _document.GetProperty("paths").GetProperty(parts[1]).GetProperty(parts[0].ToLowerInvariant()).GetProperty("responses").EnumerateObject()
            .Select(r => (int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture), r.Value))];
    }

    private List<(int Status, JsonElement Schema)> SuccessResponses(string operation) =>
        [.. Responses(operation)
            .Where(r => r.Status is >= 200 and < 300 && r.Response.TryGetProperty("content", out var content) && content.TryGetProperty("application/json", out _))
            .Select(r => (r.Status, r.Response.GetProperty("content").GetProperty("application/json").GetProperty("schema")))];

    /// <summary>Every mapped API route with a key check, and the typed results of its handler.</summary>
    private static Dictionary<string, HandlerResults> ApiOperations(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ApiKeyFilter>() is not null || e.RoutePattern.RawText == "/api/health")
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Operation: $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}", Endpoint: e)))
            .ToDictionary(o => o.Operation, o => HandlerResults.Of(o.Endpoint.Metadata.GetMetadata<MethodInfo>()!.ReturnType));

    /// <summary>What a handler's declared return type says it writes: each success with its status where the type fixes it, and whether it can answer a problem.</summary>
    private sealed record HandlerResults(IReadOnlyList<(int? Status, Type Type)> Successes)
    {
        public static HandlerResults Of(Type returnType)
        {
            if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
            {
                returnType = returnType.GetGenericArguments()[0];
            }

            var results = returnType.IsGenericType && returnType.Namespace == typeof(Results<,>).Namespace && returnType.Name.StartsWith("Results`", StringComparison.Ordinal)
                ? returnType.GetGenericArguments()
                : [returnType];
            var successes = new List<(int?, Type)>();
            foreach (var result in results.Where(r => r.IsGenericType))
            {
                var definition = result.GetGenericTypeDefinition();
                int? status = definition == typeof(Ok<>) ? 200 : definition == typeof(Accepted<>) ? 202 : null;
                if (definition == typeof(Ok<>) || definition == typeof(Accepted<>) || definition == typeof(JsonHttpResult<>))
                {
                    successes.Add((status, result.GetGenericArguments()[0]));
                }
            }

            return new HandlerResults(successes);
        }
    }
}
