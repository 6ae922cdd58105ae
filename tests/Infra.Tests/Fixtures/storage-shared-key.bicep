// Broken on purpose: shared keys left on.
@description('Required. Region.')
param location string

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stsharedkey'
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: true
    minimumTlsVersion: 'TLS1_2'
  }
}
