package reassembly

import (
	"encoding/binary"
	"net/netip"
	"sync"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	gpr "github.com/gopacket/gopacket/reassembly"

	"github.com/shadowtap/shadowtap/capture"
)

// Batching of segments from the feeding goroutine to the shards.
const (
	batchSegs    = 512
	batchBytes   = 512 << 10
	batchesShard = 4
	pageBytes    = 1900 // gopacket reassembly page size
)

// segRec is one segment copied into a batch: its TCP header (20 bytes,
// options stripped) and payload live in batch.buf[off:off+n].
type segRec struct {
	ci   gopacket.CaptureInfo
	idx  uint64 // packet index (1-based, in Feed order)
	vlan uint64
	net  gopacket.Flow
	hash uint64 // flowHash
	off  int32
	n    int32
}

type batch struct {
	recs []segRec
	buf  []byte
	now  time.Time // latest packet time the feeder has seen
	// wm is the index of the last packet fed to any shard when the batch
	// was dispatched: every later packet of this shard has a larger index.
	wm uint64
}

// Engine reassembles TCP segments into HTTP/1.x exchanges. Segments are
// spread over Config.Shards goroutines by a symmetric hash of (VLAN,
// addresses, ports); each shard owns one gopacket reassembly Assembler and
// StreamPool per VLAN stack seen (gopacket keys connections by addresses
// and ports only, so VLANs get separate pools and never merge).
//
// Feed and Close must be called from one goroutine. The emit function is
// called from one goroutine of the engine's (never concurrently), while the
// shards go on parsing; those of one connection come in order of their
// responses (or requests when unanswered). For files (Live unset) the
// emitted sequence is a pure function of the fed segments and the Config:
// exchanges are ordered by the index of the packet that completed them,
// then by the packet that opened their connection, then by their order in
// the connection (those flushed by Close come last), whatever the shard
// scheduling; the emitter holds back at most the exchanges completed
// within the few batches by which shards drift apart. In Live mode
// exchanges are emitted as soon as they are complete, in no particular
// order across connections. emit owns the Exchange it is given. Every
// exchange has been emitted when Close returns.
//
// Times: an exchange's RequestTime is the capture time of the segment that
// carried the first byte of the request and ResponseTime that of the last
// byte of the response, except for bytes that waited in the out-of-order
// buffer, which carry the time of the segment that released them.
type Engine struct {
	cfg      Config
	emit     func(*Exchange)
	emitCh   chan handoff   // shards -> the emitter goroutine
	emitFree chan []keyedEx // recycled slices
	emitDone chan struct{}
	// inFlight is the bytes of the exchanges in emitCh (heldBytes), at
	// most emitBudget (or one handoff): guarded by flightMu, flightCond
	// wakes shards waiting for room.
	flightMu   sync.Mutex
	flightCond sync.Cond
	inFlight   int
	flightPeak int // the most inFlight held (for tests)
	shards     []*shard
	cur        []*batch
	wg         sync.WaitGroup
	closed     bool
	packets    uint64
	bytes      uint64
	fed        uint64 // index of the last packet put in a batch
	now        time.Time
	lastTick   time.Time
	tick       time.Duration
	stats      Stats
	// live mode: a ticker goroutine dispatches partly filled batches so
	// that a quiet link does not hold segments back; feedMu guards the
	// batches then.
	feedMu   sync.Mutex
	stopLive chan struct{}
	liveDone chan struct{}
	// pubMu guards pub, the feeder's counters as of the last dispatch
	// (read by Stats).
	pubMu sync.Mutex
	pub   Stats
	final bool // pub holds what Close returned
	// mergePeak is the most exchanges the emitter held back at once
	// (written by the emitter, read after Close: for tests).
	mergePeak int
}

type shard struct {
	id       int
	e        *Engine
	in       chan *batch
	free     chan *batch
	sink     sink
	cnt      counters
	asms     map[uint64]*vlanAsm
	tcp      layers.TCP
	ctx      asmContext
	active   int
	maxFlows int
	now      time.Time
	flushed  time.Time
	flushT   time.Time // set by a stream: flush pages seen up to this time
	// holeFlushed is the packet time of the last hole flush (flushT) and
	// sinceHole the segments assembled since: see holeFlushDue.
	holeFlushed time.Time
	sinceHole   int
	out         []keyedEx
	idx         uint64 // merge key of exchanges completed now (see keyedEx)
	// assembling is set while a segment is being assembled (not during
	// flushes): a skip reported then was forced by a buffer cap.
	assembling bool
	refused    *[refusedSlots]uint64 // hashes of recently refused connections
	// Work left by a segment's assembly, done by afterSegment once
	// gopacket has returned (it cannot be re-entered): reuse is a
	// connection the segment showed to be over, evict asks for room for the
	// segment's new connection, splits are the rest of a segment cut by
	// firstWins. redo says any is set (one test per segment).
	redo, evict, noEvict bool
	reuse                *stream
	splits               []split
	rst                  layers.TCP // RSTs of retire
	// hoHead and hoTail list the connections with no payload yet (half
	// open), least recently seen first: the first evicted at MaxFlows.
	hoHead, hoTail *stream
	// The in-order fast path (fastpath.go): conns mirrors gopacket's
	// connection pools, dirty lists the connections gopacket lags behind
	// on, syncing is set while sync catches gopacket up (with syncTCP);
	// gpMiss counts wrong guesses of gopacket's next sequence number (tests
	// check it stays 0), fastSegs the segments taken on the fast path.
	// flushes counts the flushes that close idle connections, closeT is
	// the latest close time they used.
	flushes          uint32
	closeT           time.Time
	conns            map[uint64]*stream // by connHash, chained by stream.hnext
	dirty            []*stream
	syncing          bool
	syncTCP          layers.TCP
	gpMiss, fastSegs uint64
	// pubMu guards pub, a copy of cnt published after every batch and
	// live tick (read by Engine.Stats; no per-packet synchronisation).
	pubMu sync.Mutex
	pub   counters
}

