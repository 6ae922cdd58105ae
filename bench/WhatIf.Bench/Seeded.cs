/// <summary>Seeded randomness for the bench's generated traces: the same series on every run and machine.</summary>
internal static class Seeded
{
    /// <summary>A generator seeded from a name (a stable hash, unlike <see cref="string.GetHashCode()"/>).</summary>
    public static Random For(string name)
    {
        unchecked
        {
            var hash = 17;
            foreach (var ch in name)
            {
                hash = (hash * 31) + ch;
            }

            return new Random(hash);
        }
    }

    /// <summary>A standard normal draw (Box–Muller).</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
