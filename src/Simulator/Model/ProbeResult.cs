namespace Seamless.Simulator.Model;

/// <summary>The answer of a data-plane request.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="LatencyMs">Simulated latency.</param>
/// <param name="Body">Body text.</param>
/// <param name="InstanceId">Instance that answered.</param>
/// <param name="Slot">Slot that answered.</param>
/// <param name="Version">Version of the build that answered.</param>
/// <param name="HostName">Host name of the slot that answered.</param>
internal sealed record ProbeResult(int Status, double LatencyMs, string Body, string InstanceId, string Slot, string Version, string HostName);
