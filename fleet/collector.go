package fleet

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/sensor"
	"github.com/shadowtap/shadowtap/storage"
)

// Auxiliary buckets of the collector's database.
const (
	// auxBlobs: sensor "\x00" host -> incarnation, seq (uint64 big-endian
	// each) and the sensor's latest blob for the host.
	auxBlobs = "fleet.blobs"
	// auxSensors: sensor -> SensorHealth as JSON.
	auxSensors = "fleet.sensors"
)

// CollectorOptions configure OpenCollector.
type CollectorOptions struct {
	Conn   Conn
	Stream Stream
	// Name is the collector's durable consumer. Every collector needs its
	// own (each gets every delta and keeps a full copy of the inventory);
	// two collectors sharing a name would split the deltas between them.
	// Default "collector-" and the host name.
	Name string
	// DB is the central database (the collector's own; it also gets the
	// merged host blobs, so `shadowtap endpoints --db` reads it offline).
	DB *storage.DB
	// Inventory is the configuration of the merged inventory (caps,
	// hints); its salt is the fleet's.
	Inventory inventory.Config
	// Specs, CoveredHostsOnly and LenientMethods are as in sensor.Config:
	// findings are evaluated over the whole fleet's endpoints.
	Specs            []*diff.Spec
	CoveredHostsOnly bool
	LenientMethods   bool
	// Batch is the most messages fetched and committed at once (default
	// 256). AckWait is JetStream's redelivery delay for a message not
	// acknowledged (default 30 s).
	Batch   int
	AckWait time.Duration
	// DiffInterval is the shortest time between two evaluations of the
	// findings (default 1 s).
	DiffInterval time.Duration
	// Logf receives warnings and lifecycle lines (default: none).
	Logf func(format string, args ...any)
}

// SensorHealth is what the collector knows of one sensor
// (GET /api/v1/sensors).
type SensorHealth struct {
	Sensor      string `json:"sensor"`
	Incarnation uint64 `json:"incarnation"`
	// LastSeq is the newest sequence number applied.
	LastSeq uint64 `json:"last_seq"`
	// LastDelta is when the sensor sent it (its clock), LastReceived when
	// the collector applied it; LagSeconds is the difference (delivery
	// lag, clock skew included) and AgeSeconds the time since LastReceived
	// (filled when served).
	LastDelta    time.Time `json:"last_delta"`
	LastReceived time.Time `json:"last_received"`
	LagSeconds   float64   `json:"lag_seconds"`
	AgeSeconds   float64   `json:"age_seconds"`
	// Deltas counts messages applied; Stale those that changed nothing (a
	// duplicate, or older than what was applied).
	Deltas uint64 `json:"deltas"`
	Stale  uint64 `json:"stale"`
	// Hosts and Endpoints are the sensor's own (filled when served).
	Hosts     int `json:"hosts"`
	Endpoints int `json:"endpoints"`
	// Counters are the sensor's cumulative counters of its last delta:
	// packets, bytes, exchanges, kernel_drops, flows_dropped, gaps, commits.
	Counters map[string]uint64 `json:"counters"`
}

// Endpoint is an endpoint of the merged inventory with the sensors that
// saw it (GET /api/v1/endpoints on a collector).
type Endpoint struct {
	inventory.Endpoint
	Sensors []string `json:"sensors"`
}

type sensorBlob struct {
	inc, seq uint64
	blob     []byte
}

type epKey struct{ method, path string }

// view is what the API serves, replaced whole after each batch.
type view struct {
	eps     []inventory.Endpoint
	sensors [][]string // sensors[i] saw eps[i]
	noise   []inventory.Noise
	tls     []inventory.TLSService
}

