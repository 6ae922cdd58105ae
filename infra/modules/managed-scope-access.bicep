metadata description = 'Assigns the Seamless Operator custom role to the app identity on one managed resource group.'

@description('Required. Principal id of the Seamless identity.')
param principalId string

@description('Required. Resource id of the Seamless Operator role definition.')
param roleDefinitionId string

resource operatorAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, roleDefinitionId)
  properties: {
    roleDefinitionId: roleDefinitionId
    principalId: principalId
    principalType: 'ServicePrincipal'
    description: 'Seamless: upgrade and scale the App Service sites and plans of this resource group.'
  }
}

@description('Required. Resource id of the role assignment.')
output resourceId string = operatorAssignment.id
