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
@description('Tags applied to resources: tag name to value.')
type tagsType = {
  *: string
}

@export()
@description('How the build deployed in a slot is identified before a release writes anything, written as `Seamless__BuildIdentity__*` app settings (operator-only; a request cannot change it).')
@sealed()
type buildIdentityType = {
  @description('Optional. AppSetting (a non-sticky app setting CI sets with each deployment), ContainerImage (the slot\'s linuxFxVersion/windowsFxVersion) or None (the version is a label only; body-only signatures are then refused). Default AppSetting.')
  source: ('AppSetting' | 'ContainerImage' | 'None')?

  @description('Optional. The app setting read when source is AppSetting. Default SEAMLESS_BUILD_VERSION.')
  appSetting: string?
}

@export()
@description('Operator defaults of the upgrade policy, written as `Seamless__Upgrade__*` app settings (bound to `Seamless:Upgrade`, i.e. `UpgradePolicyOverrides`). Unset fields keep the built-in defaults; a request may still override any of them. Durations are `hh:mm:ss`.')
@sealed()
type upgradePolicyType = {
  @description('Optional. Warm-up of every staging instance before the swap.')
  warmup: {
    @description('Optional. Paths probed on every instance. Default /.')
    paths: string[]?

    @description('Optional. HTTP statuses a probe accepts. Default 200.')
    allowedStatusCodes: int[]?

    @description('Optional. Slowest passing probe, hh:mm:ss. Default 00:00:02.')
    latencyBound: string?

    @description('Optional. Consecutive passing probes per path. Default 3.')
    @minValue(1)
    consecutivePasses: int?

    @description('Optional. Overall warm-up timeout, hh:mm:ss. Default 00:10:00.')
    timeout: string?

    @description('Optional. Interval between probes of one instance, hh:mm:ss. Default 00:00:05.')
    probeInterval: string?
  }?

  @description('Optional. Paths checked once through the slot after warm-up. Default none.')
  smokePaths: string[]?

  @description('Optional. Canary phase: traffic routed to the new build in steps, each step judged.')
  canary: {
    @description('Optional. Run the canary phase. Default false.')
    enabled: bool?

    @description('Optional. Increasing routing percentages in (0, 100). Default [10, 25, 50].')
    steps: int[]?

    @description('Optional. Time at each step before it is judged, hh:mm:ss. Default 00:05:00.')
    stepInterval: string?

    @description('Optional. Judge confidence level, a decimal in (0, 1) written as a string. Default \'0.95\'.')
    confidenceLevel: string?

    @description('Optional. Judge score (0-100) at or above which a step passes. Default 75.')
    @minValue(0)
    @maxValue(100)
    passThreshold: int?

    @description('Optional. Judge score (0-100) at or above which a step is marginal. Default 50.')
    @minValue(0)
    @maxValue(100)
    marginalThreshold: int?
  }?

  @description('Optional. Manual approval before the swap completes.')
  approval: {
    @description('Optional. Require an approval. Default false.')
    required: bool?

    @description('Optional. How long to wait for it, hh:mm:ss. Default 00:30:00.')
    timeout: string?

    @description('Optional. What happens when it does not arrive. Default Abort.')
    onTimeout: ('Proceed' | 'Abort')?
  }?

  @description('Optional. How long production is watched after the swap, hh:mm:ss. Default 00:10:00.')
  guardWindow: string?

  @description('Optional. How often production is judged during the guard window, hh:mm:ss. Default 00:02:00.')
  guardInterval: string?

  @description('Optional. What a guard window that ended without any judged data does: SwapBack (fail-closed) or Promote. Default SwapBack.')
  guardWithoutEvidence: ('SwapBack' | 'Promote')?

  @description('Optional. Config diff findings block the release instead of warning. Default false.')
  configDiffBlocks: bool?

  @description('Optional. Age after which a pending swap-with-preview is reset, hh:mm:ss. Default 00:30:00.')
  stalePreviewAfter: string?
}