// Collector merges the fleet's deltas into one inventory. It implements
// sensor.DataSource.
type Collector struct {
	opts    CollectorOptions
	started time.Time

	// mu guards the merge state; the apply goroutine writes, Sensors reads.
	mu        sync.RWMutex
	blobs     map[string]map[string]*sensorBlob // host -> sensor -> blob
	health    map[string]*SensorHealth
	hostEps   map[string][]inventory.Endpoint
	hostSens  map[string][][]string // parallel to hostEps
	hostNoise map[string][]inventory.Noise
	tls       []inventory.TLSService
	ownEps    map[string]map[string][]epKey // host -> sensor -> its endpoints

	view     atomic.Pointer[view]
	findMu   sync.RWMutex
	findings []diff.Finding
	diffWant chan struct{}

	batches, applied, stale, badMsgs, blobErrs atomic.Uint64
	lastCommit, streamPending                  atomic.Int64
}

// OpenCollector loads the central state stored in opts.DB (NATS is not
// needed yet: Run connects).
func OpenCollector(opts CollectorOptions) (*Collector, error) {
	if opts.DB == nil {
		return nil, errors.New("fleet: collector without a database")
	}
	opts.Stream = opts.Stream.withDefaults()
	if opts.Name == "" {
		opts.Name = "collector-" + DefaultSensorID()
	}
	if !validSensorID(opts.Name) {
		return nil, fmt.Errorf("fleet: collector name %q: use 1 to 64 letters, digits, '-' or '_'", opts.Name)
	}
	if opts.Batch <= 0 {
		opts.Batch = 256
	}
	if opts.AckWait <= 0 {
		opts.AckWait = 30 * time.Second
	}
	if opts.DiffInterval <= 0 {
		opts.DiffInterval = time.Second
	}
	if opts.Logf == nil {
		opts.Logf = func(string, ...any) {}
	}
	if opts.Conn.Name == "" {
		opts.Conn.Name = "shadowtap " + opts.Name
	}
	c := &Collector{opts: opts, started: time.Now(), blobs: map[string]map[string]*sensorBlob{},
		health: map[string]*SensorHealth{}, hostEps: map[string][]inventory.Endpoint{}, hostSens: map[string][][]string{},
		hostNoise: map[string][]inventory.Noise{}, ownEps: map[string]map[string][]epKey{}, diffWant: make(chan struct{}, 1)}
	err := opts.DB.AuxView(func(tx storage.AuxTx) error {
		b, err := tx.Bucket(auxBlobs)
		if err != nil {
			return err
		}
		err = b.ForEach(nil, func(k, v []byte) error {
			sen, host, ok := strings.Cut(string(k), "\x00")
			if !ok || len(v) < 16 {
				return fmt.Errorf("fleet: bad stored blob record %.80q", k)
			}
			c.put(host, sen, &sensorBlob{inc: binary.BigEndian.Uint64(v), seq: binary.BigEndian.Uint64(v[8:]), blob: append([]byte{}, v[16:]...)})
			return nil
		})
		if err != nil {
			return err
		}
		s, err := tx.Bucket(auxSensors)
		if err != nil {
			return err
		}
		return s.ForEach(nil, func(k, v []byte) error {
			var h SensorHealth
			if err := json.Unmarshal(v, &h); err != nil {
				return fmt.Errorf("fleet: stored health of sensor %q: %w", k, err)
			}
			c.health[string(k)] = &h
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	for host, bySensor := range c.blobs {
		for sen := range bySensor {
			c.ownEndpoints(host, sen)
		}
		c.rebuild(host)
	}
	c.publishView()
	c.evaluate()
	return c, nil
}

func (c *Collector) put(host, sen string, b *sensorBlob) {
	m := c.blobs[host]
	if m == nil {
		m = map[string]*sensorBlob{}
		c.blobs[host] = m
	}
	m[sen] = b
}

// newInventory is an empty inventory with the collector's configuration.
func (c *Collector) newInventory() *inventory.Inventory { return inventory.New(c.opts.Inventory) }

// ownEndpoints records the endpoints of one sensor's blob alone (for the
// sensors column). Under mu (write) or before the collector is shared.
func (c *Collector) ownEndpoints(host, sen string) {
	if host == inventory.TLSKey {
		return
	}
	inv := c.newInventory()
	var keys []epKey
	if err := inv.LoadHost(host, c.blobs[host][sen].blob); err == nil {
		for _, e := range inv.Endpoints() {
			keys = append(keys, epKey{e.Method, e.Path})
		}
	}
	m := c.ownEps[host]
	if m == nil {
		m = map[string][]epKey{}
		c.ownEps[host] = m
	}
	m[sen] = keys
}

// rebuild merges every sensor's blob of host into a fresh inventory: the
// merged state of a host never depends on the order or number of times
// deltas arrived. It returns the merged blob. Under mu (write).
func (c *Collector) rebuild(host string) []byte {
	inv := c.newInventory()
	sens := slices.Sorted(maps.Keys(c.blobs[host]))
	for _, s := range sens {
		if err := inv.LoadHost(host, c.blobs[host][s].blob); err != nil {
			c.blobErrs.Add(1)
			c.opts.Logf("sensor %s, host %q: blob does not load: %v", s, host, err)
		}
	}
	merged, _ := inv.MarshalHost(host)
	if host == inventory.TLSKey {
		c.tls = inv.TLSServices()
		return merged
	}
	eps := inv.Endpoints()
	c.hostEps[host] = eps
	c.hostNoise[host] = inv.Noise()
	who := make([][]string, len(eps))
	for _, s := range sens {
		for _, k := range c.ownEps[host][s] {
			for i := range eps {
				if eps[i].Method == k.method && covers(eps[i].Path, k.path) {
					if n := len(who[i]); n == 0 || who[i][n-1] != s {
						who[i] = append(who[i], s)
					}
				}
			}
		}
	}
	c.hostSens[host] = who
	return merged
}

// covers reports whether the merged template t stands for the template p
// of one sensor: the same segments, where t may have a parameter in place
// of p's literal (the merged evidence generalised it).
func covers(t, p string) bool {
	if t == p {
		return true
	}
	ts, ps := strings.Split(t, "/"), strings.Split(p, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if ts[i] != ps[i] && !(strings.HasPrefix(ts[i], "{") && strings.HasSuffix(ts[i], "}")) {
			return false
		}
	}
	return true
}

// publishView flattens the per-host state for the API. Under mu.
func (c *Collector) publishView() {
	v := &view{tls: c.tls}
	for _, h := range slices.Sorted(maps.Keys(c.hostEps)) {
		v.eps = append(v.eps, c.hostEps[h]...)
		v.sensors = append(v.sensors, c.hostSens[h]...)
	}
	for _, h := range slices.Sorted(maps.Keys(c.hostNoise)) {
		v.noise = append(v.noise, c.hostNoise[h]...)
	}
	c.view.Store(v)
}

// evaluate re-runs the diff over the whole fleet.
func (c *Collector) evaluate() {
	v := c.view.Load()
	fs := diff.Diff(v.eps, c.opts.Specs, diff.Options{IncludeUncoveredHosts: !c.opts.CoveredHostsOnly,
		LenientMethods: c.opts.LenientMethods, TLS: v.tls})
	c.findMu.Lock()
	c.findings = fs
	c.findMu.Unlock()
}

// Run consumes deltas until ctx is done: it agrees on the fleet salt,
// creates the stream and the durable consumer when absent, then fetches
// batches, stores them, merges them and acknowledges them. NATS failures
// are retried; it returns nil when ctx ends, or a database error.
func (c *Collector) Run(ctx context.Context) error {
	nc, err := c.opts.Conn.connect(c.opts.Logf)
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return err
	}
	diffDone := make(chan struct{})
	go c.diffLoop(ctx, diffDone)
	defer func() { <-diffDone }()

	var cons jetstream.Consumer
	var lastInfo time.Time
	for ctx.Err() == nil {
		if cons == nil {
			if cons, err = c.setup(ctx, js); err != nil {
				if errors.Is(err, ErrSaltMismatch) {
					return err
				}
				c.opts.Logf("waiting for NATS JetStream: %v", err)
				sleep(ctx, time.Second)
				continue
			}
			c.opts.Logf("consuming stream %s as %s", c.opts.Stream.Name, c.opts.Name)
		}
		// What is there, up to a batch, at once; when nothing is, wait
		// for one message (Fetch would wait to fill the batch: latency).
		batch, err := cons.FetchNoWait(c.opts.Batch)
		var msgs []jetstream.Msg
		if err == nil {
			for m := range batch.Messages() {
				msgs = append(msgs, m)
			}
			if len(msgs) == 0 {
				if batch, err = cons.Fetch(1, jetstream.FetchMaxWait(time.Second)); err == nil {
					for m := range batch.Messages() {
						msgs = append(msgs, m)
					}
				}
			}
		}
		if err != nil {
			if errors.Is(err, jetstream.ErrConsumerNotFound) || errors.Is(err, jetstream.ErrStreamNotFound) {
				cons = nil
			}
			sleep(ctx, 200*time.Millisecond)
			continue
		}
		if len(msgs) > 0 {
			if err := c.apply(msgs); err != nil {
				for _, m := range msgs {
					_ = m.Nak()
				}
				c.opts.Logf("apply failed (the deltas come again): %v", err)
				sleep(ctx, time.Second)
				continue
			}
		}
		if time.Since(lastInfo) > 2*time.Second {
			ictx, cancel := context.WithTimeout(ctx, time.Second)
			if info, err := cons.Info(ictx); err == nil {
				c.streamPending.Store(int64(info.NumPending + uint64(info.NumAckPending)))
				lastInfo = time.Now()
			}
			cancel()
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) {
	select {
	case <-ctx.Done():
	case <-time.After(d):
	}
}

// setup agrees on the salt and finds or creates the stream and the
// durable consumer.
func (c *Collector) setup(ctx context.Context, js jetstream.JetStream) (jetstream.Consumer, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	if err := adoptFleetSalt(ctx, js, c.opts.Stream, c.opts.DB); err != nil {
		return nil, err
	}
	st, err := ensureStream(ctx, js, c.opts.Stream)
	if err != nil {
		return nil, err
	}
	cons, err := st.Consumer(ctx, c.opts.Name)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		cons, err = st.CreateConsumer(ctx, jetstream.ConsumerConfig{
			Durable:       c.opts.Name,
			Description:   "shadowtap collector",
			DeliverPolicy: jetstream.DeliverAllPolicy,
			AckPolicy:     jetstream.AckExplicitPolicy,
			AckWait:       c.opts.AckWait,
			MaxDeliver:    -1,
			MaxAckPending: 8 * c.opts.Batch,
			FilterSubject: c.opts.Stream.allSubjects(),
		})
	}
	return cons, err
}

// diffLoop re-evaluates the findings after changes, at most once per
// DiffInterval.
func (c *Collector) diffLoop(ctx context.Context, done chan struct{}) {
	defer close(done)
	for {
		select {
		case <-ctx.Done():
			return
		case <-c.diffWant:
		}
		c.evaluate()
		sleep(ctx, c.opts.DiffInterval)
	}
}

// Apply merges deltas given directly (tests, tools): decoded messages as
// Run would get them.
func (c *Collector) Apply(data ...[]byte) error {
	msgs := make([]jetstream.Msg, len(data))
	for i, d := range data {
		msgs[i] = rawMsg(d)
	}
	err := c.apply(msgs)
	c.evaluate()
	return err
}

// apply stores the news of a batch in one transaction, then merges it and
// acknowledges every message. A message that does not decode is logged,
// counted and acknowledged too (a redelivery would not decode either).
func (c *Collector) apply(msgs []jetstream.Msg) error {
	now := time.Now().UTC()
	type upd struct {
		host, sen string
		b         *sensorBlob
	}
	staged := map[[2]string]*sensorBlob{}
	var order []upd
	health := map[string]*SensorHealth{}
	c.mu.RLock()
	for _, m := range msgs {
		d, err := DecodeDelta(m.Data())
		if err != nil {
			c.badMsgs.Add(1)
			c.opts.Logf("dropping a message on %s: %v", m.Subject(), err)
			continue
		}
		h := health[d.Sensor]
		if h == nil {
			if old := c.health[d.Sensor]; old != nil {
				cp := *old
				h = &cp
			} else {
				h = &SensorHealth{Sensor: d.Sensor}
			}
			health[d.Sensor] = h
		}
		changed := false
		for host, blob := range d.Hosts {
			k := [2]string{host, d.Sensor}
			cur := staged[k]
			if cur == nil {
				cur = c.blobs[host][d.Sensor]
			}
			if cur != nil && !newer(d.Incarnation, d.Seq, cur.inc, cur.seq) {
				continue
			}
			// A blob that does not load would replace the sensor's last
			// good state of the host; keep that one instead.
			if err := c.newInventory().LoadHost(host, blob); err != nil {
				c.blobErrs.Add(1)
				c.opts.Logf("sensor %s, host %q: blob does not load, keeping the previous one: %v", d.Sensor, host, err)
				continue
			}
			b := &sensorBlob{inc: d.Incarnation, seq: d.Seq, blob: blob}
			staged[k] = b
			order = append(order, upd{host, d.Sensor, b})
			changed = true
		}
		if newer(d.Incarnation, d.Seq, h.Incarnation, h.LastSeq) {
			h.Incarnation, h.LastSeq, h.LastDelta, h.LastReceived = d.Incarnation, d.Seq, d.Time, now
			h.LagSeconds = now.Sub(d.Time).Seconds()
			h.Counters = d.Counters
			changed = true
		}
		if changed {
			h.Deltas++
		} else {
			h.Stale++
			c.stale.Add(1)
		}
	}
	c.mu.RUnlock()

	err := c.opts.DB.AuxUpdate(func(tx storage.AuxTx) error {
		bb, err := tx.Bucket(auxBlobs)
		if err != nil {
			return err
		}
		for _, u := range order {
			if staged[[2]string{u.host, u.sen}] != u.b {
				continue // superseded within the batch
			}
			v := make([]byte, 16+len(u.b.blob))
			binary.BigEndian.PutUint64(v, u.b.inc)
			binary.BigEndian.PutUint64(v[8:], u.b.seq)
			copy(v[16:], u.b.blob)
			if err := bb.Put([]byte(u.sen+"\x00"+u.host), v); err != nil {
				return err
			}
		}
		sb, err := tx.Bucket(auxSensors)
		if err != nil {
			return err
		}
		for s, h := range health {
			j, err := json.Marshal(h)
			if err != nil {
				return err
			}
			if err := sb.Put([]byte(s), j); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("fleet: store deltas: %w", err)
	}

	c.mu.Lock()
	changedHosts := map[string]bool{}
	for k, b := range staged {
		c.put(k[0], k[1], b)
		changedHosts[k[0]] = true
	}
	for k := range staged {
		c.ownEndpoints(k[0], k[1])
	}
	maps.Copy(c.health, health)
	merged := make(map[string][]byte, len(changedHosts))
	for h := range changedHosts {
		if b := c.rebuild(h); b != nil {
			merged[h] = b
		}
	}
	if len(changedHosts) > 0 {
		c.publishView()
	}
	c.mu.Unlock()

	// The merged blobs make the central database readable offline; they
	// are derived (rebuilt from fleet.blobs at start), so a failure here
	// only warns.
	if len(merged) > 0 {
		if err := c.opts.DB.Commit(storage.Batch{Hosts: merged}); err != nil {
			c.opts.Logf("warning: storing the merged hosts: %v", err)
		}
	}
	for _, m := range msgs {
		_ = m.Ack() // a lost ack redelivers: applying again changes nothing
	}
	c.batches.Add(1)
	c.applied.Add(uint64(len(msgs)))
	c.lastCommit.Store(time.Now().UnixNano())
	if len(changedHosts) > 0 {
		select {
		case c.diffWant <- struct{}{}:
		default:
		}
	}
	return nil
}

// Endpoints returns the merged endpoints (sensor.DataSource).
func (c *Collector) Endpoints() []inventory.Endpoint { return c.view.Load().eps }

// FleetEndpoints returns the merged endpoints with the sensors that saw
// each; sensor, when not empty, keeps those that sensor saw.
func (c *Collector) FleetEndpoints(sensorID string) []Endpoint {
	v := c.view.Load()
	out := make([]Endpoint, 0, len(v.eps))
	for i := range v.eps {
		s := v.sensors[i]
		if s == nil {
			s = []string{}
		}
		if sensorID != "" && !slices.Contains(s, sensorID) {
			continue
		}
		out = append(out, Endpoint{Endpoint: v.eps[i], Sensors: s})
	}
	return out
}

// Noise returns the merged noise (sensor.DataSource).
func (c *Collector) Noise() []inventory.Noise { return c.view.Load().noise }

// TLS returns the merged TLS services (sensor.DataSource).
func (c *Collector) TLS() []inventory.TLSService { return c.view.Load().tls }

// Findings returns the findings over the whole fleet (sensor.DataSource).
func (c *Collector) Findings() []diff.Finding {
	c.findMu.RLock()
	defer c.findMu.RUnlock()
	return c.findings
}

// Sensors returns each sensor's health, sorted by id.
func (c *Collector) Sensors() []SensorHealth {
	now := time.Now()
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]SensorHealth, 0, len(c.health))
	for _, id := range slices.Sorted(maps.Keys(c.health)) {
		h := *c.health[id]
		h.Counters = maps.Clone(h.Counters)
		if !h.LastReceived.IsZero() {
			h.AgeSeconds = now.Sub(h.LastReceived).Seconds()
		}
		for host, bySensor := range c.blobs {
			if _, ok := bySensor[id]; ok && host != inventory.TLSKey {
				h.Hosts++
				h.Endpoints += len(c.ownEps[host][id])
			}
		}
		out = append(out, h)
	}
	return out
}

// Stats sums the sensors' counters and adds the collector's own
// (sensor.DataSource).
func (c *Collector) Stats() sensor.Stats {
	v := c.view.Load()
	st := sensor.Stats{Started: c.started.UTC(), UptimeSeconds: time.Since(c.started).Seconds(),
		Endpoints: uint64(len(v.eps)), Noise: uint64(len(v.noise)), Findings: uint64(len(c.Findings())),
		Commits: c.batches.Load(), Detail: map[string]uint64{}}
	if t := c.lastCommit.Load(); t != 0 {
		st.LastCommit = time.Unix(0, t).UTC()
	}
	hosts := map[string]bool{}
	for i := range v.eps {
		hosts[v.eps[i].Host] = true
	}
	st.Hosts = uint64(len(hosts))
	sens := c.Sensors()
	for _, h := range sens {
		st.Packets += h.Counters["packets"]
		st.Bytes += h.Counters["bytes"]
		st.Exchanges += h.Counters["exchanges"]
		st.KernelDrops += h.Counters["kernel_drops"]
		st.Gaps += h.Counters["gaps"]
	}
	st.Detail["fleet.sensors"] = uint64(len(sens))
	st.Detail["fleet.messages_applied"] = c.applied.Load()
	st.Detail["fleet.messages_stale"] = c.stale.Load()
	st.Detail["fleet.messages_bad"] = c.badMsgs.Load()
	st.Detail["fleet.blob_errors"] = c.blobErrs.Load()
	st.Detail["fleet.stream_pending"] = uint64(max(c.streamPending.Load(), 0))
	return st
}

// rawMsg is a message given to Apply: acks do nothing.
type rawMsg []byte

func (m rawMsg) Metadata() (*jetstream.MsgMetadata, error) { return nil, nil }
func (m rawMsg) Data() []byte                              { return m }
func (m rawMsg) Headers() nats.Header                      { return nil }
func (m rawMsg) Subject() string                           { return "" }
func (m rawMsg) Reply() string                             { return "" }
func (m rawMsg) Ack() error                                { return nil }
func (m rawMsg) DoubleAck(context.Context) error           { return nil }
func (m rawMsg) Nak() error                                { return nil }
func (m rawMsg) NakWithDelay(time.Duration) error          { return nil }
func (m rawMsg) InProgress() error                         { return nil }
func (m rawMsg) Term() error                               { return nil }
func (m rawMsg) TermWithReason(string) error               { return nil }
