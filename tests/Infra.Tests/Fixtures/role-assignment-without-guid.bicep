// Broken on purpose: a fixed role assignment name and no principalType.
@description('Required. Principal that gets the role.')
param principalId string

resource readerAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: 'seamless-reader'
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')
    principalId: principalId
  }
}
