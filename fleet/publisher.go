package fleet

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/shadowtap/shadowtap/storage"
)

// Auxiliary buckets of a sensor's database (storage.DB.AuxUpdate).
const (
	// auxPub holds the publish state: keyIncarnation and keySeq (uint64
	// big-endian).
	auxPub = "fleet.publish"
	// auxSpool holds the names of the hosts committed but not yet
	// acknowledged by JetStream (values empty): the spool. Their blobs are
	// the database's own (each host's latest), so the spool is at most one
	// entry per stored host, bounded by the host cap (--max-hosts).
	auxSpool = "fleet.spool"
)

var (
	keyIncarnation = []byte("incarnation")
	keySeq         = []byte("seq")
)

// PublisherOptions configure NewPublisher.
type PublisherOptions struct {
	Conn   Conn
	Stream Stream
	// SensorID names the sensor in the fleet (one subject token: letters,
	// digits, '-', '_'; at most 64). Default: the host name, cleaned.
	SensorID string
	// NoResync publishes only what changes; by default a starting sensor
	// republishes every stored host once, so a collector that joined late
	// or lost its database gets the whole inventory again.
	NoResync bool
	// SaltWait is how long Attach waits for NATS to settle the fleet salt
	// (default 10 s). Past it the sensor starts with its database's salt,
	// checked against the fleet's once NATS answers (publishing waits).
	SaltWait time.Duration
	// PublishTimeout bounds one publish and its acknowledgement (default
	// 5 s).
	PublishTimeout time.Duration
	// Logf receives warnings and lifecycle lines (default: none).
	Logf func(format string, args ...any)
}

// PublisherStats are a publisher's counters.
type PublisherStats struct {
	// Published counts messages JetStream acknowledged (Duplicates of
	// them were already stored: a retry after a lost acknowledgement).
	Published, Duplicates uint64
	// Failures counts failed publish attempts (each retried).
	Failures uint64
	// Oversize counts host blobs larger than the server's max_payload,
	// which cannot be published (raise max_payload).
	Oversize uint64
	// Pending is the number of hosts waiting to be published (the spool).
	Pending int
	// Seq is the last sequence number used.
	Seq uint64
}

// Publisher publishes a sensor's committed inventory deltas to JetStream.
// It implements sensor.Publisher.
type Publisher struct {
	opts PublisherOptions
	nc   *nats.Conn
	js   jetstream.JetStream
	db   *storage.DB

	mu        sync.Mutex
	pending   map[string]pend // host -> latest blob not yet acknowledged
	unspooled map[string]bool // pending hosts not yet written to the spool
	gen       uint64
	counters  map[string]uint64
	countersN bool // counters changed since the last message

	inc, seq uint64   // loop goroutine (and Close after it)
	inflight *message // sent but not acknowledged: resent as is
	ready    bool     // salt agreed and stream present

	wake   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
	closed atomic.Bool

	published, duplicates, failures, oversize atomic.Uint64
	lastSeq                                   atomic.Uint64
}

type pend struct {
	blob []byte
	gen  uint64
}

type message struct {
	delta Delta
	data  []byte
	gens  map[string]uint64
}

// NewPublisher connects to NATS (in the background: an unreachable server
// is retried forever) and returns a publisher to put in sensor.Config.
func NewPublisher(opts PublisherOptions) (*Publisher, error) {
	if opts.SensorID == "" {
		opts.SensorID = DefaultSensorID()
	}
	if !validSensorID(opts.SensorID) {
		return nil, fmt.Errorf("fleet: sensor id %q: use 1 to 64 letters, digits, '-' or '_'", opts.SensorID)
	}
	opts.Stream = opts.Stream.withDefaults()
	if opts.SaltWait <= 0 {
		opts.SaltWait = 10 * time.Second
	}
	if opts.PublishTimeout <= 0 {
		opts.PublishTimeout = 5 * time.Second
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	if opts.Conn.Name == "" {
		opts.Conn.Name = "shadowtap sensor " + opts.SensorID
	}
	p := &Publisher{opts: opts, pending: map[string]pend{}, unspooled: map[string]bool{},
		wake: make(chan struct{}, 1), done: make(chan struct{})}
	p.ctx, p.cancel = context.WithCancel(context.Background())
	var err error
	if p.nc, err = opts.Conn.connect(opts.Logf); err != nil {
		return nil, err
	}
	if p.js, err = jetstream.New(p.nc); err != nil {
		p.nc.Close()
		return nil, err
	}
	return p, nil
}

// DefaultSensorID is the host name with what a subject token cannot hold
// replaced by '-'.
func DefaultSensorID() string {
	h, _ := os.Hostname()
	h = strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '-'
	}, h)
	if len(h) > 64 {
		h = h[:64]
	}
	if h == "" {
		h = "sensor"
	}
	return h
}

