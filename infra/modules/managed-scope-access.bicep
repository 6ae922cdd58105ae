metadata description = 'Assigns the Seamless Operator custom role to the app identity on one managed resource group.'

@description('Required. Resource id of the Seamless user-assigned identity (any subscription and resource group).')
param identityResourceId string

@description('Required. Resource id of the Seamless Operator role definition.')
param roleDefinitionId string

// By resource id, not a principal id from a module output: the assignment name stays known when the
// deployment starts, so What-If predicts it.
resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' existing = {
  name: last(split(identityResourceId, '/'))
  scope: resourceGroup(split(identityResourceId, '/')[2], split(identityResourceId, '/')[4])
}

resource operatorAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, identity.id, roleDefinitionId)
  properties: {
    roleDefinitionId: roleDefinitionId
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Seamless: upgrade and scale the App Service sites and plans of this resource group.'
  }
}

@description('Required. Resource id of the role assignment.')
output resourceId string = operatorAssignment.id
