package reassembly

import (
	"context"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/shadowtap/shadowtap/capture"
)

// BenchmarkFramer measures the HTTP/1 framer alone on a keep-alive
// connection of small JSON exchanges (bytes are request plus response).
func BenchmarkFramer(b *testing.B) {
	req := "GET /api/v1/users/12345/orders?limit=20&page=3 HTTP/1.1\r\nHost: api.example.com\r\nUser-Agent: bench/1.0\r\nAccept: application/json\r\nAuthorization: Bearer abc.def.ghi\r\nX-Request-Id: 7f3c9a\r\n\r\n"
	body := `{"orders":[{"id":1,"total":12.5},{"id":2,"total":7}],"next":"/api/v1/users/12345/orders?page=4"}`
	resp := withLen("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: Mon, 02 Mar 2026 09:00:00 GMT\r\nServer: bench\r\nCache-Control: no-store\r\n", body)
	const n = 64
	reqs := []byte(strings.Repeat(req, n))
	resps := []byte(strings.Repeat(resp, n))
	cfg := DefaultConfig().withDefaults()
	var got int
	s := &sink{cfg: &cfg, cnt: &counters{}, emit: func(*Exchange) { got++ }}
	ts := fakeTS{t0}
	b.SetBytes(int64(len(reqs) + len(resps)))
	b.ReportAllocs()
	for b.Loop() {
		var c httpConn
		c.init(s, cliAddrPort, srvAddrPort, 0)
		c.feed(0, reqs, ts)
		c.feed(1, resps, ts)
		c.close()
	}
	if got%n != 0 || got == 0 {
		b.Fatalf("%d exchanges, not a multiple of %d", got, n)
	}
	b.ReportMetric(float64(got)/b.Elapsed().Seconds(), "exchanges/s")
}

// BenchmarkProcess measures Process on a generated capture (bytes are the
// capture file's). Generate one with the perf harness:
//
//	cd /work/shared/perf && go build -o /tmp/gen ./cmd/gen &&
//	/tmp/gen -exchanges 50000 -flows 10000 -o /tmp/small.pcap
//
// and point SHADOWTAP_BENCH_PCAP at it (default /tmp/small.pcap); the
// benchmark is skipped when the file is absent.
func BenchmarkProcess(b *testing.B) {
	name := os.Getenv("SHADOWTAP_BENCH_PCAP")
	if name == "" {
		name = "/tmp/small.pcap"
	}
	fi, err := os.Stat(name)
	if err != nil {
		b.Skipf("no capture: %v", err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	var ex atomic.Int64
	for b.Loop() {
		src, err := capture.OpenFiles(name)
		if err != nil {
			b.Fatal(err)
		}
		st, err := Process(context.Background(), src, nil, DefaultConfig(), func(*Exchange) { ex.Add(1) })
		src.Close()
		if err != nil {
			b.Fatal(err)
		}
		if st.Exchanges == 0 {
			b.Fatal("no exchanges")
		}
	}
	b.ReportMetric(float64(ex.Load())/b.Elapsed().Seconds(), "exchanges/s")
}
