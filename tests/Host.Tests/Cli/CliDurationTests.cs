using Seamless.Host.Cli;

namespace Seamless.Host.Tests.Cli;

public sealed class CliDurationTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("30m", 1800)]
    [InlineData("2h", 7200)]
    [InlineData("600", 600)]
    [InlineData("00:30:00", 1800)]
    [InlineData("1.5m", 90)]
    public void Parse_Duration_Seconds(string text, double seconds)
    {
        var span = CliDuration.Parse(text);

        span.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("0")]
    [InlineData("-5m")]
    [InlineData("3d")]
    public void Parse_NotADuration_Null(string text)
    {
        CliDuration.Parse(text).ShouldBeNull();
    }
}
