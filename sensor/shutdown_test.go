package sensor

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/shadowtap/shadowtap/diff"
)

// goroutines returns the stacks of the running goroutines by id.
func goroutines() map[string]string {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	out := map[string]string{}
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		if m := goroutineID.FindSubmatch(g); m != nil {
			out[string(m[1])] = string(g)
		}
	}
	return out
}

var goroutineID = regexp.MustCompile(`^goroutine (\d+) `)

// leakedSince returns the stacks of goroutines started after before that
// run this module's code (the sensor, its sinks, reassembly), waiting up to
// settle for them to end: a goleak-style check without the module.
func leakedSince(before map[string]string, settle time.Duration) []string {
	deadline := time.Now().Add(settle)
	for {
		var out []string
		for id, st := range goroutines() {
			if _, old := before[id]; !old && strings.Contains(st, "github.com/shadowtap/shadowtap/") {
				out = append(out, st)
			}
		}
		if len(out) == 0 || time.Now().After(deadline) {
			return out
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// blockingSink never answers: each Emit waits for its context, as a sink
// stuck on a receiver does when it honours the context.
type blockingSink struct {
	calls  atomic.Int32
	called chan struct{}
	once   sync.Once
}

func newBlockingSink() *blockingSink { return &blockingSink{called: make(chan struct{})} }

func (b *blockingSink) Emit(ctx context.Context, _ []diff.Finding) error {
	b.calls.Add(1)
	b.once.Do(func() { close(b.called) })
	<-ctx.Done()
	return ctx.Err()
}

func (b *blockingSink) Close() error { return nil }

// hangingReceiver takes webhook POSTs and never answers them.
func hangingReceiver(t *testing.T) (*httptest.Server, chan struct{}) {
	t.Helper()
	got := make(chan struct{}, 100)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Read to the end: only then does the server notice the client
		// hanging up (and end r's context).
		io.Copy(io.Discard, r.Body)
		select {
		case got <- struct{}{}:
		default:
		}
		<-r.Context().Done()
	}))
	t.Cleanup(srv.Close)
	return srv, got
}

// runWithin runs s until cancel, returning Run's error, or fails the test
// when Run has not returned within limit after the cancel.
func runWithin(t *testing.T, s *Sensor, ready chan Discovery, limit time.Duration) (Discovery, func() (error, time.Duration)) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	var d Discovery
	select {
	case d = <-ready:
	case err := <-done:
		t.Fatalf("Run returned early: %v", err)
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatal("not ready")
	}
	return d, func() (error, time.Duration) {
		t0 := time.Now()
		cancel()
		select {
		case err := <-done:
			return err, time.Since(t0)
		case <-time.After(limit):
			t.Fatalf("Run did not return within %v of the cancel", limit)
		}
		return nil, 0
	}
}

// TestShutdownTimeoutStopsGoroutines: a SIGTERM while a sink blocks (it
// waits for its context) and a webhook receiver never answers (close
// timeout an hour): Run returns within ShutdownTimeout, and no goroutine it
// started remains shortly after (capture, commit loop, sink calls, the
// webhook's worker, the API server).
func TestShutdownTimeoutStopsGoroutines(t *testing.T) {
	hook, posted := hangingReceiver(t)
	before := goroutines()
	dir := t.TempDir()
	cfg := liveDeliveryConfig(t, dir, SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "f.ndjson")}, SinkConfig{Type: "webhook", URL: hook.URL})
	cfg.ShutdownTimeout = 400 * time.Millisecond
	s, stderr, ready := openSensor(t, cfg, WithCloseTimeout(time.Hour), WithRetry(1, time.Millisecond, time.Millisecond))
	blocked := newBlockingSink()
	s.sinks[0].Close()
	s.sinks[0] = blocked
	d, stop := runWithin(t, s, ready, 5*time.Second)
	for _, ch := range []chan struct{}{blocked.called, posted} {
		select {
		case <-ch:
		case <-time.After(10 * time.Second):
			t.Fatalf("the sinks were not called\n%s", stderr.String())
		}
	}
	waitStats(t, d, func(s Stats) bool { return s.Exchanges == uint64(len(synthTraffic())) })

	err, took := stop()
	if err != nil {
		t.Fatalf("Run = %v\n%s", err, stderr.String())
	}
	// The final commit and the last record of deliveries (fsyncs) come on
	// top of the timeout.
	if took > cfg.ShutdownTimeout+time.Second {
		t.Errorf("Run took %v to return, ShutdownTimeout is %v", took, cfg.ShutdownTimeout)
	}
	if leaked := leakedSince(before, 500*time.Millisecond); len(leaked) > 0 {
		t.Errorf("%d goroutine(s) left after Run returned:\n%s", len(leaked), strings.Join(leaked, "\n\n"))
	}
	if n := blocked.calls.Load(); n != 1 {
		t.Errorf("the blocked sink was called %d times, want once (not again while in a call)", n)
	}
	if !strings.Contains(stderr.String(), "sink 1 (ndjson):") {
		t.Errorf("stderr does not name the sink left with pending findings:\n%s", stderr.String())
	}
}

