package reassembly

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/capture"
)

// TestProcessCorruptTail: a capture cut in the middle of a frame yields the
// exchanges before the cut and then the *capture.CaptureError.
func TestProcessCorruptTail(t *testing.T) {
	data, err := os.ReadFile("testdata/corpus/suricata-keepalive-8-requests.pcap")
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "cut.pcap")
	if err := os.WriteFile(name, data[:len(data)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	src, err := capture.OpenFiles(name)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	n := 0
	st, err := Process(context.Background(), src, nil, Config{}, func(*Exchange) { n++ })
	var ce *capture.CaptureError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a *capture.CaptureError", err)
	}
	if n == 0 || st.Exchanges != uint64(n) || st.Packets == 0 {
		t.Fatalf("%d exchanges before the cut, stats %+v", n, st)
	}
}

// TestProcessMatchAndCancel: the match function filters segments, and a
// cancelled context stops the read with ctx.Err().
func TestProcessMatchAndCancel(t *testing.T) {
	open := func() capture.Source {
		src, err := capture.OpenFiles("testdata/corpus/suricata-keepalive-8-requests.pcap")
		if err != nil {
			t.Fatal(err)
		}
		return src
	}
	src := open()
	st, err := Process(context.Background(), src, func(s *capture.Segment) bool { return false }, Config{}, nil)
	src.Close()
	if err != nil || st.Exchanges != 0 || st.Filtered == 0 {
		t.Fatalf("filtered run: %v %+v", err, st)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	src = open()
	_, err = Process(ctx, src, nil, Config{}, nil)
	src.Close()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

// TestHeaderParserMatchesNetHTTP compares our header parser with
// net/http.ReadRequest/ReadResponse on well-formed messages.
func TestHeaderParserMatchesNetHTTP(t *testing.T) {
	reqs := []string{
		"GET /a/b?c=d HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nX-Dup: 1\r\nx-dup: 2\r\nuser-agent: t\r\n\r\n",
		"POST http://example.com:8080/x HTTP/1.1\r\nHost: other\r\nContent-Type: application/json\r\nContent-Length: 0\r\n\r\n",
		"OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n",
		"PROPFIND /dav/ HTTP/1.1\r\nHost: d\r\nDepth: 1\r\nWWW-Authenticate: x\r\n\r\n",
		"GET / HTTP/1.0\r\nCookie: a=b\r\nCookie: c=d\r\nX-Empty:\r\n\r\n",
		// repeated names interleaved, and past the 32 names parseHead tracks
		"GET / HTTP/1.1\r\nA: 1\r\nB: x\r\nA: 2\r\nb: y\r\nA: 3\r\n\r\n",
		"GET / HTTP/1.1\r\n" + manyHeaders(40) + "\r\n",
		"GET / HTTP/1.1\r\nA: 1\r\nA: 2\r\nB: 3\r\n" + manyHeaders(35) + "A: 4\r\nZ-31: again\r\n\r\n",
	}
	for _, raw := range reqs {
		var mh msgHead
		if !parseHead([]byte(raw), false, &mh) {
			t.Fatalf("parseHead failed on %q", raw)
		}
		want, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			t.Fatal(err)
		}
		if mh.method != want.Method || mh.target != want.RequestURI || mh.prot != want.Proto {
			t.Errorf("%q: start line %s %s %s, net/http %s %s %s", raw, mh.method, mh.target, mh.prot, want.Method, want.RequestURI, want.Proto)
		}
		// net/http moves Host out of the header map
		got := hdrOf(mh.block)
		got.Del("Host")
		if len(got) != len(want.Header) {
			t.Errorf("%q: %v vs %v", raw, got, want.Header)
		}
		for k, v := range want.Header {
			if strings.Join(got[k], "|") != strings.Join(v, "|") {
				t.Errorf("%q: %s = %q, net/http %q", raw, k, got[k], v)
			}
		}
	}
	resp := "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\ncontent-length: 0\r\n\r\n"
	var mh msgHead
	if !parseHead([]byte(resp), false, &mh) || mh.isReq || mh.status != 404 {
		t.Fatalf("response parse: %+v", mh)
	}
	want, err := http.ReadResponse(bufio.NewReader(strings.NewReader(resp)), nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range want.Header {
		if strings.Join(hdrOf(mh.block)[k], "|") != strings.Join(v, "|") {
			t.Errorf("response %s = %q, net/http %q", k, hdrOf(mh.block)[k], v)
		}
	}
}

// manyHeaders returns n header lines with names repeating every 7.
func manyHeaders(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "Z-%d: v%d\r\n", i%7*10+i%2, i)
	}
	return b.String()
}

