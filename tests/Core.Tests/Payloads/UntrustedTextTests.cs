using Seamless.Core.Payloads;

namespace Seamless.Core.Tests.Payloads;

public sealed class UntrustedTextTests
{
    public static TheoryData<string, string?, string> Cases => new()
    {
        { "null", null, "" },
        { "empty", "", "" },
        { "plain text unchanged", "CPU > 80 % on plan-demo", "CPU > 80 % on plan-demo" },
        { "unicode letters and pairs unchanged", "Ωmega 😀 démo", "Ωmega 😀 démo" },
        { "CR LF tab", "a\r\nb\tc", "a\\r\\nb\\tc" },
        { "escape sequence", "\u001b[31mred", "\\u001b[31mred" },
        { "bell and NUL", "a\u0007b\0c", "a\\u0007b\\u0000c" },
        { "DEL and C1", "a\u007fb\u0085c", "a\\u007fb\\u0085c" },
        { "bidi override", "\u202Eexe.txt", "\\u202eexe.txt" },
        { "zero width and BOM", "a\u200Bb\uFEFF", "a\\u200bb\\ufeff" },
        { "line and paragraph separators", "a\u2028b\u2029", "a\\u2028b\\u2029" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Escape_Text_IsSafe(string name, string? value, string expected)
    {
        string escaped = UntrustedText.Escape(value);

        escaped.ShouldBe(expected, name);
    }

    [Fact]
    public void Escape_LoneSurrogates_AreEscaped()
    {
        // A fact, not a theory row: xUnit replaces lone surrogates in serialized theory data.
        string escaped = UntrustedText.Escape("a\ud800b\udc00");

        escaped.ShouldBe("a\\ud800b\\udc00");
    }

    [Fact]
    public void Escape_LongText_IsCappedWithACount()
    {
        string value = new string('a', 500) + "TAIL";

        string escaped = UntrustedText.Escape(value, 200);

        escaped.ShouldStartWith(new string('a', 200));
        escaped.ShouldEndWith("…(+304 chars)");
        escaped.ShouldNotContain("TAIL");
    }

    [Fact]
    public void Escape_CapInsideASurrogatePair_DoesNotSplitIt()
    {
        string value = new string('a', 9) + "😀" + "bbb";

        string escaped = UntrustedText.Escape(value, 10);

        escaped.ShouldBe(new string('a', 9) + "…(+5 chars)");
    }

    // Not seeded, as before: each run draws new strings; a failure prints the replay seed (see PropertyReplay).
    [FsCheck.Xunit.Property]
    public bool Escape_AnyString_HasNoControlOrFormatCharacters(string? s) =>
        UntrustedText.Escape(s, 50).All(c => !char.IsControl(c) && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format);
}
