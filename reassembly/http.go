package reassembly

import (
	"bytes"
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
)

// timeSource gives the capture info of the byte at an offset of the data
// being fed (reassembly.ScatterGather implements it).
type timeSource interface {
	CaptureInfo(offset int) gopacket.CaptureInfo
}

// sink is what connections report to: the shard's config, counters and
// the emit function.
type sink struct {
	cfg  *Config
	cnt  *counters
	emit func(*Exchange)
	// emitConn and emitSeq identify the exchange being emitted (the
	// connection's id and its per-connection emission number), read by
	// emit for the deterministic merge of shard streams.
	emitConn uint64
	emitSeq  uint32
	// mem is the memory held for messages in flight (header buffers'
	// capacity, kept body bytes of unemitted exchanges); memLimit caps it.
	mem, memLimit int64
	// mh is the scratch header of the message being parsed: its framing
	// values are slices of its own arrays, which would move a local one
	// to the heap for every message.
	mh msgHead
}

// memLeft returns how many more bytes may be held for messages in flight.
func (s *sink) memLeft() int64 {
	if s.memLimit <= 0 {
		return 1 << 62
	}
	return s.memLimit - s.mem
}

// growHdr appends b to d.hdr within the memory budget; false when the
// budget does not allow the buffer to grow.
func (c *httpConn) growHdr(d *dirParser, b []byte) bool {
	need := len(d.hdr) + len(b)
	if need > cap(d.hdr) {
		newCap := max(need, 2*cap(d.hdr), 512)
		newCap = max(min(newCap, c.s.cfg.MaxHeaderBytes), need)
		if int64(newCap-cap(d.hdr)) > c.s.memLeft() {
			return false
		}
		nb := make([]byte, len(d.hdr), newCap)
		copy(nb, d.hdr)
		c.s.mem += int64(newCap - cap(d.hdr))
		d.hdr = nb
	}
	d.hdr = append(d.hdr, b...)
	return true
}

// dropHdr releases d's header buffer.
func (c *httpConn) dropHdr(d *dirParser) {
	c.s.mem -= int64(cap(d.hdr))
	d.hdr = nil
}

// pending is an exchange being assembled.
type pending struct {
	ex               Exchange
	hasReq, hasResp  bool
	reqDone          bool // nothing more will come for the request side
	respDone         bool // nothing more will come for the response side
	ack              uint32
	hasAck           bool
	respSeq          uint32
	hasRespSeq       bool
	reqRaw, respRaw  []byte
	reqKept          int // body bytes counted as kept under DiscardBodies
	respKept         int
	reqEnc, respEnc  string
	reqTrunc         bool
	respTrunc        bool
	emitted          bool
	upgradeRequested bool
	placeholder      bool // stands for a request lost in a gap (see onRequest)
}

// Direction parser states.
const (
	stIdle = iota
	stHeader
	stBody
	stResync
	stDead
	stLongLine // skipping the middle of an over-long start line
	stSkipHead // skipping the rest of a header block over MaxHeaderBytes
)

// What follows a header block cut at MaxHeaderBytes, once its end is found
// (see capHead).
const (
	planBody    = iota // frame the body (dirParser.planKind, planN)
	planNone           // no body whatever the headers say (HEAD, 204, 304)
	planInterim        // a 1xx: nothing paired, the next response follows
	planUpgrade        // 101 or CONNECT 2xx: the connection leaves HTTP/1
)

// Chunked body sub-states.
const (
	chSize = iota
	chData
	chDataEnd
	chTrailer
)

// Direction roles.
const (
	roleUnknown = iota
	roleClient
	roleServer
)

// maxNoHTTPScan is how many bytes a direction of a connection that never
// carried HTTP is scanned for a start line before it is given up.
const maxNoHTTPScan = 64 << 10

// maxStartLine caps the part of a request or status line that is kept (see
// lineCap); the rest of a longer line is skipped.
const maxStartLine = 8192

// maxLongLine is the longest start line skipped to its end before it is
// given up as not a message. Go servers accept a request line and headers
// of up to 1 MiB (http.DefaultMaxHeaderBytes, plus 4 KiB of slack), other
// servers far less: no server acts on a longer line.
const maxLongLine = 1<<20 + 4096

// dirParser frames one direction of a connection. It never blocks and never
// keeps more than MaxHeaderBytes (+ small line buffers) of a message.
type dirParser struct {
	state     uint8
	role      uint8
	tentative bool // current header block was found by resync: verify strictly
	lineOK    bool // the current message's start line was validated
	lineStart bool // in resync: the next byte starts a line
	hdr       []byte
	carry     []byte
	scratch   []byte
	line      []byte // chunk-size / trailer line
	body      uint8
	chunk     uint8
	remain    int64
	trailer   int
	cur       *pending

	msgTime time.Time
	msgSeq  uint32
	// msgAck is the ACK number carried by the segment with the message's
	// first byte (a request whose header block spans segments is paired
	// by it, not by the ACK of its last segment: see pair).
	msgAck uint32

	seq, ack     uint32
	seqOK, ackOK bool
	// where the previous message of this direction ended cleanly (a
	// response, or on the client side a request); bytes lost between it and
	// the next message held a whole message (see pair and onRequest)
	respEnd   uint32
	respEndOK bool
	gapped    bool // bytes were lost since the previous message ended
	scanned   int  // bytes scanned while the connection had no HTTP
	// probe keeps the first bytes of a direction of a connection without
	// HTTP/1, to recognise HTTP/2 picked up mid-way (h2Chain)
	probe     []byte
	probeDone bool
	closed    bool
	// out-of-order tracking (see stream.Accept)
	maxEnd   uint32 // highest sequence end seen
	maxEndOK bool
	// Oversized input (here: they fill maxEndOK's padding). lineCut: the
	// current message's start line was cut (stLongLine); capped: onHead is
	// handling a block cut at MaxHeaderBytes; skipLS and skipFraming:
	// stSkipHead's scanner state (0 inside a line, 1 at a line start, 2
	// after a CR there) and whether a skipped line was a framing header;
	// plan: what follows the skipped block (with body and remain); smallN:
	// the bytes in small.
	lineCut, capped, longReq, skipFraming bool
	skipLS, plan, smallN                  uint8
	holeTime                              time.Time // when data first waited behind a hole; zero: none
	// oooAcks remembers the ACK numbers of the last segments that arrived
	// ahead of a hole (allocated on the first one, dropped when the hole
	// closes): they are delivered later, when d.ack has moved on, and a
	// request must be paired by the ACK its own first segment carried.
	oooAcks *[oooAckSlots]seqAck
	oooNext uint8
	runNext uint8 // next slot of runs
	// small holds the last bytes of a long start line (its version) or the
	// first bytes of a skipped header line (its name); longN and longBad
	// count a long line's bytes skipped and those ≤ 0x20 or 0x7f after its
	// method.
	small          [18]byte
	longN, longBad int32

	// overlap policy (see overlap.go): the last runs delivered, and the
	// data held out of order (nil until some is)
	runs [deliveredRuns]runHash
	ovl  *overlapState

	// per feed call
	ts   timeSource
	base int // offset in ts of the current slice's first byte
}

// oooAckSlots is how many out-of-order segments' ACKs a direction keeps.
const oooAckSlots = 8

// seqAck is the sequence range of a segment's payload and its ACK number.
type seqAck struct {
	seq, end, ack uint32
	ok            bool
}

// noteOOO records the ACK of a segment with payload [seq, end) that
// arrived ahead of a hole.
func (d *dirParser) noteOOO(seq, end, ack uint32) {
	if d.oooAcks == nil {
		d.oooAcks = new([oooAckSlots]seqAck)
	}
	d.oooAcks[d.oooNext%oooAckSlots] = seqAck{seq: seq, end: end, ack: ack, ok: true}
	d.oooNext++
}

