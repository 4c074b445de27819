package reassembly

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// encodeScript turns a framer script into the byte form FuzzFramer reads:
// per step a control byte (bit 0: direction, bit 1: gap), then a 2-byte
// big-endian length, then the data (none for a gap).
func encodeScript(steps []step) []byte {
	var out []byte
	for _, st := range steps {
		c := byte(st.dir & 1)
		n := len(st.data)
		if st.gap != 0 {
			c |= 2
			n = st.gap
		}
		out = append(out, c, byte(n>>8), byte(n))
		if st.gap == 0 {
			out = append(out, st.data...)
		}
	}
	return out
}

func decodeScript(b []byte) []step {
	var steps []step
	for len(b) >= 3 {
		c, n := b[0], int(b[1])<<8|int(b[2])
		b = b[3:]
		if c&2 != 0 {
			steps = append(steps, step{dir: int(c & 1), gap: n%5000 + 1})
			continue
		}
		n = min(n, len(b))
		steps = append(steps, step{dir: int(c & 1), data: string(b[:n])})
		b = b[n:]
	}
	return steps
}

// checkBounds asserts the framer's buffers stay within their caps.
func checkBounds(t *testing.T, c *httpConn) {
	cfg := c.s.cfg
	for i := range c.d {
		d := &c.d[i]
		if len(d.hdr) > cfg.MaxHeaderBytes {
			t.Fatalf("header buffer %d > cap %d", len(d.hdr), cfg.MaxHeaderBytes)
		}
		if len(d.carry) > max(cfg.MaxHeaderBytes, maxStartLine)+64 {
			t.Fatalf("carry %d", len(d.carry))
		}
		if len(d.line) > 4096 {
			t.Fatalf("chunk line %d", len(d.line))
		}
	}
	if len(c.queue) > cfg.MaxPendingRequests || len(c.held) > 4 {
		t.Fatalf("queue %d held %d", len(c.queue), len(c.held))
	}
}

func FuzzFramer(f *testing.F) {
	for _, tc := range framerCases {
		f.Add(encodeScript(tc.steps), uint64(len(tc.name)))
	}
	// HTTP/2: a whole conversation, and one that lost bytes mid-frame
	h2 := conversation().steps
	f.Add(encodeScript(h2), uint64(2))
	lossy := append(append(slices.Clone(h2[:5]), gapOn(h2[5].dir, 3), step{dir: h2[5].dir, data: h2[5].data[3:]}), h2[6:]...)
	f.Add(encodeScript(lossy), uint64(4))
	f.Fuzz(func(t *testing.T, script []byte, seed uint64) {
		steps := decodeScript(script)
		cfg := Config{MaxHeaderBytes: 512, MaxBodyBytes: 64, MaxPendingRequests: 8}.withDefaults()
		var memLimit int64 // unlimited: split invariance holds
		if seed%2 == 1 {
			memLimit = int64(seed % 4096) // tiny budgets: bounds and accounting only
		}
		run := func(split func([]byte) [][]byte) []string {
			var sums []string
			cnt := &counters{}
			s := &sink{cfg: &cfg, cnt: cnt, memLimit: memLimit, emit: func(ex *Exchange) {
				rawCap := func(enc string) int {
					if enc != "" {
						return 2*cfg.MaxBodyBytes + 4096 // encoded: room to decode the cap
					}
					return cfg.MaxBodyBytes
				}
				if len(ex.RequestBody) > rawCap(ex.RequestContentEncoding) || len(ex.ResponseBody) > rawCap(ex.ResponseContentEncoding) {
					t.Fatalf("captured body over cap: %d/%d", len(ex.RequestBody), len(ex.ResponseBody))
				}
				if len(ex.DecodedRequestBody()) > cfg.MaxBodyBytes || len(ex.DecodedResponseBody()) > cfg.MaxBodyBytes {
					t.Fatalf("decoded body over cap: %d/%d", len(ex.DecodedRequestBody()), len(ex.DecodedResponseBody()))
				}
				sums = append(sums, summary(ex))
			}}
			var c httpConn
			c.init(s, cliAddrPort, srvAddrPort, 0)
			ts := fakeTS{t0}
			for _, st := range steps {
				if st.gap != 0 {
					c.gap(st.dir, st.gap)
					checkBounds(t, &c)
					continue
				}
				for _, p := range split([]byte(st.data)) {
					c.feed(st.dir, p, ts)
					checkBounds(t, &c)
				}
			}
			c.close()
			if s.mem != 0 {
				t.Fatalf("memory accounting off by %d after close", s.mem)
			}
			return sums
		}
		// A watchdog: the fuzzer does not detect hangs by itself.
		var a, b []string
		done := make(chan struct{})
		go func() {
			defer close(done)
			a = run(whole)
			b = run(randomSplits(seed))
		}()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Fatalf("framer hangs on %q (seed %d)", script, seed)
		}
		if memLimit == 0 && strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Fatalf("split changed the exchanges:\nwhole:\n%s\nsplit:\n%s", strings.Join(a, "\n"), strings.Join(b, "\n"))
		}
	})
}

