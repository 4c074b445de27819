package reassembly

import (
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
	vlan uint64
	net  gopacket.Flow
	off  int32
	n    int32
}

type batch struct {
	recs []segRec
	buf  []byte
	now  time.Time // latest packet time the feeder has seen
}

// Engine reassembles TCP segments into HTTP/1.x exchanges. Segments are
// spread over Config.Shards goroutines by a symmetric hash of (VLAN,
// addresses, ports); each shard owns one gopacket reassembly Assembler and
// StreamPool per VLAN stack seen (gopacket keys connections by addresses
// and ports only, so VLANs get separate pools and never merge).
//
// Feed and Close must be called from one goroutine. The emit function is
// called from one goroutine of the engine's (never concurrently), while the
// shards go on parsing; exchanges of different connections come in no
// particular order, those of one connection in order of their responses (or
// requests when unanswered). emit owns the Exchange it is given. Every
// exchange has been emitted when Close returns.
//
// Times: an exchange's RequestTime is the capture time of the segment that
// carried the first byte of the request and ResponseTime that of the last
// byte of the response, except for bytes that waited in the out-of-order
// buffer, which carry the time of the segment that released them.
type Engine struct {
	cfg      Config
	emit     func(*Exchange)
	emitCh   chan []*Exchange // shards -> the emitter goroutine
	emitFree chan []*Exchange // recycled slices
	emitDone chan struct{}
	shards   []*shard
	cur      []*batch
	wg       sync.WaitGroup
	closed   bool
	packets  uint64
	bytes    uint64
	now      time.Time
	lastTick time.Time
	tick     time.Duration
	stats    Stats
	// live mode: a ticker goroutine dispatches partly filled batches so
	// that a quiet link does not hold segments back; feedMu guards the
	// batches then.
	feedMu   sync.Mutex
	stopLive chan struct{}
	liveDone chan struct{}
}

type shard struct {
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
	out      []*Exchange
}

type vlanAsm struct {
	asm *gpr.Assembler
}

type asmContext struct{ ci gopacket.CaptureInfo }

