package sensor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shadowtap/shadowtap/diff"
)

// delivery tracks, per sink identity (SinkConfig.key), which findings the
// sink accepted, which events it holds in flight and how many are pending.
// The commit goroutine offers events; sinks acknowledge them from any
// goroutine; accepted ids and resolutions reach storage in batches
// (Sensor.saveDeliveries).
type delivery struct {
	mu   sync.Mutex
	recs map[string]*sinkRecord
	// unsaved holds, by sink key, what storage does not know yet: per id
	// true when the sink accepted the finding, false when it accepted its
	// resolution (the last of the two wins).
	unsaved map[string]map[string]bool
	any     map[string]struct{} // accepted by at least one sink (storage's global record)
	// last holds the values of the current findings and of the gone ones a
	// record still holds, for their resolution; gone is when each of the
	// latter was first seen not current (resolved_at).
	last   map[string]diff.Finding
	gone   map[string]time.Time
	closed bool // the sensor stopped: late acks change nothing

	stderr io.Writer
	firsts *atomic.Uint64 // findings accepted by a first sink: Stats.FindingsNew
	errs   *atomic.Uint64 // failed deliveries: Stats.SinkErrors
}

type sinkRecord struct {
	key   string
	label string              // "sink 2 (webhook)" as configured now, for warnings
	done  map[string]struct{} // accepted and not resolved since (from storage, then acks)
	// inflight and resolving hold the open findings and the resolutions
	// handed over and not acknowledged yet. An id is in done when resolved,
	// not when open, so it is never in both.
	inflight  map[string]struct{}
	resolving map[string]struct{}
	// pending: events not accepted as of the last offer (current findings
	// not in done, done ones no longer current).
	pending map[string]struct{}
	failing bool // the last delivery failed (warn on changes only)
	full    bool // warned of a full queue since the backlog was last empty
}

func newSinkRecord(key string, done map[string]time.Time) *sinkRecord {
	rec := &sinkRecord{key: key, done: make(map[string]struct{}, len(done)), inflight: map[string]struct{}{},
		resolving: map[string]struct{}{}, pending: map[string]struct{}{}}
	for id := range done {
		rec.done[id] = struct{}{}
	}
	return rec
}

func newDelivery(stderr io.Writer, any map[string]time.Time, firsts, errs *atomic.Uint64) *delivery {
	d := &delivery{recs: map[string]*sinkRecord{}, unsaved: map[string]map[string]bool{}, any: make(map[string]struct{}, len(any)),
		last: map[string]diff.Finding{}, gone: map[string]time.Time{}, stderr: stderr, firsts: firsts, errs: errs}
	for id := range any {
		d.any[id] = struct{}{}
	}
	return d
}

// sinkKeys returns the identities of the configured sinks. A repeated
// identity gets "#2", "#3", ...: identical sinks keep separate records.
func sinkKeys(scs []SinkConfig) []string {
	keys := make([]string, len(scs))
	seen := map[string]int{}
	for i, sc := range scs {
		k := sc.key()
		seen[k]++
		if n := seen[k]; n > 1 {
			k += "#" + strconv.Itoa(n)
		}
		keys[i] = k
	}
	return keys
}

// attachSinks makes the records of the configured sinks ready: storage
// registers them (a database of an earlier build hands its global emitted
// record to them) and those not in memory are loaded. A sink without a
// record starts empty: it is offered every current finding.
func (s *Sensor) attachSinks(scs []SinkConfig, keys []string) error {
	// Acks of sinks closed by a reload first, so a sink that comes back
	// reads a complete record.
	s.saveDeliveries()
	var legacy map[string]time.Time
	if err := s.db.RegisterSinks(keys, time.Now().UTC()); err != nil {
		// Not fatal (a full database still runs); records then live in
		// memory until a save succeeds.
		fmt.Fprintf(s.stderr, "shadowtap: warning: registering sinks: %v\n", err)
		if stored, err := s.db.SinkKeys(); err == nil && len(stored) == 0 {
			if legacy, err = s.db.EmittedSet(); err != nil {
				return err
			}
		}
	}
	loaded := map[string]map[string]time.Time{}
	s.dl.mu.Lock()
	var missing []string
	for _, k := range keys {
		if s.dl.recs[k] == nil {
			missing = append(missing, k)
		}
	}
	s.dl.mu.Unlock()
	for _, k := range missing {
		set, err := s.db.SinkEmittedSet(k)
		if err != nil {
			return err
		}
		for id, at := range legacy {
			set[id] = at
		}
		loaded[k] = set
	}
	s.dl.mu.Lock()
	defer s.dl.mu.Unlock()
	for i, k := range keys {
		rec := s.dl.recs[k]
		if rec == nil {
			rec = newSinkRecord(k, loaded[k])
			s.dl.recs[k] = rec
		}
		rec.label = fmt.Sprintf("sink %d (%s)", i+1, scs[i].Type)
	}
	return nil
}

