metadata name = 'Seamless'
metadata description = 'Provisions Seamless: the Durable Functions app (Flex Consumption, .NET 10 isolated) with its identity, storage and monitoring, least-privilege access to the managed App Service resource groups, the alert webhook and metric alert rules, and an optional demo target.'

targetScope = 'subscription'

import { alertThresholdsType, buildIdentityType, demoTargetType, flexScaleType, notificationWebhookType, scaleInPlanPolicyType, scaleInPolicyType, tagsType, upgradePolicyType } from 'types.bicep'

@description('Required. azd environment name; part of resource names and tags.')
@minLength(1)
@maxLength(32)
param environmentName string

@description('Required. Azure region of every regional resource.')
param location string

@description('Optional. Name of the resource group for Seamless itself. Default rg-<environmentName>.')
param resourceGroupName string?

@description('Optional. Resource ids of the App Service sites (web apps with a staging slot) Seamless may upgrade.')
param managedSiteIds string[] = []

@description('Optional. Resource ids of the App Service plans Seamless may scale in.')
param managedPlanIds string[] = []

@description('Optional. HMAC secret CI deliveries are signed with (X-Hub-Signature-256). When absent, CI authenticates with the function key only.')
@secure()
param webhookSecret string?

@description('Optional. Key Vault secret URI of the HMAC secret, read through a Key Vault reference instead of webhookSecret.')
param webhookSecretKeyVaultSecretUri string?

@description('Optional. Operator defaults of the upgrade policy (Seamless:Upgrade in the app); unset fields keep the built-in defaults.')
param upgradePolicy upgradePolicyType?

@description('Optional. How the build in a slot is identified before a release writes anything (Seamless:BuildIdentity in the app). Default: the non-sticky app setting SEAMLESS_BUILD_VERSION, which CI sets with each deployment.')
param buildIdentity buildIdentityType?

@description('Optional. Scale-in policy of every managed plan (Seamless:ScaleIn:Policy in the app); unset fields keep the built-in defaults.')
param scaleInPolicy scaleInPolicyType?

@description('Optional. Managed plans with a promise of their own (Seamless:ScaleIn:Plans in the app): an overload budget, a provisioning delay or bounds read over scaleInPolicy. Each plan must be one of the managed plans.')
param scaleInPlanPolicies scaleInPlanPolicyType[] = []

@description('Optional. NCRONTAB (6 fields, UTC) schedule of the scale-in sweep. Default every minute (the cadence the overload promise is measured at).')
param scaleInSchedule string = '0 * * * * *'

@description('Optional. NCRONTAB (6 fields, UTC) schedule of the state purge (Seamless:Retention). Default daily at 03:17.')
param statePurgeSchedule string = '0 17 3 * * *'

@description('Optional. NCRONTAB (6 fields, UTC) schedule of the notification delivery (Seamless:Notifications). Default every minute.')
param notificationSchedule string = '0 * * * * *'

@description('Optional. Outbound webhooks on release and scale events (Seamless:Notifications:Webhooks in the app): CloudEvents JSON or Slack/Teams text, retried, never blocking a release. Default none.')
param notifications notificationWebhookType[] = []

@description('Optional. Flex Consumption scale settings of the Function App.')
param functionAppScale flexScaleType = {}

@description('Optional. Create the action group and metric alert rules. Needs the Function App host running (its key is read): see docs/infra.md. Default true.')
param deployAlerts bool = true

@description('Optional. Alert thresholds, severity and windows.')
param alertThresholds alertThresholdsType = {}

@description('Optional. Create a demo target (Standard plan, web app, staging slot) in its own resource group and manage it. Default false.')
param deployDemoTarget bool = false

@description('Optional. Settings of the demo target.')
param demoTarget demoTargetType = {}

@description('Optional. Tags applied to every resource.')
param tags tagsType = {}

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var allTags = union(tags, { 'azd-env-name': environmentName })

