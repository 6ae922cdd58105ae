#!/usr/bin/env bash
# Starts a Seamless upgrade with a timestamped signed delivery and follows it until its outcome; exits 0 only when
# the build was promoted or production already ran it. Used by action.yml; runnable anywhere with bash, curl, jq and
# openssl. Inputs (environment):
#   SEAMLESS_URL, SEAMLESS_API_KEY, SEAMLESS_WEBHOOK_SECRET (optional: unsigned when empty), SITE_ID, VERSION,
#   STRATEGY (canary|swap, default canary), SOURCE_SLOT (staging), TARGET_SLOT (production), DELIVERY_ID (optional),
#   TIMEOUT_MINUTES (90), POLL_SECONDS (15).
# Writes upgrade-id, outcome and reason to $GITHUB_OUTPUT and a summary to $GITHUB_STEP_SUMMARY when those are set.
set -euo pipefail

fail() { echo "::error::$1" >&2; exit "${2:-1}"; }
for tool in curl jq openssl; do command -v "$tool" >/dev/null || fail "seamless upgrade: $tool is required"; done
[ -n "${SEAMLESS_URL:-}" ] || fail "seamless upgrade: seamless-url (SEAMLESS_URL) is required"
[ -n "${SEAMLESS_API_KEY:-}" ] || fail "seamless upgrade: api-key (SEAMLESS_API_KEY) is required"
[ -n "${SITE_ID:-}" ] || fail "seamless upgrade: site-id (SITE_ID) is required"
[ -n "${VERSION:-}" ] || fail "seamless upgrade: version (VERSION) is required"

base="${SEAMLESS_URL%/}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The exact bytes that are signed are the bytes that are sent (jq -c, no trailing newline); deliveryId is inside the
# signed body, so a resent body maps to this run's upgrade, never a second one.
jq -cn --arg site "$SITE_ID" --arg version "$VERSION" --arg strategy "${STRATEGY:-canary}" \
  --arg source "${SOURCE_SLOT:-staging}" --arg target "${TARGET_SLOT:-production}" --arg delivery "${DELIVERY_ID:-}" \
  '{site: $site, sourceSlot: $source, targetSlot: $target, version: $version, strategy: $strategy}
   + (if $delivery == "" then {} else {deliveryId: $delivery} end)' | tr -d '\n' > "$work/body.json"

headers=(-H "Content-Type: application/json" -H "x-functions-key: $SEAMLESS_API_KEY")
if [ -n "${SEAMLESS_WEBHOOK_SECRET:-}" ]; then
  # Timestamped signature: HMAC-SHA256 of "<unix seconds>." + body (refused once older than the host's tolerance).
  t=$(date +%s)
  mac=$( { printf '%s.' "$t"; cat "$work/body.json"; } | openssl dgst -sha256 -hmac "$SEAMLESS_WEBHOOK_SECRET" -r | cut -d' ' -f1)
  headers+=(-H "Seamless-Signature: t=$t,v1=$mac")
fi

code=$(curl -sS -o "$work/start.json" -w '%{http_code}' -X POST "$base/api/upgrades" "${headers[@]}" --data-binary @"$work/body.json") \
  || fail "seamless upgrade: $base is unreachable"
# 202 = started; 200 = this delivery was accepted before (a re-run of the same attempt).
if [ "$code" != "202" ] && [ "$code" != "200" ]; then
  fail "Seamless refused the upgrade (HTTP $code): $(jq -r '.detail // .title // .' "$work/start.json" 2>/dev/null || cat "$work/start.json")"
fi

id=$(jq -r '.id' "$work/start.json")
status_uri=$(jq -r '.statusUri' "$work/start.json")
case "$status_uri" in /*) status_uri="$base$status_uri" ;; esac
echo "Seamless upgrade $id: $status_uri"

deadline=$(( $(date +%s) + ${TIMEOUT_MINUTES:-90} * 60 ))
last=""
while true; do
  if curl -sS -f -o "$work/status.json" -H "x-functions-key: $SEAMLESS_API_KEY" "$status_uri"; then
    status=$(jq -r '.status' "$work/status.json")
    line="$(jq -r '"\(.status) \(.phase // "-") \(.step // "") \(.latestVerdict.gate // "") \(.latestVerdict.outcome // "")"' "$work/status.json")"
    if [ "$line" != "$last" ]; then echo "$(date -u +%H:%M:%S) $line"; last="$line"; fi
    if [ "$(jq -r '.phase // ""' "$work/status.json")" = "Approval" ]; then
      echo "waiting for approval — seamless approve $id (or POST $status_uri/approve with an approver key)"
    fi
    case "$status" in Completed|Failed|Terminated) break ;; esac
  else
    echo "status not available yet; retrying"
  fi
  [ "$(date +%s)" -lt "$deadline" ] || fail "Seamless upgrade $id still running after ${TIMEOUT_MINUTES:-90} min; it continues server-side: $status_uri" 7
  sleep "${POLL_SECONDS:-15}"
done

outcome=$(jq -r '.outcome // "unknown"' "$work/status.json")
reason=$(jq -r '.reason // ""' "$work/status.json")
echo "Outcome: $outcome - $reason"
if [ -n "${GITHUB_OUTPUT:-}" ]; then
  { echo "upgrade-id=$id"; echo "outcome=$outcome"; echo "reason<<SEAMLESS_EOF"; echo "$reason"; echo "SEAMLESS_EOF"; } >> "$GITHUB_OUTPUT"
fi
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  { echo "### Seamless upgrade: $outcome"; echo; echo "$reason"; echo; echo "Status: $status_uri"; } >> "$GITHUB_STEP_SUMMARY"
fi
case "$outcome" in
  Promoted|AlreadyServing) exit 0 ;;
  RolledBack) fail "The upgrade was rolled back: $reason" 3 ;;
  Rejected) fail "The upgrade was rejected: $reason" 4 ;;
  Aborted) fail "The upgrade was aborted: $reason" 5 ;;
  *) fail "The upgrade ended $outcome: $reason" 6 ;;
esac
