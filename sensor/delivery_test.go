package sensor

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
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

	bolt "go.etcd.io/bbolt"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/storage"
)

// flakyReceiver is a webhook receiver that answers 500 while down, then
// 204, and records every finding id it accepted. With gate set, requests
// wait for it to close.
type flakyReceiver struct {
	mu    sync.Mutex
	down  bool
	gate  chan struct{}
	calls int
	got   map[string]int
}

func newFlakyReceiver(down bool) *flakyReceiver {
	return &flakyReceiver{down: down, got: map[string]int{}}
}

func (r *flakyReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	gate := r.gate
	r.mu.Unlock()
	if gate != nil {
		select {
		case <-gate:
		case <-req.Context().Done():
			return
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	if r.down {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	var p WebhookPayload
	if json.NewDecoder(req.Body).Decode(&p) != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	for _, f := range p.Findings {
		r.got[f.ID]++
	}
	w.WriteHeader(http.StatusNoContent)
}

func (r *flakyReceiver) setDown(down bool) {
	r.mu.Lock()
	r.down = down
	r.mu.Unlock()
}

func (r *flakyReceiver) snapshot() (calls int, ids []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for id := range r.got {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return r.calls, ids
}

// openSensor opens a sensor (not running yet) whose webhook sinks are
// replaced by instances with the given options (fast retries for tests):
// same configuration, so the same identity.
func openSensor(t *testing.T, cfg Config, hookOpts ...WebhookOption) (*Sensor, *syncBuffer, chan Discovery) {
	t.Helper()
	ready := make(chan Discovery, 1)
	cfg.Ready = func(d Discovery) { ready <- d }
	stderr := &syncBuffer{}
	s, err := Open(cfg, stderr)
	if err != nil {
		t.Fatalf("Open = %v\n%s", err, stderr.String())
	}
	for i, sc := range cfg.Sinks {
		if sc.Type == "webhook" && len(hookOpts) > 0 {
			s.sinks[i].Close()
			s.sinks[i] = NewWebhookSink(sc.URL, hookOpts...)
		}
	}
	return s, stderr, ready
}

// runOpened runs s as startSensor runs a Config; a test that fails early
// still stops it.
func runOpened(t *testing.T, s *Sensor, ready chan Discovery) (Discovery, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	var once sync.Once
	var runErr error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case runErr = <-done:
			case <-time.After(30 * time.Second):
				runErr = errors.New("Run did not return")
			}
		})
		return runErr
	}
	t.Cleanup(func() { stop() })
	select {
	case d := <-ready:
		return d, stop
	case err := <-done:
		t.Fatalf("Run returned early: %v", err)
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatal("not ready")
	}
	return Discovery{}, nil
}

// liveDeliveryConfig: the synthetic traffic served like a live interface,
// a commit every 20 ms. "unused" findings are never emitted: right after a
// start they come and go as the traffic arrives.
func liveDeliveryConfig(t *testing.T, dir string, sinks ...SinkConfig) Config {
	cfg := DefaultConfig()
	cfg.Source = newLiveLike(buildSource(t, synthTraffic()))
	cfg.DBPath = filepath.Join(dir, "inv.db")
	cfg.Specs = []string{e2eSpec}
	cfg.Listen = "127.0.0.1:0"
	cfg.CommitInterval = 20 * time.Millisecond
	cfg.UnusedAfter = -1
	cfg.ShutdownTimeout = 4 * time.Second
	cfg.Sinks = sinks
	return cfg
}

// eligibleIDs returns the sorted ids of the sensor's current findings that
// are emitted (all but "unused", see liveDeliveryConfig).
func eligibleIDs(t *testing.T, d Discovery) []string {
	t.Helper()
	fs, err := QueryFindings(context.Background(), d, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		if f.Kind != "unused" {
			out = append(out, f.ID)
		}
	}
	sort.Strings(out)
	return out
}

