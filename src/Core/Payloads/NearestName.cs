namespace Seamless.Core.Payloads;

/// <summary>
/// The known name a misspelled one most likely meant, for messages that refuse a field or setting nobody reads
/// ("did you mean …?"). Pure.
/// </summary>
public static class NearestName
{
    /// <summary>
    /// The candidate fewest edits (insert, delete, replace; case ignored) from <paramref name="name"/>, when it is close
    /// enough to be a typo of it: at most two edits, or a third of the name's length for a longer one.
    /// </summary>
    /// <param name="name">The name as written.</param>
    /// <param name="candidates">The names that exist.</param>
    /// <returns>The nearest candidate, or null when none is that close.</returns>
    public static string? Of(string name, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(candidates);
        var written = name.ToUpperInvariant();
        var nearest = candidates
            .Select(candidate => (Candidate: candidate, Edits: Edits(written, candidate.ToUpperInvariant())))
            .OrderBy(c => c.Edits)
            .ThenBy(c => c.Candidate, StringComparer.Ordinal)
            .FirstOrDefault();
        return nearest.Candidate is not null && nearest.Edits <= Math.Max(2, name.Length / 3) ? nearest.Candidate : null;
    }

    /// <summary>The edit distance between two names (Levenshtein, one row at a time).</summary>
    private static int Edits(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }
}
