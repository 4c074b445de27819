package sensor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shadowtap/shadowtap/diff"
)

// delivery tracks, per sink identity (SinkConfig.key), which findings the
// sink accepted, which it holds in flight and how many current ones are
// pending. The commit goroutine offers findings; sinks acknowledge them from
// any goroutine; accepted ids reach storage in batches (Sensor.saveDeliveries).
type delivery struct {
	mu      sync.Mutex
	recs    map[string]*sinkRecord
	unsaved map[string][]string // accepted, not yet in storage, by sink key
	any     map[string]struct{} // accepted by at least one sink (storage's global record)

	stderr io.Writer
	firsts *atomic.Uint64 // findings accepted by a first sink: Stats.FindingsNew
	errs   *atomic.Uint64 // failed deliveries: Stats.SinkErrors
}

type sinkRecord struct {
	key      string
	label    string              // "sink 2 (webhook)" as configured now, for warnings
	done     map[string]struct{} // accepted (from storage, then acks)
	inflight map[string]struct{} // handed over, not acknowledged yet
	pending  map[string]struct{} // current and not accepted, as of the last offer
	failing  bool                // the last delivery failed (warn on changes only)
	full     bool                // warned of a full queue since the backlog was last empty
}

func newDelivery(stderr io.Writer, any map[string]time.Time, firsts, errs *atomic.Uint64) *delivery {
	d := &delivery{recs: map[string]*sinkRecord{}, unsaved: map[string][]string{}, any: make(map[string]struct{}, len(any)),
		stderr: stderr, firsts: firsts, errs: errs}
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
			rec = &sinkRecord{key: k, done: make(map[string]struct{}, len(loaded[k])), inflight: map[string]struct{}{}, pending: map[string]struct{}{}}
			for id := range loaded[k] {
				rec.done[id] = struct{}{}
			}
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
		if !live[k] && len(rec.inflight) == 0 {
			delete(d.recs, k)
		}
	}
}

// offer returns the findings of eligible that the sink has neither accepted
// nor in flight, now marked in flight, and records the sink's backlog.
func (d *delivery) offer(key string, eligible []diff.Finding) []diff.Finding {
	d.mu.Lock()
	defer d.mu.Unlock()
	rec := d.recs[key]
	if rec == nil {
		return nil
	}
	clear(rec.pending)
	var out []diff.Finding
	for _, f := range eligible {
		if _, ok := rec.done[f.ID]; ok {
			continue
		}
		rec.pending[f.ID] = struct{}{}
		if _, ok := rec.inflight[f.ID]; ok {
			continue
		}
		rec.inflight[f.ID] = struct{}{}
		out = append(out, f)
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
	for _, id := range ids {
		delete(rec.inflight, id)
	}
	switch {
	case errors.Is(err, ErrSinkClosed):
		// Closed by a reload or the shutdown: says nothing of the
		// receiver; the next instance (or run) is offered them.
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
		for _, id := range ids {
			if _, ok := rec.done[id]; ok {
				continue
			}
			rec.done[id] = struct{}{}
			delete(rec.pending, id)
			d.unsaved[rec.key] = append(d.unsaved[rec.key], id)
			if _, ok := d.any[id]; !ok {
				d.any[id] = struct{}{}
				d.firsts.Add(1)
			}
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
// not accepted, then saves what the sinks accepted so far. A sink that
// refuses (queue full, error, closed by a reload) is offered them again at
// the next call. Commit goroutine only.
func (s *Sensor) emit(sinks []Sink, keys []string) {
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
	ctx := context.Background()
	for i, sk := range sinks {
		batch := s.dl.offer(keys[i], eligible)
		if len(batch) == 0 {
			continue
		}
		ack := s.dl.acker(keys[i])
		if as, ok := sk.(AckSink); ok {
			_ = as.EmitAck(ctx, batch, ack) // failures arrive through ack
		} else {
			ackAll(ack, batch, sk.Emit(ctx, batch))
		}
	}
	// Accepted, then recorded: a crash in between offers them again after
	// a restart (at least once) rather than losing them.
	s.saveDeliveries()
}

// saveDeliveries writes the accepted ids not yet stored; on failure they
// are kept for the next call. Any goroutine.
func (s *Sensor) saveDeliveries() {
	s.dl.mu.Lock()
	batch := s.dl.unsaved
	s.dl.unsaved = map[string][]string{}
	s.dl.mu.Unlock()
	if len(batch) == 0 {
		return
	}
	if err := s.db.MarkSinkEmitted(batch, time.Now().UTC()); err != nil {
		fmt.Fprintf(s.stderr, "shadowtap: warning: recording delivered findings: %v\n", err)
		s.dl.mu.Lock()
		for k, ids := range batch {
			s.dl.unsaved[k] = append(s.dl.unsaved[k], ids...)
		}
		s.dl.mu.Unlock()
	}
}
