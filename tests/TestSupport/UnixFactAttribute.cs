using Xunit;

namespace Seamless.TestSupport;

/// <summary>A fact about Unix file modes: skipped on Windows, where there are none.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Unix file modes only.";
        }
    }
}
