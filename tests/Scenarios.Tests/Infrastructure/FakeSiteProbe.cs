using Seamless.Workflows.Ports;

namespace Seamless.Scenarios.Tests.Infrastructure;

/// <summary>Instance probes: 200 in 20 ms while the new build is warm, 503 while it is not.</summary>
internal sealed class FakeSiteProbe : ISiteProbe
{
    private volatile bool _warm = true;

    /// <summary>Gets or sets a value indicating whether the instances answer as warm.</summary>
    public bool Warm
    {
        get => _warm;
        set => _warm = value;
    }

    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ProbeResult(_warm ? 200 : 503, TimeSpan.FromMilliseconds(20)));
}
