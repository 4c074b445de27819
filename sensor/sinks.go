package sensor

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shadowtap/shadowtap/diff"
)

// Sink receives findings: the sensor offers each sink every current finding
// until that sink accepts it (at least once per sink; see AckSink), and
// tells an EventSink when one it accepted stopped being current.
//
// Emit is called from one goroutine at a time; it must not block for long:
// a sink that talks to the network queues and returns. When ctx is done the
// sink stops waiting and refuses what it has not delivered, which the
// sensor offers again later (a queueing sink gives up queued findings whose
// ctx is done); the sensor ends that context when its shutdown gives up on
// the sinks. The sensor waits at most a commit interval for a call (until
// the run is cancelled, at the end), and does not call the sink again
// until it returned. Close flushes what is queued (within the sink's close
// timeout) and releases the sink; Emit after Close returns ErrSinkClosed.
type Sink interface {
	Emit(ctx context.Context, fs []diff.Finding) error
	Close() error
}

// Finding statuses carried by an Event.
const (
	// StatusOpen: the finding is current (new to the sink, or back after
	// it was resolved).
	StatusOpen = "open"
	// StatusResolved: the finding, which the sink accepted, is no longer
	// current (an unused operation got called, a spec documents it...).
	StatusResolved = "resolved"
)

// Event is what a sink delivers: a current finding (Status StatusOpen) or
// the resolution of one the sink accepted (StatusResolved, with the same
// ID). Its JSON form is the finding's plus "status" and, when resolved,
// "resolved_at". A resolution whose finding values the sensor no longer
// holds (the finding went away while it was stopped) carries the ID only:
// its JSON form is {"id", "status", "resolved_at"}.
type Event struct {
	diff.Finding
	Status string `json:"status"`
	// ResolvedAt is when the sensor first saw the finding not current.
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
}

