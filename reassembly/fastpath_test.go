package reassembly

import (
	"crypto/sha256"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/capture"
)

// fastRun is the outcome of one engine run: the digest of the emitted
// exchanges (in order), their number, the counters, and the fast path's
// wrong guesses of gopacket's next sequence number.
type fastRun struct {
	digest string
	n      int
	st     Stats
	miss   uint64
	fast   uint64 // segments on the fast path
}

func runEngine(cfg Config, feed func(e *Engine)) fastRun {
	h := sha256.New()
	var r fastRun
	e := NewEngine(cfg, func(ex *Exchange) { exchangeDigest(h, ex); r.n++ })
	feed(e)
	r.st = e.Close()
	for _, sh := range e.shards {
		r.miss += sh.gpMiss
		r.fast += sh.fastSegs
	}
	r.digest = fmt.Sprintf("%x", h.Sum(nil))
	return r
}

// compareFastSlow runs feed with and without the fast path and fails on
// any difference in the exchanges or the counters.
func compareFastSlow(t *testing.T, cfg Config, feed func(e *Engine)) fastRun {
	t.Helper()
	fast := runEngine(cfg, feed)
	cfg.slowPath = true
	slow := runEngine(cfg, feed)
	if slow.fast != 0 {
		t.Errorf("%d segments on the fast path with slowPath set", slow.fast)
	}
	if fast.miss != 0 || slow.miss != 0 {
		t.Errorf("next sequence number mistracked %d times (fast), %d (slow)", fast.miss, slow.miss)
	}
	if fast.digest != slow.digest || fast.n != slow.n {
		t.Errorf("exchanges differ: fast path %d (%s), slow path %d (%s)", fast.n, fast.digest[:12], slow.n, slow.digest[:12])
	}
	if !reflect.DeepEqual(fast.st, slow.st) {
		t.Errorf("counters differ:\nfast %+v\nslow %+v", fast.st, slow.st)
	}
	return fast
}

// TestFastPathMatchesSlowPathCaptures: on every capture of the test corpus
// the fast path gives the same exchanges and counters as gopacket alone.
func TestFastPathMatchesSlowPathCaptures(t *testing.T) {
	var files []string
	for _, g := range []string{"testdata/*/*.pcap", "testdata/*/*.pcapng", "../testdata/*/*.pcap*", "../testdata/*/*/*.pcap*"} {
		m, _ := filepath.Glob(g)
		files = append(files, m...)
	}
	if len(files) < 30 {
		t.Fatalf("only %d captures", len(files))
	}
	for _, f := range files {
		for _, shards := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/shards=%d", filepath.Base(f), shards), func(t *testing.T) {
				compareFastSlow(t, Config{Shards: shards}, func(e *Engine) {
					src, err := capture.OpenFiles(f)
					if err != nil {
						t.Fatal(err)
					}
					defer src.Close()
					dec := capture.NewDecoder(capture.DecoderOptions{})
					var seg capture.Segment
					for {
						data, ci, link, err := src.ReadPacket()
						if err != nil {
							return
						}
						if dec.Decode(data, ci, link, &seg) {
							e.Feed(&seg)
						}
					}
				})
			})
		}
	}
}

