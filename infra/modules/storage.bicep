metadata description = 'Storage account for the Functions host, the Durable Functions Azure Storage backend, the Flex deployment package and the Seamless state store (leases, journal). Shared keys are off: every client uses the app identity.'

import { tagsType } from '../types.bicep'

@description('Required. Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region of the account.')
param location string

@description('Required. Name of the user-assigned identity in this resource group that gets the data roles.')
param identityName string

@description('Required. Blob container that holds the Flex Consumption deployment package.')
param deploymentContainerName string

@description('Required. Blob container for the Seamless state store (capacity leases, decision journal).')
param stateContainerName string

@description('Optional. Replication SKU. Default Standard_LRS.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param skuName string = 'Standard_LRS'

@description('Optional. Tags applied to the account.')
param tags tagsType = {}

// Blob Data Owner (not Contributor): the Functions host manages blob leases/containers for its
// secrets, timers and Durable; Queue and Table Data Contributor: Durable's Azure Storage backend.
// Owner on the account also covers the state container, so no narrower assignment is added there.
var roleIds = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

// By name, not a principal id from a module output: role assignment names stay known when the
// deployment starts, so What-If predicts them.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: identityName
}

resource account 'Microsoft.Storage/storageAccounts@2026-09-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: skuName
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-09-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource stateContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = {
  parent: blobService
  name: stateContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource dataRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for roleId in items(roleIds): {
    name: guid(account.id, identity.id, roleId.value)
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleId.value)
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      description: 'Seamless: identity-based AzureWebJobsStorage, Durable backend and state store.'
    }
  }
]

@description('Required. Name of the storage account.')
output name string = account.name

@description('Required. Resource id of the storage account.')
output resourceId string = account.id

@description('Required. Primary blob endpoint, e.g. https://<name>.blob.core.windows.net/.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('Required. Primary queue endpoint.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('Required. Primary table endpoint.')
output tableEndpoint string = account.properties.primaryEndpoints.table

@description('Required. Name of the deployment package container.')
output deploymentContainerName string = deploymentContainer.name

@description('Required. Name of the state store container.')
output stateContainerName string = stateContainer.name
