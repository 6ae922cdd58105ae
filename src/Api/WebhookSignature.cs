using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Seamless.Api;

/// <summary>
/// Signatures of CI deliveries. The preferred scheme is timestamped, as widely used webhook providers sign:
/// <c>Seamless-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256 of "&lt;t&gt;." + raw body&gt;</c>; the
/// timestamp is covered by the MAC, so a captured delivery is refused once it is older than the tolerance.
/// GitHub-style body-only signatures (<c>X-Hub-Signature-256: sha256=&lt;hex HMAC-SHA256 of the raw body&gt;</c>)
/// stay accepted for webhook senders that cannot add a timestamp; they carry no age, so only the delivery
/// record (one upgrade per signed body) stands between them and a replay.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The GitHub-style (body-only) signature header.</summary>
    public const string Header = "X-Hub-Signature-256";

    /// <summary>The timestamped signature header.</summary>
    public const string TimestampedHeader = "Seamless-Signature";

    private const string Prefix = "sha256=";

    /// <summary>Computes the GitHub-style header value for a body.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>Computes the timestamped header value for a body signed at <paramref name="at"/>.</summary>
    public static string SignTimestamped(string secret, ReadOnlySpan<byte> body, DateTimeOffset at)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        long t = at.ToUnixTimeSeconds();
        return string.Create(CultureInfo.InvariantCulture, $"t={t},v1={Convert.ToHexStringLower(Mac(secret, t, body))}");
    }

    /// <summary>Verifies a GitHub-style header value against the body in constant time.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || header.Length != Prefix.Length + 64)
        {
            return false;
        }

        byte[] presented;
        try
        {
            presented = Convert.FromHexString(header.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return false;
        }

        byte[] expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, presented);
    }

    /// <summary>
    /// Checks a delivery's signatures: the timestamped one when present (its MAC, then its age against
    /// <paramref name="tolerance"/> either way from <paramref name="now"/>), otherwise the body-only one.
    /// </summary>
    public static SignatureCheck Check(string secret, ReadOnlySpan<byte> body, string? timestamped, string? bodyOnly, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (timestamped is not null)
        {
            if (!TryParse(timestamped, out long t, out byte[] presented))
            {
                return SignatureCheck.Refused($"The '{TimestampedHeader}' header must read t=<unix seconds>,v1=<64 hex digits>.");
            }

            if (!CryptographicOperations.FixedTimeEquals(Mac(secret, t, body), presented))
            {
                return SignatureCheck.Refused($"The '{TimestampedHeader}' signature does not match the timestamp and body.");
            }

            var age = now - DateTimeOffset.FromUnixTimeSeconds(t);
            if (age.Duration() > tolerance)
            {
                return SignatureCheck.Refused(string.Create(
                    CultureInfo.InvariantCulture,
                    $"The '{TimestampedHeader}' timestamp is {(long)age.TotalSeconds} s from now; deliveries are accepted within {(long)tolerance.TotalSeconds} s (Seamless:Api:SignatureTolerance). Sign each delivery when it is sent."));
            }

            return SignatureCheck.Valid(timestampedScheme: true);
        }

        return Verify(secret, body, bodyOnly)
            ? SignatureCheck.Valid(timestampedScheme: false)
            : SignatureCheck.Refused($"The delivery is not signed: send '{TimestampedHeader}: t=<unix seconds>,v1=<hex HMAC-SHA256 of \"<t>.\" + body>' (or '{Header}: sha256=<hex HMAC of the body>').");
    }

    private static byte[] Mac(string secret, long t, ReadOnlySpan<byte> body)
    {
        byte[] prefix = Encoding.ASCII.GetBytes(t.ToString(CultureInfo.InvariantCulture) + ".");
        byte[] message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }

    private static bool TryParse(string header, out long t, out byte[] mac)
    {
        t = 0;
        mac = [];
        string? ts = null;
        string? v1 = null;
        foreach (string part in header.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("t=", StringComparison.Ordinal))
            {
                ts = part[2..];
            }
            else if (part.StartsWith("v1=", StringComparison.Ordinal))
            {
                v1 = part[3..];
            }
        }

        if (ts is null || v1 is not { Length: 64 } || ts.Length is 0 or > 12
            || !long.TryParse(ts, NumberStyles.None, CultureInfo.InvariantCulture, out t))
        {
            return false;
        }

        try
        {
            mac = Convert.FromHexString(v1);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>The result of checking a delivery's signature.</summary>
/// <param name="IsValid">True when a signature matched (and, if timestamped, is fresh).</param>
/// <param name="Timestamped">True when the timestamped scheme was used.</param>
/// <param name="Reason">Why it was refused.</param>
public sealed record SignatureCheck(bool IsValid, bool Timestamped, string? Reason)
{
    /// <summary>A valid signature.</summary>
    public static SignatureCheck Valid(bool timestampedScheme) => new(true, timestampedScheme, null);

    /// <summary>A refused delivery.</summary>
    public static SignatureCheck Refused(string reason) => new(false, false, reason);
}
