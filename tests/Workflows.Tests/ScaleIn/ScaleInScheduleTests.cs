using Microsoft.Extensions.Configuration;
using Seamless.Workflows.Configuration;
using Seamless.Workflows.ScaleIn;

namespace Seamless.Workflows.Tests.ScaleIn;

/// <summary><c>SCALE_IN_SCHEDULE</c>: parsing, the checks made at start, occurrences and the derived sweep interval.</summary>
public sealed class ScaleInScheduleTests
{
    private static readonly DateTimeOffset Noon = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string?> Invalid => new()
    {
        { "five fields (crontab without seconds)", "*/5 * * * *" },
        { "seven fields", "0 */5 * * * * 2026" },
        { "not a number", "0 */five * * * *" },
        { "minute out of range", "0 61 * * * *" },
        { "empty", "" },
        { "null", null },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void TryParse_NotSixFieldNcrontab_NullWithOneLineNamingTheSetting(string name, string? expression)
    {
        var schedule = ScaleInSchedule.TryParse(expression, out string? error);

        schedule.ShouldBeNull(name);
        error.ShouldNotBeNull().ShouldStartWith($"SCALE_IN_SCHEDULE '{expression}' is not a 6-field NCRONTAB expression");
        error.ShouldNotContain("\n");
    }

    [Fact]
    public void TryParse_NeverFires_NullWithMessage()
    {
        var schedule = ScaleInSchedule.TryParse("0 0 0 30 2 *", out string? error);

        schedule.ShouldBeNull();
        error.ShouldBe("SCALE_IN_SCHEDULE '0 0 0 30 2 *' never fires; e.g. \"0 * * * * *\" sweeps every minute.");
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithTheSameLine()
    {
        var ex = Should.Throw<FormatException>(() => ScaleInSchedule.Parse("every 5 minutes"));

        ex.Message.ShouldStartWith("SCALE_IN_SCHEDULE 'every 5 minutes' is not a 6-field NCRONTAB expression");
    }

    [Fact]
    public void FromConfiguration_Unset_DefaultEveryMinuteAsInfra()
    {
        var configuration = new ConfigurationBuilder().Build();

        var schedule = ScaleInSchedule.FromConfiguration(configuration);

        schedule.Expression.ShouldBe("0 * * * * *");
        schedule.IntervalAfter(Noon).ShouldBe(ScaleInOptions.DefaultSweepInterval);
        ScaleInOptions.DefaultSweepInterval.ShouldBe(TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void FromConfiguration_Set_ReadsTheRootSetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SCALE_IN_SCHEDULE"] = "0 */2 * * * *" }).Build();

        var schedule = ScaleInSchedule.FromConfiguration(configuration);

        schedule.Expression.ShouldBe("0 */2 * * * *");
    }

    [Fact]
    public void FromConfiguration_Invalid_Throws()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["SCALE_IN_SCHEDULE"] = "* * *" }).Build();

        Should.Throw<FormatException>(() => ScaleInSchedule.FromConfiguration(configuration));
    }

    public static TheoryData<string, string, DateTimeOffset, DateTimeOffset> Occurrences => new()
    {
        { "on an occurrence: the next one, strictly after", "0 */5 * * * *", Noon, Noon.AddMinutes(5) },
        { "between occurrences", "0 */5 * * * *", Noon.AddMinutes(1).AddSeconds(30), Noon.AddMinutes(5) },
        { "inside the second of an occurrence", "0 */5 * * * *", Noon.AddMilliseconds(400), Noon.AddMinutes(5) },
        { "every thirty seconds", "*/30 * * * * *", Noon.AddSeconds(10), Noon.AddSeconds(30) },
        { "hourly at :15, across the hour", "0 15 * * * *", Noon.AddMinutes(20), Noon.AddHours(1).AddMinutes(15) },
        { "in UTC whatever the offset", "0 0 13 * * *", new DateTimeOffset(2026, 3, 10, 14, 0, 0, TimeSpan.FromHours(2)), Noon.AddHours(1) },
    };

    [Theory]
    [MemberData(nameof(Occurrences))]
    public void NextAfter_Cases_FirstOccurrenceStrictlyAfter(string name, string expression, DateTimeOffset time, DateTimeOffset expected)
    {
        var schedule = ScaleInSchedule.Parse(expression);

        var next = schedule.NextAfter(time);

        next.ShouldBe(expected, name);
        next.Offset.ShouldBe(TimeSpan.Zero, name);
    }

    public static TheoryData<string, string, DateTimeOffset, TimeSpan> Intervals => new()
    {
        { "every five minutes", "0 */5 * * * *", Noon.AddMinutes(2), TimeSpan.FromMinutes(5) },
        { "every two minutes (the demo)", "0 */2 * * * *", Noon, TimeSpan.FromMinutes(2) },
        { "uneven: the gap after the coming sweep", "0 0,10 * * * *", Noon.AddMinutes(5), TimeSpan.FromMinutes(50) },
        { "uneven, later in the hour", "0 0,10 * * * *", Noon.AddMinutes(30), TimeSpan.FromMinutes(10) },
        { "daily", "0 30 2 * * *", Noon, TimeSpan.FromDays(1) },
    };

    [Theory]
    [MemberData(nameof(Intervals))]
    public void IntervalAfter_Cases_GapBetweenTheNextTwoOccurrences(string name, string expression, DateTimeOffset time, TimeSpan expected)
    {
        var schedule = ScaleInSchedule.Parse(expression);

        var interval = schedule.IntervalAfter(time);

        interval.ShouldBe(expected, name);
    }

    [Fact]
    public void Validate_RetiredSweepIntervalSet_OneErrorPointingToTheSchedule()
    {
        var options = new SeamlessOptions
        {
            Api = new ApiOptions { Authentication = ApiAuthentication.Platform },
            ScaleIn = new ScaleInOptions { SweepInterval = TimeSpan.FromMinutes(2) },
        };

        var errors = options.Validate();

        errors.ShouldHaveSingleItem().ShouldBe("Seamless:ScaleIn:SweepInterval is no longer read; remove it and set SCALE_IN_SCHEDULE (6-field NCRONTAB, UTC), e.g. \"0 * * * * *\" for every minute (the default).");
    }
}