// ackAt returns the ACK number carried by the segment holding byte seq:
// the one recorded when it arrived out of order (the first transmission's
// when there were several), else the latest ACK of this direction.
func (d *dirParser) ackAt(seq uint32) uint32 {
	ack := d.ack
	if d.oooAcks == nil {
		return ack
	}
	found := false
	for _, r := range d.oooAcks {
		if r.ok && !seqLess(seq, r.seq) && seqLess(seq, r.end) && (!found || seqLess(r.ack, ack)) {
			ack, found = r.ack, true
		}
	}
	return ack
}

// httpConn is the HTTP/1.x state of one TCP connection: two direction
// parsers and the FIFO of requests waiting for a response.
type httpConn struct {
	s        *sink
	addr     [2]netip.AddrPort // by direction index
	vlan     uint64
	d        [2]dirParser
	queue    []*pending
	held     []*pending // responses with no request yet (out-of-order data)
	orphan   bool       // a response with no request went out since the last request
	httpSeen bool
	// memCut: a header block was cut at MaxPendingBytes, so whether the
	// connection carried HTTP is unknown (it is not reported as non-HTTP).
	memCut   bool
	upgraded bool
	// h2 is the HTTP/2 state once the connection switched (h2.go).
	h2 *h2Conn
	// tls collects the handshake of a TLS connection (tls.go).
	tls     *tlsConn
	reason  int8 // -1 none; else index into reasonNames
	payload bool
	// id identifies the connection in the emission order (the index of the
	// packet that opened it); nemit counts its emitted exchanges.
	id    uint64
	nemit uint32
}

func (c *httpConn) init(s *sink, a, b netip.AddrPort, vlan uint64) {
	*c = httpConn{s: s, addr: [2]netip.AddrPort{a, b}, vlan: vlan, reason: -1}
}

func (c *httpConn) setRole(di int, client bool) {
	if client {
		c.d[di].role, c.d[1-di].role = roleClient, roleServer
	} else {
		c.d[di].role, c.d[1-di].role = roleServer, roleClient
	}
}

func (d *dirParser) timeAt(pos int) time.Time {
	if d.ts == nil {
		return time.Time{}
	}
	return d.ts.CaptureInfo(d.base + pos).Timestamp
}

// feed parses data, the next bytes of direction di. ts gives per-byte
// capture times (offset 0 = data[0]).
func (c *httpConn) feed(di int, data []byte, ts timeSource) {
	d := &c.d[di]
	if len(data) > 0 {
		c.payload = true
	}
	d.ts = ts
	if c.h2 != nil && c.h2.on[di] {
		d.base = 0
		c.h2.feed(di, data, 0)
		d.ts = nil
		d.seq += uint32(len(data))
		return
	}
	if c.tls != nil && !c.tls.done {
		c.feedTLS(di, data)
		c.s.cnt.skipped += uint64(len(data))
		d.ts = nil
		d.seq += uint32(len(data))
		return
	}
	if !d.probeDone && len(data) > 0 {
		if data = c.probeH2(di, data); data == nil {
			d.ts = nil
			return // held, or all gone to HTTP/2
		}
	}
	c.feedHTTP1(di, data)
}

// feedHTTP1 runs the HTTP/1 framer over data (see feed).
func (c *httpConn) feedHTTP1(di int, data []byte) {
	d := &c.d[di]
	pos := 0
	for pos < len(data) {
		d.base = pos
		b := data[pos:]
		switch d.state {
		case stIdle:
			i := 0
			for i < len(b) && (b[i] == '\r' || b[i] == '\n') {
				i++
			}
			pos += i
			if i == len(b) {
				continue
			}
			b = b[i:]
			d.base = pos
			d.msgTime = d.timeAt(0)
			d.msgSeq = d.seq + uint32(pos)
			d.msgAck = d.ackAt(d.msgSeq)
			d.state = stHeader
			d.tentative = !c.httpSeen
			d.lineOK, d.lineCut = false, false
			d.hdr = d.hdr[:0]
		case stHeader:
			pos += c.headerStep(di, b)
			if c.handOff(di, data, pos) {
				return
			}
		case stBody:
			pos += c.bodyStep(di, b)
		case stResync:
			pos += c.resyncStep(di, b)
		case stLongLine:
			pos += c.longLineStep(di, b)
		case stSkipHead:
			pos += c.skipHeadStep(di, b)
		default: // stDead
			c.s.cnt.skipped += uint64(len(b))
			pos = len(data)
		}
	}
	d.ts = nil
	d.seq += uint32(len(data))
}

// handOff gives the rest of data (from pos) to the parser a header block
// just switched the connection to: the TLS handshake collector (a TLS
// record where a start line was expected), or HTTP/2 (the client's preface,
// or a 101 answering Upgrade: h2c). It reports whether it did.
func (c *httpConn) handOff(di int, data []byte, pos int) bool {
	d := &c.d[di]
	switch {
	case c.tls != nil && !c.tls.done && d.state == stDead:
		c.feedTLS(di, data[pos:])
		c.s.cnt.skipped += uint64(len(data) - pos)
	case c.h2 != nil && c.h2.on[di]:
		d.base = 0
		c.h2.feed(di, data, pos)
	default:
		return false
	}
	d.ts = nil
	d.seq += uint32(len(data))
	return true
}

// isTLSRecord reports whether b starts with a TLS record header.
func isTLSRecord(b []byte) bool {
	return len(b) >= 3 && b[0] >= 0x14 && b[0] <= 0x17 && b[1] == 3 && b[2] <= 4
}

// kill stops HTTP parsing on both directions.
func (c *httpConn) kill() {
	for i := range c.d {
		d := &c.d[i]
		c.releaseProbe(d)
		if d.state == stHeader || d.state == stResync || d.state == stLongLine {
			c.s.cnt.skipped += uint64(len(d.hdr) + len(d.carry))
		}
		if d.state == stSkipHead && d.cur != nil {
			c.endMessage(i, true, -1) // recorded already: let it be emitted
		}
		d.state = stDead
		c.dropHdr(d)
		d.carry, d.line, d.scratch = nil, nil, nil
	}
}

func (c *httpConn) toResync(di int) {
	d := &c.d[di]
	d.state = stResync
	d.lineStart = true
	d.carry = d.carry[:0]
	d.hdr = d.hdr[:0]
	d.respEndOK = false
}

// headerStep accumulates a start line and header block. Returns bytes
// consumed from b.
func (c *httpConn) headerStep(di int, b []byte) int {
	d := &c.d[di]
	maxH := c.s.cfg.MaxHeaderBytes
	if len(d.hdr) == 0 {
		if end := findHeaderEnd(b, 0); end >= 0 && end <= maxH {
			if ok, n := c.checkFirstLine(di, b, 0); !ok {
				return n
			}
			c.onHead(di, b[:end], false, false, end-1)
			return end
		}
	}
	old := len(d.hdr)
	take := b
	// a resync may start the buffer with more carried bytes (up to
	// maxStartLine) than a small MaxHeaderBytes allows
	if room := max(maxH-old, 0); len(take) > room {
		take = take[:room]
	}
	if !c.growHdr(d, take) {
		// out of memory for messages in flight: cut this message, skip the
		// slice
		c.s.cnt.weird[WeirdHeaderTooLarge]++
		c.memCut = true
		if line, ok := lineOf(d.hdr); d.lineOK && ok && len(line) > 0 {
			c.onHead(di, d.hdr, true, false, -1)
		} else {
			c.s.cnt.skipped += uint64(len(d.hdr))
		}
		c.s.cnt.skipped += uint64(len(b))
		c.toResync(di)
		d.lineStart = false
		c.dropHdr(d)
		return len(b)
	}
	from := max(old-3, 0)
	if end := findHeaderEnd(d.hdr, from); end >= 0 {
		if ok, n := c.checkFirstLine(di, d.hdr, old); !ok {
			return n
		}
		c.onHead(di, d.hdr[:end], false, false, end-old-1)
		d.hdr = d.hdr[:0]
		if cap(d.hdr) > 4096 {
			c.dropHdr(d) // do not keep a big buffer on an idle connection
		}
		return end - old
	}
	if ok, n := c.checkFirstLine(di, d.hdr, old); !ok {
		return n
	}
	if len(d.hdr) >= maxH {
		if !d.lineOK {
			// the start line itself does not fit (checkFirstLine decides
			// at lineCap, below maxH): not a message
			return c.failStart(di, old)
		}
		c.s.cnt.weird[WeirdHeaderTooLarge]++
		c.capHead(di, len(take)-1)
		return len(take)
	}
	return len(take)
}

