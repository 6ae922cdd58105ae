using Seamless.Core.ScaleIn;

namespace Seamless.Workflows.Configuration;

/// <summary>
/// How long records that accumulate with every delivery are kept (<c>Seamless:Retention</c>); the
/// purge (<see cref="State.StatePurger"/>) removes older ones. The Host runs it every
/// <see cref="PurgeInterval"/>; Functions from a timer.
/// </summary>
public sealed class RetentionOptions
{
    /// <summary>Default age of alert dedupe markers: Azure Monitor resends a notification within minutes, never days.</summary>
    public static readonly TimeSpan DefaultAlertMarkers = TimeSpan.FromDays(7);

    /// <summary>Default age of delivery records (a resent delivery within it returns its upgrade).</summary>
    public static readonly TimeSpan DefaultDeliveries = TimeSpan.FromDays(30);

    /// <summary>Default age of decision journal entries.</summary>
    public static readonly TimeSpan DefaultJournal = TimeSpan.FromDays(90);

    /// <summary>Default interval of the Host's purge.</summary>
    public static readonly TimeSpan DefaultPurgeInterval = TimeSpan.FromHours(1);

    /// <summary>Shortest retention accepted for any record.</summary>
    public static readonly TimeSpan MinimumRetention = TimeSpan.FromHours(1);

    /// <summary>Longest retention accepted (ten years; longer is a typo, not a policy).</summary>
    public static readonly TimeSpan MaximumRetention = TimeSpan.FromDays(3650);

    /// <summary>Gets how long alert dedupe markers are kept.</summary>
    public TimeSpan AlertMarkers { get; init; } = DefaultAlertMarkers;

    /// <summary>Gets how long delivery records are kept.</summary>
    public TimeSpan Deliveries { get; init; } = DefaultDeliveries;

    /// <summary>Gets how long decision journal entries are kept (at least the scale-in cooldown and rate-limit period, which read it).</summary>
    public TimeSpan Journal { get; init; } = DefaultJournal;

    /// <summary>Gets a value indicating whether the Host purges on its own timer.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Gets the interval of the Host's purge (Functions uses its timer schedule instead).</summary>
    public TimeSpan PurgeInterval { get; init; } = DefaultPurgeInterval;

    /// <summary>Validates the retention against the scale-in policy that reads the journal; one message per problem.</summary>
    public IReadOnlyList<string> Validate(ScaleInPolicy scaleIn)
    {
        ArgumentNullException.ThrowIfNull(scaleIn);
        var errors = new List<string>();
        Check(errors, nameof(AlertMarkers), AlertMarkers);
        Check(errors, nameof(Deliveries), Deliveries);
        Check(errors, nameof(Journal), Journal);
        var needed = new[] { scaleIn.Cooldown, scaleIn.RateLimitPeriod }.Max();
        if (Journal < needed)
        {
            errors.Add($"Seamless:Retention:Journal must be at least the scale-in cooldown and rate-limit period ({needed}), which read the journal.");
        }

        if (PurgeInterval < TimeSpan.FromMinutes(1) || PurgeInterval > TimeSpan.FromDays(1))
        {
            errors.Add("Seamless:Retention:PurgeInterval must be between one minute and one day.");
        }

        return errors;
    }

    private static void Check(List<string> errors, string name, TimeSpan value)
    {
        if (value < MinimumRetention || value > MaximumRetention)
        {
            errors.Add($"Seamless:Retention:{name} must be between {MinimumRetention} and {MaximumRetention.TotalDays:0} days.");
        }
    }
}
