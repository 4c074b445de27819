package sensor

import (
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/shadowtap/shadowtap/diff"
)

// eventRecorder is an EventSink that keeps what it accepted, or refuses
// everything while refuse is set.
type eventRecorder struct {
	mu     sync.Mutex
	refuse bool
	got    []Event
}

func (r *eventRecorder) Emit(ctx context.Context, fs []diff.Finding) error {
	return r.EmitEvents(ctx, openEvents(fs), nil)
}

func (r *eventRecorder) EmitEvents(_ context.Context, evs []Event, ack func([]string, error)) error {
	r.mu.Lock()
	var err error
	if r.refuse {
		err = errors.New("receiver down")
	} else {
		r.got = append(r.got, evs...)
	}
	r.mu.Unlock()
	ackEvents(ack, evs, err)
	return err
}

func (r *eventRecorder) Close() error { return nil }

func (r *eventRecorder) setRefuse(v bool) {
	r.mu.Lock()
	r.refuse = v
	r.mu.Unlock()
}

// take returns what was accepted since the last take.
func (r *eventRecorder) take() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.got
	r.got = nil
	return out
}

// findingSink is a plain Sink (no EventSink): open findings only.
type findingSink struct {
	mu  sync.Mutex
	got []diff.Finding
}

func (p *findingSink) Emit(_ context.Context, fs []diff.Finding) error {
	p.mu.Lock()
	p.got = append(p.got, fs...)
	p.mu.Unlock()
	return nil
}

func (p *findingSink) Close() error { return nil }

func (p *findingSink) take() []diff.Finding {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := p.got
	p.got = nil
	return out
}

// eventKeys renders events as "status:id" for comparisons.
func eventKeys(evs []Event) []string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Status+":"+e.ID)
	}
	return out
}