// MarshalJSON renders the event as documented on Event, without escaping
// HTML characters (as the NDJSON sink writes findings).
func (e Event) MarshalJSON() ([]byte, error) {
	var v any = plainEvent(e)
	if e.Kind == "" && e.Status == StatusResolved {
		// Values unknown: empty kind, path and a zero severity would
		// read as data.
		v = struct {
			ID         string    `json:"id"`
			Status     string    `json:"status"`
			ResolvedAt time.Time `json:"resolved_at,omitzero"`
		}{e.ID, e.Status, e.ResolvedAt}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// plainEvent is Event without its MarshalJSON.
type plainEvent Event

// Resolved reports whether e is a resolution.
func (e Event) Resolved() bool { return e.Status == StatusResolved }

// openEvents wraps findings as open events.
func openEvents(fs []diff.Finding) []Event {
	evs := make([]Event, len(fs))
	for i := range fs {
		evs[i] = Event{Finding: fs[i], Status: StatusOpen}
	}
	return evs
}

// EventSink is a Sink that is told of resolutions: the sensor hands it
// Events, open and resolved, instead of findings, and ack works as in
// AckSink (by finding ID; a resolution and its finding are never in
// flight together). A sink that is not an EventSink gets open findings
// only; when one it accepted stops being current its record forgets it
// silently, so that the finding is delivered again if it comes back. The
// built-in sinks are EventSinks.
type EventSink interface {
	Sink
	EmitEvents(ctx context.Context, evs []Event, ack func(ids []string, err error)) error
}

// ContextCloser is a Sink whose flush can be cut short: CloseContext is
// Close, giving up on what is still queued once ctx is done. The sensor's
// shutdown passes its deadline.
type ContextCloser interface {
	CloseContext(ctx context.Context) error
}

// closeSink closes sk, within ctx when it supports that.
func closeSink(ctx context.Context, sk Sink) error {
	if cc, ok := sk.(ContextCloser); ok {
		return cc.CloseContext(ctx)
	}
	return sk.Close()
}

// AckSink is a Sink that reports which findings it accepted. The sensor
// records a finding as emitted to a sink only once the sink accepted it; the
// others are offered again at a later commit. A Sink without EmitAck counts
// as accepting all of an Emit that returns nil and none of one that fails.
type AckSink interface {
	Sink
	// EmitAck hands fs to the sink as Emit does and calls ack exactly once
	// for every finding of fs, grouped as the sink likes: with a nil error
	// once the sink accepted them (written to the file; answered 2xx; sent
	// to the syslog socket), else with the reason. ack may run before
	// EmitAck returns or later on another goroutine, and must not block.
	// The error returned is the synchronous failure, if any (ErrQueueFull,
	// ErrSinkClosed, a write error), also passed to ack.
	EmitAck(ctx context.Context, fs []diff.Finding, ack func(ids []string, err error)) error
}

// ackAll acks every finding of fs with err.
func ackAll(ack func([]string, error), fs []diff.Finding, err error) {
	if ack == nil || len(fs) == 0 {
		return
	}
	ids := make([]string, len(fs))
	for i := range fs {
		ids[i] = fs[i].ID
	}
	ack(ids, err)
}

// ackEvents acks every event of evs with err.
func ackEvents(ack func([]string, error), evs []Event, err error) {
	if ack == nil || len(evs) == 0 {
		return
	}
	ids := make([]string, len(evs))
	for i := range evs {
		ids[i] = evs[i].ID
	}
	ack(ids, err)
}

// ctxOrBackground is ctx, or context.Background() for a nil one.
func ctxOrBackground(ctx context.Context) context.Context {
	if ctx == nil {
		return context.Background()
	}
	return ctx
}

// SinkStats are a sink's counters.
type SinkStats struct {
	// Emitted counts findings delivered (written, or accepted by the
	// webhook receiver with a 2xx).
	Emitted uint64 `json:"emitted"`
	// Failed counts findings whose delivery failed (the webhook after
	// every attempt); the sensor offers them again at a later commit, so
	// one finding may count several times.
	Failed uint64 `json:"failed"`
	// Dropped counts findings refused because the queue was full or the
	// sink was closing; they too are offered again.
	Dropped uint64 `json:"dropped"`
	// Retries counts repeated delivery attempts (webhook, syslog reconnect).
	Retries uint64 `json:"retries"`
}

// StatsSink is implemented by sinks that keep counters.
type StatsSink interface {
	Stats() SinkStats
}

// Sink errors.
var (
	// ErrSinkClosed is returned by Emit after Close.
	ErrSinkClosed = errors.New("sensor: sink is closed")
	// ErrQueueFull is returned by a queueing sink's Emit when its queue is
	// full; the findings were dropped and counted.
	ErrQueueFull = errors.New("sensor: sink queue is full, findings dropped")
)

type sinkCounters struct{ emitted, failed, dropped, retries atomic.Uint64 }

func (c *sinkCounters) stats() SinkStats {
	return SinkStats{Emitted: c.emitted.Load(), Failed: c.failed.Load(), Dropped: c.dropped.Load(), Retries: c.retries.Load()}
}

// ---------------------------------------------------------------- NDJSON

type ndjsonSink struct {
	mu     sync.Mutex
	w      io.Writer
	closer io.Closer // nil for writers we do not own (stdout)
	syncer *os.File  // a regular file we own: fsynced before a batch counts as accepted
	closed bool
	buf    bytes.Buffer
	c      sinkCounters
}

// NewNDJSONSink returns a sink that writes each event as one JSON object
// per line to w: the JSON form of the finding, as `shadowtap diff --format
// ndjson` prints it, with "status" ("open" or "resolved") and, for a
// resolution, "resolved_at" (see Event). Close does not close w.
func NewNDJSONSink(w io.Writer) Sink { return &ndjsonSink{w: w} }

// OpenNDJSONFile returns an NDJSON sink appending to the file at path
// (created 0600 if missing). Each batch is written in one write and, on a
// regular file, fsynced before it counts as accepted. Close closes the file.
func OpenNDJSONFile(path string) (Sink, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sensor: ndjson sink: %w", err)
	}
	s := &ndjsonSink{w: f, closer: f}
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		s.syncer = f // pipes and devices cannot fsync
	}
	return s, nil
}

