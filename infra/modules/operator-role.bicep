metadata description = 'Custom role "Seamless Operator": exactly the ARM actions Seamless calls on managed App Service sites and plans, and nothing else (see docs/infra.md).'

targetScope = 'subscription'

@description('Required. Unique display name of the role in the tenant.')
param roleName string

@description('Required. Name (a GUID) of the role definition; main.bicep derives it from the role name so assignments can name the role before it exists.')
param roleDefinitionName string

@description('Required. Resource group ids the role may be assigned on (the groups holding managed sites and plans).')
@minLength(1)
param assignableScopes string[]

// Each action is explained in docs/infra.md; the REST calls behind them are in the Seamless adapters.
var actions = [
  // Read site/slot state, slot swap status, instances (warm-up on every instance).
  'Microsoft.Web/sites/read'
  'Microsoft.Web/sites/slots/read'
  'Microsoft.Web/sites/instances/read'
  'Microsoft.Web/sites/slots/instances/read'
  // Read site config: config/web (routing, health check), slotConfigNames.
  'Microsoft.Web/sites/config/read'
  'Microsoft.Web/sites/slots/config/read'
  // POST .../config/appsettings/list: app setting names for the slot config diff.
  'Microsoft.Web/sites/config/list/action'
  'Microsoft.Web/sites/slots/config/list/action'
  // Swap with preview: phase 1, complete (and swap back), cancel.
  'Microsoft.Web/sites/applySlotConfig/action'
  'Microsoft.Web/sites/slotsswap/action'
  'Microsoft.Web/sites/slots/slotsswap/action'
  'Microsoft.Web/sites/resetSlotConfig/action'
  'Microsoft.Web/sites/slots/resetSlotConfig/action'
  // PATCH config/web: canary routing percentages (experiments.rampUpRules).
  'Microsoft.Web/sites/config/write'
  // Plans: read capacity, PUT sku.capacity (scale in one step, scale out on alerts, revert).
  'Microsoft.Web/serverfarms/read'
  'Microsoft.Web/serverfarms/write'
  // GET {plan}/sites: every app on a plan and its clientAffinityEnabled (the scale-in drain guard).
  'Microsoft.Web/serverfarms/sites/read'
  // Azure Monitor metrics: ARM per-resource API and the data-plane metrics:getBatch API.
  'Microsoft.Insights/metrics/read'
]

resource operatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: roleDefinitionName
  properties: {
    roleName: roleName
    description: 'Seamless automation identity: read App Service sites, slots, plans, config and instances; swap slots with preview; set canary routing; change plan capacity; read Azure Monitor metrics.'
    type: 'CustomRole'
    permissions: [
      {
        actions: actions
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: assignableScopes
  }
}

@description('Required. Resource id of the role definition, for role assignments.')
output roleDefinitionId string = operatorRole.id

@description('Required. The ARM actions the role grants.')
output actions string[] = actions
