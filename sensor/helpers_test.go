package sensor

import "os"

func testFinding(id, kind, sev, host, method, path string) Finding {
	var s Severity
	switch sev {
	case "info":
		s = 0
	case "low":
		s = 1
	case "medium":
		s = 2
	case "high":
		s = 3
	default:
		s = 4
	}
	return Finding{ID: id, Kind: kind, Severity: s, Host: host, Method: method, Path: path}
}

func setHits(f *Finding, n uint64) { f.Evidence.Hits = n }

func writeFile(name, s string) error { return os.WriteFile(name, []byte(s), 0o600) }

func osGetpid() int { return os.Getpid() }
