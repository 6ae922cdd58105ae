using System.Text;
using Seamless.Core.Payloads;

namespace Seamless.Core.Tests.Payloads;

public sealed class UpgradeRequestParserTests
{
    private const string Site = "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-seamless-demo/providers/Microsoft.Web/sites/app-demo";

    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { "not json", "{", "$" },
        { "array", "[]", "$" },
        { "site missing", """{"version":"v2"}""", "site" },
        { "site not a string", """{"site":5,"version":"v2"}""", "site" },
        { "site is a plan", """{"site":"/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Web/serverfarms/p","version":"v2"}""", "site" },
        { "site is a slot", $$"""{"site":"{{Site}}/slots/staging","version":"v2"}""", "site" },
        { "site with traversal", """{"site":"/subscriptions/../../etc/passwd","version":"v2"}""", "site" },
        { "version missing", $$"""{"site":"{{Site}}"}""", "version" },
        { "version with spaces", $$"""{"site":"{{Site}}","version":"v 2"}""", "version" },
        { "version script", $$"""{"site":"{{Site}}","version":"<script>"}""", "version" },
        { "strategy unknown", $$"""{"site":"{{Site}}","version":"v2","strategy":"yolo"}""", "strategy" },
        { "slots equal", $$"""{"site":"{{Site}}","version":"v2","sourceSlot":"production"}""", "targetSlot" },
        { "slot name invalid", $$"""{"site":"{{Site}}","version":"v2","sourceSlot":"../x"}""", "sourceSlot" },
        { "policy not an object", $$"""{"site":"{{Site}}","version":"v2","policy":[1]}""", "policy" },
        { "policy unknown field", $$$"""{"site":"{{{Site}}}","version":"v2","policy":{"nope":1}}""", "policy" },
        { "deliveryId not a string", $$"""{"site":"{{Site}}","version":"v2","deliveryId":7}""", "deliveryId" },
        { "deliveryId with a space", $$"""{"site":"{{Site}}","version":"v2","deliveryId":"run 1"}""", "deliveryId" },
        { "deliveryId too long", $$"""{"site":"{{Site}}","version":"v2","deliveryId":"{{new string('x', 201)}}"}""", "deliveryId" },
        { "version with a trailing newline", $$"""{"site":"{{Site}}","version":"v2\n"}""", "version" },
        { "version with a trailing CRLF", $$"""{"site":"{{Site}}","version":"v2\r\n"}""", "version" },
        { "sourceSlot with a trailing newline", $$"""{"site":"{{Site}}","version":"v2","sourceSlot":"staging\n"}""", "sourceSlot" },
        { "targetSlot with a trailing newline", $$"""{"site":"{{Site}}","version":"v2","targetSlot":"blue\n"}""", "targetSlot" },
        { "deliveryId with a trailing newline", $$"""{"site":"{{Site}}","version":"v2","deliveryId":"run-1\n"}""", "deliveryId" },
        { "version with a lone surrogate", $$"""{"site":"{{Site}}","version":"v2\ud800"}""", "version" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public void Parse_InvalidBody_NamesTheField(string name, string body, string field)
    {
        var result = UpgradeRequestParser.Parse(Encoding.UTF8.GetBytes(body));

        result.IsValid.ShouldBeFalse(name);
        result.Errors.Select(e => e.Field).ShouldContain(f => f.StartsWith(field, StringComparison.Ordinal), name);
    }

    [Theory]
    [InlineData("stratgy", "canary", "'stratgy' is not a field of this request; did you mean 'strategy'?")]
    [InlineData("Version", "v3", "'Version' is not a field of this request; did you mean 'version'?")]
    [InlineData("dryRun", "true", "'dryRun' is not a field of this request (its fields: site, sourceSlot, targetSlot, version, strategy, deliveryId, policy).")]
    public void Parse_AFieldTheContractLacks_IsRefusedNamingIt(string field, string value, string message)
    {
        // Dropped, a misspelled strategy would have started a plain swap where the caller asked for a canary.
        var body = new System.Text.Json.Nodes.JsonObject { ["site"] = Site, ["version"] = "v2" };
        body[field] = value;

        var result = UpgradeRequestParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()));