var seamlessResourceGroupName = resourceGroupName ?? '${abbrs.resourcesResourceGroups}${environmentName}'
var demoResourceGroupName = '${abbrs.resourcesResourceGroups}${environmentName}-demo'
var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'

// Modules get names and ids known when the deployment starts, never names or principal ids from
// another module's outputs (explicit dependsOn orders them instead): What-If then predicts every
// resource rather than short-circuiting (linter rule what-if-short-circuiting).
var identityName = '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
var identityResourceId = resourceId(
  subscription().subscriptionId,
  seamlessResourceGroupName,
  'Microsoft.ManagedIdentity/userAssignedIdentities',
  identityName
)
var storageAccountName = '${abbrs.storageStorageAccounts}${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}'
var stateContainerName = 'seamless-state'
var applicationInsightsName = '${abbrs.insightsComponents}${resourceToken}'
var operatorRoleName = 'Seamless Operator (${environmentName}-${resourceToken})'
var operatorRoleDefinitionName = guid(subscription().id, operatorRoleName)
var demoSiteName = '${abbrs.webSitesAppService}demo-${resourceToken}'
var demoPlanName = '${abbrs.webServerFarms}demo-${resourceToken}'

// Demo ids are deterministic, so they join the managed lists before the demo exists.
var demoSiteIds = deployDemoTarget
  ? [resourceId(subscription().subscriptionId, demoResourceGroupName, 'Microsoft.Web/sites', demoSiteName)]
  : []
var demoPlanIds = deployDemoTarget
  ? [resourceId(subscription().subscriptionId, demoResourceGroupName, 'Microsoft.Web/serverfarms', demoPlanName)]
  : []
var allManagedSiteIds = union(managedSiteIds, demoSiteIds)
var allManagedPlanIds = union(managedPlanIds, demoPlanIds)

// One assignment of the custom role per resource group holding a managed site or plan.
var managedResourceGroupIds = union(
  map(
    union(allManagedSiteIds, allManagedPlanIds),
    id => toLower('/subscriptions/${split(id, '/')[2]}/resourceGroups/${split(id, '/')[4]}')
  ),
  []
)

resource seamlessGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: seamlessResourceGroupName
  location: location
  tags: allTags
}

resource demoGroup 'Microsoft.Resources/resourceGroups@2025-04-01' = if (deployDemoTarget) {
  name: demoResourceGroupName
  location: location
  tags: allTags
}

module identity 'modules/identity.bicep' = {
  name: 'seamless-identity'
  scope: seamlessGroup
  params: {
    name: identityName
    location: location
    tags: allTags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'seamless-monitoring'
  scope: seamlessGroup
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    publisherIdentityName: identityName
    tags: allTags
  }
  dependsOn: [
    identity
  ]
}

module storage 'modules/storage.bicep' = {
  name: 'seamless-storage'
  scope: seamlessGroup
  params: {
    name: storageAccountName
    location: location
    identityName: identityName
    deploymentContainerName: deploymentContainerName
    stateContainerName: stateContainerName
    tags: allTags
  }
  dependsOn: [
    identity
  ]
}

module functionApp 'modules/function-app.bicep' = {
  name: 'seamless-function-app'
  scope: seamlessGroup
  params: {
    name: functionAppName
    planName: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    identityName: identityName
    storageAccountName: storageAccountName
    deploymentContainerName: deploymentContainerName
    stateContainerName: stateContainerName
    applicationInsightsName: applicationInsightsName
    managedSiteIds: allManagedSiteIds
    managedPlanIds: allManagedPlanIds
    webhookSecret: webhookSecret
    webhookSecretKeyVaultSecretUri: webhookSecretKeyVaultSecretUri
    upgradePolicy: upgradePolicy
    buildIdentity: buildIdentity
    scaleInPolicy: scaleInPolicy
    scaleInPlanPolicies: scaleInPlanPolicies
    scaleInSchedule: scaleInSchedule
    statePurgeSchedule: statePurgeSchedule
    notificationSchedule: notificationSchedule
    notifications: notifications
    scale: functionAppScale
    tags: allTags
  }
  dependsOn: [
    identity
    storage
    monitoring
  ]
}