// settled: every exchange observed, and the NDJSON sink (sink 1) holds
// exactly the current findings.
func settled(t *testing.T, d Discovery, ndjson string, s Stats) bool {
	return s.Exchanges == uint64(len(synthTraffic())) && s.Detail["sink1.pending"] == 0 &&
		slices.Equal(ids(readNDJSON(t, ndjson)), eligibleIDs(t, d))
}

// subset reports whether every element of want is in got (both sorted).
func subset(want, got []string) bool {
	for _, w := range want {
		if _, ok := slices.BinarySearch(got, w); !ok {
			return false
		}
	}
	return true
}

func storedSinkRecord(t *testing.T, dbPath string, sc SinkConfig) []string {
	t.Helper()
	db, err := storage.Open(dbPath, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	set, err := db.SinkEmittedSet(sc.key())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for id := range set {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

func countIDs(fs []diff.Finding) map[string]int {
	m := map[string]int{}
	for _, f := range fs {
		m[f.ID]++
	}
	return m
}

// TestWebhookOutageDeliveredAfterRecovery: findings produced while the
// webhook answers 500 stay pending for it (stats, metrics) and reach it once
// it recovers; the NDJSON sink gets every finding once meanwhile.
func TestWebhookOutageDeliveredAfterRecovery(t *testing.T) {
	rcv := newFlakyReceiver(true)
	hook := httptest.NewServer(rcv)
	defer hook.Close()
	dir := t.TempDir()
	nd := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "f.ndjson")}
	wh := SinkConfig{Type: "webhook", URL: hook.URL + "/hook"}
	cfg := liveDeliveryConfig(t, dir, nd, wh)
	s, stderr, ready := openSensor(t, cfg, WithRetry(2, time.Millisecond, 2*time.Millisecond))
	d, stop := runOpened(t, s, ready)

	var want []string
	st := waitStats(t, d, func(s Stats) bool {
		calls, _ := rcv.snapshot()
		want = eligibleIDs(t, d)
		return settled(t, d, nd.Path, s) && calls >= 4 && s.Detail["sink2.pending"] == uint64(len(want))
	})
	n := uint64(len(want))
	if n < 4 || st.Detail["sink1.pending"] != 0 || st.Detail["sink2.pending"] != n || st.Detail["sinks.pending"] != n {
		t.Fatalf("while the webhook is down: detail %v, want sink1.pending 0, sink2.pending %d\n%s", st.Detail, n, stderr.String())
	}
	if got := readNDJSON(t, nd.Path); !slices.Equal(ids(got), want) {
		t.Errorf("NDJSON while the webhook is down: %v, want %v", ids(got), want)
	}
	resp, err := http.Get(d.URL() + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{`shadowtap_sink_pending{sink="2"} ` + itoa(n), `shadowtap_sink_pending{sink="1"} 0`, "shadowtap_sinks_pending " + itoa(n)} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q", want)
		}
	}

	rcv.setDown(false)
	st = waitStats(t, d, func(s Stats) bool { return s.Detail["sinks.pending"] == 0 })
	if st.Detail["sinks.pending"] != 0 {
		t.Errorf("after recovery: detail %v", st.Detail)
	}
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	log := stderr.String()
	if _, got := rcv.snapshot(); !subset(want, got) {
		t.Errorf("webhook got %v after recovering, want %v\n%s", got, want, log)
	}
	if !strings.Contains(log, "sink 2 (webhook): sensor: webhook sink: receiver answered 500") ||
		!strings.Contains(log, "sink 2 (webhook) accepts findings again") {
		t.Errorf("stderr lacks the outage and the recovery:\n%s", log)
	}
	// NDJSON: every finding exactly once, whatever the webhook did.
	for id, c := range countIDs(readNDJSON(t, nd.Path)) {
		if c != 1 {
			t.Errorf("NDJSON has %s %d times", id, c)
		}
	}
	if got := storedSinkRecord(t, cfg.DBPath, wh); !subset(want, got) {
		t.Errorf("webhook record %v, want %v", got, want)
	}
	if got := storedSinkRecord(t, cfg.DBPath, nd); !slices.Equal(got, want) {
		t.Errorf("NDJSON record %v, want %v", got, want)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// replaySinks runs the sensor over the synthetic traffic to its end (one
// final commit) with the given sinks.
func replaySinks(t *testing.T, dbPath string, xs []synthExchange, shutdown time.Duration, sinks ...SinkConfig) string {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Source = buildSource(t, xs)
	cfg.DBPath = dbPath
	cfg.Specs = []string{e2eSpec}
	cfg.Listen = "off"
	cfg.CommitInterval = time.Hour
	cfg.UnusedAfter = time.Nanosecond
	cfg.ShutdownTimeout = shutdown
	cfg.Sinks = sinks
	var stderr syncBuffer
	if err := Run(context.Background(), cfg, &stderr); err != nil {
		t.Fatalf("Run = %v\n%s", err, stderr.String())
	}
	return stderr.String()
}

// TestWebhookRefusedAcrossRestart: a webhook that refuses connections for
// a whole run gets that run's findings from the next run, after a restart;
// the NDJSON sink is not sent them again.
func TestWebhookRefusedAcrossRestart(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close() // connections refused
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "inv.db")
	nd := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "f.ndjson")}
	wh := SinkConfig{Type: "webhook", URL: "http://" + addr + "/hook"}

	log1 := replaySinks(t, dbPath, synthTraffic(), 400*time.Millisecond, nd, wh)
	got1 := readNDJSON(t, nd.Path)
	if len(got1) < 5 {
		t.Fatalf("first run: NDJSON got %v\n%s", findingKeys(got1), log1)
	}
	if !strings.Contains(log1, "sink 2 (webhook): "+itoa(uint64(len(got1)))+" finding(s) not accepted yet") {
		t.Errorf("first run's stderr lacks the webhook backlog:\n%s", log1)
	}
	if got := storedSinkRecord(t, dbPath, wh); len(got) != 0 {
		t.Fatalf("webhook recorded as accepting %v while refusing connections", got)
	}

	// The receiver comes up where the webhook points; the sensor restarts.
	rcv := newFlakyReceiver(false)
	ln, err = net.Listen("tcp4", addr)
	if err != nil {
		t.Skipf("cannot listen on %s again: %v", addr, err)
	}
	srv := &http.Server{Handler: rcv}
	go srv.Serve(ln)
	defer srv.Close()
	log2 := replaySinks(t, dbPath, synthTraffic(), 4*time.Second, nd, wh)
	if _, got := rcv.snapshot(); !slices.Equal(got, ids(got1)) {
		t.Errorf("webhook got %v after the restart, want the first run's %v\n%s", got, ids(got1), log2)
	}
	if again := readNDJSON(t, nd.Path)[len(got1):]; len(again) != 0 {
		t.Errorf("NDJSON sent again after the restart: %v", findingKeys(again))
	}
	if got := storedSinkRecord(t, dbPath, wh); !slices.Equal(got, ids(got1)) {
		t.Errorf("webhook record %v, want %v", got, ids(got1))
	}
}