// lineCap is the longest start line kept whole: a longer one is cut there
// (see startLong), leaving room in MaxHeaderBytes for the headers.
func (c *httpConn) lineCap() int { return min(maxStartLine, c.s.cfg.MaxHeaderBytes/2) }

// capHead handles a header block that reached MaxHeaderBytes without its
// end (d.hdr holds the first MaxHeaderBytes). Like a server, which rejects
// the request or reads past its own larger cap, we do not look for a new
// message inside the block: the message is recorded from the complete
// header lines kept (FlagTruncated, FlagPartial*Headers), the rest of the
// block is skipped to its blank line while counting (stSkipHead, memory
// bounded), and the body is then framed from the kept headers unless a
// skipped line was a framing header (then the direction resynchronises).
// last is the offset in the current slice of the last byte kept.
func (c *httpConn) capHead(di int, last int) {
	d := &c.d[di]
	d.skipFraming, d.smallN, d.skipLS = false, 0, 0
	switch part := d.hdr[bytes.LastIndexByte(d.hdr, '\n')+1:]; {
	case len(part) == 0:
		d.skipLS = 1
	case len(part) == 1 && part[0] == '\r':
		d.skipLS = 2
	default:
		d.pushLine(part) // the cut line's name may be a framing header
	}
	d.capped = true
	c.onHead(di, d.hdr, true, false, last)
	d.capped = false
	if cap(d.hdr) > 4096 {
		c.dropHdr(d)
	} else {
		d.hdr = d.hdr[:0]
	}
}

// pushLine collects the first bytes of a skipped header line in d.small.
func (d *dirParser) pushLine(b []byte) {
	d.smallN += uint8(copy(d.small[d.smallN:], b))
}

// isFramingName reports whether a header line starting with p names
// Content-Length or Transfer-Encoding.
func isFramingName(p []byte) bool {
	const cl, te = "content-length:", "transfer-encoding:"
	return len(p) >= len(cl) && bytes.EqualFold(p[:len(cl)], []byte(cl)) ||
		len(p) >= len(te) && bytes.EqualFold(p[:len(te)], []byte(te))
}

// skipHeadStep skips the rest of a header block cut at MaxHeaderBytes, up
// to and including its blank line. Returns bytes consumed from b.
func (c *httpConn) skipHeadStep(di int, b []byte) int {
	d := &c.d[di]
	pos := 0
	for pos < len(b) {
		switch d.skipLS {
		case 1: // at a line start
			switch b[pos] {
			case '\n':
				return c.endSkip(di, pos+1)
			case '\r':
				d.skipLS = 2
				pos++
				continue
			}
			d.skipLS, d.smallN = 0, 0
		case 2: // after a CR at a line start
			if b[pos] == '\n' {
				return c.endSkip(di, pos+1)
			}
			d.skipLS, d.smallN = 0, 0
		}
		j := bytes.IndexByte(b[pos:], '\n')
		if j < 0 {
			d.pushLine(b[pos:])
			pos = len(b)
			break
		}
		d.pushLine(b[pos : pos+j])
		if isFramingName(d.small[:d.smallN]) {
			d.skipFraming = true
		}
		pos += j + 1
		d.skipLS = 1
	}
	c.s.cnt.skipped += uint64(pos)
	return pos
}

// endSkip ends a skipped header block whose last byte is b[n-1] and goes on
// as planned when the block was cut (see capHead). Returns n.
func (c *httpConn) endSkip(di int, n int) int {
	d := &c.d[di]
	c.s.cnt.skipped += uint64(n)
	last := n - 1
	p := d.cur
	d.state = stIdle
	switch {
	case d.plan == planInterim:
		d.respEnd, d.respEndOK = d.seq+uint32(d.base+n), true
	case d.plan == planUpgrade:
		p.ex.Flags |= FlagUpgrade
		c.s.cnt.upgrades++
		c.upgraded = true
		c.endMessage(di, false, last)
		c.kill()
	case d.plan == planBody && d.skipFraming:
		// a framing header was skipped: where the body ends is unknown
		c.endMessage(di, true, last)
		c.toResync(di)
	default:
		c.startBody(di, p, int(d.body), d.remain, last)
	}
	return n
}

// planSkip makes the direction skip the rest of a header block cut at
// MaxHeaderBytes, then go on with plan (see endSkip).
func (c *httpConn) planSkip(di int, p *pending, plan uint8, kind int, n int64) {
	d := &c.d[di]
	d.cur = p
	d.plan, d.body, d.remain = plan, uint8(kind), n
	d.state = stSkipHead
}

// startLong starts skipping an over-long start line held in buf (the
// current slice when d.hdr is empty, else d.hdr, of which the first prev
// bytes came before this slice): the first lineCap bytes are kept, the rest
// up to the line end is skipped (stLongLine). Returns how many bytes of the
// current slice are consumed.
func (c *httpConn) startLong(di int, buf []byte, prev int, req bool) int {
	d := &c.d[di]
	lc := c.lineCap()
	n := 0
	var rest []byte // bytes past the cap consumed before this slice
	if len(d.hdr) == 0 {
		if !c.growHdr(d, buf[:lc]) {
			return c.failStart(di, prev)
		}
		n = lc
	} else {
		// A resync may have started the buffer with more than lc carried
		// bytes (never a line end: the line would have been probed whole).
		n = max(lc-prev, 0)
		if prev > lc {
			rest = d.hdr[lc:prev]
			if bytes.IndexByte(rest, '\n') >= 0 {
				return c.failStart(di, prev)
			}
		}
	}
	d.state = stLongLine
	d.longReq = req
	d.longN, d.longBad, d.smallN = int32(len(rest)), 0, 0
	if req {
		d.longBad = countCTLSpace(d.hdr[bytes.IndexByte(d.hdr, ' ')+1 : lc+len(rest)])
	}
	d.pushTail(d.hdr[:lc+len(rest)])
	c.s.cnt.skipped += uint64(len(rest))
	d.hdr = d.hdr[:lc]
	return n
}

// countCTLSpace counts the bytes of b that may not appear in a request
// target (isRequestLine's strict test).
func countCTLSpace(b []byte) int32 {
	var n int32
	for _, c := range b {
		if c <= 0x20 || c == 0x7f {
			n++
		}
	}
	return n
}

// pushTail keeps the last len(d.small) bytes of a long line.
func (d *dirParser) pushTail(b []byte) {
	if len(b) >= len(d.small) {
		d.smallN = uint8(copy(d.small[:], b[len(b)-len(d.small):]))
		return
	}
	keep := min(int(d.smallN), len(d.small)-len(b))
	copy(d.small[:keep], d.small[int(d.smallN)-keep:d.smallN])
	d.smallN = uint8(keep + copy(d.small[keep:], b))
}

