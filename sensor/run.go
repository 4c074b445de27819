package sensor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"golang.org/x/net/netutil"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/reassembly"
	"github.com/shadowtap/shadowtap/storage"
)

// Sensor is one running `shadowtap run`. Build it with Open, run it with
// Run; Reload swaps specs and sinks while it runs. Run is the usual entry
// point and does both.
type Sensor struct {
	cfg     Config
	stderr  io.Writer
	started time.Time

	db    *storage.DB
	src   capture.Source
	live  *capture.Live // nil when src is not a live capture (tests)
	token string

	ln   net.Listener
	srv  *http.Server
	disc Discovery

	// invMu guards inv. Observe runs under it on the emit goroutine; the
	// API and the commit loop take it briefly.
	invMu sync.Mutex
	inv   *inventory.Inventory

	// cfgMu guards the reloadable settings.
	cfgMu    sync.Mutex
	specs    []*diff.Spec
	sinks    []Sink
	sinkKeys []string // sinkKeys[i] is the identity of sinks[i] (SinkConfig.key)
	// sinkBusy[i] is set while sinks[i] is in a call (see handOver).
	sinkBusy []*atomic.Bool
	interval time.Duration
	// unusedAfter: see Config.UnusedAfter.
	unusedAfter time.Duration
	// coveredOnly: see Config.CoveredHostsOnly.
	coveredOnly bool
	// lenientMethods: see Config.LenientMethods.
	lenientMethods bool
	rediff         bool // specs changed: diff again even if nothing is dirty

	// icfg is the inventory configuration in use.
	icfg inventory.Config

	// Commit goroutine only (filled by Open before it starts).
	diffed     bool // a diff ran at least once
	epCache    map[string][]inventory.Endpoint
	noiseCache map[string][]inventory.Noise // per host, as epCache
	retryHosts map[string]bool
	lastPkts   uint64
	lastBytes  uint64
	lastExch   uint64

	// epSnap is the endpoint list of the last commit, served by the API
	// without touching the inventory lock. Never modified once stored.
	epSnap atomic.Pointer[[]inventory.Endpoint]
	// noiseSnap is a copy of noiseCache at the last commit (the per-host
	// slices are shared and never modified), flattened on request only.
	noiseSnap atomic.Pointer[map[string][]inventory.Noise]
	// tlsSnap is the TLS services at the last commit.
	tlsSnap atomic.Pointer[[]inventory.TLSService]

	findMu   sync.RWMutex
	findings []diff.Finding

	packets, bytes, exchanges                    atomic.Uint64
	commits, commitErrors, findingsNew           atomic.Uint64
	sinkErrors, reloads, reloadErrors, marshalEr atomic.Uint64
	lastCommit                                   atomic.Int64
	kernel                                       atomic.Pointer[capture.LiveStats]
	invStats                                     atomic.Pointer[inventorySnapshot]
	reasmStats                                   atomic.Pointer[reassembly.Stats]
	// engine is the running reassembly engine, for live stats (its
	// snapshot lags by at most one batch); reasmStats replaces it at the end.
	engine atomic.Pointer[reassembly.Engine]

	reloadCh chan Config
	// reloadMu serialises reloads: each registers, swaps and closes sinks.
	reloadMu sync.Mutex

	// dl tracks which findings each sink accepted.
	dl *delivery

	// pub is cfg.Publisher once attached to the DB (nil: not publishing).
	pub Publisher

	// sinkCtx is the context the sinks are called with: the run's values,
	// ended when the shutdown gives up on the sinks (stopSinks), not at
	// the signal, so that the last findings still go out. Set by Run.
	sinkCtx   context.Context
	stopSinks context.CancelFunc
	// sinkCalls counts the goroutines calling into sinks (emissions,
	// closes), for the shutdown to wait for.
	sinkCalls callTracker
	// stopped (under reloadMu): the shutdown began; Reload refuses.
	stopped bool

	// retired sums the counters of sinks closed by a reload (under cfgMu).
	retired SinkStats
}

// retireSink adds a closed sink's counters to the retired totals.
func (s *Sensor) retireSink(sk Sink) {
	ss, ok := sk.(StatsSink)
	if !ok {
		return
	}
	x := ss.Stats()
	s.cfgMu.Lock()
	s.retired.Emitted += x.Emitted
	s.retired.Failed += x.Failed
	s.retired.Dropped += x.Dropped
	s.retired.Retries += x.Retries
	s.cfgMu.Unlock()
}

type inventorySnapshot struct {
	endpoints, hosts, noise uint64
	hostOverflow, epOver    uint64
	noiseHostOverflow       uint64
	detail                  map[string]uint64
}

// Run runs the sensor until ctx is done, then shuts down gracefully: stop
// capture, flush reassembly, commit, emit the last findings, close sinks,
// stop the API, remove the discovery file, close the DB. It returns nil
// after a clean shutdown (the CLI exits 0), or the error that stopped it
// (setup failures come back before anything runs). stderr receives a few
// lifecycle lines ("shadowtap: ...") and warnings, never per-packet output.
//
// The CLI cancels ctx on SIGINT/SIGTERM (signal.NotifyContext). Run
// handles SIGHUP itself: it calls cfg.Reload (or takes the current settings
// when that is nil) and applies the result (see Sensor.Reload).
func Run(ctx context.Context, cfg Config, stderr io.Writer) error {
	s, err := Open(cfg, stderr)
	if err != nil {
		return err
	}
	return s.Run(ctx)
}

// Open validates cfg and sets everything up (DB, stored inventory, specs,
// sinks, capture socket, API listener) without starting capture. On error
// everything opened so far is closed again.
func Open(cfg Config, stderr io.Writer) (_ *Sensor, err error) {
	if stderr == nil {
		stderr = io.Discard
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.CommitInterval <= 0 {
		cfg.CommitInterval = DefaultCommitInterval
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = DefaultShutdownTimeout
	}
	if cfg.Listen == "" {
		cfg.Listen = DefaultListen
	}
	if cfg.APIMaxConns == 0 {
		cfg.APIMaxConns = DefaultAPIMaxConns
	}
	if cfg.UnusedAfter == 0 {
		cfg.UnusedAfter = DefaultUnusedAfter
	}
	if cfg.Stdout == nil {
		cfg.Stdout = os.Stdout
	}
	s := &Sensor{cfg: cfg, stderr: stderr, started: time.Now(), interval: cfg.CommitInterval, unusedAfter: cfg.UnusedAfter, coveredOnly: cfg.CoveredHostsOnly, lenientMethods: cfg.LenientMethods,
		retryHosts: map[string]bool{}, reloadCh: make(chan Config, 1)}
	defer func() {
		if err != nil {
			s.closeAll()
		}
	}()

	if cfg.APITokenFile != "" {
		if s.token, err = ReadTokenFile(cfg.APITokenFile); err != nil {
			return nil, err
		}
		if w := tokenFileWarning(cfg.APITokenFile); w != "" {
			fmt.Fprintf(stderr, "shadowtap: warning: %s\n", w)
		}
	}
	if cfg.Listen != "off" {
		if err := CheckListen(cfg.Listen, s.token); err != nil {
			return nil, err
		}
	}

	// Specs first: a typo in a spec path should not cost a DB open.
	if s.specs, err = loadSpecs(cfg.Specs, stderr); err != nil {
		return nil, err
	}

	if s.db, err = openDB(cfg.DBPath, cfg.DBMaxSize); err != nil {
		return nil, err
	}
	if err := s.attachPublisher(); err != nil {
		return nil, err
	}
	icfg := s.inventoryConfig(cfg)
	if cfg.HintsFile != "" {
		hints, err := readHints(cfg.HintsFile)
		if err != nil {
			return nil, err
		}
		icfg.Hints = append(icfg.Hints, hints...)
	}
	if err := ApplyStoredSettings(s.db, &icfg, cfg.HintsFile != "" || len(cfg.Inventory.Hints) > 0); err != nil {
		return nil, fmt.Errorf("sensor: %w", err)
	}
	s.icfg = icfg
	s.inv = inventory.New(icfg)
	blobs, err := s.db.LoadHosts()
	if err != nil {
		return nil, err
	}
	for host, b := range blobs {
		if err := s.inv.LoadHost(host, b); err != nil {
			return nil, fmt.Errorf("sensor: stored inventory for host %q: %w", host, err)
		}
	}
	s.inv.ClearDirty()
	s.epCache = map[string][]inventory.Endpoint{}
	s.deriveEndpoints(blobs)
	initial := s.cachedEndpoints()
	s.epSnap.Store(&initial)
	s.storeNoise()
	anyEmitted, err := s.db.EmittedSet()
	if err != nil {
		return nil, err
	}
	s.dl = newDelivery(stderr, anyEmitted, &s.findingsNew, &s.sinkErrors)
	s.sinkKeys = sinkKeys(cfg.Sinks)
	if err := s.attachSinks(cfg.Sinks, s.sinkKeys); err != nil {
		return nil, err
	}

	if s.sinks, err = openSinks(cfg.Sinks, cfg.Stdout, cfg.ShutdownTimeout); err != nil {
		return nil, err
	}
	s.sinkBusy = newBusy(len(s.sinks))

	if cfg.Source != nil {
		s.src = cfg.Source
		if l, ok := cfg.Source.(*capture.Live); ok {
			s.live = l
		}
	} else if err := s.openCapture(); err != nil {
		return nil, err
	}

	if cfg.Listen != "off" {
		if s.ln, err = listenTCP("tcp", cfg.Listen); err != nil {
			return nil, fmt.Errorf("sensor: API listen on %s: %w", cfg.Listen, err)
		}
		// The name may resolve anywhere: the token rule holds for the
		// address bound.
		if err := checkBound(s.ln.Addr(), s.token); err != nil {
			return nil, fmt.Errorf("sensor: API listen on %s: %w", cfg.Listen, err)
		}
		// Idle keep-alive connections used to pile up until the process ran
		// out of file descriptors: cap them, and time them out.
		s.ln = netutil.LimitListener(s.ln, cfg.APIMaxConns)
		abs, _ := filepath.Abs(cfg.DBPath)
		s.disc = Discovery{Addr: s.ln.Addr().String(), PID: os.Getpid(), TokenRequired: s.token != "",
			Started: s.started.UTC(), DB: abs}
		s.srv = &http.Server{Handler: s.apiHandler(cfg.UI), ReadHeaderTimeout: 10 * time.Second,
			WriteTimeout: apiWriteTimeout, IdleTimeout: apiIdleTimeout}
	}
	return s, nil
}

// API server timeouts. The write timeout runs from the end of the request
// headers and leaves room to encode a large endpoint list; the CLI's client
// gives up after 30 s anyway.
const (
	apiWriteTimeout = time.Minute
	apiIdleTimeout  = time.Minute
)

// listenTCP is net.Listen; tests replace it to bind a name elsewhere.
var listenTCP = net.Listen

// inventoryConfig is the inventory configuration with the caps applied.
func (s *Sensor) inventoryConfig(cfg Config) inventory.Config {
	ic := cfg.Inventory
	if ic.MaxHosts == 0 && ic.MaxEndpointsPerHost == 0 && len(ic.APIKeyHeaders) == 0 && len(ic.SessionCookies) == 0 {
		// An untouched Config: start from the inventory's defaults.
		def := inventory.DefaultConfig()
		def.Hints, def.Salt = ic.Hints, ic.Salt
		ic = def
	}
	if cfg.Caps.MaxHosts > 0 {
		ic.MaxHosts = cfg.Caps.MaxHosts
	}
	if cfg.Caps.MaxEndpointsPerHost > 0 {
		ic.MaxEndpointsPerHost = cfg.Caps.MaxEndpointsPerHost
	}
	if cfg.Caps.MaxNodesPerHost > 0 {
		ic.MaxNodesPerHost = cfg.Caps.MaxNodesPerHost
	}
	return ic
}

func readHints(name string) ([]inventory.Hint, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("%w: hints: %w", ErrConfig, err)
	}
	defer f.Close()
	hints, err := inventory.ParseHints(f)
	if err != nil {
		return nil, fmt.Errorf("%w: hints file %s: %w", ErrConfig, name, err)
	}
	return hints, nil
}

