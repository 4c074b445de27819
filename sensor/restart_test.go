package sensor

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/diff"
)

// runReplay runs the sensor over a synthetic source to its end.
func runReplay(t *testing.T, dbPath, ndjson string, xs []synthExchange) string {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Source = buildSource(t, xs)
	cfg.DBPath = dbPath
	cfg.Specs = []string{e2eSpec}
	cfg.Listen = "off"
	cfg.CommitInterval = time.Hour // only the final commit: deterministic
	cfg.UnusedAfter = time.Nanosecond
	cfg.Sinks = []SinkConfig{{Type: "ndjson", Path: ndjson}}
	var stderr syncBuffer
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := Run(ctx, cfg, &stderr); err != nil {
		t.Fatalf("Run = %v\n%s", err, stderr.String())
	}
	return stderr.String()
}

// TestRestartDoesNotReemit: findings emitted in a first run (recorded per
// sink in storage) are not emitted again to the same sink by a second run
// over the same DB; a finding new in the second run is. (A sink new in the
// second run gets the current findings: TestNewSinkGetsCurrentFindings.)
func TestRestartDoesNotReemit(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "inv.db")
	first := filepath.Join(dir, "first.ndjson")

	log1 := runReplay(t, dbPath, first, synthTraffic())
	got1 := readNDJSON(t, first)
	eps, emitted := dbEndpoints(t, dbPath)
	spec, _, err := diff.LoadSpec(e2eSpec, nil)
	if err != nil {
		t.Fatal(err)
	}
	want1 := diff.Diff(eps, []*diff.Spec{spec}, diff.Options{})
	if len(got1) == 0 || !slices.Equal(ids(got1), ids(want1)) {
		t.Fatalf("first run emitted %v\nwant %v\n%s", findingKeys(got1), findingKeys(want1), log1)
	}
	checkExpected(t, got1, expectedFindings)
	if len(emitted) != len(got1) {
		t.Errorf("emitted bucket holds %d ids, first run emitted %d", len(emitted), len(got1))
	}

	// Second run: the same traffic again plus one new undocumented route.
	xs := append(synthTraffic(), synthExchange{"POST", "/api/internal/reindex", true, 202, "", ""})
	log2 := runReplay(t, dbPath, first, xs)
	got2 := readNDJSON(t, first)[len(got1):]
	if len(got2) != 1 || got2[0].Kind != "shadow" || got2[0].Path != "/api/internal/reindex" {
		t.Errorf("second run emitted %v, want only the new shadow POST /api/internal/reindex\n%s", findingKeys(got2), log2)
	}
	eps2, emitted2 := dbEndpoints(t, dbPath)
	if len(emitted2) != len(got1)+len(got2) {
		t.Errorf("emitted bucket: %d ids, want %d", len(emitted2), len(got1)+len(got2))
	}
	// Counts merged across runs: every endpoint of the first run has twice
	// its hits.
	for _, e := range eps {
		for _, e2 := range eps2 {
			if e.Host == e2.Host && e.Method == e2.Method && e.Path == e2.Path && e2.Hits != 2*e.Hits {
				t.Errorf("%s %s: %d hits after two runs, want %d", e.Method, e.Path, e2.Hits, 2*e.Hits)
			}
		}
	}
}

// TestCapsOverflowCounted: past the host and endpoint caps observations are
// counted, never a crash, and the stats say so.
func TestCapsOverflowCounted(t *testing.T) {
	var xs []synthExchange
	for h := 0; h < 5; h++ {
		for p := 0; p < 6; p++ {
			xs = append(xs, synthExchange{"GET", fmt.Sprintf("/r%d/list", p), true, 200, fmt.Sprintf("h%d.test", h), ""})
		}
	}
	cfg := DefaultConfig()
	cfg.Source = newLiveLike(buildSource(t, xs))
	cfg.DBPath = filepath.Join(t.TempDir(), "inv.db")
	cfg.Listen = "127.0.0.1:0"
	cfg.CommitInterval = 20 * time.Millisecond
	cfg.Caps = InventoryCaps{MaxHosts: 2, MaxEndpointsPerHost: 3}
	d, stop, stderr := startSensor(t, cfg)
	st := waitStats(t, d, func(s Stats) bool { return s.HostOverflow == 18 && s.EndpointOverflow == 6 && s.Endpoints == 6 })
	if st.Endpoints != 6 || st.Hosts != 2 || st.HostOverflow != 18 || st.EndpointOverflow != 6 {
		t.Errorf("stats = endpoints %d hosts %d host_overflow %d endpoint_overflow %d, want 6 2 18 6",
			st.Endpoints, st.Hosts, st.HostOverflow, st.EndpointOverflow)
	}
	resp, err := http.Get(d.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(body), "shadowtap_host_overflow_total 18") {
		t.Errorf("metrics lack the host overflow")
	}
	if err := stop(); err != nil {
		t.Fatalf("Run = %v\n%s", err, stderr.String())
	}
}
