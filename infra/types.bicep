// User-defined types shared by main.bicep and the modules. Import them with
// `import { <name>Type } from '../types.bicep'`; only this file declares exported types.

@export()
@description('Scale settings of the Flex Consumption plan that hosts the Seamless Function App.')
type flexScaleType = {
  @description('Optional. Maximum number of instances the app may scale out to (40-1000). Default 100.')
  @minValue(40)
  @maxValue(1000)
  maximumInstanceCount: int?

  @description('Optional. Memory of each instance in MB. Default 2048.')
  instanceMemoryMB: (512 | 2048 | 4096)?

  @description('Optional. Always-ready instances of the `durable` trigger group (orchestrations, activities). Flex guidance for the Azure Storage backend is 1. Default 1.')
  @minValue(0)
  @maxValue(10)
  alwaysReadyDurableInstances: int?
}

@export()
@description('Thresholds of the metric alert rules created for every managed plan and site. The rules call the Seamless alert webhook through the action group.')
type alertThresholdsType = {
  @description('Optional. Average CpuPercentage of a plan over the window above which its CPU-high alert fires. Default 92.')
  @minValue(1)
  @maxValue(100)
  planCpuPercentage: int?

  @description('Optional. Average CpuPercentage of a plan over one minute at or above which its saturation alert fires. Default 95.')
  @minValue(1)
  @maxValue(100)
  planCpuSaturatedPercentage: int?

  @description('Optional. Average HttpQueueLength of a plan above which its queue alert fires. Default 100.')
  @minValue(1)
  planHttpQueueLength: int?

  @description('Optional. Total Http5xx responses of a site within the window above which its error alert fires. Default 10.')
  @minValue(1)
  siteHttp5xxCount: int?

  @description('Optional. Average HttpResponseTime of a site, in whole seconds, above which its latency alert fires. Default 2.')
  @minValue(1)
  siteResponseTimeSeconds: int?

  @description('Optional. Severity of the rules (0 = critical ... 4 = verbose). Default 2.')
  @minValue(0)
  @maxValue(4)
  severity: int?

  @description('Optional. Window over which each rule aggregates, ISO 8601. Default PT5M.')
  windowSize: ('PT1M' | 'PT5M' | 'PT15M' | 'PT30M' | 'PT1H')?

  @description('Optional. How often each rule is evaluated, ISO 8601. Default PT1M.')
  evaluationFrequency: ('PT1M' | 'PT5M' | 'PT15M' | 'PT30M' | 'PT1H')?
}

@export()
@description('Optional demo target: a Standard-or-higher App Service plan with a web app and a `staging` slot that Seamless manages, so a newcomer can try an upgrade and a scale-in end to end.')
type demoTargetType = {
  @description('Optional. Plan SKU; slots need Standard or higher. Default S1.')
  planSku: ('S1' | 'S2' | 'S3' | 'P0v3' | 'P1v3' | 'P2v3' | 'P3v3')?

  @description('Optional. Initial instance count of the plan, so scale-in has something to remove. Default 2.')
  @minValue(1)
  @maxValue(10)
  planCapacity: int?

  @description('Optional. Linux runtime stack of the web app and its slot. Default DOTNETCORE|10.0.')
  linuxFxVersion: string?

  @description('Optional. Path the platform pings on every instance of the staging slot before a swap completes. Default /.')
  warmupPath: string?

  @description('Optional. Comma-separated HTTP statuses the warm-up ping accepts. Default 200,202.')
  warmupStatuses: string?
}

@export()
@description('Seamless policy settings as app settings under `Seamless__Policies__`: key = the rest of the setting name with `__` separators (e.g. `ScaleIn__MarginPercent`), value = its string value.')
type policySettingsType = {
  *: string
}