func (s *ndjsonSink) Emit(ctx context.Context, fs []diff.Finding) error {
	return s.EmitEvents(ctx, openEvents(fs), nil)
}

// EmitAck implements AckSink: the batch is accepted once written (and
// fsynced, for a file).
func (s *ndjsonSink) EmitAck(ctx context.Context, fs []diff.Finding, ack func([]string, error)) error {
	return s.EmitEvents(ctx, openEvents(fs), ack)
}

// EmitEvents implements EventSink, accepting as EmitAck does. A batch whose
// ctx is done is not written.
func (s *ndjsonSink) EmitEvents(ctx context.Context, evs []Event, ack func([]string, error)) error {
	err := s.write(ctxOrBackground(ctx), evs)
	ackEvents(ack, evs, err)
	return err
}

func (s *ndjsonSink) write(ctx context.Context, fs []Event) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		s.c.dropped.Add(uint64(len(fs)))
		return ErrSinkClosed
	}
	if err := ctx.Err(); err != nil {
		s.c.dropped.Add(uint64(len(fs)))
		return err
	}
	s.buf.Reset()
	enc := json.NewEncoder(&s.buf)
	enc.SetEscapeHTML(false)
	for i := range fs {
		if err := enc.Encode(&fs[i]); err != nil {
			s.c.failed.Add(uint64(len(fs)))
			return fmt.Errorf("sensor: ndjson sink: %w", err)
		}
	}
	if _, err := s.w.Write(s.buf.Bytes()); err != nil {
		s.c.failed.Add(uint64(len(fs)))
		return fmt.Errorf("sensor: ndjson sink: %w", err)
	}
	if s.syncer != nil {
		if err := s.syncer.Sync(); err != nil {
			s.c.failed.Add(uint64(len(fs)))
			return fmt.Errorf("sensor: ndjson sink: %w", err)
		}
	}
	s.c.emitted.Add(uint64(len(fs)))
	return nil
}

func (s *ndjsonSink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.closer != nil {
		return s.closer.Close()
	}
	return nil
}

func (s *ndjsonSink) Stats() SinkStats { return s.c.stats() }

// ---------------------------------------------------------------- webhook

// WebhookOption configures a webhook sink.
type WebhookOption func(*webhookSink)

// WithHTTPClient sets the HTTP client (default: 10 s timeout per attempt).
func WithHTTPClient(c *http.Client) WebhookOption { return func(s *webhookSink) { s.client = c } }

// WithRetry sets the number of attempts per batch (default 6) and the
// exponential backoff between them: base doubles after each failure up to
// max (defaults 500 ms and 30 s), with up to 20% random jitter. A
// Retry-After header (seconds) on a 429 or 503 answer is honoured up to max.
func WithRetry(attempts int, base, max time.Duration) WebhookOption {
	return func(s *webhookSink) {
		if attempts > 0 {
			s.attempts = attempts
		}
		if base > 0 {
			s.base = base
		}
		if max > 0 {
			s.max = max
		}
	}
}

// WithQueueSize sets how many batches may wait for delivery (default 256).
// When the queue is full Emit drops the batch, counts it and returns
// ErrQueueFull: the sensor never waits for a slow receiver, and offers the
// dropped findings again at a later commit.
func WithQueueSize(n int) WebhookOption {
	return func(s *webhookSink) {
		if n > 0 {
			s.queueSize = n
		}
	}
}

// WithBatchSize caps the findings per POST (default 100); a larger Emit is
// split into several POSTs.
func WithBatchSize(n int) WebhookOption {
	return func(s *webhookSink) {
		if n > 0 {
			s.batchSize = n
		}
	}
}

