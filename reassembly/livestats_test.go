package reassembly

import (
	"reflect"
	"sync"
	"testing"
)

// TestEngineStatsSnapshot reads Engine.Stats from another goroutine while
// segments are fed (run with -race), checks that the counters it reports
// never go down, that a shard's published counters show up once the
// feeder has had a batch back from it, and that after Close it returns
// what Close returned.
func TestEngineStatsSnapshot(t *testing.T) {
	L := uint32(len(req1))
	R := uint32(len(resp1))
	const n = 6 * batchSegs / 2 // request/response pairs: 6 batches of segments
	script := handshake()
	for i := uint32(0); i < n; i++ {
		script = append(script,
			pkt{fromClient: true, seq: 1 + i*L, ack: 1 + i*R, flags: "A", data: req1},
			pkt{fromClient: false, seq: 1 + i*R, ack: 1 + (i+1)*L, flags: "A", data: resp1})
	}
	e := NewEngine(Config{Shards: 1}, nil)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	var bad string
	go func() {
		defer wg.Done()
		var last Stats
		for {
			s := e.Stats()
			if s.TCPSegments < last.TCPSegments || s.Exchanges < last.Exchanges || s.Packets < last.Packets {
				bad = "counters went down"
			}
			last = s
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	for i, p := range script {
		e.Feed(p.segment(t, i))
	}
	// The shard has handed at least one processed batch back (the feeder
	// holds batchesShard batches per shard), and it publishes before that.
	mid := e.Stats()
	if mid.TCPSegments < batchSegs || mid.Exchanges == 0 || mid.Packets == 0 {
		t.Errorf("snapshot while running: segments %d exchanges %d packets %d, want >= %d, > 0, > 0", mid.TCPSegments, mid.Exchanges, mid.Packets, batchSegs)
	}
	st := e.Close()
	close(stop)
	wg.Wait()
	if bad != "" {
		t.Error(bad)
	}
	if got := e.Stats(); !reflect.DeepEqual(got, st) {
		t.Errorf("Stats after Close = %+v, want %+v", got, st)
	}
	if st.Exchanges != n {
		t.Errorf("exchanges %d, want %d", st.Exchanges, n)
	}
}
