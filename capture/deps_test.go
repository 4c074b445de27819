package capture

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestImports: capture is the first package of the data flow; it imports no
// other shadowtap package, and nothing that needs cgo (libpcap).
func TestImports(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		af, err := parser.ParseFile(fset, f, src, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			switch {
			case strings.HasPrefix(p, "github.com/shadowtap/shadowtap"):
				t.Errorf("%s imports %s: capture imports no other shadowtap package", f, p)
			case p == "C", p == "github.com/gopacket/gopacket/pcap", p == "github.com/gopacket/gopacket/pfring":
				t.Errorf("%s imports %s, which needs cgo", f, p)
			}
		}
	}
}
