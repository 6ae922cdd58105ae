namespace Seamless.Simulator.Model;

/// <summary>
/// A traffic routing rule (<c>experiments.rampUpRules</c>): production sends <see cref="ReroutePercentage"/> of its users
/// to the slot whose host name is <see cref="ActionHostName"/> (or, failing that, the slot called <see cref="Name"/>).
/// The auto-ramp fields are only shown back: the simulator does not ramp by itself.
/// </summary>
/// <param name="Name">The rule's name (by convention the slot's).</param>
/// <param name="ActionHostName">The host name of the slot the rule routes to.</param>
/// <param name="ReroutePercentage">The share of production's traffic, in percent.</param>
internal sealed record RampUpRule(string? Name, string? ActionHostName, double ReroutePercentage)
{
    public double? ChangeStep { get; init; }

    public int? ChangeIntervalInMinutes { get; init; }

    public double? MinReroutePercentage { get; init; }

    public double? MaxReroutePercentage { get; init; }

    public string? ChangeDecisionCallbackUrl { get; init; }
}
