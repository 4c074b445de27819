package sensor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/storage"
)

const e2eSpec = "testdata/e2e-openapi.yaml"

// syncBuffer is a goroutine-safe stderr for Run.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// apiServer is the real application the sensor watches.
func apiServer(t *testing.T) (*http.Server, int) {
	t.Helper()
	mux := http.NewServeMux()
	js := func(w http.ResponseWriter, code int, body string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		io.WriteString(w, body)
	}
	mux.HandleFunc("GET /api/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		js(w, 200, `{"id":`+r.PathValue("id")+`,"name":"x"}`)
	})
	mux.HandleFunc("DELETE /api/users/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	mux.HandleFunc("GET /api/orders", func(w http.ResponseWriter, r *http.Request) { js(w, 200, `[{"id":1}]`) })
	mux.HandleFunc("GET /api/old/items", func(w http.ResponseWriter, r *http.Request) { js(w, 200, `[]`) })
	mux.HandleFunc("GET /api/admin/debug", func(w http.ResponseWriter, r *http.Request) { js(w, 200, `{"goroutines":3}`) })
	mux.HandleFunc("GET /api/health", func(w http.ResponseWriter, r *http.Request) { js(w, 200, `{}`) })
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: mux}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return srv, ln.Addr().(*net.TCPAddr).Port
}

// call is one client request of the test traffic.
type call struct {
	method, path string
	auth         bool
	want         int
}

// e2eTraffic: documented reads with credentials, an unauthenticated 2xx on
// a secured operation, an undocumented method, an undocumented path and a
// deprecated operation; /api/health (documented) is never called.
func e2eTraffic() []call {
	var cs []call
	for i := 1; i <= 12; i++ {
		cs = append(cs, call{"GET", "/api/users/" + strconv.Itoa(1000+i*37), true, 200})
	}
	cs = append(cs,
		call{"GET", "/api/orders", false, 200},
		call{"GET", "/api/orders", false, 200},
		call{"DELETE", "/api/users/1037", true, 204},
		call{"GET", "/api/admin/debug", true, 200},
		call{"GET", "/api/old/items", true, 200},
	)
	return cs
}

func drive(t *testing.T, port int, calls []call) {
	t.Helper()
	client := &http.Client{Timeout: 10 * time.Second}
	for _, c := range calls {
		req, _ := http.NewRequest(c.method, fmt.Sprintf("http://127.0.0.1:%d%s", port, c.path), nil)
		if c.auth {
			req.Header.Set("Authorization", "Bearer e2e-opaque-token-0123456789")
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", c.method, c.path, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Fatalf("%s %s: status %d, want %d", c.method, c.path, resp.StatusCode, c.want)
		}
	}
	client.CloseIdleConnections()
}

type fk struct{ kind, method, path string }

// expectedFindings are what the traffic and the spec imply, at least.
var expectedFindings = []fk{
	{"unauthenticated", "GET", "/api/orders"},
	{"shadow", "DELETE", "/api/users/{userId}"},
	{"shadow", "GET", "/api/admin/debug"},
	{"zombie", "GET", "/api/old/items"},
	{"unused", "GET", "/api/health"},
}

func readNDJSON(t *testing.T, name string) []diff.Finding {
	t.Helper()
	f, err := os.Open(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []diff.Finding
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var fd diff.Finding
		if err := json.Unmarshal(sc.Bytes(), &fd); err != nil {
			t.Fatalf("bad ndjson line %q: %v", sc.Text(), err)
		}
		out = append(out, fd)
	}
	return out
}

// readEvents reads an NDJSON sink's events, open and resolved.
func readEvents(t *testing.T, name string) []Event {
	t.Helper()
	b, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []Event
	for _, line := range bytes.Split(bytes.TrimSuffix(b, []byte("\n")), []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		var e Event
		if err := json.Unmarshal(line, &e); err != nil || (e.Status != StatusOpen && e.Status != StatusResolved) {
			t.Fatalf("bad ndjson line %q: %v", line, err)
		}
		out = append(out, e)
	}
	return out
}

