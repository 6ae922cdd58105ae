namespace Seamless.Simulator.Faults;

/// <summary>What an injected fault does to a long-running operation it lets through: fail it (lroFail), make it take longer (lroDelay) or keep it running until its rule is removed (lroHold).</summary>
/// <param name="Fail">The operation is accepted and then ends in Failed.</param>
/// <param name="Delay">Extra simulated time before the operation completes.</param>
/// <param name="Hold">The lroHold rule's release signal: the operation stays InProgress until the rule is removed.</param>
internal readonly record struct LroFault(bool Fail, TimeSpan Delay, FaultHold? Hold = null);