func openDB(path string, maxSize int) (*storage.DB, error) {
	db, err := storage.Open(path, storage.Options{Timeout: time.Second, CreateDir: true, Version: ProductVersion, MaxSize: maxSize})
	if errors.Is(err, storage.ErrLocked) {
		if d, found, _ := ReadDiscovery(path); found {
			return nil, fmt.Errorf("%w: a sensor (pid %d) is already running on this database; its API is at %s",
				err, d.PID, d.URL())
		}
	}
	return db, err
}

// loadSpecs loads --spec values; warnings go to stderr.
func loadSpecs(args []string, stderr io.Writer) ([]*diff.Spec, error) {
	var specs []*diff.Spec
	for _, arg := range args {
		file, hosts := diff.ParseSpecArg(arg)
		sp, warns, err := diff.LoadSpec(file, hosts)
		if err != nil {
			return nil, err
		}
		for _, w := range warns {
			fmt.Fprintf(stderr, "shadowtap: warning: %s\n", w)
		}
		specs = append(specs, sp)
	}
	return specs, nil
}

func openSinks(scs []SinkConfig, stdout io.Writer, closeTimeout time.Duration) ([]Sink, error) {
	var sinks []Sink
	for _, sc := range scs {
		var (
			sk  Sink
			err error
		)
		if sc.Type == "webhook" {
			if err = sc.Validate(); err == nil {
				opts := []WebhookOption{WithCloseTimeout(closeTimeout / 4)}
				for k, v := range sc.Headers {
					opts = append(opts, WithHeader(k, v))
				}
				sk = NewWebhookSink(sc.URL, opts...)
			}
		} else {
			sk, err = OpenSink(sc, stdout)
		}
		if err != nil {
			for _, o := range sinks {
				o.Close()
			}
			return nil, err
		}
		sinks = append(sinks, sk)
	}
	return sinks, nil
}

// newBusy returns n cleared busy flags, one per sink.
func newBusy(n int) []*atomic.Bool {
	b := make([]*atomic.Bool, n)
	for i := range b {
		b[i] = new(atomic.Bool)
	}
	return b
}

// sinkContext is the context sinks are called with (see Sensor.sinkCtx).
func (s *Sensor) sinkContext() context.Context {
	if s.sinkCtx == nil {
		return context.Background()
	}
	return s.sinkCtx
}

func (s *Sensor) openCapture() error {
	opts := s.cfg.Live
	opts.Promiscuous = s.cfg.Promiscuous
	switch {
	case len(s.cfg.BPF) > 0:
		opts.BPF = s.cfg.BPF
	case !s.cfg.Filter.Empty():
		prog, err := s.cfg.Filter.LiveBPF()
		if err != nil {
			// Too large for BPF: capture everything, Match filters.
			fmt.Fprintf(s.stderr, "shadowtap: warning: %v; filtering in user space instead\n", err)
		} else {
			opts.BPF = prog
		}
	}
	live, err := capture.OpenLive(s.cfg.Interface, opts)
	if err != nil {
		return err
	}
	s.live, s.src = live, live
	return nil
}

// Reload replaces the reloadable settings from cfg: specs, sinks and the
// commit interval. They are all loaded before anything is swapped: on any
// error the old settings stay and the error is returned. Settings that need
// a restart (interface, filter, database, API address and token, caps) are
// compared and each difference is reported on stderr. The inventory and the
// delivery records are kept: a sink with the same identity (type and
// target) keeps its record and its pending findings, a new one is offered
// the current findings. Safe to call from any goroutine while Run runs.
func (s *Sensor) Reload(cfg Config) error {
	err := s.reload(cfg)
	if err != nil {
		s.reloadErrors.Add(1)
		return err
	}
	s.reloads.Add(1)
	return nil
}

// errStopped: Reload after the shutdown began.
var errStopped = errors.New("sensor: stopped")

func (s *Sensor) reload(cfg Config) error {
	s.reloadMu.Lock()
	defer s.reloadMu.Unlock()
	if s.stopped {
		return errStopped
	}
	specs, err := loadSpecs(cfg.Specs, s.stderr)
	if err != nil {
		return err
	}
	for i, sc := range cfg.Sinks {
		if err := sc.Validate(); err != nil {
			return fmt.Errorf("sink %d: %w", i+1, err)
		}
	}
	stdout := cfg.Stdout
	if stdout == nil {
		stdout = s.cfg.Stdout
	}
	keys := sinkKeys(cfg.Sinks)
	if err := s.attachSinks(cfg.Sinks, keys); err != nil {
		return err
	}
	sinks, err := openSinks(cfg.Sinks, stdout, s.cfg.ShutdownTimeout)
	if err != nil {
		return err
	}
	for _, d := range restartNeeded(s.cfg, cfg) {
		fmt.Fprintf(s.stderr, "shadowtap: warning: reload: %s changed; restart the sensor to apply it\n", d)
	}
	s.cfgMu.Lock()
	old := s.sinks
	s.specs, s.sinks, s.sinkKeys, s.rediff = specs, sinks, keys, true
	s.sinkBusy = newBusy(len(sinks))
	if cfg.CommitInterval > 0 {
		s.interval = cfg.CommitInterval
	}
	if cfg.UnusedAfter != 0 {
		s.unusedAfter = cfg.UnusedAfter
	}
	s.coveredOnly = cfg.CoveredHostsOnly
	s.lenientMethods = cfg.LenientMethods
	s.cfgMu.Unlock()
	// Findings a closing sink still held come back as pending: the new
	// instance of the same sink, or the next run, is offered them. A close
	// that hangs is not waited for past the webhook's close timeout.
	ctx, cancel := context.WithTimeout(context.Background(), s.cfg.ShutdownTimeout/4)
	s.closeSinks(ctx, old)
	cancel()
	s.dl.prune(keys)
	select {
	case s.reloadCh <- cfg:
	default:
	}
	fmt.Fprintf(s.stderr, "shadowtap: reloaded: %d spec(s), %d sink(s)\n", len(specs), len(sinks))
	return nil
}

func restartNeeded(a, b Config) []string {
	var out []string
	add := func(name string, changed bool) {
		if changed {
			out = append(out, name)
		}
	}
	add("interface", a.Interface != b.Interface)
	add("promiscuous", a.Promiscuous != b.Promiscuous)
	add("filter", !slices.Equal(a.Filter.Ports, b.Filter.Ports) || !slices.Equal(a.Filter.Hosts, b.Filter.Hosts) ||
		!slices.Equal(a.Filter.Nets, b.Filter.Nets) || !slices.Equal(a.Filter.VLANs, b.Filter.VLANs) ||
		!slices.Equal(a.BPF, b.BPF))
	add("db", a.DBPath != b.DBPath)
	add("listen", b.Listen != "" && a.Listen != b.Listen)
	add("api_token_file", a.APITokenFile != b.APITokenFile)
	add("api_max_connections", b.APIMaxConns != 0 && a.APIMaxConns != b.APIMaxConns)
	add("hints_file", a.HintsFile != b.HintsFile)
	add("caps", a.Caps != b.Caps || a.Reassembly != b.Reassembly)
	return out
}

// Run captures until ctx is done (see the package-level Run).
func (s *Sensor) Run(ctx context.Context) error {
	// runCtx ends when the shutdown begins (also after a capture failure):
	// processing stops reading and the commit loop stops waiting on sinks.
	runCtx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	s.sinkCtx, s.stopSinks = context.WithCancel(context.WithoutCancel(ctx))
	defer s.stopSinks()
	var serveDone chan struct{}
	if s.srv != nil {
		serveDone = make(chan struct{})
		go func() {
			defer close(serveDone)
			s.srv.Serve(s.ln)
		}()
		if err := WriteDiscovery(s.cfg.DBPath, s.disc); err != nil {
			fmt.Fprintf(s.stderr, "shadowtap: warning: %v\n", err)
		}
		fmt.Fprintf(s.stderr, "shadowtap: capturing on %s; API at %s\n", s.sourceName(), s.disc.URL())
	} else {
		fmt.Fprintf(s.stderr, "shadowtap: capturing on %s; API off\n", s.sourceName())
	}

	// Capture: reassembly's shards spread flows over the cores; exchanges
	// come back on one goroutine and go into the inventory under invMu.
	rcfg := s.cfg.Reassembly
	rcfg.Live = true
	var match func(*capture.Segment) bool
	if !s.cfg.Filter.Empty() {
		f := s.cfg.Filter
		match = f.Match
	}
	src := &countingSource{Source: s.src, packets: &s.packets, bytes: &s.bytes}
	captureDone := make(chan error, 1)
	go func() {
		st, err := reassembly.ProcessWithEngine(runCtx, src, match, rcfg, s.observe,
			func(e *reassembly.Engine) { s.engine.Store(e) })
		s.reasmStats.Store(&st)
		captureDone <- err
	}()

	// SIGHUP → Reload: through cfg.Reload when set, else the current
	// settings again (re-read the spec files, reopen the sinks: log
	// rotation). SIGHUP never kills the sensor.
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)

	// Commit loop.
	stopCommit := make(chan struct{})
	commitDone := make(chan struct{})
	go s.commitLoop(runCtx, stopCommit, commitDone)

	if s.cfg.Ready != nil {
		s.cfg.Ready(s.disc)
	}

	var runErr error
