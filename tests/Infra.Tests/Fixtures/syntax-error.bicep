// Broken on purpose: the value of 'name' is missing and the object is never closed.
@description('Required. Name.')
param name string

var settings = {
  name:
