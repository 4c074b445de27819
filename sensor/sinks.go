package sensor

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shadowtap/shadowtap/diff"
)

// Sink receives new findings, each once, as they first appear.
//
// Emit is called from one goroutine at a time (the sensor's commit loop); it
// must not block for long: a sink that talks to the network queues and
// returns. Close flushes what is queued (within the sink's close timeout)
// and releases the sink; Emit after Close returns ErrSinkClosed.
type Sink interface {
	Emit(ctx context.Context, fs []diff.Finding) error
	Close() error
}

// SinkStats are a sink's counters.
type SinkStats struct {
	// Emitted counts findings delivered (written, or accepted by the
	// webhook receiver with a 2xx).
	Emitted uint64 `json:"emitted"`
	// Failed counts findings given up on after every attempt.
	Failed uint64 `json:"failed"`
	// Dropped counts findings refused because the queue was full or the
	// sink was closing.
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
	closed bool
	buf    bytes.Buffer
	c      sinkCounters
}

// NewNDJSONSink returns a sink that writes each finding as one JSON object
// per line (the JSON form of the finding, as `shadowtap diff --format
// ndjson` prints it) to w. Close does not close w.
func NewNDJSONSink(w io.Writer) Sink { return &ndjsonSink{w: w} }

// OpenNDJSONFile returns an NDJSON sink appending to the file at path
// (created 0600 if missing). Close closes the file.
func OpenNDJSONFile(path string) (Sink, error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sensor: ndjson sink: %w", err)
	}
	return &ndjsonSink{w: f, closer: f}, nil
}

func (s *ndjsonSink) Emit(_ context.Context, fs []diff.Finding) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		s.c.dropped.Add(uint64(len(fs)))
		return ErrSinkClosed
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
// ErrQueueFull: the sensor never waits for a slow receiver.
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
func WithCloseTimeout(d time.Duration) WebhookOption {
	return func(s *webhookSink) {
		if d > 0 {
			s.closeTimeout = d
		}
	}
}

// WebhookPayload is the JSON body the webhook sink POSTs.
type WebhookPayload struct {
	Source   string         `json:"source"` // "shadowtap"
	Sent     time.Time      `json:"sent"`
	Findings []diff.Finding `json:"findings"`
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

	queue   chan []diff.Finding
	mu      sync.Mutex // guards closed and sends on queue
	closed  bool
	stop    context.Context
	cancel  context.CancelFunc
	done    chan struct{}
	c       sinkCounters
	sleepFn func(ctx context.Context, d time.Duration) bool
}

// NewWebhookSink returns a sink that POSTs new findings as JSON
// (WebhookPayload, Content-Type application/json) to url. Delivery runs on
// the sink's own goroutine: Emit only queues. A batch is retried with
// exponential backoff on network errors, 5xx, 408 and 429 answers; other
// 4xx answers are not retried (counted as failed).
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
	s.queue = make(chan []diff.Finding, s.queueSize)
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

func (s *webhookSink) Emit(_ context.Context, fs []diff.Finding) error {
	if len(fs) == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		s.c.dropped.Add(uint64(len(fs)))
		return ErrSinkClosed
	}
	for len(fs) > 0 {
		n := min(len(fs), s.batchSize)
		select {
		case s.queue <- append([]diff.Finding(nil), fs[:n]...):
			fs = fs[n:]
		default:
			s.c.dropped.Add(uint64(len(fs)))
			return ErrQueueFull
		}
	}
	return nil
}

func (s *webhookSink) loop() {
	defer close(s.done)
	for batch := range s.queue {
		if s.stop.Err() != nil {
			s.c.dropped.Add(uint64(len(batch)))
			continue
		}
		if s.deliver(batch) {
			s.c.emitted.Add(uint64(len(batch)))
		} else if s.stop.Err() != nil {
			s.c.dropped.Add(uint64(len(batch)))
		} else {
			s.c.failed.Add(uint64(len(batch)))
		}
	}
}

