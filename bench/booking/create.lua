-- wrk script: POST the Booking document's case/create example as partner acme.
local file = assert(io.open(os.getenv("BOOKING_EXAMPLE"), "r"))
wrk.method = "POST"
wrk.body = file:read("*a")
file:close()
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Hub-Api-Token"] = "demo-partner-acme"
