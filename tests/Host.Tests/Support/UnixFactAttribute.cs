namespace Seamless.Host.Tests.Support;

/// <summary>A fact about Unix file modes: skipped on Windows, where there are none.</summary>
internal sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes only.";
        }
    }
}