@export()
@description('Scale-in policy of every managed plan, written as `Seamless__ScaleIn__Policy__*` app settings (bound to `Seamless:ScaleIn:Policy`, i.e. `ScaleInPolicy`). Unset fields keep the built-in defaults (src/Core/ScaleIn/ScaleInPolicy.cs). Percentages are whole numbers; fractions are decimals written as strings; durations are `hh:mm:ss`.')
@sealed()
type scaleInPolicyType = {
  @description('Optional. CPU % scale-out line. Default 95.')
  @minValue(1)
  @maxValue(100)
  scaleOutCpu: int?

  @description('Optional. Points kept free below every line after a step. Default 10.')
  @minValue(0)
  @maxValue(99)
  margin: int?

  @description('Optional. Memory % scale-out line. Default 80.')
  @minValue(1)
  @maxValue(100)
  scaleOutMemory: int?

  @description('Optional. HTTP queue length per instance scale-out line. Default 10.')
  @minValue(1)
  scaleOutQueuePerInstance: int?

  @description('Optional. CPU % the hottest instance may reach after a step. Default 95.')
  @minValue(1)
  @maxValue(100)
  hottestInstanceLimit: int?

  @description('Optional. Fewest instances Seamless scales in to. Default 2.')
  @minValue(1)
  min: int?

  @description('Optional. Most instances Seamless scales a plan to (learned headroom and alert fast path); the plan\'s own maximum also caps. Default 100.')
  @minValue(1)
  max: int?

  @description('Optional. Fewest instances of a zone-redundant plan (at least 2). Default 3.')
  @minValue(2)
  zoneRedundantMinimum: int?

  @description('Optional. Window of per-minute samples, whole minutes as hh:mm:ss. Default 00:10:00.')
  window: string?

  @description('Optional. No scale-in while the stabilised load is within this fraction of its limit, a decimal in [0, 1) as a string. Default \'0.05\'.')
  tolerance: string?

  @description('Optional. Time since the last capacity change before a scale-in, hh:mm:ss. Default 00:05:00.')
  cooldown: string?

  @description('Optional. Instances that may be removed per rate-limit period. Default 3.')
  @minValue(1)
  rateLimitInstances: int?

  @description('Optional. Rate-limit period, hh:mm:ss. Default 00:05:00.')
  rateLimitPeriod: string?

  @description('Optional. Most instances removed in one step. Default 3.')
  @minValue(1)
  maxStep: int?

  @description('Optional. Seasonal look-ahead at the same time yesterday and a week ago, hh:mm:ss. Default 00:20:00.')
  seasonalHorizon: string?

  @description('Optional. What to do without a day of history. Default Skip.')
  missingSeasonalData: ('Skip' | 'Hold')?

  @description('Optional. Verification window after a step, hh:mm:ss. Default 00:05:00.')
  verifyWindow: string?

  @description('Optional. Largest tolerated rise of the 5xx rate during verification, percentage points as a decimal string. Default \'0.5\'.')
  verifyMax5xxIncreasePoints: string?

  @description('Optional. Largest tolerated relative rise of latency during verification, percent. Default 20.')
  @minValue(0)
  verifyMaxLatencyIncreasePercent: int?

  @description('Optional. Latency rise in ms below which it is noise. Default 50.')
  @minValue(0)
  verifyMinLatencyIncreaseMs: int?

  @description('Optional. Alert fast path: grow by this percent of the current capacity. Default 25.')
  @minValue(1)
  scaleOutPercent: int?

  @description('Optional. Alert fast path: smallest scale-out step. Default 1.')
  @minValue(1)
  scaleOutMinStep: int?

  @description('Optional. How long a Fired capacity alert vetoes scale-in, hh:mm:ss. Default 00:05:00.')
  alertVeto: string?

  @description('Optional. After an alert scale-out, time during which further alerts only renew the veto, hh:mm:ss. Default 00:04:00.')
  scaleOutSettle: string?

  @description('Optional. Most alert-driven scale-outs per plan in any hour (further alerts are journalled as refused). Default 2.')
  @minValue(1)
  scaleOutMaxPerHour: int?

  @description('Optional. How long a reverted step vetoes further scale-in, hh:mm:ss. Default 00:30:00.')
  revertVeto: string?

  @description('Optional. How long App Service drains a removed instance before requests still running fail, hh:mm:ss. Default 00:01:30.')
  platformDrain: string?

  @description('Optional. Margin between the longest observed request and the drain, hh:mm:ss. Default 00:00:15.')
  drainMargin: string?

  @description('Optional. How long a session lives after its last request (a site with ARR affinity and requests within it has sessions), hh:mm:ss. Default 00:20:00.')
  sessionIdle: string?

  @description('Optional. Whether scale-in may lose sessions pinned by ARR affinity. Default false.')
  acceptSessionLoss: bool?

  @description('Optional. How the CPU headroom is decided: Learned (from the plan\'s own history, to keep overloadBudgetPercent) or Fixed (the CPU line and margin only). Default Learned.')
  headroom: ('Learned' | 'Fixed')?

  @description('Optional. Share of minutes users may feel (overloaded) the learned headroom keeps, percent as a decimal string. Default \'0.1\'.')
  overloadBudgetPercent: string?

  @description('Optional. Minutes from a scale-out until new instances serve (the learned headroom covers the rise meanwhile), hh:mm:ss. Default 00:03:00.')
  provisioningDelay: string?

  @description('Optional. History the learned headroom is scored on (a week more is read for the seasonal term), d.hh:mm:ss. Default 4.00:00:00.')
  learningWindow: string?

  @description('Optional. Whether Seamless holds the plan minimum its learnings name where the promise broke (by more than a week\'s budget) on bursts no headroom carries in time, for the learning window after the last learning that named it. Default true; false leaves that minimum to the operator.')
  holdMinimumToKeepBudget: bool?
}

