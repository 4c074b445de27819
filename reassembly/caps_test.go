package reassembly

import (
	"bytes"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// feedChunks feeds n copies of chunk to direction di, checking the buffers
// after each one.
func feedChunks(t *testing.T, c *httpConn, di int, chunk []byte, n int) {
	t.Helper()
	for range n {
		c.feed(di, chunk, fakeTS{t0})
		checkBounds(t, c)
	}
}

func newTestConn(cfg Config, emit func(*Exchange)) (*httpConn, *counters) {
	cfg = cfg.withDefaults()
	cnt := &counters{}
	s := &sink{cfg: &cfg, cnt: cnt, emit: emit}
	c := &httpConn{}
	c.init(s, cliAddrPort, srvAddrPort, 0)
	return c, cnt
}

func TestCapsAdversarial(t *testing.T) {
	t.Run("never_ending_headers", func(t *testing.T) {
		var got []*Exchange
		c, cnt := newTestConn(Config{}, func(ex *Exchange) { got = append(got, ex) })
		c.feed(0, []byte("GET /h HTTP/1.1\r\nHost: a\r\n"), fakeTS{t0})
		feedChunks(t, c, 0, []byte(strings.Repeat("X-Pad: 0123456789abcdef\r\n", 1000)), 400) // ~10 MiB
		c.close()
		if cnt.weird[WeirdHeaderTooLarge] != 1 || len(got) != 1 || got[0].Flags&FlagTruncated == 0 {
			t.Fatalf("weird %d, %d exchanges", cnt.weird[WeirdHeaderTooLarge], len(got))
		}
		if cnt.skipped < 9<<20 {
			t.Errorf("skipped %d bytes, want the rest of the 10 MiB counted", cnt.skipped)
		}
	})
	t.Run("ten_mib_body", func(t *testing.T) {
		var got []*Exchange
		c, cnt := newTestConn(Config{}, func(ex *Exchange) { got = append(got, ex) })
		c.feed(0, []byte("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: 10485760\r\n\r\n"), fakeTS{t0})
		feedChunks(t, c, 0, bytes.Repeat([]byte("z"), 1<<16), 160)
		c.feed(1, []byte("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), fakeTS{t0})
		c.close()
		if len(got) != 1 || got[0].RequestBodySize != 10<<20 || len(got[0].RequestBody) != 64<<10 || got[0].Status != 200 {
			t.Fatalf("got %d exchanges: %+v", len(got), got)
		}
		if cnt.bodyTrunc != 1 || cnt.bodyDropped != 10<<20-64<<10 {
			t.Errorf("body_truncated %d, dropped %d", cnt.bodyTrunc, cnt.bodyDropped)
		}
	})
	t.Run("never_terminated_chunked", func(t *testing.T) {
		var got []*Exchange
		c, _ := newTestConn(Config{}, func(ex *Exchange) { got = append(got, ex) })
		c.feed(0, []byte("GET /s HTTP/1.1\r\nHost: a\r\n\r\n"), fakeTS{t0})
		c.feed(1, []byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), fakeTS{t0})
		chunk := []byte(fmt.Sprintf("1000\r\n%s\r\n", bytes.Repeat([]byte("c"), 0x1000)))
		feedChunks(t, c, 1, chunk, 2560) // 10 MiB
		if len(c.d[1].line) > 4096 || c.d[1].cur == nil || len(c.d[1].cur.respRaw) > 64<<10 {
			t.Fatalf("buffers grew: line %d", len(c.d[1].line))
		}
		c.close()
		if len(got) != 1 || got[0].ResponseBodySize != 10<<20 || got[0].Flags&FlagTruncated == 0 {
			t.Fatalf("got %+v", got)
		}
	})
	t.Run("endless_chunk_size_line", func(t *testing.T) {
		c, cnt := newTestConn(Config{}, nil)
		c.feed(0, []byte("GET /s HTTP/1.1\r\nHost: a\r\n\r\n"), fakeTS{t0})
		c.feed(1, []byte("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"), fakeTS{t0})
		feedChunks(t, c, 1, bytes.Repeat([]byte("f"), 1000), 100)
		if cnt.weird[WeirdBadChunkSize] == 0 {
			t.Fatal("no bad chunk size weird")
		}
	})
	t.Run("binary_garbage_gives_up", func(t *testing.T) {
		c, cnt := newTestConn(Config{}, nil)
		garbage := make([]byte, 1<<20)
		for i := range garbage {
			garbage[i] = byte(i*7 + i>>8)
		}
		c.feed(0, garbage, fakeTS{t0})
		c.close()
		if c.d[0].state != stDead || cnt.skipped != 1<<20 {
			t.Fatalf("state %d skipped %d", c.d[0].state, cnt.skipped)
		}
		if r := c.nonHTTPReason(); r != 2 {
			t.Errorf("reason %d", r)
		}
	})
}

// TestHalfOpenFlood feeds 200k SYNs of distinct connections: past MaxFlows
// the oldest half-open ones are evicted (counted) to make room, so none is
// refused, and the heap stays bounded.
func TestHalfOpenFlood(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	cfg := Config{MaxFlows: 20000, Shards: 2}
	e := NewEngine(cfg, nil)
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	p := pkt{fromClient: true, seq: 0, flags: "S", at: time.Millisecond}
	for i := range 200000 {
		p.port = uint16(i%60000 + 1)
		p.seq = uint32(i)
		seg := p.segment(t, i)
		s4 := cliAddr.As4()
		s4[2], s4[3] = byte(i>>16), byte(i>>8)
		d4 := srvAddr.As4()
		seg.Net = flowFor(s4, d4)
		e.Feed(seg)
	}
	var mid runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&mid)
	st := e.Close()
	ev := st.Weird(WeirdHalfOpenEvicted)
	if st.Flows != 200000 || st.SegmentsDropped != 0 || st.FlowsDropped != 0 || ev != 180000 {
		t.Fatalf("flows %d, flows_dropped %d, segments_dropped %d, evicted %d", st.Flows, st.FlowsDropped, st.SegmentsDropped, ev)
	}
	grow := int64(mid.HeapInuse) - int64(before.HeapInuse)
	t.Logf("heap grew %d MiB for %d flows (%d half-open connections evicted)", grow>>20, st.Flows, ev)
	if grow > 128<<20 {
		t.Errorf("heap grew %d MiB", grow>>20)
	}
}

// TestDropCounters: connections refused at MaxFlows are counted once each
// (their segments apart), and a hole skipped because out-of-order data hit
// MaxBufferedPerConn is counted in BufferCapSkips (and not when the same
// hole is only pushed through at Close).
func TestDropCounters(t *testing.T) {
	t.Run("flows_dropped", func(t *testing.T) {
		var script []pkt
		script = append(script, pkt{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1})
		for i := range 5 {
			script = append(script, pkt{fromClient: true, seq: 1 + uint32(i), ack: 1, flags: "A", data: "x", port: 40001})
		}
		for i := range 3 {
			script = append(script, pkt{fromClient: false, seq: 1 + uint32(i), ack: 1, flags: "A", data: "y", port: 40002})
		}
		_, st := runScript(t, Config{MaxFlows: 1, Shards: 1}, script)
		if st.Flows != 1 || st.FlowsDropped != 2 || st.SegmentsDropped != 8 {
			t.Fatalf("flows %d, flows_dropped %d, segments_dropped %d; want 1, 2, 8", st.Flows, st.FlowsDropped, st.SegmentsDropped)
		}
	})
	// req1 is lost; req2 and req3 wait behind the hole
	script := slices.Concat(handshake(), []pkt{
		{fromClient: true, seq: 1 + 28, ack: 1, flags: "A", data: req2},
		{fromClient: true, seq: 1 + 56, ack: 1, flags: "A", data: req3},
	})
	for _, tc := range []struct {
		name     string
		cfg      Config
		capSkips bool
	}{
		{"buffer_cap_skip", Config{MaxBufferedPerConn: 1, Shards: 1}, true},
		{"flushed_at_close", Config{Shards: 1}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, st := runScript(t, tc.cfg, script)
			if (st.BufferCapSkips > 0) != tc.capSkips || st.Gaps == 0 {
				t.Fatalf("buffer_cap_skips %d, gaps %d", st.BufferCapSkips, st.Gaps)
			}
		})
	}
}

