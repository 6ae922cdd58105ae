using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Ports;

namespace Seamless.Azure.Tests;

public sealed class ServiceCollectionExtensionsTests
{
    [Fact]
    public void AddSeamlessAzure_Configuration_BindsSectionAndResolvesPorts()
    {
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Seamless:Azure:ArmEndpoint"] = "http://127.0.0.1:5080",
            ["Seamless:Azure:MetricsEndpoint"] = "http://127.0.0.1:5080",
            ["Seamless:Azure:DataPlaneEndpoint"] = "http://127.0.0.1:5080",
            ["Seamless:Azure:StaticToken"] = "sim",
            ["Seamless:Azure:MaxRetries"] = "2",
            ["Seamless:Azure:RetryDelay"] = "00:00:00.100",
            ["Seamless:Azure:ProbeTimeout"] = "00:00:03",
            ["Seamless:Azure:StateStoreBlobEndpoint"] = "http://127.0.0.1:10000/devstoreaccount1",
            ["Seamless:Azure:StateStoreContainer"] = "seamless",
        }).Build();

        using ServiceProvider services = new ServiceCollection().AddLogging().AddSeamlessAzure(configuration).AddSeamlessBlobStateStore().BuildServiceProvider();

        AzureAccessOptions options = services.GetRequiredService<IOptions<AzureAccessOptions>>().Value;
        options.ArmEndpoint.ShouldBe(new Uri("http://127.0.0.1:5080"));
        options.MaxRetries.ShouldBe(2);
        options.RetryDelay.ShouldBe(TimeSpan.FromMilliseconds(100));
        options.ProbeTimeout.ShouldBe(TimeSpan.FromSeconds(3));
        services.GetRequiredService<IAppServiceClient>().ShouldBeOfType<BatchingAppServiceClient>();
        services.GetRequiredService<IMetricsClient>().ShouldBeOfType<BatchingMetricsClient>();
        services.GetRequiredService<ISiteProbe>().ShouldBeOfType<HttpSiteProbe>();
        services.GetRequiredService<IStateStore>().ShouldBeOfType<BlobStateStore>();
    }

    [Fact]
    public void AddSeamlessAzure_Defaults_TargetPublicAzure()
    {
        using ServiceProvider services = new ServiceCollection().AddLogging()
            .AddSeamlessAzure(new ConfigurationBuilder().Build()).BuildServiceProvider();

        AzureAccessOptions options = services.GetRequiredService<IOptions<AzureAccessOptions>>().Value;

        options.ArmEndpoint.ShouldBe(new Uri("https://management.azure.com"));
        options.MetricsEndpoint.ShouldBeNull();
        options.StaticToken.ShouldBeNull();
        options.MaxRetries.ShouldBe(4);
        options.MetricsBatching.ShouldBeTrue();
        services.GetRequiredService<IMetricsClient>().ShouldBeOfType<BatchingMetricsClient>();
        options.ArmReadBatching.ShouldBeTrue();
        services.GetRequiredService<IAppServiceClient>().ShouldBeOfType<BatchingAppServiceClient>();
    }

    [Fact]
    public void AddSeamlessAzure_ArmReadBatchingOff_RegistersTheArmClient()
    {
        using ServiceProvider services = new ServiceCollection().AddLogging()
            .AddSeamlessAzure(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Seamless:Azure:ArmReadBatching"] = "false" }).Build())
            .BuildServiceProvider();

        services.GetRequiredService<IOptions<AzureAccessOptions>>().Value.ArmReadBatching.ShouldBeFalse();
        services.GetRequiredService<IAppServiceClient>().ShouldBeOfType<ArmAppServiceClient>();
    }

    [Fact]
    public void AddSeamlessAzure_MetricsBatchingOff_RegistersThePerResourceClient()
    {
        using ServiceProvider services = new ServiceCollection().AddLogging()
            .AddSeamlessAzure(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Seamless:Azure:MetricsBatching"] = "false" }).Build())
            .BuildServiceProvider();

        services.GetRequiredService<IOptions<AzureAccessOptions>>().Value.MetricsBatching.ShouldBeFalse();
        services.GetRequiredService<IMetricsClient>().ShouldBeOfType<MonitorMetricsClient>();
    }

    [Fact]
    public void AddSeamlessBlobStateStore_WithoutEndpoint_FailsValidation()
    {
        using ServiceProvider services = new ServiceCollection().AddLogging()
            .AddSeamlessAzure(o => o.StaticToken = null).AddSeamlessBlobStateStore().BuildServiceProvider();

        OptionsValidationException ex = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<AzureAccessOptions>>().Value);

        ex.Failures.ShouldContain(f => f.Contains("StateStoreBlobEndpoint", StringComparison.Ordinal));
    }

    public static TheoryData<string, Action<AzureAccessOptions>, string> InvalidOptions => new()
    {
        { "http without static token", o => o.ArmEndpoint = new Uri("http://management.example"), "must use https" },
        { "relative-free query", o => o.MetricsEndpoint = new Uri("https://x.example/?a=b"), "query" },
        { "ftp endpoint", o => o.DataPlaneEndpoint = new Uri("ftp://x.example"), "absolute http(s)" },
        { "blank token", o => o.StaticToken = " ", "blank" },
        { "token and identity", o => { o.StaticToken = "t"; o.ManagedIdentityClientId = "id"; }, "not both" },
        { "negative retries", o => o.MaxRetries = -1, "MaxRetries" },
        { "zero probe timeout", o => o.ProbeTimeout = TimeSpan.Zero, "ProbeTimeout" },
        { "delay above max", o => o.RetryDelay = TimeSpan.FromMinutes(5), "RetryDelay must not exceed" },
        { "bad container", o => o.StateStoreContainer = "Bad_Name", "StateStoreContainer" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Validate_InvalidOptions_Fails(string name, Action<AzureAccessOptions> change, string expected)
    {
        var options = new AzureAccessOptions();
        change(options);

        ValidateOptionsResult result = new AzureAccessOptionsValidator().Validate(null, options);

        result.Failed.ShouldBeTrue(name);
        result.FailureMessage.ShouldContain(expected);
    }

    [Fact]
    public void Validate_Defaults_Succeed() =>
        new AzureAccessOptionsValidator().Validate(null, new AzureAccessOptions()).Succeeded.ShouldBeTrue();
}
