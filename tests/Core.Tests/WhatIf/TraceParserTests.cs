using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

public sealed class TraceParserTests
{
    [Fact]
    public void Parse_OneMinuteTrace_KeepsEveryValue()
    {
        var trace = TraceParser.Parse("minute,value\n0,10\n1,20\n2,30\n", "t");

        trace.Demand.ShouldBe([10.0, 20.0, 30.0]);
        trace.ResolutionMinutes.ShouldBe(1);
        trace.SourceRows.ShouldBe(3);
        trace.Peak.ShouldBe(30);
        trace.Name.ShouldBe("t");
    }

    [Fact]
    public void Parse_FiveMinuteTrace_HoldsEachValueFiveMinutesAndSaysSo()
    {
        var trace = TraceParser.Parse("minute,value\n0,1.5\n5,2.5\n10,3.5\n");

        trace.ResolutionMinutes.ShouldBe(5);
        trace.Minutes.ShouldBe(15);
        trace.Demand.Take(5).ShouldAllBe(v => v == 1.5);
        trace.Demand.Skip(10).ShouldAllBe(v => v == 3.5);
        trace.Note.ShouldContain("held for 5 minutes");
    }

    [Fact]
    public void Parse_ExtraColumnsAnyOrder_UsesMinuteAndValue()
    {
        var trace = TraceParser.Parse("value,host,minute\n7,a,0\n8,b,1\n");

        trace.Demand.ShouldBe([7.0, 8.0]);
    }

    [Fact]
    public void Parse_GapInOneMinuteTrace_HoldsThePreviousValueAndSaysSo()
    {
        var trace = TraceParser.Parse("minute,value\n0,1\n1,2\n4,3\n");

        trace.Demand.ShouldBe([1.0, 2.0, 2.0, 2.0, 3.0]);
        trace.Note.ShouldContain("2 minute(s) missing");
    }

    [Theory]
    [InlineData("no header", "0,1\n1,2\n", "header")]
    [InlineData("empty", "", "empty")]
    [InlineData("header only", "minute,value\n", "no rows")]
    [InlineData("minute not a number", "minute,value\nx,1\n", "Line 2")]
    [InlineData("negative value", "minute,value\n0,-1\n", "Line 2")]
    [InlineData("minutes go back", "minute,value\n0,1\n5,1\n3,1\n", "Line 4")]
    [InlineData("short row", "minute,value\n0\n", "Line 2")]
    public void Parse_InvalidInput_ThrowsNamingTheProblem(string name, string csv, string expected)
    {
        var error = Should.Throw<FormatException>(() => TraceParser.Parse(csv));

        error.Message.ShouldContain(expected, Case.Insensitive, name);
    }
}
