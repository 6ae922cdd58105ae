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

    [Fact]
    public void Parse_MinutesWrittenAsWholeFloatingPointNumbers_ReadAsTheirMinutes()
    {
        // pandas writes an integer column that had a missing cell as floats.
        var trace = TraceParser.Parse("minute,value\n0.0,1\n5.0,2\n1.0e1,3\n");

        trace.ResolutionMinutes.ShouldBe(5);
        trace.Demand.Count.ShouldBe(15);
        trace.Demand[5].ShouldBe(2);
        trace.Demand[10].ShouldBe(3);
    }

    [Fact]
    public void Parse_TimestampColumn_CountsMinutesFromTheFirstRowAndDropsSeconds()
    {
        // The Numenta Anomaly Benchmark's layout: five-minute rows stamped at :53 seconds, a missing row held.
        var trace = TraceParser.Parse("timestamp,value\n2015-02-26 21:42:53,57\n2015-02-26 21:47:53,43\n2015-02-26 21:57:53,55\n", "nab");

        trace.ResolutionMinutes.ShouldBe(5);
        trace.Minutes.ShouldBe(20);
        trace.Demand.Take(5).ShouldAllBe(v => v == 57);
        trace.Demand.Skip(5).Take(10).ShouldAllBe(v => v == 43);
        trace.Demand.Skip(15).ShouldAllBe(v => v == 55);
        trace.Note.ShouldContain("5 minute(s) missing");
    }

    [Fact]
    public void Parse_TimestampsWithAnOffset_CountMinutesInUniversalTime()
    {
        var trace = TraceParser.Parse("value,timestamp\n1,2026-03-29T00:59:00+00:00\n2,2026-03-29T03:00:00+02:00\n");

        trace.Demand.ShouldBe([1.0, 2.0]);
    }

    [Fact]
    public void Parse_TimestampsFinerThanAMinute_AverageIntoTheirMinuteAndSaySo()
    {
        // A 20-second export: three rows a minute, the second minute's values 30, 60 and 90.
        var trace = TraceParser.Parse(
            "timestamp,value\n2026-03-01 10:00:00,10\n2026-03-01 10:00:20,20\n2026-03-01 10:00:40,30\n"
            + "2026-03-01 10:01:00,30\n2026-03-01 10:01:20,60\n2026-03-01 10:01:40,90\n2026-03-01 10:02:00,5\n",
            "fine");

        trace.Demand.ShouldBe([20.0, 60.0, 5.0]);
        trace.ResolutionMinutes.ShouldBe(1);
        trace.SourceRows.ShouldBe(7);
        trace.Note.ShouldContain("4 row(s) finer than a minute averaged");
    }

    [Fact]
    public void Parse_TimestampsFinerThanAMinuteWithAGap_HoldTheLastMinutesMean()
    {
        var trace = TraceParser.Parse(
            "timestamp,value\n2026-03-01 10:00:10,4\n2026-03-01 10:00:50,8\n2026-03-01 10:01:10,2\n2026-03-01 10:03:30,1\n");

        trace.Demand.ShouldBe([6.0, 2.0, 2.0, 1.0]);
        trace.Note.ShouldContain("1 minute(s) missing");
        trace.Note.ShouldContain("1 row(s) finer than a minute averaged");
    }

    [Fact]
    public void Parse_RowsWithoutAValue_HoldThePreviousValueAsMissingRowsDoAndSaySo()
    {
        var written = TraceParser.Parse("minute,value\n0,4\n1,\n2,NaN\n3,null\n4,\"7\"\n5,NA\n6,2\n");

        written.Demand.ShouldBe([4.0, 4.0, 4.0, 4.0, 7.0, 7.0, 2.0]);
        written.ResolutionMinutes.ShouldBe(1, "the rows without a value still show the one-minute spacing");
        written.SourceRows.ShouldBe(7);
        written.Note.ShouldContain("4 row(s) without a value (an empty cell, NaN, NA, null or None) read as missing");
    }

    [Fact]
    public void Parse_TimestampedRowWithoutAValue_IsNotAveragedIntoItsMinute()
    {
        var trace = TraceParser.Parse("timestamp,value\n2026-03-01 10:00:00,4\n2026-03-01 10:00:30,NaN\n2026-03-01 10:01:00,6\n");

        trace.Demand.ShouldBe([4.0, 6.0]);
    }

    [Fact]
    public void Parse_ASkippedHoursSamplesStampedWithTheTimeAfterIt_ArePlacedInThatHourAtTheFilesSpacing()
    {
        // The Numenta Anomaly Benchmark's EC2 series at the 2014 spring change: after 01:56 the twelve samples of the hour
        // the clock skipped are all stamped 03:00:00, then 03:01 follows five minutes after the last of them.
        var rows = string.Concat(Enumerable.Range(1, 12).Select(i => $"2014-03-09 03:00:00,{i * 10}\n"));
        var trace = TraceParser.Parse(
            "timestamp,value\n2014-03-09 01:46:00,1\n2014-03-09 01:51:00,2\n2014-03-09 01:56:00,3\n" + rows
            + "2014-03-09 03:01:00,500\n2014-03-09 03:06:00,600\n",
            "nab-spring");

        trace.ResolutionMinutes.ShouldBe(5);
        trace.Minutes.ShouldBe(85, "17 rows five minutes apart, the last held five minutes");
        trace.Demand[10].ShouldBe(3);
        trace.Demand[15].ShouldBe(10, "the first of the skipped hour's samples, one spacing after 01:56");
        trace.Demand[19].ShouldBe(10);
        trace.Demand[70].ShouldBe(120, "the twelfth, at 02:56");
        trace.Demand[75].ShouldBe(500, "03:01 five minutes after it");
        trace.Note.ShouldContain("12 row(s) stamped with the time after a daylight-saving change's skipped hour");
        trace.Note.ShouldNotContain("missing");
    }

    [Fact]
    public void Parse_AnHourTheClockRepeats_IsReadAsTheHourAfter()
    {
        // The autumn change: 01:55 on the summer clock, then 01:00 on the winter clock, an hour later in fact.
        var trace = TraceParser.Parse(
            "timestamp,value\n2014-11-02 01:50:00,1\n2014-11-02 01:55:00,2\n2014-11-02 01:00:00,3\n2014-11-02 01:05:00,4\n"
            + "2014-11-02 02:00:00,5\n");

        trace.ResolutionMinutes.ShouldBe(5);
        trace.Demand.Count.ShouldBe(75, "01:50 to 02:00 on the winter clock is 70 minutes, the last row held five");
        trace.Demand[10].ShouldBe(3, "the repeated 01:00 is 02:00 on the summer clock, ten minutes after 01:50");
        trace.Demand[15].ShouldBe(4);
        trace.Demand[70].ShouldBe(5);
        trace.Note.ShouldContain("1 hour(s) a daylight-saving change repeated read as the hour after");
    }

    [Fact]
    public void Parse_ASpringAndAnAutumnChangeMonthsApart_AreBothRead()
    {
        // Hourly rows from March to November on a local clock: the spring hour is skipped (no rows stamped in it: a plain
        // gap) and the autumn hour repeated; both changes are read, the file's hours stay one apart.
        var rows = new System.Text.StringBuilder("timestamp,value\n");
        var at = new DateTime(2014, 3, 9, 0, 0, 0);
        var written = 0;
        while (at < new DateTime(2014, 11, 3))
        {
            if (at != new DateTime(2014, 3, 9, 2, 0, 0))
            {
                rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm:ss},{1 + (written % 5)}\n");
                written++;
            }

            if (at == new DateTime(2014, 11, 2, 1, 0, 0) && rows.ToString().Split('\n').Count(l => l.StartsWith("2014-11-02 01:00", StringComparison.Ordinal)) == 1)
            {
                rows.Append(System.Globalization.CultureInfo.InvariantCulture, $"{at:yyyy-MM-dd HH:mm:ss},9\n");
                written++;
            }

            at = at.AddHours(1);
        }

        var trace = TraceParser.Parse(rows.ToString(), "two-changes");

        trace.ResolutionMinutes.ShouldBe(60);
        trace.SourceRows.ShouldBe(written);
        trace.Note.ShouldContain("1 hour(s) a daylight-saving change repeated read as the hour after");
        trace.Note.ShouldContain("60 minute(s) missing", customMessage: "the spring hour the clock skipped");
    }

    [Theory]
    [InlineData("timestamp not a date", "timestamp,value\n2015-02-26 21:42:53,1\nyesterday,2\n", "Line 3: timestamp 'yesterday'")]
    [InlineData("timestamp goes back", "timestamp,value\n2015-02-26 21:42:53,1\n2015-02-26 21:40:00,2\n", "Line 3")]
    [InlineData("timestamp back within a minute", "timestamp,value\n2015-02-26 21:42:13,1\n2015-02-26 21:44:10,2\n2015-02-26 21:43:59,3\n", "Line 4: timestamp '2015-02-26 21:43:59' does not follow")]
    [InlineData("timestamp repeated", "timestamp,value\n2015-02-26 21:42:13,1\n2015-02-26 21:42:13,2\n", "Line 3: timestamp '2015-02-26 21:42:13' does not follow")]
    [InlineData("repeat with no gap before it", "timestamp,value\n2014-03-09 01:50:00,1\n2014-03-09 01:55:00,2\n2014-03-09 02:00:00,3\n2014-03-09 02:00:00,4\n", "Line 5: timestamp '2014-03-09 02:00:00' repeats the row above's more often than the gap")]
    [InlineData("repeat after a single row", "timestamp,value\n2014-03-09 01:55:00,1\n2014-03-09 03:00:00,2\n2014-03-09 03:00:00,3\n", "Line 4: timestamp '2014-03-09 03:00:00' does not follow")]
    [InlineData("more repeats than the gap holds", "timestamp,value\n2014-03-09 01:45:00,1\n2014-03-09 01:50:00,2\n2014-03-09 02:00:00,3\n2014-03-09 02:00:00,4\n2014-03-09 02:00:00,5\n", "Line 6: timestamp '2014-03-09 02:00:00' repeats")]
    [InlineData("repeat outside the change's hours", "timestamp,value\n2014-03-09 10:00:00,1\n2014-03-09 11:00:00,2\n2014-03-09 11:00:00,3\n", "Line 4: timestamp '2014-03-09 11:00:00' does not follow")]
    [InlineData("step back outside the change's hours", "timestamp,value\n2014-11-02 10:55:00,1\n2014-11-02 10:00:00,2\n", "Line 3: timestamp '2014-11-02 10:00:00' does not follow")]
    [InlineData("step back of more than an hour", "timestamp,value\n2014-11-02 02:30:00,1\n2014-11-02 01:00:00,2\n", "Line 3: timestamp '2014-11-02 01:00:00' does not follow")]
    [InlineData("a second change within a month", "timestamp,value\n2014-11-02 01:55:00,1\n2014-11-02 01:00:00,2\n2014-11-09 01:55:00,3\n2014-11-09 01:00:00,4\n", "Line 5: timestamp '2014-11-09 01:00:00' does not follow")]
    [InlineData("a step back with an offset", "timestamp,value\n2014-11-02T01:55:00-04:00,1\n2014-11-02T01:00:00-04:00,2\n", "Line 3")]
    [InlineData("integer minute repeated", "minute,value\n0,1\n0,2\n", "Line 3: minute 0 does not follow 0")]
    [InlineData("no header", "0,1\n1,2\n", "header")]
    [InlineData("empty", "", "empty")]
    [InlineData("header only", "minute,value\n", "no rows")]
    [InlineData("no demand", "minute,value\n0,0\n5,0\n", "Every value is 0")]
    [InlineData("no values", "minute,value\n0,\n1,NaN\n", "every row's is missing")]
    [InlineData("missing value, minute repeated", "minute,value\n0,1\n0,\n", "Line 3: minute 0 does not follow 0")]
    [InlineData("minute back behind a missing value", "minute,value\n0,1\n3,\n2,5\n", "Line 4: minute 2 does not follow 3")]
    [InlineData("value not a number", "minute,value\n0,1\n1,n/a\n", "Line 3: value 'n/a'")]
    [InlineData("minute not a number", "minute,value\nx,1\n", "Line 2")]
    [InlineData("minute not whole", "minute,value\n0,1\n2.5,1\n", "Line 3: minute '2.5' is not a non-negative integer")]
    [InlineData("negative value", "minute,value\n0,-1\n", "Line 2")]
    [InlineData("minutes go back", "minute,value\n0,1\n5,1\n3,1\n", "Line 4")]
    [InlineData("short row", "minute,value\n0\n", "Line 2")]
    public void Parse_InvalidInput_ThrowsNamingTheProblem(string name, string csv, string expected)
    {
        var error = Should.Throw<FormatException>(() => TraceParser.Parse(csv));

        error.Message.ShouldContain(expected, Case.Insensitive, name);
    }
}
