package ingest

import (
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/reassembly"
)

// BenchmarkHotPath measures what `shadowtap ingest` does per packet and
// per exchange, without the database: read and decode, reassemble and parse
// HTTP, and observe every exchange into an inventory (bytes are the capture
// file's). It reports heap allocations per packet and per exchange, the
// figures the hot path is held to. The capture is SHADOWTAP_BENCH_PCAP (a
// perf capture from bench/perf.sh, e.g.
// /tmp/shadowtap-perf-repo/pcap/medium-*.pcap), else the bundled sample.
func BenchmarkHotPath(b *testing.B) {
	name := os.Getenv("SHADOWTAP_BENCH_PCAP")
	if name == "" {
		name = "../testdata/sample/peoplehub.pcap"
	}
	fi, err := os.Stat(name)
	if err != nil {
		b.Skipf("no capture: %v", err)
	}
	b.SetBytes(fi.Size())
	var packets, exchanges uint64
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for b.Loop() {
		src, err := capture.OpenFiles(name)
		if err != nil {
			b.Fatal(err)
		}
		inv := inventory.New(inventory.DefaultConfig())
		st, err := reassembly.Process(context.Background(), src, nil, reassembly.DefaultConfig(), inv.Observe)
		src.Close()
		if err != nil {
			b.Fatal(err)
		}
		if st.Exchanges == 0 {
			b.Fatal("no exchanges")
		}
		packets += st.Packets
		exchanges += st.Exchanges
	}
	runtime.ReadMemStats(&m1)
	allocs := float64(m1.Mallocs - m0.Mallocs)
	b.ReportMetric(allocs/float64(packets), "allocs/packet")
	b.ReportMetric(allocs/float64(exchanges), "allocs/exchange")
	b.ReportMetric(float64(exchanges)/b.Elapsed().Seconds(), "exchanges/s")
}

// BenchmarkObserveCapture measures Inventory.Observe alone (one goroutine,
// as in ingest) over the first 50,000 exchanges of SHADOWTAP_BENCH_PCAP
// (else the bundled sample): the exchanges are reassembled afresh, outside
// the timer, for every round, so that nothing an earlier round built into
// them (header maps, decoded bodies) is reused.
func BenchmarkObserveCapture(b *testing.B) {
	name := os.Getenv("SHADOWTAP_BENCH_PCAP")
	if name == "" {
		name = "../testdata/sample/peoplehub.pcap"
	}
	if _, err := os.Stat(name); err != nil {
		b.Skipf("no capture: %v", err)
	}
	const max = 50000
	collect := func() []*reassembly.Exchange {
		src, err := capture.OpenFiles(name)
		if err != nil {
			b.Fatal(err)
		}
		defer src.Close()
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		var xs []*reassembly.Exchange
		reassembly.Process(ctx, src, nil, reassembly.DefaultConfig(), func(x *reassembly.Exchange) {
			if len(xs) < max {
				xs = append(xs, x)
			} else {
				cancel()
			}
		})
		return xs
	}
	var n int
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		xs := collect()
		runtime.GC()
		b.StartTimer()
		inv := inventory.New(inventory.DefaultConfig())
		for _, x := range xs {
			inv.Observe(x)
		}
		n += len(xs)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(n), "ns/exchange")
}