// longLineStep skips the middle of an over-long start line, keeping its
// last bytes. At the line end the line is rebuilt from the kept prefix
// (and, for a request, the version at its end) and the header block goes
// on (stHeader); a request line that does not end in a version, or a line
// past maxLongLine, is not a message: the direction resynchronises. Returns
// bytes consumed from b.
func (c *httpConn) longLineStep(di int, b []byte) int {
	d := &c.d[di]
	room := maxLongLine - int(d.longN)
	i := bytes.IndexByte(b, '\n')
	if i < 0 && len(b) <= room {
		d.pushTail(b)
		if d.longReq {
			d.longBad += countCTLSpace(b)
		}
		d.longN += int32(len(b))
		c.s.cnt.skipped += uint64(len(b))
		return len(b)
	}
	if i < 0 || i > room {
		// longer than any server accepts: not a message
		c.s.cnt.skipped += uint64(room)
		d.longN += int32(room)
		c.longFail(di, false)
		return room
	}
	d.pushTail(b[:i])
	if d.longReq {
		d.longBad += countCTLSpace(b[:i])
	}
	d.longN += int32(i + 1)
	c.s.cnt.skipped += uint64(i + 1)
	tail, bad := d.small[:d.smallN], d.longBad
	if n := len(tail); n > 0 && tail[n-1] == '\r' {
		tail, bad = tail[:n-1], bad-1
	}
	var end [11]byte // the rebuilt line's end: " HTTP/d.d\r\n" or "\r\n"
	e := 0
	if d.longReq {
		// as isRequestLine, strict: the space before the version is the
		// only space or control byte after the method
		n := len(tail)
		if n < 9 || tail[n-9] != ' ' || !isVersion(tail[n-8:]) || bad != 1 {
			c.longFail(di, true)
			return i + 1
		}
		e = copy(end[:], tail[n-9:])
		// a target that ended inside the kept part (the version was cut
		// off) ends there
		if m := bytes.IndexByte(d.hdr, ' '); m >= 0 {
			if k := bytes.IndexByte(d.hdr[m+1:], ' '); k >= 0 {
				d.hdr = d.hdr[:m+1+k]
			}
		}
	}
	e += copy(end[e:], "\r\n")
	if !c.growHdr(d, end[:e]) {
		c.longFail(di, true)
		return i + 1
	}
	c.s.cnt.weird[WeirdStartLineTooLong]++
	d.state = stHeader
	d.lineOK, d.lineCut = true, true
	return i + 1
}

// longFail gives up a long start line as not a message; atLineStart says
// whether the next byte starts a line.
func (c *httpConn) longFail(di int, atLineStart bool) {
	d := &c.d[di]
	if !d.tentative {
		c.s.cnt.weird[WeirdBadStartLine]++
	}
	c.s.cnt.skipped += uint64(len(d.hdr))
	n := int(d.longN) + len(d.hdr)
	c.toResync(di)
	d.lineStart = atLineStart
	if cap(d.hdr) > 4096 {
		c.dropHdr(d)
	}
	c.noteScan(di, n)
}

// longStartPlausible reports whether buf, at least lineCap bytes of a line
// with no end yet in sight, starts like a request line (a well-known
// method, or any upper-case token from a known client, then a target) or a
// status line, and which.
func (c *httpConn) longStartPlausible(di int, buf []byte) (ok, req bool) {
	d := &c.d[di]
	if d.role != roleClient && isStatusLine(buf[:13]) {
		return true, false
	}
	if d.role == roleServer {
		return false, false
	}
	m := bytes.IndexByte(buf[:min(len(buf), 33)], ' ')
	if m <= 0 || m+1 >= len(buf) {
		return false, false
	}
	for _, ch := range buf[:m] {
		if !isMethodChar(ch) {
			return false, false
		}
	}
	if !knownMethods[string(buf[:m])] && (d.tentative || d.role != roleClient) {
		return false, false
	}
	if t := buf[m+1]; t <= 0x20 || t == 0x7f {
		return false, false
	}
	return true, true
}

// checkFirstLine validates the start line in buf once it is complete (or
// once it is too long to be one). On failure the direction resynchronises
// (see failStart) and it returns false and how many bytes of the current
// slice the caller must consume.
func (c *httpConn) checkFirstLine(di int, buf []byte, prev int) (bool, int) {
	d := &c.d[di]
	if d.lineOK {
		return true, 0
	}
	if !c.httpSeen && d.scanned == 0 && len(buf) > 0 && buf[0] >= 0x14 && buf[0] <= 0x17 {
		// maybe a TLS record at the start of the connection
		if len(buf) < 3 {
			return true, 0
		}
		if isTLSRecord(buf) {
			if len(d.hdr) > prev {
				d.hdr = d.hdr[:prev] // the caller's slice is counted when skipped
			}
			saved := bytes.Clone(d.hdr)
			c.reason = 0
			c.kill()
			if c.tls == nil {
				c.startTLS(di)
			}
			if len(saved) > 0 {
				c.feedTLS(di, saved)
			}
			return false, 0
		}
	}
	line, ok := lineOf(buf)
	lc := c.lineCap()
	if !ok {
		// a CR at the end may be the first half of the line's CRLF, which
		// the line's length does not count (as lineOf does not)
		if n := len(buf); n < lc || n == lc && buf[n-1] == '\r' {
			return true, 0
		}
	} else if len(line) < lc {
		strict := d.tentative || d.role != roleClient
		isReq := d.role != roleServer && (isRequestLine(line, strict) || d.role == roleUnknown && knownMethodLine(line))
		isResp := !isReq && d.role != roleClient && isStatusLine(line)
		if isReq && bytes.HasPrefix(line, []byte("PRI * HTTP/2")) {
			if d.role != roleServer && (!c.httpSeen || c.h2 != nil) {
				// HTTP/2 with prior knowledge, or the client's preface
				// after the 101 answering its Upgrade: h2c. The bytes
				// buffered before this call go to the HTTP/2 parser now,
				// the caller's slice after (see feed).
				saved := bytes.Clone(d.hdr[:min(prev, len(d.hdr))])
				d.hdr = d.hdr[:0]
				prior := c.h2 == nil
				h := c.startH2(di)
				h.on[di] = true
				if prior {
					h.on[1-di] = true // the server speaks HTTP/2 from its first byte
				}
				if len(saved) > 0 {
					ts := d.ts
					d.ts = nil // their capture times are gone
					h.feed(di, saved, 0)
					d.ts = ts
				}
				return false, 0
			}
			if !c.httpSeen {
				c.reason = 1
			}
			c.kill()
			return false, 0
		}
		if isReq || isResp {
			d.lineOK = true
			return true, 0
		}
		return false, c.failStart(di, prev)
	}
	// A line this long is kept cut and the rest skipped to its end: taking
	// it for no message would hide the whole connection behind it.
	if ok, req := c.longStartPlausible(di, buf); ok {
		return false, c.startLong(di, buf, prev, req)
	}
	return false, c.failStart(di, prev)
}

// failStart abandons the message being accumulated on di: no valid start
// line there. The direction resynchronises; the bytes buffered before the
// current call (prev) and the caller's current slice are rescanned, minus
// the candidate's first byte, so that the scan always moves on. It returns
// how many bytes of the current slice the caller must consume.
func (c *httpConn) failStart(di, prev int) int {
	d := &c.d[di]
	if !d.tentative {
		c.s.cnt.weird[WeirdBadStartLine]++
	}
	var saved []byte
	if prev > 0 {
		saved = d.hdr[1:prev]
	}
	c.toResync(di)
	d.carry = append(d.carry[:0], saved...)
	d.lineStart = false
	c.s.cnt.skipped++
	if prev > 0 {
		return 0
	}
	return 1
}

// resyncTail is how many bytes of a scanned slice are kept so that a start
// line cut by the end of the slice is still found.
const resyncTail = 40