// WithHeader adds a header to every POST (for example an Authorization the
// receiver expects).
func WithHeader(key, value string) WebhookOption {
	return func(s *webhookSink) { s.header.Add(key, value) }
}

// WithCloseTimeout bounds how long Close waits for queued batches to be
// delivered (default 10 s); what is left is counted as dropped.
// CloseContext also stops waiting when its ctx is done.
func WithCloseTimeout(d time.Duration) WebhookOption {
	return func(s *webhookSink) {
		if d > 0 {
			s.closeTimeout = d
		}
	}
}

// WebhookPayload is the JSON body the webhook sink POSTs. Findings holds
// open findings and resolutions alike, told apart by their status (see
// Event).
type WebhookPayload struct {
	Source   string    `json:"source"` // "shadowtap"
	Sent     time.Time `json:"sent"`
	Findings []Event   `json:"findings"`
}

type webhookSink struct {
	url          string
	client       *http.Client
	header       http.Header
	attempts     int
	base, max    time.Duration
	queueSize    int
	batchSize    int
	closeTimeout time.Duration

	queue   chan webhookBatch
	mu      sync.Mutex // guards closed and sends on queue
	closed  bool
	stop    context.Context
	cancel  context.CancelFunc
	done    chan struct{}
	c       sinkCounters
	sleepFn func(ctx context.Context, d time.Duration) bool
}

// webhookBatch is one POST's events, whom to tell how it went, and the
// context of the Emit that queued it: once that is done the batch is given
// up (the sensor offers it again).
type webhookBatch struct {
	fs  []Event
	ack func([]string, error) // nil: Emit
	ctx context.Context
}

// NewWebhookSink returns a sink that POSTs events as JSON (WebhookPayload,
// Content-Type application/json) to url. Delivery runs on the sink's own
// goroutine: Emit only queues. A batch is retried with exponential backoff
// on network errors, 5xx, 408 and 429 answers; other 4xx answers are not
// retried (counted as failed); a batch whose Emit ctx is done is given up
// (dropped), also mid-attempt. It implements AckSink and EventSink: a batch
// is accepted when the receiver answers 2xx.
func NewWebhookSink(url string, opts ...WebhookOption) Sink {
	s := &webhookSink{
		url:          url,
		client:       &http.Client{Timeout: 10 * time.Second},
		header:       make(http.Header),
		attempts:     6,
		base:         500 * time.Millisecond,
		max:          30 * time.Second,
		queueSize:    256,
		batchSize:    100,
		closeTimeout: 10 * time.Second,
		done:         make(chan struct{}),
		sleepFn:      sleepCtx,
	}
	for _, o := range opts {
		o(s)
	}
	s.queue = make(chan webhookBatch, s.queueSize)
	s.stop, s.cancel = context.WithCancel(context.Background())
	go s.loop()
	return s
}

func sleepCtx(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func (s *webhookSink) Emit(ctx context.Context, fs []diff.Finding) error {
	return s.EmitEvents(ctx, openEvents(fs), nil)
}

// EmitAck implements AckSink: findings the queue cannot take are acked
// with ErrQueueFull (or ErrSinkClosed) at once, the others after their
// POST.
func (s *webhookSink) EmitAck(ctx context.Context, fs []diff.Finding, ack func([]string, error)) error {
	return s.EmitEvents(ctx, openEvents(fs), ack)
}

// EmitEvents implements EventSink, acking as EmitAck does.
func (s *webhookSink) EmitEvents(ctx context.Context, fs []Event, ack func([]string, error)) error {
	if len(fs) == 0 {
		return nil
	}
	ctx = ctxOrBackground(ctx)
	err := ctx.Err()
	if err == nil {
		err = s.enqueue(ctx, &fs, ack)
	}
	if err != nil {
		s.c.dropped.Add(uint64(len(fs)))
		ackEvents(ack, fs, err) // outside s.mu: ack may take the caller's locks
	}
	return err
}

// enqueue queues *fs in batches; on failure *fs is what was not queued.
func (s *webhookSink) enqueue(ctx context.Context, fs *[]Event, ack func([]string, error)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrSinkClosed
	}
	for len(*fs) > 0 {
		n := min(len(*fs), s.batchSize)
		select {
		case s.queue <- webhookBatch{fs: append([]Event(nil), (*fs)[:n]...), ack: ack, ctx: ctx}:
			*fs = (*fs)[n:]
		default:
			return ErrQueueFull
		}
	}
	return nil
}

