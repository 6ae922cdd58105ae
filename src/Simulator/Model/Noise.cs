using System.Text;

namespace Seamless.Simulator.Model;

/// <summary>Deterministic noise: the same seed, key and tick always give the same value, whatever order minutes are computed in.</summary>
internal static class Noise
{
    /// <summary>Returns a value in [-1, 1].</summary>
    public static double Signed(int seed, string key, long tick) => Signed(seed, KeyHash(key), tick);

    /// <summary>Returns a value in [-1, 1] for a key hashed once with <see cref="KeyHash"/> (the same value as for the key itself).</summary>
    public static double Signed(int seed, ulong keyHash, long tick) => (Unit(seed, keyHash, tick) * 2) - 1;

    /// <summary>Returns a value in [0, 1).</summary>
    public static double Unit(int seed, string key, long tick) => Unit(seed, KeyHash(key), tick);

    /// <summary>Returns a value in [0, 1) for a key hashed once with <see cref="KeyHash"/> (the same value as for the key itself).</summary>
    public static double Unit(int seed, ulong keyHash, long tick)
    {
        ulong h = Mix(keyHash ^ Mix((ulong)seed) ^ Mix((ulong)tick + 0x9E3779B97F4A7C15UL));
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>
    /// The key's part of the noise (FNV-1a over its UTF-8 bytes). Callers that draw noise for the same key many times
    /// (the physics, every step of every instance) hash it once.
    /// </summary>
    public static ulong KeyHash(string key)
    {
        ulong h = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(key))
        {
            h = (h ^ b) * 1099511628211UL;
        }

        return h;
    }

    /// <summary>A 64-hex-character id derived from the seed and a key (looks like an App Service instance id).</summary>
    public static string HexId(int seed, string key)
    {
        var sb = new StringBuilder(64);
        for (int i = 0; sb.Length < 64; i++)
        {
            ulong v = Mix((ulong)(Unit(seed, key, i) * ulong.MaxValue));
            sb.Append(v.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        }

        return sb.ToString(0, 64);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
