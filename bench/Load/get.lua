-- wrk script: GET with the API key header (path from the command line URL).
local key = os.getenv("SEAMLESS_API_KEY")
wrk.headers["x-functions-key"] = key