func (s *webhookSink) loop() {
	defer close(s.done)
	for b := range s.queue {
		n := uint64(len(b.fs))
		if s.stop.Err() != nil {
			s.c.dropped.Add(n)
			ackEvents(b.ack, b.fs, ErrSinkClosed)
			continue
		}
		if err := b.ctx.Err(); err != nil {
			s.c.dropped.Add(n)
			ackEvents(b.ack, b.fs, err)
			continue
		}
		err := s.deliverCtx(b.ctx, b.fs)
		switch {
		case err == nil:
			s.c.emitted.Add(n)
		case s.stop.Err() != nil:
			s.c.dropped.Add(n)
			err = ErrSinkClosed
		case b.ctx.Err() != nil:
			s.c.dropped.Add(n)
			err = b.ctx.Err()
		default:
			s.c.failed.Add(n)
		}
		ackEvents(b.ack, b.fs, err)
	}
}

// deliverCtx is deliver, also given up when ctx (the batch's) is done.
func (s *webhookSink) deliverCtx(ctx context.Context, batch []Event) error {
	stop, cancel := context.WithCancel(s.stop)
	defer cancel()
	defer context.AfterFunc(ctx, cancel)()
	return s.deliver(stop, batch)
}

// deliver tries to POST one batch until stop is done; nil means the
// receiver accepted it.
func (s *webhookSink) deliver(stop context.Context, batch []Event) error {
	body, err := json.Marshal(WebhookPayload{Source: "shadowtap", Sent: time.Now().UTC(), Findings: batch})
	if err != nil {
		return fmt.Errorf("sensor: webhook sink: %w", err)
	}
	delay := s.base
	for attempt := 1; ; attempt++ {
		retry, after, err := s.post(stop, body)
		if err == nil || !retry || attempt >= s.attempts {
			return err
		}
		wait := delay + time.Duration(rand.Int64N(int64(delay)/5+1))
		if after > 0 {
			wait = min(after, s.max)
		}
		if !s.sleepFn(stop, wait) {
			return err
		}
		s.c.retries.Add(1)
		delay = min(delay*2, s.max)
	}
}

// post makes one attempt. It returns a nil error on success; else whether
// the failure is transient (retry), with an optional Retry-After delay.
// Errors never carry the URL, which may hold a secret.
func (s *webhookSink) post(ctx context.Context, body []byte) (retry bool, after time.Duration, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return false, 0, errors.New("sensor: webhook sink: bad request URL")
	}
	for k, vs := range s.header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "shadowtap/"+ProductVersion)
	resp, err := s.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return true, 0, fmt.Errorf("sensor: webhook sink: %w", err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	status := fmt.Errorf("sensor: webhook sink: receiver answered %s", resp.Status)
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return false, 0, nil
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		if sec, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && sec > 0 {
			return true, time.Duration(sec) * time.Second, status
		}
		return true, 0, status
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout:
		return true, 0, status
	}
	return false, 0, status
}

func (s *webhookSink) Close() error { return s.CloseContext(context.Background()) }

