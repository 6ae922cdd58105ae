metadata description = 'Seamless Function App on Flex Consumption (.NET 10 isolated worker) running as a user-assigned identity, with identity-based AzureWebJobsStorage, Entra-only Application Insights and the Seamless:* configuration as app settings.'

import { buildIdentityType, flexScaleType, notificationWebhookType, scaleInPlanPolicyType, scaleInPolicyType, tagsType, upgradePolicyType } from '../types.bicep'

@description('Required. Name of the Function App (also its default host name prefix).')
param name string

@description('Required. Name of the Flex Consumption plan.')
param planName string

@description('Required. Azure region.')
param location string

@description('Required. Name of the user-assigned identity in this resource group that the app runs as.')
param identityName string

@description('Required. Name of the storage account (host storage, Durable backend, state store).')
param storageAccountName string

@description('Required. Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Required. Blob container of the Seamless state store.')
param stateContainerName string

@description('Required. Name of the Application Insights component in this resource group.')
param applicationInsightsName string

@description('Required. Resource ids of the App Service sites (web apps) Seamless may upgrade.')
param managedSiteIds string[]

@description('Required. Resource ids of the App Service plans Seamless may scale in.')
param managedPlanIds string[]

@description('Optional. HMAC secret that CI deliveries sign their body with (X-Hub-Signature-256). Ignored when webhookSecretKeyVaultSecretUri is set.')
@secure()
param webhookSecret string?

@description('Optional. Key Vault secret URI holding the HMAC secret; the app reads it through a Key Vault reference with its identity (grant it Key Vault Secrets User on the vault).')
param webhookSecretKeyVaultSecretUri string?

@description('Optional. Operator defaults of the upgrade policy, as Seamless__Upgrade__* app settings.')
param upgradePolicy upgradePolicyType?

@description('Optional. How builds are identified, as Seamless__BuildIdentity__* app settings. Default: the app setting SEAMLESS_BUILD_VERSION.')
param buildIdentity buildIdentityType?

@description('Optional. Scale-in policy of the managed plans, as Seamless__ScaleIn__Policy__* app settings.')
param scaleInPolicy scaleInPolicyType?

@description('Optional. Managed plans with a promise of their own, as Seamless__ScaleIn__Plans__N__* app settings (read over scaleInPolicy).')
param scaleInPlanPolicies scaleInPlanPolicyType[] = []

@description('Optional. NCRONTAB (6 fields, UTC) schedule of the scale-in sweep. Default every minute (the cadence the overload promise is measured at).')
param scaleInSchedule string = '0 * * * * *'

@description('Optional. NCRONTAB (6 fields, UTC) schedule of the state purge (Seamless:Retention). Default daily at 03:17.')
param statePurgeSchedule string = '0 17 3 * * *'

@description('Optional. NCRONTAB (6 fields, UTC) schedule of the notification delivery (Seamless:Notifications). Default every minute.')
param notificationSchedule string = '0 * * * * *'

@description('Optional. Outbound webhooks on release and scale events, as Seamless__Notifications__Webhooks__N__* app settings.')
param notifications notificationWebhookType[] = []

@description('Optional. Flex Consumption scale settings.')
param scale flexScaleType = {}

@description('Optional. Tags applied to the plan and the app (the app also gets azd-service-name).')
param tags tagsType = {}

@description('Optional. azd service name in azure.yaml that deploys to this app. Default functions.')
param azdServiceName string = 'functions'

// Referenced by name (known when the deployment starts) rather than through module outputs, so
// What-If predicts these resources instead of short-circuiting them.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var storageEndpoints = storageAccount.properties.primaryEndpoints
var identityClientId = identity.properties.clientId

// Host and Durable (Azure Storage backend) authenticate with the user-assigned identity; there is
// no AzureWebJobsStorage connection string and shared keys are disabled on the account.
var platformSettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storageEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storageEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storageEndpoints.table
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsights.properties.ConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  AZURE_CLIENT_ID: identityClientId
  SCALE_IN_SCHEDULE: scaleInSchedule
  STATE_PURGE_SCHEDULE: statePurgeSchedule
  NOTIFY_SCHEDULE: notificationSchedule
}

