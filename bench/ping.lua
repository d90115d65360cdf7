-- wrk script: a CloudEvent (binary mode) POST, the same for the runtime and the bare baseline.
wrk.method = "POST"
wrk.body = '{"name":"bench","n":1}'
wrk.headers["content-type"] = "application/json"
wrk.headers["ce-specversion"] = "1.0"
wrk.headers["ce-id"] = "bench-1"
wrk.headers["ce-source"] = "/bench"
wrk.headers["ce-type"] = "dev.skyless.bench.ping"
