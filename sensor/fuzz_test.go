package sensor

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/inventory"
)

// The fuzzer minimises every input that finds new code, at a cost that
// grows with the square of its length: the 1.7 KiB ExampleConfig seed and
// unbounded strings stalled 45 s runs of FuzzParseConfig (and, for 12 s,
// FuzzParseSinkArg). The inputs are capped and the example is cut.
const (
	maxFuzzConfig  = 512
	maxFuzzSinkArg = 256
)

// splitConfig cuts a config file into pieces of whole top-level keys (with
// the comments after them), packed up to limit bytes.
func splitConfig(doc string, limit int) []string {
	var blocks []string
	for _, line := range strings.SplitAfter(doc, "\n") {
		if len(blocks) == 0 || line != "" && !strings.ContainsRune(" \t#\n", rune(line[0])) {
			blocks = append(blocks, line)
		} else {
			blocks[len(blocks)-1] += line
		}
	}
	var out []string
	for _, b := range blocks {
		if n := len(out); n > 0 && len(out[n-1])+len(b) <= limit {
			out[n-1] += b
		} else {
			out = append(out, b)
		}
	}
	return out
}

// FuzzParseConfig: arbitrary bytes as a config file give a config or an
// ErrConfig, never a panic; a config that parses validates or says why.
func FuzzParseConfig(f *testing.F) {
	for _, piece := range splitConfig(ExampleConfig, maxFuzzConfig) {
		f.Add([]byte(piece))
	}
	f.Add([]byte("interface: lo\ndb: x.db\n"))
	f.Add([]byte("caps: {max_flows: -1}\n"))
	f.Add([]byte("sinks: [{type: syslog, network: udp}]\n"))
	f.Add([]byte("filter: {nets: [::/0], hosts: ['::1']}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		// 512 bytes hold a few top-level keys with nested maps and lists; longer YAML stalled minimisation.
		if len(data) > maxFuzzConfig {
			return
		}
		cfg, err := ParseConfig(data, "")
		if err != nil {
			return
		}
		_ = cfg.Validate()
	})
}

// FuzzParseSinkArg: any --sink value parses or is refused; a parsed one
// validates.
func FuzzParseSinkArg(f *testing.F) {
	for _, s := range []string{"ndjson", "ndjson:/tmp/x", "webhook:https://h/p", "syslog:udp://h:514", "syslog:unix:///dev/log", "x:y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, arg string) {
		// A sink argument is a type and a URL or path: 256 bytes are plenty; longer ones stalled minimisation.
		if len(arg) > maxFuzzSinkArg {
			return
		}
		sc, err := ParseSinkArg(arg)
		if err != nil {
			return
		}
		if err := sc.Validate(); err != nil {
			t.Fatalf("ParseSinkArg(%q) = %+v, which does not validate: %v", arg, sc, err)
		}
	})
}

// FuzzEndpointFilter: any query parses or is refused, and a parsed filter
// matches without panicking; Values round-trips it.
func FuzzEndpointFilter(f *testing.F) {
	f.Add("host=a&method=GET&path=/users/**&unauthenticated=1&since=24h", "/users/{userId}/orders")
	f.Add("path=/[", "/x")
	f.Add("path=**/**", "/")
	f.Add("since=2026-01-02", "")
	now := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, query, p string) {
		q, err := url.ParseQuery(query)
		if err != nil {
			return
		}
		flt, err := ParseEndpointFilter(q, now)
		if err != nil {
			return
		}
		e := inventory.Endpoint{Host: "a", Method: "GET", Path: p, UnauthenticatedHits: 1, LastSeen: now}
		m := flt.Match(&e)
		back, err := ParseEndpointFilter(flt.Values(), now)
		if err != nil {
			t.Fatalf("Values() of %+v does not parse: %v", flt, err)
		}
		if back.Match(&e) != m {
			t.Fatalf("round trip changed the match for %q: %+v vs %+v", p, flt, back)
		}
	})
}