        result.IsValid.ShouldBeFalse();
        var error = result.Errors.ShouldHaveSingleItem();
        (error.Field, error.Message).ShouldBe((field, message));
    }

    [Fact]
    public void Parse_ThousandsOfStrayFields_ABoundedAnswer()
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["site"] = Site, ["version"] = "v2" };
        for (var i = 0; i < 5000; i++)
        {
            body["f" + i] = i;
        }

        var result = UpgradeRequestParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()));

        result.Errors.Count.ShouldBe(PayloadJson.MaxUnknownFieldsNamed + 1);
        result.Errors[^1].ShouldBe(new FieldError("$", "4990 more fields this request does not have."));
    }

    [Fact]
    public void Parse_AHostileFieldName_IsEscapedAndCapped()
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["site"] = Site, ["version"] = "v2", ["x\n" + new string('y', 500)] = 1 };

        var result = UpgradeRequestParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()));

        var error = result.Errors.ShouldHaveSingleItem();
        error.Field.ShouldStartWith("x\\n");
        error.Field.Length.ShouldBeLessThan(100);
        error.Message.ShouldNotContain("\n");
    }

    [Theory]
    [InlineData("version", "v2\n")]
    [InlineData("sourceSlot", "staging\n")]
    [InlineData("targetSlot", "blue\n")]
    [InlineData("deliveryId", "run-1\n")]
    public void Parse_ValueWithATrailingNewline_IsRefusedNamingTheField(string field, string value)
    {
        var body = new System.Text.Json.Nodes.JsonObject { ["site"] = Site, ["version"] = "v2" };
        body[field] = value;

        var result = UpgradeRequestParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()));

        result.IsValid.ShouldBeFalse();
        result.Errors.Select(e => e.Field).ShouldBe([field]);
    }

    [Fact]
    public void Parse_DeliveryIdInBody_IsRead()
    {
        var result = UpgradeRequestParser.Parse(Encoding.UTF8.GetBytes($$"""{"site":"{{Site}}","version":"v2","deliveryId":"12345-1"}"""));

        result.IsValid.ShouldBeTrue();
        result.Value!.DeliveryId.ShouldBe("12345-1");
    }

    [Fact]
    public void Parse_MinimalBody_AppliesDefaults()
    {
        var result = UpgradeRequestParser.Parse(Encoding.UTF8.GetBytes($$"""{"site":"{{Site.ToUpperInvariant().Replace("SUBSCRIPTIONS", "subscriptions", StringComparison.Ordinal)}}","version":"v2"}"""));

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value!.SourceSlot.ShouldBe("staging");
        result.Value.TargetSlot.ShouldBe("production");
        result.Value.Strategy.ShouldBe("swap");
    }

    [Fact]
    public void Parse_PolicyOverrides_AreRead()
    {
        var result = UpgradeRequestParser.Parse(Encoding.UTF8.GetBytes($$$"""{"site":"{{{Site}}}","version":"build.42+sha","strategy":"Canary","policy":{"guardWindow":"00:03:00"}}"""));

        result.IsValid.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Value!.Strategy.ShouldBe("canary");
        result.Value.Policy!.GuardWindow.ShouldBe(TimeSpan.FromMinutes(3));
    }

    [Fact]
    public void Parse_DeepNesting_IsRefusedNotCrashed()
    {
        string deep = string.Concat(Enumerable.Repeat("{\"a\":", 200)) + "1" + new string('}', 200);

        var result = UpgradeRequestParser.Parse(Encoding.UTF8.GetBytes(deep));

        result.IsValid.ShouldBeFalse();
        result.Errors[0].Field.ShouldBe("$");
    }
}
