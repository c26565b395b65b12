-- wrk script: POST /api/v3/case-messages/create on one case (CASE_GUID from the environment).
wrk.method = "POST"
wrk.path = "/api/v3/case-messages/create"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Hub-Api-Token"] = "demo-partner-acme"
wrk.body = '{"guid":"' .. os.getenv("CASE_GUID") ..
  '","content":"Benchmark message","type":"serviceComment","externalId":"bench-1","userName":"Bench"}'