loop:
	for {
		select {
		case <-ctx.Done():
			break loop
		case err := <-captureDone:
			captureDone <- err // for the shutdown below
			if err != nil && !errors.Is(err, context.Canceled) {
				runErr = fmt.Errorf("sensor: capture stopped: %w", err)
			}
			break loop
		case <-hup:
			cfg, err := s.cfg, error(nil)
			if s.cfg.Reload != nil {
				cfg, err = s.cfg.Reload()
			}
			if err == nil {
				err = s.Reload(cfg)
			} else {
				s.reloadErrors.Add(1)
			}
			if err != nil {
				fmt.Fprintf(s.stderr, "shadowtap: reload failed, keeping the old settings: %v\n", err)
			}
		}
	}
	return s.shutdown(runErr, stopRun, captureDone, stopCommit, commitDone, serveDone)
}

// shutdown stops everything within ShutdownTimeout, and every goroutine Run
// started with it, bar a capture or sink call that ignores Close and its
// context: that one is left behind, and can no longer reach the database
// or a sink's record.
func (s *Sensor) shutdown(runErr error, stopRun context.CancelFunc, captureDone chan error, stopCommit, commitDone, serveDone chan struct{}) error {
	// Budget: at most half of ShutdownTimeout for capture to stop
	// (normally one poll timeout); the final emission and the sinks' flush
	// until three quarters (a webhook also stops at its close timeout, a
	// quarter); at most an eighth for the API; the rest for the goroutines
	// to end. The final commit comes on top.
	t0 := time.Now()
	timeout := s.cfg.ShutdownTimeout
	deadline := time.NewTimer(timeout / 2)
	defer deadline.Stop()
	fmt.Fprintf(s.stderr, "shadowtap: stopping\n")
	s.reloadMu.Lock()
	s.stopped = true
	s.reloadMu.Unlock()
	stopRun()

	// 1. Stop capture: Close makes the reader return io.EOF within a poll
	// timeout; reassembly then flushes every flow and emits what is left.
	s.snapshotKernel()
	closed := make(chan struct{})
	go func() { s.src.Close(); close(closed) }()
	captured := false
	select {
	case err := <-captureDone:
		captured = true
		if err != nil && runErr == nil && !errors.Is(err, capture.ErrClosed) && !errors.Is(err, context.Canceled) {
			runErr = fmt.Errorf("sensor: capture: %w", err)
		}
	case <-deadline.C:
		fmt.Fprintf(s.stderr, "shadowtap: warning: capture did not stop within %v; committing what was observed\n", timeout/2)
	}

	// 2. Stop the commit loop (its waits on sinks ended with stopRun),
	// then one final commit and, if it held, emission.
	close(stopCommit)
	<-commitDone
	c0 := time.Now()
	commitErr := s.commitOnce(context.Background(), true)
	if commitErr != nil && runErr == nil {
		runErr = commitErr
	}
	end := t0.Add(timeout + time.Since(c0))
	s.cfgMu.Lock()
	sinks, keys, busy := s.sinks, s.sinkKeys, s.sinkBusy
	s.sinks, s.sinkKeys, s.sinkBusy = nil, nil, nil
	s.cfgMu.Unlock()
	sinksCtx, cancelSinks := context.WithDeadline(context.Background(), end.Add(-timeout/4))
	defer cancelSinks()
	// Past their share the sinks' calls are cut short.
	stopAfter := context.AfterFunc(sinksCtx, s.stopSinks)
	defer stopAfter()
	if commitErr == nil {
		s.emit(sinksCtx, 0, sinks, busy, keys)
	}

	// 3. Sinks flush (webhook within its close timeout), API stops.
	s.closeSinks(sinksCtx, sinks)
	s.stopSinks()
	if s.srv != nil {
		ctx, cancel := context.WithTimeout(context.Background(), min(time.Second, timeout/8))
		s.srv.Shutdown(ctx)
		s.srv.Close()
		cancel()
		<-serveDone // Serve returns once Close closed the listener
		if err := RemoveDiscovery(s.cfg.DBPath); err != nil {
			fmt.Fprintf(s.stderr, "shadowtap: warning: %v\n", err)
		}
	}

	// 4. The sink calls cut short, a late capture end and the source's
	// Close, until the deadline; what still runs then is left behind, cut
	// off from the records (dl.close) and the database.
	endCtx, cancelEnd := context.WithDeadline(context.Background(), end)
	defer cancelEnd()
	if !s.sinkCalls.wait(endCtx) {
		fmt.Fprintf(s.stderr, "shadowtap: warning: a sink did not return within the shutdown timeout; left behind\n")
	}
	if !captured {
		select {
		case <-captureDone:
		case <-endCtx.Done():
		}
	}
	select {
	case <-closed:
	case <-endCtx.Done():
	}
	// What the sinks accepted while closing; the rest is offered again at
	// the next start.
	s.dl.close()
	s.saveDeliveries()
	for _, line := range s.dl.leftover(keys) {
		fmt.Fprintln(s.stderr, line)
	}
	s.closePublisher(endCtx)
	// A failure that a later commit repaired is not a failed shutdown: only
	// the final commit's result (above) counts.
	if err := s.db.Close(); err != nil && runErr == nil {
		runErr = err
	}
	st := s.Stats()
	fmt.Fprintf(s.stderr, "shadowtap: stopped: %d packets, %d exchanges, %d endpoints, %d findings (%d emitted), %d kernel drops, %d commits\n",
		st.Packets, st.Exchanges, st.Endpoints, st.Findings, st.FindingsNew, st.KernelDrops, st.Commits)
	return runErr
}

// closeSinks closes sinks concurrently (flushing what they queued) and
// retires their counters, waiting until they are closed or ctx is done; a
// close that hangs is left behind.
func (s *Sensor) closeSinks(ctx context.Context, sinks []Sink) {
	done := make(chan struct{}, len(sinks))
	for _, sk := range sinks {
		s.sinkCalls.add()
		go func() {
			defer s.sinkCalls.done()
			closeSink(ctx, sk)
			s.retireSink(sk)
			done <- struct{}{}
		}()
	}
	for range sinks {
		select {
		case <-done:
		case <-ctx.Done():
			return
		}
	}
}

