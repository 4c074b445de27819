package reassembly

import (
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	gpr "github.com/gopacket/gopacket/reassembly"
)

// The in-order fast path. Most segments of a capture are the next bytes
// (or a pure ACK at the next sequence number) of an established connection
// with nothing buffered out of order. For those, gopacket's assembler only
// looks the connection up, updates the half's last-seen time and next
// sequence number and hands the payload to ReassembledSG unchanged; that
// bookkeeping cost a quarter of the engine's CPU. The shard handles them
// itself: it finds the connection in its own table (conns), runs Accept
// and delivers the payload as ReassembledSG would.
//
// gopacket's state of such a half then lags behind: its next sequence
// number by the bytes delivered here (fastHalf.lag) and its last-seen time
// (fastHalf.last mirrors it). Before gopacket sees anything else of the
// connection (a segment off the fast path, a retire, a flush that may close
// idle connections), sync catches it up by assembling the lagging bytes as
// one synthetic in-order segment per half (zeros, swallowed by Accept and
// ReassembledSG while sh.syncing) stamped with the mirrored last-seen time:
// gopacket then holds what it would hold had it seen every segment.
//
// A segment takes the fast path only when gopacket would do exactly the
// above: no SYN, FIN or RST; the connection is in gopacket's pool (conns
// mirrors it: added by factory.New, removed by ReassemblyComplete); the
// half is open in gopacket (no FIN seen, no flush that may have closed it),
// its next sequence number is known (fastHalf.gp, tracked from Accept's
// nextSeq and ReassembledSG's lengths) and equals the segment's, and it
// holds no out-of-order data (every byte seen, maxEnd, lies below gp: a
// queued page starts past gp, so none can be left; this holds while no data
// came so far from gp that gopacket's sequence order and ours disagree);
// and our Accept takes the segment as is (at d.seq: no reuse, no overlap to
// split).

// connKey identifies a connection in a shard's table whatever the
// direction: the flow and ports in canonical order (see keyOf).
type connKey struct {
	vlan   uint64
	net    gopacket.Flow
	sp, dp uint16
}

// keyOf returns the canonical key of a segment and whether its direction
// was reversed to make it.
func keyOf(vlan uint64, net gopacket.Flow, sp, dp uint16) (connKey, bool) {
	src, dst := net.Endpoints()
	if dst.LessThan(src) || dp < sp && !src.LessThan(dst) {
		return connKey{vlan: vlan, net: net.Reverse(), sp: dp, dp: sp}, true
	}
	return connKey{vlan: vlan, net: net, sp: sp, dp: dp}, false
}

// fastHalf is the fast path's view of one half of a connection in
// gopacket.
type fastHalf struct {
	// gp is the half's next sequence number in gopacket once lag bytes are
	// synced (valid with gpOK).
	gp   uint32
	lag  uint32
	gpOK bool
	// fin: a FIN was seen (it may wait ahead of the data in gopacket);
	// far: data came a quarter of the sequence space or more away from gp,
	// where gopacket's sequence order (Sequence.Difference) and ours
	// (seqLess) may disagree on what lies ahead, so maxEnd no longer tells
	// whether gopacket holds data out of order; touched: a fast-path
	// segment came since the last sync.
	fin, far, touched bool
	// last mirrors gopacket's last-seen time of the half, seen is the
	// time gopacket has (older while fast-path segments are not synced).
	last, seen time.Time
}

// fastAccept is Accept's bookkeeping for the fast path, for a segment
// gopacket hands over (nextSeq: its next sequence number of the half, or
// invalid): ok is Accept's answer.
func (s *stream) fastAccept(tcp *layers.TCP, ci gopacket.CaptureInfo, di int, nextSeq gpr.Sequence, ok bool) {
	s.noteFlushes()
	f := &s.fp[di]
	if ci.Timestamp.After(f.last) {
		f.last = ci.Timestamp
	}
	f.seen = f.last // the connection was synced before gopacket got the segment
	if ok && nextSeq >= 0 && f.gpOK && f.gp != uint32(nextSeq) && !f.fin {
		// gp is not kept after a FIN (gopacket counts the FIN, and the
		// half is off the fast path for good)
		s.sh.gpMiss++ // never: tests check
	}
	if tcp.FIN {
		f.fin = true
	}
	if !ok {
		return // gopacket drops the segment
	}
	if nextSeq >= 0 {
		if d := int32(tcp.Seq - uint32(nextSeq)); len(tcp.Payload) > 0 && (d >= 1<<30 || d <= -1<<30) {
			f.far = true
		}
		f.gp = uint32(nextSeq)
	} else {
		// gopacket starts the half here (Accept always forces the start)
		f.gp = tcp.Seq
		if tcp.SYN {
			f.gp++
		}
	}
	f.gpOK = true
}

