namespace Seamless.Durable.Tests;

public sealed class RetryTests
{
    [Fact]
    public async Task CallActivityAsync_RetriesExhausted_ThrowsCatchableTaskFailedExceptionAfterConfiguredAttempts()
    {
        // Arrange
        int attempts = 0;
        var policy = new RetryPolicy(3, TimeSpan.FromMilliseconds(5), 2.0);
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Flaky", int (TaskActivityContext _, int _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new InvalidOperationException("always");
            })
            .AddOrchestratorFunc<string>("Retry", async ctx =>
            {
                try
                {
                    await ctx.CallActivityAsync<int>("Flaky", 1, TaskOptions.FromRetryPolicy(policy));
                    return "no";
                }
                catch (TaskFailedException ex)
                {
                    return $"caught #{ex.TaskId}: {ex.FailureDetails.ErrorMessage}";
                }
            }));

        // Act
        var result = await harness.RunAsync("Retry", instanceId: "retry");
        var history = await harness.HistoryAsync("retry");

        // Assert
        attempts.ShouldBe(3);
        result.ReadOutputAs<string>().ShouldBe("caught #4: always");
        history.Count(e => e.EventType == HistoryEventType.TaskScheduled).ShouldBe(3);
        var timers = history.Where(e => e.EventType == HistoryEventType.TimerCreated).ToList();
        timers.Count.ShouldBe(3);
        (timers[0].FireAt!.Value - timers[0].Timestamp).ShouldBe(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(1));
        (timers[1].FireAt!.Value - timers[1].Timestamp).ShouldBe(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(1));
        timers[2].FireAt!.Value.ShouldBe(timers[2].Timestamp, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task CallActivityAsync_HandleFailureReturnsFalse_StopsAfterOneAttemptWithoutTimer()
    {
        // Arrange
        int attempts = 0;
        var policy = new RetryPolicy(5, TimeSpan.FromMilliseconds(5)) { HandleFailure = f => !f.IsCausedBy<ArgumentException>() };
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Bad", int (TaskActivityContext _, int _) =>
            {
                Interlocked.Increment(ref attempts);
                throw new ArgumentException("bad input");
            })
            .AddOrchestratorFunc<int>("NoRetry", async ctx =>
            {
                try
                {
                    return await ctx.CallActivityAsync<int>("Bad", 1, TaskOptions.FromRetryPolicy(policy));
                }
                catch (TaskFailedException)
                {
                    return -1;
                }
            }));

        // Act
        var result = await harness.RunAsync("NoRetry", instanceId: "no-retry");

        // Assert
        attempts.ShouldBe(1);
        result.ReadOutputAs<int>().ShouldBe(-1);
        (await harness.HistoryAsync("no-retry")).ShouldNotContain(e => e.EventType == HistoryEventType.TimerCreated);
    }

    [Fact]
    public async Task CallActivityAsync_SucceedsOnSecondAttempt_ReturnsResult()
    {
        // Arrange
        int attempts = 0;
        await using var harness = await EngineHarness.StartAsync(r => r
            .AddActivityFunc<int, int>("Once", (_, x) => Interlocked.Increment(ref attempts) == 1
                ? throw new TimeoutException("transient")
                : Task.FromResult(x + 1))
            .AddOrchestratorFunc<int>("Recover", ctx =>
                ctx.CallActivityAsync<int>("Once", 41, TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromMilliseconds(5))))));

        // Act
        var result = await harness.RunAsync("Recover");

        // Assert
        result.ReadOutputAs<int>().ShouldBe(42);
        attempts.ShouldBe(2);
    }
}