// TestWebhookQueueFullKeepsFindings: findings the webhook's queue refuses
// (ErrQueueFull) are offered again until the receiver takes them.
func TestWebhookQueueFullKeepsFindings(t *testing.T) {
	rcv := newFlakyReceiver(false)
	rcv.gate = make(chan struct{})
	var once sync.Once
	release := func() { once.Do(func() { close(rcv.gate) }) }
	hook := httptest.NewServer(rcv)
	defer hook.Close()
	defer release() // before hook.Close, which waits for held requests
	dir := t.TempDir()
	nd := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "f.ndjson")}
	wh := SinkConfig{Type: "webhook", URL: hook.URL}
	cfg := liveDeliveryConfig(t, dir, nd, wh)
	s, stderr, ready := openSensor(t, cfg, WithQueueSize(1), WithBatchSize(1), WithRetry(2, time.Millisecond, 2*time.Millisecond))
	d, stop := runOpened(t, s, ready)

	// One batch in flight (held by the gate), one queued, the rest refused.
	var want []string
	st := waitStats(t, d, func(s Stats) bool {
		want = eligibleIDs(t, d)
		return settled(t, d, nd.Path, s) && s.Detail["sink2.dropped"] >= 3 && s.Detail["sink2.pending"] == uint64(len(want))
	})
	if st.Detail["sink2.dropped"] < 3 || st.Detail["sink2.pending"] != uint64(len(want)) {
		t.Fatalf("with the queue full: detail %v\n%s", st.Detail, stderr.String())
	}
	release()
	waitStats(t, d, func(s Stats) bool { return s.Detail["sinks.pending"] == 0 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	log := stderr.String()
	if _, got := rcv.snapshot(); !subset(want, got) {
		t.Errorf("webhook got %v, want every finding %v\n%s", got, want, log)
	}
	if strings.Count(log, "queue full") != 1 {
		t.Errorf("stderr should warn of the full queue once:\n%s", log)
	}
	if got := readNDJSON(t, nd.Path); !slices.Equal(ids(got), want) {
		t.Errorf("NDJSON got %v, want %v", ids(got), want)
	}
}

// TestReloadKeepsPendingForSameSink: a reload that reopens the same webhook
// (SIGHUP) while a batch is in flight loses nothing: the closing instance
// gives the batch back and the new one delivers it.
func TestReloadKeepsPendingForSameSink(t *testing.T) {
	rcv := newFlakyReceiver(true)
	hook := httptest.NewServer(rcv)
	defer hook.Close()
	dir := t.TempDir()
	wh := SinkConfig{Type: "webhook", URL: hook.URL}
	cfg := liveDeliveryConfig(t, dir, wh)
	// The batch keeps retrying until the reload closes its instance.
	s, stderr, ready := openSensor(t, cfg, WithRetry(1000, 5*time.Millisecond, 5*time.Millisecond), WithCloseTimeout(20*time.Millisecond))
	d, stop := runOpened(t, s, ready)
	var want []string
	waitStats(t, d, func(s Stats) bool {
		calls, _ := rcv.snapshot()
		want = eligibleIDs(t, d)
		return s.Exchanges == uint64(len(synthTraffic())) && calls >= 2 && len(want) >= 4 && s.Detail["sink1.pending"] == uint64(len(want))
	})
	if err := s.Reload(cfg); err != nil {
		t.Fatal(err)
	}
	rcv.setDown(false)
	st := waitStats(t, d, func(s Stats) bool { return s.Detail["sinks.pending"] == 0 && s.Detail["sink1.emitted"] > 0 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if st.Reloads != 1 || st.Detail["sinks.dropped"] == 0 {
		t.Errorf("stats %+v: want one reload and the closed instance's batch dropped", st)
	}
	if _, got := rcv.snapshot(); !subset(want, got) {
		t.Errorf("webhook got %v, want %v\n%s", got, want, stderr.String())
	}
	if got := storedSinkRecord(t, cfg.DBPath, wh); !subset(want, got) {
		t.Errorf("webhook record %v, want %v", got, want)
	}
}

// TestNewSinkGetsCurrentFindings: a sink configured after findings were
// emitted to others is offered the findings current at its first commit;
// the sinks that had them get only what is new.
func TestNewSinkGetsCurrentFindings(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "inv.db")
	a := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "a.ndjson")}
	b := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "b.ndjson")}
	replaySinks(t, dbPath, synthTraffic(), 4*time.Second, a)
	gotA := readNDJSON(t, a.Path)
	xs := append(synthTraffic(), synthExchange{"POST", "/api/internal/reindex", true, 202, "", ""})
	replaySinks(t, dbPath, xs, 4*time.Second, a, b)
	newA := readNDJSON(t, a.Path)[len(gotA):]
	if len(newA) != 1 || newA[0].Path != "/api/internal/reindex" {
		t.Errorf("old sink got %v, want only the new finding", findingKeys(newA))
	}
	gotB := readNDJSON(t, b.Path)
	if want := append(ids(gotA), newA[0].ID); !slices.Equal(ids(gotB), sorted(want)) {
		t.Errorf("new sink got %v, want every current finding", findingKeys(gotB))
	}
}

