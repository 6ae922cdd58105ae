# azd postdeploy hook: after the first deploy the function host is running and its default host
# key exists, so provision once more with the alert webhook and metric alert rules.
$ErrorActionPreference = 'Stop'
if ($env:SEAMLESS_DEPLOY_ALERTS -eq 'true') { exit 0 }
Write-Host 'Seamless: code deployed; provisioning the alert webhook and metric alerts.'
azd env set SEAMLESS_DEPLOY_ALERTS true
if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
# The process environment may still say false (CI variables): override it for this run.
$env:SEAMLESS_DEPLOY_ALERTS = 'true'
azd provision --no-prompt
exit $LASTEXITCODE