// TestResolvedEventDelivery drives the emission directly with chosen
// findings: a finding a sink received that stops being current is resolved
// to that sink once (same id, status, resolved_at), a refused resolution is
// offered again with the same time, a finding that comes back is delivered
// again as open, a plain Sink is sent no resolution but gets the comeback,
// and after a restart a finding gone meanwhile is resolved by id alone.
func TestResolvedEventDelivery(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "inv.db")
	nd := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "nd.ndjson")}
	scs := []SinkConfig{nd, {Type: "ndjson", Path: filepath.Join(dir, "rec")}, {Type: "ndjson", Path: filepath.Join(dir, "plain")}}
	open := func() (*Sensor, *eventRecorder, *findingSink) {
		cfg := DefaultConfig()
		cfg.Source = newLiveLike(&frameSource{})
		cfg.DBPath = dbPath
		cfg.Listen = "off"
		cfg.UnusedAfter = time.Nanosecond
		cfg.Sinks = scs
		s, err := Open(cfg, t.Output())
		if err != nil {
			t.Fatal(err)
		}
		rec, plain := &eventRecorder{}, &findingSink{}
		s.sinks[1].Close()
		s.sinks[2].Close()
		s.sinks[1], s.sinks[2] = rec, plain
		return s, rec, plain
	}
	step := func(s *Sensor, fs ...diff.Finding) {
		s.findings, s.diffed = fs, true
		s.emit(context.Background(), 0, s.sinks, s.sinkBusy, s.sinkKeys)
	}
	a := testFinding("a", "unused", "info", "api.test", "GET", "/api/health")
	a.Title = "Documented operation never seen: GET /api/health"
	b := testFinding("b", "shadow", "medium", "api.test", "GET", "/api/admin/debug")

	s, rec, plain := open()
	step(s, a, b)
	if got := eventKeys(rec.take()); !slices.Equal(got, []string{"open:a", "open:b"}) {
		t.Fatalf("first offer: %v", got)
	}
	if got := ids(plain.take()); !slices.Equal(got, []string{"a", "b"}) {
		t.Fatalf("plain sink, first offer: %v", got)
	}

	// a is called at last: resolved to the sinks that had it.
	rec.setRefuse(true)
	step(s, b)
	evs := readEvents(t, nd.Path)
	if got := eventKeys(evs); !slices.Equal(got, []string{"open:a", "open:b", "resolved:a"}) {
		t.Fatalf("NDJSON after a went away: %v", got)
	}
	res := evs[2]
	if res.Kind != "unused" || res.Path != "/api/health" || res.Title != a.Title || res.ResolvedAt.IsZero() {
		t.Errorf("resolution %+v: want the finding's values and a time", res)
	}
	if bl := s.dl.backlog(s.sinkKeys); !slices.Equal(bl, []uint64{0, 1, 0}) {
		t.Errorf("backlog with sink 2 refusing = %v, want [0 1 0]", bl)
	}
	if got := plain.take(); len(got) != 0 {
		t.Errorf("plain sink got %v: it cannot be told of a resolution", ids(got))
	}
	step(s, b) // refused again: still pending, nothing more to the others
	rec.setRefuse(false)
	step(s, b)
	got := rec.take()
	if keys := eventKeys(got); !slices.Equal(keys, []string{"resolved:a"}) || !got[0].ResolvedAt.Equal(res.ResolvedAt) {
		t.Fatalf("sink 2 after recovering: %v (resolved_at %v), want resolved:a at %v", keys, got[0].ResolvedAt, res.ResolvedAt)
	}
	step(s, b)
	if n := len(readEvents(t, nd.Path)); n != 3 || len(rec.take()) != 0 || len(plain.take()) != 0 {
		t.Errorf("a resolution was delivered twice (%d NDJSON lines)", n)
	}
	for i, k := range s.sinkKeys {
		if set, err := s.db.SinkEmittedSet(k); err != nil || len(set) != 1 || set["b"].IsZero() {
			t.Errorf("sink %d record %v, %v; want b alone", i+1, set, err)
		}
	}

	// a comes back: open again, to every sink.
	step(s, a, b)
	if got := eventKeys(readEvents(t, nd.Path)[3:]); !slices.Equal(got, []string{"open:a"}) {
		t.Errorf("NDJSON after a came back: %v", got)
	}
	if got := eventKeys(rec.take()); !slices.Equal(got, []string{"open:a"}) {
		t.Errorf("sink 2 after a came back: %v", got)
	}
	if got := ids(plain.take()); !slices.Equal(got, []string{"a"}) {
		t.Errorf("plain sink after a came back: %v", got)
	}
	s.closeAll()

	// a goes away while the sensor is stopped: its values are gone, its
	// resolution carries the id.
	s, rec, _ = open()
	defer s.closeAll()
	step(s, b)
	line := readEvents(t, nd.Path)[4]
	if line.ID != "a" || !line.Resolved() || line.Kind != "" || line.ResolvedAt.IsZero() {
		t.Errorf("resolution after a restart: %+v", line)
	}
	if got := eventKeys(rec.take()); !slices.Equal(got, []string{"resolved:a"}) {
		t.Errorf("sink 2 after a restart: %v", got)
	}
}

// TestEventJSON: open events carry "status":"open"; resolutions add
// resolved_at; an id-only resolution is {"id","status","resolved_at"}; HTML
// characters stay as they are, as in `shadowtap diff --format ndjson`.
func TestEventJSON(t *testing.T) {
	at := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	f := testFinding("x", "shadow", "low", "h", "GET", "/a&b<c>")
	for _, tt := range []struct {
		ev   Event
		want []string
		not  []string
	}{
		{Event{Finding: f, Status: StatusOpen}, []string{`"id":"x"`, `"status":"open"`, `"path":"/a&b<c>"`}, []string{"resolved_at"}},
		{Event{Finding: f, Status: StatusResolved, ResolvedAt: at}, []string{`"kind":"shadow"`, `"status":"resolved"`, `"resolved_at":"2026-11-27T07:00:00Z"`}, nil},
		{Event{Finding: diff.Finding{ID: "y"}, Status: StatusResolved, ResolvedAt: at}, []string{`{"id":"y","status":"resolved","resolved_at":"2026-11-27T07:00:00Z"}`}, []string{"kind", "severity"}},
	} {
		// As the NDJSON sink encodes.
		var buf strings.Builder
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(tt.ev); err != nil {
			t.Fatal(err)
		}
		b := []byte(strings.TrimSuffix(buf.String(), "\n"))
		for _, w := range tt.want {
			if !strings.Contains(string(b), w) {
				t.Errorf("%s lacks %s", b, w)
			}
		}
		for _, n := range tt.not {
			if strings.Contains(string(b), n) {
				t.Errorf("%s holds %s", b, n)
			}
		}
		var back Event
		if err := json.Unmarshal(b, &back); err != nil || back.ID != tt.ev.ID || back.Status != tt.ev.Status || !back.ResolvedAt.Equal(tt.ev.ResolvedAt) {
			t.Errorf("round trip of %s: %+v, %v", b, back, err)
		}
	}
}

