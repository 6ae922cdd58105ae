using System.Text.Json;
using Seamless.Core.Upgrade;

namespace Seamless.Core.Tests.Upgrade;

public sealed class VerdictGateTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    public static TheoryData<string, VerdictGate, string> Gates => new()
    {
        { "validation", VerdictGate.Validation, "validation" },
        { "lease", VerdictGate.Lease, "lease" },
        { "config diff", VerdictGate.ConfigDiff, "config-diff" },
        { "build", VerdictGate.Build, "build" },
        { "warm-up", VerdictGate.WarmUp, "warm-up" },
        { "smoke", VerdictGate.Smoke, "smoke" },
        { "canary, whole step", VerdictGate.Canary(10), "canary 10 %" },
        { "canary, fractional step", VerdictGate.Canary(12.5), "canary 12.5 %" },
        { "approval", VerdictGate.Approval, "approval" },
        { "guard", VerdictGate.Guard, "guard" },
    };

    [Theory]
    [MemberData(nameof(Gates))]
    public void ToString_EachGate_IsItsNameOnTheWire(string name, VerdictGate gate, string expected)
    {
        string json = JsonSerializer.Serialize(gate, Web);

        gate.ToString().ShouldBe(expected, name);
        json.ShouldBe(JsonSerializer.Serialize(expected), name);
        JsonSerializer.Deserialize<VerdictGate>(json, Web).ShouldBe(gate, name);
    }

    [Fact]
    public void ToString_EveryKind_HasAName()
    {
        var named = Enum.GetValues<VerdictGateKind>().Select(k => new VerdictGate(k, k == VerdictGateKind.Canary ? 5 : null).ToString());

        named.ShouldAllBe(n => !string.IsNullOrWhiteSpace(n));
    }

    [Theory]
    [InlineData("Guard")]
    [InlineData("canary")]
    [InlineData("canary ten %")]
    [InlineData("")]
    public void Deserialize_UnknownName_Throws(string name)
    {
        string json = JsonSerializer.Serialize(name);

        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<VerdictGate>(json, Web));
    }
}
