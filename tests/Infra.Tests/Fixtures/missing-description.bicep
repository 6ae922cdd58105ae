// Broken on purpose: one param without a description, one with a description that does not say Required./Optional.
param location string

@description('The name.')
param name string = 'x'

@description('Optional. Fine.')
output region string = '${location}-${name}'
