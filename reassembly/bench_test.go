package reassembly

import (
	"context"
	"os"
	"strconv"
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
//	cd bench/perf && go build -o /tmp/gen ./cmd/gen &&
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

// BenchmarkH2 measures the HTTP/2 parser alone on one prior-knowledge
// connection of gRPC-sized and REST-sized calls (bytes are both
// directions), to compare with BenchmarkFramer.
func BenchmarkH2(b *testing.B) {
	s := newH2Script()
	s.steps = append(s.steps, step{dir: 0, data: h2Preface})
	s.fr.WriteSettings()
	s.flush(0)
	s.fr.WriteSettings()
	s.flush(1)
	body := strings.Repeat(`{"id":1,"total":12.5},`, 40)
	const n = 64
	for i := 0; i < n; i++ {
		sid := uint32(2*i + 1)
		s.headers(0, sid, false, ":method", "POST", ":scheme", "http", ":authority", "api.example.com", ":path", "/shop.v1.Orders/List",
			"content-type", "application/grpc", "te", "trailers", "authorization", "Bearer abc.def.ghi", "x-request-id", strconv.Itoa(i))
		s.data(0, sid, true, "\x00\x00\x00\x00\x10abcdefghijklmnop")
		s.headers(1, sid, false, ":status", "200", "content-type", "application/grpc")
		s.data(1, sid, false, body)
		s.headers(1, sid, true, "grpc-status", "0")
	}
	var dirs [2][]byte
	for _, st := range s.steps {
		dirs[st.dir] = append(dirs[st.dir], st.data...)
	}
	cfg := DefaultConfig().withDefaults()
	var got int
	sk := &sink{cfg: &cfg, cnt: &counters{}, emit: func(*Exchange) { got++ }}
	ts := fakeTS{t0}
	b.SetBytes(int64(len(dirs[0]) + len(dirs[1])))
	b.ReportAllocs()
	for b.Loop() {
		var c httpConn
		c.init(sk, cliAddrPort, srvAddrPort, 0)
		// per direction in segment-sized pieces, interleaved as on a wire
		for off := 0; off < len(dirs[0]) || off < len(dirs[1]); off += 1448 {
			for d := range 2 {
				if off < len(dirs[d]) {
					c.feed(d, dirs[d][off:min(off+1448, len(dirs[d]))], ts)
				}
			}
		}
		c.close()
	}
	if got%n != 0 || got == 0 {
		b.Fatalf("%d exchanges, not a multiple of %d", got, n)
	}
	b.ReportMetric(float64(got)/b.Elapsed().Seconds(), "exchanges/s")
}
