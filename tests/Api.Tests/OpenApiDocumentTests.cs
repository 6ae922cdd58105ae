using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Seamless.Api.Tests.Infrastructure;

namespace Seamless.Api.Tests;

/// <summary>The hand-written OpenAPI document and the mapped routes agree, both ways.</summary>
public sealed class OpenApiDocumentTests(ProxiedServerFixture fixture) : IClassFixture<ProxiedServerFixture>
{
    // The document does not describe the route that serves it.
    private const string DocumentRoute = "GET /api/openapi.json";

    // The self-hosted server's home page is the console (documented as GET /api/console), not an API route.
    private const string ConsoleHomeRoute = "GET /";

    private readonly ApiServer _api = fixture.Api;

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
}
