using Seamless.Simulator.Model;

namespace Seamless.Simulator.Tests.Model;

/// <summary>
/// The noise is part of the physics: a key hashed once (the physics' per-instance keys) must draw exactly the values
/// the key itself draws, and both must stay the values the simulator has always drawn (pinned here, computed with the
/// original one-pass implementation), or every metric history moves.
/// </summary>
public sealed class NoiseTests
{
    public static TheoryData<string, int, string, long, double> Pinned => new()
    {
        { "short key", 1, "abc", 5, 0.540302405544956 },
        { "instance CPU key", 7, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdefcpu", 173577600, 0.7639679515576241 },
        { "empty key, negative tick", 42, string.Empty, -1, 0.21301929304880418 },
        { "negative seed, non-ASCII key", -3, "site/ünïcode", 0, 0.7699295948442749 },
    };

    [Theory]
    [MemberData(nameof(Pinned))]
    public void Unit_KeyOrItsHash_ThePinnedValue(string name, int seed, string key, long tick, double expected)
    {
        ulong hash = Noise.KeyHash(key);

        double byKey = Noise.Unit(seed, key, tick);
        double byHash = Noise.Unit(seed, hash, tick);

        byKey.ShouldBe(expected, name);
        byHash.ShouldBe(expected, name);
        Noise.Signed(seed, hash, tick).ShouldBe((expected * 2) - 1, name);
        Noise.Signed(seed, key, tick).ShouldBe((expected * 2) - 1, name);
    }

    [Fact]
    public void InstanceNoiseKeys_HashOfTheIdAndGauge()
    {
        var instance = new InstanceModel { Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", Weight = 1, InLoadBalancerFrom = DateTimeOffset.UnixEpoch };

        ulong cpu = instance.CpuNoiseKey;
        ulong memory = instance.MemoryNoiseKey;

        cpu.ShouldBe(Noise.KeyHash(instance.Id + "cpu"));
        memory.ShouldBe(Noise.KeyHash(instance.Id + "mem"));
        instance.CpuNoiseKey.ShouldBe(cpu);
    }
}
