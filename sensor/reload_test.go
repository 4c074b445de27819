package sensor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/shadowtap/shadowtap/storage"
)

// liveLike serves its frames, then blocks like an idle interface until
// Close, then returns io.EOF (capture.Live's contract).
type liveLike struct {
	fs     *frameSource
	closed chan struct{}
	once   atomic.Bool
}

func newLiveLike(fs *frameSource) *liveLike { return &liveLike{fs: fs, closed: make(chan struct{})} }

func (l *liveLike) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	select {
	case <-l.closed:
		return nil, gopacket.CaptureInfo{}, 0, io.EOF
	default:
	}
	if data, ci, lt, err := l.fs.ReadPacket(); err == nil {
		return data, ci, lt, nil
	}
	<-l.closed
	return nil, gopacket.CaptureInfo{}, 0, io.EOF
}

func (l *liveLike) Close() error {
	if l.once.CompareAndSwap(false, true) {
		close(l.closed)
	}
	return nil
}

func startSensor(t *testing.T, cfg Config) (Discovery, func() error, *syncBuffer) {
	t.Helper()
	ready := make(chan Discovery, 1)
	cfg.Ready = func(d Discovery) { ready <- d }
	var stderr syncBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Run(ctx, cfg, &stderr) }()
	select {
	case d := <-ready:
		stop := func() error {
			cancel()
			select {
			case err := <-done:
				return err
			case <-time.After(30 * time.Second):
				t.Fatal("Run did not return")
				return nil
			}
		}
		return d, stop, &stderr
	case err := <-done:
		cancel()
		t.Fatalf("Run returned early: %v\n%s", err, stderr.String())
	case <-time.After(20 * time.Second):
		cancel()
		t.Fatal("not ready")
	}
	return Discovery{}, nil, nil
}

