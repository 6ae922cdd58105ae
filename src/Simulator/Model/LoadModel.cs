using System.Globalization;
using Seamless.Simulator.Fleet;

namespace Seamless.Simulator.Model;

/// <summary>Demand of one site per simulated minute, from a profile or a trace (deterministic with the seed).</summary>
internal sealed class LoadModel
{
    private readonly LoadSpec _spec;
    private readonly int _seed;
    private readonly ulong _noiseKey;
    private readonly long _startMinute;
    private readonly (long Minute, double Value)[]? _trace;

    private LoadModel(LoadSpec spec, int seed, string key, long startMinute, (long, double)[]? trace)
    {
        _spec = spec;
        _seed = seed;
        _noiseKey = Noise.KeyHash(key); // hashed once: the demand is read every step and every history minute
        _startMinute = startMinute;
        _trace = trace;
    }

    public LoadSpec Spec => _spec;

    public static LoadModel Create(LoadSpec spec, int seed, string key, long startMinute, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(spec);
        (long, double)[]? trace = null;
        if (!string.IsNullOrWhiteSpace(spec.Trace))
        {
            trace = ReadTrace(ResolveTrace(spec.Trace, baseDirectory));
        }

        return new LoadModel(spec, seed, key, startMinute, trace);
    }

    /// <summary>Requests per minute at the given minute (unix minutes).</summary>
    public double RequestsPerMinute(long minute)
    {
        double noise = 1 + (_spec.Noise * Noise.Signed(_seed, _noiseKey, minute));
        if (_trace is { Length: > 0 } trace)
        {
            long span = trace[^1].Minute + 1;
            long idx = ((minute - _startMinute + _spec.OffsetMinutes) % span + span) % span;
            return Math.Max(0, TraceValue(trace, idx) * _spec.Scale);
        }

        double rpm = _spec.RequestsPerMinute;
        if (string.Equals(_spec.Profile, LoadSpec.Diurnal, StringComparison.OrdinalIgnoreCase))
        {
            double hour = ((minute % 1440) + 1440) % 1440 / 60.0;
            rpm *= 1 + (_spec.Amplitude * Math.Cos((hour - _spec.PeakHourUtc) / 24.0 * 2 * Math.PI));
        }

        return Math.Max(0, rpm * noise);
    }

    private static double TraceValue((long Minute, double Value)[] trace, long idx)
    {
        // Five-minute traces hold each value until the next row (no interpolation).
        int lo = 0, hi = trace.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi + 1) / 2;
            if (trace[mid].Minute <= idx)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return trace[lo].Value;
    }

    private static string ResolveTrace(string trace, string? baseDirectory)
    {
        var candidates = new List<string>();
        if (Path.IsPathRooted(trace))
        {
            candidates.Add(trace);
        }
        else
        {
            if (baseDirectory is not null)
            {
                candidates.Add(Path.Combine(baseDirectory, trace));
            }

            candidates.Add(Path.GetFullPath(trace));
            if (Environment.GetEnvironmentVariable("SEAMLESS_TRACES") is { Length: > 0 } env)
            {
                candidates.Add(Path.Combine(env, trace));
            }

            // The shared traces sit beside the repository (../shared/traces); walk up from here and from the binaries.
            foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    candidates.Add(Path.Combine(dir.FullName, "shared", "traces", trace));
                }
            }
        }

        return candidates.FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"Trace '{trace}' not found (looked in: {string.Join(", ", candidates.Distinct().Take(6))}, ...).", trace);
    }

    private static (long, double)[] ReadTrace(string path)
    {
        var rows = new List<(long, double)>();
        foreach (string line in File.ReadLines(path))
        {
            var parts = line.Split(',');
            if (parts.Length >= 2
                && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long m)
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                rows.Add((m, v));
            }
        }

        if (rows.Count == 0)
        {
            throw new InvalidDataException($"Trace '{path}' has no 'minute,value' rows.");
        }

        rows.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return [.. rows];
    }
}
