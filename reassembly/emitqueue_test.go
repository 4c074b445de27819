package reassembly

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// TestEmitQueueBudget: exchanges with large bodies (40 connections of 10
// 60 KiB responses, 24 MiB in all) go through the queue to the emitter,
// which is held on its first exchange until the queue has filled: the
// queue then holds no more than its byte budget beyond one handoff, and
// every exchange comes through once the emitter goes on; the queue is
// empty after Close.
func TestEmitQueueBudget(t *testing.T) {
	body := strings.Repeat("b", 60<<10)
	resp := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
	var script []pkt
	const conns, perConn = 40, 10
	for c := range conns {
		port := uint16(30000 + c)
		script = append(script, pkt{fromClient: true, seq: 0, flags: "S", port: port},
			pkt{fromClient: false, seq: 0, ack: 1, flags: "SA", port: port},
			pkt{fromClient: true, seq: 1, ack: 1, flags: "A", port: port})
		var cseq, sseq uint32 = 1, 1
		for k := range perConn {
			req := fmt.Sprintf("GET /c%d/k%d HTTP/1.1\r\nHost: s\r\n\r\n", c, k)
			script = append(script, pkt{fromClient: true, seq: cseq, ack: sseq, flags: "A", data: req, port: port})
			cseq += uint32(len(req))
			for off := 0; off < len(resp); off += 1400 {
				end := min(off+1400, len(resp))
				script = append(script, pkt{fromClient: false, seq: sseq, ack: cseq, flags: "A", data: resp[off:end], port: port})
				sseq += uint32(end - off)
			}
		}
	}
	const handoffMax = emitBatch * (60<<10 + 1024) // one handoff holds at most emitBatch exchanges
	for _, shards := range []int{1, 2} {
		var n int
		gate := make(chan struct{})
		e := NewEngine(Config{Shards: shards}, func(ex *Exchange) {
			if n == 0 {
				<-gate
			}
			if len(ex.ResponseBody) != len(body) {
				t.Errorf("response body of %d bytes", len(ex.ResponseBody))
			}
			n++
		})
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i, p := range script {
				e.Feed(p.segment(t, i))
			}
			e.Close()
		}()
		// wait (no time limit: the test's) until the queue is full
		for {
			e.flightMu.Lock()
			v := e.inFlight
			e.flightMu.Unlock()
			if v >= emitBudget-handoffMax {
				break
			}
			runtime.Gosched()
		}
		e.flightMu.Lock()
		v := e.inFlight
		e.flightMu.Unlock()
		if v > emitBudget+handoffMax {
			t.Errorf("shards=%d: %d bytes in flight, budget %d", shards, v, emitBudget)
		}
		close(gate)
		<-done
		if n != conns*perConn {
			t.Errorf("shards=%d: %d exchanges, want %d", shards, n, conns*perConn)
		}
		if e.inFlight != 0 {
			t.Errorf("shards=%d: %d bytes left in flight", shards, e.inFlight)
		}
		if e.flightPeak > emitBudget+handoffMax {
			t.Errorf("shards=%d: %d bytes in flight at most, want <= %d", shards, e.flightPeak, emitBudget+handoffMax)
		}
		t.Logf("shards=%d: peak %d bytes in flight", shards, e.flightPeak)
	}
}