func waitStats(t *testing.T, d Discovery, ok func(Stats) bool) Stats {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		st, err := QueryStats(context.Background(), d, "")
		if err != nil {
			t.Fatal(err)
		}
		if ok(st) || time.Now().After(deadline) {
			return st
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSIGHUPReload: SIGHUP re-reads the configuration through Reload; the
// new specs and sinks apply without losing state; a broken reload keeps the
// old settings.
func TestSIGHUPReload(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first.ndjson")
	second := filepath.Join(dir, "second.ndjson")
	cfg := DefaultConfig()
	cfg.Source = newLiveLike(buildSource(t, synthTraffic()))
	cfg.DBPath = filepath.Join(dir, "inv.db")
	cfg.Listen = "127.0.0.1:0"
	cfg.CommitInterval = 50 * time.Millisecond
	cfg.Sinks = []SinkConfig{{Type: "ndjson", Path: first}}
	// No spec at first: no findings.
	var reloads atomic.Int32
	cfg.Reload = func() (Config, error) {
		n := reloads.Add(1)
		c := cfg
		c.Sinks = []SinkConfig{{Type: "ndjson", Path: second}}
		c.Specs = []string{e2eSpec}
		if n == 2 {
			c.Specs = []string{filepath.Join(dir, "missing.yaml")}
		}
		if n == 3 {
			return c, errors.New("config file unreadable")
		}
		return c, nil
	}
	d, stop, stderr := startSensor(t, cfg)

	hup := func(want func(Stats) bool) Stats {
		if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
			t.Fatal(err)
		}
		return waitStats(t, d, want)
	}
	st := hup(func(s Stats) bool { return s.Reloads == 1 })
	if st.Reloads != 1 {
		t.Fatalf("reloads = %d\n%s", st.Reloads, stderr.String())
	}
	st = hup(func(s Stats) bool { return s.ReloadErrors == 1 })
	st = hup(func(s Stats) bool { return s.ReloadErrors == 2 })
	if st.Reloads != 1 || st.ReloadErrors != 2 {
		t.Errorf("after failed reloads: %+v", st)
	}
	// Let the traffic through before stopping (Close ends capture at once).
	n := uint64(len(synthTraffic()))
	if st := waitStats(t, d, func(s Stats) bool { return s.Exchanges == n }); st.Exchanges != n {
		t.Fatalf("exchanges = %d, want %d", st.Exchanges, n)
	}
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	log := stderr.String()
	if !strings.Contains(log, "reload failed, keeping the old settings") || !strings.Contains(log, "missing.yaml") {
		t.Errorf("stderr lacks the reload failure:\n%s", log)
	}
	if got := readNDJSON(t, first); len(got) != 0 {
		t.Errorf("first sink (no spec loaded) got %v", findingKeys(got))
	}
	got := readNDJSON(t, second)
	checkExpected(t, got, expectedFindings[:4])
	if t.Failed() {
		t.Logf("stderr:\n%s", log)
	}
}

// TestOpenErrors: setup failures come back from Run before anything runs,
// with a clear message, and leave nothing locked.
func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	tok := filepath.Join(dir, "tok")
	if err := os.WriteFile(tok, []byte("t0ken\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	base := func() Config {
		c := DefaultConfig()
		c.Source = newLiveLike(&frameSource{})
		c.DBPath = filepath.Join(dir, "inv.db")
		c.Listen = "127.0.0.1:0"
		return c
	}
	tests := []struct {
		name string
		mod  func(*Config)
		want string
		is   error
	}{
		{"no_interface", func(c *Config) { c.Source = nil }, "--interface", ErrConfig},
		{"no_db", func(c *Config) { c.DBPath = "" }, "--db", ErrConfig},
		{"non_loopback_without_token", func(c *Config) { c.Listen = "0.0.0.0:0" }, "token", ErrTokenRequired},
		{"missing_token_file", func(c *Config) { c.APITokenFile = filepath.Join(dir, "nope") }, "token", nil},
		{"bad_spec", func(c *Config) { c.Specs = []string{filepath.Join(dir, "missing.yaml")} }, "missing.yaml", nil},
		{"bad_sink", func(c *Config) { c.Sinks = []SinkConfig{{Type: "ndjson", Path: filepath.Join(dir, "no", "dir", "f")}} }, "ndjson", nil},
		{"bad_interface", func(c *Config) { c.Source = nil; c.Interface = "nosuchif0" }, "nosuchif0", nil},
		{"bad_listen", func(c *Config) { c.Listen = "127.0.0.1:99999" }, "99999", nil},
		{"missing_hints", func(c *Config) { c.HintsFile = filepath.Join(dir, "nohints.yaml") }, "nohints.yaml", ErrConfig},
		{"bad_hints", func(c *Config) { c.HintsFile = tok }, "hints file", ErrConfig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := base()
			tt.mod(&c)
			err := Run(context.Background(), c, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tt.want) || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Errorf("Run = %v, want an error mentioning %q", err, tt.want)
			}
			// Nothing left locked.
			db, err := storage.Open(filepath.Join(dir, "inv.db"), storage.Options{Timeout: 100 * time.Millisecond})
			if err != nil {
				t.Fatalf("DB left locked: %v", err)
			}
			db.Close()
		})
	}
	// With a token a non-loopback address is allowed, and the API wants it.
	c := base()
	c.Listen = "0.0.0.0:0"
	c.APITokenFile = tok
	d, stop, _ := startSensor(t, c)
	if !d.TokenRequired {
		t.Error("discovery does not say a token is required")
	}
	if _, err := QueryStats(context.Background(), d, ""); !errors.Is(err, ErrTokenNeeded) {
		t.Errorf("QueryStats without token = %v", err)
	}
	if _, err := QueryStats(context.Background(), d, "t0ken"); err != nil {
		t.Errorf("QueryStats with token = %v", err)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// TestSecondSensorOnSameDB: a second sensor on a locked DB is told where
// the running one is.
func TestSecondSensorOnSameDB(t *testing.T) {
	dir := t.TempDir()
	c := DefaultConfig()
	c.Source = newLiveLike(&frameSource{})
	c.DBPath = filepath.Join(dir, "inv.db")
	c.Listen = "127.0.0.1:0"
	d, stop, _ := startSensor(t, c)
	defer stop()
	c2 := c
	c2.Source = newLiveLike(&frameSource{})
	err := Run(context.Background(), c2, io.Discard)
	if !errors.Is(err, storage.ErrLocked) || !strings.Contains(err.Error(), d.URL()) {
		t.Errorf("second Run = %v, want ErrLocked naming %s", err, d.URL())
	}
}

// TestSIGHUPWithoutReloadFunc: without Config.Reload, SIGHUP reloads the
// current settings (specs re-read, sinks reopened) and never kills the
// process.
func TestSIGHUPWithoutReloadFunc(t *testing.T) {
	dir := t.TempDir()
	cfg := DefaultConfig()
	cfg.Source = newLiveLike(buildSource(t, synthTraffic()))
	cfg.DBPath = filepath.Join(dir, "inv.db")
	cfg.Listen = "127.0.0.1:0"
	cfg.Specs = []string{e2eSpec}
	cfg.Sinks = []SinkConfig{{Type: "ndjson", Path: filepath.Join(dir, "f.ndjson")}}
	d, stop, stderr := startSensor(t, cfg)
	// Rotate the findings file away; the reload reopens the configured path.
	if err := os.Rename(filepath.Join(dir, "f.ndjson"), filepath.Join(dir, "f.ndjson.1")); err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	if st := waitStats(t, d, func(s Stats) bool { return s.Reloads == 1 }); st.Reloads != 1 {
		t.Fatalf("reloads = %d\n%s", st.Reloads, stderr.String())
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "f.ndjson")); err != nil {
		t.Errorf("sink not reopened at its path: %v", err)
	}
}