// deafSink ignores its context: Emit returns only when release is closed,
// and then accepts.
type deafSink struct {
	called  chan struct{}
	release chan struct{}
	once    sync.Once
	done    atomic.Bool
}

func (b *deafSink) Emit(_ context.Context, _ []diff.Finding) error {
	b.once.Do(func() { close(b.called) })
	<-b.release
	b.done.Store(true)
	return nil
}

func (b *deafSink) Close() error { return nil }

// TestShutdownLeavesDeafSinkBehind: a sink that ignores its context cannot
// hold Run past ShutdownTimeout; its call is left behind, named on stderr,
// and what it accepts after Run returned reaches neither the database nor
// the delivery records; its goroutine ends when the sink returns.
func TestShutdownLeavesDeafSinkBehind(t *testing.T) {
	before := goroutines()
	dir := t.TempDir()
	nd := SinkConfig{Type: "ndjson", Path: filepath.Join(dir, "f.ndjson")}
	cfg := liveDeliveryConfig(t, dir, nd)
	cfg.ShutdownTimeout = 300 * time.Millisecond
	s, stderr, ready := openSensor(t, cfg)
	deaf := &deafSink{called: make(chan struct{}), release: make(chan struct{})}
	var once sync.Once
	release := func() { once.Do(func() { close(deaf.release) }) }
	defer release()
	s.sinks[0].Close()
	s.sinks[0] = deaf
	_, stop := runWithin(t, s, ready, 5*time.Second)
	select {
	case <-deaf.called:
	case <-time.After(10 * time.Second):
		t.Fatal("the sink was not called")
	}
	err, took := stop()
	if err != nil {
		t.Fatalf("Run = %v\n%s", err, stderr.String())
	}
	if took > cfg.ShutdownTimeout+time.Second {
		t.Errorf("Run took %v to return, ShutdownTimeout is %v", took, cfg.ShutdownTimeout)
	}
	log := stderr.String()
	if !strings.Contains(log, "a sink did not return within the shutdown timeout") {
		t.Errorf("stderr lacks the warning:\n%s", log)
	}
	release()
	for deadline := time.Now().Add(5 * time.Second); !deaf.done.Load() && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	if leaked := leakedSince(before, time.Second); len(leaked) > 0 {
		t.Errorf("%d goroutine(s) left after the sink returned:\n%s", len(leaked), strings.Join(leaked, "\n\n"))
	}
	if got := storedSinkRecord(t, cfg.DBPath, nd); len(got) != 0 {
		t.Errorf("acceptance after Run returned was recorded: %v", got)
	}
	if after := strings.TrimPrefix(stderr.String(), log); after != "" {
		t.Errorf("output after Run returned: %q", after)
	}
	if err := s.Reload(cfg); !errors.Is(err, errStopped) {
		t.Errorf("Reload after Run = %v, want errStopped", err)
	}
}

// endlessSource serves a frame that is not TCP at every read and ignores
// Close, as a capture flooded with other traffic: only the context stops
// the processing loop. stop ends it (test cleanup).
type endlessSource struct{ stop chan struct{} }

var arpFrame = append(bytes.Repeat([]byte{0xff}, 12), 0x08, 0x06, 0, 1, 8, 0, 6, 4, 0, 1)

func (e *endlessSource) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	select {
	case <-e.stop:
		return nil, gopacket.CaptureInfo{}, 0, errors.New("stopped by the test")
	default:
	}
	return arpFrame, gopacket.CaptureInfo{Timestamp: time.Now(), CaptureLength: len(arpFrame), Length: len(arpFrame)}, layers.LinkTypeEthernet, nil
}