func (s *Sensor) sourceName() string {
	if s.cfg.Source != nil && s.live == nil {
		return "the given source"
	}
	return s.cfg.Interface
}

// closeAll releases what Open acquired (Open's failure path).
func (s *Sensor) closeAll() {
	if s.ln != nil {
		s.ln.Close()
	}
	if s.src != nil {
		s.src.Close()
	}
	for _, sk := range s.sinks {
		sk.Close()
	}
	s.closePublisher(context.Background())
	if s.db != nil {
		s.db.Close()
	}
}

// observe is reassembly's emit callback (one goroutine at a time).
func (s *Sensor) observe(x *reassembly.Exchange) {
	s.invMu.Lock()
	s.inv.Observe(x)
	s.invMu.Unlock()
	s.exchanges.Add(1)
}

// commitLoop commits every interval until stop is closed; its waits on
// sinks end with ctx (see handOver).
func (s *Sensor) commitLoop(ctx context.Context, stop, done chan struct{}) {
	defer close(done)
	s.cfgMu.Lock()
	iv := s.interval
	s.cfgMu.Unlock()
	t := time.NewTicker(iv)
	defer t.Stop()
	kt := time.NewTicker(time.Second)
	defer kt.Stop()
	for {
		select {
		case <-stop:
			return
		case <-kt.C:
			s.snapshotKernel()
		case <-s.reloadCh:
			s.cfgMu.Lock()
			if s.interval != iv {
				iv = s.interval
				t.Reset(iv)
			}
			s.cfgMu.Unlock()
		case <-t.C:
			_ = s.commitOnce(ctx, false) // counted; retried at the next tick
		}
	}
}

func (s *Sensor) snapshotKernel() {
	if s.live == nil {
		return
	}
	if ks, err := s.live.Stats(); err == nil {
		s.kernel.Store(&ks)
	}
}

// errCommitFailed: the final commit did not reach the disk.
var errCommitFailed = errors.New("sensor: commit failed: the last observations are not stored")

// commitOnce commits dirty hosts, then (if the commit held) re-evaluates
// findings and, unless final, offers each sink those it has not accepted
// and the resolutions it has not, waiting for the sinks until ctx is done.
// Commit goroutine only.
func (s *Sensor) commitOnce(ctx context.Context, final bool) error {
	s.invMu.Lock()
	dirty := s.inv.DirtyHosts()
	hosts := make(map[string][]byte, len(dirty)+len(s.retryHosts))
	for h := range s.retryHosts {
		dirty = append(dirty, h)
	}
	for _, h := range dirty {
		if _, ok := hosts[h]; ok {
			continue
		}
		b, err := s.inv.MarshalHost(h)
		if err != nil {
			s.marshalEr.Add(1)
			continue
		}
		hosts[h] = b
	}
	s.inv.ClearDirty()
	invSt := s.inv.Stats()
	s.invMu.Unlock()

	s.cfgMu.Lock()
	rediff := s.rediff
	specs, sinks, keys, busy := s.specs, s.sinks, s.sinkKeys, s.sinkBusy
	coveredOnly, lenient := s.coveredOnly, s.lenientMethods
	s.rediff = false
	s.cfgMu.Unlock()
	needDiff := len(hosts) > 0 || rediff || !s.diffed
	var eps []inventory.Endpoint
	if needDiff {
		// Derived off the lock from the blobs just marshalled, per dirty
		// host; clean hosts keep their cached endpoints.
		s.deriveEndpoints(hosts)
		eps = s.cachedEndpoints()
		s.epSnap.Store(&eps)
		s.storeNoise()
	}
	s.invStats.Store(s.snapshotInventory(invSt, eps))

	pk, by, ex := s.packets.Load(), s.bytes.Load(), s.exchanges.Load()
	b := storage.Batch{Hosts: hosts, Stats: map[string]uint64{
		"sensor_packets": pk - s.lastPkts, "sensor_bytes": by - s.lastBytes, "sensor_exchanges": ex - s.lastExch,
	}}
	s.lastPkts, s.lastBytes, s.lastExch = pk, by, ex
	if len(hosts) == 0 && b.Stats["sensor_packets"] == 0 && b.Stats["sensor_exchanges"] == 0 && !needDiff {
		if !final {
			s.emit(ctx, s.emitWait(), sinks, busy, keys) // nothing to write; offer the backlog again
		}
		return nil
	}
	// Committed directly rather than through a storage.Writer, whose Flush
	// reports the first error of the run, not this commit's.
	if err := s.db.Commit(b); err != nil {
		s.commitErrors.Add(1)
		for h := range hosts {
			s.retryHosts[h] = true
		}
		fmt.Fprintf(s.stderr, "shadowtap: warning: commit failed (will retry at the next interval): %v\n", err)
		if rediff {
			s.cfgMu.Lock()
			s.rediff = true
			s.cfgMu.Unlock()
		}
		return fmt.Errorf("%w: %w", errCommitFailed, err)
	}
	clear(s.retryHosts)
	s.publish(hosts)
	s.commits.Add(1)
	s.lastCommit.Store(time.Now().UnixNano())
	if needDiff {
		// As in `shadowtap diff`: an endpoint on a host no spec covers is
		// documented nowhere, so it is shadow unless CoveredHostsOnly.
		fs := diff.Diff(eps, specs, diff.Options{IncludeUncoveredHosts: !coveredOnly, LenientMethods: lenient, TLS: s.TLS()})
		s.diffed = true
		s.findMu.Lock()
		s.findings = fs
		s.findMu.Unlock()
	}
	// Every commit, not only after a diff: findings a sink refused are
	// offered again. The shutdown emits after the final commit itself,
	// within the sinks' share of its budget.
	if !final {
		s.emit(ctx, s.emitWait(), sinks, busy, keys)
	}
	return nil
}

