namespace Seamless.TestSupport;

/// <summary>
/// Marks a test class whose tests together run for minutes of real time (scaled-clock scenarios, child processes,
/// soaks). <see cref="LongRunningFirstOrderer"/> starts its collection first: started last, it alone would run on
/// after every other class has finished and set the project's wall time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class LongRunningAttribute : Attribute;
