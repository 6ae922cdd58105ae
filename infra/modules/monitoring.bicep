metadata description = 'Log Analytics workspace and workspace-based Application Insights, both with local (key) authentication disabled; the app identity gets Monitoring Metrics Publisher on Application Insights.'

import { tagsType } from '../types.bicep'

@description('Required. Name of the Log Analytics workspace.')
param logAnalyticsName string

@description('Required. Name of the Application Insights component.')
param applicationInsightsName string

@description('Required. Azure region of both resources.')
param location string

@description('Required. Name of the user-assigned identity in this resource group that publishes telemetry (Entra-only ingestion).')
param publisherIdentityName string

@description('Optional. Days of retention in the workspace. Default 30.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Optional. Tags applied to both resources.')
param tags tagsType = {}

// Monitoring Metrics Publisher: the only role that lets an Entra identity ingest into a component with local auth off.
var monitoringMetricsPublisherRoleId = '3913510d-42f4-4e42-8a64-420c390055eb'

// By name, not a principal id from a module output: the role assignment name stays known when the
// deployment starts, so What-If predicts it.
resource publisher 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: publisherIdentityName
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: logAnalyticsName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
    features: {
      disableLocalAuth: true
    }
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

resource publisherRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(applicationInsights.id, publisher.id, monitoringMetricsPublisherRoleId)
  scope: applicationInsights
  properties: {
    roleDefinitionId: subscriptionResourceId(
      'Microsoft.Authorization/roleDefinitions',
      monitoringMetricsPublisherRoleId
    )
    principalId: publisher.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Seamless: publish telemetry to Application Insights with Entra ID (local auth is off).'
  }
}

@description('Required. Name of the Application Insights component (the Function App reads its connection settings by name).')
output applicationInsightsName string = applicationInsights.name

@description('Required. Resource id of the Log Analytics workspace.')
output logAnalyticsId string = workspace.id
