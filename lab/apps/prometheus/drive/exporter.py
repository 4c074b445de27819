#!/usr/bin/env python3
"""A small stand-in for the shop's instrumented services: serves /metrics in the OpenMetrics text format (with
exemplars carrying trace ids) on 127.0.0.1:PORT, as a client library would. Counters grow on every scrape.
Usage: exporter.py PORT SERVICE   (the capture filter is only the Prometheus port; this traffic is not recorded)"""
import http.server, random, sys, time

PORT, SERVICE = int(sys.argv[1]), sys.argv[2]
random.seed(PORT)
ROUTES = {
    "edge_gateway": ["/route/{tenant}/{path}", "/auth/token"],
    "checkout-api": ["/api/cart/{cartId}", "/api/checkout", "/api/orders/{orderId}", "/healthz"],
    "InventoryWorker": ["/v2/stock/{sku}", "/v2/reservations", "/internal/sync"],
}[SERVICE]
counts = {}
buckets = [0.05, 0.1, 0.25, 0.5, 1.0, 2.5]
hist = {r: [0] * (len(buckets) + 1) for r in ROUTES}
hsum = {r: 0.0 for r in ROUTES}
start = time.time()


def tick():
    for r in ROUTES:
        for method, status in (("GET", "200"), ("POST", "201"), ("GET", "500"), ("GET", "404")):
            n = random.randint(0, 30 if status[0] == "2" else 3)
            counts[(r, method, status)] = counts.get((r, method, status), 0) + n
            for _ in range(n):
                d = random.expovariate(6.0)
                hsum[r] += d
                for i, b in enumerate(buckets):
                    if d <= b:
                        hist[r][i] += 1
                hist[r][-1] += 1


def body():
    tick()
    out = ["# HELP http_requests_total HTTP requests served.", "# TYPE http_requests_total counter"]
    for (r, m, s), v in sorted(counts.items()):
        tid = "%032x" % random.getrandbits(128)
        out.append('http_requests_total{http_route="%s",method="%s",status="%s"} %d # {trace_id="%s"} 1' % (r, m, s, v, tid))
    out += ["# HELP http_request_duration_seconds Request latency.", "# TYPE http_request_duration_seconds histogram"]
    for r in ROUTES:
        for i, b in enumerate(buckets):
            out.append('http_request_duration_seconds_bucket{http_route="%s",le="%s"} %d' % (r, b, hist[r][i]))
        tid = "%032x" % random.getrandbits(128)
        out.append('http_request_duration_seconds_bucket{http_route="%s",le="+Inf"} %d # {trace_id="%s"} %.3f' % (r, hist[r][-1], tid, random.random()))
        out.append('http_request_duration_seconds_sum{http_route="%s"} %.4f' % (r, hsum[r]))
        out.append('http_request_duration_seconds_count{http_route="%s"} %d' % (r, hist[r][-1]))
    if SERVICE == "InventoryWorker":
        out += ["# HELP inventory_queue_depth Messages waiting per queue.", "# TYPE inventory_queue_depth gauge"]
        for q in ("stock-updates", "reservation_expiry", "SupplierFeed"):
            out.append('inventory_queue_depth{queue="%s"} %d' % (q, random.randint(0, 60)))
    out += ["# HELP process_start_time_seconds Start time of the process.", "# TYPE process_start_time_seconds gauge",
            "process_start_time_seconds %.1f" % start, "# EOF", ""]
    return "\n".join(out).encode()


class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.split("?")[0] != "/metrics":
            self.send_error(404)
            return
        b = body()
        self.send_response(200)
        self.send_header("Content-Type", "application/openmetrics-text; version=1.0.0; charset=utf-8")
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def log_message(self, *a):
        pass


http.server.ThreadingHTTPServer(("127.0.0.1", PORT), H).serve_forever()