func (e *endlessSource) Close() error { return nil }

// TestRunContextStopsProcessing: the processing loop takes the run's
// context: cancelling it stops a capture that never runs dry even when the
// source ignores Close, without the "capture did not stop" warning.
func TestRunContextStopsProcessing(t *testing.T) {
	src := &endlessSource{stop: make(chan struct{})}
	defer close(src.stop)
	before := goroutines()
	cfg := DefaultConfig()
	cfg.Source = src
	cfg.DBPath = filepath.Join(t.TempDir(), "inv.db")
	cfg.Listen = "off"
	cfg.CommitInterval = 20 * time.Millisecond
	cfg.ShutdownTimeout = 2 * time.Second
	ready := make(chan Discovery, 1)
	cfg.Ready = func(d Discovery) { ready <- d }
	var stderr syncBuffer
	s, err := Open(cfg, &stderr)
	if err != nil {
		t.Fatal(err)
	}
	_, stop := runWithin(t, s, ready, 10*time.Second)
	for deadline := time.Now().Add(5 * time.Second); s.packets.Load() < 10000 && time.Now().Before(deadline); {
		time.Sleep(time.Millisecond)
	}
	err, took := stop()
	if err != nil {
		t.Fatalf("Run = %v\n%s", err, stderr.String())
	}
	if strings.Contains(stderr.String(), "capture did not stop") || took >= cfg.ShutdownTimeout/2 {
		t.Errorf("capture stopped only at the shutdown timeout (%v):\n%s", took, stderr.String())
	}
	if leaked := leakedSince(before, 500*time.Millisecond); len(leaked) > 0 {
		t.Errorf("%d goroutine(s) left after Run returned:\n%s", len(leaked), strings.Join(leaked, "\n\n"))
	}
}

// TestSinksHonourContext: a webhook batch whose Emit context is cancelled
// is given up at once (the POST in flight aborted), not at the close
// timeout; the NDJSON and syslog sinks write nothing for a done context;
// CloseContext stops waiting for the webhook's queue when its ctx is done.
func TestSinksHonourContext(t *testing.T) {
	hook, posted := hangingReceiver(t)
	wh := NewWebhookSink(hook.URL, WithCloseTimeout(time.Hour), WithRetry(1, time.Millisecond, time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	acked := make(chan error, 1)
	f := testFinding("a", "shadow", "low", "h", "GET", "/")
	if err := wh.(AckSink).EmitAck(ctx, []diff.Finding{f}, func(_ []string, err error) { acked <- err }); err != nil {
		t.Fatal(err)
	}
	select {
	case <-posted:
	case <-time.After(5 * time.Second):
		t.Fatal("no POST")
	}
	cancel()
	select {
	case err := <-acked:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("ack after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("the webhook kept waiting on the receiver after its context was cancelled")
	}
	if st := wh.(StatsSink).Stats(); st.Dropped != 1 || st.Failed != 0 {
		t.Errorf("webhook stats %+v, want the batch dropped", st)
	}
	// A batch queued behind a hanging one: CloseContext returns when its
	// ctx is done, not after the hour of close timeout.
	if err := wh.Emit(context.Background(), []diff.Finding{f}); err != nil {
		t.Fatal(err)
	}
	cctx, ccancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer ccancel()
	t0 := time.Now()
	wh.(ContextCloser).CloseContext(cctx)
	if took := time.Since(t0); took > 2*time.Second {
		t.Errorf("CloseContext took %v", took)
	}

	done, cancelDone := context.WithCancel(context.Background())
	cancelDone()
	path := filepath.Join(t.TempDir(), "f.ndjson")
	nd, err := OpenNDJSONFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer nd.Close()
	if err := nd.Emit(done, []diff.Finding{f}); !errors.Is(err, context.Canceled) {
		t.Errorf("NDJSON Emit with a done context = %v", err)
	}
	if b, _ := os.ReadFile(path); len(b) != 0 {
		t.Errorf("NDJSON wrote %q for a done context", b)
	}
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
	if err := sl.Emit(done, []diff.Finding{f}); !errors.Is(err, context.Canceled) {
		t.Errorf("syslog Emit with a done context = %v", err)
	}
	if st := sl.(StatsSink).Stats(); st.Emitted != 0 || st.Dropped != 1 {
		t.Errorf("syslog stats %+v, want the finding refused", st)
	}
}
