metadata description = 'User-assigned managed identity that the Seamless Function App runs as: storage, App Insights, ARM and metrics all authenticate with it.'

import { tagsType } from '../types.bicep'

@description('Required. Name of the user-assigned identity.')
param name string

@description('Required. Azure region of the identity.')
param location string

@description('Optional. Tags applied to the identity.')
param tags tagsType = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Required. Resource id of the identity.')
output resourceId string = identity.id

@description('Required. Client (application) id of the identity; used as AZURE_CLIENT_ID and for identity-based settings.')
output clientId string = identity.properties.clientId

@description('Required. Object (principal) id of the identity; used in role assignments.')
output principalId string = identity.properties.principalId

@description('Required. Name of the identity.')
output name string = identity.name
