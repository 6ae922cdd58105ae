using Seamless.Api;
using Seamless.Workflows.Upgrade;
using Spectre.Console;

namespace Seamless.Host.Cli;

/// <summary>Follows an upgrade until it finishes, printing each phase change and verdict as it happens.</summary>
public static class UpgradeFollower
{
    /// <summary>Polls the upgrade and prints progress; returns the final view.</summary>
    public static async Task<UpgradeView> FollowAsync(SeamlessApiClient client, string id, IAnsiConsole console, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(console);
        int printed = 0;
        while (true)
        {
            var view = await client.GetUpgradeAsync(id, cancellationToken);
            for (; printed < view.Timeline.Count; printed++)
            {
                var entry = view.Timeline[printed];
                console.MarkupLine($"  [grey]{entry.At:HH:mm:ss}[/] [blue]{Markup.Escape(entry.Phase),-11}[/] {Markup.Escape(entry.Message)}");
            }

            if (view.Status is "Completed" or "Failed" or "Terminated")
            {
                string color = view.Outcome is nameof(UpgradeOutcome.Promoted) or nameof(UpgradeOutcome.AlreadyServing) ? "green" : "yellow";
                console.MarkupLine($"  [{color}]{Markup.Escape(view.Outcome ?? view.Status)}[/]: {Markup.Escape(view.Reason ?? string.Empty)}");
                return view;
            }

            await Task.Delay(pollInterval, cancellationToken);
        }
    }
}