// resyncStep scans for the next plausible start line. Returns bytes
// consumed (skipped) from b. The tail of what was scanned is carried over to
// the next call, so the result does not depend on how the stream is cut.
func (c *httpConn) resyncStep(di int, b []byte) int {
	d := &c.d[di]
	req := d.role != roleServer
	resp := d.role != roleClient
	if !c.httpSeen && d.scanned >= maxNoHTTPScan {
		c.s.cnt.skipped += uint64(len(b))
		return len(b)
	}
	buf := b
	nc := len(d.carry)
	if nc > 0 {
		d.scratch = append(append(d.scratch[:0], d.carry...), b...)
		buf = d.scratch
	}
	p, r := scanStart(buf, d.lineStart, req, resp, c.lineCap())
	if cap(d.scratch) > 64<<10 {
		defer func() { d.scratch = nil }() // release a big slice's copy
	}
	switch r {
	case candYes:
		c.s.cnt.skipped += uint64(p)
		c.noteScan(di, p)
		if p < nc {
			d.hdr = d.hdr[:0]
			if !c.growHdr(d, buf[p:nc]) {
				c.s.cnt.weird[WeirdHeaderTooLarge]++
				c.memCut = true
				c.s.cnt.skipped += uint64(len(buf) - p)
				d.carry = d.carry[:0]
				return len(b)
			}
		}
		d.carry = d.carry[:0]
		c.startTentative(di, p-nc)
		return max(p-nc, 0)
	case candMore:
		c.s.cnt.skipped += uint64(p)
		c.noteScan(di, p)
		d.carry = append(d.carry[:0], buf[p:]...)
		d.lineStart = true
		return len(b)
	}
	cut := tailStart(buf, req)
	if cut > 0 {
		d.lineStart = buf[cut-1] == '\n'
	}
	c.s.cnt.skipped += uint64(cut)
	c.noteScan(di, cut)
	if d.state == stDead {
		c.s.cnt.skipped += uint64(len(buf) - cut)
		d.carry = nil
		return len(b)
	}
	d.carry = append(d.carry[:0], buf[cut:]...)
	return len(b)
}

// scanStart finds the first plausible start line in buf: at a line start
// (buf[0] is one when lineStart), or at a version token anywhere (a message
// may start right after a body that did not end in a line break). It
// returns its position and candYes, or the position of an incomplete
// candidate at the end and candMore, or candNo.
func scanStart(buf []byte, lineStart, req, resp bool, lineCap int) (int, int) {
	i := 0
	nextStatus, nextReq := -1, -1 // cached candidate positions (-2: none left)
	for i < len(buf) {
		cand := len(buf)
		if lineStart {
			cand = i
		} else if j := bytes.IndexByte(buf[i:], '\n'); j >= 0 {
			cand = i + j + 1
		}
		if resp && nextStatus != -2 && cand > i {
			if nextStatus < i {
				nextStatus = -2
				if k := bytes.Index(buf[i:], []byte("HTTP/1.")); k >= 0 {
					nextStatus = i + k
				}
			}
			if nextStatus >= 0 && nextStatus < cand {
				cand = nextStatus
			}
		}
		if req && nextReq != -2 && cand > i {
			if nextReq < i {
				nextReq = -2
				for from := i; from < len(buf); {
					k := bytes.Index(buf[from:], []byte(" HTTP/1."))
					if k < 0 {
						break
					}
					if st := requestStartBefore(buf, from+k, lineStart && i == 0); st >= i {
						nextReq = st
						break
					}
					from += k + 1
				}
			}
			if nextReq >= i && nextReq < cand {
				cand = nextReq
			}
		}
		if cand >= len(buf) {
			break
		}
		if r := probeStart(buf[cand:], req, resp, lineCap); r != candNo {
			return cand, r
		}
		lineStart = false
		i = cand + 1
	}
	return len(buf), candNo
}

// isMethodChar reports the characters a resynchronisation accepts in a
// method.
func isMethodChar(c byte) bool { return c >= 'A' && c <= 'Z' || c == '_' || c == '-' }

// requestStartBefore returns where a request line ending in the version at
// v (b[v] is the space before "HTTP/1.") starts, when the method before its
// target is a well-known one; -1 otherwise. A method at b[0] counts only
// when b[0] starts a line (atStart): otherwise its first letters may be
// missing.
func requestStartBefore(b []byte, v int, atStart bool) int {
	s1 := bytes.LastIndexByte(b[:v], ' ')
	if s1 < 0 || s1+1 >= v || v-s1 > maxStartLine {
		return -1
	}
	for _, c := range b[s1+1 : v] {
		if c <= 0x20 || c == 0x7f {
			return -1
		}
	}
	st := s1
	for st > 0 && st > s1-24 && isMethodChar(b[st-1]) {
		st--
	}
	if st == s1 || st == 0 && !atStart || st > 0 && isMethodChar(b[st-1]) {
		return -1
	}
	if !knownMethods[string(b[st:s1])] {
		return -1
	}
	return st
}

// tailStart returns where the tail of a scanned slice that must be kept
// begins: the last resyncTail bytes, or more when a request line may be
// under way ("METHOD SP target" with its version still to come), with the
// byte before the method so that its start is known.
func tailStart(buf []byte, req bool) int {
	cut := len(buf) - min(len(buf), resyncTail)
	if !req {
		return cut
	}
	end := len(buf)
	for range 2 {
		sp := bytes.LastIndexByte(buf[:end], ' ')
		if sp < 0 || len(buf)-sp > maxStartLine {
			break
		}
		ok := true
		for _, c := range buf[sp+1 : end] {
			if c <= 0x20 || c == 0x7f {
				ok = false
				break
			}
		}
		if !ok {
			break
		}
		st := sp
		for st > 0 && st > sp-24 && isMethodChar(buf[st-1]) {
			st--
		}
		if st < sp {
			cut = min(cut, max(st-1, 0))
			break
		}
		end = sp // "target SP" at the end: look at the space before
	}
	return cut
}

func (c *httpConn) noteScan(di, n int) {
	if c.httpSeen {
		return
	}
	d := &c.d[di]
	d.scanned += n
	if d.scanned >= maxNoHTTPScan {
		d.state = stDead
		d.carry = nil
	}
}

// startTentative switches to header accumulation at offset pos of the
// current slice (negative: bytes already in hdr).
func (c *httpConn) startTentative(di, pos int) {
	d := &c.d[di]
	d.state = stHeader
	d.tentative = true
	d.lineOK, d.lineCut = false, false
	d.msgTime = d.timeAt(max(pos, 0))
	d.msgSeq = d.seq + uint32(d.base+pos)
	d.msgAck = d.ackAt(d.msgSeq)
	if c.httpSeen {
		c.s.cnt.weird[WeirdResync]++
	}
}

// onHead handles a complete (or cut) header block. last is the offset in
// the current slice of the block's last byte (for times).
func (c *httpConn) onHead(di int, block []byte, truncated, gap bool, last int) {
	d := &c.d[di]
	mh := &c.s.mh
	*mh = msgHead{}
	if !parseHead(block, truncated || gap, mh) {
		c.s.cnt.skipped += uint64(len(block))
		c.toResync(di)
		return
	}
	c.httpSeen = true
	if d.role == roleUnknown {
		c.setRole(di, mh.isReq)
	}
	if mh.isReq {
		c.onRequest(di, mh, truncated, gap, last)
	} else {
		c.onResponse(di, mh, truncated, gap, last)
	}
}

