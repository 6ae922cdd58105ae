using Seamless.Core.Upgrade;
using Seamless.Workflows.Ports;

namespace Seamless.Workflows.Activities;

/// <summary>Reads the build a slot runs from the configured build identity source (the release's activity and the fleet view share it).</summary>
public static class BuildIdentityReader
{
    /// <summary>
    /// One app setting's value (no other value leaves the adapter) or the container image; null when the source holds
    /// nothing or builds are not identified.
    /// </summary>
    public static async Task<string?> ReadAsync(IAppServiceClient appService, string siteId, string slot, BuildIdentityPolicy identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(appService);
        ArgumentNullException.ThrowIfNull(identity);
        string? version = identity.Source switch
        {
            BuildIdentitySource.AppSetting => await appService.GetAppSettingValueAsync(siteId, slot, identity.AppSetting, cancellationToken),
            BuildIdentitySource.ContainerImage => await appService.GetContainerImageAsync(siteId, slot, cancellationToken),
            _ => null,
        };
        return string.IsNullOrWhiteSpace(version) ? null : version.Trim();
    }
}