@export()
@description('One managed plan\'s own promise, written as `Seamless__ScaleIn__Plans__N__*` app settings (bound to `Seamless:ScaleIn:Plans:N`): its fields are read over the shared scale-in policy, so only what differs for the plan is stated. Formats as in scaleInPolicyType.')
@sealed()
type scaleInPlanPolicyType = {
  @description('Required. Resource id of the plan; it must be one of the managed plans.')
  plan: string

  @description('Optional. Share of minutes users of this plan may feel (overloaded), percent as a decimal string, e.g. \'0.05\'. Default: the shared policy\'s.')
  overloadBudgetPercent: string?

  @description('Optional. Minutes from a scale-out until this plan\'s new instances serve (slow-starting apps take longer), hh:mm:ss. Default: the shared policy\'s.')
  provisioningDelay: string?

  @description('Optional. Fewest instances Seamless scales this plan in to. Default: the shared policy\'s.')
  @minValue(1)
  min: int?

  @description('Optional. Most instances Seamless scales this plan to. Default: the shared policy\'s.')
  @minValue(1)
  max: int?

  @description('Optional. Whether scale-in may lose sessions this plan\'s sites pin by ARR affinity. Default: the shared policy\'s.')
  acceptSessionLoss: bool?

  @description('Optional. Whether Seamless holds the plan minimum this plan\'s learnings name where its promise broke on bursts beyond reach. Default: the shared policy\'s.')
  holdMinimumToKeepBudget: bool?
}

@export()
@description('An outbound webhook that receives Seamless release and scale events (Seamless:Notifications:Webhooks:N in the app).')
type notificationWebhookType = {
  @description('Optional. Receiver URL, absolute https. A Slack or Teams incoming-webhook URL carries its own token: prefer urlKeyVaultSecretUri for those. One of url and urlKeyVaultSecretUri is required.')
  url: string?

  @description('Optional. Key Vault secret URI holding the receiver URL, read through a Key Vault reference with the app identity; wins over url.')
  urlKeyVaultSecretUri: string?

  @description('Optional. Body format: CloudEvents 1.0 structured JSON, or Text ({"text": "…"}, Slack and Teams incoming webhooks). Default CloudEvents.')
  format: ('CloudEvents' | 'Text')?

  @description('Optional. Event types the receiver gets. Default all.')
  events: ('com.seamless.upgrade.started' | 'com.seamless.upgrade.finished' | 'com.seamless.scalein.finished' | 'com.seamless.scaleout' | 'com.seamless.promise')[]?

  @description('Optional. Key Vault secret URI of the HMAC secret (16+ characters) the deliveries are signed with (Seamless-Signature header).')
  secretKeyVaultSecretUri: string?
}