// prune forgets the records of sinks no longer configured once nothing of
// theirs is in flight (storage keeps them).
func (d *delivery) prune(keys []string) {
	live := make(map[string]bool, len(keys))
	for _, k := range keys {
		live[k] = true
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	for k, rec := range d.recs {
		if !live[k] && len(rec.inflight) == 0 && len(rec.resolving) == 0 {
			delete(d.recs, k)
		}
	}
}

// track records the current findings (all of them, held back or not) at
// time now: their values, and when each finding a record holds was first
// seen not current. It forgets the values no record needs any more and
// returns the current ids. Commit goroutine only.
func (d *delivery) track(current []diff.Finding, now time.Time) map[string]struct{} {
	cur := make(map[string]struct{}, len(current))
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, f := range current {
		cur[f.ID] = struct{}{}
		d.last[f.ID] = f
		delete(d.gone, f.ID)
	}
	held := func(id string) bool {
		for _, rec := range d.recs {
			if _, ok := rec.done[id]; ok {
				return true
			}
		}
		return false
	}
	for id := range d.last {
		if _, ok := cur[id]; !ok && !held(id) {
			delete(d.last, id)
		}
	}
	for id := range d.gone {
		if !held(id) {
			delete(d.gone, id)
		}
	}
	for _, rec := range d.recs {
		for id := range rec.done {
			if _, ok := cur[id]; !ok {
				if _, ok := d.gone[id]; !ok {
					d.gone[id] = now
				}
			}
		}
	}
	return cur
}

// offer returns the events due to the sink, now marked in flight, and
// records its backlog: the findings of eligible it has neither accepted nor
// in flight (open), and, unless cur is nil, the resolutions of those it
// accepted that are not in cur (the current ids) and not in flight.
func (d *delivery) offer(key string, eligible []diff.Finding, cur map[string]struct{}) []Event {
	d.mu.Lock()
	defer d.mu.Unlock()
	rec := d.recs[key]
	if rec == nil {
		return nil
	}
	clear(rec.pending)
	var out []Event
	for _, f := range eligible {
		if _, ok := rec.done[f.ID]; ok {
			continue
		}
		rec.pending[f.ID] = struct{}{}
		if _, ok := rec.inflight[f.ID]; ok {
			continue
		}
		rec.inflight[f.ID] = struct{}{}
		out = append(out, Event{Finding: f, Status: StatusOpen})
	}
	if cur == nil {
		return out
	}
	var resolved []string
	for id := range rec.done {
		if _, ok := cur[id]; ok {
			continue
		}
		rec.pending[id] = struct{}{}
		if _, ok := rec.resolving[id]; ok {
			continue
		}
		rec.resolving[id] = struct{}{}
		resolved = append(resolved, id)
	}
	slices.Sort(resolved)
	for _, id := range resolved {
		f, ok := d.last[id]
		if !ok {
			f = diff.Finding{ID: id} // gone while the sensor was stopped
		}
		out = append(out, Event{Finding: f, Status: StatusResolved, ResolvedAt: d.gone[id]})
	}
	return out
}

// acker returns the ack function for one hand-over to sink key.
func (d *delivery) acker(key string) func([]string, error) {
	d.mu.Lock()
	rec := d.recs[key]
	d.mu.Unlock()
	return func(ids []string, err error) { d.ack(rec, ids, err) }
}

func (d *delivery) ack(rec *sinkRecord, ids []string, err error) {
	if rec == nil || len(ids) == 0 {
		return
	}
	var msg string
	d.mu.Lock()
	if d.closed {
		d.mu.Unlock()
		return
	}
	var opened, resolved []string
	for _, id := range ids {
		if _, ok := rec.resolving[id]; ok {
			delete(rec.resolving, id)
			resolved = append(resolved, id)
			continue
		}
		delete(rec.inflight, id)
		opened = append(opened, id)
	}
	switch {
	case errors.Is(err, ErrSinkClosed), errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		// Closed by a reload or the shutdown, or given up by the sensor:
		// says nothing of the receiver; the next instance (or run) is
		// offered them.
	case errors.Is(err, ErrQueueFull):
		// A backlog larger than the queue: the receiver works, the rest
		// waits for later commits. Once per backlog, not per commit.
		d.errs.Add(1)
		if !rec.full {
			rec.full = true
			msg = fmt.Sprintf("shadowtap: warning: %s: queue full; %d pending finding(s) are offered again at later commits", rec.label, len(rec.pending))
		}
	case err != nil:
		d.errs.Add(1)
		if !rec.failing {
			rec.failing = true
			msg = fmt.Sprintf("shadowtap: warning: %s: %v; its findings stay pending and are offered again at each commit", rec.label, err)
		}
	default:
		if rec.failing {
			rec.failing = false
			msg = fmt.Sprintf("shadowtap: %s accepts findings again", rec.label)
		}
		unsaved := d.unsaved[rec.key]
		if unsaved == nil {
			unsaved = map[string]bool{}
			d.unsaved[rec.key] = unsaved
		}
		for _, id := range opened {
			if _, ok := rec.done[id]; ok {
				continue
			}
			rec.done[id] = struct{}{}
			delete(rec.pending, id)
			unsaved[id] = true
			if _, ok := d.any[id]; !ok {
				d.any[id] = struct{}{}
				d.firsts.Add(1)
			}
		}
		// Resolved for this sink: it no longer holds the finding, which
		// is delivered again as new if it comes back.
		for _, id := range resolved {
			delete(rec.done, id)
			delete(rec.pending, id)
			unsaved[id] = false
		}
		if len(rec.pending) == 0 {
			rec.full = false
		}
	}
	d.mu.Unlock()
	if msg != "" {
		fmt.Fprintln(d.stderr, msg)
	}
}

// backlog returns the pending count of each sink in keys.
func (d *delivery) backlog(keys []string) []uint64 {
	out := make([]uint64, len(keys))
	d.mu.Lock()
	defer d.mu.Unlock()
	for i, k := range keys {
		if rec := d.recs[k]; rec != nil {
			out[i] = uint64(len(rec.pending))
		}
	}
	return out
}

// close makes later acks no-ops: the sensor stopped and the last deliveries
// were saved; a sink that acks after that is offered the same at the next
// start.
func (d *delivery) close() {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
}

// leftover describes the sinks of keys that still have pending findings.
func (d *delivery) leftover(keys []string) []string {
	var out []string
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, k := range keys {
		if rec := d.recs[k]; rec != nil && len(rec.pending) > 0 {
			out = append(out, fmt.Sprintf("shadowtap: %s: %d finding(s) not accepted yet; offered again at the next start", rec.label, len(rec.pending)))
		}
	}
	return out
}

// emit offers every configured sink the eligible current findings it has
// not accepted and the resolutions of those it accepted that stopped being
// current, then saves what the sinks accepted so far. A sink that refuses
// (queue full, error, closed by a reload) is offered them again at the next
// call. Each sink is called on a goroutine of its own (see handOver) and
// emit waits for it until wait is done, and at most perCall (unless 0): a
// sink that hangs holds back neither the others nor the commits. Commit
// goroutine only (or the shutdown, once the commit loop stopped).
func (s *Sensor) emit(wait context.Context, perCall time.Duration, sinks []Sink, busy []*atomic.Bool, keys []string) {
	if len(sinks) == 0 {
		return
	}
	s.cfgMu.Lock()
	unusedAfter := s.unusedAfter
	s.cfgMu.Unlock()
	holdUnused := unusedAfter < 0 || time.Since(s.started) < unusedAfter
	s.findMu.RLock()
	fs := s.findings
	s.findMu.RUnlock()
	eligible := fs
	if holdUnused {
		eligible = make([]diff.Finding, 0, len(fs))
		for _, f := range fs {
			if f.Kind != "unused" {
				eligible = append(eligible, f)
			}
		}
	}
	// Current means current, held back or not: an unused finding a sink
	// got before a restart is not resolved while it is held back.
	var cur map[string]struct{}
	if s.diffed {
		cur = s.dl.track(fs, time.Now().UTC())
	}
	// Every sink's backlog is brought up to date before any sink is
	// called: offering them one by one left a later sink's pending count
	// at its old value while an earlier sink took a new finding, so
	// sinks.pending could read 0 with a finding still to deliver.
	type due struct {
		i     int
		batch []Event
	}
	var dues []due
	for i := range sinks {
		if wait.Err() != nil {
			break // the run is over: the shutdown emits last
		}
		if i < len(busy) && busy[i].Load() {
			continue // still in its last call: offered again later
		}
		if batch := s.dl.offer(keys[i], eligible, cur); len(batch) > 0 {
			dues = append(dues, due{i, batch})
		}
	}
	for n, d := range dues {
		if wait.Err() != nil {
			// the run is over: what was offered and not handed over is
			// released, for the shutdown's emission to offer again
			for _, r := range dues[n:] {
				s.dl.acker(keys[r.i])(eventIDs(r.batch), context.Canceled)
			}
			break
		}
		var b *atomic.Bool
		if d.i < len(busy) {
			b = busy[d.i]
		}
		s.handOver(wait, perCall, sinks[d.i], b, d.batch, s.dl.acker(keys[d.i]))
	}
	// Accepted, then recorded: a crash in between offers them again after
	// a restart (at least once) rather than losing them.
	s.saveDeliveries()
}

// handOver gives evs to sk on a goroutine of its own, with the sinks'
// context, and waits until the sink returns, wait is done or perCall
// passed (unless 0): a sink that hangs holds neither the commit loop nor
// the shutdown. busy is set until the sink returns, so that it is not
// called again meanwhile; what it acknowledges later is saved at the next
// emission, what it never acknowledges stays in flight (and is offered at
// the next start).
func (s *Sensor) handOver(wait context.Context, perCall time.Duration, sk Sink, busy *atomic.Bool, evs []Event, ack func([]string, error)) {
	if busy != nil {
		busy.Store(true)
	}
	done := make(chan struct{})
	ctx := s.sinkContext()
	s.sinkCalls.add()
	go func() {
		defer s.sinkCalls.done()
		defer close(done)
		if busy != nil {
			defer busy.Store(false)
		}
		deliverEvents(ctx, sk, evs, ack)
	}()
	var limit <-chan time.Time
	if perCall > 0 {
		t := time.NewTimer(perCall)
		defer t.Stop()
		limit = t.C
	}
	select {
	case <-done:
	case <-wait.Done():
	case <-limit:
	}
}

// deliverEvents hands evs to sk: all of them to an EventSink; to another
// sink the open findings only, its resolutions being acked at once (see
// EventSink).
// eventIDs are the finding ids of evs, as acks name them.
func eventIDs(evs []Event) []string {
	ids := make([]string, len(evs))
	for i, e := range evs {
		ids[i] = e.ID
	}
	return ids
}

func deliverEvents(ctx context.Context, sk Sink, evs []Event, ack func([]string, error)) {
	if es, ok := sk.(EventSink); ok {
		_ = es.EmitEvents(ctx, evs, ack) // failures arrive through ack
		return
	}
	var open []diff.Finding
	var resolved []string
	for _, e := range evs {
		if e.Resolved() {
			resolved = append(resolved, e.ID)
		} else {
			open = append(open, e.Finding)
		}
	}
	if len(resolved) > 0 {
		ack(resolved, nil)
	}
	if len(open) == 0 {
		return
	}
	if as, ok := sk.(AckSink); ok {
		_ = as.EmitAck(ctx, open, ack)
	} else {
		ackAll(ack, open, sk.Emit(ctx, open))
	}
}

// saveDeliveries writes the accepted ids and resolutions not yet stored; on
// failure they are kept for the next call (unless newer ones replaced
// them). Any goroutine.
func (s *Sensor) saveDeliveries() {
	s.dl.mu.Lock()
	batch := s.dl.unsaved
	s.dl.unsaved = map[string]map[string]bool{}
	s.dl.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	marks, forgets := map[string][]string{}, map[string][]string{}
	for k, ids := range batch {
		for id, accepted := range ids {
			if accepted {
				marks[k] = append(marks[k], id)
			} else {
				forgets[k] = append(forgets[k], id)
			}
		}
	}
	// Per sink an id is in one list or the other: the order of the two
	// writes does not matter.
	keep := func(failed map[string][]string, accepted bool) {
		s.dl.mu.Lock()
		defer s.dl.mu.Unlock()
		for k, ids := range failed {
			m := s.dl.unsaved[k]
			if m == nil {
				m = map[string]bool{}
				s.dl.unsaved[k] = m
			}
			for _, id := range ids {
				if _, newer := m[id]; !newer {
					m[id] = accepted
				}
			}
		}
	}
	if err := s.db.MarkSinkEmitted(marks, time.Now().UTC()); err != nil {
		fmt.Fprintf(s.stderr, "shadowtap: warning: recording delivered findings: %v\n", err)
		keep(marks, true)
	}
	if err := s.db.ForgetSinkEmitted(forgets); err != nil {
		fmt.Fprintf(s.stderr, "shadowtap: warning: recording resolved findings: %v\n", err)
		keep(forgets, false)
	}
}

// callTracker counts the sensor's goroutines that call into sinks, so that
// the shutdown can wait for them with a deadline (a WaitGroup cannot).
type callTracker struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0
}

func (t *callTracker) add() {
	t.mu.Lock()
	if t.n == 0 {
		t.idle = make(chan struct{})
	}
	t.n++
	t.mu.Unlock()
}

func (t *callTracker) done() {
	t.mu.Lock()
	t.n--
	if t.n == 0 {
		close(t.idle)
	}
	t.mu.Unlock()
}

// wait reports whether every call returned before ctx was done.
func (t *callTracker) wait(ctx context.Context) bool {
	t.mu.Lock()
	if t.n == 0 {
		t.mu.Unlock()
		return true
	}
	idle := t.idle
	t.mu.Unlock()
	select {
	case <-idle:
		return true
	case <-ctx.Done():
		return false
	}
}