// refusedSlots is the size of each shard's table of refused connections.
const refusedSlots = 4096

type vlanAsm struct {
	asm *gpr.Assembler
}

type asmContext struct{ ci gopacket.CaptureInfo }

func (a *asmContext) GetCaptureInfo() gopacket.CaptureInfo { return a.ci }

// CaptureInfo makes the context the framer's time source. gopacket's pages
// and live packets answer ScatterGather.CaptureInfo from the context they
// were cut under, which is always this one (one reused context per shard),
// so every byte delivered by a ReassembledSG call has this capture info:
// answering here skips the walk over the scatter-gather list.
func (a *asmContext) CaptureInfo(int) gopacket.CaptureInfo { return a.ci }

// NewEngine starts an engine with cfg (zero fields take their defaults)
// that hands every exchange to emit. Close must be called to flush and stop
// it.
func NewEngine(cfg Config, emit func(*Exchange)) *Engine {
	cfg = cfg.withDefaults()
	e := &Engine{cfg: cfg, emit: emit}
	e.tick = min(cfg.GapTimeout, cfg.FlowTimeout) / 2
	if e.tick <= 0 {
		e.tick = time.Second
	}
	n := cfg.Shards
	e.shards = make([]*shard, n)
	e.cur = make([]*batch, n)
	e.emitCh = make(chan handoff, emitDepth*n)
	e.emitFree = make(chan []keyedEx, emitDepth*n+n)
	e.flightCond.L = &e.flightMu
	e.emitDone = make(chan struct{})
	go e.emitter()
	for i := range e.shards {
		sh := &shard{
			id:       i,
			e:        e,
			in:       make(chan *batch, batchesShard),
			free:     make(chan *batch, batchesShard),
			asms:     make(map[uint64]*vlanAsm),
			maxFlows: max(cfg.MaxFlows/n, 1),
			refused:  new([refusedSlots]uint64),
			conns:    make(map[uint64]*stream),
		}
		sh.sink = sink{cfg: &e.cfg, cnt: &sh.cnt, emit: sh.queue, memLimit: cfg.MaxPendingBytes / int64(n)}
		for j := 0; j < batchesShard-1; j++ {
			sh.free <- newBatch()
		}
		e.cur[i] = newBatch()
		e.shards[i] = sh
		e.wg.Add(1)
		go sh.run()
	}
	if cfg.Live {
		e.stopLive = make(chan struct{})
		e.liveDone = make(chan struct{})
		go e.liveTicker()
	}
	return e
}

// liveTickEvery is how often partly filled batches are handed to the
// shards in live mode.
const liveTickEvery = 100 * time.Millisecond

func (e *Engine) liveTicker() {
	defer close(e.liveDone)
	t := time.NewTicker(liveTickEvery)
	defer t.Stop()
	for {
		select {
		case <-e.stopLive:
			return
		case <-t.C:
			e.feedMu.Lock()
			for i := range e.shards {
				if len(e.cur[i].recs) > 0 {
					e.dispatch(i)
				}
			}
			e.feedMu.Unlock()
		}
	}
}

func newBatch() *batch {
	return &batch{recs: make([]segRec, 0, batchSegs), buf: make([]byte, 0, batchBytes)}
}

// keyedEx is an exchange with its merge key. For files (not Live) the
// emitted sequence is ordered by (idx, conn, seq), a pure function of the
// capture: idx is the index of the packet whose processing completed the
// exchange (a shard's batch-end flush uses the batch's watermark, Close
// uses maxIdx), conn the index of the packet that opened the connection
// and seq the exchange's number within its connection.
type keyedEx struct {
	idx  uint64
	conn uint64
	seq  uint32
	ex   *Exchange
}

func keyLess(a, b *keyedEx) bool {
	if a.idx != b.idx {
		return a.idx < b.idx
	}
	if a.conn != b.conn {
		return a.conn < b.conn
	}
	return a.seq < b.seq
}

// maxIdx keys the exchanges flushed by Close (after every packet).
const maxIdx = ^uint64(0)

// handoff carries a shard's completed exchanges to the emitter. wm, when
// not zero, promises that the shard will hand over no exchange keyed at or
// below it any more.
type handoff struct {
	shard int
	wm    uint64
	exs   []keyedEx
	bytes int // heldBytes of exs
}

// The queue from the shards to the emitter holds at most emitDepth
// handoffs per shard and emitBudget bytes of exchanges (beyond one
// handoff). Ingesting, the emitter (the inventory) is the slowest stage: a
// deep queue lets the shards go on while it works through a burst (with 4
// handoffs per shard, they waited for it 1-2 s in all per ingest of the
// medium perf capture, and it for them 0.2-0.3 s); the byte budget bounds
// what the depth could hold of exchanges with large bodies.
const (
	emitDepth  = 32
	emitBudget = 16 << 20
)

