// Parameters for azd (values come from the azd environment: `azd env set NAME value`) and for a
// manual `az deployment sub create --parameters infra/main.bicepparam` (values from the shell).
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME')
param location = readEnvironmentVariable('AZURE_LOCATION')

// Comma-separated resource ids of the App Service sites and plans Seamless manages.
param managedSiteIds = empty(readEnvironmentVariable('SEAMLESS_MANAGED_SITE_IDS', ''))
  ? []
  : split(readEnvironmentVariable('SEAMLESS_MANAGED_SITE_IDS', ''), ',')
param managedPlanIds = empty(readEnvironmentVariable('SEAMLESS_MANAGED_PLAN_IDS', ''))
  ? []
  : split(readEnvironmentVariable('SEAMLESS_MANAGED_PLAN_IDS', ''), ',')

// HMAC secret for CI deliveries: set SEAMLESS_WEBHOOK_SECRET, or a Key Vault secret URI.
param webhookSecret = empty(readEnvironmentVariable('SEAMLESS_WEBHOOK_SECRET', ''))
  ? null
  : readEnvironmentVariable('SEAMLESS_WEBHOOK_SECRET', '')
param webhookSecretKeyVaultSecretUri = empty(readEnvironmentVariable('SEAMLESS_WEBHOOK_SECRET_KV_URI', ''))
  ? null
  : readEnvironmentVariable('SEAMLESS_WEBHOOK_SECRET_KV_URI', '')

param scaleInSchedule = readEnvironmentVariable('SEAMLESS_SCALE_IN_SCHEDULE', '0 */5 * * * *')

param statePurgeSchedule = readEnvironmentVariable('SEAMLESS_STATE_PURGE_SCHEDULE', '0 17 3 * * *')
param notificationSchedule = readEnvironmentVariable('SEAMLESS_NOTIFY_SCHEDULE', '0 * * * * *')

// The alert webhook needs the function host key, which exists once code runs: the first provision
// skips alerts and infra/hooks/enable-alerts.* turns them on after the first `azd deploy`.
param deployAlerts = bool(readEnvironmentVariable('SEAMLESS_DEPLOY_ALERTS', 'false'))

param deployDemoTarget = bool(readEnvironmentVariable('SEAMLESS_DEPLOY_DEMO_TARGET', 'false'))
