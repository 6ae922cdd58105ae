// Broken on purpose: no httpsOnly, TLS 1.0 and FTP allowed.
@description('Required. Region.')
param location string

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: 'app-insecure'
  location: location
  properties: {
    siteConfig: {
      minTlsVersion: '1.0'
      ftpsState: 'AllAllowed'
    }
  }
}