// TestWriteFuzzSeeds writes the table fixtures as seed files of FuzzFramer
// (run with WRITE_FUZZ_SEEDS=1 after changing the table).
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("WRITE_FUZZ_SEEDS") == "" {
		t.Skip("WRITE_FUZZ_SEEDS not set")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzFramer")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, tc := range framerCases {
		body := fmt.Sprintf("go test fuzz v1\n[]byte(%s)\nuint64(%d)\n", strconv.Quote(string(encodeScript(tc.steps))), r.Uint64())
		if err := os.WriteFile(filepath.Join(dir, "seed_"+tc.name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzScanFraming: the framing values parseHead finds without a header
// map (scanFraming) are the ones the map (buildHeader) holds, folding
// and repeated names included.
func FuzzScanFraming(f *testing.F) {
	f.Add("Host: a\r\nContent-Length: 5\r\ncontent-length: 6\r\n\r\n")
	f.Add("Transfer-Encoding: gzip,\r\n chunked\r\nHOST: x\r\n\tport\r\n\r\n")
	f.Add("Content-Length 5\r\n: x\r\n  folded\r\nTransfer-Encoding: chunked\r\n")
	f.Fuzz(func(t *testing.T, lines string) {
		var mh msgHead
		scanFraming(lines, &mh)
		h := buildHeader(lines)
		if !slices.Equal(mh.cl, h["Content-Length"]) {
			t.Fatalf("Content-Length %q, map %q", mh.cl, h["Content-Length"])
		}
		if !slices.Equal(mh.te, h["Transfer-Encoding"]) {
			t.Fatalf("Transfer-Encoding %q, map %q", mh.te, h["Transfer-Encoding"])
		}
		if hs := h["Host"]; len(hs) > 0 != mh.hostSet || len(hs) > 0 && hs[0] != mh.host {
			t.Fatalf("Host %q (%v), map %q", mh.host, mh.hostSet, hs)
		}
	})
}

// FuzzEachHeader: the lines eachHeader hands on, gathered into a map, are
// the map buildHeader builds (folding, repeated names, lines without a
// name, a last line without LF), and a false return stops it.
func FuzzEachHeader(f *testing.F) {
	f.Add("Host: a\r\nContent-Length: 5\r\ncontent-length: 6\r\n\r\nX: after")
	f.Add("Transfer-Encoding: gzip,\r\n chunked\r\nHOST: x\r\n\tport\r\n\r\n")
	f.Add(" lead\r\nContent-Length 5\r\n: x\r\n  folded\r\nA:\r\n\tb\r\nA: c\r\nnoLF: \r")
	f.Add("x-a: 1\nX-A:2\r\r\n\r\n")
	f.Fuzz(func(t *testing.T, lines string) {
		want := buildHeader(lines)
		got := http.Header{}
		n := 0
		eachHeader(lines, func(name, value string) bool {
			got[name] = append(got[name], value)
			n++
			return true
		})
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("eachHeader gathers %q, buildHeader %q", got, want)
		}
		if n > 0 {
			calls := 0
			eachHeader(lines, func(string, string) bool { calls++; return false })
			if calls != 1 {
				t.Fatalf("%d calls after false", calls)
			}
		}
	})
}
