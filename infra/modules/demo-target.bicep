metadata description = 'Optional demo target for trying Seamless: a Standard-or-higher Linux App Service plan, a web app and its `staging` slot with swap warm-up settings.'

import { demoTargetType, tagsType } from '../types.bicep'

@description('Required. Name of the demo App Service plan.')
param planName string

@description('Required. Name of the demo web app.')
param siteName string

@description('Required. Azure region.')
param location string

@description('Optional. Plan SKU, capacity, runtime and warm-up settings.')
param settings demoTargetType = {}

@description('Optional. Tags applied to the plan, app and slot.')
param tags tagsType = {}

var linuxFxVersion = settings.?linuxFxVersion ?? 'DOTNETCORE|10.0'

// The platform pings every instance of the source slot on this path before completing a swap
// (and after applySlotConfig); Seamless adds its own verified warm-up on top.
var warmupSettings = [
  {
    name: 'WEBSITE_SWAP_WARMUP_PING_PATH'
    value: settings.?warmupPath ?? '/'
  }
  {
    name: 'WEBSITE_SWAP_WARMUP_PING_STATUSES'
    value: settings.?warmupStatuses ?? '200,202'
  }
]

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: settings.?planSku ?? 'S1'
    capacity: settings.?planCapacity ?? 2
  }
  properties: {
    reserved: true
  }
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: siteName
  location: location
  tags: tags
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      alwaysOn: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: warmupSettings
    }
  }
}

resource stagingSlot 'Microsoft.Web/sites/slots@2025-03-01' = {
  parent: site
  name: 'staging'
  location: location
  tags: tags
  kind: 'app,linux'
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      alwaysOn: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: warmupSettings
    }
  }
}

resource siteFtp 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: site
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource slotFtp 'Microsoft.Web/sites/slots/basicPublishingCredentialsPolicies@2025-03-01' = {
  parent: stagingSlot
  name: 'ftp'
  properties: {
    allow: false
  }
}

@description('Required. Resource id of the demo web app (a managed site).')
output siteId string = site.id

@description('Required. Resource id of the demo plan (a managed plan).')
output planId string = plan.id

@description('Required. Name of the demo web app.')
output siteName string = site.name

@description('Required. Host name of the staging slot.')
output stagingHostName string = stagingSlot.properties.defaultHostName