// reserve waits until the exchanges in the queue to the emitter leave
// room for n more bytes (or the queue holds none) and takes it.
func (e *Engine) reserve(n int) {
	e.flightMu.Lock()
	for e.inFlight > 0 && e.inFlight+n > emitBudget {
		e.flightCond.Wait()
	}
	e.inFlight += n
	e.flightPeak = max(e.flightPeak, e.inFlight)
	e.flightMu.Unlock()
}

// release gives back the room of a handoff the emitter took.
func (e *Engine) release(n int) {
	if n == 0 {
		return
	}
	e.flightMu.Lock()
	e.inFlight -= n
	e.flightMu.Unlock()
	e.flightCond.Broadcast()
}

// emitter calls emit for every exchange the shards hand over, from this
// one goroutine, so downstream work overlaps with parsing. In Live mode it
// emits as soon as it can; otherwise it merges the shard streams in key
// order: an exchange is released once every shard's watermark has reached
// its idx. The merge heap holds at most the exchanges completed between
// the slowest and the fastest shard, which the feeder bounds to a few
// batches per shard.
func (e *Engine) emitter() {
	defer close(e.emitDone)
	if e.cfg.Live {
		for h := range e.emitCh {
			e.release(h.bytes)
			for i := range h.exs {
				if e.emit != nil {
					e.emit(h.exs[i].ex)
				}
				h.exs[i].ex = nil
			}
			e.recycle(h.exs)
		}
		return
	}
	wms := make([]uint64, len(e.shards))
	var hp exHeap
	for h := range e.emitCh {
		e.release(h.bytes)
		for i := range h.exs {
			hp.push(h.exs[i])
			h.exs[i].ex = nil
		}
		e.mergePeak = max(e.mergePeak, len(hp))
		e.recycle(h.exs)
		if h.wm <= wms[h.shard] {
			continue
		}
		wms[h.shard] = h.wm
		low := wms[0]
		for _, w := range wms[1:] {
			low = min(low, w)
		}
		for len(hp) > 0 && hp[0].idx <= low {
			k := hp.pop()
			if e.emit != nil {
				e.emit(k.ex)
			}
		}
	}
	// every shard has closed; emit what is left (cannot happen with
	// watermarks at maxIdx, kept for safety).
	for len(hp) > 0 {
		k := hp.pop()
		if e.emit != nil {
			e.emit(k.ex)
		}
	}
}

func (e *Engine) recycle(exs []keyedEx) {
	select {
	case e.emitFree <- exs[:0]:
	default:
	}
}

// exHeap is a binary min-heap of keyed exchanges.
type exHeap []keyedEx

func (h *exHeap) push(k keyedEx) {
	*h = append(*h, k)
	a := *h
	i := len(a) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !keyLess(&a[i], &a[p]) {
			break
		}
		a[i], a[p] = a[p], a[i]
		i = p
	}
}

