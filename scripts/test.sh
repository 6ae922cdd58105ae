#!/usr/bin/env bash
# The test command (README): restores, builds (warnings are errors) and publishes the whole solution,
# the Azure Functions app included, then runs every test project. The published Functions app is what
# tests/Functions.Tests reads (functions.metadata); tests/Infra.Tests compiles and lints the Bicep with
# the Bicep CLI restored from NuGet.
set -euo pipefail
cd "$(dirname "$0")/.."

# tests/Console.Tests drives Debian's Chromium with Playwright (never `playwright install`): install it when missing.
if [ ! -x /usr/bin/chromium ]; then
  echo "Installing Chromium for the console's browser tests (apt-get install chromium)..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if ! { $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; then
    echo "scripts/test.sh: could not install Chromium (apt-get install chromium); the console tests need /usr/bin/chromium." >&2
    exit 1
  fi
  [ -x /usr/bin/chromium ] || { echo "scripts/test.sh: /usr/bin/chromium is still missing after installing chromium." >&2; exit 1; }
fi

dotnet restore Functions.sln
dotnet build Functions.sln --no-restore
dotnet publish src/Functions/Seamless.Functions.csproj --no-restore --output artifacts/functions
dotnet test Functions.sln --no-build "$@"