func (c *httpConn) onRequest(di int, mh *msgHead, truncated, gap bool, last int) {
	d := &c.d[di]
	s := c.s
	s.cnt.requests++
	var p *pending
	// The previous request ended cleanly at respEnd and this one starts
	// later: the bytes between were lost, and they began a request. Its
	// response either came already (held, or emitted without a request) or
	// is still to come; pipelined requests carry the same ACK, so pair could
	// not tell that response from this request's, and a placeholder takes
	// it (one request assumed lost, as pair assumes of responses).
	// (Only after a gap: a client may send a stray CRLF after a body.)
	lost := d.gapped && d.seqOK && d.respEndOK && seqLess(d.respEnd, d.msgSeq)
	d.respEndOK, d.gapped = false, false // set again where this request ends
	answered := c.orphan
	c.orphan = false
	// A response seen before this request (out-of-order delivery) waits in
	// held: pair it when the TCP numbers agree, unless it answers the lost
	// request (which came first).
	reqAck := d.msgAck
	for len(c.held) > 0 {
		h := c.held[0]
		next := false // h answers the lost request; the next one is ours
		if d.ackOK && h.hasRespSeq && h.respSeq == reqAck {
			if !lost || answered {
				p = h
				c.held = c.held[1:]
				break
			}
			next = true
		} else if d.ackOK && h.hasRespSeq && seqLess(reqAck, h.respSeq) {
			break // the held response answers a later request
		}
		c.held = c.held[1:]
		h.reqDone = true
		c.s.cnt.weird[WeirdResponseBeforeRequest]++
		c.maybeEmit(h)
		answered = true
		if next && len(c.held) > 0 {
			p = c.held[0]
			c.held = c.held[1:]
			break
		}
	}
	if lost {
		s.cnt.weird[WeirdRealigned]++
		if !answered {
			ph := &pending{reqDone: true, placeholder: true}
			ph.ex.Client, ph.ex.Server, ph.ex.VLAN = c.addr[di], c.addr[1-di], c.vlan
			c.enqueue(ph)
		}
	}
	if p == nil {
		p = &pending{}
		c.enqueue(p)
	}
	p.hasReq = true
	p.ack, p.hasAck = reqAck, d.ackOK
	ex := &p.ex
	ex.RequestTime = d.msgTime
	ex.Client, ex.Server = c.addr[di], c.addr[1-di]
	ex.VLAN = c.vlan
	ex.Method = mh.method
	ex.Target = mh.target
	ex.Proto = mh.prot
	host, path, query := splitTarget(mh.method, mh.target)
	if host == "" {
		host = mh.host
	}
	ex.Host, ex.Path, ex.Query = host, path, query
	ex.reqBlock, ex.lazyHeaders = mh.block, ex.lazyHeaders|lazyRequest
	ex.RequestContentType = mediaType(mh.contentType)
	p.reqEnc = mh.contentEnc
	p.upgradeRequested = mh.upgrade || mh.method == "CONNECT"
	if gap {
		ex.Flags |= FlagGap
	}
	if d.lineCut {
		ex.Flags |= FlagTruncated
	}
	if truncated || gap {
		ex.Flags |= FlagTruncated | FlagPartialRequestHeaders
		if d.capped {
			kind, n := framing(mh, s.cnt)
			c.planSkip(di, p, planBody, kind, n)
			return
		}
		p.reqDone = true
		c.maybeEmit(p)
		return
	}
	kind, n := framing(mh, s.cnt)
	c.startBody(di, p, kind, n, last)
}

// enqueue appends p to the requests awaiting a response; past
// MaxPendingRequests the oldest goes unanswered.
func (c *httpConn) enqueue(p *pending) {
	if len(c.queue) >= c.s.cfg.MaxPendingRequests {
		c.s.cnt.weird[WeirdExcessivePipelining]++
		old := c.queue[0]
		n := copy(c.queue, c.queue[1:])
		c.queue[n] = nil
		c.queue = c.queue[:n]
		old.respDone = true
		c.maybeEmit(old)
	}
	c.queue = append(c.queue, p)
}

// startBody sets up body framing for the message just parsed; last is the
// offset in the current slice of its header block's last byte.
func (c *httpConn) startBody(di int, p *pending, kind int, n int64, last int) {
	d := &c.d[di]
	d.cur = p
	d.body = uint8(kind)
	d.remain = n
	d.chunk = chSize
	d.line = d.line[:0]
	d.trailer = 0
	if kind == bodyNone {
		c.endMessage(di, false, last)
		return
	}
	d.state = stBody
}

func (c *httpConn) onResponse(di int, mh *msgHead, truncated, gap bool, last int) {
	d := &c.d[di]
	s := c.s
	s.cnt.responses++
	final := mh.status >= 200 || mh.status == 101
	if !final {
		// interim 1xx: not paired, no body
		if d.capped {
			c.planSkip(di, nil, planInterim, 0, 0)
			return
		}
		d.state = stIdle
		d.respEnd = d.seq + uint32(d.base+last+1)
		d.respEndOK = true
		return
	}
	p, realigned := c.pair(di)
	if realigned {
		s.cnt.weird[WeirdRealigned]++
	}
	if mh.status == 101 && p != nil && p.hasReq && !truncated && !gap && !d.capped && wantsH2C(p.ex.ReqHeader()) {
		c.upgradeH2(di, p)
		return
	}
	method := ""
	if p == nil {
		p = &pending{reqDone: true}
		p.ex.Client, p.ex.Server = c.addr[1-di], c.addr[di]
		p.ex.VLAN = c.vlan
		p.respSeq, p.hasRespSeq = d.msgSeq, d.seqOK
		if len(c.queue) == 0 && len(c.held) < 4 {
			c.held = append(c.held, p)
			p.reqDone = false
		} else {
			s.cnt.weird[WeirdResponseBeforeRequest]++
			c.orphan = true
		}
	} else {
		method = p.ex.Method
	}
	p.hasResp = true
	ex := &p.ex
	ex.Status = mh.status
	ex.respBlock, ex.lazyHeaders = mh.block, ex.lazyHeaders|lazyResponse
	ex.ResponseContentType = mediaType(mh.contentType)
	ex.ResponseTime = d.timeAt(last)
	p.respEnc = mh.contentEnc
	if gap {
		ex.Flags |= FlagGap
	}
	if d.lineCut {
		ex.Flags |= FlagTruncated
	}
	if truncated || gap {
		ex.Flags |= FlagTruncated | FlagPartialResponseHeaders
		if d.capped {
			switch {
			case mh.status == 101 || method == "CONNECT" && mh.status < 300:
				c.planSkip(di, p, planUpgrade, 0, 0)
			case method == "HEAD" || mh.status == 204 || mh.status == 304:
				c.planSkip(di, p, planNone, bodyNone, 0)
			default:
				kind, n := framing(mh, s.cnt)
				c.planSkip(di, p, planBody, kind, n)
			}
			return
		}
		d.cur = p
		c.endMessage(di, false, last)
		return
	}
	switch {
	case mh.status == 101 || method == "CONNECT" && mh.status < 300:
		ex.Flags |= FlagUpgrade
		s.cnt.upgrades++
		c.upgraded = true
		d.cur = p
		c.endMessage(di, false, last)
		c.kill()
		return
	case method == "HEAD" || mh.status == 204 || mh.status == 304:
		c.startBody(di, p, bodyNone, 0, last)
		return
	}
	kind, n := framing(mh, s.cnt)
	c.startBody(di, p, kind, n, last)
}

// seqLess reports a < b in TCP sequence space.
func seqLess(a, b uint32) bool { return int32(a-b) < 0 }