// CloseContext implements ContextCloser: queued batches are delivered until
// the close timeout passes or ctx is done, whichever comes first; the
// sink's goroutine has ended when it returns.
func (s *webhookSink) CloseContext(ctx context.Context) error {
	ctx = ctxOrBackground(ctx)
	s.mu.Lock()
	if !s.closed {
		s.closed = true
		close(s.queue)
	}
	s.mu.Unlock()
	t := time.NewTimer(s.closeTimeout)
	defer t.Stop()
	select {
	case <-s.done:
	case <-t.C:
	case <-ctx.Done():
	}
	s.cancel() // abort the attempt in flight and drop what is queued
	<-s.done
	return nil
}

func (s *webhookSink) Stats() SinkStats { return s.c.stats() }

// ---------------------------------------------------------------- syslog CEF

// Syslog facility used for CEF events: local0.
const syslogFacility = 16

type syslogSink struct {
	mu       sync.Mutex
	network  string
	addr     string
	connMu   sync.Mutex // guards conn writes, for interrupt; reads under mu need not take it
	conn     net.Conn
	closed   bool
	hostname string
	now      func() time.Time
	c        sinkCounters
}

// NewSyslogCEFSink returns a sink that sends each event as a CEF event
// (FormatCEFEvent) in an RFC 5424 syslog message (facility local0, severity from
// the finding: critical→crit, high→err, medium→warning, low→notice,
// info→info, app-name "shadowtap", msgid the finding kind) to a syslog
// server. network is "udp" (one message per datagram), "tcp" (messages
// delimited by LF, the framing most SIEM collectors accept; on a write error
// the sink reconnects once and resends), "unix" or "unixgram". The address
// is dialled now, so a bad address fails early.
func NewSyslogCEFSink(network, addr string) (Sink, error) {
	switch network {
	case "udp", "udp4", "udp6", "tcp", "tcp4", "tcp6", "unix", "unixgram":
	default:
		return nil, fmt.Errorf("sensor: syslog sink: unsupported network %q (want udp, tcp, unix or unixgram)", network)
	}
	s := &syslogSink{network: network, addr: addr, now: time.Now}
	s.hostname, _ = os.Hostname()
	if s.hostname == "" {
		s.hostname = "-"
	}
	c, err := net.DialTimeout(network, addr, 5*time.Second)
	if err != nil {
		return nil, fmt.Errorf("sensor: syslog sink: %w", err)
	}
	s.conn = c
	return s, nil
}

func syslogSeverity(sev string) int {
	switch sev {
	case "critical":
		return 2
	case "high":
		return 3
	case "medium":
		return 4
	case "low":
		return 5
	}
	return 6
}

// formatSyslog renders one RFC 5424 message carrying a CEF event.
func (s *syslogSink) formatSyslog(f Event, now time.Time) []byte {
	pri := syslogFacility*8 + syslogSeverity(f.Severity.String())
	msgid := f.Kind
	if msgid == "" || len(msgid) > 32 {
		msgid = "-"
	}
	line := fmt.Sprintf("<%d>1 %s %s shadowtap %d %s - %s", pri, now.UTC().Format(time.RFC3339Nano),
		s.hostname, os.Getpid(), msgid, FormatCEFEvent(f, now))
	if isStream(s.network) {
		line += "\n"
	}
	return []byte(line)
}

func isStream(network string) bool { return strings.HasPrefix(network, "tcp") || network == "unix" }

func (s *syslogSink) Emit(ctx context.Context, fs []diff.Finding) error {
	return s.EmitEvents(ctx, openEvents(fs), nil)
}

// EmitAck implements AckSink: a finding is accepted once its message is
// written to the socket.
func (s *syslogSink) EmitAck(ctx context.Context, fs []diff.Finding, ack func([]string, error)) error {
	return s.EmitEvents(ctx, openEvents(fs), ack)
}

// EmitEvents implements EventSink, accepting as EmitAck does. Once ctx is
// done the write in progress is cut short and the rest refused.
func (s *syslogSink) EmitEvents(ctx context.Context, fs []Event, ack func([]string, error)) error {
	sent, firstErr := s.send(ctxOrBackground(ctx), fs)
	if ack != nil {
		var ok, failed []string
		for i := range fs {
			if sent[i] {
				ok = append(ok, fs[i].ID)
			} else {
				failed = append(failed, fs[i].ID)
			}
		}
		if len(ok) > 0 {
			ack(ok, nil)
		}
		if len(failed) > 0 {
			ack(failed, firstErr)
		}
	}
	return firstErr
}