func (a *asmContext) GetCaptureInfo() gopacket.CaptureInfo { return a.ci }

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
	e.emitCh = make(chan []*Exchange, 4*n)
	e.emitFree = make(chan []*Exchange, 4*n+n)
	e.emitDone = make(chan struct{})
	go e.emitter()
	for i := range e.shards {
		sh := &shard{
			e:        e,
			in:       make(chan *batch, batchesShard),
			free:     make(chan *batch, batchesShard),
			asms:     make(map[uint64]*vlanAsm),
			maxFlows: max(cfg.MaxFlows/n, 1),
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

// emitter calls emit for every exchange the shards hand over, from this
// one goroutine, so downstream work overlaps with parsing.
func (e *Engine) emitter() {
	defer close(e.emitDone)
	for batch := range e.emitCh {
		if e.emit != nil {
			for i, ex := range batch {
				e.emit(ex)
				batch[i] = nil
			}
		}
		select {
		case e.emitFree <- batch[:0]:
		default:
		}
	}
}

// emitBatch is how many exchanges a shard collects before handing them to
// the emitter (it also hands them over after every input batch).
const emitBatch = 64

// queue collects an exchange for the emitter.
func (sh *shard) queue(ex *Exchange) {
	sh.out = append(sh.out, ex)
	if len(sh.out) >= emitBatch {
		sh.handOver()
	}
}

// handOver sends the collected exchanges to the emitter.
func (sh *shard) handOver() {
	if len(sh.out) == 0 {
		return
	}
	e := sh.e
	e.emitCh <- sh.out
	select {
	case sh.out = <-e.emitFree:
	default:
		sh.out = make([]*Exchange, 0, emitBatch)
	}
}

// flowHash is symmetric: both directions of a connection hash alike.
func flowHash(seg *capture.Segment) uint64 {
	sp, dp := uint64(seg.TCP.SrcPort), uint64(seg.TCP.DstPort)
	h := seg.Net.FastHash() ^ (sp+dp)*0x9E3779B97F4A7C15 ^ (sp*dp)*0xBF58476D1CE4E5B9 ^ seg.VLAN*0x94D049BB133111EB
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
	i := 0
	if len(e.shards) > 1 {
		i = int(flowHash(seg) % uint64(len(e.shards)))
	}
	b := e.cur[i]
	need := 20 + len(t.Payload)
	if len(b.recs) == cap(b.recs) || len(b.recs) > 0 && len(b.buf)+need > cap(b.buf) {
		e.dispatch(i)
		b = e.cur[i]
	}
	off := len(b.buf)
	b.buf = append(b.buf, t.Contents[:20]...)
	b.buf[off+12] = 5<<4 | b.buf[off+12]&0x0f // drop options: reassembly needs none
	b.buf = append(b.buf, t.Payload...)
	b.recs = append(b.recs, segRec{
		ci:   gopacket.CaptureInfo{Timestamp: ts, CaptureLength: seg.CaptureInfo.CaptureLength, Length: seg.CaptureInfo.Length, InterfaceIndex: seg.CaptureInfo.InterfaceIndex},
		vlan: seg.VLAN,
		net:  seg.Net,
		off:  int32(off),
		n:    int32(need),
	})
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

func (e *Engine) dispatch(i int) {
	b := e.cur[i]
	b.now = e.now
	sh := e.shards[i]
	sh.in <- b
	e.cur[i] = <-sh.free
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
				for _, va := range sh.asms {
					va.asm.FlushAll()
				}
				sh.handOver()
				return
			}
			sh.process(b)
			b.recs, b.buf = b.recs[:0], b.buf[:0]
			sh.free <- b
			sh.handOver()
		case now := <-tick:
			sh.flush(now)
			sh.handOver()
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
		va := sh.asmFor(r.vlan)
		va.asm.AssembleWithContext(r.net, &sh.tcp, &sh.ctx)
		if !sh.flushT.IsZero() {
			va.asm.FlushWithOptions(gpr.FlushOptions{T: sh.flushT.Add(1)})
			sh.flushT = time.Time{}
		}
	}
	if !sh.e.cfg.Live && b.now.After(sh.now) {
		sh.now = b.now
		if sh.flushed.IsZero() {
			sh.flushed = sh.now
		} else if sh.now.Sub(sh.flushed) >= sh.e.tick {
			sh.flush(sh.now)
		}
	}
}

func (sh *shard) flush(now time.Time) {
	sh.flushed = now
	opt := gpr.FlushOptions{T: now.Add(-sh.e.cfg.GapTimeout), TC: now.Add(-sh.e.cfg.FlowTimeout)}
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
	if sh.active >= sh.maxFlows {
		sh.cnt.flowsDropped++
		return nil
	}
	sh.active++
	sh.cnt.flows++
	src, _ := netip.AddrFromSlice(netFlow.Src().Raw())
	dst, _ := netip.AddrFromSlice(netFlow.Dst().Raw())
	s := &stream{sh: sh, synDir: -1}
	s.hc.init(&sh.sink, netip.AddrPortFrom(src.Unmap(), uint16(tcp.SrcPort)), netip.AddrPortFrom(dst.Unmap(), uint16(tcp.DstPort)), f.vlan)
	return s
}

// stream is one TCP connection: gopacket's Stream around an httpConn.
type stream struct {
	sh     *shard
	hc     httpConn
	synDir int8
}

func dirIdx(d gpr.TCPFlowDirection) int {
	if d == gpr.TCPDirClientToServer {
		return 0
	}
	return 1
}

func (s *stream) Accept(tcp *layers.TCP, ci gopacket.CaptureInfo, dir gpr.TCPFlowDirection, nextSeq gpr.Sequence, start *bool, ac gpr.AssemblerContext) bool {
	*start = true // pick up connections already open (no SYN seen)
	di := dirIdx(dir)
	d := &s.hc.d[di]
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
	if tcp.SYN && !tcp.ACK {
		s.synDir = int8(di)
	}
	if n := len(tcp.Payload); n > 0 {
		end := tcp.Seq + uint32(n)
		if !d.maxEndOK || seqLess(d.maxEnd, end) {
			d.maxEnd, d.maxEndOK = end, true
		}
		if seqLess(d.seq, tcp.Seq) && d.holeTime.IsZero() {
			d.holeTime = ci.Timestamp
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
	if skip > 0 {
		s.hc.gap(di, skip)
	}
	if avail, _ := sg.Lengths(); avail > 0 {
		s.sh.cnt.payloadBytes += uint64(avail)
		s.hc.feed(di, sg.Fetch(avail), sg)
	}
	if end {
		s.hc.endDir(di)
	}
	if d := &s.hc.d[di]; !d.holeTime.IsZero() && !seqLess(d.seq, d.maxEnd) {
		d.holeTime = time.Time{}
	}
}

func (s *stream) ReassemblyComplete(ac gpr.AssemblerContext) bool {
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
