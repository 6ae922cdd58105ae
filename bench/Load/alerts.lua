-- wrk script: POST /api/alerts with a valid common-schema alert, a new alertId on every request
-- (so the dedupe never short-circuits). The target is the simulated site; with no release in flight
-- a Fired alert on a site is parsed, deduplicated, journalled and answered without touching Azure.
local key = os.getenv("SEAMLESS_API_KEY")
local site = os.getenv("SITE_ID")
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("thread_id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  math.randomseed(os.time() + (thread_id or 0))
end

request = function()
  counter = counter + 1
  local alert_id = string.format("/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.AlertsManagement/alerts/wrk-%d-%d-%d", thread_id or 0, counter, math.random(1, 1000000000))
  local body = '{"schemaId":"azureMonitorCommonAlertSchema","data":{"essentials":{'
    .. '"alertId":"' .. alert_id .. '",'
    .. '"alertRule":"http5xx-high","severity":"Sev2","signalType":"Metric","monitorCondition":"Fired",'
    .. '"monitoringService":"Platform","alertTargetIDs":["' .. site .. '"],'
    .. '"firedDateTime":"2025-06-02T10:00:00Z"},"alertContext":{}}}'
  return wrk.format("POST", "/api/alerts", {["Content-Type"] = "application/json", ["x-functions-key"] = key}, body)
end

local statuses = {}
response = function(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