// TestImports: reassembly imports capture only among our packages, and
// never gopacket's tcpassembly (its flags clash with reassembly's).
func TestImports(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	if err != nil {
		t.Skipf("go list: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		switch {
		case strings.HasPrefix(dep, "github.com/shadowtap/shadowtap/") && dep != "github.com/shadowtap/shadowtap/capture" && dep != "github.com/shadowtap/shadowtap/reassembly":
			t.Errorf("imports %s", dep)
		case strings.Contains(dep, "gopacket/tcpassembly"):
			t.Errorf("imports %s", dep)
		}
	}
}

// TestParseHeadAllocs: a header block costs its string, the map (header
// and one group for up to 8 names) and one value slice, whatever the
// spelling of common names (ETag, WWW-Authenticate, X-API-Key, lower case).
func TestParseHeadAllocs(t *testing.T) {
	block := []byte("HTTP/1.1 401 Unauthorized\r\nETag: \"x\"\r\nWWW-Authenticate: Bearer\r\nX-API-Key: k\r\ncontent-type: application/json\r\nContent-Length: 0\r\nDate: d\r\nServer: s\r\nX-Request-Id: 1\r\n\r\n")
	var mh msgHead
	allocs := testing.AllocsPerRun(100, func() {
		if !parseHead(block, false, &mh) {
			t.Fatal("parse failed")
		}
	})
	if allocs > 4 {
		t.Errorf("parseHead: %.0f allocs, want <= 4", allocs)
	}
	if h := hdrOf(mh.block); len(h) != 8 || h.Get("Etag") != `"x"` || h.Get("X-Api-Key") != "k" {
		t.Errorf("headers %v", hdrOf(mh.block))
	}
}

// findHeaderEndRef is the two-search form findHeaderEnd replaced.
func findHeaderEndRef(buf []byte, from int) int {
	b := buf[from:]
	i3 := bytes.Index(b, []byte("\n\r\n"))
	lim := len(b)
	if i3 >= 0 {
		lim = i3 + 2
	}
	if i2 := bytes.Index(b[:lim], []byte("\n\n")); i2 >= 0 {
		return from + i2 + 2
	}
	if i3 >= 0 {
		return from + i3 + 3
	}
	return -1
}

// TestFindHeaderEnd: the one-pass search agrees with the reference on
// every string of up to 9 bytes over {a, CR, LF}, from every offset.
func TestFindHeaderEnd(t *testing.T) {
	alpha := []byte("a\r\n")
	buf := make([]byte, 0, 9)
	var walk func()
	walk = func() {
		for from := 0; from <= len(buf); from++ {
			if got, want := findHeaderEnd(buf, from), findHeaderEndRef(buf, from); got != want {
				t.Fatalf("findHeaderEnd(%q, %d) = %d, want %d", buf, from, got, want)
			}
		}
		if len(buf) == cap(buf) {
			return
		}
		for _, c := range alpha {
			buf = append(buf, c)
			walk()
			buf = buf[:len(buf)-1]
		}
	}
	walk()
}

func hdrOf(block string) http.Header {
	h := buildHeader(block)
	return h
}
