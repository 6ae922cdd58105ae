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
        // Development turns on scope validation: resolving the scoped Greeter outside a scope would throw.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Services.AddScoped<Greeter>();
        builder.Services.AddSingleton(new DurableTaskRegistry()
            .AddActivity("Greet", services => new WorkflowActivity<string, string>((input, ct) => services.GetRequiredService<Greeter>().GreetAsync(input, ct)))
            .AddOrchestratorFunc<string>("Hello", ctx => ctx.CallActivityAsync<string>("Greet", "world")));
        builder.Services.AddSeamlessDurableEngine(o =>
        {
            o.DataDirectory = directory;
            o.PollingInterval = TimeSpan.FromMilliseconds(10);
        });
        using var host = builder.Build();

        // Act
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
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
        builder.Services.AddSingleton(new DurableTaskRegistry());
        builder.Services.AddSeamlessDurableEngine(o => o.ActivityWorkerCount = 0);
        using var host = builder.Build();

        // Act
        var act = () => host.StartAsync();

        // Assert
        var ex = await Should.ThrowAsync<OptionsValidationException>(act);
        ex.Failures.Count().ShouldBe(2);
    }

    internal sealed class Greeter
    {
        private readonly string _salutation = "hello";

        public Task<string> GreetAsync(string input, CancellationToken cancellationToken) => Task.FromResult($"{_salutation} {input}");
    }
}