var seamlessSettings = {
  Seamless__Api__Authentication: 'Platform'
  Seamless__Azure__ManagedIdentityClientId: identityClientId
  Seamless__Azure__StateStoreBlobEndpoint: storageEndpoints.blob
  Seamless__Azure__StateStoreContainer: stateContainerName
}

var managedSiteSettings = toObject(
  range(0, length(managedSiteIds)),
  i => 'Seamless__Managed__Sites__${i}',
  i => managedSiteIds[i]
)
var managedPlanSettings = toObject(
  range(0, length(managedPlanIds)),
  i => 'Seamless__Managed__Plans__${i}',
  i => managedPlanIds[i]
)

// Policy overrides: one app setting per field that is set, named after the options property it binds
// to (Seamless:Upgrade = UpgradePolicyOverrides, Seamless:ScaleIn:Policy = ScaleInPolicy); lists are
// indexed. tests/Infra.Tests binds every Seamless__ name of the compiled template to the options.
var policyScalars = {
  Seamless__Upgrade__Warmup__LatencyBound: upgradePolicy.?warmup.?latencyBound
  Seamless__Upgrade__Warmup__ConsecutivePasses: upgradePolicy.?warmup.?consecutivePasses
  Seamless__Upgrade__Warmup__Timeout: upgradePolicy.?warmup.?timeout
  Seamless__Upgrade__Warmup__ProbeInterval: upgradePolicy.?warmup.?probeInterval
  Seamless__Upgrade__Canary__Enabled: upgradePolicy.?canary.?enabled
  Seamless__Upgrade__Canary__StepInterval: upgradePolicy.?canary.?stepInterval
  Seamless__Upgrade__Canary__ConfidenceLevel: upgradePolicy.?canary.?confidenceLevel
  Seamless__Upgrade__Canary__PassThreshold: upgradePolicy.?canary.?passThreshold
  Seamless__Upgrade__Canary__MarginalThreshold: upgradePolicy.?canary.?marginalThreshold
  Seamless__Upgrade__Approval__Required: upgradePolicy.?approval.?required
  Seamless__Upgrade__Approval__Timeout: upgradePolicy.?approval.?timeout
  Seamless__Upgrade__Approval__OnTimeout: upgradePolicy.?approval.?onTimeout
  Seamless__Upgrade__GuardWindow: upgradePolicy.?guardWindow
  Seamless__Upgrade__GuardInterval: upgradePolicy.?guardInterval
  Seamless__Upgrade__GuardWithoutEvidence: upgradePolicy.?guardWithoutEvidence
  Seamless__Upgrade__ConfigDiffBlocks: upgradePolicy.?configDiffBlocks
  Seamless__Upgrade__StalePreviewAfter: upgradePolicy.?stalePreviewAfter
  Seamless__BuildIdentity__Source: buildIdentity.?source
  Seamless__BuildIdentity__AppSetting: buildIdentity.?appSetting
  Seamless__ScaleIn__Policy__ScaleOutCpu: scaleInPolicy.?scaleOutCpu
  Seamless__ScaleIn__Policy__Margin: scaleInPolicy.?margin
  Seamless__ScaleIn__Policy__ScaleOutMemory: scaleInPolicy.?scaleOutMemory
  Seamless__ScaleIn__Policy__ScaleOutQueuePerInstance: scaleInPolicy.?scaleOutQueuePerInstance
  Seamless__ScaleIn__Policy__HottestInstanceLimit: scaleInPolicy.?hottestInstanceLimit
  Seamless__ScaleIn__Policy__Min: scaleInPolicy.?min
  Seamless__ScaleIn__Policy__Max: scaleInPolicy.?max
  Seamless__ScaleIn__Policy__ZoneRedundantMinimum: scaleInPolicy.?zoneRedundantMinimum
  Seamless__ScaleIn__Policy__Window: scaleInPolicy.?window
  Seamless__ScaleIn__Policy__Tolerance: scaleInPolicy.?tolerance
  Seamless__ScaleIn__Policy__Cooldown: scaleInPolicy.?cooldown
  Seamless__ScaleIn__Policy__RateLimitInstances: scaleInPolicy.?rateLimitInstances
  Seamless__ScaleIn__Policy__RateLimitPeriod: scaleInPolicy.?rateLimitPeriod
  Seamless__ScaleIn__Policy__MaxStep: scaleInPolicy.?maxStep
  Seamless__ScaleIn__Policy__SeasonalHorizon: scaleInPolicy.?seasonalHorizon
  Seamless__ScaleIn__Policy__MissingSeasonalData: scaleInPolicy.?missingSeasonalData
  Seamless__ScaleIn__Policy__VerifyWindow: scaleInPolicy.?verifyWindow
  Seamless__ScaleIn__Policy__VerifyMax5xxIncreasePoints: scaleInPolicy.?verifyMax5xxIncreasePoints
  Seamless__ScaleIn__Policy__VerifyMaxLatencyIncreasePercent: scaleInPolicy.?verifyMaxLatencyIncreasePercent
  Seamless__ScaleIn__Policy__VerifyMinLatencyIncreaseMs: scaleInPolicy.?verifyMinLatencyIncreaseMs
  Seamless__ScaleIn__Policy__ScaleOutPercent: scaleInPolicy.?scaleOutPercent
  Seamless__ScaleIn__Policy__ScaleOutMinStep: scaleInPolicy.?scaleOutMinStep
  Seamless__ScaleIn__Policy__AlertVeto: scaleInPolicy.?alertVeto
  Seamless__ScaleIn__Policy__ScaleOutSettle: scaleInPolicy.?scaleOutSettle
  Seamless__ScaleIn__Policy__ScaleOutMaxPerHour: scaleInPolicy.?scaleOutMaxPerHour
  Seamless__ScaleIn__Policy__RevertVeto: scaleInPolicy.?revertVeto
  Seamless__ScaleIn__Policy__PlatformDrain: scaleInPolicy.?platformDrain
  Seamless__ScaleIn__Policy__DrainMargin: scaleInPolicy.?drainMargin
  Seamless__ScaleIn__Policy__SessionIdle: scaleInPolicy.?sessionIdle
  Seamless__ScaleIn__Policy__AcceptSessionLoss: scaleInPolicy.?acceptSessionLoss
  Seamless__ScaleIn__Policy__Headroom: scaleInPolicy.?headroom
  Seamless__ScaleIn__Policy__OverloadBudgetPercent: scaleInPolicy.?overloadBudgetPercent
  Seamless__ScaleIn__Policy__ProvisioningDelay: scaleInPolicy.?provisioningDelay
  Seamless__ScaleIn__Policy__LearningWindow: scaleInPolicy.?learningWindow
  Seamless__ScaleIn__Policy__HoldMinimumToKeepBudget: scaleInPolicy.?holdMinimumToKeepBudget
}