// TestResolvedEventFormats: the webhook posts resolutions in its findings
// array with their status; syslog sends a CEF event with the ":resolved"
// signature and cs5=resolved.
func TestResolvedEventFormats(t *testing.T) {
	f := testFinding("u1", "unused", "info", "api.test", "GET", "/api/health")
	evs := []Event{{Finding: testFinding("s1", "shadow", "medium", "api.test", "GET", "/x"), Status: StatusOpen},
		{Finding: f, Status: StatusResolved, ResolvedAt: time.Now().UTC()}}

	var mu sync.Mutex
	var bodies []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var raw json.RawMessage
		json.NewDecoder(r.Body).Decode(&raw)
		mu.Lock()
		bodies = append(bodies, string(raw))
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	wh := NewWebhookSink(srv.URL)
	if err := wh.(EventSink).EmitEvents(context.Background(), evs, nil); err != nil {
		t.Fatal(err)
	}
	wh.Close()
	mu.Lock()
	var p WebhookPayload
	if len(bodies) != 1 || json.Unmarshal([]byte(bodies[0]), &p) != nil || len(p.Findings) != 2 ||
		p.Findings[0].Status != StatusOpen || p.Findings[1].Status != StatusResolved || p.Findings[1].ID != "u1" ||
		!strings.Contains(bodies[0], `"resolved_at":`) {
		t.Errorf("webhook bodies %q", bodies)
	}
	mu.Unlock()

	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	sl, err := NewSyslogCEFSink("udp", pc.LocalAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer sl.Close()
	if err := sl.(EventSink).EmitEvents(context.Background(), evs[1:], nil); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	pc.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, _, err := pc.ReadFrom(buf)
	if err != nil {
		t.Fatal(err)
	}
	if msg := string(buf[:n]); !strings.Contains(msg, "|unused:resolved|") || !strings.Contains(msg, "cs5Label=status cs5=resolved") ||
		!strings.Contains(msg, "externalId=u1") {
		t.Errorf("syslog message %q", msg)
	}
}

// gatedSource serves its first frames, then the rest once gate is closed,
// then blocks as an idle interface does until Close.
type gatedSource struct {
	*liveLike
	first int // frames served before the gate
	gate  chan struct{}
}

func (g *gatedSource) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	if g.fs.i == g.first {
		select {
		case <-g.gate:
		case <-g.closed:
		}
	}
	return g.liveLike.ReadPacket()
}

