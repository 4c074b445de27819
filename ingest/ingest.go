// Package ingest reads capture files into the stored inventory: capture →
// reassembly → inventory, committed to storage in batches as it goes. It is
// the file-side counterpart of the live sensor and imports every package
// before diff in the data flow; the CLI only wires flags into it.
package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/reassembly"
	"github.com/shadowtap/shadowtap/storage"
)

// Options control one ingest run.
type Options struct {
	// Filter selects segments (ports, hosts, nets, VLANs); empty keeps all.
	Filter capture.Filter
	// Reassembly holds the reassembly caps.
	Reassembly reassembly.Config
	// Inventory holds the inventory's classification settings and caps.
	Inventory inventory.Config
	// CommitEvery is the most exchanges observed between two commits
	// (default 50,000); CommitInterval the longest wall time (default 2 s).
	// A crash loses at most what was observed since the last commit.
	CommitEvery    int
	CommitInterval time.Duration
	// Force ingests a capture even when the DB records it as ingested.
	Force bool
	// Stdin is read for the file name "-" (nil: os.Stdin).
	Stdin io.Reader

	// stopAfter, in tests, ends the read with context.Canceled after that
	// many packets: an interrupted run at a known position.
	stopAfter uint64
	// OnCommit, when set, is called after each committed batch with the
	// number of exchanges of the current capture committed so far.
	OnCommit func(exchanges uint64)
	// Progress, when set, is called about twice a second with the capture
	// bytes read so far and the total (0 when unknown, as for stdin).
	Progress func(read, total int64)
}

// FileResult is what happened to one capture file.
type FileResult struct {
	Name string
	// Skipped is set when the capture was already ingested; the reason
	// says so.
	Skipped    bool
	SkipReason string
	// Opened is set once the capture's header was read. With Err set and
	// Opened not, nothing of the file was read (missing, empty, not a
	// capture) and Stats are zero.
	Opened    bool
	Stats     reassembly.Stats
	Exchanges uint64
	// Resumed is the number of packets an earlier, interrupted run of the
	// same capture committed: they were skipped, not counted again.
	Resumed uint64
	// Capped counts what the inventory's caps refused while this file was
	// read, by Stats field name in JSON ("host_overflow", ...); only
	// non-zero counts.
	Capped map[string]uint64
	// Err is the capture's error, if any: with Opened, everything read
	// before it was ingested and committed.
	Err error
}

// Files ingests each capture in turn into db. A file whose content the DB
// already holds is skipped unless opts.Force. It returns an error only for
// failures that stop the run (the DB); per-file read errors are in the
// results, after everything read before them was committed.
func Files(ctx context.Context, db *storage.DB, names []string, opts Options) ([]FileResult, error) {
	if opts.CommitEvery <= 0 {
		opts.CommitEvery = 50000
	}
	if opts.CommitInterval <= 0 {
		opts.CommitInterval = 2 * time.Second
	}
	inv := inventory.New(opts.Inventory)
	blobs, err := db.LoadHosts()
	if err != nil {
		return nil, err
	}
	for host, b := range blobs {
		if err := inv.LoadHost(host, b); err != nil {
			return nil, fmt.Errorf("ingest: stored inventory for host %q: %w", host, err)
		}
	}
	inv.ClearDirty()

	var results []FileResult
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return results, err
		}
		res, err := file(ctx, db, inv, name, opts)
		results = append(results, res)
		if err != nil {
			return results, err
		}
	}
	return results, nil
}

// fingerprintPart is the head (and tail) of a capture a fingerprint reads.
const fingerprintPart = 1 << 20

// StreamFingerprint identifies a capture read from a stream (stdin) by its
// first MiB, head: the size and the tail are not known before it is read.
// It never equals a file's Fingerprint.
func StreamFingerprint(head []byte) string {
	h := sha256.New()
	io.WriteString(h, "shadowtap-stream-v1\n")
	h.Write(head)
	return hex.EncodeToString(h.Sum(nil))
}

