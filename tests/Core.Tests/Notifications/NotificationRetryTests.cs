using Seamless.Core.Notifications;

namespace Seamless.Core.Tests.Notifications;

/// <summary>The back-off of webhook deliveries: done on 2xx, retried with doubling delays on transient failures, given up after the last attempt or on a refusal.</summary>
public sealed class NotificationRetryTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan First = TimeSpan.FromSeconds(30);

    public static TheoryData<string, int?, string?, int, DeliveryAction, TimeSpan?> Cases => new()
    {
        { "200 delivered", 200, null, 1, DeliveryAction.Done, null },
        { "204 delivered on the last attempt", 204, null, 8, DeliveryAction.Done, null },
        { "503 first attempt: 30 s", 503, null, 1, DeliveryAction.Retry, TimeSpan.FromSeconds(30) },
        { "500 third attempt: 2 min", 500, null, 3, DeliveryAction.Retry, TimeSpan.FromMinutes(2) },
        { "connection refused: retried", null, "Connection refused", 2, DeliveryAction.Retry, TimeSpan.FromMinutes(1) },
        { "timeout: retried", null, "no answer within 00:00:10", 1, DeliveryAction.Retry, TimeSpan.FromSeconds(30) },
        { "429: retried", 429, null, 1, DeliveryAction.Retry, TimeSpan.FromSeconds(30) },
        { "408: retried", 408, null, 1, DeliveryAction.Retry, TimeSpan.FromSeconds(30) },
        { "503 on the last attempt: given up", 503, null, 8, DeliveryAction.GiveUp, null },
        { "404: given up at once", 404, null, 1, DeliveryAction.GiveUp, null },
        { "400: given up at once", 400, null, 1, DeliveryAction.GiveUp, null },
        { "302 (redirects are not followed): given up", 302, null, 1, DeliveryAction.GiveUp, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Evaluate_Attempt_Verdict(string name, int? status, string? failure, int attempts, DeliveryAction action, TimeSpan? delay)
    {
        var verdict = NotificationRetry.Evaluate(status, failure, attempts, Now, First, maxAttempts: 8);

        verdict.Action.ShouldBe(action, name);
        verdict.NextAttemptAt.ShouldBe(delay is null ? null : Now + delay, name);
        verdict.Message.ShouldNotBeNullOrWhiteSpace(name);
    }

    [Fact]
    public void Evaluate_DefaultSchedule_SpansAboutAnHour()
    {
        var at = Now;
        int attempts = 0;
        DeliveryVerdict verdict;
        do
        {
            attempts++;
            verdict = NotificationRetry.Evaluate(503, null, attempts, at, First, maxAttempts: 8);
            at = verdict.NextAttemptAt ?? at;
        }
        while (verdict.Action == DeliveryAction.Retry);

        attempts.ShouldBe(8);
        verdict.Action.ShouldBe(DeliveryAction.GiveUp);
        verdict.Message.ShouldContain("gave up after 8 attempts");
        (at - Now).ShouldBe(TimeSpan.FromSeconds(30 * 127));
    }
}
