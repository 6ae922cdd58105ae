namespace Seamless.Simulator.Faults;

/// <summary>What an injected fault does to a long-running operation it lets through: fail it (lroFail), or make it take longer (lroDelay).</summary>
/// <param name="Fail">The operation is accepted and then ends in Failed.</param>
/// <param name="Delay">Extra simulated time before the operation completes.</param>
internal readonly record struct LroFault(bool Fail, TimeSpan Delay);