// TestUnusedResolvedEndToEnd: the documented GET /api/health, never
// called, is delivered as "unused" (open); once the traffic calls it, the
// running sensor resolves it, with its id and values, to the NDJSON file and
// the webhook, once; a later run sends nothing more about it, and a sink
// added then, which never had it, is not sent the resolution.
func TestUnusedResolvedEndToEnd(t *testing.T) {
	rcv := newEventReceiver()
	hook := httptest.NewServer(rcv)
	defer hook.Close()
	dir := t.TempDir()
	nd := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "f.ndjson")}
	wh := SinkConfig{Type: "webhook", URL: hook.URL}
	called := append(synthTraffic(), synthExchange{"GET", "/api/health", false, 200, "", ""})
	src := &gatedSource{liveLike: newLiveLike(buildSource(t, called)), first: len(buildSource(t, synthTraffic()).frames), gate: make(chan struct{})}
	cfg := liveDeliveryConfig(t, dir, nd, wh)
	cfg.Source = src
	cfg.UnusedAfter = time.Nanosecond
	s, stderr, ready := openSensor(t, cfg)
	d, stop := runOpened(t, s, ready)

	unusedHealth := func() string {
		fs, err := QueryFindings(context.Background(), d, "", nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if f.Kind == "unused" && f.Path == "/api/health" {
				return f.ID
			}
		}
		return ""
	}
	var u string
	waitStats(t, d, func(s Stats) bool {
		u = unusedHealth()
		// (the webhook's receiver is polled too: pending counts events not
		// yet handed to a sink, and the handover to the webhook's HTTP
		// client can trail the file's write under load)
		return s.Exchanges == uint64(len(synthTraffic())) && s.Detail["sinks.pending"] == 0 && u != "" &&
			slices.Contains(openedIDs(readEvents(t, nd.Path)), u) && len(rcv.statuses(u)) > 0
	})
	if u == "" || !slices.Equal(rcv.statuses(u), []string{StatusOpen}) {
		t.Fatalf("before the call: unused finding %q, webhook got %v\n%s", u, rcv.statuses(u), stderr.String())
	}
	close(src.gate)
	waitStats(t, d, func(s Stats) bool {
		return s.Exchanges == uint64(len(called)) && s.Detail["sinks.pending"] == 0 && unusedHealth() == ""
	})
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	var mine []Event
	for _, e := range readEvents(t, nd.Path) {
		if e.ID == u {
			mine = append(mine, e)
		}
	}
	if len(mine) != 2 || mine[0].Status != StatusOpen || !mine[1].Resolved() || mine[1].Kind != "unused" ||
		mine[1].Path != "/api/health" || mine[1].ResolvedAt.IsZero() {
		t.Fatalf("NDJSON events of the unused finding: %+v, want open then resolved\n%s", mine, stderr.String())
	}
	if got := rcv.statuses(u); !slices.Equal(got, []string{StatusOpen, StatusResolved}) {
		t.Errorf("webhook got %v for the unused finding, want open then resolved", got)
	}
	for _, sc := range []SinkConfig{nd, wh} {
		if got := storedSinkRecord(t, cfg.DBPath, sc); slices.Contains(got, u) {
			t.Errorf("%s record still holds the resolved finding", sc.Type)
		}
	}

	late := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "late.ndjson")}
	n := len(readEvents(t, nd.Path))
	replaySinks(t, cfg.DBPath, called, 4*time.Second, nd, wh, late)
	for _, e := range readEvents(t, nd.Path)[n:] {
		if e.ID == u {
			t.Errorf("the next run sent %s:%s again", e.Status, e.ID)
		}
	}
	if got := rcv.statuses(u); len(got) != 2 {
		t.Errorf("webhook got %v for the unused finding after the next run", got)
	}
	for _, e := range readEvents(t, late.Path) {
		if e.ID == u || e.Resolved() {
			t.Errorf("a sink added after the finding went got %s:%s", e.Status, e.ID)
		}
	}
}

// eventReceiver is a webhook receiver that records every event's status by
// finding id.
type eventReceiver struct {
	mu  sync.Mutex
	got map[string][]string
}

func newEventReceiver() *eventReceiver { return &eventReceiver{got: map[string][]string{}} }

func (r *eventReceiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	var p WebhookPayload
	if json.NewDecoder(req.Body).Decode(&p) != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	for _, e := range p.Findings {
		r.got[e.ID] = append(r.got[e.ID], e.Status)
	}
	r.mu.Unlock()
	w.WriteHeader(http.StatusNoContent)
}

func (r *eventReceiver) statuses(id string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.got[id])
}
