namespace Seamless.Simulator.Fleet;

/// <summary>
/// Where a slot shows which build it runs, as real App Service exposes it: the non-sticky app setting a
/// CI pipeline sets with each deployment, and the container image of <c>config/web</c>. Both travel with
/// the content when slots swap.
/// </summary>
public static class BuildIdentity
{
    /// <summary>The app setting CI sets to the deployed version (Seamless's default name).</summary>
    public const string VersionSettingName = Seamless.Core.Upgrade.BuildIdentityPolicy.DefaultAppSetting;

    /// <summary>The container registry of the simulated images.</summary>
    public const string Registry = "sim.azurecr.io";

    /// <summary>
    /// Returns the <c>linuxFxVersion</c> of a slot running <paramref name="version"/>:
    /// <c>DOCKER|sim.azurecr.io/{site}:{version}</c>. The repository is lower case, as image references require.
    /// </summary>
    /// <param name="siteName">The site name (the image repository).</param>
    /// <param name="version">The version of the running build (the image tag).</param>
    /// <returns>The <c>linuxFxVersion</c> value.</returns>
    public static string LinuxFxVersion(string siteName, string version)
    {
        ArgumentException.ThrowIfNullOrEmpty(siteName);
        ArgumentNullException.ThrowIfNull(version);
        return $"DOCKER|{Registry}/{siteName.ToLowerInvariant()}:{version}";
    }

    /// <summary>
    /// Sets the version setting in <paramref name="settings"/> as CI would: a value is recorded, an empty
    /// string means "not recorded" and removes the setting.
    /// </summary>
    /// <param name="settings">The app settings to change.</param>
    /// <param name="recordedVersion">The value to record; empty removes the setting.</param>
    internal static void Record(Dictionary<string, string> settings, string recordedVersion)
    {
        if (recordedVersion.Length == 0)
        {
            settings.Remove(VersionSettingName);
        }
        else
        {
            settings[VersionSettingName] = recordedVersion;
        }
    }
}
