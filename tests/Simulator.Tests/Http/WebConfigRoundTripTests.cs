using System.Net;
using static Seamless.Simulator.Tests.SimulatorTestHost;

namespace Seamless.Simulator.Tests.Http;

/// <summary>GET config/web shows back what PATCH and PUT wrote: the routing rules and the properties the simulator only echoes.</summary>
public sealed class WebConfigRoundTripTests
{
    [Fact]
    public async Task GetWebConfig_AfterPatchAndPut_ShowsRulesAndEchoedPropertiesInPlace()
    {
        await using var sim = await StartAsync();

        using var patch = await sim.SendAsync(HttpMethod.Patch, $"{Site}/config/web?{WebApi}", """
            { "properties": { "alwaysOn": false, "x-custom": { "b": [1, 2.50, "é"], "a": null }, "healthCheckPath": "/ready",
              "experiments": { "rampUpRules": [ { "name": "staging", "actionHostName": "app-demo-staging.azurewebsites.net", "reroutePercentage": 12.5 } ] } } }
            """);
        using var put = await sim.SendAsync(HttpMethod.Put, $"{Site}/config/web?{WebApi}", """
            { "properties": { "numberOfWorkers": 3, "x-later": "yes", "alwaysOn": true,
              "experiments": { "rampUpRules": [ {
                "actionHostName": "app-demo-staging.azurewebsites.net", "reroutePercentage": 40, "changeStep": 5, "changeIntervalInMinutes": 10,
                "minReroutePercentage": 1, "maxReroutePercentage": 50, "changeDecisionCallbackUrl": "https://example.invalid/cb", "name": "staging" } ] } } }
            """);
        var web = await sim.GetJsonAsync($"{Site}/config/web?{WebApi}");
        var site = await sim.GetJsonAsync($"{Site}?{WebApi}");

        patch.StatusCode.ShouldBe(HttpStatusCode.OK);
        put.StatusCode.ShouldBe(HttpStatusCode.OK);
        web.ToJsonString().ShouldBe(Expected);
        var properties = web["properties"]!.DeepClone().AsObject();
        properties.Remove("experiments");
        site["properties"]!["siteConfig"]!.ToJsonString().ShouldBe(properties.ToJsonString());
    }

    // What the simulator answered before the model became typed (captured then): the echoed properties keep their place
    // and their JSON text, new ones follow the stored set, linuxFxVersion and experiments close the object.
    private const string Expected = """
        {"id":"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/sites/app-demo/config/web","name":"web","type":"Microsoft.Web/sites/config","kind":"app","location":"West Europe","properties":{"acrUseManagedIdentityCreds":false,"alwaysOn":true,"appCommandLine":"","autoHealEnabled":false,"azureStorageAccounts":{},"defaultDocuments":["Default.htm","Default.html","index.html","hostingstart.html"],"detailedErrorLoggingEnabled":false,"ftpsState":"Disabled","functionAppScaleLimit":0,"functionsRuntimeScaleMonitoringEnabled":false,"http20Enabled":true,"httpLoggingEnabled":false,"loadBalancing":"LeastRequests","logsDirectorySizeLimit":35,"managedPipelineMode":"Integrated","minTlsVersion":"1.2","minimumElasticInstanceCount":0,"netFrameworkVersion":"v8.0","nodeVersion":"","numberOfWorkers":3,"phpVersion":"","powerShellVersion":"","pythonVersion":"","remoteDebuggingEnabled":false,"requestTracingEnabled":false,"scmMinTlsVersion":"1.2","use32BitWorkerProcess":false,"virtualApplications":[{"physicalPath":"site\\wwwroot","preloadEnabled":true,"virtualPath":"/"}],"vnetName":"","vnetPrivatePortsCount":0,"vnetRouteAllEnabled":false,"webSocketsEnabled":false,"healthCheckPath":"/ready","autoSwapSlotName":null,"x-custom":{"b":[1,2.50,"\u00E9"],"a":null},"x-later":"yes","linuxFxVersion":"DOCKER|sim.azurecr.io/app-demo:v1","experiments":{"rampUpRules":[{"actionHostName":"app-demo-staging.azurewebsites.net","reroutePercentage":40,"changeStep":5,"changeIntervalInMinutes":10,"minReroutePercentage":1,"maxReroutePercentage":50,"changeDecisionCallbackUrl":"https://example.invalid/cb","name":"staging"}]}}}
        """;
}
