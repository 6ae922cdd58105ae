#!/usr/bin/env bash
# The test command (README): installs the Bicep parsing tooling from npm, then builds and runs every
# test project that builds on this feed (Seamless.Local.slnf: the whole solution but src/Functions).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d tools/bicep/node_modules ] || [ tools/bicep/package-lock.json -nt tools/bicep/node_modules ]; then
  npm ci --prefix tools/bicep --no-audit --no-fund --loglevel=error
fi

dotnet test Seamless.Local.slnf "$@"
