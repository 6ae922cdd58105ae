using Seamless.Workflows.Upgrade;

namespace Seamless.Host.Cli;

/// <summary>
/// Exit codes of the <c>seamless</c> CLI (README, "Exit codes"). Commands that wait for a release
/// (<c>upgrade</c>, <c>status --wait</c>, <c>status --watch</c>) exit by its outcome, so CI can tell a
/// rollback from a refusal from a timeout without parsing output.
/// </summary>
public static class ExitCodes
{
    /// <summary>Done; for a release: promoted, or production already ran the build.</summary>
    public const int Ok = 0;

    /// <summary>An error: the host unreachable, a refused request (401, 404, 409…), a start-up mistake.</summary>
    public const int Error = 1;

    /// <summary>A usage error: unknown command or option, missing or malformed argument.</summary>
    public const int Usage = 2;

    /// <summary>The release was rolled back (a gate or the guard window failed; the site is as it was).</summary>
    public const int RolledBack = 3;

    /// <summary>The release was refused before anything changed.</summary>
    public const int Rejected = 4;

    /// <summary>The release was aborted by an operator or an alert.</summary>
    public const int Aborted = 5;

    /// <summary>The release could neither finish nor restore the site: an operator is needed.</summary>
    public const int Failed = 6;

    /// <summary><c>status --wait --timeout</c> ran out while the release was still running (it continues server-side).</summary>
    public const int Timeout = 7;

    /// <summary>Interrupted (Ctrl+C); a release being followed continues server-side.</summary>
    public const int Interrupted = 130;

    /// <summary>The exit code of a finished release's outcome.</summary>
    public static int ForOutcome(string? outcome) => outcome switch
    {
        nameof(UpgradeOutcome.Promoted) or nameof(UpgradeOutcome.AlreadyServing) => Ok,
        nameof(UpgradeOutcome.RolledBack) => RolledBack,
        nameof(UpgradeOutcome.Rejected) => Rejected,
        nameof(UpgradeOutcome.Aborted) => Aborted,
        _ => Failed,
    };
}
