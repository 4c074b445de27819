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

// FuzzReadCapture feeds arbitrary bytes to the capture reader.
func FuzzReadCapture(f *testing.F) {
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", "peoplehub.pcap"))
	if err == nil {
		f.Add(b[:4096])
	}
	f.Add([]byte{0x0a, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if c, err := ReadCapture(data); err == nil {
			c.Exchanges()
		}
	})
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
