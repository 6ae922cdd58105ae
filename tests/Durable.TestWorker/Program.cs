using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Seamless.Durable;
using Seamless.Durable.TestWorker;
using Seamless.Workflows.Orchestration;

// Usage: Seamless.Durable.TestWorker <dataDirectory> <workDirectory>
// Runs "KillFlow" (five idempotent steps) to completion on the engine, resuming whatever a previous
// (killed) process left behind. Step 2 signals through a file; steps 3+ wait for a "release" file so
// the test can kill the process mid-orchestration.
if (args.Length != 2)
{
    await Console.Error.WriteLineAsync("usage: <dataDirectory> <workDirectory>");
    return 2;
}

string dataDirectory = args[0];
string work = args[1];
Directory.CreateDirectory(work);

// WorkflowActivity hands the step the engine's stop token, as production activities get it.
var registry = new DurableTaskRegistry()
    .AddActivity("Step", _ => new WorkflowActivity<StepInput, int>((input, ct) => KillSteps.RunAsync(work, input, ct)))
    .AddOrchestratorFunc<List<int>>("KillFlow", async ctx =>
    {
        var results = new List<int>();
        for (int i = 1; i <= KillSteps.Count; i++)
        {
            results.Add(await ctx.CallActivityAsync<int>("Step", new StepInput($"{ctx.InstanceId}-op{i}", i)));
        }

        return results;
    });

await using var engine = await DurableEngine.StartNewAsync(dataDirectory, registry, o => o.PollingInterval = TimeSpan.FromMilliseconds(20));
if (await engine.Client.GetInstanceAsync(KillSteps.InstanceId) is null)
{
    await engine.Client.ScheduleNewOrchestrationInstanceAsync("KillFlow", new StartOrchestrationOptions(KillSteps.InstanceId));
}

using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
var result = await engine.Client.WaitForInstanceCompletionAsync(KillSteps.InstanceId, getInputsAndOutputs: true, timeout.Token);
await File.WriteAllTextAsync(
    Path.Combine(work, "completed.txt"),
    string.Create(CultureInfo.InvariantCulture, $"{result.RuntimeStatus}|{result.SerializedOutput}"));
return 0;
