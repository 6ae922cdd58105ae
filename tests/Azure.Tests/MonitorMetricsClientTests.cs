using System.Text.Json.Nodes;
using Seamless.Azure.Tests.Infrastructure;
using Seamless.Core.Model;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

/// <summary>Shape conformance of the metrics client against the official Monitor examples.</summary>
public sealed class MonitorMetricsClientTests
{
    private const string PlanId = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/plan-1";
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task QueryAsync_GetMetricExample_MapsOneSeriesPerTimeSeries()
    {
        const string resource = "/subscriptions/1f3fa6d2-851c-4a91-9087-1a050f3a9c38/resourceGroups/todking/providers/Microsoft.Storage/storageAccounts/tkfileserv/blobServices/default";
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("monitor/GetMetric.json")));
        var query = new MetricQuery(resource, "Microsoft.Storage/storageAccounts/blobServices", ["BlobCount", "BlobCapacity"], ["Average", "Minimum", "Maximum"], Start, Start.AddHours(5), TimeSpan.FromHours(6));

        MetricResult result = await TestClients.Metrics(TestClients.Options(server.BaseAddress)).QueryAsync(query, CancellationToken.None);

        result.ResourceId.ShouldBe(resource);
        result.Region.ShouldBe("westus2");
        result.Of("BlobCount").Count().ShouldBe(5);
        result.Of("BlobCapacity").Count().ShouldBe(5);
        MetricSeries first = result.Of("BlobCount").First();
        first.Unit.ShouldBe("Count");
        first.Instance.ShouldBeNull();
        first.Points.Count.ShouldBe(5);
        first.Points[0].ShouldBe(new MetricPoint(new DateTimeOffset(2021, 4, 20, 9, 0, 0, TimeSpan.Zero), 7.0, 7.0, 7.0));
        RecordedRequest request = server.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe(resource + "/providers/Microsoft.Insights/metrics");
        request.QueryValue("api-version").ShouldBe("2024-02-01");
        request.QueryValue("timespan").ShouldBe("2025-01-01T10:00:00.000Z/2025-01-01T15:00:00.000Z");
        request.QueryValue("interval").ShouldBe("PT6H");
        request.QueryValue("metricnames").ShouldBe("BlobCount,BlobCapacity");
        request.QueryValue("aggregation").ShouldBe("Average,Minimum,Maximum");
        request.QueryValue("metricnamespace").ShouldBe("Microsoft.Storage/storageAccounts/blobServices");
        request.QueryValue("$filter").ShouldBeNull();
    }

    [Fact]
    public async Task QueryAsync_GetMetricErrorExample_FailedMetricHasNoSeries()
    {
        const string resource = "/subscriptions/ac41e21f-afd6-4a79-8070-f01eba278f97/resourceGroups/todking/providers/Microsoft.DocumentDb/databaseAccounts/tk-cosmos-mongo";
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("monitor/GetMetricError.json")));
        var query = new MetricQuery(resource, "microsoft.documentdb/databaseaccounts", ["MongoRequestsCount", "MongoRequests"], ["Average"], Start, Start.AddHours(4), TimeSpan.FromHours(4));

        MetricResult result = await TestClients.Metrics(TestClients.Options(server.BaseAddress)).QueryAsync(query, CancellationToken.None);

        result.Of("MongoRequestsCount").ShouldBeEmpty();
        result.Of("MongoRequests").ShouldHaveSingleItem().Points.ShouldHaveSingleItem().Average.ShouldBe(0.0);
    }

    [Fact]
    public async Task QueryAsync_SplitByInstanceWithEmptyBucket_KeepsTheBucketMissing()
    {
        const string body = """
            { "timespan": "2025-01-01T10:00:00Z/2025-01-01T10:02:00Z", "interval": "PT1M", "namespace": "Microsoft.Web/serverfarms", "resourceregion": "westeurope",
              "value": [ { "id": "x/providers/Microsoft.Insights/metrics/CpuPercentage", "type": "Microsoft.Insights/metrics",
                "name": { "value": "CpuPercentage", "localizedValue": "CPU Percentage" }, "unit": "Percent", "errorCode": "Success",
                "timeseries": [
                  { "metadatavalues": [ { "name": { "value": "instance", "localizedValue": "instance" }, "value": "rd0001" } ],
                    "data": [ { "timeStamp": "2025-01-01T10:00:00Z", "average": 40.5, "maximum": 55 }, { "timeStamp": "2025-01-01T10:01:00Z" } ] },
                  { "metadatavalues": [ { "name": { "value": "instance", "localizedValue": "instance" }, "value": "rd0002" } ],
                    "data": [ { "timeStamp": "2025-01-01T10:00:00Z", "average": 0, "maximum": 0 }, { "timeStamp": "2025-01-01T10:01:00Z", "average": 12 } ] } ] } ] }
            """;
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(body));
        var query = new MetricQuery(PlanId, MetricNames.PlanNamespace, [MetricNames.CpuPercentage], ["Average", "Maximum"], Start, Start.AddMinutes(2), TimeSpan.FromMinutes(1), SplitByInstance: true);

        MetricResult result = await TestClients.Metrics(TestClients.Options(server.BaseAddress)).QueryAsync(query, CancellationToken.None);

        MetricSeries[] series = result.Of(MetricNames.CpuPercentage).ToArray();
        series.Select(s => s.Instance).ShouldBe(["rd0001", "rd0002"]);
        series[0].Points[1].IsEmpty.ShouldBeTrue();
        series[1].Points[0].IsEmpty.ShouldBeFalse();
        series[1].Points[0].Average.ShouldBe(0.0);
        server.Requests.ShouldHaveSingleItem().QueryValue("$filter").ShouldBe("Instance eq '*'");
    }

    [Fact]
    public async Task QueryBatchAsync_MetricBatchExample_PostsResourceIdsAndMapsEachResource()
    {
        JsonNode example = Examples.Load("monitor/MetricBatchExample.json");
        string[] ids = example["parameters"]!["batchRequest"]!["resourceids"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("monitor/MetricBatchExample.json")));
        var query = new MetricBatchQuery("westus2", ids, "Microsoft.Storage/storageAccounts", ["Ingress", "Egress"], ["average", "minimum", "maximum"], Start, Start.AddHours(3), TimeSpan.FromMinutes(15), SplitByInstance: true);

        IReadOnlyList<MetricResult> results = await TestClients.Metrics(TestClients.Options(server.BaseAddress)).QueryBatchAsync(query, CancellationToken.None);

        results.Select(r => r.ResourceId).ShouldBe(ids);
        results.Select(r => r.Region).ShouldAllBe(region => region == "eastus");
        results[0].Of("Ingress").Count().ShouldBe(2);
        results[1].Of("Egress").ShouldHaveSingleItem().Points.Count.ShouldBe(12);
        RecordedRequest request = server.Requests.ShouldHaveSingleItem();
        request.Method.ShouldBe("POST");
        request.Path.ShouldBe("/subscriptions/12345678-abcd-1234-abcd-123456789abc/metrics:getBatch");
        request.QueryValue("api-version").ShouldBe("2024-02-01");
        request.QueryValue("starttime").ShouldBe("2025-01-01T10:00:00.000Z");
        request.QueryValue("endtime").ShouldBe("2025-01-01T13:00:00.000Z");
        request.QueryValue("interval").ShouldBe("PT15M");
        request.QueryValue("filter").ShouldBe("Instance eq '*'");
        request.QueryValue("$filter").ShouldBeNull();
        request.QueryValue("timespan").ShouldBeNull();
        JsonNode.DeepEquals(JsonNode.Parse(request.Body), example["parameters"]!["batchRequest"]).ShouldBeTrue(request.Body);
    }

    [Fact]
    public async Task QueryBatchAsync_MetricBatchExample2Error_ThrowsWithArmCodeAndMessage()
    {
        JsonNode example = Examples.Load("monitor/MetricBatchExample2.json");
        string[] ids = example["parameters"]!["batchRequest"]!["resourceids"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(
            400, example["responses"]!["default"]!["body"]!.ToJsonString(), new Dictionary<string, string> { ["x-ms-error-code"] = "BadRequest" }));
        var query = new MetricBatchQuery("westus2", ids, "Microsoft.Cache/Redis", ["cacheWrite"], ["average"], Start, Start.AddHours(4), TimeSpan.FromHours(4));

        AzureRequestException ex = await Should.ThrowAsync<AzureRequestException>(
            () => TestClients.Metrics(TestClients.Options(server.BaseAddress)).QueryBatchAsync(query, CancellationToken.None));

        ex.Status.ShouldBe(400);
        ex.ErrorCode.ShouldBe("BadRequest");
        ex.ErrorMessage.ShouldStartWith("Detected invalid time range parameters");
    }

    [Fact]
    public async Task QueryBatchAsync_MetricBatchExample2_MapsEveryResource()
    {
        JsonNode example = Examples.Load("monitor/MetricBatchExample2.json");
        string[] ids = example["parameters"]!["batchRequest"]!["resourceids"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => StubResponse.Json(Examples.Body("monitor/MetricBatchExample2.json")));
        var query = new MetricBatchQuery("westus2", ids, "Microsoft.Cache/Redis", ["cacheWrite"], ["average"], Start, Start.AddHours(4), TimeSpan.FromHours(4));

        IReadOnlyList<MetricResult> results = await TestClients.Metrics(TestClients.Options(server.BaseAddress)).QueryBatchAsync(query, CancellationToken.None);

        results.Count.ShouldBe(3);
        results.ShouldAllBe(r => r.Of("cacheWrite").Single().Points.Count == 1);
    }

    public static TheoryData<string, string[]> InvalidBatches => new()
    {
        { "51 resources", Enumerable.Range(0, 51).Select(i => $"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/p{i}").ToArray() },
        { "no resources", [] },
        { "two subscriptions", [PlanId, "/subscriptions/22222222-2222-2222-2222-222222222222/resourceGroups/rg/providers/Microsoft.Web/serverfarms/p2"] },
        { "two types", [PlanId, "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/sites/app"] },
        { "duplicate", [PlanId, PlanId.ToUpperInvariant().Replace("SUBSCRIPTIONS", "subscriptions", StringComparison.Ordinal)] },
        { "not an id", ["plan-1"] },
    };

    [Theory]
    [MemberData(nameof(InvalidBatches))]
    public async Task QueryBatchAsync_InvalidBatch_ThrowsBeforeSending(string name, string[] ids)
    {
        await using LoopbackServer server = await LoopbackServer.StartAsync(_ => new StubResponse(500));
        var query = new MetricBatchQuery("westeurope", ids, MetricNames.PlanNamespace, [MetricNames.CpuPercentage], ["Average"], Start, Start.AddMinutes(10), TimeSpan.FromMinutes(1));

        await Should.ThrowAsync<ArgumentException>(
            () => TestClients.Metrics(TestClients.Options(server.BaseAddress)).QueryBatchAsync(query, CancellationToken.None), name);

        server.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task QueryBatchAsync_NoMetricsEndpoint_UsesTheRegionalHost()
    {
        // The regional host cannot be reached from here: assert the URL the pipeline tried through a policy.
        var captured = new List<Uri>();
        AzureAccessOptions options = TestClients.Options(new Uri("http://127.0.0.1:1"), maxRetries: 0);
        options.MetricsEndpoint = null;
        var client = new MonitorMetricsClient(
            TestClients.Pipelines(options, new CapturePolicy(captured)),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<MonitorMetricsClient>.Instance);
        var query = new MetricBatchQuery("westeurope", [PlanId], MetricNames.PlanNamespace, [MetricNames.CpuPercentage], ["Average"], Start, Start.AddMinutes(10), TimeSpan.FromMinutes(1));

        await Should.ThrowAsync<AzureRequestException>(() => client.QueryBatchAsync(query, CancellationToken.None));

        captured.ShouldHaveSingleItem().GetLeftPart(UriPartial.Path).ShouldBe("https://westeurope.metrics.monitor.azure.com/subscriptions/11111111-1111-1111-1111-111111111111/metrics:getBatch");
    }

    private sealed class CapturePolicy(List<Uri> captured) : global::Azure.Core.Pipeline.HttpPipelinePolicy
    {
        public override void Process(global::Azure.Core.HttpMessage message, ReadOnlyMemory<global::Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException();

        public override ValueTask ProcessAsync(global::Azure.Core.HttpMessage message, ReadOnlyMemory<global::Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            captured.Add(message.Request.Uri.ToUri());
            throw new global::Azure.RequestFailedException("blocked by test");
        }
    }
}
