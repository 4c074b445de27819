package storage

import (
	"sync"
)

// Writer is the one goroutine that owns writes to a DB. Submit hands it a
// batch without waiting for the disk; the writer commits what is pending in
// one Update, then the next.
//
// Queue and memory bound: submitted batches are merged into one pending
// batch while a commit runs. Host blobs are full states, so a newer blob
// for a host supersedes the pending one (counted in Superseded); capture
// records are kept per hash (newest wins); counter increments add up. The
// pending batch thus holds at most one blob per host and one record per
// capture, however fast batches arrive.
//
// A failed commit drops that merged batch (its counter increments are
// lost; the next blob for each host replaces the lost one), is counted in
// Failed, and its error is returned by Flush and Close.
type Writer struct {
	db *DB

	mu      sync.Mutex
	cond    *sync.Cond
	pending pendingBatch
	// submitted numbers Submit calls; done is the highest number whose
	// batch was committed (or dropped).
	submitted, done uint64
	closing         bool
	err             error // first commit error
	counters        WriterCounters
	exited          chan struct{}
}

// WriterCounters are a Writer's running totals.
type WriterCounters struct {
	Submitted  uint64 // batches submitted
	Commits    uint64 // successful commits (each one Update)
	Failed     uint64 // failed commits
	Superseded uint64 // pending host blobs replaced by a newer one before commit
	Dropped    uint64 // batches submitted after Close
}

type pendingBatch struct {
	hosts map[string][]byte
	caps  map[string]CaptureRecord
	stats map[string]uint64
}

func (p *pendingBatch) empty() bool {
	return len(p.hosts) == 0 && len(p.caps) == 0 && len(p.stats) == 0
}

// StartWriter starts the writer goroutine. Close it (or the DB) to flush and
// stop it.
func (db *DB) StartWriter() *Writer {
	w := &Writer{db: db, exited: make(chan struct{})}
	w.cond = sync.NewCond(&w.mu)
	db.mu.Lock()
	db.writers = append(db.writers, w)
	db.mu.Unlock()
	go w.loop()
	return w
}

// Submit queues b for the next commit and returns at once (it takes a
// mutex held only for merging, never across a commit). It copies the map
// entries, so the caller may reuse b's maps, but it keeps the blob slices
// and the capture record's value: do not modify a blob after submitting
// it.
func (w *Writer) Submit(b Batch) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closing {
		w.counters.Dropped++
		return
	}
	p := &w.pending
	if len(b.Hosts) > 0 && p.hosts == nil {
		p.hosts = make(map[string][]byte, len(b.Hosts))
	}
	for h, blob := range b.Hosts {
		if _, ok := p.hosts[h]; ok {
			w.counters.Superseded++
		}
		p.hosts[h] = blob
	}
	if b.Capture != nil {
		if p.caps == nil {
			p.caps = map[string]CaptureRecord{}
		}
		p.caps[b.Capture.Hash] = *b.Capture
	}
	if len(b.Stats) > 0 && p.stats == nil {
		p.stats = make(map[string]uint64, len(b.Stats))
	}
	for k, v := range b.Stats {
		p.stats[k] += v
	}
	w.submitted++
	w.counters.Submitted++
	w.cond.Broadcast()
}

func (w *Writer) loop() {
	defer close(w.exited)
	w.mu.Lock()
	for {
		for w.pending.empty() && w.done == w.submitted && !w.closing {
			w.cond.Wait()
		}
		if w.pending.empty() {
			w.done = w.submitted // batches that carried nothing
			w.cond.Broadcast()
			if w.closing {
				w.mu.Unlock()
				return
			}
			continue
		}
		p, upto := w.pending, w.submitted
		w.pending = pendingBatch{}
		w.mu.Unlock()

		caps := make([]CaptureRecord, 0, len(p.caps))
		for _, k := range sortedKeys(p.caps) {
			caps = append(caps, p.caps[k])
		}
		err := w.db.commit(p.hosts, caps, p.stats)

		w.mu.Lock()
		if err != nil {
			w.counters.Failed++
			if w.err == nil {
				w.err = err
			}
		} else {
			w.counters.Commits++
		}
		w.done = upto
		w.cond.Broadcast()
	}
}

// Flush waits until every batch submitted before the call is committed (or
// dropped by a failed commit) and returns the first commit error so far.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	target := w.submitted
	for w.done < target {
		w.cond.Wait()
	}
	return w.err
}

// Close commits what is pending, stops the goroutine and returns the first
// commit error. Later Submits are dropped (counted). Close is idempotent.
func (w *Writer) Close() error {
	w.mu.Lock()
	w.closing = true
	w.cond.Broadcast()
	w.mu.Unlock()
	<-w.exited

	db := w.db
	db.mu.Lock()
	for i, x := range db.writers {
		if x == w {
			db.writers = append(db.writers[:i], db.writers[i+1:]...)
			break
		}
	}
	db.mu.Unlock()

	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

// Counters returns the writer's running totals.
func (w *Writer) Counters() WriterCounters {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.counters
}