module demo 'modules/demo-target.bicep' = if (deployDemoTarget) {
  name: 'seamless-demo-target'
  scope: resourceGroup(demoResourceGroupName)
  params: {
    planName: demoPlanName
    siteName: demoSiteName
    location: location
    settings: demoTarget
    tags: allTags
  }
  dependsOn: [
    demoGroup
  ]
}

module operatorRole 'modules/operator-role.bicep' = if (!empty(managedResourceGroupIds)) {
  name: 'seamless-operator-role'
  params: {
    roleName: operatorRoleName
    roleDefinitionName: operatorRoleDefinitionName
    assignableScopes: managedResourceGroupIds
  }
  dependsOn: [
    demoGroup
  ]
}

module managedScopeAccess 'modules/managed-scope-access.bicep' = [
  for groupId in managedResourceGroupIds: {
    name: 'seamless-access-${uniqueString(groupId, environmentName)}'
    scope: resourceGroup(split(groupId, '/')[2], split(groupId, '/')[4])
    params: {
      identityResourceId: identityResourceId
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', operatorRoleDefinitionName)
    }
    dependsOn: [
      identity
      demoGroup
      operatorRole
    ]
  }
]

module alerts 'modules/alerts.bicep' = if (deployAlerts) {
  name: 'seamless-alerts'
  scope: seamlessGroup
  params: {
    functionAppName: functionAppName
    actionGroupName: '${abbrs.insightsActionGroups}${resourceToken}'
    alertNamePrefix: abbrs.insightsMetricAlerts
    managedPlanIds: allManagedPlanIds
    managedSiteIds: allManagedSiteIds
    thresholds: alertThresholds
    tags: allTags
  }
  dependsOn: [
    functionApp
    demo
  ]
}

@description('Required. Azure region of the deployment.')
output AZURE_LOCATION string = location

@description('Required. Tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Required. Resource group of Seamless.')
output AZURE_RESOURCE_GROUP string = seamlessGroup.name

@description('Required. Name of the Seamless Function App.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Required. HTTPS base URL of the Seamless Function App (API under /api).')
output AZURE_FUNCTION_APP_URL string = functionApp.outputs.url

@description('Required. Client id of the identity the app runs as (AZURE_CLIENT_ID in the app).')
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Required. Name of the storage account (identity-only access).')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Required. Blob endpoint of the Seamless state store.')
output SEAMLESS_STATE_STORE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint

@description('Required. Blob container of the Seamless state store.')
output SEAMLESS_STATE_STORE_CONTAINER string = storage.outputs.stateContainerName

@description('Required. Name of the Application Insights component.')
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName

@description('Required. Resource id of the Seamless Operator custom role, or empty when nothing is managed yet.')
output SEAMLESS_OPERATOR_ROLE_DEFINITION_ID string = operatorRole.?outputs.roleDefinitionId ?? ''

@description('Required. Resource groups where the identity holds the Seamless Operator role.')
output SEAMLESS_MANAGED_RESOURCE_GROUP_IDS string[] = managedResourceGroupIds

@description('Required. Resource ids of the managed sites configured in the app.')
output SEAMLESS_MANAGED_SITE_IDS string[] = allManagedSiteIds

@description('Required. Resource ids of the managed plans configured in the app.')
output SEAMLESS_MANAGED_PLAN_IDS string[] = allManagedPlanIds

@description('Required. Name of the demo web app, or empty when no demo target was deployed.')
output SEAMLESS_DEMO_SITE_NAME string = deployDemoTarget ? demoSiteName : ''

@description('Required. Resource group of the demo target, or empty when no demo target was deployed.')
output SEAMLESS_DEMO_RESOURCE_GROUP string = deployDemoTarget ? demoResourceGroupName : ''
