using System.Net.Http.Json;
using System.Text.Json;
using Seamless.Core.Time;

namespace Seamless.Host.Serving;

/// <summary>
/// Virtual time across two processes: the app runs on its own <see cref="VirtualClock"/> and drives a standalone
/// simulator started with <c>--driven-time</c>, whose clock stands still until moved. The app starts at the
/// simulator's time (a restarted app goes on where the last one left it), tells it every jump before anything runs
/// at the new time, and sends its time with every call (<see cref="VirtualTime"/>). While the app is down, simulated
/// time stands still.
/// </summary>
internal static class DrivenSimulator
{
    private static readonly TimeSpan CallLimit = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Reads the simulator's time at <paramref name="endpoint"/> and returns a virtual clock starting there, with what
    /// publishes its jumps to the simulator (dispose after the clock).
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint is not a simulator on driven time.</exception>
    public static async Task<(VirtualClock Clock, IDisposable Drive)> DriveAsync(Uri endpoint, CancellationToken ct)
    {
        var http = new HttpClient { BaseAddress = endpoint, Timeout = CallLimit };
        try
        {
            var clock = await ReadAsync(http, endpoint, ct);
            var now = clock.GetProperty("now").GetDateTimeOffset();
            var virtualClock = new VirtualClock(now);
            var publisher = virtualClock.AddPublisher(async (at, token) =>
            {
                using var response = await http.PostAsJsonAsync(new Uri("_sim/clock", UriKind.Relative), new { now = at }, token).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
            });
            return (virtualClock, new Drive(publisher, http));
        }
        catch
        {
            http.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a simulator whose clock is driven when the app does not drive it (it would stand still for ever).</summary>
    public static ArgumentException NotDriving(Uri endpoint) =>
        new($"The simulator at {endpoint} runs on driven time (--driven-time): serve with --virtual-time to drive it.");

    private static async Task<JsonElement> ReadAsync(HttpClient http, Uri endpoint, CancellationToken ct)
    {
        JsonElement clock;
        try
        {
            clock = await http.GetFromJsonAsync<JsonElement>(new Uri("_sim/clock", UriKind.Relative), ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or NotSupportedException)
        {
            throw new ArgumentException($"--virtual-time with --azure-endpoint drives a simulator started with --driven-time; {endpoint} did not answer GET /_sim/clock ({ex.Message}).", ex);
        }

        if (!clock.TryGetProperty("driven", out var driven) || driven.ValueKind != JsonValueKind.True)
        {
            throw new ArgumentException($"--virtual-time with --azure-endpoint drives a simulator started with --driven-time; the clock of {endpoint} runs by itself.");
        }

        return clock;
    }

    private sealed class Drive(IDisposable publisher, HttpClient http) : IDisposable
    {
        public void Dispose()
        {
            publisher.Dispose();
            http.Dispose();
        }
    }
}
