package reassembly

import (
	"bytes"
	"hash/maphash"

	"github.com/gopacket/gopacket/layers"
)

// Overlapping segments: the first copy of a byte wins (see the package doc).
// gopacket already keeps the first copy of bytes it has delivered, but lets a
// later copy replace bytes it holds out of order; firstWins cuts such bytes
// out of the later segment before gopacket sees it. Conflicting copies are
// counted (WeirdOverlapConflict). A later copy of delivered bytes is compared
// with a hash of the last runs delivered: keeping the bytes would copy every
// segment, a hash is one pass at memory speed and 16 bytes. A later copy of
// bytes waiting out of order is kept (within a budget) and compared when the
// first copy is delivered.

// overlapSeed keys the hashes of delivered runs (equality only, per process).
var overlapSeed = maphash.MakeSeed()

// Bounds of the out-of-order bookkeeping of a direction.
const (
	queuedSlots   = 8        // byte ranges of out-of-order data remembered
	maxStash      = 16 << 10 // bytes of later copies kept for comparison
	deliveredRuns = 2        // delivered runs hashed
)

// seqRange is the sequence range [seq, end).
type seqRange struct{ seq, end uint32 }

// runHash is a delivered run of bytes and its hash.
type runHash struct {
	seq, end uint32
	h        uint64
}

// stashed is a later copy of bytes that were waiting out of order, kept
// until the first copy is delivered.
type stashed struct {
	seq      uint32
	b        []byte
	conflict bool // counted already
}

// overlapState is a direction's out-of-order bookkeeping, allocated on the
// first segment that arrives ahead of a hole.
type overlapState struct {
	q     [queuedSlots]seqRange // data gopacket holds ahead of d.seq: sorted, disjoint
	nq    int
	stash []stashed
	kept  int // bytes in stash
}

// noteDelivered hashes a run of bytes delivered at seq, so that a later copy
// of it can be compared.
func (d *dirParser) noteDelivered(seq uint32, b []byte) {
	d.runs[d.runNext%deliveredRuns] = runHash{seq: seq, end: seq + uint32(len(b)), h: maphash.Bytes(overlapSeed, b)}
	d.runNext++
}

// checkDelivered compares a segment [seq, seq+len(p)) that overlaps bytes
// already delivered with the delivered runs it covers whole.
func (d *dirParser) checkDelivered(seq uint32, p []byte, cnt *counters) {
	end := seq + uint32(len(p))
	for _, r := range d.runs {
		if r.seq == r.end || seqLess(r.seq, seq) || seqLess(end, r.end) {
			continue
		}
		if maphash.Bytes(overlapSeed, p[r.seq-seq:r.end-seq]) != r.h {
			cnt.weird[WeirdOverlapConflict]++
		}
		return
	}
}

// addQueued records that gopacket holds [seq, end) out of order. When the
// slots are full the range furthest ahead is forgotten: the ranges only
// ever under-state what is held (a later copy of a forgotten range then
// replaces the first, but no byte is cut that gopacket does not hold).
func (d *dirParser) addQueued(seq, end uint32) {
	if d.ovl == nil {
		d.ovl = new(overlapState)
	}
	o := d.ovl
	i := 0
	for i < o.nq && seqLess(o.q[i].end, seq) {
		i++
	}
	// merge every range that overlaps or touches [seq, end)
	j := i
	for j < o.nq && !seqLess(end, o.q[j].seq) {
		if seqLess(o.q[j].seq, seq) {
			seq = o.q[j].seq
		}
		if seqLess(end, o.q[j].end) {
			end = o.q[j].end
		}
		j++
	}
	if j == i && o.nq == queuedSlots {
		if i == o.nq {
			return // the new range is the furthest ahead
		}
		o.nq-- // forget the furthest
	}
	// replace q[i:j] by the merged range
	n := copy(o.q[i+1:], o.q[j:o.nq])
	o.q[i] = seqRange{seq, end}
	o.nq = i + 1 + n
}

// pruneQueued forgets what lies below d.seq (delivered or skipped) and
// releases the stash it held.
func (c *httpConn) pruneQueued(d *dirParser) {
	o := d.ovl
	k := 0
	for _, r := range o.q[:o.nq] {
		if seqLess(d.seq, r.end) {
			if seqLess(r.seq, d.seq) {
				r.seq = d.seq
			}
			o.q[k] = r
			k++
		}
	}
	o.nq = k
	st := o.stash[:0]
	for _, e := range o.stash {
		if seqLess(d.seq, e.seq+uint32(len(e.b))) {
			st = append(st, e)
			continue
		}
		o.kept -= len(e.b)
		c.s.mem -= int64(len(e.b))
	}
	clear(o.stash[len(st):])
	o.stash = st
}