// send writes one message per finding and reports which were written.
func (s *syslogSink) send(ctx context.Context, fs []Event) ([]bool, error) {
	sent := make([]bool, len(fs))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		s.c.dropped.Add(uint64(len(fs)))
		return sent, ErrSinkClosed
	}
	// A write blocked on a stalled collector returns once ctx is done.
	defer context.AfterFunc(ctx, s.interrupt)()
	var firstErr error
	for i := range fs {
		if err := ctx.Err(); err != nil {
			s.c.dropped.Add(uint64(len(fs) - i))
			if firstErr == nil {
				firstErr = err
			}
			break
		}
		if firstErr != nil && s.conn == nil {
			// The reconnect failed: refuse the rest now rather than
			// dial once per finding; they are offered again later.
			s.c.failed.Add(1)
			continue
		}
		msg := s.formatSyslog(fs[i], s.now())
		err := s.write(msg)
		if err != nil && isStream(s.network) {
			// One reconnect per failed message: a restarted collector.
			s.c.retries.Add(1)
			if s.redial(ctx) == nil {
				err = s.write(msg)
			}
		}
		if err != nil {
			s.c.failed.Add(1)
			if firstErr == nil {
				firstErr = fmt.Errorf("sensor: syslog sink: %w", err)
			}
			continue
		}
		sent[i] = true
		s.c.emitted.Add(1)
	}
	return sent, firstErr
}

func (s *syslogSink) write(msg []byte) error {
	if s.conn == nil {
		return net.ErrClosed
	}
	_ = s.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, err := s.conn.Write(msg)
	return err
}

// interrupt makes the write in progress return (send's ctx is done). It
// runs without s.mu, which send holds: conn is read under connMu.
func (s *syslogSink) interrupt() {
	s.connMu.Lock()
	c := s.conn
	s.connMu.Unlock()
	if c != nil {
		_ = c.SetWriteDeadline(time.Unix(1, 0))
	}
}

// setConn replaces the connection (under s.mu).
func (s *syslogSink) setConn(c net.Conn) {
	s.connMu.Lock()
	s.conn = c
	s.connMu.Unlock()
}

func (s *syslogSink) redial(ctx context.Context) error {
	if s.conn != nil {
		s.conn.Close()
		s.setConn(nil)
	}
	d := net.Dialer{Timeout: 5 * time.Second}
	c, err := d.DialContext(ctx, s.network, s.addr)
	if err != nil {
		return err
	}
	s.setConn(c)
	return nil
}

func (s *syslogSink) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	if s.conn != nil {
		return s.conn.Close()
	}
	return nil
}

func (s *syslogSink) Stats() SinkStats { return s.c.stats() }

// ---------------------------------------------------------------- config

// SinkConfig selects one sink. Type is "ndjson", "webhook" or "syslog".
type SinkConfig struct {
	Type string `yaml:"type" json:"type"`
	// Path is the NDJSON file ("" or "-" = the sensor's stdout).
	Path string `yaml:"path,omitempty" json:"path,omitempty"`
	// URL is the webhook endpoint (http or https).
	URL string `yaml:"url,omitempty" json:"url,omitempty"`
	// Headers are added to each webhook POST.
	Headers map[string]string `yaml:"headers,omitempty" json:"headers,omitempty"`
	// Network and Addr locate the syslog server: udp, tcp, unix, unixgram.
	Network string `yaml:"network,omitempty" json:"network,omitempty"`
	Addr    string `yaml:"addr,omitempty" json:"addr,omitempty"`
}