func sorted(s []string) []string { s = slices.Clone(s); sort.Strings(s); return s }

// TestUpgradeFromGlobalEmittedRecord: a database of an earlier build holds
// one global emitted record; the sinks of the first run after the upgrade
// count as having every finding in it, a sink added later does not.
func TestUpgradeFromGlobalEmittedRecord(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "inv.db")
	old := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "old.ndjson")}
	replaySinks(t, dbPath, synthTraffic(), 4*time.Second, old)
	got0 := readNDJSON(t, old.Path)
	// What an earlier build leaves: the global record, no per-sink ones.
	b, err := bolt.Open(dbPath, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Update(func(tx *bolt.Tx) error { return tx.DeleteBucket([]byte("sinks")) }); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if _, emitted := dbEndpoints(t, dbPath); len(emitted) != len(got0) {
		t.Fatalf("global record %d ids, want %d", len(emitted), len(got0))
	}

	// The upgrade run: two sinks, neither sent what the old build emitted.
	x := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "x.ndjson")}
	y := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "y.ndjson")}
	xs := append(synthTraffic(), synthExchange{"POST", "/api/internal/reindex", true, 202, "", ""})
	replaySinks(t, dbPath, xs, 4*time.Second, x, y)
	for _, sc := range []SinkConfig{x, y} {
		if got := readNDJSON(t, sc.Path); len(got) != 1 || got[0].Path != "/api/internal/reindex" {
			t.Errorf("%s after the upgrade got %v, want only the new finding", filepath.Base(sc.Path), findingKeys(got))
		}
	}
	// A sink added after the upgrade gets the current findings.
	z := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "z.ndjson")}
	replaySinks(t, dbPath, xs, 4*time.Second, x, y, z)
	if got := readNDJSON(t, z.Path); len(got) != len(got0)+1 {
		t.Errorf("sink added after the upgrade got %v, want the %d current findings", findingKeys(got), len(got0)+1)
	}
	if got := readNDJSON(t, x.Path); len(got) != 1 {
		t.Errorf("x got %d findings in all, want 1", len(got))
	}
}

