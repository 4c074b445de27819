package applab

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"testing"
)

// TestTruncatedCapture: a capture cut anywhere gives an error or a
// (shorter) result, never a panic.
func TestTruncatedCapture(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(moduleRoot(t), "testdata", "sample", "peoplehub.pcap"))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []int{0, 1, 3, 10, 23, 24, 25, 40, 100, 1000, 4097, len(b) / 2, len(b) - 1} {
		c, err := ReadCapture(b[:n])
		if err == nil {
			c.Exchanges()
		}
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(b)
	zw.Close()
	g := gz.Bytes()
	for _, n := range []int{2, 10, 100, len(g) / 2, len(g) - 4} {
		if _, err := ReadCapture(g[:n]); err == nil {
			t.Errorf("gzip cut at %d: no error", n)
		}
	}
	if _, err := ReadCapture(g); err != nil {
		t.Errorf("gzip: %v", err)
	}
}

// maxFuzzCapture bounds FuzzReadCapture's inputs: the fuzzer minimises
// every input that finds new code, at a cost that grows with the square of
// its length; a 4 KiB seed kept a 45 s run from progressing after 6 s, and
// 1 KiB inputs still stalled one for 25 s.
const maxFuzzCapture = 512

// FuzzReadCapture feeds arbitrary bytes to the capture reader.
func FuzzReadCapture(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", "peoplehub.pcap"))
	if err == nil {
		if c, err := ReadCapture(b); err == nil {
			seeds := exchangeSeeds(f, c, maxFuzzCapture)
			for _, seed := range seeds {
				f.Add(seed)
			}
			var gz bytes.Buffer
			zw := gzip.NewWriter(&gz)
			zw.Write(seeds[0])
			zw.Close()
			f.Add(gz.Bytes())
		}
	}
	f.Add([]byte{0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		// 512 bytes hold a handshake and a request, or a request and its response; longer inputs stalled minimisation.
		if len(data) > maxFuzzCapture {
			return
		}
		if c, err := ReadCapture(data); err == nil {
			c.Exchanges()
		}
	})
}

// exchangeSeeds writes two pcaps of at most limit bytes from the smallest
// connection with data both ways: its first packets (the handshake and the
// request) and its data segments alone (the request and the response).
func exchangeSeeds(t testing.TB, c *Capture, limit int) [][]byte {
	var best *Conn
	size := func(cn *Conn) (n int) {
		for _, i := range cn.Packets {
			n += 16 + len(c.Packets[i].Data)
		}
		return n
	}
	for _, cn := range c.Conns {
		if len(cn.ClientStream) > 0 && len(cn.ServerStream) > 0 && (best == nil || size(cn) < size(best)) {
			best = cn
		}
	}
	if best == nil {
		t.Fatal("no connection with data both ways")
	}
	var data []int
	for _, i := range best.Packets {
		if c.Packets[i].DataSeg {
			data = append(data, i)
		}
	}
	return [][]byte{pcapUpTo(t, c, best.Packets, limit), pcapUpTo(t, c, data, limit)}
}

// pcapUpTo writes the longest run of the packets, from the first, that
// fits in limit bytes as a pcap.
func pcapUpTo(t testing.TB, c *Capture, order []int, limit int) []byte {
	for n := len(order); ; n-- {
		var w bytes.Buffer
		if err := writePcap(&w, c, order[:n]); err != nil {
			t.Fatal(err)
		}
		if w.Len() <= limit || n == 0 {
			return w.Bytes()
		}
	}
}

// TestRoutesMatch checks the routing rules on a small table.
func TestRoutesMatch(t *testing.T) {
	rs, err := ParseRoutes(bytes.NewReader([]byte(`
GET /users/{id}
GET /users/me
PATCH /users/me
GET /files/{path*}
GET /repos/{owner}/{repo}/contents/{path*}/meta
GET /repos/{owner}/{repo}/contents/{path*}
* /static/{f*}
`)))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ method, path, want string }{
		{"GET", "/users/me", "/users/me"},
		{"GET", "/users/u1/", "/users/{id}"},
		{"GET", "//users//u%2F1", "/users/{id}"},
		{"PATCH", "/users/u1", "probe"},
		{"GET", "/files/a/b/c", "/files/{path*}"},
		{"GET", "/files", "scanner"},
		{"GET", "/repos/o/r/contents/a/b/meta", "/repos/{owner}/{repo}/contents/{path*}/meta"},
		{"GET", "/repos/o/r/contents/a/b", "/repos/{owner}/{repo}/contents/{path*}"},
		{"DELETE", "/static/x.js", "/static/{f*}"},
		{"GET", "/wp-login.php", "scanner"},
	} {
		r, other := rs.Match(c.method, c.path)
		got := "scanner"
		switch {
		case r != nil:
			got = r.Template
		case other:
			got = "probe"
		}
		if got != c.want {
			t.Errorf("%s %s: got %s, want %s", c.method, c.path, got, c.want)
		}
	}
}