// deliver tries to POST one batch; it reports success.
func (s *webhookSink) deliver(batch []diff.Finding) bool {
	body, err := json.Marshal(WebhookPayload{Source: "shadowtap", Sent: time.Now().UTC(), Findings: batch})
	if err != nil {
		return false
	}
	delay := s.base
	for attempt := 1; ; attempt++ {
		retry, after := s.post(body)
		if !retry {
			return after == 0
		}
		if attempt >= s.attempts {
			return false
		}
		wait := delay + time.Duration(rand.Int64N(int64(delay)/5+1))
		if after > 0 {
			wait = min(after, s.max)
		}
		if !s.sleepFn(s.stop, wait) {
			return false
		}
		s.c.retries.Add(1)
		delay = min(delay*2, s.max)
	}
}

// post makes one attempt. It returns retry=false,after=0 on success;
// retry=false,after=1 on a permanent failure; retry=true with an optional
// Retry-After delay on a transient one.
func (s *webhookSink) post(body []byte) (retry bool, after time.Duration) {
	req, err := http.NewRequestWithContext(s.stop, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return false, 1
	}
	for k, vs := range s.header {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "shadowtap/"+ProductVersion)
	resp, err := s.client.Do(req)
	if err != nil {
		return true, 0
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	switch {
	case resp.StatusCode >= 200 && resp.StatusCode < 300:
		return false, 0
	case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
		if sec, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && sec > 0 {
			return true, time.Duration(sec) * time.Second
		}
		return true, 0
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusRequestTimeout:
		return true, 0
	}
	return false, 1
}

func (s *webhookSink) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		<-s.done
		return nil
	}
	s.closed = true
	close(s.queue)
	s.mu.Unlock()
	t := time.NewTimer(s.closeTimeout)
	defer t.Stop()
	select {
	case <-s.done:
	case <-t.C:
		s.cancel() // abort the attempt in flight and drop what is queued
		<-s.done
	}
	s.cancel()
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
	conn     net.Conn
	closed   bool
	hostname string
	now      func() time.Time
	c        sinkCounters
}

// NewSyslogCEFSink returns a sink that sends each finding as a CEF event
// (FormatCEF) in an RFC 5424 syslog message (facility local0, severity from
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
func (s *syslogSink) formatSyslog(f diff.Finding, now time.Time) []byte {
	pri := syslogFacility*8 + syslogSeverity(f.Severity.String())
	msgid := f.Kind
	if msgid == "" || len(msgid) > 32 {
		msgid = "-"
	}
	line := fmt.Sprintf("<%d>1 %s %s shadowtap %d %s - %s", pri, now.UTC().Format(time.RFC3339Nano),
		s.hostname, os.Getpid(), msgid, FormatCEF(f, now))
	if isStream(s.network) {
		line += "\n"
	}
	return []byte(line)
}

func isStream(network string) bool { return strings.HasPrefix(network, "tcp") || network == "unix" }

func (s *syslogSink) Emit(_ context.Context, fs []diff.Finding) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		s.c.dropped.Add(uint64(len(fs)))
		return ErrSinkClosed
	}
	var firstErr error
	for i := range fs {
		msg := s.formatSyslog(fs[i], s.now())
		err := s.write(msg)
		if err != nil && isStream(s.network) {
			// One reconnect per failed message: a restarted collector.
			s.c.retries.Add(1)
			if s.redial() == nil {
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
		s.c.emitted.Add(1)
	}
	return firstErr
}

func (s *syslogSink) write(msg []byte) error {
	if s.conn == nil {
		return net.ErrClosed
	}
	_ = s.conn.SetWriteDeadline(time.Now().Add(5 * time.Second))
	_, err := s.conn.Write(msg)
	return err
}

func (s *syslogSink) redial() error {
	if s.conn != nil {
		s.conn.Close()
		s.conn = nil
	}
	c, err := net.DialTimeout(s.network, s.addr, 5*time.Second)
	if err != nil {
		return err
	}
	s.conn = c
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