// emitWait bounds the wait for each sink at a commit: a sink slower than
// a commit interval is left to finish while the loop goes on.
func (s *Sensor) emitWait() time.Duration {
	s.cfgMu.Lock()
	defer s.cfgMu.Unlock()
	return s.interval
}

// snapshotInventory builds the inventory counters from its Stats and the
// endpoint list just derived (nil: keep the last counts).
func (s *Sensor) snapshotInventory(st inventory.Stats, eps []inventory.Endpoint) *inventorySnapshot {
	snap := &inventorySnapshot{
		noise:             st.Noise,
		hostOverflow:      st.HostOverflow,
		epOver:            st.EndpointOverflow,
		noiseHostOverflow: st.NoiseHostOverflow,
		detail:            flatten(st),
	}
	if eps == nil {
		if old := s.invStats.Load(); old != nil {
			snap.endpoints, snap.hosts = old.endpoints, old.hosts
		}
		return snap
	}
	snap.endpoints = uint64(len(eps))
	hosts := map[string]bool{}
	for i := range eps {
		hosts[eps[i].Host] = true
	}
	snap.hosts = uint64(len(hosts))
	return snap
}

// deriveEndpoints refreshes the per-host endpoint cache from host blobs
// (MarshalHost output): each is loaded into a scratch inventory with the
// same configuration, whose Endpoints are the host's (the inventory's
// round-trip guarantee). This keeps the derivation, as costly as the
// marshalling, off the lock that holds back exchange observation. A blob
// that does not load falls back to the live inventory under the lock.
// Commit goroutine only.
func (s *Sensor) deriveEndpoints(blobs map[string][]byte) {
	if s.noiseCache == nil {
		s.noiseCache = map[string][]inventory.Noise{}
	}
	fallback := false
	for h, blob := range blobs {
		scratch := inventory.New(s.icfg)
		if err := scratch.LoadHost(h, blob); err != nil {
			s.marshalEr.Add(1)
			fallback = true
			break
		}
		if h == inventory.TLSKey {
			ts := scratch.TLSServices()
			s.tlsSnap.Store(&ts)
			continue
		}
		s.epCache[h] = scratch.Endpoints()
		s.noiseCache[h] = scratch.Noise()
	}
	if !fallback {
		return
	}
	s.invMu.Lock()
	all := s.inv.Endpoints()
	noise := s.inv.Noise()
	s.invMu.Unlock()
	clear(s.epCache)
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].Host == all[i].Host {
			j++
		}
		s.epCache[all[i].Host] = all[i:j:j]
		i = j
	}
	clear(s.noiseCache)
	for i := 0; i < len(noise); {
		j := i
		for j < len(noise) && noise[j].Host == noise[i].Host {
			j++
		}
		s.noiseCache[noise[i].Host] = noise[i:j:j]
		i = j
	}
}

// storeNoise publishes the noise cache for the API. Commit goroutine only.
func (s *Sensor) storeNoise() {
	m := maps.Clone(s.noiseCache)
	s.noiseSnap.Store(&m)
}

// cachedEndpoints concatenates the per-host cache, sorted as
// Inventory.Endpoints sorts (host, then path and method within a host).
func (s *Sensor) cachedEndpoints() []inventory.Endpoint {
	hosts := make([]string, 0, len(s.epCache))
	n := 0
	for h, es := range s.epCache {
		hosts = append(hosts, h)
		n += len(es)
	}
	slices.Sort(hosts)
	out := make([]inventory.Endpoint, 0, n)
	for _, h := range hosts {
		out = append(out, s.epCache[h]...)
	}
	return out
}

// flatten returns the top-level unsigned counters of a stats struct by
// their JSON names (maps and other fields are skipped).
func flatten(v any) map[string]uint64 {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return nil
	}
	out := make(map[string]uint64, len(m))
	for k, x := range m {
		if f, ok := x.(float64); ok && f >= 0 {
			out[k] = uint64(f)
		}
	}
	return out
}

// Endpoints implements DataSource: the endpoints as of the last commit (at
// most CommitInterval old), the same list the findings were computed from.
// Serving it takes no lock that capture waits on. The slice is shared:
// read it, do not modify it.
func (s *Sensor) Endpoints() []inventory.Endpoint {
	if p := s.epSnap.Load(); p != nil {
		return *p
	}
	return nil
}

// Noise implements DataSource: the noise as of the last commit, sorted as
// Inventory.Noise sorts it (host, then path and method). Like Endpoints it
// takes no lock that capture waits on.
func (s *Sensor) Noise() []inventory.Noise {
	p := s.noiseSnap.Load()
	if p == nil {
		return nil
	}
	hosts := slices.Sorted(maps.Keys(*p))
	var out []inventory.Noise
	for _, h := range hosts {
		out = append(out, (*p)[h]...)
	}
	return out
}

// TLS implements DataSource: the encrypted services at the last commit.
func (s *Sensor) TLS() []inventory.TLSService {
	if p := s.tlsSnap.Load(); p != nil {
		return *p
	}
	return nil
}

