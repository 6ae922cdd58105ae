// Broken on purpose, one level down: the insecure site comes from a module, and a user-defined type
// makes the compiler emit the languageVersion 2.0 layout (resources keyed by symbolic name).
@description('Region of the site.')
type regionType = string

@description('Required. Region.')
param location regionType

module insecureSite 'site-without-https.bicep' = {
  name: 'insecure-site'
  params: {
    location: location
  }
}