func (h *exHeap) pop() keyedEx {
	a := *h
	top := a[0]
	n := len(a) - 1
	a[0] = a[n]
	a[n] = keyedEx{}
	a = a[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && keyLess(&a[r], &a[l]) {
			m = r
		}
		if !keyLess(&a[m], &a[i]) {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}

// emitBatch is how many exchanges a shard collects before handing them to
// the emitter (it also hands them over after every input batch).
const emitBatch = 64

// queue collects an exchange for the emitter.
func (sh *shard) queue(ex *Exchange) {
	sh.out = append(sh.out, keyedEx{idx: sh.idx, conn: sh.sink.emitConn, seq: sh.sink.emitSeq, ex: ex})
	if len(sh.out) >= emitBatch {
		sh.handOver(0)
	}
}

// handOver sends the collected exchanges to the emitter with watermark wm
// (0: none).
func (sh *shard) handOver(wm uint64) {
	if len(sh.out) == 0 && (wm == 0 || sh.e.cfg.Live) {
		return
	}
	e := sh.e
	n := 0
	for i := range sh.out {
		n += sh.out[i].ex.heldBytes()
	}
	e.reserve(n)
	e.emitCh <- handoff{shard: sh.id, wm: wm, exs: sh.out, bytes: n}
	select {
	case sh.out = <-e.emitFree:
	default:
		sh.out = make([]keyedEx, 0, emitBatch)
	}
}

// flowHash is symmetric: both directions of a connection hash alike.
func flowHash(seg *capture.Segment) uint64 {
	return connHash(seg.VLAN, seg.Net, uint16(seg.TCP.SrcPort), uint16(seg.TCP.DstPort))
}

// connHash is flowHash of a segment with these VLAN stack, network flow
// and ports.
func connHash(vlan uint64, net gopacket.Flow, sport, dport uint16) uint64 {
	sp, dp := uint64(sport), uint64(dport)
	h := net.FastHash() ^ (sp+dp)*0x9E3779B97F4A7C15 ^ (sp*dp)*0xBF58476D1CE4E5B9 ^ vlan*0x94D049BB133111EB
	h ^= h >> 31
	h *= 0xD6E8FEB86659FD93
	h ^= h >> 32
	return h
}

// Feed hands one TCP segment to the engine. It copies the raw TCP header
// (seg.TCP.Contents, options dropped) and payload, which is what reassembly
// reads (not the decoded header fields): seg may be reused as soon as Feed
// returns. Segments without a TCP layer are ignored. Feed blocks when the
// shards are behind (back-pressure, bounded memory).
func (e *Engine) Feed(seg *capture.Segment) {
	if e.closed || seg == nil || seg.TCP == nil {
		return
	}
	if e.cfg.Live {
		e.feedMu.Lock()
		defer e.feedMu.Unlock()
	}
	t := seg.TCP
	e.packets++
	e.bytes += uint64(seg.CaptureInfo.CaptureLength)
	if len(t.Contents) < 20 {
		e.stats.NotTCP++
		return
	}
	ts := seg.CaptureInfo.Timestamp
	if ts.IsZero() {
		ts = seg.Timestamp
	}
	h := flowHash(seg)
	i := int(h % uint64(len(e.shards)))
	b := e.cur[i]
	need := 20 + len(t.Payload)
	if len(b.recs) == cap(b.recs) || len(b.recs) > 0 && len(b.buf)+need > cap(b.buf) {
		e.dispatch(i)
		b = e.cur[i]
		if !e.cfg.Live {
			e.nudge(i)
		}
	}
	off := len(b.buf)
	b.buf = append(b.buf, t.Contents[:20]...)
	b.buf[off+12] = 5<<4 | b.buf[off+12]&0x0f // drop options: reassembly needs none
	b.buf = append(b.buf, t.Payload...)
	b.recs = append(b.recs, segRec{
		ci:   gopacket.CaptureInfo{Timestamp: ts, CaptureLength: seg.CaptureInfo.CaptureLength, Length: seg.CaptureInfo.Length, InterfaceIndex: seg.CaptureInfo.InterfaceIndex},
		vlan: seg.VLAN,
		net:  seg.Net,
		hash: h,
		idx:  e.packets,
		off:  int32(off),
		n:    int32(need),
	})
	e.fed = e.packets
	if ts.After(e.now) {
		e.now = ts
	}
	if !e.cfg.Live {
		if e.lastTick.IsZero() {
			e.lastTick = e.now
		} else if e.now.Sub(e.lastTick) >= e.tick {
			// packet time moved on: let every shard flush idle flows, even
			// those that get no packets.
			e.lastTick = e.now
			for j := range e.shards {
				e.dispatch(j)
			}
		}
	}
}

// staleRecs is how many packets a shard's partly filled batch may lag
// behind the feeder before nudge dispatches it.
const staleRecs = 2 * batchSegs

// nudge keeps the watermarks of the shards other than i moving, so that
// the emitter's merge buffer stays bounded: an idle shard gets an empty
// batch, and one whose partly filled batch holds a packet more than
// staleRecs×shards packets old gets it dispatched.
func (e *Engine) nudge(i int) {
	for j := range e.shards {
		if j == i {
			continue
		}
		b := e.cur[j]
		if len(b.recs) == 0 || b.recs[0].idx+uint64(staleRecs*len(e.shards)) < e.fed {
			e.dispatch(j)
		}
	}
}

func (e *Engine) dispatch(i int) {
	e.pubMu.Lock()
	e.pub.Packets, e.pub.Bytes, e.pub.NotTCP = e.packets, e.bytes, e.stats.NotTCP
	e.pubMu.Unlock()
	b := e.cur[i]
	b.now = e.now
	b.wm = e.fed
	sh := e.shards[i]
	sh.in <- b
	e.cur[i] = <-sh.free
}

// Stats returns a snapshot of the counters while the engine runs: safe to
// call from any goroutine, at any time, also after Close (then it returns
// what Close returned). It is cheap: each shard publishes a copy of its
// counters after every batch of segments it processes (and every flush
// tick in Live mode), and the feeder its packet counts whenever it hands a
// batch over, so the snapshot lags the traffic by at most a batch per shard
// (512 segments or 512 KiB; in Live mode at most liveTickEvery). Each
// shard's counters are consistent with themselves; shards are read one
// after the other. Packets and Bytes count the segments fed to the engine
// (Process's final Stats replaces them with the capture decoder's counts,
// and adds Capture, which the snapshot does not have).
func (e *Engine) Stats() Stats {
	e.pubMu.Lock()
	s := e.pub
	final := e.final
	e.pubMu.Unlock()
	if final {
		return s.clone()
	}
	for _, sh := range e.shards {
		sh.pubMu.Lock()
		sh.pub.addTo(&s)
		sh.pubMu.Unlock()
	}
	return s
}

// publish copies the shard's counters for Stats.
func (sh *shard) publish() {
	sh.pubMu.Lock()
	nh := sh.pub.nonHTTP
	sh.pub = sh.cnt
	sh.pub.nonHTTP = nil
	if len(sh.cnt.nonHTTP) > 0 {
		if nh == nil {
			nh = make(map[uint16]*[3]uint64, len(sh.cnt.nonHTTP))
		}
		for port, r := range sh.cnt.nonHTTP {
			q := nh[port]
			if q == nil {
				q = new([3]uint64)
				nh[port] = q
			}
			*q = *r
		}
		sh.pub.nonHTTP = nh
	}
	sh.pubMu.Unlock()
}

// Close flushes every flow, emits every exchange still pending (unanswered
// requests, truncated messages), stops the shards and returns the merged
// counters. Calling it again returns the same counters.
func (e *Engine) Close() Stats {
	if e.closed {
		return e.stats
	}
	e.closed = true
	if e.stopLive != nil {
		close(e.stopLive)
		<-e.liveDone
	}
	for i, sh := range e.shards {
		if len(e.cur[i].recs) > 0 {
			e.dispatch(i)
		}
		close(sh.in)
	}
	e.wg.Wait()
	close(e.emitCh)
	<-e.emitDone
	s := e.stats
	s.Packets += e.packets
	s.Bytes += e.bytes
	for _, sh := range e.shards {
		sh.cnt.addTo(&s)
	}
	e.stats = s
	e.pubMu.Lock()
	e.pub, e.final = s.clone(), true
	e.pubMu.Unlock()
	return s
}

func (sh *shard) run() {
	defer sh.e.wg.Done()
	var tick <-chan time.Time
	if sh.e.cfg.Live {
		t := time.NewTicker(sh.e.tick)
		defer t.Stop()
		tick = t.C
	}
	for {
		select {
		case b, ok := <-sh.in:
			if !ok {
				sh.idx = maxIdx
				for _, va := range sh.asms {
					va.asm.FlushAll()
				}
				sh.handOver(maxIdx)
				return
			}
			wm := b.wm
			sh.process(b)
			sh.publish()
			b.recs, b.buf = b.recs[:0], b.buf[:0]
			sh.free <- b
			sh.handOver(wm)
		case now := <-tick:
			sh.flush(now)
			sh.publish()
			sh.handOver(0)
		}
	}
}

func (sh *shard) process(b *batch) {
	for i := range b.recs {
		r := &b.recs[i]
		if err := sh.tcp.DecodeFromBytes(b.buf[r.off:r.off+r.n], gopacket.NilDecodeFeedback); err != nil {
			sh.cnt.weird[WeirdBadTCP]++
			continue
		}
		sh.cnt.segments++
		sh.ctx.ci = r.ci
		sh.idx = r.idx
		if !sh.e.cfg.slowPath && sh.fast(r) {
			sh.afterAny(r)
			continue
		}
		va := sh.asmFor(r.vlan)
		sh.assembling = true
		va.asm.AssembleWithContext(r.net, &sh.tcp, &sh.ctx)
		if sh.redo {
			sh.afterSegment(va, r.net)
		}
		sh.assembling = false
		sh.afterAny(r)
	}
	sh.idx = b.wm
	if !sh.e.cfg.Live && b.now.After(sh.now) {
		sh.now = b.now
		if sh.flushed.IsZero() {
			sh.flushed = sh.now
		} else if sh.now.Sub(sh.flushed) >= sh.e.tick {
			sh.flush(sh.now)
		}
	}
}

// afterAny is what follows every segment's assembly.
func (sh *shard) afterAny(r *segRec) {
	sh.sinceHole++
	if !sh.flushT.IsZero() && sh.holeFlushDue(r.ci.Timestamp) {
		sh.holeFlush(r.ci.Timestamp)
	}
}

// holeFlushEvery is the least packet time between two hole flushes of a
// shard, and holeFlushWork the least segments per tracked connection
// (1/holeFlushWork of them) assembled in between.
const (
	holeFlushEvery = 50 * time.Millisecond
	holeFlushWork  = 16
)

// holeFlushDue reports whether a hole flush requested by a stream (flushT)
// may run at packet time now. gopacket's FlushWithOptions visits every
// connection of the assembler, so a flush per triggering segment costs
// O(connections) each: with 200k half-open connections that was 61% of
// the CPU. Requests are coalesced instead (flushT keeps the earliest hole
// time) and run at most once per holeFlushEvery of packet time and once
// per active/holeFlushWork segments, which bounds the amortized cost to
// holeFlushWork connection visits per segment. Data behind a lost segment
// thus waits a little longer in the out-of-order buffer; GapTimeout still
// bounds it.
func (sh *shard) holeFlushDue(now time.Time) bool {
	if sh.sinceHole*holeFlushWork < sh.active {
		return false
	}
	return sh.holeFlushed.IsZero() || now.Sub(sh.holeFlushed) >= holeFlushEvery || now.Before(sh.holeFlushed)
}

// holeFlush pushes through the data waiting behind holes that the peers
// acknowledged past (see stream.Accept), on every VLAN stack of the shard.
func (sh *shard) holeFlush(now time.Time) {
	opt := gpr.FlushOptions{T: sh.flushT.Add(1)}
	sh.flushT = time.Time{}
	sh.holeFlushed = now
	sh.sinceHole = 0
	for _, va := range sh.asms {
		va.asm.FlushWithOptions(opt)
	}
}

func (sh *shard) flush(now time.Time) {
	sh.flushed = now
	opt := gpr.FlushOptions{T: now.Add(-sh.e.cfg.GapTimeout), TC: now.Add(-sh.e.cfg.FlowTimeout)}
	sh.beforeFlush(opt.TC)
	for _, va := range sh.asms {
		va.asm.FlushWithOptions(opt)
	}
}

func (sh *shard) asmFor(vlan uint64) *vlanAsm {
	if va := sh.asms[vlan]; va != nil {
		return va
	}
	f := &factory{sh: sh, vlan: vlan}
	a := gpr.NewAssembler(gpr.NewStreamPool(f))
	n := int64(len(sh.e.shards))
	a.MaxBufferedPagesTotal = int(max(sh.e.cfg.MaxBufferedBytes/n/pageBytes, 1))
	a.MaxBufferedPagesPerConnection = int(max(sh.e.cfg.MaxBufferedPerConn/pageBytes, 1))
	va := &vlanAsm{asm: a}
	sh.asms[vlan] = va
	return va
}

// factory makes streams for one shard and VLAN stack.
type factory struct {
	sh   *shard
	vlan uint64
}

func (f *factory) New(netFlow, tcpFlow gopacket.Flow, tcp *layers.TCP, ac gpr.AssemblerContext) gpr.Stream {
	sh := f.sh
	if sh.syncing {
		return nil // cannot happen: sync skips connections gopacket dropped
	}
	if len(tcp.Payload) == 0 && !tcp.SYN {
		// A segment with neither data nor SYN starts nothing worth parsing.
		// Most are the last ACK of a connection that both FINs already
		// closed and removed: accepting it would re-create the connection
		// as an idle entry kept until FlowTimeout (in the soak benchmark,
		// every closed connection came back so, filling the flow table).
		// gopacket asks again with the next segment.
		return nil
	}
	if sh.active >= sh.maxFlows && !sh.noEvict && sh.hoHead != nil {
		// room is made once gopacket returns (see afterSegment)
		sh.evict, sh.redo = true, true
		return nil
	}
	if sh.active >= sh.maxFlows {
		// gopacket asks again for every segment of a refused connection:
		// count the connection once (while it stays in the table).
		sh.cnt.segsDropped++
		h := (netFlow.FastHash() ^ tcpFlow.FastHash()*0x9E3779B97F4A7C15 ^ f.vlan*0xBF58476D1CE4E5B9) | 1
		if slot := &sh.refused[h%refusedSlots]; *slot != h {
			*slot = h
			sh.cnt.flowsDropped++
		}
		return nil
	}
	sh.active++
	sh.cnt.flows++
	src, _ := netip.AddrFromSlice(netFlow.Src().Raw())
	dst, _ := netip.AddrFromSlice(netFlow.Dst().Raw())
	s := &stream{sh: sh, synDir: -1, v6: netFlow.EndpointType() == layers.EndpointIPv6}
	s.hc.init(&sh.sink, netip.AddrPortFrom(src.Unmap(), uint16(tcp.SrcPort)), netip.AddrPortFrom(dst.Unmap(), uint16(tcp.DstPort)), f.vlan)
	s.hc.id = sh.idx
	s.flushes = sh.flushes
	if len(tcp.Payload) == 0 {
		sh.hoPush(s)
	}
	sh.addConn(s, connHash(f.vlan, netFlow, uint16(tcp.SrcPort), uint16(tcp.DstPort)))
	return s
}

// stream is one TCP connection: gopacket's Stream around an httpConn.
type stream struct {
	sh     *shard
	synDir int8
	// seen: a segment was accepted; retiring: retire's RSTs are coming;
	// done: ReassemblyComplete was called; noReuse: retire failed, take
	// the segment as this connection's; halfOpen: in the shard's half-open
	// list; v6: carried by IPv6 (see netFlow); dirty: in shard.dirty;
	// gpClosed: gopacket may have closed a half (fast path off).
	seen, retiring, done, noReuse, halfOpen, v6, isnOK bool
	dirty, gpClosed                                    bool
	isn                                                uint32 // sequence number of the opening SYN
	last                                               int64  // capture time of the latest segment (Unix ns)
	hoPrev, hoNext                                     *stream
	// The fast path's state (fastpath.go), kept small: with it a stream
	// still takes the same allocation size class as without. hnext chains
	// shard.conns; flushes is shard.flushes at the last segment;
	// lastSec/lastNsec mirror gopacket's last-seen time of the connection,
	// seenSec is the time gopacket has (whole seconds, rounded down); per
	// half, gp is gopacket's next sequence number once lag bytes are
	// synced, fpf the fp* flags.
	hnext    *stream
	flushes  uint32
	lastNsec int32
	lastSec  int64
	seenSec  int64
	gp, lag  [2]uint32
	fpf      [2]uint8
	hc       httpConn
}

// netFlow rebuilds the network flow of direction di as the capture decoder
// makes it (4-byte IPv4, 16-byte IPv6 addresses; storing it would take 56
// bytes per connection), which is how gopacket keys the connection.
func (s *stream) netFlow(di int) gopacket.Flow {
	a, b := s.hc.addr[di].Addr(), s.hc.addr[1-di].Addr()
	if s.v6 {
		a16, b16 := a.As16(), b.As16()
		return gopacket.NewFlow(layers.EndpointIPv6, a16[:], b16[:])
	}
	a4, b4 := a.As4(), b.As4()
	return gopacket.NewFlow(layers.EndpointIPv4, a4[:], b4[:])
}

func dirIdx(d gpr.TCPFlowDirection) int {
	if d == gpr.TCPDirClientToServer {
		return 0
	}
	return 1
}

func (s *stream) Accept(tcp *layers.TCP, ci gopacket.CaptureInfo, dir gpr.TCPFlowDirection, nextSeq gpr.Sequence, start *bool, ac gpr.AssemblerContext) bool {
	*start = true // pick up connections already open (no SYN seen)
	if s.sh.syncing {
		return true
	}
	di := dirIdx(dir)
	ok := s.retiring || s.accept(tcp, ci, di) // retire's RST: let it end the half
	s.fastAccept(tcp, ci, di, nextSeq, ok)
	return ok
}

// accept is Accept for a segment of direction di (not retire's RSTs).
func (s *stream) accept(tcp *layers.TCP, ci gopacket.CaptureInfo, di int) bool {
	d := &s.hc.d[di]
	now := ci.Timestamp.UnixNano()
	if s.seen && (tcp.SYN || len(tcp.Payload) > 0) && !s.noReuse && s.opensNew(tcp, di, now) {
		s.sh.reuse, s.sh.redo = s, true
		return false // gopacket drops it; afterSegment assembles it again
	}
	s.seen, s.last = true, now
	if s.halfOpen {
		s.sh.hoUnlink(s)
		if len(tcp.Payload) == 0 {
			s.sh.hoPush(s) // seen last: evicted last
		}
	}
	if tcp.ACK {
		d.ack, d.ackOK = tcp.Ack, true
	}
	if !d.seqOK {
		d.seq = tcp.Seq
		if tcp.SYN {
			d.seq++
		}
		d.seqOK = true
	}
	if tcp.SYN && !d.respEndOK {
		// the first response starts right after the SYN: a response found
		// past it follows lost bytes (see httpConn.pair)
		d.respEnd, d.respEndOK = tcp.Seq+1, true
	}
	if tcp.SYN && !tcp.ACK {
		s.synDir = int8(di)
		if !s.isnOK {
			s.isn, s.isnOK = tcp.Seq, true
		}
	}
	if n := len(tcp.Payload); n > 0 {
		end := tcp.Seq + uint32(n)
		if d.maxEndOK && seqLess(tcp.Seq, d.maxEnd) && !tcp.SYN && !tcp.RST {
			// overlaps bytes seen before (or fills a hole): first wins
			s.sh.splits = s.hc.firstWins(d, tcp, s.sh.splits)
			s.sh.redo = s.sh.redo || len(s.sh.splits) > 0
		}
		if !d.maxEndOK || seqLess(d.maxEnd, end) {
			d.maxEnd, d.maxEndOK = end, true
		}
		if seqLess(d.seq, tcp.Seq) {
			if d.holeTime.IsZero() {
				d.holeTime = ci.Timestamp
			}
			if tcp.ACK {
				d.noteOOO(tcp.Seq, end, tcp.Ack)
			}
			if len(tcp.Payload) > 0 {
				d.addQueued(tcp.Seq, tcp.Seq+uint32(len(tcp.Payload)))
			}
		}
	}
	// The peer acknowledged bytes of the other direction that never
	// reached us while later ones wait behind the hole: the hole is capture
	// loss, not reordering, so push the waiting data through now (Zeek's
	// rule) instead of after GapTimeout.
	if r := &s.hc.d[1-di]; tcp.ACK && !r.holeTime.IsZero() && seqLess(r.seq, tcp.Ack) {
		if s.sh.flushT.IsZero() || r.holeTime.Before(s.sh.flushT) {
			s.sh.flushT = r.holeTime
		}
		r.holeTime = time.Time{}
	}
	return true
}

func (s *stream) ReassembledSG(sg gpr.ScatterGather, ac gpr.AssemblerContext) {
	dir, _, end, skip := sg.Info()
	di := dirIdx(dir)
	avail, _ := sg.Lengths()
	if s.sh.syncing {
		if skip != 0 || end {
			s.sh.gpMiss++ // never: tests check
		}
		return
	}
	if s.fpf[di]&fpGP != 0 {
		s.gp[di] += uint32(skip + avail) // gopacket's next sequence number now
	}
	var data []byte
	if avail > 0 {
		data = sg.Fetch(avail)
	}
	s.deliver(di, skip, data, end)
}

// deliver handles the next bytes of direction di (after skip missing ones)
// and, with end, the end of the direction.
func (s *stream) deliver(di, skip int, data []byte, end bool) {
	if skip > 0 {
		if s.sh.assembling {
			s.sh.cnt.capSkips++ // only a buffer cap skips while assembling
		}
		s.hc.gap(di, skip)
	}
	d := &s.hc.d[di]
	if len(data) > 0 {
		s.sh.cnt.payloadBytes += uint64(len(data))
		d.noteDelivered(d.seq, data)
		if d.ovl != nil && len(d.ovl.stash) > 0 {
			d.compareStash(d.seq, data, &s.sh.cnt)
		}
		s.hc.feed(di, data, &s.sh.ctx) // == sg's times (see asmContext)
	}
	if d.ovl != nil {
		s.hc.pruneQueued(d)
	}
	if end {
		s.hc.endDir(di)
	}
	if !seqLess(d.seq, d.maxEnd) {
		d.holeTime = time.Time{}
		d.oooAcks = nil // nothing waits behind a hole any more
	}
}

func (s *stream) ReassemblyComplete(ac gpr.AssemblerContext) bool {
	s.done = true
	s.sh.dropConn(s, s.connHashOf())
	if s.halfOpen {
		s.sh.hoUnlink(s)
	}
	s.hc.close()
	if r := s.hc.nonHTTPReason(); r >= 0 {
		port := min(s.hc.addr[0].Port(), s.hc.addr[1].Port())
		if s.synDir >= 0 {
			port = s.hc.addr[1-s.synDir].Port()
		}
		s.sh.cnt.addNonHTTP(port, r)
	}
	s.sh.active--
	return true
}

// Connection reuse and eviction. gopacket keys connections by addresses and
// ports and has no call to drop one, so a connection is closed out (retire)
// by assembling an RST at the next sequence number of each open direction:
// gopacket then ends both halves and calls ReassemblyComplete, which emits
// what the connection had and frees its slot. All of it runs between two
// AssembleWithContext calls (afterSegment), never inside one.

// reuseWindow is how far from where a direction stands a segment must start
// to be taken for another connection's on the same addresses and ports
// (with RFC 6528 initial sequence numbers a new connection's starts near the
// old one's: the window is kept small; a wrong guess only splits a quiet
// connection in two).
const reuseWindow = 1 << 20

// reuseIdle is how long a connection must be silent (packet time) to be idle.
const reuseIdle = time.Second

// opensNew reports whether a segment of direction di on this connection
// belongs to a new connection on the same addresses and ports: a SYN with
// another initial sequence number than the one that opened this one (any,
// if none did), or data far outside this direction's window (or past its
// FIN), while this connection is finished or idle (see quiet). A SYN on a
// busy connection is counted and left to gopacket, which drops it as a
// receiver does (RFC 5961).
func (s *stream) opensNew(tcp *layers.TCP, di int, now int64) bool {
	d := &s.hc.d[di]
	switch {
	case tcp.RST:
		return false
	case tcp.SYN:
		if tcp.ACK || s.isnOK && (tcp.Seq == s.isn || int(s.synDir) != di) {
			return false // retransmitted SYN, SYN-ACK, simultaneous open
		}
		if !s.quiet(now) {
			s.sh.cnt.weird[WeirdSYNInsideConnection]++
			return false
		}
		return true
	case !d.seqOK:
		return false
	}
	off := int32(tcp.Seq - d.seq)
	hi := d.seq
	if d.maxEndOK && seqLess(hi, d.maxEnd) {
		hi = d.maxEnd
	}
	switch {
	case d.closed && off >= 0: // past the FIN
	case off < -reuseWindow, int32(tcp.Seq-hi) > reuseWindow:
	default:
		return false
	}
	return s.quiet(now)
}

// quiet reports whether the connection is finished (a FIN or RST ended a
// direction) or idle: silent for reuseIdle, or with no message in flight.
func (s *stream) quiet(now int64) bool {
	c := &s.hc
	if c.d[0].closed || c.d[1].closed || now-s.last >= int64(reuseIdle) {
		return true
	}
	for i := range c.d {
		switch d := &c.d[i]; d.state {
		case stHeader, stLongLine, stSkipHead:
			return false
		case stBody:
			if d.body != bodyClose { // a close-delimited body ends with it
				return false
			}
		}
	}
	return true
}

// afterSegment does the work the segment in sh.tcp (network flow net) left
// (see shard.redo): it assembles the segment again when it was refused for
// a retire, and the pieces firstWins cut it into.
func (sh *shard) afterSegment(va *vlanAsm, net gopacket.Flow) {
	for range 2 + 2*queuedSlots { // a bound: at most queuedSlots+2 splits
		switch {
		case sh.reuse != nil:
			old := sh.reuse
			sh.reuse = nil
			if sh.retire(old) {
				sh.cnt.weird[WeirdConnectionReused]++
			} else {
				old.noReuse = true
			}
			va.asm.AssembleWithContext(net, &sh.tcp, &sh.ctx)
			old.noReuse = false
		case sh.evict:
			sh.evict = false
			if v := sh.hoHead; v != nil && sh.retire(v) {
				sh.cnt.weird[WeirdHalfOpenEvicted]++
			} else {
				sh.noEvict = true
			}
			va.asm.AssembleWithContext(net, &sh.tcp, &sh.ctx)
			sh.noEvict = false
		case len(sh.splits) > 0:
			sp := sh.splits[0]
			sh.splits = append(sh.splits[:0], sh.splits[1:]...)
			t := &sh.tcp
			t.Seq, t.Payload, t.FIN, t.SYN, t.RST = sp.seq, sp.b, sp.fin, false, false
			va.asm.AssembleWithContext(net, t, &sh.ctx)
		default:
			sh.redo = false
			return
		}
	}
	sh.redo, sh.reuse, sh.evict, sh.splits = false, nil, false, sh.splits[:0]
}

// retire closes out connection s now (see above); it reports whether s was
// completed. A direction whose data waits behind a hole has the hole
// counted as a gap first: that data goes with the connection.
func (sh *shard) retire(s *stream) bool {
	sh.sync(s)
	va := sh.asms[s.hc.vlan]
	s.retiring = true
	var h [20]byte
	h[12] = 5 << 4
	h[13] = 0x04 // RST
	for di := 0; di < 2 && !s.done; di++ {
		d := &s.hc.d[di]
		if d.closed {
			continue
		}
		if d.maxEndOK && seqLess(d.seq, d.maxEnd) {
			s.hc.gap(di, -1)
		}
		binary.BigEndian.PutUint16(h[0:], s.hc.addr[di].Port())
		binary.BigEndian.PutUint16(h[2:], s.hc.addr[1-di].Port())
		binary.BigEndian.PutUint32(h[4:], d.seq)
		if sh.rst.DecodeFromBytes(h[:], gopacket.NilDecodeFeedback) != nil {
			break
		}
		va.asm.AssembleWithContext(s.netFlow(di), &sh.rst, &sh.ctx)
	}
	s.retiring = false
	if !s.done && s.halfOpen {
		sh.hoUnlink(s) // do not pick it again
	}
	return s.done
}

// hoPush appends s to the half-open list.
func (sh *shard) hoPush(s *stream) {
	s.halfOpen, s.hoPrev, s.hoNext = true, sh.hoTail, nil
	if sh.hoTail != nil {
		sh.hoTail.hoNext = s
	} else {
		sh.hoHead = s
	}
	sh.hoTail = s
}

// hoUnlink removes s from the half-open list.
func (sh *shard) hoUnlink(s *stream) {
	if s.hoPrev != nil {
		s.hoPrev.hoNext = s.hoNext
	} else {
		sh.hoHead = s.hoNext
	}
	if s.hoNext != nil {
		s.hoNext.hoPrev = s.hoPrev
	} else {
		sh.hoTail = s.hoPrev
	}
	s.halfOpen, s.hoPrev, s.hoNext = false, nil, nil
}
