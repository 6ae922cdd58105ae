using System.Text.Json;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>Hours of the day as a set (<see cref="HoursOfDay"/>): its text, its JSON, and the hours round a burst's.</summary>
public sealed class HoursOfDayTests
{
    private static HoursOfDay Of(params int[] hours) => new(hours.Aggregate(0, (mask, h) => mask | (1 << h)));

    public static TheoryData<string, int[], string> Texts => new()
    {
        // name, the hours, the text
        { "round midnight", [23, 0, 1, 2, 3], "23:00–03:59 UTC" },
        { "two ranges", [2, 3, 14, 15], "02:00–03:59, 14:00–15:59 UTC" },
        { "one hour", [9], "09:00–09:59 UTC" },
        { "none", [], "no hour" },
        { "all", [.. Enumerable.Range(0, 24)], "all day" },
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void ToString_NamesTheRangesRoundMidnight(string name, int[] hours, string text)
    {
        Of(hours).ToString().ShouldBe(text, name);
    }

    [Fact]
    public void Around_AnHourNearMidnight_WrapsRound()
    {
        HoursOfDay.Around(1, 2).Hours.ShouldBe([0, 1, 2, 3, 23]);
        HoursOfDay.Around(12, 0).Hours.ShouldBe([12]);
        HoursOfDay.Around(0, 12).ShouldBe(HoursOfDay.AllDay);
    }

    [Fact]
    public void Json_IsTheHoursInOrder_AndReadsBack()
    {
        var nights = Of(22, 23, 0, 1);

        JsonSerializer.Serialize(nights).ShouldBe("[0,1,22,23]");
        JsonSerializer.Deserialize<HoursOfDay>("[23, 22, 1, 0]").ShouldBe(nights);
        JsonSerializer.Deserialize<HoursOfDay?>("null").ShouldBeNull();
    }

    [Theory]
    [InlineData("[24]")]
    [InlineData("[-1]")]
    [InlineData("[1.5]")]
    [InlineData("[\"1\"]")]
    [InlineData("3")]
    public void Json_AnHourOutsideTheDay_IsRefused(string json)
    {
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize<HoursOfDay>(json));
    }

    [Fact]
    public void Covers_AndUnion_AreSetOperations()
    {
        var nights = Of(22, 23, 0, 1);

        nights.Covers(Of(23, 0)).ShouldBeTrue();
        nights.Covers(Of(23, 2)).ShouldBeFalse();
        (nights | Of(2)).ShouldBe(Of(22, 23, 0, 1, 2));
        (nights & Of(1, 2)).ShouldBe(Of(1));
    }
}