// openedIDs returns the sorted ids of the open events, each once.
func openedIDs(evs []Event) []string {
	var out []string
	for _, e := range evs {
		if !e.Resolved() && !slices.Contains(out, e.ID) {
			out = append(out, e.ID)
		}
	}
	sort.Strings(out)
	return out
}

// dbEndpoints reopens the DB after the sensor stopped and rebuilds the
// inventory from it.
func dbEndpoints(t *testing.T, dbPath string) ([]inventory.Endpoint, map[string]time.Time) {
	t.Helper()
	db, err := storage.Open(dbPath, storage.Options{Timeout: time.Second})
	if err != nil {
		t.Fatalf("reopen DB after stop: %v", err)
	}
	defer db.Close()
	blobs, err := db.LoadHosts()
	if err != nil {
		t.Fatal(err)
	}
	inv := inventory.New(inventory.DefaultConfig())
	for h, b := range blobs {
		if err := inv.LoadHost(h, b); err != nil {
			t.Fatal(err)
		}
	}
	em, err := db.EmittedSet()
	if err != nil {
		t.Fatal(err)
	}
	return inv.Endpoints(), em
}

func hasEndpoint(eps []inventory.Endpoint, method, path string) bool {
	for _, e := range eps {
		if e.Method == method && e.Path == path {
			return true
		}
	}
	return false
}

func findingKeys(fs []diff.Finding) []fk {
	var out []fk
	for _, f := range fs {
		out = append(out, fk{f.Kind, f.Method, f.Path})
	}
	return out
}

func ids(fs []diff.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.ID)
	}
	sort.Strings(out)
	return out
}

func checkExpected(t *testing.T, fs []diff.Finding, want []fk) {
	t.Helper()
	got := findingKeys(fs)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("finding %v missing; got %v", w, got)
		}
	}
}

