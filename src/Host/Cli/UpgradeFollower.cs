using System.Globalization;
using Seamless.Api;
using Seamless.Workflows.Upgrade;
using Spectre.Console;

namespace Seamless.Host.Cli;

/// <summary>
/// Follows an upgrade until it finishes: a progress line whenever the phase changes, each timeline entry as it
/// happens, a visible prompt while it waits for approval, and — on Ctrl+C — a line saying the release goes on
/// server-side and how to follow it again.
/// </summary>
public static class UpgradeFollower
{
    /// <summary>Polls the upgrade and prints progress; returns the final view. Cancellation (Ctrl+C) says the release continues, then rethrows.</summary>
    public static async Task<UpgradeView> FollowAsync(SeamlessApiClient client, string id, IAnsiConsole console, TimeSpan pollInterval, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(console);
        var state = new FollowState();
        try
        {
            while (true)
            {
                var view = await client.GetUpgradeAsync(id, cancellationToken);
                Render(view, console, state);
                if (IsFinished(view))
                {
                    return view;
                }

                await Task.Delay(pollInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.WriteLine();
            console.MarkupLine($"Stopped following. The release continues on the server: [blue]seamless status {Markup.Escape(id)} --watch[/]");
            throw;
        }
    }

    /// <summary>True once the instance has ended (any outcome).</summary>
    public static bool IsFinished(UpgradeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return view.Status is "Completed" or "Failed" or "Terminated";
    }

    /// <summary>The one-line approval prompt.</summary>
    public static string ApprovalPrompt(string id) => $"waiting for approval — `seamless approve {id}` (or `seamless abort {id}`)";

    /// <summary>The progress line of a phase: its name, step and canary weight.</summary>
    public static string PhaseLine(UpgradeView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        string step = string.IsNullOrWhiteSpace(view.Step) ? string.Empty : $" · {view.Step}";
        string routing = view.RoutingPercentage is > 0 ? string.Create(CultureInfo.InvariantCulture, $" · canary weight {view.RoutingPercentage:0.#} %") : string.Empty;
        return $"{view.Phase}{step}{routing}";
    }

    /// <summary>Prints what is new in <paramref name="view"/> since <paramref name="state"/>.</summary>
    internal static void Render(UpgradeView view, IAnsiConsole console, FollowState state)
    {
        // While running the view carries only the most recent entries, with the count of all: print those not yet printed.
        int total = Math.Max(view.TimelineCount, view.Timeline.Count);
        int fresh = Math.Min(total - state.Printed, view.Timeline.Count);
        foreach (var entry in view.Timeline.Skip(view.Timeline.Count - Math.Max(0, fresh)))
        {
            console.MarkupLine($"  [grey]{entry.At:HH:mm:ss}[/] [blue]{Markup.Escape(entry.Phase),-11}[/] {Markup.Escape(entry.Message)}");
        }

        state.Printed = Math.Max(state.Printed, total);
        if (view.Phase is not null && view.Phase != state.Phase && !IsFinished(view))
        {
            // After the entries that led here, so the line reads as "now in this phase".
            state.Phase = view.Phase;
            console.MarkupLine($"[bold]▸ {Markup.Escape(PhaseLine(view))}[/]");
        }

        bool waiting = view.Phase == UpgradePhases.Approval && !IsFinished(view);
        if (waiting && !state.Prompted)
        {
            console.MarkupLine($"  [yellow]{Markup.Escape(ApprovalPrompt(view.Id))}[/]");
        }

        state.Prompted = waiting;
        if (IsFinished(view))
        {
            string color = view.Outcome is nameof(UpgradeOutcome.Promoted) or nameof(UpgradeOutcome.AlreadyServing) ? "green" : "yellow";
            console.MarkupLine($"  [{color}]{Markup.Escape(view.Outcome ?? view.Status)}[/]: {Markup.Escape(view.Reason ?? string.Empty)}");
        }
    }

    /// <summary>What a follower has printed so far.</summary>
    internal sealed class FollowState
    {
        public string? Phase { get; set; }

        public int Printed { get; set; }

        public bool Prompted { get; set; }
    }
}
