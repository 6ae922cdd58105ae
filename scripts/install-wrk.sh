#!/usr/bin/env bash
# Installs wrk (HTTP load generator) from the distribution's packages. Idempotent: does nothing when
# wrk is already on PATH. Works as root (no sudo needed) or as a user with sudo.
set -euo pipefail

if command -v wrk >/dev/null 2>&1; then
  echo "wrk already installed: $(command -v wrk)"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-wrk: not root and sudo is not available; install the 'wrk' package yourself." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-wrk: apt-get not found (Debian/Ubuntu expected); install 'wrk' with your package manager." >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq || true   # a stale index is fine if wrk is already in it
$SUDO apt-get install -y -qq wrk
echo "wrk installed: $(command -v wrk)"
