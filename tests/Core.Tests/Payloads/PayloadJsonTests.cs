using System.Text;
using Seamless.Core.Payloads;

namespace Seamless.Core.Tests.Payloads;

public sealed class PayloadJsonTests
{
    public static TheoryData<string, string, string> Undecodable => new()
    {
        { "lone high surrogate at the root", "\"\\ud800\"", "$" },
        { "lone low surrogate in a field", """{"a":"\udc00"}""", "a" },
        { "reversed pair", """{"a":"x\udc00\ud800y"}""", "a" },
        { "high surrogate before a letter escape", """{"a":"\ud800\u0041"}""", "a" },
        { "high surrogate at the end", """{"a":"x\uDBFF"}""", "a" },
        { "nested field", """{"a":{"b":{"c":"\ud800"}}}""", "a.b.c" },
        { "array element", """{"a":["ok",1,null,{"b":2},"\ud800"]}""", "a[4]" },
        { "array in array", """{"rows":[["x"],["y","\udfff"]]}""", "rows[1][1]" },
        { "root array", """["ok","\ud800"]""", "$[1]" },
        { "property name at the root", """{"ok":1,"\ud800":2}""", "$" },
        { "property name nested", """{"a":{"ok":1,"k\ud800":2}}""", "a" },
        { "property name in an array element", """{"a":[{"\udc00":1}]}""", "a[0]" },
        { "duplicate undecodable names", """{"\ud800":1,"\ud800":2}""", "$" },
        { "after a valid escaped pair", """{"e":"\ud83d\ude00","f":"\ud83d"}""", "f" },
    };

    [Theory]
    [MemberData(nameof(Undecodable))]
    public void TryParse_UndecodableString_NamesItsPath(string name, string json, string path)
    {
        using var doc = PayloadJson.TryParse(Encoding.UTF8.GetBytes(json), out var error);

        doc.ShouldBeNull(name);
        error.ShouldNotBeNull(name);
        error.Field.ShouldBe(path, name);
        error.Message.ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("""{"e":"\ud83d\ude00"}""")]
    [InlineData("""{"\u0041":"\u00e9\n\t\\u"}""")]
    [InlineData("""{"a":"plain"}""")]
    public void TryParse_DecodableEscapes_Parses(string json)
    {
        using var doc = PayloadJson.TryParse(Encoding.UTF8.GetBytes(json), out var error);

        error.ShouldBeNull();
        doc.ShouldNotBeNull();
    }

    [Fact]
    public void TryParse_LongHostilePropertyName_PathIsEscapedAndCapped()
    {
        string name = "evil\\nline\\u001b" + new string('k', 500);
        string json = "{\"" + name + "\":\"\\ud800\"}";

        using var doc = PayloadJson.TryParse(Encoding.UTF8.GetBytes(json), out var error);

        doc.ShouldBeNull();
        error!.Field.ShouldStartWith("evil\\nline\\u001b");
        error.Field.ShouldNotContain('\n');
        error.Field.ShouldNotContain('\u001b');
        error.Field.Length.ShouldBeLessThan(PayloadJson.MaxPathSegmentLength + 40);
    }

    [Theory]
    [InlineData("{\"a\":")]
    [InlineData("{\"a\":\"\\ud800\"")]
    [InlineData("[\"\\ud800\",]")]
    public void TryParse_NotJson_IsRefusedAtTheRoot(string json)
    {
        using var doc = PayloadJson.TryParse(Encoding.UTF8.GetBytes(json), out var error);

        doc.ShouldBeNull();
        error.ShouldNotBeNull();
    }

    [Fact]
    public void TryParse_InvalidUtf8_IsRefusedAtTheRoot()
    {
        using var doc = PayloadJson.TryParse(new byte[] { 0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x7D }, out var error);

        doc.ShouldBeNull();
        error!.Field.ShouldBe("$");
    }
}
