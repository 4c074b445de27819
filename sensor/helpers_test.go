package sensor

import (
	"os"

	"github.com/shadowtap/shadowtap/diff"
)

func testFinding(id, kind, sev, host, method, path string) diff.Finding {
	s, err := diff.ParseSeverity(sev)
	if err != nil {
		panic(err)
	}
	return diff.Finding{ID: id, Kind: kind, Severity: s, Host: host, Method: method, Path: path}
}

func setHits(f *diff.Finding, n uint64) { f.Evidence.Hits = n }

func writeFile(name, s string) error { return os.WriteFile(name, []byte(s), 0o600) }

func osGetpid() int { return os.Getpid() }
