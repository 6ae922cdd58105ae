using Microsoft.AspNetCore.Http;
using Seamless.Api.Requests;

namespace Seamless.Api.Tests.Requests;

/// <summary>The query records read what both hosts pass, and their parsers keep the API's first-error rules.</summary>
public sealed class QueryRequestTests
{
    [Fact]
    public void FromRequest_Query_RawValuesOfEachRecord()
    {
        var request = new DefaultHttpContext().Request;
        request.QueryString = new QueryString("?site=app&status=active&limit=5&from=a&to=b&plan=p&hours=2&by=ann&reason=why");

        UpgradeListQuery.FromRequest(request).ShouldBe(new UpgradeListQuery("app", "active", "5"));
        UpgradeMetricsQuery.FromRequest(request).ShouldBe(new UpgradeMetricsQuery("a", "b"));
        DecisionQuery.FromRequest(request).ShouldBe(new DecisionQuery("p", "5"));
        PlanHistoryQuery.FromRequest(request).ShouldBe(new PlanHistoryQuery("2"));
        UpgradeSignalRequest.FromRequest(request).ShouldBe(new UpgradeSignalRequest("ann", "why", null));
    }

    [Fact]
    public void FromRequest_KeyHeader_SignalCarriesItsFingerprint()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[ApiKeyAuthenticator.KeyHeader] = "some-key-0123456789";

        var signal = UpgradeSignalRequest.FromRequest(context.Request);

        signal.KeyFingerprint.ShouldBe(ApiKeyAuthenticator.Fingerprint(context));
        signal.KeyFingerprint.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("none given", null, null, null, DecisionFilter.DefaultLimit)]
    [InlineData("both bad: the plan is the one error", "not-a-plan", "0", "plan", 0)]
    [InlineData("limit over the journal's", null, "100000", "limit", 0)]
    [InlineData("empty plan is all plans", "", "7", null, 7)]
    public void DecisionFilterParse_Query_FirstErrorOrFilter(string name, string? plan, string? limit, string? errorField, int expectedLimit)
    {
        var (filter, errors) = DecisionFilter.Parse(new DecisionQuery(plan, limit));

        if (errorField is null)
        {
            filter.ShouldNotBeNull(name);
            filter.Limit.ShouldBe(expectedLimit, name);
            filter.Plan.ShouldBeNull(name);
        }
        else
        {
            filter.ShouldBeNull(name);
            errors.Select(e => e.Field).ShouldBe([errorField], name);
        }
    }

    [Theory]
    [InlineData("default", null, true, PlanHistory.DefaultHours)]
    [InlineData("zero", "0", true, 0)]
    [InlineData("the most", "24", true, 24)]
    [InlineData("too many", "25", false, 0)]
    [InlineData("empty", "", false, 0)]
    [InlineData("signed", "+3", false, 0)]
    public void PlanHistoryParse_Hours_InRangeOrOneError(string name, string? hours, bool valid, int expected)
    {
        var (history, errors) = PlanHistory.Parse(new PlanHistoryQuery(hours));

        if (valid)
        {
            history!.Hours.ShouldBe(expected, name);
        }
        else
        {
            history.ShouldBeNull(name);
            errors.Single().Message.ShouldBe("'hours' must be an integer from 0 to 24.", name);
        }
    }

    [Fact]
    public void UpgradeMetricsRangeParse_BothBad_BothFieldsInOrder()
    {
        var (range, errors) = UpgradeMetricsRange.Parse(new UpgradeMetricsQuery("yesterday", "1999-01-01T00:00:00Z"));

        range.ShouldBeNull();
        errors.Select(e => e.Field).ShouldBe(["from", "to"]);
    }
}
