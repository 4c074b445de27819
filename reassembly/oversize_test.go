package reassembly

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// weirdCount returns a counter by its stable name.
func weirdCount(cnt *counters, name string) uint64 {
	for i, n := range weirdNames {
		if n == name {
			return cnt.weird[i]
		}
	}
	return 0
}

// segmentsOf cuts one direction's bytes into MSS-sized segments starting at
// relative sequence number seq, each acknowledging ack.
func segmentsOf(fromClient bool, seq, ack uint32, data string, mss int) []pkt {
	var out []pkt
	for len(data) > 0 {
		n := min(mss, len(data))
		out = append(out, pkt{fromClient: fromClient, seq: seq, ack: ack, flags: "A", data: data[:n]})
		seq += uint32(n)
		data = data[n:]
	}
	return out
}

// TestOversizedStartAndHeaders: a request line or header block over the caps
// (Go servers accept 1 MiB) must not hide the rest of the connection. The
// message is recorded cut (FlagTruncated) and counted, the rest of the line or
// block is skipped while counting, and the requests and responses after it
// are parsed and paired, however the stream is split.
func TestOversizedStartAndHeaders(t *testing.T) {
	longTarget := "/" + strings.Repeat("a", 1<<20-64) // just under Go's 1 MiB
	bigCookie := "Cookie: " + strings.Repeat("c", 200<<10) + "\r\n"
	const resp2 = "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok"
	tests := []struct {
		name         string
		client       string
		server       string
		want         []string // method, target prefix (≤12 bytes), status, flags
		weird        string
		skippedAtLst int
	}{
		{
			name:   "first_request_line_1MiB",
			client: "GET " + longTarget + " HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
			server: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" + resp2,
			want:   []string{"GET /aaaaaaaaaaa 200 truncated", "GET /2 201 -"},
			weird:  "http_start_line_too_long", skippedAtLst: 1<<20 - 64 - 8192,
		},
		{
			name:   "request_line_64KiB_then_post_with_body",
			client: "GET " + longTarget[:64<<10] + " HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nHELLO",
			server: "HTTP/1.1 414 URI Too Long\r\nContent-Length: 0\r\n\r\n" + resp2,
			want:   []string{"GET /aaaaaaaaaaa 414 truncated", "POST /2 201 -"},
			weird:  "http_start_line_too_long", skippedAtLst: 64<<10 - 8192,
		},
		{
			name:   "header_block_200KiB",
			client: "GET /1 HTTP/1.1\r\nHost: a\r\n" + bigCookie + "X-After: 1\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
			server: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" + resp2,
			want:   []string{"GET /1 200 truncated", "GET /2 201 -"},
			weird:  "http_header_too_large", skippedAtLst: 200<<10 - 64<<10,
		},
		{
			// the body is framed from the headers kept before the cut
			name:   "header_block_200KiB_with_body",
			client: "POST /1 HTTP/1.1\r\nHost: a\r\nContent-Length: 17\r\n" + bigCookie + "\r\nGET /2 HTTP/1.1\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n",
			server: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" + resp2,
			want:   []string{"POST /1 200 truncated", "GET /3 201 -"},
			weird:  "http_header_too_large", skippedAtLst: 200<<10 - 64<<10,
		},
		{
			// a framing header among the skipped lines: the body's end is
			// unknown, so the direction resynchronises at the next request
			name:   "header_block_200KiB_framing_skipped",
			client: "POST /1 HTTP/1.1\r\nHost: a\r\n" + bigCookie + "Content-Length: 4\r\n\r\nbody" + "GET /2 HTTP/1.1\r\nHost: a\r\n\r\n",
			server: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" + resp2,
			want:   []string{"POST /1 200 truncated", "GET /2 201 -"},
			weird:  "http_header_too_large", skippedAtLst: 200<<10 - 64<<10,
		},
		{
			name:   "response_header_block_and_status_line_too_long",
			client: "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n",
			server: "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nSet-" + bigCookie + "\r\nabc" +
				"HTTP/1.1 202 " + strings.Repeat("r", 100<<10) + "\r\nContent-Length: 0\r\n\r\n" + resp2,
			want:  []string{"GET /1 200 truncated", "GET /2 202 truncated", "GET /3 201 -"},
			weird: "http_header_too_large", skippedAtLst: 200<<10 - 64<<10,
		},
	}
	splits := map[string]func([]byte) [][]byte{"whole": whole, "1448": pieces(1448), "7": pieces(7), "random": randomSplits(3)}
	for _, tc := range tests {
		for sname, split := range splits {
			t.Run(tc.name+"/"+sname, func(t *testing.T) {
				got, cnt := runFramer(Config{}, []step{c2s(tc.client), s2c(tc.server)}, split)
				var sums []string
				for _, ex := range got {
					sums = append(sums, fmt.Sprintf("%s %.12s %d %s", ex.Method, ex.Target, ex.Status, flagString(ex.Flags)))
					if len(ex.Target) > maxStartLine {
						t.Errorf("target of %d bytes kept, cap %d", len(ex.Target), maxStartLine)
					}
				}
				if strings.Join(sums, "\n") != strings.Join(tc.want, "\n") {
					t.Fatalf("got:\n%s\nwant:\n%s", strings.Join(sums, "\n"), strings.Join(tc.want, "\n"))
				}
				if weirdCount(cnt, tc.weird) == 0 {
					t.Errorf("weird %s not counted", tc.weird)
				}
				if cnt.skipped < uint64(tc.skippedAtLst) {
					t.Errorf("skipped %d bytes, want at least %d counted", cnt.skipped, tc.skippedAtLst)
				}
			})
		}
	}
}

// TestOversizedRequestLineEngine: the same through TCP reassembly, with
// MSS-sized segments: the 100 KiB request line is counted and the next
// request on the connection is parsed and paired.
func TestOversizedRequestLineEngine(t *testing.T) {
	req := "GET /" + strings.Repeat("x", 100<<10) + " HTTP/1.1\r\nHost: a\r\n\r\n"
	L := uint32(len(req))
	R := uint32(len(resp1))
	script := slices.Concat(handshake(),
		segmentsOf(true, 1, 1, req, 1448),
		[]pkt{
			{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
			{fromClient: true, seq: 1 + L, ack: 1 + R, flags: "A", data: req2},
			{fromClient: false, seq: 1 + R, ack: 1 + L + uint32(len(req2)), flags: "A", data: resp2},
		})
	got, st := runScript(t, Config{Shards: 1}, script)
	if len(got) != 2 {
		t.Fatalf("%d exchanges, want 2; stats %+v", len(got), st)
	}
	if got[0].Method != "GET" || got[0].Status != 200 || got[0].Flags&FlagTruncated == 0 || got[0].Flags&FlagUnpaired != 0 {
		t.Errorf("first: %s %.20q %d %s", got[0].Method, got[0].Target, got[0].Status, flagString(got[0].Flags))
	}
	if got[1].Target != "/2" || got[1].Status != 201 || got[1].Flags != 0 {
		t.Errorf("second: %s %q %d %s", got[1].Method, got[1].Target, got[1].Status, flagString(got[1].Flags))
	}
	if st.Weirds["http_start_line_too_long"] != 1 || st.SkippedBytes < 90<<10 {
		t.Errorf("weirds %v, skipped %d", st.Weirds, st.SkippedBytes)
	}
	if len(st.NonHTTPPorts) != 0 {
		t.Errorf("reported as non-HTTP: %v", st.NonHTTPPorts)
	}
}
