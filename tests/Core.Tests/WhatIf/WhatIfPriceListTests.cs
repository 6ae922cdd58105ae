using System.Text.Json;
using Seamless.Core.ScaleIn;
using Seamless.Core.WhatIf;

namespace Seamless.Core.Tests.WhatIf;

/// <summary>The price of the promise: Seamless replayed once per overload budget (<see cref="WhatIfPriceList"/>).</summary>
public sealed class WhatIfPriceListTests
{
    private static Trace Bursty() => WhatIfTestTraces.Bursty();

    [Fact]
    public void Run_SeveralBudgets_EachRowIsSeamlessReplayedWithThatBudget_SmallestFirst()
    {
        var trace = Bursty();
        var options = new WhatIfOptions();

        var list = WhatIfPriceList.Run(trace, options, [5, 0.1, 0.1]);

        list.Prices.Select(p => p.BudgetPercent).ShouldBe([0.1, 5]);
        foreach (var price in list.Prices)
        {
            var report = WhatIfRunner.Run(trace, options with { Policy = ScaleInPolicy.Default with { OverloadBudgetPercent = price.BudgetPercent } });
            var alone = report.Policies.Single(p => p.Name == WhatIfPolicyNames.Seamless);
            price.AtMinimum.ShouldBe(report.SeamlessLearning?.AtLargestMinimum, $"budget {price.BudgetPercent}");
            price.Minimum.ShouldBe(price.AtMinimum is null ? null : report.SeamlessLearning!.LargestMinimumToKeepBudget);
            price.Result.ShouldBe(alone with { Elasticity = price.Result.Elasticity }, $"budget {price.BudgetPercent}");
            price.Result.Elasticity.ShouldBe(alone.Elasticity);
            price.OverloadPercent.ShouldBe(Math.Round(100.0 * alone.OverloadMinutes / trace.Minutes, 4));
            price.Kept.ShouldBe(price.OverloadPercent <= price.BudgetPercent);
            price.TimesOracle.ShouldBe(Math.Round(alone.InstanceHours / list.Oracle.InstanceHours, 4));
        }

        list.Prices[1].Result.InstanceHours.ShouldBeLessThan(list.Prices[0].Result.InstanceHours, "a budget fifty times larger buys fewer instances");
        list.Oracle.Name.ShouldBe(WhatIfPolicyNames.Oracle);
        list.StaticPeak.Name.ShouldBe(WhatIfPolicyNames.StaticPeak);
    }

    [Fact]
    public void Run_BurstsBeyondReach_PricesEachBudgetAlsoWithThePlanMinimumTheLearningNamed()
    {
        var trace = WhatIfTestTraces.JumpsBeyondReach();

        var list = WhatIfPriceList.Run(trace, new WhatIfOptions(), [0.1]);

        var price = list.Prices.ShouldHaveSingleItem();
        var report = WhatIfRunner.Run(trace, new WhatIfOptions());
        price.Kept.ShouldBeFalse("jumps beyond reach overload the plan");
        price.Minimum.ShouldBe(report.SeamlessLearning!.LargestMinimumToKeepBudget.ShouldNotBeNull());
        price.AtMinimum.ShouldBe(report.SeamlessLearning.AtLargestMinimum);
        price.AtMinimumOverloadPercent!.Value.ShouldBeLessThan(price.OverloadPercent);
        price.AtMinimumTimesOracle.ShouldBe(Math.Round(price.AtMinimum!.InstanceHours / list.Oracle.InstanceHours, 4));
        list.ToTable().ShouldContain($"min {price.Minimum}: {price.AtMinimumTimesOracle:0.000} × at {price.AtMinimumOverloadPercent:0.000} %");
    }

    [Theory]
    [InlineData(new double[] { 0 }, "budget 0 is not a share of minutes in (0, 100) percent.")]
    [InlineData(new double[] { 0.1, 100 }, "budget 100 is not a share of minutes in (0, 100) percent.")]
    [InlineData(new double[] { double.NaN }, "budget NaN is not a share of minutes in (0, 100) percent.")]
    [InlineData(new double[] { }, "give 1 to 10 budgets, not 0.")]
    [InlineData(new double[] { 0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, 0.2 }, "give 1 to 10 budgets, not 11.")]
    public void Run_BadBudgets_RefusedNamingTheFault(double[] budgets, string message)
    {
        var ex = Should.Throw<ArgumentException>(() => WhatIfPriceList.Run(Bursty(), new WhatIfOptions(), budgets));

        ex.Message.ShouldStartWith(message);
    }

    [Fact]
    public void ToJsonAndToTable_StateEveryBudgetWithItsCostAndWhetherItWasKept()
    {
        var list = WhatIfPriceList.Run(Bursty(), new WhatIfOptions(), [0.1, 5]);

        var json = JsonDocument.Parse(list.ToJson()).RootElement;
        var table = list.ToTable().Split('\n');

        json.GetProperty("prices").GetArrayLength().ShouldBe(2);
        var first = json.GetProperty("prices")[0];
        first.GetProperty("budgetPercent").GetDouble().ShouldBe(0.1);
        first.GetProperty("kept").GetBoolean().ShouldBe(list.Prices[0].Kept);
        first.GetProperty("result").GetProperty("instanceHours").GetDouble().ShouldBe(list.Prices[0].Result.InstanceHours);
        json.GetProperty("oracle").GetProperty("name").GetString().ShouldBe("oracle");
        table.ShouldContain(l => l.StartsWith("budget %", StringComparison.Ordinal));
        var row = System.Text.RegularExpressions.Regex.Split(table.Single(l => l.StartsWith("0.1 ", StringComparison.Ordinal)).Trim(), " {2,}");
        row[5].ShouldBe(list.Prices[0].Kept ? "yes" : "no");
        row[6].ShouldBe(list.Prices[0].Minimum is { } m ? $"min {m}: {list.Prices[0].AtMinimumTimesOracle:0.000} × at {list.Prices[0].AtMinimumOverloadPercent:0.000} %" : "—");
        table.ShouldContain(l => l.StartsWith("static-peak", StringComparison.Ordinal));
    }
}