// TestMemCutNotNonHTTP: a connection whose header block is cut because the
// pending-memory budget is exhausted is not reported as non-HTTP (whether
// it carried HTTP is unknown).
func TestMemCutNotNonHTTP(t *testing.T) {
	c, cnt := newTestConn(Config{MaxPendingBytes: 1}, nil)
	c.s.memLimit = 1
	c.s.mem = 1 // budget already used up by other connections
	c.feed(0, []byte("GET /h HTTP/1.1\r\nHost: a\r\nX-Pad: 01"), fakeTS{t0})
	c.close()
	if cnt.weird[WeirdHeaderTooLarge] == 0 {
		t.Fatalf("no http_header_too_large: the budget did not cut the header block")
	}
	if r := c.nonHTTPReason(); r >= 0 {
		t.Errorf("nonHTTPReason = %d (%s), want -1 (unknown, not non-HTTP)", r, reasonNames[r])
	}
}

// DiscardBodies keeps no body byte and changes nothing else: sizes, flags
// and counters are those of keeping them, at the body cap, at the memory
// cap, for plain, chunked and encoded bodies and for cleartext HTTP/2.
func TestDiscardBodiesSameAsKeeping(t *testing.T) {
	type run struct {
		xs  []*Exchange
		cnt *counters
	}
	msgs := [][2]string{
		{"POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n" + strings.Repeat("a", 5000), "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"},
		{"GET /b HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n800\r\n" + strings.Repeat("b", 2048) + "\r\n0\r\n\r\n"},
		{"GET /c HTTP/1.1\r\nHost: a\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 3000\r\n\r\n" + strings.Repeat("c", 3000)},
		{"PUT /d HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\n" + strings.Repeat("d", 100), "HTTP/1.1 204 No Content\r\n\r\n"},
	}
	do := func(cfg Config) run {
		var r run
		c, cnt := newTestConn(cfg, func(ex *Exchange) { r.xs = append(r.xs, ex) })
		for _, m := range msgs {
			c.feed(0, []byte(m[0]), fakeTS{t0})
			c.feed(1, []byte(m[1]), fakeTS{t0})
		}
		c.close()
		r.cnt = cnt
		return r
	}
	for _, cfg := range []Config{{}, {MaxBodyBytes: 1000}, {MaxBodyBytes: 1 << 20, MaxPendingBytes: 3000}} {
		keep := do(cfg)
		cfg.DiscardBodies = true
		disc := do(cfg)
		if len(keep.xs) != len(disc.xs) || len(keep.xs) != len(msgs) {
			t.Fatalf("%+v: %d exchanges kept, %d discarded", cfg, len(keep.xs), len(disc.xs))
		}
		for i, k := range keep.xs {
			d := disc.xs[i]
			if d.RequestBody != nil || d.ResponseBody != nil {
				t.Errorf("%+v %s: a body was kept", cfg, d.Path)
			}
			if k.RequestBodySize != d.RequestBodySize || k.ResponseBodySize != d.ResponseBodySize || k.Flags != d.Flags || k.Status != d.Status {
				t.Errorf("%+v %s: kept %d/%d %v, discarded %d/%d %v", cfg, k.Path, k.RequestBodySize, k.ResponseBodySize, k.Flags,
					d.RequestBodySize, d.ResponseBodySize, d.Flags)
			}
		}
		if kc, dc := keep.cnt, disc.cnt; kc.bodyTrunc != dc.bodyTrunc || kc.bodyDropped != dc.bodyDropped || kc.skipped != dc.skipped || kc.weird != dc.weird {
			t.Errorf("%+v: counters differ: truncated %d/%d, dropped %d/%d, skipped %d/%d", cfg,
				kc.bodyTrunc, dc.bodyTrunc, kc.bodyDropped, dc.bodyDropped, kc.skipped, dc.skipped)
		}
		if cfg.MaxPendingBytes == 0 && cfg.MaxBodyBytes == 1000 && keep.cnt.bodyTrunc == 0 {
			t.Errorf("no truncation at the body cap: the test does not test it")
		}
	}
}

