-- wrk script: POST /api/v1/keys/verify with the key in $KEYWARD_BENCH_KEY, over keep-alive.
local key = os.getenv("KEYWARD_BENCH_KEY")
wrk.method = "POST"
wrk.body = '{"key":"' .. key .. '"}'
wrk.headers["Content-Type"] = "application/json"

function response(status, headers, body)
  if status ~= 200 or not string.find(body, '"valid":true', 1, true) then
    print("unexpected answer: " .. status .. " " .. body)
    os.exit(1)
  end
end