// Findings implements DataSource: the findings of the last evaluation.
func (s *Sensor) Findings() []diff.Finding {
	s.findMu.RLock()
	defer s.findMu.RUnlock()
	return slices.Clone(s.findings)
}

// Stats implements DataSource.
func (s *Sensor) Stats() Stats {
	st := Stats{
		Started:       s.started.UTC(),
		UptimeSeconds: time.Since(s.started).Seconds(),
		Packets:       s.packets.Load(),
		Bytes:         s.bytes.Load(),
		Exchanges:     s.exchanges.Load(),
		Commits:       s.commits.Load(),
		CommitErrors:  s.commitErrors.Load(),
		FindingsNew:   s.findingsNew.Load(),
		SinkErrors:    s.sinkErrors.Load(),
		Reloads:       s.reloads.Load(),
		ReloadErrors:  s.reloadErrors.Load(),
		Detail:        map[string]uint64{},
	}
	if ns := s.lastCommit.Load(); ns != 0 {
		st.LastCommit = time.Unix(0, ns).UTC()
	}
	if k := s.kernel.Load(); k != nil {
		st.KernelDrops, st.KernelFreeze = k.Drops, k.QueueFreezes
		st.Detail["capture.kernel_packets"] = k.Packets
	}
	r := s.reasmStats.Load()
	if e := s.engine.Load(); r == nil && e != nil {
		snap := e.Stats()
		r = &snap
	}
	if r != nil {
		st.Flows, st.Gaps, st.SkippedBytes = r.Flows, r.Gaps, r.SkippedBytes
		for k, v := range flatten(r) {
			st.Detail["reassembly."+k] = v
		}
		for k, v := range r.Weirds {
			st.Detail["reassembly.weird."+k] = v
		}
		for k, v := range r.Capture {
			st.Detail["capture."+k] = v
		}
	}
	if iv := s.invStats.Load(); iv != nil {
		st.Endpoints, st.Hosts, st.Noise = iv.endpoints, iv.hosts, iv.noise
		st.HostOverflow, st.EndpointOverflow = iv.hostOverflow, iv.epOver
		st.NoiseHostOverflow = iv.noiseHostOverflow
		for k, v := range iv.detail {
			st.Detail["inventory."+k] = v
		}
	}
	st.Detail["sensor.marshal_errors"] = s.marshalEr.Load()
	s.findMu.RLock()
	st.Findings = uint64(len(s.findings))
	s.findMu.RUnlock()
	// Per sink (numbered as configured, counting since the last reload) and
	// in all (since start). pending is a gauge: current findings the sink
	// has not accepted yet.
	s.cfgMu.Lock()
	total := s.retired
	var pending uint64
	for i, n := range s.dl.backlog(s.sinkKeys) {
		st.Detail[fmt.Sprintf("sink%d.pending", i+1)] = n
		pending += n
	}
	st.Detail["sinks.pending"] = pending
	for i, sk := range s.sinks {
		if ss, ok := sk.(StatsSink); ok {
			x := ss.Stats()
			p := fmt.Sprintf("sink%d.", i+1)
			st.Detail[p+"emitted"], st.Detail[p+"failed"], st.Detail[p+"dropped"], st.Detail[p+"retries"] =
				x.Emitted, x.Failed, x.Dropped, x.Retries
			total.Emitted += x.Emitted
			total.Failed += x.Failed
			total.Dropped += x.Dropped
			total.Retries += x.Retries
		}
	}
	s.cfgMu.Unlock()
	st.Detail["sinks.emitted"], st.Detail["sinks.failed"], st.Detail["sinks.dropped"], st.Detail["sinks.retries"] =
		total.Emitted, total.Failed, total.Dropped, total.Retries
	return st
}

// Discovery returns the record written beside the DB (zero when the API is
// off).
func (s *Sensor) Discovery() Discovery { return s.disc }

// countingSource counts frames and bytes read, for the live stats (the
// reassembly counters arrive only when it stops).
type countingSource struct {
	capture.Source
	packets, bytes *atomic.Uint64
}

func (c *countingSource) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	data, ci, lt, err := c.Source.ReadPacket()
	if err == nil {
		c.packets.Add(1)
		c.bytes.Add(uint64(len(data)))
	}
	return data, ci, lt, err
}

// ApplyStoredSettings makes cfg use the settings db keeps for every command
// that reads or writes it: its fingerprint salt (unless cfg sets one), and
// its path-template hints. When hintsGiven, cfg.Hints replace the stored
// ones (they are stored for the next commands); otherwise the stored ones
// are used, so that 'endpoints' templates the hosts the way 'ingest' did.
func ApplyStoredSettings(db *storage.DB, cfg *inventory.Config, hintsGiven bool) error {
	if len(cfg.Salt) == 0 {
		salt, err := db.Salt()
		if err != nil {
			return fmt.Errorf("database salt: %w", err)
		}
		cfg.Salt = salt
	}
	if hintsGiven {
		b, err := json.Marshal(cfg.Hints)
		if err != nil {
			return err
		}
		if err := db.SetHints(b); err != nil && !errors.Is(err, storage.ErrReadOnly) {
			return fmt.Errorf("storing hints: %w", err)
		}
		return nil
	}
	b, err := db.Hints()
	if err != nil || len(b) == 0 {
		return err
	}
	hints, err := inventory.ParseHints(bytes.NewReader(b))
	if err != nil {
		return fmt.Errorf("stored hints: %w", err)
	}
	cfg.Hints = hints
	return nil
}
