using Microsoft.Extensions.Configuration;
using Seamless.Host.Serving;
using Seamless.Simulator.Fleet;

namespace Seamless.Host.Tests.Serving;

/// <summary>Which Azure a data folder's work belongs to, and when another host may use it.</summary>
public sealed class DataScopeTests
{
    private const string Folder = "/data";
    private const string SubA = "11111111-1111-1111-1111-111111111111";
    private const string SubB = "22222222-2222-2222-2222-222222222222";

    public static TheoryData<string, DataScope?, DataScope, DataScopeOutcome, string[]> Cases => new()
    {
        { "empty folder", null, DataScope.Create("https://management.azure.com", [SubA]), DataScopeOutcome.New, [SubA] },
        { "same scope, other spelling", DataScope.Create("https://management.azure.com", [SubA]), DataScope.Create("HTTPS://Management.Azure.com:443/", [SubA.ToUpperInvariant()]), DataScopeOutcome.Same, [SubA] },
        { "a subscription added", DataScope.Create("https://management.azure.com", [SubA]), DataScope.Create("https://management.azure.com", [SubB, SubA]), DataScopeOutcome.Extended, [SubA, SubB] },
        { "first managed resources", DataScope.Create("https://management.azure.com", []), DataScope.Create("https://management.azure.com", [SubA]), DataScopeOutcome.Extended, [SubA] },
        { "another endpoint", DataScope.Create(DataScope.InProcessSimulator, [SubA]), DataScope.Create("http://127.0.0.1:7100", [SubA]), DataScopeOutcome.Refused, [SubA] },
        { "a subscription dropped", DataScope.Create("https://management.azure.com", [SubA, SubB]), DataScope.Create("https://management.azure.com", [SubB]), DataScopeOutcome.Refused, [SubA, SubB] },
        { "another subscription", DataScope.Create("https://management.azure.com", [SubA]), DataScope.Create("https://management.azure.com", [SubB]), DataScopeOutcome.Refused, [SubA] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Check_RecordedAndCurrentScopes_Verdict(string name, DataScope? recorded, DataScope current, DataScopeOutcome outcome, string[] recordedAfter)
    {
        var verdict = DataScope.Check(recorded, current, Folder);

        verdict.Outcome.ShouldBe(outcome, name);
        verdict.Scope.Subscriptions.ShouldBe(recordedAfter, name);
        verdict.Message.ShouldContain(Folder);
        verdict.Message.ShouldNotContain(Environment.NewLine);
        if (outcome == DataScopeOutcome.Refused)
        {
            verdict.Message.ShouldContain(recorded!.Endpoint);
            verdict.Message.ShouldContain(current.Endpoint);
        }
    }

    [Fact]
    public void FromConfiguration_ManagedResources_EndpointAndTheirSubscriptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seamless:Azure:ArmEndpoint"] = "http://127.0.0.1:7100/",
            ["Seamless:Managed:Sites:0"] = DefaultFleet.SiteId,
            ["Seamless:Managed:Plans:0"] = DefaultFleet.PlanId,
            ["Seamless:Managed:Plans:1"] = $"/subscriptions/{SubB}/resourceGroups/rg/providers/Microsoft.Web/serverfarms/other",
        }).Build();

        var scope = DataScope.FromConfiguration(configuration, inProcessSimulator: false);
        var simulated = DataScope.FromConfiguration(configuration, inProcessSimulator: true);
        var azure = DataScope.FromConfiguration(new ConfigurationBuilder().Build(), inProcessSimulator: false);

        scope.Endpoint.ShouldBe("http://127.0.0.1:7100");
        scope.Subscriptions.ShouldBe([SubA, SubB]);
        simulated.Endpoint.ShouldBe(DataScope.InProcessSimulator);
        azure.Endpoint.ShouldBe("https://management.azure.com");
        azure.Subscriptions.ShouldBeEmpty();
    }
}