var warmupPaths = upgradePolicy.?warmup.?paths ?? []
var warmupStatuses = upgradePolicy.?warmup.?allowedStatusCodes ?? []
var smokePaths = upgradePolicy.?smokePaths ?? []
var canarySteps = upgradePolicy.?canary.?steps ?? []

var policySettings = union(
  toObject(
    filter(items(policyScalars), setting => setting.value != null),
    setting => setting.key,
    setting => string(setting.value)
  ),
  toObject(range(0, length(warmupPaths)), i => 'Seamless__Upgrade__Warmup__Paths__${i}', i => warmupPaths[i]),
  toObject(
    range(0, length(warmupStatuses)),
    i => 'Seamless__Upgrade__Warmup__AllowedStatusCodes__${i}',
    i => string(warmupStatuses[i])
  ),
  toObject(range(0, length(smokePaths)), i => 'Seamless__Upgrade__SmokePaths__${i}', i => smokePaths[i]),
  toObject(range(0, length(canarySteps)), i => 'Seamless__Upgrade__Canary__Steps__${i}', i => string(canarySteps[i]))
)

var webhookSecretSettings = webhookSecretKeyVaultSecretUri != null
  ? { Seamless__Api__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${webhookSecretKeyVaultSecretUri})' }
  : (webhookSecret != null ? { Seamless__Api__WebhookSecret: webhookSecret } : {})

