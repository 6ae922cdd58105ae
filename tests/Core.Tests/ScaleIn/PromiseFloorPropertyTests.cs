using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Seamless.Core.ScaleIn.Headroom;

namespace Seamless.Core.Tests.ScaleIn;

/// <summary>
/// Safety properties of the floor Seamless holds itself over random sequences of learnings (minimums named or not, at
/// hours of the day or around the clock, learned hours to two days apart), read online as the planner reads it: after
/// each learning, at any minute before the next. Fixed seeds so failures reproduce (<see cref="PropertyReplay"/>).
/// </summary>
public sealed class PromiseFloorPropertyTests
{
    private const int MaxTest = 200;

    private static readonly DateTimeOffset Start = new(2026, 3, 10, 0, 0, 0, TimeSpan.Zero);

    private static readonly Gen<HoursOfDay?> HoursGen = Gen.Frequency(
        (2, Gen.Constant<HoursOfDay?>(null)),
        (3, from hour in Gen.Choose(0, 23) from margin in Gen.Choose(0, 6) select (HoursOfDay?)HoursOfDay.Around(hour, margin)),
        (1, from mask in Gen.Choose(1, HoursOfDay.AllDay.Mask) select (HoursOfDay?)new HoursOfDay(mask)));

    private static readonly Gen<Learning> LearningGen =
        from hoursAfter in Gen.Choose(1, 48)
        from named in Gen.Frequency((2, Gen.Constant<int?>(null)), (3, from n in Gen.Choose(1, 20) select (int?)n))
        from holdHours in Gen.Choose(1, 96)
        from hours in HoursGen
        from probes in Gen.Choose(0, (hoursAfter * 60) - 1).ArrayOf(4)
        select new Learning(hoursAfter, named, TimeSpan.FromHours(holdHours), hours, probes);

    private static readonly Arbitrary<Learning[]> Runs = Gen.Choose(1, 12).SelectMany(n => LearningGen.ArrayOf(n)).ToArbitrary();

    [Property(MaxTest = MaxTest, Replay = "49374," + PropertyReplay.Gamma)] // seed 0xC0DE
    public Property At_NeverBelowAMinimumStillHeldInItsHours_AndOnlyWhatWasNamed() =>
        Prop.ForAll(Runs, run =>
        {
            var floor = PromiseFloor.None;
            var at = Start;
            var recorded = new List<NamedMinimum>();
            foreach (var learning in run)
            {
                at = at.AddHours(learning.HoursAfter);
                floor = floor.Record(at, learning.Named, learning.Hold, learning.Hours);
                if (learning.Named is { } n)
                {
                    recorded.Add(new NamedMinimum(at, n, at + learning.Hold, learning.Hours));
                }

                foreach (int minutes in learning.ProbeMinutes)
                {
                    var now = at.AddMinutes(minutes);
                    var held = floor.At(now);
                    bool carries = recorded.All(r => !(r.At <= now && now < r.Until && r.HeldInHourOf(now)) || held is { } h && h.Instances >= r.Instances);
                    bool named = held is not { } f || (now < f.Until && recorded.Any(r => r.Instances == f.Instances && r.Until == f.Until));
                    if (!carries || !named)
                    {
                        return false;
                    }
                }
            }

            return true;
        });

    [Property(MaxTest = MaxTest, Replay = "61453," + PropertyReplay.Gamma)] // seed 0xF00D
    public Property Record_TheSameLearningTwice_ChangesNothing_AndKeepsNoMinimumAnotherOutlasts() =>
        Prop.ForAll(Runs, run =>
        {
            var floor = PromiseFloor.None;
            var at = Start;
            foreach (var learning in run)
            {
                at = at.AddHours(learning.HoursAfter);
                floor = floor.Record(at, learning.Named, learning.Hold, learning.Hours);
                if (!ReferenceEquals(floor.Record(at, learning.Named, learning.Hold, learning.Hours), floor))
                {
                    return false;
                }

                var named = floor.Named;
                bool outlasted = named.Any(a => named.Any(b => !ReferenceEquals(a, b) && b.Instances >= a.Instances && b.Until >= a.Until
                    && (b.Hours is not { } bh || a.Hours is { } ah && bh.Covers(ah))));
                if (outlasted || named.Any(n => n.Until <= at))
                {
                    return false;
                }
            }

            return true;
        });

    [Property(MaxTest = MaxTest, Replay = "3054," + PropertyReplay.Gamma)] // seed 0x0BEE
    public Property HoursOfDay_JsonRoundTrip_AndHoldsWhatItCovers() =>
        Prop.ForAll(Gen.Choose(1, HoursOfDay.AllDay.Mask).ToArbitrary(), mask =>
        {
            var hours = new HoursOfDay(mask);
            var back = JsonSerializer.Deserialize<HoursOfDay>(JsonSerializer.Serialize(hours));
            return back == hours
                && hours.Hours.All(hours.Holds)
                && Enumerable.Range(0, 24).Count(hours.Holds) == hours.Hours.Count
                && hours.Covers(hours & HoursOfDay.AllDay) && (hours | new HoursOfDay(1)).Covers(hours)
                && HoursOfDay.AllDay.Covers(hours);
        });

    /// <summary>One learning: hours after the one before, what it named, its hold and hours, and minutes after it to read the floor at.</summary>
    public sealed record Learning(int HoursAfter, int? Named, TimeSpan Hold, HoursOfDay? Hours, int[] ProbeMinutes);
}
