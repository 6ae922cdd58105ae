using System.Globalization;
using System.Text.Json.Serialization;

namespace Seamless.Core.Upgrade;

/// <summary>Outcome of the smoke test.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SmokeOutcome>))]
public enum SmokeOutcome
{
    /// <summary>Every smoke path answered with an allowed status.</summary>
    Pass,

    /// <summary>Some smoke path did not.</summary>
    Fail,
}

/// <summary>Why the smoke test got its outcome.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SmokeReason>))]
public enum SmokeReason
{
    /// <summary>Every path passed.</summary>
    AllPassed,

    /// <summary>No smoke path is configured: nothing to check.</summary>
    NoSmokePaths,

    /// <summary>A path answered with a status outside the allowed set.</summary>
    StatusNotAllowed,

    /// <summary>A path got no response.</summary>
    ProbeError,

    /// <summary>A configured path has no result.</summary>
    NotProbed,
}

/// <summary>One failing smoke path.</summary>
/// <param name="Path">The path.</param>
/// <param name="Reason">Why it failed.</param>
/// <param name="StatusCode">The status it answered with, if any.</param>
/// <param name="Error">The transport error, if any.</param>
public sealed record SmokeFailure(string Path, SmokeReason Reason, int? StatusCode, string? Error);

/// <summary>Verdict of the smoke test.</summary>
/// <param name="Outcome">Pass or Fail.</param>
/// <param name="Reason">The reason code (of the first failure when failing).</param>
/// <param name="Message">A human explanation naming every failing path and status.</param>
/// <param name="Failures">The failing paths.</param>
public sealed record SmokeVerdict(SmokeOutcome Outcome, SmokeReason Reason, string Message, IReadOnlyList<SmokeFailure> Failures);

/// <summary>Decides the smoke test: every smoke path, latest result, allowed status.</summary>
public static class SmokeGate
{
    /// <summary>Evaluates smoke results; the latest result of each path counts.</summary>
    /// <param name="paths">The configured smoke paths.</param>
    /// <param name="allowedStatusCodes">Status codes that pass (the warm-up policy's set).</param>
    /// <param name="results">The results, in any order.</param>
    /// <returns>Pass when every path answered with an allowed status; otherwise Fail naming path and status.</returns>
    public static SmokeVerdict Evaluate(IReadOnlyList<string> paths, IReadOnlyCollection<int> allowedStatusCodes, IReadOnlyList<ProbeObservation> results)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(allowedStatusCodes);
        ArgumentNullException.ThrowIfNull(results);

        if (paths.Count == 0)
        {
            return new SmokeVerdict(SmokeOutcome.Pass, SmokeReason.NoSmokePaths, "No smoke paths configured.", []);
        }

        var failures = new List<SmokeFailure>();
        foreach (string path in paths)
        {
            var latest = results
                .Where(r => string.Equals(r.Path, path, StringComparison.Ordinal))
                .OrderBy(r => r.At)
                .LastOrDefault();
            if (latest is null)
            {
                failures.Add(new SmokeFailure(path, SmokeReason.NotProbed, null, null));
            }
            else if (latest.Error is not null || latest.StatusCode is null)
            {
                failures.Add(new SmokeFailure(path, SmokeReason.ProbeError, latest.StatusCode, latest.Error ?? "no status"));
            }
            else if (!allowedStatusCodes.Contains(latest.StatusCode.Value))
            {
                failures.Add(new SmokeFailure(path, SmokeReason.StatusNotAllowed, latest.StatusCode, null));
            }
        }

        if (failures.Count == 0)
        {
            return new SmokeVerdict(SmokeOutcome.Pass, SmokeReason.AllPassed, string.Create(CultureInfo.InvariantCulture, $"All {paths.Count} smoke paths passed."), []);
        }

        string details = string.Join("; ", failures.Select(f => f.Reason switch
        {
            SmokeReason.NotProbed => $"{f.Path}: not probed",
            SmokeReason.ProbeError => $"{f.Path}: no response ({f.Error})",
            _ => string.Create(CultureInfo.InvariantCulture, $"{f.Path}: status {f.StatusCode} not in [{string.Join(", ", allowedStatusCodes)}]"),
        }));
        return new SmokeVerdict(SmokeOutcome.Fail, failures[0].Reason, $"Smoke test failed: {details}.", failures);
    }
}