// TestSinkKeys: identity is type and target (NDJSON by absolute path),
// never headers; the webhook URL does not appear; repeats get a suffix.
func TestSinkKeys(t *testing.T) {
	dir := t.TempDir()
	wd, _ := os.Getwd()
	rel, err := filepath.Rel(wd, filepath.Join(dir, "f.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	keys := sinkKeys([]SinkConfig{
		{Type: "ndjson", Path: filepath.Join(dir, "f.ndjson")},
		{Type: "ndjson", Path: rel},
		{Type: "ndjson"},
		{Type: "ndjson", Path: "-"},
		{Type: "webhook", URL: "https://siem.example/hook?token=s3cret", Headers: map[string]string{"A": "1"}},
		{Type: "webhook", URL: "https://siem.example/hook?token=s3cret", Headers: map[string]string{"A": "2"}},
		{Type: "syslog", Network: "udp", Addr: "siem:514"},
	})
	if keys[1] != keys[0]+"#2" || keys[3] != keys[2]+"#2" || keys[5] != keys[4]+"#2" {
		t.Errorf("repeated sinks: %v", keys)
	}
	for i, k := range keys {
		if strings.Contains(k, "s3cret") || strings.Contains(k, "siem") || len(k) > 64 {
			t.Errorf("key %d = %q", i, k)
		}
	}
	if !strings.HasPrefix(keys[4], "webhook:") || !strings.HasPrefix(keys[6], "syslog:") || keys[0] == keys[2] {
		t.Errorf("keys = %v", keys)
	}
}