// impairedScript is a generated capture of conns keep-alive connections
// (some picked up mid-stream, some reusing the ports of a finished one,
// some ending by FIN, RST or not at all, with bodies spanning segments),
// then impaired by rng: segments lost, duplicated, reordered, and
// retransmitted with other bytes (overlaps).
func impairedScript(rng *rand.Rand, conns int, loss, dup, reorder, overlap float64) []pkt {
	var script []pkt
	at := time.Duration(0)
	for c := 0; c < conns; c++ {
		port := uint16(20000 + c%(conns/2+1)) // the second half reuses ports
		if c >= conns/2+1 {
			at += 3 * time.Second // reuse after the first is quiet
		}
		cseq, sseq := uint32(rng.IntN(1<<30))*4, uint32(rng.IntN(1<<30))*4
		var conn []pkt
		midStream := rng.IntN(5) == 0
		if !midStream {
			conn = append(conn,
				pkt{fromClient: true, seq: cseq, flags: "S", port: port},
				pkt{fromClient: false, seq: sseq, ack: cseq + 1, flags: "SA", port: port},
				pkt{fromClient: true, seq: cseq + 1, ack: sseq + 1, flags: "A", port: port})
			cseq++
			sseq++
		}
		for k := 0; k < 1+rng.IntN(4); k++ {
			var req string
			if rng.IntN(3) == 0 {
				body := strings.Repeat("q", rng.IntN(3000))
				req = fmt.Sprintf("POST /c%d/k%d HTTP/1.1\r\nHost: s\r\nContent-Length: %d\r\n\r\n%s", c, k, len(body), body)
			} else {
				req = fmt.Sprintf("GET /c%d/k%d?x=%d HTTP/1.1\r\nHost: s\r\n\r\n", c, k, rng.IntN(100))
			}
			body := strings.Repeat("r", rng.IntN(6000))
			resp := fmt.Sprintf("HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
			for _, m := range []struct {
				client bool
				s      string
			}{{true, req}, {false, resp}} {
				for off := 0; off < len(m.s); {
					n := min(len(m.s)-off, 1+rng.IntN(1460))
					if m.client {
						conn = append(conn, pkt{fromClient: true, seq: cseq, ack: sseq, flags: "A", data: m.s[off : off+n], port: port})
						cseq += uint32(n)
					} else {
						conn = append(conn, pkt{fromClient: false, seq: sseq, ack: cseq, flags: "A", data: m.s[off : off+n], port: port})
						sseq += uint32(n)
						if rng.IntN(2) == 0 { // the client's ACK
							conn = append(conn, pkt{fromClient: true, seq: cseq, ack: sseq, flags: "A", port: port})
						}
					}
					off += n
				}
			}
		}
		switch rng.IntN(4) {
		case 0:
			conn = append(conn,
				pkt{fromClient: true, seq: cseq, ack: sseq, flags: "FA", port: port},
				pkt{fromClient: false, seq: sseq, ack: cseq + 1, flags: "FA", port: port},
				pkt{fromClient: true, seq: cseq + 1, ack: sseq + 1, flags: "A", port: port})
		case 1:
			conn = append(conn, pkt{fromClient: rng.IntN(2) == 0, seq: cseq, ack: sseq, flags: "R", port: port})
		}
		// impair
		var out []pkt
		for _, p := range conn {
			if p.data != "" && rng.Float64() < overlap {
				q := p
				q.data = strings.Repeat("X", len(p.data)) // a retransmission with other bytes
				out = append(out, q)
			}
			if rng.Float64() < loss {
				continue
			}
			out = append(out, p)
			if rng.Float64() < dup {
				out = append(out, p)
			}
		}
		for i := range out {
			if i+1 < len(out) && rng.Float64() < reorder {
				j := i + 1 + rng.IntN(min(4, len(out)-i-1))
				out[i], out[j] = out[j], out[i]
			}
		}
		for i := range out {
			at += time.Duration(rng.IntN(3000)) * time.Microsecond
			if rng.IntN(200) == 0 {
				at += 4 * time.Second // an idle pause: gap and flow timeouts
			}
			out[i].at = at
		}
		// interleave with the previous connections
		pos := len(script) - rng.IntN(min(len(script), 40)+1)
		script = append(script[:pos], append(out, script[pos:]...)...)
	}
	// keep times increasing in the interleaved order (a capture's are)
	at = 0
	for i := range script {
		if script[i].at < at {
			script[i].at = at
		}
		at = script[i].at
	}
	return script
}

// TestFastPathMatchesSlowPathImpaired: on generated traffic with loss,
// duplication, reordering, overlapping retransmissions, connection reuse,
// mid-stream pickup, timeouts and flow caps, the fast path gives the same
// exchanges and counters as gopacket alone.
func TestFastPathMatchesSlowPathImpaired(t *testing.T) {
	cases := []struct {
		name                        string
		loss, dup, reorder, overlap float64
		cfg                         Config
		seeds                       int
	}{
		{"clean", 0, 0, 0, 0, Config{}, 3},
		{"lossy", 0.03, 0, 0, 0, Config{}, 5},
		{"duplicated", 0, 0.05, 0, 0, Config{}, 5},
		{"reordered", 0, 0, 0.05, 0, Config{}, 5},
		{"overlaps", 0, 0, 0.02, 0.03, Config{}, 5},
		{"all", 0.02, 0.02, 0.03, 0.01, Config{}, 5},
		{"timeouts", 0.02, 0.02, 0.03, 0.01, Config{FlowTimeout: 3 * time.Second, GapTimeout: time.Second}, 5},
		{"caps", 0.02, 0.02, 0.03, 0.01, Config{MaxFlows: 8, MaxBufferedPerConn: 3000, MaxBufferedBytes: 20000}, 5},
	}
	for _, c := range cases {
		for seed := range c.seeds {
			for _, shards := range []int{1, 3} {
				t.Run(fmt.Sprintf("%s/seed=%d/shards=%d", c.name, seed, shards), func(t *testing.T) {
					rng := rand.New(rand.NewPCG(uint64(seed), 7))
					script := impairedScript(rng, 60, c.loss, c.dup, c.reorder, c.overlap)
					segs := make([]*capture.Segment, len(script))
					for i, p := range script {
						segs[i] = p.segment(t, i)
					}
					cfg := c.cfg
					cfg.Shards = shards
					r := compareFastSlow(t, cfg, func(e *Engine) {
						for _, s := range segs {
							e.Feed(s)
						}
					})
					if r.n == 0 || r.fast == 0 {
						t.Fatalf("%d exchanges, %d segments on the fast path", r.n, r.fast)
					}
					t.Logf("%d segments, %d on the fast path", len(segs), r.fast)
				})
			}
		}
	}
}

// FuzzFastPath: impaired generated traffic (seeded by the input, with
// its impairment rates) gives the same exchanges and counters with and
// without the fast path.
func FuzzFastPath(f *testing.F) {
	f.Add(uint64(1), uint8(3), uint8(3), uint8(5), uint8(1), false)
	f.Add(uint64(2), uint8(0), uint8(0), uint8(0), uint8(0), true)
	f.Add(uint64(3), uint8(10), uint8(10), uint8(20), uint8(5), true)
	f.Fuzz(func(t *testing.T, seed uint64, loss, dup, reorder, overlap uint8, short bool) {
		rng := rand.New(rand.NewPCG(seed, 7))
		script := impairedScript(rng, 12, float64(loss%40)/100, float64(dup%40)/100, float64(reorder%60)/100, float64(overlap%30)/100)
		segs := make([]*capture.Segment, len(script))
		for i, p := range script {
			segs[i] = p.segment(t, i)
		}
		cfg := Config{Shards: 1 + int(seed%2)}
		if short {
			cfg.FlowTimeout, cfg.GapTimeout, cfg.MaxFlows, cfg.MaxBufferedPerConn = 3*time.Second, time.Second, 4, 3000
		}
		compareFastSlow(t, cfg, func(e *Engine) {
			for _, s := range segs {
				e.Feed(s)
			}
		})
	})
}

// TestConnTableCollisions: connections whose hashes collide share a chain
// in the shard's table; each is found in either direction, and dropping
// one (head, middle or tail) leaves the others.
func TestConnTableCollisions(t *testing.T) {
	sh := &shard{conns: make(map[uint64]*stream)}
	const h = 42
	var ss [3]*stream
	var recs [3][2]segRec
	srv := netip.AddrPortFrom(netip.MustParseAddr("10.0.1.1"), 80)
	for i := range ss {
		cli := netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 0, 0, byte(i)}), uint16(1000+i))
		ss[i] = &stream{}
		ss[i].hc.addr = [2]netip.AddrPort{cli, srv}
		sh.addConn(ss[i], h)
		recs[i][0] = segRec{hash: h, net: flowFor(cli.Addr().As4(), srv.Addr().As4())}
		recs[i][1] = segRec{hash: h, net: flowFor(srv.Addr().As4(), cli.Addr().As4())}
	}
	check := func(live ...int) {
		t.Helper()
		for i := range ss {
			want := slices.Contains(live, i)
			for di := range 2 {
				sp, dp := uint16(1000+i), uint16(80)
				if di == 1 {
					sp, dp = dp, sp
				}
				s, got := sh.lookup(&recs[i][di], sp, dp)
				if want && (s != ss[i] || got != di) || !want && s != nil {
					t.Errorf("conn %d dir %d: lookup gave %p dir %d, want present=%v", i, di, s, got, want)
				}
			}
		}
		if len(live) == 0 && len(sh.conns) != 0 {
			t.Errorf("%d chains left", len(sh.conns))
		}
	}
	check(0, 1, 2)
	sh.dropConn(ss[1], h) // middle
	check(0, 2)
	sh.dropConn(ss[2], h) // head (added last)
	check(0)
	sh.dropConn(ss[0], h)
	check()
}
