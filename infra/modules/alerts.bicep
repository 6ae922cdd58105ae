metadata description = 'Action group whose webhook (common alert schema) calls the Seamless /api/alerts endpoint, and metric alert rules on every managed plan (CPU, HTTP queue) and site (5xx, response time).'

import { alertThresholdsType, tagsType } from '../types.bicep'

@description('Required. Name of the Seamless Function App in this resource group; its host key authenticates the webhook.')
param functionAppName string

@description('Required. Name of the action group.')
param actionGroupName string

@description('Required. Prefix of the alert rule names (e.g. alert-).')
param alertNamePrefix string

@description('Required. Resource ids of the managed App Service plans.')
param managedPlanIds string[]

@description('Required. Resource ids of the managed App Service sites.')
param managedSiteIds string[]

@description('Optional. Alert thresholds, severity and windows.')
param thresholds alertThresholdsType = {}

@description('Optional. Tags applied to the action group and the rules.')
param tags tagsType = {}

resource functionApp 'Microsoft.Web/sites@2025-03-01' existing = {
  name: functionAppName
}

// The host key is read at deployment time, so the Function App host must be running: see the
// ordering note in docs/infra.md. The key only reaches the action group, never an output.
var alertsUri = 'https://${functionApp.properties.defaultHostName}/api/alerts?code=${listKeys('${functionApp.id}/host/default', functionApp.apiVersion).functionKeys.default}'

var severity = thresholds.?severity ?? 2
var windowSize = thresholds.?windowSize ?? 'PT5M'
var evaluationFrequency = thresholds.?evaluationFrequency ?? 'PT1M'

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'seamless'
    enabled: true
    webhookReceivers: [
      {
        name: 'seamless-alerts'
        serviceUri: alertsUri
        useCommonAlertSchema: true
        useAadAuth: false
      }
    ]
  }
}

resource planCpuAlerts 'Microsoft.Insights/metricAlerts@2026-01-01' = [
  for planId in managedPlanIds: {
    name: '${alertNamePrefix}${last(split(planId, '/'))}-cpu-${uniqueString(planId)}'
    location: 'global'
    tags: tags
    properties: {
      description: 'Seamless: plan CPU high; scale out now and veto scale-in (stateless: every evaluation over the line fires and renews the veto).'
      severity: severity
      enabled: true
      // Stateless on purpose: a plan that stays hot fires again each minute, so the alert fast path
      // can step again once the last scale-out has settled (src/Core/Alerts/PlanAlertRules.cs).
      autoMitigate: false
      scopes: [
        planId
      ]
      targetResourceType: 'Microsoft.Web/serverfarms'
      evaluationFrequency: evaluationFrequency
      windowSize: windowSize
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: 'CpuPercentage'
            metricName: 'CpuPercentage'
            metricNamespace: 'Microsoft.Web/serverfarms'
            operator: 'GreaterThan'
            threshold: thresholds.?planCpuPercentage ?? 92
            timeAggregation: 'Average'
          }
        ]
      }
      actions: [
        {
          actionGroupId: actionGroup.id
        }
      ]
    }
  }
]

resource planCpuSaturationAlerts 'Microsoft.Insights/metricAlerts@2026-01-01' = [
  for planId in managedPlanIds: {
    name: '${alertNamePrefix}${last(split(planId, '/'))}-cpu-saturated-${uniqueString(planId)}'
    location: 'global'
    tags: tags
    properties: {
      description: 'Seamless: plan CPU saturated over one minute; scale out now and veto scale-in (stateless).'
      severity: severity
      enabled: true
      autoMitigate: false
      scopes: [
        planId
      ]
      targetResourceType: 'Microsoft.Web/serverfarms'
      evaluationFrequency: 'PT1M'
      windowSize: 'PT1M'
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: 'CpuPercentage'
            metricName: 'CpuPercentage'
            metricNamespace: 'Microsoft.Web/serverfarms'
            operator: 'GreaterThanOrEqual'
            threshold: thresholds.?planCpuSaturatedPercentage ?? 95
            timeAggregation: 'Average'
          }
        ]
      }
      actions: [
        {
          actionGroupId: actionGroup.id
        }
      ]
    }
  }
]

resource planQueueAlerts 'Microsoft.Insights/metricAlerts@2026-01-01' = [
  for planId in managedPlanIds: {
    name: '${alertNamePrefix}${last(split(planId, '/'))}-queue-${uniqueString(planId)}'
    location: 'global'
    tags: tags
    properties: {
      description: 'Seamless: plan HTTP queue long; scale out now and veto scale-in until resolved.'
      severity: severity
      enabled: true
      autoMitigate: true
      scopes: [
        planId
      ]
      targetResourceType: 'Microsoft.Web/serverfarms'
      evaluationFrequency: evaluationFrequency
      windowSize: windowSize
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: 'HttpQueueLength'
            metricName: 'HttpQueueLength'
            metricNamespace: 'Microsoft.Web/serverfarms'
            operator: 'GreaterThan'
            threshold: thresholds.?planHttpQueueLength ?? 100
            timeAggregation: 'Average'
          }
        ]
      }
      actions: [
        {
          actionGroupId: actionGroup.id
        }
      ]
    }
  }
]

resource siteErrorAlerts 'Microsoft.Insights/metricAlerts@2026-01-01' = [
  for siteId in managedSiteIds: {
    name: '${alertNamePrefix}${last(split(siteId, '/'))}-5xx-${uniqueString(siteId)}'
    location: 'global'
    tags: tags
    properties: {
      description: 'Seamless: site server errors; abort a release in flight (swap back).'
      severity: severity
      enabled: true
      autoMitigate: true
      scopes: [
        siteId
      ]
      targetResourceType: 'Microsoft.Web/sites'
      evaluationFrequency: evaluationFrequency
      windowSize: windowSize
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: 'Http5xx'
            metricName: 'Http5xx'
            metricNamespace: 'Microsoft.Web/sites'
            operator: 'GreaterThan'
            threshold: thresholds.?siteHttp5xxCount ?? 10
            timeAggregation: 'Total'
          }
        ]
      }
      actions: [
        {
          actionGroupId: actionGroup.id
        }
      ]
    }
  }
]

resource siteLatencyAlerts 'Microsoft.Insights/metricAlerts@2026-01-01' = [
  for siteId in managedSiteIds: {
    name: '${alertNamePrefix}${last(split(siteId, '/'))}-latency-${uniqueString(siteId)}'
    location: 'global'
    tags: tags
    properties: {
      description: 'Seamless: site response time high; abort a release in flight (swap back).'
      severity: severity
      enabled: true
      autoMitigate: true
      scopes: [
        siteId
      ]
      targetResourceType: 'Microsoft.Web/sites'
      evaluationFrequency: evaluationFrequency
      windowSize: windowSize
      criteria: {
        'odata.type': 'Microsoft.Azure.Monitor.SingleResourceMultipleMetricCriteria'
        allOf: [
          {
            criterionType: 'StaticThresholdCriterion'
            name: 'HttpResponseTime'
            metricName: 'HttpResponseTime'
            metricNamespace: 'Microsoft.Web/sites'
            operator: 'GreaterThan'
            threshold: thresholds.?siteResponseTimeSeconds ?? 2
            timeAggregation: 'Average'
          }
        ]
      }
      actions: [
        {
          actionGroupId: actionGroup.id
        }
      ]
    }
  }
]

@description('Required. Resource id of the action group.')
output actionGroupId string = actionGroup.id

@description('Required. Number of metric alert rules created.')
output ruleCount int = 2 * (length(managedPlanIds) + length(managedSiteIds))
