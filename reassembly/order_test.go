package reassembly

import (
	"context"
	"crypto/sha256"
	"fmt"
	"hash"
	"strconv"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/capture"
)

// exchangeDigest hashes every field of ex in a fixed form (maps print
// sorted), so that two emitted sequences hash alike only if they are
// equal exchange by exchange.
func exchangeDigest(h hash.Hash, ex *Exchange) {
	x := *ex
	x.RequestBody, x.ResponseBody = nil, nil // written raw below: %v of bytes is slow
	x.TLS = nil                              // a pointer: its fields below
	fmt.Fprintf(h, "%+v\n", x)
	if ex.TLS != nil {
		fmt.Fprintf(h, "%+v\n", *ex.TLS)
	}
	fmt.Fprintf(h, "%d %s\n%d %s\n", len(ex.RequestBody), ex.RequestBody, len(ex.ResponseBody), ex.ResponseBody)
}

// quickDigest hashes the fields that tell exchanges apart in orderScript
// (cheaper than exchangeDigest on thousands of exchanges).
func quickDigest(h hash.Hash, ex *Exchange) {
	var b []byte
	b = append(b, ex.Target...)
	b = ex.Client.AppendTo(append(b, ' '))
	b = strconv.AppendInt(append(b, ' '), ex.RequestTime.UnixNano(), 10)
	b = strconv.AppendInt(append(b, ' '), ex.ResponseTime.UnixNano(), 10)
	b = strconv.AppendInt(append(b, ' '), int64(ex.Status), 10)
	b = strconv.AppendInt(append(b, ' '), int64(ex.Flags), 10)
	h.Write(append(b, '\n'))
}

// orderScript is a generated capture of many interleaved connections:
// pipelined requests, unanswered requests flushed at Close, and idle
// periods long enough for FlowTimeout to close many connections in one
// flush, which is where shard scheduling and map order used to show.
func orderScript(flows int) []pkt {
	var script []pkt
	for round := 0; round < 3; round++ {
		base := time.Duration(round) * 10 * time.Second
		for f := 0; f < flows; f++ {
			port := uint16(10000 + round*flows + f)
			at := base + time.Duration(f)*time.Microsecond
			n := 1 + f%3
			var cseq, sseq uint32 = 1, 1
			for k := 0; k < n; k++ {
				req := fmt.Sprintf("GET /r%d/f%d/k%d HTTP/1.1\r\nHost: s\r\n\r\n", round, f, k)
				script = append(script, pkt{fromClient: true, seq: cseq, ack: sseq, flags: "A", data: req, port: port, at: at})
				cseq += uint32(len(req))
			}
			if f%5 == 4 { // no response: flushed by timeout or Close
				continue
			}
			for k := 0; k < n; k++ {
				script = append(script, pkt{fromClient: false, seq: sseq, ack: cseq, flags: "A", data: resp1, port: port, at: at + time.Millisecond})
				sseq += uint32(len(resp1))
			}
		}
	}
	return script
}

// TestDeterministicEmission: for files the emitted sequence is a pure
// function of the capture, whatever the shard scheduling: the same input
// processed ten times gives byte-identical sequences, for 2 and 4 shards.
func TestDeterministicEmission(t *testing.T) {
	script := orderScript(1500)
	segs := make([]*capture.Segment, len(script))
	for i, p := range script {
		segs[i] = p.segment(t, i)
	}
	runs := []struct {
		name string
		run  func(cfg Config) (string, int)
	}{
		{"generated", func(cfg Config) (string, int) {
			cfg.FlowTimeout, cfg.GapTimeout = 2*time.Second, time.Second
			h := sha256.New()
			n := 0
			e := NewEngine(cfg, func(ex *Exchange) { quickDigest(h, ex); n++ })
			for _, s := range segs {
				e.Feed(s)
			}
			e.Close()
			return fmt.Sprintf("%x", h.Sum(nil)), n
		}},
		{"corpus", func(cfg Config) (string, int) {
			src, err := capture.OpenFiles("testdata/corpus/ndpi-1kxun-mixed-app-traffic.pcap")
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			h := sha256.New()
			n := 0
			if _, err := Process(context.Background(), src, nil, cfg, func(ex *Exchange) { exchangeDigest(h, ex); n++ }); err != nil {
				t.Fatal(err)
			}
			return fmt.Sprintf("%x", h.Sum(nil)), n
		}},
	}
	for _, r := range runs {
		for _, shards := range []int{2, 4} {
			t.Run(fmt.Sprintf("%s/shards=%d", r.name, shards), func(t *testing.T) {
				want, n := r.run(Config{Shards: shards})
				if n < 100 {
					t.Fatalf("only %d exchanges", n)
				}
				for i := 1; i < 10; i++ {
					if got, m := r.run(Config{Shards: shards}); got != want || m != n {
						t.Fatalf("run %d: %d exchanges, digest %s; first run %d, %s", i, m, got, n, want)
					}
				}
			})
		}
	}
}

// TestMergeBounded: a shard that gets a few early packets and then nothing
// must not hold back the other shard's exchanges until Close: the feeder
// nudges it, so the emitter's merge buffer stays near a few batches.
func TestMergeBounded(t *testing.T) {
	var busy, idle []uint16
	for port := uint16(20000); len(busy) < 200 || len(idle) < 1; port++ {
		p := pkt{fromClient: true, port: port}
		if flowHash(p.segment(t, 0))%2 == 0 {
			busy = append(busy, port)
		} else if len(idle) == 0 {
			idle = append(idle, port)
		}
	}
	script := []pkt{{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1, port: idle[0]}}
	const rounds = 100
	for r := range rounds {
		for _, port := range busy {
			cseq, sseq := uint32(1+r*len(req1)), uint32(1+r*len(resp1))
			script = append(script,
				pkt{fromClient: true, seq: cseq, ack: sseq, flags: "A", data: req1, port: port, at: time.Duration(r) * time.Millisecond},
				pkt{fromClient: false, seq: sseq, ack: cseq + uint32(len(req1)), flags: "A", data: resp1, port: port, at: time.Duration(r) * time.Millisecond})
		}
	}
	n := 0
	e := NewEngine(Config{Shards: 2}, func(*Exchange) { n++ })
	for i, p := range script {
		e.Feed(p.segment(t, i))
	}
	e.Close()
	if n != rounds*len(busy)+1 {
		t.Fatalf("%d exchanges, want %d", n, rounds*len(busy)+1)
	}
	// 2 shards × (batchesShard batches + staleRecs) packets, one exchange
	// per two packets, with room to spare
	if limit := 2 * (batchesShard*batchSegs + staleRecs*2); e.mergePeak > limit {
		t.Fatalf("merge buffer peaked at %d exchanges (of %d), limit %d", e.mergePeak, n, limit)
	}
	t.Logf("merge buffer peak %d of %d exchanges", e.mergePeak, n)
}