// SensorID returns the sensor's id in the fleet.
func (p *Publisher) SensorID() string { return p.opts.SensorID }

// Attach settles the fleet salt with db, loads the publish state and the
// spool, and starts publishing (sensor.Publisher).
func (p *Publisher) Attach(db *storage.DB) error {
	p.db = db
	ctx, cancel := context.WithTimeout(p.ctx, p.opts.SaltWait)
	err := p.prepare(ctx)
	cancel()
	switch {
	case errors.Is(err, ErrSaltMismatch):
		return err
	case err != nil:
		p.opts.Logf("NATS does not answer yet (%v): capturing with the database's salt, checked against the fleet's before the first publish", err)
	default:
		p.ready = true
	}
	// Stats may be read meanwhile: the pending set is filled under mu.
	p.mu.Lock()
	defer p.mu.Unlock()
	err = db.AuxUpdate(func(tx storage.AuxTx) error {
		b, err := tx.Bucket(auxPub)
		if err != nil {
			return err
		}
		if v := b.Get(keyIncarnation); len(v) == 8 {
			p.inc = binary.BigEndian.Uint64(v)
		} else {
			p.inc = uint64(time.Now().UnixNano())
			if err := b.Put(keyIncarnation, be64(p.inc)); err != nil {
				return err
			}
		}
		if v := b.Get(keySeq); len(v) == 8 {
			p.seq = binary.BigEndian.Uint64(v)
		}
		sp, err := tx.Bucket(auxSpool)
		if err != nil {
			return err
		}
		return sp.ForEach(nil, func(k, _ []byte) error {
			p.pending[string(k)] = pend{}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("fleet: publish state: %w", err)
	}
	p.lastSeq.Store(p.seq)
	if len(p.pending) > 0 || !p.opts.NoResync {
		blobs, err := db.LoadHosts()
		if err != nil {
			return err
		}
		for h, b := range blobs {
			if _, spooled := p.pending[h]; spooled || !p.opts.NoResync {
				p.gen++
				p.pending[h] = pend{blob: b, gen: p.gen}
				if !spooled {
					p.unspooled[h] = true
				}
			}
		}
		for h, e := range p.pending {
			if e.blob == nil { // spooled, no longer stored: nothing to send
				delete(p.pending, h)
			}
		}
	}
	go p.loop()
	p.poke()
	return nil
}

// prepare agrees on the salt and makes sure the stream exists.
func (p *Publisher) prepare(ctx context.Context) error {
	for {
		tctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		err := adoptFleetSalt(tctx, p.js, p.opts.Stream, p.db)
		if err == nil {
			_, err = ensureStream(tctx, p.js, p.opts.Stream)
		}
		cancel()
		if err == nil || errors.Is(err, ErrSaltMismatch) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// Publish queues a committed delta (sensor.Publisher); it never blocks on
// the network or the disk.
func (p *Publisher) Publish(hosts map[string][]byte, counters map[string]uint64) {
	p.mu.Lock()
	for h, b := range hosts {
		p.gen++
		p.pending[h] = pend{blob: b, gen: p.gen}
		p.unspooled[h] = true
	}
	p.counters = counters
	p.countersN = true
	p.mu.Unlock()
	p.poke()
}

func (p *Publisher) poke() {
	select {
	case p.wake <- struct{}{}:
	default:
	}
}

// Stats returns the publisher's counters.
func (p *Publisher) Stats() PublisherStats {
	p.mu.Lock()
	n := len(p.pending)
	p.mu.Unlock()
	return PublisherStats{Published: p.published.Load(), Duplicates: p.duplicates.Load(), Failures: p.failures.Load(),
		Oversize: p.oversize.Load(), Pending: n, Seq: p.lastSeq.Load()}
}

// loop spools and publishes until Close.
func (p *Publisher) loop() {
	defer close(p.done)
	const maxBackoff = 15 * time.Second
	backoff := time.Duration(0)
	var retry <-chan time.Time
	for {
		select {
		case <-p.ctx.Done():
			return
		case <-p.wake:
		case <-retry:
		}
		retry = nil
		err := p.spool()
		if err == nil && !p.ready {
			if err = p.prepare(p.ctx); err == nil {
				p.ready = true
				p.opts.Logf("fleet salt agreed; publishing to stream %s", p.opts.Stream.Name)
			} else if errors.Is(err, ErrSaltMismatch) {
				p.opts.Logf("not publishing: %v", err)
			}
		}
		if err == nil {
			err = p.flush(p.ctx)
		}
		if err == nil {
			backoff = 0
			continue
		}
		if p.ctx.Err() != nil {
			return
		}
		backoff = min(max(2*backoff, 500*time.Millisecond), maxBackoff)
		retry = time.After(backoff)
	}
}

// spool writes the names of newly pending hosts to the database.
func (p *Publisher) spool() error {
	p.mu.Lock()
	names := make([]string, 0, len(p.unspooled))
	for h := range p.unspooled {
		names = append(names, h)
	}
	p.mu.Unlock()
	if len(names) == 0 {
		return nil
	}
	err := p.db.AuxUpdate(func(tx storage.AuxTx) error {
		b, err := tx.Bucket(auxSpool)
		if err != nil {
			return err
		}
		for _, h := range names {
			if err := b.Put([]byte(h), nil); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("fleet: spool: %w", err)
	}
	p.mu.Lock()
	for _, h := range names {
		delete(p.unspooled, h)
	}
	p.mu.Unlock()
	return nil
}

// flush publishes until nothing is pending; the first failure stops it.
func (p *Publisher) flush(ctx context.Context) error {
	for {
		if p.inflight == nil {
			m, err := p.next()
			if err != nil || m == nil {
				return err
			}
			p.inflight = m
		}
		if err := p.send(ctx, p.inflight); err != nil {
			p.failures.Add(1)
			return err
		}
		p.acked(p.inflight)
		p.inflight = nil
	}
}

// next builds the next message from what is pending (nil: nothing to
// send), reserving its sequence number in the database first so that a
// number is never reused for other content after a crash.
func (p *Publisher) next() (*message, error) {
	limit := 1 << 20
	if mp := p.nc.MaxPayload(); mp > 0 {
		limit = int(mp)
	}
	limit -= 4 << 10 // headers
	p.mu.Lock()
	hosts := make([]string, 0, len(p.pending))
	for h := range p.pending {
		hosts = append(hosts, h)
	}
	slices.Sort(hosts)
	if len(hosts) == 0 && !p.countersN {
		p.mu.Unlock()
		return nil, nil
	}
	d := Delta{Sensor: p.opts.SensorID, Incarnation: p.inc, Counters: p.counters, Hosts: map[string][]byte{}}
	gens := map[string]uint64{}
	// Take hosts until their raw size reaches the limit (compression
	// only shrinks them), then halve while the encoding is too large.
	size := 0
	for _, h := range hosts {
		e := p.pending[h]
		if size > 0 && size+len(e.blob) > 4*limit {
			break
		}
		d.Hosts[h], gens[h] = e.blob, e.gen
		size += len(e.blob)
	}
	p.countersN = false
	p.mu.Unlock()
	d.Time = time.Now().UTC()
	d.Seq = p.seq + 1
	data := d.Encode()
	for len(data) > limit && len(d.Hosts) > 1 {
		keep := sortedKeys(d.Hosts)[:len(d.Hosts)/2]
		nd := Delta{Sensor: d.Sensor, Incarnation: d.Incarnation, Seq: d.Seq, Time: d.Time, Counters: d.Counters, Hosts: map[string][]byte{}}
		ng := map[string]uint64{}
		for _, h := range keep {
			nd.Hosts[h], ng[h] = d.Hosts[h], gens[h]
		}
		d, gens = nd, ng
		data = d.Encode()
	}
	if len(data) > limit {
		// One host alone is too large: it cannot go through this server.
		h := sortedKeys(d.Hosts)[0]
		p.oversize.Add(1)
		p.opts.Logf("host %q: its inventory (%d bytes encoded) exceeds the NATS max_payload; not published (raise max_payload)", h, len(data))
		p.mu.Lock()
		if e, ok := p.pending[h]; ok && e.gen == gens[h] {
			delete(p.pending, h)
		}
		p.mu.Unlock()
		return p.next()
	}
	if err := p.db.AuxUpdate(func(tx storage.AuxTx) error {
		b, err := tx.Bucket(auxPub)
		if err != nil {
			return err
		}
		return b.Put(keySeq, be64(d.Seq))
	}); err != nil {
		p.mu.Lock()
		p.countersN = true
		p.mu.Unlock()
		return nil, fmt.Errorf("fleet: reserve sequence: %w", err)
	}
	p.seq = d.Seq
	p.lastSeq.Store(d.Seq)
	return &message{delta: d, data: data, gens: gens}, nil
}

func sortedKeys(m map[string][]byte) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// send publishes m and waits for JetStream's acknowledgement.
func (p *Publisher) send(ctx context.Context, m *message) error {
	ctx, cancel := context.WithTimeout(ctx, p.opts.PublishTimeout)
	defer cancel()
	msg := &nats.Msg{Subject: p.opts.Stream.subjectOf(m.delta.Sensor), Data: m.data, Header: nats.Header{}}
	msg.Header.Set("Shadowtap-Sensor", m.delta.Sensor)
	msg.Header.Set("Shadowtap-Seq", fmt.Sprint(m.delta.Seq))
	ack, err := p.js.PublishMsg(ctx, msg, jetstream.WithMsgID(m.delta.MsgID()), jetstream.WithExpectStream(p.opts.Stream.Name))
	if err != nil {
		return fmt.Errorf("fleet: publish seq %d: %w", m.delta.Seq, err)
	}
	p.published.Add(1)
	if ack.Duplicate {
		p.duplicates.Add(1)
	}
	return nil
}

// acked drops the hosts m carried from the spool, unless a newer blob
// arrived meanwhile.
func (p *Publisher) acked(m *message) {
	var done []string
	p.mu.Lock()
	for h, g := range m.gens {
		if e, ok := p.pending[h]; ok && e.gen == g {
			delete(p.pending, h)
			if !p.unspooled[h] {
				done = append(done, h)
			}
			delete(p.unspooled, h)
		}
	}
	p.mu.Unlock()
	if len(done) == 0 {
		return
	}
	// A failure here leaves names in the spool: they are republished at
	// the next start, which changes nothing at the collector.
	_ = p.db.AuxUpdate(func(tx storage.AuxTx) error {
		b, err := tx.Bucket(auxSpool)
		if err != nil {
			return err
		}
		for _, h := range done {
			if err := b.Delete([]byte(h)); err != nil {
				return err
			}
		}
		return nil
	})
}

// Close stops the loop, publishes what is pending until ctx is done,
// writes what is left to the spool and closes the connection
// (sensor.Publisher).
func (p *Publisher) Close(ctx context.Context) error {
	if !p.closed.CompareAndSwap(false, true) {
		return nil
	}
	p.cancel()
	if p.db == nil { // never attached
		p.nc.Close()
		return nil
	}
	<-p.done
	var err error
	if p.ready && p.nc.IsConnected() {
		err = p.flush(ctx)
	}
	if serr := p.spool(); serr != nil && err == nil {
		err = serr
	}
	if n := p.Stats().Pending; n > 0 {
		p.opts.Logf("%d hosts not published yet; kept in the spool for the next start", n)
	}
	p.nc.Close()
	return err
}

func be64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}
