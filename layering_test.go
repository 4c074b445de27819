package shadowtap_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The data flows one way: a package never imports one later in the flow, and
// none imports the CLI. This test is the rule's guard (tailscale's deptest
// idea): it lists each package's dependencies with `go list -deps`.
var flow = []string{"capture", "reassembly", "inventory", "storage", "ingest", "diff", "sensor", "fleet", "webui"}

func TestLayering(t *testing.T) {
	const mod = "github.com/shadowtap/shadowtap/"
	for i, pkg := range flow {
		out, err := exec.Command("go", "list", "-deps", "./"+pkg).Output()
		if err != nil {
			t.Logf("go list ./%s: %v (package not present yet?)", pkg, err)
			continue
		}
		deps := strings.Fields(string(out))
		for _, d := range deps {
			if !strings.HasPrefix(d, mod) {
				continue
			}
			name := strings.TrimPrefix(d, mod)
			if strings.HasPrefix(name, "cmd/") {
				t.Errorf("%s imports the CLI (%s)", pkg, d)
			}
			for _, later := range flow[i+1:] {
				if name == later || strings.HasPrefix(name, later+"/") {
					t.Errorf("%s imports %s, which comes later in the data flow", pkg, name)
				}
			}
		}
	}
}

// TestBrowserDriverIsTestOnly: chromedp drives the web UI's browser tests
// and must never reach the binary.
func TestBrowserDriverIsTestOnly(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "./...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	for _, d := range strings.Fields(string(out)) {
		if strings.HasPrefix(d, "github.com/chromedp/") {
			t.Errorf("non-test code depends on %s", d)
		}
	}
}