// A start line one byte under the cap whose CR ends a segment (its LF in
// the next) is the same line as when it arrives whole: the CR is the
// first half of the line end, not a byte of the line.
func TestStartLineCRAtTheCap(t *testing.T) {
	cfg := Config{MaxHeaderBytes: 512}.withDefaults()
	lc := min(maxStartLine, cfg.MaxHeaderBytes/2)
	line := "GET /" + strings.Repeat("a", lc-len("GET / HTTP/1.1")-1) + " HTTP/1.1"
	data := line + "\r\nHost: a\r\n\r\n"
	for _, cut := range []int{0, len(line), len(line) + 1, len(line) + 2} {
		var got []*Exchange
		c, _ := newTestConn(cfg, func(ex *Exchange) { got = append(got, ex) })
		if cut == 0 {
			c.feed(0, []byte(data), fakeTS{t0})
		} else {
			c.feed(0, []byte(data[:cut]), fakeTS{t0})
			c.feed(0, []byte(data[cut:]), fakeTS{t0})
		}
		c.close()
		if len(got) != 1 || got[0].Method != "GET" || got[0].Host != "a" || got[0].Flags&FlagTruncated != 0 {
			t.Errorf("cut %d: %d exchanges", cut, len(got))
			for _, ex := range got {
				t.Logf("  %s", summary(ex))
			}
		}
	}
}