// TestRunLiveEndToEnd starts the sensor on lo against a real net/http
// server and client, queries its API while it runs, stops it with a context
// cancel (SIGTERM at library level) and checks the DB, the NDJSON sink and
// a webhook receiver that fails its first answer.
func TestRunLiveEndToEnd(t *testing.T) {
	if l, err := capture.OpenLive("lo", capture.LiveOptions{}); err != nil {
		t.Skipf("no live capture on lo (needs CAP_NET_RAW): %v", err)
	} else {
		l.Close()
	}
	_, port := apiServer(t)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "inv.db")
	ndjson := filepath.Join(dir, "findings.ndjson")
	rcv := &receiver{fail: 1, code: 500}
	hook := httptest.NewServer(rcv)
	defer hook.Close()

	ready := make(chan Discovery, 1)
	cfg := DefaultConfig()
	cfg.Interface = "lo"
	cfg.Filter = capture.Filter{Ports: []uint16{uint16(port)}}
	cfg.DBPath = dbPath
	cfg.Specs = []string{e2eSpec}
	cfg.Listen = "127.0.0.1:0"
	cfg.CommitInterval = 200 * time.Millisecond
	cfg.ShutdownTimeout = 20 * time.Second
	cfg.Sinks = []SinkConfig{{Type: "ndjson", Path: ndjson}, {Type: "webhook", URL: hook.URL}}
	cfg.Ready = func(d Discovery) { ready <- d }
	var stderr syncBuffer

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	runErr := make(chan error, 1)
	go func() { runErr <- Run(ctx, cfg, &stderr) }()
	var d Discovery
	select {
	case d = <-ready:
	case err := <-runErr:
		t.Fatalf("Run returned before ready: %v\n%s", err, stderr.String())
	case <-time.After(20 * time.Second):
		t.Fatal("sensor not ready")
	}

	// While it runs: the DB is locked, the discovery file leads to the API.
	if _, err := storage.Open(dbPath, storage.Options{Timeout: 100 * time.Millisecond}); !errors.Is(err, storage.ErrLocked) {
		t.Errorf("second open while running = %v, want ErrLocked", err)
	}
	found, ok, err := ReadDiscovery(dbPath)
	if err != nil || !ok || found.Addr != d.Addr || found.PID != os.Getpid() || found.TokenRequired {
		t.Fatalf("ReadDiscovery = %+v %v %v", found, ok, err)
	}

	drive(t, port, e2eTraffic())

	// Query the API while it runs.
	qctx := context.Background()
	var st Stats
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err = QueryStats(qctx, found, "")
		if err != nil {
			t.Fatal(err)
		}
		if st.Packets > 0 && st.Commits > 0 || time.Now().After(deadline) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if st.Packets == 0 || st.Bytes == 0 || st.Commits == 0 {
		t.Errorf("stats while running: %+v", st)
	}
	// Reassembly hands exchanges over while the capture runs (live mode
	// dispatches on a ticker), so the API sees them before any stop.
	var live []inventory.Endpoint
	deadline = time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if live, err = QueryEndpoints(qctx, found, "", nil); err != nil {
			t.Fatal(err)
		}
		if len(live) >= 5 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if len(live) < 5 {
		t.Errorf("endpoints through the API while running: %d, want 5", len(live))
	}
	unauth, err := QueryEndpoints(qctx, found, "", EndpointFilter{Unauthenticated: true}.Values())
	if err != nil || len(unauth) != 1 || unauth[0].Path != "/api/orders" {
		t.Errorf("unauthenticated endpoints while running: %v, %v", unauth, err)
	}
	var liveFindings []diff.Finding
	for time.Now().Before(deadline) {
		if liveFindings, err = QueryFindings(qctx, found, "", nil); err != nil {
			t.Fatal(err)
		}
		if slices.Contains(findingKeys(liveFindings), expectedFindings[2]) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	checkExpected(t, liveFindings, expectedFindings)
	resp, err := http.Get(found.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	mb, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(mb), "shadowtap_packets_total") {
		t.Errorf("metrics lack shadowtap_packets_total")
	}

	cancel() // SIGTERM
	select {
	case err := <-runErr:
		if err != nil {
			t.Fatalf("Run = %v\n%s", err, stderr.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	t.Logf("stderr:\n%s", stderr.String())
	if _, ok, _ := ReadDiscovery(dbPath); ok {
		t.Error("discovery file left after stop")
	}

	eps, emitted := dbEndpoints(t, dbPath)
	for _, want := range []struct{ method, path string }{
		{"GET", "/api/users/{userId}"}, {"GET", "/api/orders"}, {"DELETE", "/api/users/{userId}"},
		{"GET", "/api/admin/debug"}, {"GET", "/api/old/items"},
	} {
		if !hasEndpoint(eps, want.method, want.path) {
			t.Errorf("DB lacks endpoint %s %s; has %v", want.method, want.path, eps)
		}
	}
	var hits uint64
	for _, e := range eps {
		hits += e.Hits
	}
	if hits != uint64(len(e2eTraffic())) {
		t.Errorf("DB holds %d hits, want %d (one per request)", hits, len(e2eTraffic()))
	}

	// The NDJSON sink got exactly what the traffic and spec imply: the diff
	// of the stored inventory, each finding once.
	spec, _, err := diff.LoadSpec(e2eSpec, nil)
	if err != nil {
		t.Fatal(err)
	}
	// "unused" findings are held back for UnusedAfter (1h by default).
	want := slices.DeleteFunc(diff.Diff(eps, []*diff.Spec{spec}, diff.Options{}),
		func(f diff.Finding) bool { return f.Kind == "unused" })
	got := readNDJSON(t, ndjson)
	if !slices.Equal(ids(got), ids(want)) {
		t.Errorf("NDJSON findings %v\nwant %v", findingKeys(got), findingKeys(want))
	}
	checkExpected(t, got, expectedFindings[:4])
	for _, id := range ids(got) {
		if _, ok := emitted[id]; !ok {
			t.Errorf("finding %s emitted but not recorded in the DB", id)
		}
	}
	// The webhook receiver got the same findings despite a 500 first.
	rcv.mu.Lock()
	var hooked []diff.Finding
	for _, p := range rcv.payloads {
		for _, e := range p.Findings {
			hooked = append(hooked, e.Finding)
		}
	}
	calls := rcv.calls
	rcv.mu.Unlock()
	if !slices.Equal(ids(hooked), ids(want)) || calls < 2 {
		t.Errorf("webhook got %d findings in %d calls, want %d after a retry", len(hooked), calls, len(want))
	}
}
