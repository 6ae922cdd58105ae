// Broken on purpose: API versions and a resource type that are not in the allow-list (the nested child
// is written with its short type; the compiled template carries the full one).
@description('Required. Region.')
param location string

resource plan 'Microsoft.Web/serverfarms@2018-02-01' = {
  name: 'plan-old'
  location: location
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-unlisted'
  location: location
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stunlisted'
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    minimumTlsVersion: 'TLS1_2'
  }

  resource blobs 'blobServices' = {
    name: 'default'
  }
}

@description('Required. Vault name.')
output vaultName string = vault.name