// pair finds the request a final response answers: the FIFO head, unless
// TCP numbers show a message was lost (a response starts where the
// client's ACK of its request pointed: request ACK == response SEQ).
func (c *httpConn) pair(di int) (*pending, bool) {
	d := &c.d[di]
	if len(c.queue) == 0 {
		return nil, false
	}
	pop := func(k int) *pending {
		p := c.queue[k]
		for _, q := range c.queue[:k] {
			q.respDone = true
			c.maybeEmit(q)
		}
		// Shift the rest down instead of re-slicing: the backing array is
		// reused by the next request's append (re-slicing, or nil when
		// empty, cost an allocation per request).
		n := copy(c.queue, c.queue[k+1:])
		clear(c.queue[n:])
		c.queue = c.queue[:n]
		return p
	}
	if !d.seqOK || (d.respEndOK && d.respEnd == d.msgSeq) {
		return pop(0), false
	}
	s := d.msgSeq
	head := c.queue[0]
	if head.hasAck {
		if head.ack == s {
			return pop(0), false
		}
		if seqLess(s, head.ack) {
			return nil, false
		}
		for k := 1; k < len(c.queue); k++ {
			if q := c.queue[k]; q.hasAck && q.ack == s {
				return pop(k), true
			}
		}
	}
	// The previous response ended cleanly at respEnd and this one starts
	// later: the bytes between were lost, and the head's response started
	// there (it begins where the previous one ended). Pairing this response
	// with the head would give the head another request's status (a lost
	// 401 turning into a false unauthenticated 2xx), so the head goes
	// unanswered. With pipelined requests (same ACK) this response answers
	// the next one, assuming one response lost, unless that request
	// acknowledged bytes past this response's start (then it was sent
	// later and cannot be answered by it).
	if d.respEndOK && seqLess(d.respEnd, s) && (!head.hasAck || !seqLess(s, head.ack)) {
		if len(c.queue) == 1 {
			head.ex.Flags |= FlagGap
			pop(0).respDone = true
			c.maybeEmit(head)
			return nil, true
		}
		if q := c.queue[1]; !q.hasAck || !seqLess(s, q.ack) {
			head.ex.Flags |= FlagGap
			return pop(1), true
		}
	}
	return pop(0), false
}

// bodyStep frames body bytes. Returns bytes consumed from b.
func (c *httpConn) bodyStep(di int, b []byte) int {
	d := &c.d[di]
	switch d.body {
	case bodyLength:
		n := int(min(d.remain, int64(len(b))))
		c.keep(di, b[:n])
		d.remain -= int64(n)
		if d.remain == 0 {
			c.endMessage(di, false, n-1)
		}
		return n
	case bodyClose:
		c.keep(di, b)
		return len(b)
	}
	// chunked
	switch d.chunk {
	case chSize, chTrailer:
		var line []byte
		used := 0
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			if len(d.line)+len(b) > 4096 {
				c.badChunk(di, len(b))
				return len(b)
			}
			d.line = append(d.line, b...)
			return len(b)
		}
		used = i + 1
		if len(d.line) > 0 {
			d.line = append(d.line, b[:used]...)
			line = d.line
		} else {
			line = b[:used]
		}
		line = bytes.TrimRight(line, "\r\n")
		d.line = d.line[:0]
		if d.chunk == chTrailer {
			d.trailer += used
			if len(line) == 0 || d.trailer > 16<<10 {
				c.endMessage(di, false, used-1)
			}
			return used
		}
		if k := bytes.IndexByte(line, ';'); k >= 0 {
			line = line[:k]
		}
		line = bytes.TrimSpace(line)
		size, ok := parseHex(line)
		if !ok {
			c.badChunk(di, 0)
			return used
		}
		if size == 0 {
			d.chunk = chTrailer
			d.trailer = 0
			return used
		}
		d.remain = size
		d.chunk = chData
		return used
	case chData:
		n := int(min(d.remain, int64(len(b))))
		c.keep(di, b[:n])
		d.remain -= int64(n)
		if d.remain == 0 {
			d.chunk = chDataEnd
		}
		return n
	default: // chDataEnd: CRLF after the data, leniently
		switch b[0] {
		case '\r':
			return 1
		case '\n':
			d.chunk = chSize
			return 1
		}
		d.chunk = chSize
		return 0
	}
}

