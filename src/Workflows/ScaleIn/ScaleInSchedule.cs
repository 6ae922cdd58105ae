using Microsoft.Extensions.Configuration;
using NCrontab;

namespace Seamless.Workflows.ScaleIn;

/// <summary>
/// When the scale-in sweep runs: the <c>SCALE_IN_SCHEDULE</c> setting (6-field NCRONTAB, UTC) that the Functions timer
/// trigger binds and the Host's timer reads, so both hosts sweep on the same setting, and the sweep interval the learned
/// headroom covers is derived from it in one place.
/// </summary>
public sealed class ScaleInSchedule
{
    /// <summary>The setting both hosts read (an app setting in Azure, an environment variable or override for the Host).</summary>
    public const string SettingName = "SCALE_IN_SCHEDULE";

    /// <summary>
    /// The default: every minute, as infra/main.bicep's <c>scaleInSchedule</c> and local.settings.sample.json — the cadence
    /// the overload promise is measured at (bench/WhatIf.Bench/NOTEBOOK.md: every 5 minutes the learned headroom kept the budget on 17
    /// of 20 unseen-workload variants instead of 19, and cost up to 5 % more).
    /// </summary>
    public const string DefaultExpression = "0 * * * * *";

    private static readonly CrontabSchedule.ParseOptions SixFields = new() { IncludingSeconds = true };

    // A fixed base for "does it ever fire": a cron expression has no year, so one that fires after 2000 fires forever.
    private static readonly DateTime ProbeBase = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly CrontabSchedule _schedule;

    private ScaleInSchedule(string expression, CrontabSchedule schedule)
    {
        Expression = expression;
        _schedule = schedule;
    }

    /// <summary>Gets the default schedule (<see cref="DefaultExpression"/>).</summary>
    public static ScaleInSchedule Default { get; } = Parse(DefaultExpression);

    /// <summary>Gets the expression as configured.</summary>
    public string Expression { get; }

    /// <summary>Parses a 6-field NCRONTAB expression; returns null and a one-line message naming the setting when it is not one.</summary>
    public static ScaleInSchedule? TryParse(string? expression, out string? error)
    {
        string text = expression?.Trim() ?? string.Empty;
        var schedule = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CrontabSchedule.TryParse(text, SixFields) : null;
        if (schedule is null)
        {
            error = $"{SettingName} '{expression}' is not a 6-field NCRONTAB expression (second minute hour day month day-of-week, UTC); e.g. \"{DefaultExpression}\" sweeps every minute.";
            return null;
        }

        if (schedule.GetNextOccurrence(ProbeBase) == DateTime.MaxValue)
        {
            error = $"{SettingName} '{expression}' never fires; e.g. \"{DefaultExpression}\" sweeps every minute.";
            return null;
        }

        error = null;
        return new ScaleInSchedule(text, schedule);
    }

    /// <summary>Parses a 6-field NCRONTAB expression.</summary>
    /// <exception cref="FormatException">The expression is not one (the message is one line naming the setting).</exception>
    public static ScaleInSchedule Parse(string? expression) =>
        TryParse(expression, out string? error) ?? throw new FormatException(error);

    /// <summary>Reads <see cref="SettingName"/> from the configuration root; unset or empty, the default.</summary>
    /// <exception cref="FormatException">The setting is not a 6-field NCRONTAB expression.</exception>
    public static ScaleInSchedule FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        string? value = configuration[SettingName];
        return string.IsNullOrWhiteSpace(value) ? Default : Parse(value);
    }

    /// <summary>Returns the first occurrence strictly after <paramref name="time"/>, in UTC.</summary>
    public DateTimeOffset NextAfter(DateTimeOffset time)
    {
        // NCRONTAB works in whole seconds; an instant inside a second counts from that second, still strictly after it.
        var utc = time.UtcDateTime;
        var next = _schedule.GetNextOccurrence(new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc));
        return new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }

    /// <summary>
    /// The sweep interval as of <paramref name="time"/>: the gap between the next two occurrences, which is what the
    /// learned headroom must cover after the coming sweep (for an even schedule, its period).
    /// </summary>
    public TimeSpan IntervalAfter(DateTimeOffset time)
    {
        var next = NextAfter(time);
        return NextAfter(next) - next;
    }

    /// <inheritdoc/>
    public override string ToString() => Expression;
}