// noteFlushes is called for every segment of s before its last-seen times
// move: when flushes ran since the previous one, gopacket closed the idle
// halves if one flush's close time passed the connection's last-seen time
// (it has not moved since; the latest close time is the largest), and s is
// taken off the fast path for good.
func (s *stream) noteFlushes() {
	if sh := s.sh; s.flushes != sh.flushes {
		s.flushes = sh.flushes
		if s.fp[0].last.Before(sh.closeT) && s.fp[1].last.Before(sh.closeT) {
			s.gpClosed = true
		}
	}
}

// fast handles the segment in sh.tcp (of record r) on the fast path if it
// may, and reports whether it did. Otherwise it syncs the segment's
// connection, if known, for gopacket.
func (sh *shard) fast(r *segRec) bool {
	t := &sh.tcp
	k, rev := keyOf(r.vlan, r.net, uint16(t.SrcPort), uint16(t.DstPort))
	s := sh.conns[k]
	if s == nil {
		return false
	}
	s.noteFlushes()
	di := 0
	if rev != s.keyRev {
		di = 1
	}
	f := &s.fp[di]
	d := &s.hc.d[di]
	if t.SYN || t.FIN || t.RST || s.done || s.gpClosed || s.retiring || !f.gpOK || f.fin || f.far || d.closed ||
		t.Seq != f.gp || !d.seqOK || t.Seq != d.seq || d.maxEndOK && seqLess(f.gp, d.maxEnd) {
		sh.sync(s)
		return false
	}
	if !s.accept(t, r.ci, di) {
		panic("reassembly: fast path refused") // the conditions above exclude it
	}
	if ts := r.ci.Timestamp; ts.After(f.last) {
		f.last = ts
	}
	f.touched = true
	sh.fastSegs++
	if !s.dirty {
		s.dirty = true
		sh.dirty = append(sh.dirty, s)
	}
	if n := uint32(len(t.Payload)); n > 0 {
		f.gp += n
		f.lag += n
		s.deliver(di, 0, t.Payload, false)
	}
	return true
}

// syncZeros is the payload of sync's segments (their bytes are never read).
var syncZeros [64 << 10]byte

// sync brings gopacket's state of connection s up to date (see above).
func (sh *shard) sync(s *stream) {
	if !s.dirty {
		return
	}
	s.dirty = false
	if s.done {
		return // gone from gopacket: nothing to sync (and syncing would re-create it)
	}
	va := sh.asms[s.hc.vlan]
	ci := sh.ctx.ci
	sh.syncing = true
	var h [20]byte
	h[12] = 5 << 4
	for di := range 2 {
		f := &s.fp[di]
		if !f.touched {
			continue
		}
		f.touched = false
		h[0], h[1] = byte(s.hc.addr[di].Port()>>8), byte(s.hc.addr[di].Port())
		h[2], h[3] = byte(s.hc.addr[1-di].Port()>>8), byte(s.hc.addr[1-di].Port())
		if sh.syncTCP.DecodeFromBytes(h[:], gopacket.NilDecodeFeedback) != nil {
			panic("reassembly: sync header")
		}
		sh.ctx.ci = gopacket.CaptureInfo{Timestamp: f.last}
		f.seen = f.last
		net := s.netFlow(di)
		for first := true; first || f.lag > 0; first = false {
			n := min(f.lag, uint32(len(syncZeros)))
			sh.syncTCP.Seq = f.gp - f.lag
			sh.syncTCP.Payload = syncZeros[:n]
			va.asm.AssembleWithContext(net, &sh.syncTCP, &sh.ctx)
			f.lag -= n
		}
	}
	sh.syncing = false
	sh.ctx.ci = ci
}

// beforeFlush readies the connections for a flush that closes those
// last seen before tc (zero: none): it syncs those gopacket would take for
// idle by their stale last-seen time, and notes tc for fast, which takes
// connections gopacket may have closed off the fast path for good (it can
// close a half without telling the stream).
func (sh *shard) beforeFlush(tc time.Time) {
	if tc.IsZero() {
		return
	}
	sh.flushes++
	if tc.After(sh.closeT) {
		sh.closeT = tc
	}
	kept := sh.dirty[:0]
	for _, s := range sh.dirty {
		switch {
		case s.done:
			s.dirty = false
		case s.fp[0].seen.Before(tc) && s.fp[1].seen.Before(tc):
			sh.sync(s)
		default:
			kept = append(kept, s)
		}
	}
	clear(sh.dirty[len(kept):])
	sh.dirty = kept
}