func parseHex(b []byte) (int64, bool) {
	if len(b) == 0 || len(b) > 15 {
		return 0, false
	}
	var v int64
	for _, c := range b {
		switch {
		case c >= '0' && c <= '9':
			v = v<<4 | int64(c-'0')
		case c >= 'a' && c <= 'f':
			v = v<<4 | int64(c-'a'+10)
		case c >= 'A' && c <= 'F':
			v = v<<4 | int64(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// badChunk ends the current message on unparsable chunk framing; skipped
// bytes are counted by the caller's return value.
func (c *httpConn) badChunk(di int, skipped int) {
	c.s.cnt.weird[WeirdBadChunkSize]++
	c.s.cnt.skipped += uint64(skipped)
	d := &c.d[di]
	if d.cur != nil {
		if d.role == roleClient {
			d.cur.ex.Flags |= FlagTruncated
		} else {
			d.cur.ex.Flags |= FlagTruncated
		}
	}
	c.endMessage(di, true, -1)
	c.toResync(di)
}

// keep counts body bytes and keeps the first MaxBodyBytes of them.
// bodyRoom is how many more body bytes a message holding have of them may
// keep: up to limit, and within the memory left for messages in flight.
func (s *sink) bodyRoom(limit, have int) int {
	room := limit - have
	if left := s.memLeft(); int64(room) > left {
		room = int(max(left, 0))
	}
	return room
}

// discardBody accounts n body bytes under Config.DiscardBodies exactly as
// keep would (the body cap, the memory cap, the truncation), keeping none:
// kept counts what keep would hold.
func discardBody(s *sink, kept *int, trunc *bool, limit, n int) {
	room := s.bodyRoom(limit, *kept)
	if room >= n {
		*kept += n
		s.mem += int64(n)
		return
	}
	if room > 0 {
		*kept += room
		s.mem += int64(room)
		n -= room
	}
	*trunc = true
	s.cnt.bodyDropped += uint64(n)
}

func (c *httpConn) keep(di int, b []byte) {
	d := &c.d[di]
	p := d.cur
	if p == nil || len(b) == 0 {
		return
	}
	limit := c.s.cfg.MaxBodyBytes
	raw, kept, trunc, size, enc := &p.respRaw, &p.respKept, &p.respTrunc, &p.ex.ResponseBodySize, p.respEnc
	if d.role == roleClient {
		raw, kept, trunc, size, enc = &p.reqRaw, &p.reqKept, &p.reqTrunc, &p.ex.RequestBodySize, p.reqEnc
	}
	if enc != "" && limit > 0 {
		// an encoded body needs more input than output: keep enough raw
		// bytes to decode MaxBodyBytes of it
		limit = 2*limit + 4096
	}
	*size += int64(len(b))
	if c.s.cfg.DiscardBodies {
		discardBody(c.s, kept, trunc, limit, len(b))
		return
	}
	room := c.s.bodyRoom(limit, len(*raw))
	if cap(*raw) == 0 && d.body == bodyLength && d.remain > int64(len(b)) && room > len(b) {
		// more of a known-length body will come: size the buffer once.
		// (A body that arrives whole is copied by append below, which
		// does not zero the bytes it copies.)
		*raw = make([]byte, 0, min(d.remain, int64(room)))
	}
	if room >= len(b) {
		*raw = append(*raw, b...)
		c.s.mem += int64(len(b))
		return
	}
	if room > 0 {
		*raw = append(*raw, b[:room]...)
		c.s.mem += int64(room)
		b = b[room:]
	}
	*trunc = true
	c.s.cnt.bodyDropped += uint64(len(b))
}

// endMessage finishes the message being parsed on direction di. cut says
// it ended early (gap, bad framing, connection end). last is the offset in
// the current slice of its last byte (-1: unknown).
func (c *httpConn) endMessage(di int, cut bool, last int) {
	d := &c.d[di]
	p := d.cur
	d.cur = nil
	if d.state != stDead {
		d.state = stIdle
	}
	if p == nil {
		return
	}
	if cut {
		p.ex.Flags |= FlagTruncated
	}
	if last >= 0 && !cut {
		d.respEnd = d.seq + uint32(d.base+last+1)
		d.respEndOK, d.gapped = true, false
	} else {
		d.respEndOK = false
	}
	if d.role == roleClient {
		p.reqDone = true
	} else {
		p.respDone = true
		if last >= 0 && d.ts != nil {
			p.ex.ResponseTime = d.timeAt(last)
		}
	}
	c.maybeEmit(p)
}

// maybeEmit emits p once both sides are done.
func (c *httpConn) maybeEmit(p *pending) {
	if p.emitted || !p.reqDone || !p.respDone {
		return
	}
	c.finish(p)
}

// finish completes and emits p whatever state it is in.
func (c *httpConn) finish(p *pending) {
	if p.emitted {
		return
	}
	p.emitted = true
	s := c.s
	s.mem -= int64(len(p.reqRaw) + len(p.respRaw) + p.reqKept + p.respKept) // now the exchange's
	if p.placeholder && !p.hasResp {
		return // a lost request whose response never came: nothing seen
	}
	ex := &p.ex
	limit := s.cfg.MaxBodyBytes
	if p.reqTrunc || p.respTrunc {
		ex.Flags |= FlagTruncated
		s.cnt.bodyTrunc++
	}
	// Bodies stay as captured; DecodedRequestBody/DecodedResponseBody
	// decode them on demand.
	ex.RequestBody, ex.RequestContentEncoding = nilIfEmpty(p.reqRaw), p.reqEnc
	ex.ResponseBody, ex.ResponseContentEncoding = nilIfEmpty(p.respRaw), p.respEnc
	ex.bodyLimit = max(limit, 1)
	switch {
	case !p.hasReq:
		ex.Flags |= FlagUnpaired | FlagNoRequest
		s.cnt.unpaired++
		s.cnt.noReq++
	case !p.hasResp:
		ex.Flags |= FlagUnpaired | FlagNoResponse
		s.cnt.unpaired++
		s.cnt.noResp++
	}
	s.cnt.exchanges++
	if s.emit != nil {
		s.emitConn, s.emitSeq = c.id, c.nemit
		c.nemit++
		s.emit(ex)
	}
}

func nilIfEmpty(b []byte) []byte {
	if len(b) == 0 {
		return nil
	}
	return b
}

// gap reports n missing bytes (n < 0: unknown) on direction di.
func (c *httpConn) gap(di int, n int) {
	d := &c.d[di]
	s := c.s
	if !d.probeDone {
		c.replayProbe(di)
	}
	if c.tls != nil && !c.tls.done {
		c.finishTLS(true)
	}
	s.cnt.gaps++
	d.gapped = true
	if n > 0 {
		s.cnt.gapBytes += uint64(n)
		d.seq += uint32(n)
	}
	d.ts = nil
	if c.h2 != nil && c.h2.on[di] {
		c.h2.gap(di, n)
		return
	}
	// A gap between messages keeps where the previous response ended: the
	// pairing then knows the lost bytes started a response (see pair).
	endOK := d.state == stIdle && d.respEndOK
	defer func() {
		if d.state == stResync && endOK {
			d.respEndOK = true
		}
	}()
	switch d.state {
	case stDead:
		return
	case stBody:
		p := d.cur
		if p == nil {
			break
		}
		size := &p.ex.ResponseBodySize
		if d.role == roleClient {
			size = &p.ex.RequestBodySize
		}
		switch {
		case d.body == bodyClose && n > 0:
			*size += int64(n)
			p.ex.Flags |= FlagGap
			s.cnt.weird[WeirdGapInBody]++
			c.markTrunc(di, p)
			return
		case (d.body == bodyLength || d.body == bodyChunked && d.chunk == chData) && n > 0 && int64(n) <= d.remain:
			*size += int64(n)
			d.remain -= int64(n)
			p.ex.Flags |= FlagGap
			s.cnt.weird[WeirdGapInBody]++
			c.markTrunc(di, p)
			if d.remain == 0 {
				if d.body == bodyLength {
					c.endMessage(di, false, -1)
				} else {
					d.chunk = chDataEnd
				}
			}
			return
		case d.body == bodyLength && n > 0:
			*size += d.remain
			s.cnt.weird[WeirdGapInBody]++
		default:
			s.cnt.weird[WeirdGapInChunkFraming]++
		}
		p.ex.Flags |= FlagGap
		c.endMessage(di, true, -1)
	case stHeader:
		s.cnt.weird[WeirdGapInHeaders]++
		if line, ok := lineOf(d.hdr); ok && len(line) > 0 {
			c.onHead(di, d.hdr, false, true, -1)
		} else {
			s.cnt.skipped += uint64(len(d.hdr))
		}
	case stResync:
		s.cnt.skipped += uint64(len(d.carry))
	case stLongLine:
		s.cnt.weird[WeirdGapInHeaders]++
		s.cnt.skipped += uint64(len(d.hdr))
	case stSkipHead:
		s.cnt.weird[WeirdGapInHeaders]++
		if p := d.cur; p != nil {
			p.ex.Flags |= FlagGap
			c.endMessage(di, true, -1)
		}
	}
	c.toResync(di)
}

// markTrunc records that a kept body lost bytes in a gap.
func (c *httpConn) markTrunc(di int, p *pending) {
	if c.d[di].role == roleClient {
		p.reqTrunc = true
	} else {
		p.respTrunc = true
	}
}

// endDir handles the end of direction di (FIN, RST, or connection end).
func (c *httpConn) endDir(di int) {
	d := &c.d[di]
	if d.closed {
		return
	}
	d.closed = true
	d.ts = nil
	c.replayProbe(di)
	if c.tls != nil && !c.tls.done {
		c.finishTLS(true)
	}
	if c.h2 != nil && c.h2.on[di] {
		c.h2.endDir(di)
	}
	switch d.state {
	case stBody:
		if d.body == bodyClose {
			c.endMessage(di, false, -1)
		} else {
			c.s.cnt.weird[WeirdMessageInterrupted]++
			c.endMessage(di, true, -1)
		}
	case stHeader:
		if line, ok := lineOf(d.hdr); ok && len(line) > 0 {
			c.s.cnt.weird[WeirdMessageInterrupted]++
			c.onHead(di, d.hdr, true, false, -1)
			if d.cur != nil {
				c.endMessage(di, true, -1)
			}
		} else {
			c.s.cnt.skipped += uint64(len(d.hdr))
		}
	case stResync:
		c.s.cnt.skipped += uint64(len(d.carry))
	case stLongLine:
		c.s.cnt.skipped += uint64(len(d.hdr))
	case stSkipHead:
		if d.cur != nil {
			c.s.cnt.weird[WeirdMessageInterrupted]++
			c.endMessage(di, true, -1)
		}
	}
	if d.state != stDead {
		d.state = stDead
	}
	c.dropHdr(d)
	d.carry, d.line, d.scratch = nil, nil, nil
}

// close ends the connection: both directions end, every request still
// waiting is emitted without response, held responses without request.
func (c *httpConn) close() {
	ci := 0
	if c.d[1].role == roleClient {
		ci = 1
	}
	c.endDir(ci)
	c.endDir(1 - ci)
	c.dropOverlap(&c.d[0])
	c.dropOverlap(&c.d[1])
	for _, p := range c.queue {
		p.reqDone, p.respDone = true, true
		c.finish(p)
	}
	c.queue = nil
	for _, p := range c.held {
		c.finish(p)
	}
	c.held = nil
	if c.h2 != nil {
		c.h2.close()
	}
}

// nonHTTPReason returns the reason index when the connection carried
// payload but no HTTP, else -1.
func (c *httpConn) nonHTTPReason() int {
	if c.httpSeen || !c.payload || c.memCut {
		return -1
	}
	if c.reason >= 0 {
		return int(c.reason)
	}
	return 2
}
