#!/usr/bin/env bash
# The test command (README): restores, builds (warnings are errors) and publishes the whole solution,
# the Azure Functions app included, then runs every test project. The published Functions app is what
# tests/Functions.Tests reads (functions.metadata); tests/Infra.Tests compiles and lints the Bicep with
# the Bicep CLI restored from NuGet.
set -euo pipefail
cd "$(dirname "$0")/.."

dotnet restore Functions.sln
dotnet build Functions.sln --no-restore
dotnet publish src/Functions/Seamless.Functions.csproj --no-restore --output artifacts/functions
dotnet test Functions.sln --no-build "$@"
