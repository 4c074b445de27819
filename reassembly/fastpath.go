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
// number by the bytes delivered here (stream.lag) and its last-seen time
// (stream.lastSec/lastNsec mirror the connection's: gopacket only ever
// uses the later of its two halves'). Before gopacket sees anything else of the
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
// its next sequence number is known (stream.gp, tracked from Accept's
// nextSeq and ReassembledSG's lengths) and equals the segment's, and it
// holds no out-of-order data (every byte seen, maxEnd, lies below gp: a
// queued page starts past gp, so none can be left; this holds while no data
// came so far from gp that gopacket's sequence order and ours disagree);
// and our Accept takes the segment as is (at d.seq: no reuse, no overlap to
// split).

// The fast path's per-half flags (stream.fpf).
const (
	fpGP      = 1 << iota // gp is known
	fpFIN                 // a FIN was seen (it may wait ahead of the data in gopacket)
	fpFar                 // data came far from gp (see fastAccept)
	fpTouched             // a fast-path segment came since the last sync
)

// lookup finds the connection of the segment of record r (TCP ports sp,
// dp) in the shard's table and the segment's direction index. The table is
// keyed by the symmetric flowHash; a connection matches when its VLAN stack
// and its network flow and ports, rebuilt as gopacket keys it (netFlow),
// are the segment's in either direction.
func (sh *shard) lookup(r *segRec, sp, dp uint16) (*stream, int) {
	for s := sh.conns[r.hash]; s != nil; s = s.hnext {
		if s.hc.vlan != r.vlan {
			continue
		}
		p0, p1 := s.hc.addr[0].Port(), s.hc.addr[1].Port()
		if sp == p0 && dp == p1 && r.net == s.netFlow(0) {
			return s, 0
		}
		if sp == p1 && dp == p0 && r.net == s.netFlow(1) {
			return s, 1
		}
	}
	return nil, 0
}

// addConn puts s in the shard's table under hash h.
func (sh *shard) addConn(s *stream, h uint64) {
	s.hnext = sh.conns[h]
	sh.conns[h] = s
}

// dropConn takes s, put under hash h, out of the shard's table.
func (sh *shard) dropConn(s *stream, h uint64) {
	if sh.conns[h] == s {
		if s.hnext != nil {
			sh.conns[h] = s.hnext
		} else {
			delete(sh.conns, h)
		}
	} else {
		for p := sh.conns[h]; p != nil; p = p.hnext {
			if p.hnext == s {
				p.hnext = s.hnext
				break
			}
		}
	}
	s.hnext = nil
}

// connHashOf is the hash s is put under in the shard's table.
func (s *stream) connHashOf() uint64 {
	return connHash(s.hc.vlan, s.netFlow(0), s.hc.addr[0].Port(), s.hc.addr[1].Port())
}

// noteTime advances the mirror of gopacket's last-seen time to t.
func (s *stream) noteTime(t time.Time) {
	if sec, nsec := t.Unix(), int32(t.Nanosecond()); sec > s.lastSec || sec == s.lastSec && nsec > s.lastNsec {
		s.lastSec, s.lastNsec = sec, nsec
	}
}

// lastBefore reports whether the mirrored last-seen time is before t.
func (s *stream) lastBefore(t time.Time) bool {
	sec := t.Unix()
	return s.lastSec < sec || s.lastSec == sec && s.lastNsec < int32(t.Nanosecond())
}

// fastAccept is Accept's bookkeeping for the fast path, for a segment
// gopacket hands over (nextSeq: its next sequence number of the half, or
// invalid): ok is Accept's answer.
func (s *stream) fastAccept(tcp *layers.TCP, ci gopacket.CaptureInfo, di int, nextSeq gpr.Sequence, ok bool) {
	s.noteFlushes()
	s.noteTime(ci.Timestamp)
	s.seenSec = s.lastSec // the connection was synced before gopacket got the segment
	f := &s.fpf[di]
	if ok && nextSeq >= 0 && *f&fpGP != 0 && s.gp[di] != uint32(nextSeq) && *f&fpFIN == 0 {
		// gp is not kept after a FIN (gopacket counts the FIN, and the
		// half is off the fast path for good)
		s.sh.gpMiss++ // never: tests check
	}
	if tcp.FIN {
		*f |= fpFIN
	}
	if !ok {
		return // gopacket drops the segment
	}
	if nextSeq >= 0 {
		// Data a quarter of the sequence space or more away: gopacket's
		// sequence order (Sequence.Difference) and ours (seqLess) may
		// disagree on what lies ahead, so maxEnd no longer tells whether
		// gopacket holds data out of order.
		if d := int32(tcp.Seq - uint32(nextSeq)); len(tcp.Payload) > 0 && (d >= 1<<30 || d <= -1<<30) {
			*f |= fpFar
		}
		s.gp[di] = uint32(nextSeq)
	} else {
		// gopacket starts the half here (Accept always forces the start)
		s.gp[di] = tcp.Seq
		if tcp.SYN {
			s.gp[di]++
		}
	}
	*f |= fpGP
}