// stuckSource serves its frames, then blocks in ReadPacket even after
// Close: a capture that never stops.
type stuckSource struct {
	fs      *frameSource
	release chan struct{}
}

func (s *stuckSource) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	if data, ci, lt, err := s.fs.ReadPacket(); err == nil {
		return data, ci, lt, nil
	}
	<-s.release
	return nil, gopacket.CaptureInfo{}, 0, io.EOF
}

func (s *stuckSource) Close() error { return nil }

// TestShutdownBoundedWhenCaptureHangs: a capture that does not stop on
// Close cannot hold the shutdown past ShutdownTimeout; what was observed is
// committed.
func TestShutdownBoundedWhenCaptureHangs(t *testing.T) {
	src := &stuckSource{fs: buildSource(t, synthTraffic()), release: make(chan struct{})}
	defer close(src.release)
	cfg := DefaultConfig()
	cfg.Source = src
	cfg.DBPath = filepath.Join(t.TempDir(), "inv.db")
	cfg.Listen = "127.0.0.1:0"
	cfg.CommitInterval = 20 * time.Millisecond
	cfg.ShutdownTimeout = 300 * time.Millisecond
	d, stop, stderr := startSensor(t, cfg)
	waitStats(t, d, func(s Stats) bool { return s.Endpoints >= 5 })
	if err := stop(); err != nil {
		t.Fatalf("Run = %v", err)
	}
	if !strings.Contains(stderr.String(), "capture did not stop") {
		t.Errorf("stderr lacks the warning:\n%s", stderr.String())
	}
	eps, _ := dbEndpoints(t, cfg.DBPath)
	if len(eps) < 5 {
		t.Errorf("DB holds %d endpoints, want >= 5", len(eps))
	}
}

// TestCommitFailuresCounted: commits that cannot reach the disk (here: past
// DBMaxSize) are counted and retried, capture goes on, and the shutdown
// reports that the last observations are not stored.
func TestCommitFailuresCounted(t *testing.T) {
	var xs []synthExchange
	for h := 0; h < 300; h++ {
		xs = append(xs, synthExchange{"GET", "/api/items", true, 200, fmt.Sprintf("host-%03d.test", h), ""})
	}
	cfg := DefaultConfig()
	cfg.Source = newLiveLike(buildSource(t, xs))
	cfg.Caps.MaxHosts = 1000
	cfg.DBPath = filepath.Join(t.TempDir(), "inv.db")
	cfg.Listen = "127.0.0.1:0"
	cfg.CommitInterval = 20 * time.Millisecond
	// A cap at the size of a freshly created file: every growth fails.
	db, err := storage.Open(cfg.DBPath, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	fi, err := os.Stat(cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DBMaxSize = int(fi.Size())
	d, stop, stderr := startSensor(t, cfg)
	n := uint64(len(xs))
	st := waitStats(t, d, func(s Stats) bool { return s.Exchanges == n && s.CommitErrors >= 2 })
	if st.CommitErrors < 2 || st.Exchanges != n {
		t.Errorf("stats = %+v, want repeated commit errors and every exchange observed", st)
	}
	err = stop()
	if !errors.Is(err, errCommitFailed) {
		t.Errorf("Run = %v, want errCommitFailed\n%s", err, stderr.String())
	}
}

// TestCommitFailureWarningNamesError: the commit warning carries the
// storage error, as does the error of a failed final commit.
func TestCommitFailureWarningNamesError(t *testing.T) {
	var xs []synthExchange
	for h := 0; h < 50; h++ {
		xs = append(xs, synthExchange{"GET", "/api/items", true, 200, fmt.Sprintf("host-%03d.test", h), ""})
	}
	cfg := DefaultConfig()
	cfg.Source = newLiveLike(buildSource(t, xs))
	cfg.DBPath = filepath.Join(t.TempDir(), "inv.db")
	cfg.Listen = "127.0.0.1:0"
	cfg.CommitInterval = 20 * time.Millisecond
	db, err := storage.Open(cfg.DBPath, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	fi, err := os.Stat(cfg.DBPath)
	if err != nil {
		t.Fatal(err)
	}
	cfg.DBMaxSize = int(fi.Size()) // every growth fails
	d, stop, stderr := startSensor(t, cfg)
	waitStats(t, d, func(s Stats) bool { return s.CommitErrors >= 1 })
	err = stop()
	const cause = "database reached maximum size"
	if !errors.Is(err, errCommitFailed) || !strings.Contains(err.Error(), cause) {
		t.Errorf("Run = %v, want errCommitFailed naming %q", err, cause)
	}
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "commit failed") && !strings.Contains(line, cause) {
			t.Errorf("commit warning without its cause: %q", line)
		}
	}
	if !strings.Contains(stderr.String(), "commit failed") {
		t.Errorf("no commit warning:\n%s", stderr.String())
	}
}