// key is the sink's stable identity, under which deliveries are recorded in
// the database: the type and a digest of the target (the NDJSON file as an
// absolute path, "-" for stdout; the webhook URL; the syslog network and
// address). Headers are not part of it, so changing a webhook's credentials
// keeps its record. The digest keeps webhook URLs, which may embed a
// secret, out of the database.
func (sc SinkConfig) key() string {
	var target string
	switch sc.Type {
	case "ndjson":
		target = sc.Path
		if target == "" || target == "-" {
			target = "-"
		} else if abs, err := filepath.Abs(target); err == nil {
			target = abs
		}
	case "webhook":
		target = sc.URL
	default:
		target = sc.Network + "://" + sc.Addr
	}
	sum := sha256.Sum256([]byte(target))
	return sc.Type + ":" + hex.EncodeToString(sum[:16])
}

// ParseSinkArg parses the --sink flag syntax:
//
//	ndjson                      NDJSON to stdout
//	ndjson:-                    the same
//	ndjson:/var/log/find.ndjson NDJSON appended to a file
//	webhook:https://host/hook   JSON POSTs
//	syslog:udp://host:514       CEF over syslog (udp, tcp, unix, unixgram)
//	syslog:unix:///dev/log
func ParseSinkArg(arg string) (SinkConfig, error) {
	kind, rest, _ := strings.Cut(arg, ":")
	switch kind {
	case "ndjson":
		return SinkConfig{Type: "ndjson", Path: rest}, nil
	case "webhook":
		u, err := url.Parse(rest)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return SinkConfig{}, fmt.Errorf("sensor: sink %q: webhook needs an http or https URL, as in webhook:https://host/path", arg)
		}
		return SinkConfig{Type: "webhook", URL: rest}, nil
	case "syslog":
		network, addr, ok := strings.Cut(rest, "://")
		if !ok || addr == "" {
			return SinkConfig{}, fmt.Errorf("sensor: sink %q: syslog needs NETWORK://ADDR, as in syslog:udp://siem:514", arg)
		}
		sc := SinkConfig{Type: "syslog", Network: network, Addr: addr}
		if err := sc.Validate(); err != nil {
			return SinkConfig{}, fmt.Errorf("sensor: sink %q: %w", arg, err)
		}
		return sc, nil
	}
	return SinkConfig{}, fmt.Errorf("sensor: sink %q: unknown type %q (want ndjson, webhook or syslog)", arg, kind)
}

// Validate checks a sink configuration without opening it.
func (sc SinkConfig) Validate() error {
	switch sc.Type {
	case "ndjson":
		return nil
	case "webhook":
		u, err := url.Parse(sc.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fmt.Errorf("sensor: webhook sink: url %q is not an http or https URL", sc.URL)
		}
		return nil
	case "syslog":
		switch sc.Network {
		case "udp", "udp4", "udp6", "tcp", "tcp4", "tcp6", "unix", "unixgram":
		default:
			return fmt.Errorf("sensor: syslog sink: unsupported network %q (want udp, tcp, unix or unixgram)", sc.Network)
		}
		if sc.Addr == "" {
			return errors.New("sensor: syslog sink: addr is empty")
		}
		return nil
	}
	return fmt.Errorf("sensor: unknown sink type %q (want ndjson, webhook or syslog)", sc.Type)
}

// OpenSink opens the sink sc describes; NDJSON without a path writes to
// stdout.
func OpenSink(sc SinkConfig, stdout io.Writer) (Sink, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	switch sc.Type {
	case "ndjson":
		if sc.Path == "" || sc.Path == "-" {
			return NewNDJSONSink(stdout), nil
		}
		return OpenNDJSONFile(sc.Path)
	case "webhook":
		var opts []WebhookOption
		for k, v := range sc.Headers {
			opts = append(opts, WithHeader(k, v))
		}
		return NewWebhookSink(sc.URL, opts...), nil
	default:
		return NewSyslogCEFSink(sc.Network, sc.Addr)
	}
}