// noteFlushes is called for every segment of s before its last-seen time
// moves: when flushes ran since the previous one, gopacket closed the idle
// halves if one flush's close time passed the connection's last-seen time
// (it has not moved since; the latest close time is the largest), and s is
// taken off the fast path for good.
func (s *stream) noteFlushes() {
	if sh := s.sh; s.flushes != sh.flushes {
		s.flushes = sh.flushes
		if s.lastBefore(sh.closeT) {
			s.gpClosed = true
		}
	}
}

// fast handles the segment in sh.tcp (of record r) on the fast path if it
// may, and reports whether it did. Otherwise it syncs the segment's
// connection, if known, for gopacket.
func (sh *shard) fast(r *segRec) bool {
	t := &sh.tcp
	s, di := sh.lookup(r, uint16(t.SrcPort), uint16(t.DstPort))
	if s == nil {
		return false
	}
	s.noteFlushes()
	d := &s.hc.d[di]
	if t.SYN || t.FIN || t.RST || s.done || s.gpClosed || s.retiring || s.fpf[di]&(fpGP|fpFIN|fpFar) != fpGP || d.closed ||
		t.Seq != s.gp[di] || !d.seqOK || t.Seq != d.seq || d.maxEndOK && seqLess(s.gp[di], d.maxEnd) {
		sh.sync(s)
		return false
	}
	if !s.accept(t, r.ci, di) {
		panic("reassembly: fast path refused") // the conditions above exclude it
	}
	s.noteTime(r.ci.Timestamp)
	s.fpf[di] |= fpTouched
	sh.fastSegs++
	if !s.dirty {
		s.dirty = true
		sh.dirty = append(sh.dirty, s)
	}
	if n := uint32(len(t.Payload)); n > 0 {
		s.gp[di] += n
		s.lag[di] += n
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
	sh.ctx.ci = gopacket.CaptureInfo{Timestamp: time.Unix(s.lastSec, int64(s.lastNsec))}
	var h [20]byte
	h[12] = 5 << 4
	for di := range 2 {
		if s.fpf[di]&fpTouched == 0 {
			continue
		}
		s.fpf[di] &^= fpTouched
		h[0], h[1] = byte(s.hc.addr[di].Port()>>8), byte(s.hc.addr[di].Port())
		h[2], h[3] = byte(s.hc.addr[1-di].Port()>>8), byte(s.hc.addr[1-di].Port())
		if sh.syncTCP.DecodeFromBytes(h[:], gopacket.NilDecodeFeedback) != nil {
			panic("reassembly: sync header")
		}
		net := s.netFlow(di)
		for first := true; first || s.lag[di] > 0; first = false {
			n := min(s.lag[di], uint32(len(syncZeros)))
			sh.syncTCP.Seq = s.gp[di] - s.lag[di]
			sh.syncTCP.Payload = syncZeros[:n]
			va.asm.AssembleWithContext(net, &sh.syncTCP, &sh.ctx)
			s.lag[di] -= n
		}
	}
	s.seenSec = s.lastSec
	sh.syncing = false
	sh.ctx.ci = ci
}

// beforeFlush readies the connections for a flush that closes those
// last seen before tc (zero: none): it syncs those gopacket may take for
// idle by their stale last-seen time (seenSec, in whole seconds: some are
// synced for nothing), and notes tc for fast, which takes connections
// gopacket may have closed off the fast path for good (it can close a half
// without telling the stream).
func (sh *shard) beforeFlush(tc time.Time) {
	if tc.IsZero() {
		return
	}
	sh.flushes++
	if tc.After(sh.closeT) {
		sh.closeT = tc
	}
	tcSec := tc.Unix()
	kept := sh.dirty[:0]
	for _, s := range sh.dirty {
		switch {
		case s.done:
			s.dirty = false
		case s.seenSec <= tcSec:
			sh.sync(s)
		default:
			kept = append(kept, s)
		}
	}
	clear(sh.dirty[len(kept):])
	sh.dirty = kept
}
