using System.Globalization;
using System.Text;

namespace Seamless.Core.Payloads;

/// <summary>
/// Makes text that came from a request or an alert safe to write to a log line or to show: control,
/// format and line-separator characters (CR, LF, ESC, bidi overrides, …) and unpaired surrogates are
/// escaped as <c>\r</c>, <c>\n</c>, <c>\t</c> or <c>\uXXXX</c>, and the length is capped, so a field can
/// neither forge log lines, drive a terminal, nor flood the log.
/// </summary>
public static class UntrustedText
{
    /// <summary>Default cap, in characters of the original text.</summary>
    public const int DefaultMaxLength = 200;

    /// <summary>Returns the escaped, capped text ("" for null).</summary>
    /// <param name="value">The untrusted text.</param>
    /// <param name="maxLength">How many characters of <paramref name="value"/> to keep; the rest is replaced by a count.</param>
    public static string Escape(string? value, int maxLength = DefaultMaxLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLength);
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        int keep = Math.Min(value.Length, maxLength);
        if (keep < value.Length && char.IsHighSurrogate(value[keep - 1]) && char.IsLowSurrogate(value[keep]))
        {
            keep--; // never split a pair
        }

        if (keep == value.Length && !NeedsEscaping(value))
        {
            return value;
        }

        var text = new StringBuilder(keep + 16);
        for (int i = 0; i < keep; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < keep && char.IsLowSurrogate(value[i + 1]))
            {
                text.Append(c).Append(value[++i]);
                continue;
            }

            switch (c)
            {
                case '\r':
                    text.Append("\\r");
                    break;
                case '\n':
                    text.Append("\\n");
                    break;
                case '\t':
                    text.Append("\\t");
                    break;
                default:
                    if (IsUnsafe(c))
                    {
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        text.Append(c);
                    }

                    break;
            }
        }

        if (keep < value.Length)
        {
            text.Append(CultureInfo.InvariantCulture, $"…(+{value.Length - keep} chars)");
        }

        return text.ToString();
    }

    private static bool NeedsEscaping(string value)
    {
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }

            if (IsUnsafe(c) || c is '\r' or '\n' or '\t')
            {
                return true;
            }
        }

        return false;
    }

    // A surrogate reaching here is unpaired (pairs are copied before the check).
    private static bool IsUnsafe(char c) =>
        char.IsControl(c)
        || char.IsSurrogate(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
}
