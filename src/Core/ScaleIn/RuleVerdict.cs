using System.Text.Json.Serialization;

namespace Seamless.Core.ScaleIn;

/// <summary>What a rule of the scale-in pipeline says about the candidate step.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RuleOutcome>))]
public enum RuleOutcome
{
    /// <summary>The rule does not object; the next rule decides.</summary>
    Continue,

    /// <summary>The rule forbids any scale-in now; it becomes the deciding rule.</summary>
    Hold,

    /// <summary>The rule allows a smaller step than asked for (fewer instances removed).</summary>
    Limit,
}

/// <summary>The verdict of one named rule of the scale-in pipeline.</summary>
/// <param name="Rule">The rule name (see <see cref="ScaleInRuleNames"/>).</param>
/// <param name="Outcome">Continue, Hold or Limit.</param>
/// <param name="Reason">A stable reason code (see <see cref="ScaleInReasons"/>).</param>
/// <param name="Message">A human sentence with the numbers that led to the verdict.</param>
public sealed record RuleVerdict(string Rule, RuleOutcome Outcome, string Reason, string Message);
