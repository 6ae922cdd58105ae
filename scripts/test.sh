#!/usr/bin/env bash
# The test command (README): restores, builds (warnings are errors) and publishes the whole solution,
# the Azure Functions app included, then runs every test project. The published Functions app is what
# tests/Functions.Tests reads (functions.metadata); tests/Infra.Tests compiles and lints the Bicep with
# the Bicep CLI restored from NuGet; tests/Azure.Tests runs the blob state store against Azurite from tools/azurite.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages the tests use, installed when missing: Chromium for tests/Console.Tests (Playwright drives it; never
# `playwright install`), and curl, jq and openssl for the GitHub Action's script (scripts/ci/upgrade.sh) in tests/Host.Tests.
packages=()
[ -x /usr/bin/chromium ] || packages+=(chromium)
for tool in curl jq openssl; do command -v "$tool" >/dev/null || packages+=("$tool"); done
if [ ${#packages[@]} -gt 0 ]; then
  echo "Installing ${packages[*]} for the tests (apt-get install)..."
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  if ! { $sudo apt-get update -qq && $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null; }; then
    echo "scripts/test.sh: could not install ${packages[*]} (apt-get install); the console and action tests need them." >&2
    exit 1
  fi
  [ -x /usr/bin/chromium ] || { echo "scripts/test.sh: /usr/bin/chromium is still missing after installing chromium." >&2; exit 1; }
fi

# The Azurite storage emulator that tests/Azure.Tests runs the blob state store against: pinned in tools/azurite
# (package.json + package-lock.json) and installed from the lock file while the solution builds (it is needed only by
# the tests); a copy of the lock file left in node_modules marks a finished install of exactly that lock, so a second
# run skips npm.
azurite_log=$(mktemp)
azurite_install=""
if ! cmp -s tools/azurite/package-lock.json tools/azurite/node_modules/.seamless-installed-lock.json; then
  echo "Installing Azurite for the tests (npm ci --prefix tools/azurite), alongside the build..."
  ( npm ci --prefix tools/azurite --no-audit --no-fund --loglevel=error >"$azurite_log" 2>&1 \
      && cp tools/azurite/package-lock.json tools/azurite/node_modules/.seamless-installed-lock.json ) &
  azurite_install=$!
fi

dotnet restore Functions.sln
dotnet build Functions.sln --no-restore
dotnet publish src/Functions/Seamless.Functions.csproj --no-restore --output artifacts/functions

if [ -n "$azurite_install" ] && ! wait "$azurite_install"; then
  cat "$azurite_log" >&2
  echo "scripts/test.sh: could not install Azurite (npm ci --prefix tools/azurite); tests/Azure.Tests needs it." >&2
  exit 1
fi
rm -f "$azurite_log"

dotnet test Functions.sln --no-build "$@"