// TestSinkAcks: each built-in sink acks every finding once, accepted or
// not; the syslog sink refuses the rest of a batch after a failed
// reconnect instead of dialling once per finding.
func TestSinkAcks(t *testing.T) {
	fs := []diff.Finding{testFinding("a", "shadow", "low", "h", "GET", "/a"), testFinding("b", "shadow", "low", "h", "GET", "/b"),
		testFinding("c", "shadow", "low", "h", "GET", "/c")}
	type result struct {
		ids []string
		err error
	}
	collect := func() (func([]string, error), func() []result) {
		var mu sync.Mutex
		var rs []result
		return func(ids []string, err error) {
				mu.Lock()
				rs = append(rs, result{ids, err})
				mu.Unlock()
			}, func() []result {
				mu.Lock()
				defer mu.Unlock()
				return slices.Clone(rs)
			}
	}

	// NDJSON to a file: accepted.
	nd, err := OpenNDJSONFile(filepath.Join(t.TempDir(), "f.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	ack, results := collect()
	if err := nd.(AckSink).EmitAck(context.Background(), fs, ack); err != nil {
		t.Fatal(err)
	}
	nd.Close()
	if rs := results(); len(rs) != 1 || len(rs[0].ids) != 3 || rs[0].err != nil {
		t.Errorf("ndjson acks = %v", rs)
	}
	ack, results = collect()
	if err := nd.(AckSink).EmitAck(context.Background(), fs, ack); !errors.Is(err, ErrSinkClosed) {
		t.Errorf("EmitAck after Close = %v", err)
	}
	if rs := results(); len(rs) != 1 || !errors.Is(rs[0].err, ErrSinkClosed) {
		t.Errorf("ndjson acks after Close = %v", rs)
	}

	// Syslog over TCP to a collector that went away: one reconnect, the
	// three findings refused together.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go io.Copy(io.Discard, bufio.NewReader(c))
		}
	}()
	sl, err := NewSyslogCEFSink("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer sl.Close()
	ln.Close()
	sl.(*syslogSink).conn.Close()
	ack, results = collect()
	if err := sl.(AckSink).EmitAck(context.Background(), fs, ack); err == nil {
		t.Fatal("EmitAck to a gone collector: no error")
	}
	rs := results()
	if len(rs) != 1 || len(rs[0].ids) != 3 || rs[0].err == nil {
		t.Errorf("syslog acks = %v", rs)
	}
	if st := sl.(StatsSink).Stats(); st.Retries != 1 || st.Failed != 3 || st.Emitted != 0 {
		t.Errorf("syslog stats = %+v, want one reconnect and 3 failed", st)
	}
}

// gateSink blocks its first Emit until released, and says when it was
// called.
type gateSink struct {
	called, release chan struct{}
	once            sync.Once
}

func (g *gateSink) Emit(ctx context.Context, _ []diff.Finding) error {
	first := false
	g.once.Do(func() { first = true; close(g.called) })
	if first {
		select {
		case <-g.release:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func (g *gateSink) Close() error { return nil }

// Every sink's backlog is counted before any sink is called: while the
// first sink is still taking the new findings, the second one's pending
// count already holds them (it used to read 0 until its turn, so
// sinks.pending could say all was delivered while the second sink had
// nothing yet).
func TestPendingCountedForEverySinkBeforeDelivery(t *testing.T) {
	dir := t.TempDir()
	nd1 := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "1.ndjson")}
	nd2 := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "2.ndjson")}
	cfg := liveDeliveryConfig(t, dir, nd1, nd2)
	s, stderr, ready := openSensor(t, cfg)
	gate := &gateSink{called: make(chan struct{}), release: make(chan struct{})}
	s.sinks[0].Close()
	s.sinks[0] = gate
	d, stop := runOpened(t, s, ready)
	select {
	case <-gate.called:
	case <-time.After(10 * time.Second):
		t.Fatalf("the first sink was never called\n%s", stderr.String())
	}
	st := waitStats(t, d, func(Stats) bool { return true })
	if st.Detail["sink2.pending"] == 0 {
		t.Errorf("while the first sink takes the findings, sink2.pending = 0, want the findings it has still to get")
	}
	close(gate.release)
	waitStats(t, d, func(s Stats) bool { return s.Detail["sinks.pending"] == 0 })
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
