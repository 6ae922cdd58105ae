using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Seamless.Workflows.Orchestration;
using Seamless.Workflows.Ports;

namespace Seamless.Durable.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task AddSeamlessDurableEngine_HostStarted_RunsOrchestrationsWithScopedActivities()
    {
        // Arrange
        string directory = Path.Combine(Path.GetTempPath(), "seamless-durable-tests", Guid.NewGuid().ToString("N"));
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddScoped<Greeter>();
        builder.Services.AddSingleton(new WorkflowRegistry()
            .AddActivity<Greeter, string, string>("Greet")
            .AddOrchestrator("Hello", async ctx => await ctx.CallActivityAsync<string>("Greet", "world")));
        builder.Services.AddSeamlessDurableEngine(o =>
        {
            o.DataDirectory = directory;
            o.PollingInterval = TimeSpan.FromMilliseconds(10);
        });
        using var host = builder.Build();

        // Act
        await host.StartAsync();
        var client = host.Services.GetRequiredService<IOrchestrationClient>();
        string id = await client.ScheduleNewOrchestrationInstanceAsync("Hello");
        using var cts = new CancellationTokenSource(EngineHarness.WaitLimit);
        var result = await client.WaitForInstanceCompletionAsync(id, true, cts.Token);
        await host.StopAsync();

        // Assert
        result.ReadOutputAs<string>().ShouldBe("hello world");
        host.Services.GetRequiredService<IStateStore>().ShouldBeOfType<SqliteStateStore>();
        File.Exists(Path.Combine(directory, DurableEngineOptions.DatabaseFileName)).ShouldBeTrue();
    }

    [Fact]
    public async Task AddSeamlessDurableEngine_MissingDataDirectory_FailsAtStart()
    {
        // Arrange
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(new WorkflowRegistry());
        builder.Services.AddSeamlessDurableEngine(o => o.ActivityWorkerCount = 0);
        using var host = builder.Build();

        // Act
        var act = () => host.StartAsync();

        // Assert
        var ex = await Should.ThrowAsync<OptionsValidationException>(act);
        ex.Failures.Count().ShouldBe(2);
    }

    internal sealed class Greeter : IActivity<string, string>
    {
        public Task<string> RunAsync(string input, CancellationToken cancellationToken) => Task.FromResult("hello " + input);
    }
}