// Fingerprint identifies a capture by content: SHA-256 over its size and its
// first and last MiB. Reading whole multi-GiB captures twice to recognise a
// re-ingest would cost more than the ingest; the head holds the first
// packets' timestamps and the tail the last ones', so two different captures
// of the same size do not collide in practice.
func Fingerprint(name string) (hash string, size int64, err error) {
	f, err := os.Open(name)
	if err != nil {
		return "", 0, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", 0, err
	}
	size = st.Size()
	h := sha256.New()
	fmt.Fprintf(h, "shadowtap-capture-v1 %d\n", size)
	const part = fingerprintPart
	if _, err := io.CopyN(h, f, part); err != nil && err != io.EOF {
		return "", 0, err
	}
	if size > 2*part {
		if _, err := f.Seek(size-part, io.SeekStart); err != nil {
			return "", 0, err
		}
		if _, err := io.Copy(h, f); err != nil {
			return "", 0, err
		}
	} else if size > part {
		if _, err := io.Copy(h, f); err != nil {
			return "", 0, err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), size, nil
}

func file(ctx context.Context, db *storage.DB, inv *inventory.Inventory, name string, opts Options) (FileResult, error) {
	res := FileResult{Name: name}
	rec := storage.CaptureRecord{Name: name, Started: time.Now().UTC()}
	var stdin io.Reader
	var prevExchanges uint64 // committed by an interrupted run resumed here
	if name == "-" {
		// A stream cannot be read twice: it is known by its first MiB,
		// which holds the first packets' timestamps. The head is read
		// before anything is ingested and handed on with the rest.
		stdin = opts.Stdin
		if stdin == nil {
			stdin = os.Stdin
		}
		head, err := io.ReadAll(io.LimitReader(stdin, fingerprintPart))
		if err != nil {
			res.Err = err
			return res, nil
		}
		rec.Hash = StreamFingerprint(head)
		stdin = io.MultiReader(bytes.NewReader(head), stdin)
	} else {
		hash, size, err := Fingerprint(name)
		if err != nil {
			res.Err = err
			return res, nil
		}
		rec.Hash, rec.Size = hash, size
	}
	if rec.Hash != "" {
		old, ok, err := db.Capture(rec.Hash)
		if err != nil {
			return res, err
		}
		switch {
		case ok && !opts.Force && old.Complete:
			res.Skipped = true
			res.SkipReason = fmt.Sprintf("already ingested on %s as %s (use --force to count it again)",
				old.Finished.Format(time.RFC3339), old.Name)
			return res, nil
		case ok && !opts.Force && !old.Stopped:
			// killed (or a version that did not keep the position): the
			// packets read and the exchanges committed do not line up
			res.Skipped = true
			res.SkipReason = fmt.Sprintf("partly ingested on %s as %s (%d exchanges committed before it stopped); use --force to ingest it again, which counts those exchanges twice",
				old.Started.Format(time.RFC3339), old.Name, old.Exchanges)
			return res, nil
		case ok && !opts.Force:
			// Stopped cleanly part way: go on after the packets the stored
			// inventory holds. Connections open at that point are picked
			// up mid-stream; nothing is counted twice.
			res.Resumed = old.Packets
			rec.Started = old.Started
			prevExchanges = old.Exchanges
		}
	}

	var src capture.Source
	var err error
	if stdin != nil {
		src, err = capture.OpenReader(stdin)
	} else {
		src, err = capture.OpenFiles(name)
	}
	if err != nil {
		res.Err = err
		return res, nil
	}
	defer src.Close()
	res.Opened = true
	cs := &countingSource{Source: src, skip: res.Resumed, stopAfter: opts.stopAfter}
	if opts.Progress != nil {
		done := make(chan struct{})
		defer close(done)
		go func() {
			t := time.NewTicker(500 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					opts.Progress(cs.read.Load(), rec.Size)
					return
				case <-t.C:
					opts.Progress(cs.read.Load(), rec.Size)
				}
			}
		}()
	}

	var (
		stopped    bool
		commitErr  error
		sinceLast  int
		lastCommit = time.Now()
	)
	commit := func(final bool) {
		if commitErr != nil {
			return
		}
		b := storage.Batch{Hosts: map[string][]byte{}}
		for _, h := range inv.DirtyHosts() {
			blob, err := inv.MarshalHost(h)
			if err != nil {
				commitErr = err
				return
			}
			b.Hosts[h] = blob
		}
		r := rec
		r.Exchanges = prevExchanges + res.Exchanges
		r.Packets = res.Resumed + cs.packets
		r.Stopped = stopped
		r.Complete = final
		if final {
			r.Finished = time.Now().UTC()
		}
		if rec.Hash != "" {
			b.Capture = &r
		}
		if err := db.Commit(b); err != nil {
			commitErr = err
			return
		}
		inv.ClearDirty()
		sinceLast, lastCommit = 0, time.Now()
		if opts.OnCommit != nil {
			opts.OnCommit(res.Exchanges)
		}
	}
	emit := func(x *reassembly.Exchange) {
		inv.Observe(x)
		res.Exchanges++
		sinceLast++
		if sinceLast >= opts.CommitEvery || (sinceLast&1023 == 0 && time.Since(lastCommit) >= opts.CommitInterval) {
			commit(false)
		}
	}
	var match func(*capture.Segment) bool
	if !opts.Filter.Empty() {
		match = opts.Filter.Match
	}
	before := inv.Stats()
	stats, err := reassembly.Process(ctx, cs, match, opts.Reassembly, emit)
	res.Stats = stats
	res.Capped = inv.Stats().Overflows(before)
	if err != nil {
		res.Err = err
	}
	// A read error ends the file but what was read before it is kept. A
	// corrupt capture counts as complete (re-reading it would give the same
	// packets again); an interrupted run does not.
	var ce *capture.CaptureError
	complete := err == nil || errors.As(err, &ce)
	// every packet read was processed (the engine was closed): a later run
	// may go on after them
	stopped = !complete
	commit(complete)
	if commitErr != nil {
		return res, fmt.Errorf("ingest: commit: %w", commitErr)
	}
	return res, nil
}

// countingSource counts the capture bytes read for progress reporting; the
// shared counter is published every 4096 packets to keep atomics off the
// per-packet path.
type countingSource struct {
	capture.Source
	n, pending int64
	read       atomic.Int64
	// packets counts the packets handed on; skip packets are read and
	// dropped first (a resumed ingest).
	packets, skip, stopAfter uint64
}

func (c *countingSource) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	for c.skip > 0 {
		_, ci, _, err := c.Source.ReadPacket()
		if err != nil {
			return nil, ci, 0, err
		}
		c.skip--
		c.n += int64(ci.CaptureLength) + 16
	}
	if c.stopAfter > 0 && c.packets >= c.stopAfter {
		return nil, gopacket.CaptureInfo{}, 0, context.Canceled
	}
	data, ci, lt, err := c.Source.ReadPacket()
	if err == nil {
		c.packets++
	}
	c.n += int64(ci.CaptureLength) + 16
	if c.pending++; c.pending == 4096 || err != nil {
		c.pending = 0
		c.read.Store(c.n)
	}
	return data, ci, lt, err
}
