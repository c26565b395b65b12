-- wrk script for bench/soak: one request (SOAK_METHOD, SOAK_PATH, SOAK_TOKEN, SOAK_BODY_FILE from the environment),
-- each connection waiting SOAK_DELAY_MS between requests (0: as fast as it can), so the load is held at a rate.
wrk.method = os.getenv("SOAK_METHOD")
wrk.path = os.getenv("SOAK_PATH")
wrk.headers["X-Hub-Api-Token"] = os.getenv("SOAK_TOKEN")
local bodyFile = os.getenv("SOAK_BODY_FILE")
if bodyFile and bodyFile ~= "" then
  local file = assert(io.open(bodyFile, "r"))
  wrk.body = file:read("*a")
  file:close()
  wrk.headers["Content-Type"] = "application/json"
end
local pause = tonumber(os.getenv("SOAK_DELAY_MS") or "0")
function delay()
  return pause
end
