-- wrk script: GET /api/v3/case-messages?guid=CASE_GUID as provider infocare.
wrk.method = "GET"
wrk.headers["X-Hub-Api-Token"] = "demo-provider-infocare"
wrk.path = "/api/v3/case-messages?guid=" .. os.getenv("CASE_GUID")