// Webhook URLs and signing secrets may come from Key Vault references (resolved by the platform with the app identity).
var notificationPairs = flatten(map(range(0, length(notifications)), i => concat(
  [
    {
      key: 'Seamless__Notifications__Webhooks__${i}__Url'
      value: notifications[i].?urlKeyVaultSecretUri != null
        ? '@Microsoft.KeyVault(SecretUri=${notifications[i].?urlKeyVaultSecretUri})'
        : notifications[i].?url
    }
    {
      key: 'Seamless__Notifications__Webhooks__${i}__Format'
      value: notifications[i].?format
    }
    {
      key: 'Seamless__Notifications__Webhooks__${i}__Secret'
      value: notifications[i].?secretKeyVaultSecretUri != null
        ? '@Microsoft.KeyVault(SecretUri=${notifications[i].?secretKeyVaultSecretUri})'
        : null
    }
  ],
  map(range(0, length(notifications[i].?events ?? [])), j => {
    key: 'Seamless__Notifications__Webhooks__${i}__Events__${j}'
    value: (notifications[i].?events ?? [])[j]
  })
)))
var notificationSettings = toObject(
  filter(notificationPairs, setting => setting.value != null),
  setting => setting.key,
  setting => setting.value
)

// A plan's own promise: named field by field (not from the object's keys) so that every name the template can write is
// one tests/Infra.Tests binds to the options.
var planPolicyPairs = flatten(map(range(0, length(scaleInPlanPolicies)), i => [
  { key: 'Seamless__ScaleIn__Plans__${i}__Plan', value: scaleInPlanPolicies[i].plan }
  { key: 'Seamless__ScaleIn__Plans__${i}__Policy__OverloadBudgetPercent', value: scaleInPlanPolicies[i].?overloadBudgetPercent }
  { key: 'Seamless__ScaleIn__Plans__${i}__Policy__ProvisioningDelay', value: scaleInPlanPolicies[i].?provisioningDelay }
  { key: 'Seamless__ScaleIn__Plans__${i}__Policy__Min', value: scaleInPlanPolicies[i].?min }
  { key: 'Seamless__ScaleIn__Plans__${i}__Policy__Max', value: scaleInPlanPolicies[i].?max }
  { key: 'Seamless__ScaleIn__Plans__${i}__Policy__AcceptSessionLoss', value: scaleInPlanPolicies[i].?acceptSessionLoss }
  { key: 'Seamless__ScaleIn__Plans__${i}__Policy__HoldMinimumToKeepBudget', value: scaleInPlanPolicies[i].?holdMinimumToKeepBudget }
]))
var planPolicySettings = toObject(
  filter(planPolicyPairs, setting => setting.value != null),
  setting => setting.key,
  setting => string(setting.value)
)

var appSettings = union(
  platformSettings,
  seamlessSettings,
  managedSiteSettings,
  managedPlanSettings,
  policySettings,
  planPolicySettings,
  webhookSecretSettings,
  notificationSettings
)

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: map(items(appSettings), setting => {
        name: setting.key
        value: setting.value
      })
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: scale.?maximumInstanceCount ?? 100
        instanceMemoryMB: scale.?instanceMemoryMB ?? 2048
        alwaysReady: (scale.?alwaysReadyDurableInstances ?? 1) > 0
          ? [
              {
                name: 'durable'
                instanceCount: scale.?alwaysReadyDurableInstances ?? 1
              }
            ]
          : []
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Publishing with user/password is off: azd and the deploy workflow publish with Entra tokens.
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Required. Name of the Function App.')
output name string = functionApp.name

@description('Required. Resource id of the Function App.')
output resourceId string = functionApp.id

@description('Required. HTTPS base URL of the Function App.')
output url string = 'https://${functionApp.properties.defaultHostName}'

@description('Required. Resource id of the Flex Consumption plan.')
output planResourceId string = plan.id
