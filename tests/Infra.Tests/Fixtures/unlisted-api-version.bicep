// Broken on purpose: an API version and a resource type that are not in the allow-list, and a short child type.
@description('Required. Region.')
param location string

resource plan 'Microsoft.Web/serverfarms@2018-02-01' = {
  name: 'plan-old'
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'kv'
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: 'st'

  resource blobs 'blobServices' existing = {
    name: 'default'
  }
}

resource shortChild 'blobServices' = {
  parent: storage
  name: 'default'
}

@description('Required. Vault URI.')
output vaultName string = vault.name