// dropOverlap releases a direction's out-of-order bookkeeping.
func (c *httpConn) dropOverlap(d *dirParser) {
	if d.ovl != nil {
		c.s.mem -= int64(d.ovl.kept)
		d.ovl = nil
	}
}

// compareStash compares the bytes delivered at seq with the later copies
// kept for them.
func (d *dirParser) compareStash(seq uint32, b []byte, cnt *counters) {
	end := seq + uint32(len(b))
	for i := range d.ovl.stash {
		e := &d.ovl.stash[i]
		eEnd := e.seq + uint32(len(e.b))
		lo, hi := e.seq, eEnd
		if seqLess(lo, seq) {
			lo = seq
		}
		if seqLess(end, hi) {
			hi = end
		}
		if e.conflict || !seqLess(lo, hi) {
			continue
		}
		if !bytes.Equal(e.b[lo-e.seq:hi-e.seq], b[lo-seq:hi-seq]) {
			e.conflict = true
			cnt.weird[WeirdOverlapConflict]++
		}
	}
}

// keepLater keeps a later copy b of bytes at seq that wait out of order,
// within the direction's budget and the pending-memory budget.
func (c *httpConn) keepLater(d *dirParser, seq uint32, b []byte) {
	o := d.ovl
	if o.kept+len(b) > maxStash || int64(len(b)) > c.s.memLeft() {
		return // not compared
	}
	o.stash = append(o.stash, stashed{seq: seq, b: bytes.Clone(b)})
	o.kept += len(b)
	c.s.mem += int64(len(b))
}

// split is a part of a segment to assemble after it (see firstWins).
type split struct {
	seq uint32
	b   []byte
	fin bool
}

// firstWins applies the overlap policy to a segment of direction d that
// starts below the highest sequence number seen there: bytes already
// delivered are checked against the delivered runs (gopacket drops them),
// and bytes gopacket holds out of order are cut out of the segment (kept
// for comparison) so that gopacket, which would let them replace the first
// copy, never sees them. The first uncovered piece stays in tcp; the others
// are appended to splits for the shard to assemble next. Returns splits.
func (c *httpConn) firstWins(d *dirParser, tcp *layers.TCP, splits []split) []split {
	p := tcp.Payload
	seq := tcp.Seq
	end := seq + uint32(len(p))
	lo := seq
	if seqLess(seq, d.seq) {
		d.checkDelivered(seq, p, c.s.cnt)
		if !seqLess(d.seq, end) {
			return splits // nothing new: gopacket drops it
		}
		lo = d.seq
	}
	o := d.ovl
	if o == nil || o.nq == 0 {
		return splits
	}
	var first seqRange
	n0 := len(splits)
	pieces := 0
	piece := func(a, b uint32) {
		if pieces == 0 {
			first = seqRange{a, b}
		} else {
			splits = append(splits, split{seq: a, b: p[a-seq : b-seq]})
		}
		pieces++
	}
	cur, hit := lo, false
	for _, r := range o.q[:o.nq] {
		if !seqLess(r.seq, end) {
			break
		}
		if !seqLess(cur, r.end) {
			continue
		}
		hit = true
		if seqLess(cur, r.seq) {
			piece(cur, r.seq)
			cur = r.seq
		}
		hi := r.end
		if seqLess(end, hi) {
			hi = end
		}
		c.keepLater(d, cur, p[cur-seq:hi-seq])
		cur = hi
	}
	if !hit {
		return splits
	}
	if seqLess(cur, end) {
		piece(cur, end)
	}
	fin := tcp.FIN
	if pieces == 0 {
		// all of it is held already: an empty segment keeps its FIN in place
		tcp.Seq, tcp.Payload = end, p[:0]
		return splits
	}
	tcp.Seq, tcp.Payload = first.seq, p[first.seq-seq:first.end-seq]
	if pieces == 1 && first.end == end {
		return splits
	}
	// the FIN goes with the byte after the last one
	tcp.FIN = false
	if fin {
		if k := len(splits) - 1; k >= n0 && splits[k].seq+uint32(len(splits[k].b)) == end {
			splits[k].fin = true
		} else {
			splits = append(splits, split{seq: end, fin: true})
		}
	}
	return splits
}
