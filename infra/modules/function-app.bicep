metadata description = 'Seamless Function App on Flex Consumption (.NET 10 isolated worker) running as a user-assigned identity, with identity-based AzureWebJobsStorage, Entra-only Application Insights and the Seamless:* configuration as app settings.'

import { flexScaleType, policySettingsType } from '../types.bicep'

@description('Required. Name of the Function App (also its default host name prefix).')
param name string

@description('Required. Name of the Flex Consumption plan.')
param planName string

@description('Required. Azure region.')
param location string

@description('Required. Resource id of the user-assigned identity the app runs as.')
param identityResourceId string

@description('Required. Client id of the user-assigned identity.')
param identityClientId string

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

@description('Optional. Seamless policy settings, added as Seamless__Policies__<key> app settings.')
param policySettings policySettingsType = {}

@description('Optional. NCRONTAB (6 fields, UTC) schedule of the scale-in sweep. Default every 5 minutes.')
param scaleInSchedule string = '0 */5 * * * *'

@description('Optional. Flex Consumption scale settings.')
param scale flexScaleType = {}

@description('Optional. Tags applied to the plan and the app (the app also gets azd-service-name).')
param tags object = {}

@description('Optional. azd service name in azure.yaml that deploys to this app. Default functions.')
param azdServiceName string = 'functions'

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: applicationInsightsName
}

var storageEndpoints = storageAccount.properties.primaryEndpoints

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
}

var seamlessSettings = {
  Seamless__Api__Authentication: 'Platform'
  Seamless__Azure__ManagedIdentityClientId: identityClientId
  Seamless__Azure__StateStoreBlobEndpoint: storageEndpoints.blob
  Seamless__Azure__StateStoreContainer: stateContainerName
}

var managedSiteSettings = toObject(range(0, length(managedSiteIds)), i => 'Seamless__Managed__Sites__${i}', i => managedSiteIds[i])
var managedPlanSettings = toObject(range(0, length(managedPlanIds)), i => 'Seamless__Managed__Plans__${i}', i => managedPlanIds[i])
var policyAppSettings = toObject(items(policySettings), p => 'Seamless__Policies__${p.key}', p => p.value)

var webhookSecretSettings = webhookSecretKeyVaultSecretUri != null
  ? { Seamless__Api__WebhookSecret: '@Microsoft.KeyVault(SecretUri=${webhookSecretKeyVaultSecretUri})' }
  : (webhookSecret != null ? { Seamless__Api__WebhookSecret: webhookSecret } : {})

var appSettings = union(
  platformSettings,
  seamlessSettings,
  managedSiteSettings,
  managedPlanSettings,
  policyAppSettings,
  webhookSecretSettings
)

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
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

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': azdServiceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityResourceId
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
            userAssignedIdentityResourceId: identityResourceId
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
resource ftpPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmPublishing 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-04-01' = {
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
