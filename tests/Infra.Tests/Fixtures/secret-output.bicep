// Broken on purpose: outputs leak a storage key, a secure param and a function host key.
@description('Required. Storage account name.')
param storageName string

@description('Required. Admin password.')
@secure()
param adminPassword string

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageName
}

@description('Required. Leaks the account key.')
output storageKey string = account.listKeys().keys[0].value

@description('Required. Leaks a secure parameter.')
output adminLogin string = adminPassword

@description('Required. Leaks the function host key.')
output hostUrl string = 'https://x/api?code=${listKeys('${account.id}/host/default', '2024-04-01').functionKeys.default}'
