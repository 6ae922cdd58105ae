using Seamless.Core.Model;

namespace Seamless.Azure;

/// <summary>
/// Lists a resource group's App Service plans and apps, one paged ARM read each (<c>AppServicePlans_ListByResourceGroup</c>,
/// <c>WebApps_ListByResourceGroup</c>): what <see cref="BatchingAppServiceClient"/> answers a sweep's plan and site reads from.
/// </summary>
public interface IResourceGroupLister
{
    /// <summary>Every App Service plan of the resource group.</summary>
    /// <param name="subscriptionId">The subscription id.</param>
    /// <param name="resourceGroup">The resource group name.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The plans, as <see cref="Workflows.Ports.IAppServiceClient.GetPlanAsync"/> reads each one.</returns>
    Task<IReadOnlyList<PlanState>> ListGroupPlansAsync(string subscriptionId, string resourceGroup, CancellationToken cancellationToken);

    /// <summary>Every app of the resource group (production sites, not their slots), each with its plan (<see cref="SiteState.ServerFarmId"/>).</summary>
    /// <param name="subscriptionId">The subscription id.</param>
    /// <param name="resourceGroup">The resource group name.</param>
    /// <param name="cancellationToken">The cancellation token.</param>
    /// <returns>The sites, as <see cref="Workflows.Ports.IAppServiceClient.ListPlanSitesAsync"/> reads those of one plan.</returns>
    Task<IReadOnlyList<SiteState>> ListGroupSitesAsync(string subscriptionId, string resourceGroup, CancellationToken cancellationToken);
}
