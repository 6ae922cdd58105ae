namespace Seamless.Core.Canary;

/// <summary>The rules a judge configuration must satisfy, as (JSON path, message) pairs.</summary>
internal static class CanaryJudgeConfigRules
{
    public static IEnumerable<(string Path, string Message)> Problems(CanaryJudgeConfig config)
    {
        if (config.Metrics is null || config.Metrics.Count == 0)
        {
            yield return ("metrics", "At least one metric is required.");
        }
        else
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < config.Metrics.Count; i++)
            {
                var m = config.Metrics[i];
                string at = $"metrics[{i}]";
                if (m is null)
                {
                    yield return (at, "The metric is null.");
                    continue;
                }

                if (string.IsNullOrWhiteSpace(m.Name))
                {
                    yield return ($"{at}.name", "The name is required.");
                }
                else if (!seen.Add(m.Name))
                {
                    yield return ($"{at}.name", $"The metric '{m.Name}' is listed twice.");
                }

                if (string.IsNullOrWhiteSpace(m.Group))
                {
                    yield return ($"{at}.group", "The group is required.");
                }

                if (!Enum.IsDefined(m.Direction))
                {
                    yield return ($"{at}.direction", "The direction must be Increase, Decrease or Either.");
                }

                if (!double.IsFinite(m.EffectSizeThreshold) || m.EffectSizeThreshold < 1)
                {
                    yield return ($"{at}.effectSizeThreshold", "The effect size threshold must be a finite ratio ≥ 1.");
                }

                if (!double.IsFinite(m.AbsoluteTolerance) || m.AbsoluteTolerance < 0)
                {
                    yield return ($"{at}.absoluteTolerance", "The absolute tolerance must be finite and ≥ 0.");
                }

                if (m.MinimumSamples < 1)
                {
                    yield return ($"{at}.minimumSamples", "The minimum number of samples must be ≥ 1.");
                }
            }
        }

        if (config.Groups is null)
        {
            yield return ("groups", "The group list is required (it may be empty).");
        }
        else
        {
            var groups = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < config.Groups.Count; i++)
            {
                var g = config.Groups[i];
                string at = $"groups[{i}]";
                if (g is null || string.IsNullOrWhiteSpace(g.Name))
                {
                    yield return ($"{at}.name", "The name is required.");
                    continue;
                }

                if (!groups.Add(g.Name))
                {
                    yield return ($"{at}.name", $"The group '{g.Name}' is listed twice.");
                }

                if (!double.IsFinite(g.Weight) || g.Weight <= 0)
                {
                    yield return ($"{at}.weight", "The weight must be finite and > 0.");
                }
            }
        }

        if (!(config.ConfidenceLevel > 0 && config.ConfidenceLevel < 1))
        {
            yield return ("confidenceLevel", "The confidence level must lie strictly between 0 and 1.");
        }

        if (!(config.PassThreshold >= 0 && config.PassThreshold <= 100))
        {
            yield return ("passThreshold", "The pass threshold must lie in [0, 100].");
        }

        if (!(config.MarginalThreshold >= 0 && config.MarginalThreshold <= config.PassThreshold))
        {
            yield return ("marginalThreshold", "The marginal threshold must lie in [0, passThreshold].");
        }
    }
}
