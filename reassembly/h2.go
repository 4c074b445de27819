package reassembly

import (
	"bytes"
	"encoding/binary"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// HTTP/2 in clear text (h2c). A connection whose client starts with the
// HTTP/2 preface (prior knowledge), whose "Upgrade: h2c" request got a
// 101, or whose first bytes are HTTP/2 frames (picked up mid-way, see
// probeH2) is parsed as HTTP/2 frames from there on. Each stream becomes
// one Exchange like an HTTP/1 one (Proto "HTTP/2.0", Host from :authority,
// trailers merged into ResponseHeader), so nothing downstream changes.
//
// The framer is our own, not golang.org/x/net/http2's: it must survive
// capture gaps and never hold a whole DATA frame. Header blocks are decoded
// by our own HPACK decoder (hpack.go), one per direction.
//
// Loss: after a gap a direction looks for the next frame boundary (a
// plausible frame header followed by another, positions decided in order),
// then starts a new HPACK decoder there. Its dynamic table holds only
// entries added after that point; they are the encoder's newest, at the
// same indices, so whatever decodes is right, and a field that refers to
// an older entry is unknown: left out, the block counted
// (http2_headers_lost) and the exchange flagged partial, never decoded
// against a wrong table.

const (
	h2Preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"

	h2Data         = 0
	h2Headers      = 1
	h2Priority     = 2
	h2RSTStream    = 3
	h2Settings     = 4
	h2PushPromise  = 5
	h2Ping         = 6
	h2GoAway       = 7
	h2WindowUpdate = 8
	h2Continuation = 9

	h2FlagEndStream  = 0x1
	h2FlagEndHeaders = 0x4
	h2FlagPadded     = 0x8
	h2FlagPriority   = 0x20

	// h2DefaultMaxFrame is the frame size every peer accepts (RFC 9113
	// §4.2); SETTINGS may raise it up to h2MaxFrame.
	h2DefaultMaxFrame = 16384
	h2MaxFrame        = 1<<24 - 1
	// h2ResyncWindow bounds the bytes kept while looking for a frame
	// boundary after a gap.
	h2ResyncWindow = 64 << 10
)

// h2Conn is the HTTP/2 state of a connection.
type h2Conn struct {
	c       *httpConn
	client  int     // direction index of the client
	on      [2]bool // direction parsed as HTTP/2
	dir     [2]h2Dir
	streams map[uint32]*pending
	order   []uint32 // stream ids in the order they opened
	maxSID  uint32   // highest stream id seen in a frame (resync's sanity bound)
}

// h2Dir frames one direction.
type h2Dir struct {
	preface int // client: preface bytes still to check
	hdr     [9]byte
	nh      int
	// the frame being read
	ftype, flags uint8
	sid          uint32
	remain       int    // payload bytes still to come
	pad          int    // DATA: trailing pad bytes within remain
	padPending   bool   // DATA with PADDED: the pad length byte is next
	fbuf         []byte // non-DATA payload (bounded by MaxHeaderBytes)
	fover        bool   // fbuf overflowed: the frame is skipped
	// header block being collected (HEADERS/PUSH_PROMISE + CONTINUATION)
	block       []byte
	blockSID    uint32
	blockEnd    bool   // the HEADERS had END_STREAM
	blockPush   uint32 // PUSH_PROMISE: the promised stream
	inBlock     bool
	blockTime   int // offset of the block's first byte in the current slice (-1: earlier)
	dec         *hpackDecoder
	fields      []hpackField // decode's scratch
	tableMax    uint32       // the table size the peer allows this direction's encoder
	maxFrame    int          // the frame size the peer accepts
	lost        bool         // after a gap: looking for a frame boundary
	at          int          // offset in the data being fed of the current frame's last byte
	scan        []byte       // resync window
	blockBroken bool         // the block being collected lost bytes: drop it
	held        int          // bytes of fbuf, block and scan counted in sink.mem
	// lostBytes counts the bytes lost or skipped since the direction was
	// last framed (-1: unknown, a gap of unknown size): resync's bound on
	// how far stream ids can have moved.
	lostBytes int64
}

// room reports whether n more bytes may be buffered for d.
func (h *h2Conn) room(n int) bool { return int64(n) <= h.c.s.memLeft() }

// account brings sink.mem in line with what d buffers.
func (h *h2Conn) account(d *h2Dir) {
	n := len(d.fbuf) + len(d.block) + len(d.scan)
	h.c.s.mem += int64(n - d.held)
	d.held = n
}

func newH2(c *httpConn, client int) *h2Conn {
	h := &h2Conn{c: c, client: client, streams: make(map[uint32]*pending)}
	for i := range h.dir {
		d := &h.dir[i]
		d.tableMax = 4096
		d.maxFrame = h2DefaultMaxFrame
		d.dec = h.newDecoder(d)
	}
	if client >= 0 {
		h.dir[client].preface = len(h2Preface)
	}
	c.s.cnt.h2conns++
	return h
}

// startH2Mid switches a connection picked up mid-way, whose payload is a
// chain of HTTP/2 frames, to HTTP/2: both directions look for a frame
// boundary, and which side is the client is learned from the first header
// block that shows a :method or a :status (static-table entries, known
// whatever was missed).
func (c *httpConn) startH2Mid(trigger int) {
	h := c.startH2(-1)
	for i := range h.dir {
		h.on[i] = true
		h.dir[i].lost = true
		h.dir[i].lostBytes = -1
	}
	// the other direction's held bytes first, so that the triggering
	// direction's (and the rest of its slice, fed by the caller) stay
	// together whatever the segmentation
	for _, i := range [2]int{1 - trigger, trigger} {
		d := &c.d[i]
		d.probeDone = true
		if p := d.probe; len(p) > 0 {
			c.releaseProbe(d)
			ts := d.ts
			d.ts = nil // the probe's capture times are gone
			h.feed(i, p, 0)
			d.ts = ts
			d.seq += uint32(len(p))
		}
	}
}

// probeH2 looks at the first bytes of a direction of a connection that
// showed no HTTP yet for HTTP/2 frames picked up mid-way (no preface): a
// direction whose first byte is 0 (a frame's length starts so) is held
// until its first bytes are a chain of three frame headers (the
// connection switches to HTTP/2) or are not (they go to the HTTP/1 framer
// as if never held). The decision depends on the bytes only, not on how
// they were cut into segments. It returns what the HTTP/1 framer takes
// now, nil for nothing.
func (c *httpConn) probeH2(di int, data []byte) []byte {
	d := &c.d[di]
	held := 0
	if !c.httpSeen && c.h2 == nil && (len(d.probe) > 0 || data[0] == 0) {
		held = min(len(data), h2ProbeBytes-len(d.probe))
		if int64(held) > c.s.memLeft() {
			held = 0
		} else {
			d.probe = append(d.probe, data[:held]...)
			c.s.mem += int64(held)
			switch h2ChainAt0(d.probe, len(d.probe) >= h2ProbeBytes) {
			case chainYes:
				c.startH2Mid(di) // feeds both directions' probes
				if held < len(data) {
					d.base = 0
					c.h2.feed(di, data, held)
					d.seq += uint32(len(data) - held)
				}
				return nil
			case chainMaybe:
				if held == len(data) {
					return nil // held
				}
			}
		}
	}
	d.probeDone = true
	if len(d.probe) == 0 {
		return data
	}
	out := append(bytes.Clone(d.probe), data[held:]...)
	c.releaseProbe(d)
	d.ts = nil // the held bytes' capture times are gone
	return out
}

// replayProbe hands bytes held by probeH2 to the HTTP/1 framer (before a
// gap or the end of the direction).
func (c *httpConn) replayProbe(di int) {
	d := &c.d[di]
	d.probeDone = true
	if len(d.probe) == 0 || c.h2 != nil {
		c.releaseProbe(d)
		return
	}
	p := bytes.Clone(d.probe)
	c.releaseProbe(d)
	c.feedHTTP1(di, p)
}

const (
	chainNo = iota
	chainMaybe
	chainYes
)

// h2ChainAt0 says whether b starts with three plausible frame headers in a
// row (the first no CONTINUATION), cannot (chainNo), or cannot tell yet
// (chainMaybe; chainNo when final).
func h2ChainAt0(b []byte, final bool) int {
	at := 0
	for n := 0; n < 3; n++ {
		if at+9 > len(b) {
			if final {
				return chainNo
			}
			return chainMaybe
		}
		length, typ, _, _, ok := h2FrameHeader(b[at:at+9], h2DefaultMaxFrame)
		if !ok || n == 0 && typ == h2Continuation {
			return chainNo
		}
		at += 9 + int(length)
	}
	return chainYes
}

// h2ProbeBytes is how much of a direction is kept to recognise HTTP/2
// picked up mid-way: enough for a few frames.
const h2ProbeBytes = 1024

// releaseProbe drops a direction's probe bytes.
func (c *httpConn) releaseProbe(d *dirParser) {
	c.s.mem -= int64(len(d.probe))
	d.probe = nil
}

func (h *h2Conn) newDecoder(d *h2Dir) *hpackDecoder {
	if d.dec != nil {
		h.c.s.mem -= int64(d.dec.held) // the old table goes
	}
	dec := newHPACKDecoder(d.tableMax, h.c.s.cfg.MaxHeaderBytes)
	dec.room = h.c.s.memLeft
	return dec
}

// startH2 switches the connection to HTTP/2, the client being direction
// client; the HTTP/1 parsers stop.
func (c *httpConn) startH2(client int) *h2Conn {
	if c.h2 == nil {
		c.httpSeen = true
		c.upgraded = true
		c.killHTTP1()
		c.h2 = newH2(c, client)
	}
	return c.h2
}

// killHTTP1 stops HTTP/1 parsing on both directions, like kill, but keeps
// what was parsed: requests waiting in the queue stay there (an h2c
// upgrade's request becomes stream 1).
func (c *httpConn) killHTTP1() {
	for i := range c.d {
		d := &c.d[i]
		if d.state == stHeader || d.state == stResync || d.state == stLongLine {
			c.s.cnt.skipped += uint64(len(d.hdr) + len(d.carry))
		}
		d.state = stDead
		c.dropHdr(d)
		d.carry, d.line, d.scratch = nil, nil, nil
	}
}

// wantsH2C reports whether a request asked to upgrade to h2c.
func wantsH2C(h http.Header) bool {
	for _, v := range h["Upgrade"] {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(trimOWS(t), "h2c") {
				return true
			}
		}
	}
	return false
}

// upgradeH2 handles the 101 answering p's "Upgrade: h2c": p becomes stream
// 1, whose response comes as HTTP/2 from the server (direction di).
func (c *httpConn) upgradeH2(di int, p *pending) {
	c.s.cnt.upgrades++
	h := c.startH2(1 - di)
	h.on[di] = true
	h.on[1-di] = true // the client's preface comes next
	// the 101 stands as the answer until stream 1's response comes
	p.hasResp = false
	p.reqDone = true
	p.ex.Status = 101
	p.ex.Flags |= FlagUpgrade
	h.streams[1] = p
	h.order = append(h.order, 1)
	c.s.cnt.h2streams++
	for _, q := range c.queue {
		if q != p {
			q.respDone = true
			c.maybeEmit(q)
		}
	}
	c.queue = nil
}

// feed parses data[off:], the next bytes of direction di (offsets in data
// are those of the capture times, see httpConn.feed).
func (h *h2Conn) feed(di int, data []byte, off int) {
	d := &h.dir[di]
	defer h.account(d)
	for off < len(data) {
		b := data[off:]
		if d.lost {
			n, ok := h.resync(di, b)
			if !ok {
				return
			}
			off += n
			continue
		}
		if d.preface > 0 {
			at := len(h2Preface) - d.preface
			n := min(d.preface, len(b))
			if string(b[:n]) != h2Preface[at:at+n] {
				h.c.s.cnt.weird[WeirdH2BadFrame]++
				h.loseDir(di)
				continue
			}
			d.preface -= n
			off += n
			continue
		}
		if d.remain == 0 && d.nh < 9 {
			n := copy(d.hdr[d.nh:], b)
			d.nh += n
			off += n
			if d.nh < 9 {
				return
			}
			if !h.startFrame(di) {
				continue
			}
			if d.remain == 0 {
				d.at = off - 1
				h.endFrame(di)
			}
			continue
		}
		n := min(d.remain, len(b))
		h.payload(di, b[:n])
		d.remain -= n
		off += n
		if d.remain == 0 {
			d.at = off - 1
			h.endFrame(di)
		}
	}
}

// now is the capture time of the last byte of direction di's current
// frame.
func (h *h2Conn) now(di int) time.Time { return h.c.d[di].timeAt(h.dir[di].at) }

// startFrame reads the frame header in d.hdr. It returns false when the
// header is not a plausible frame (the direction then resynchronises).
func (h *h2Conn) startFrame(di int) bool {
	d := &h.dir[di]
	d.nh = 0
	length, typ, flags, sid, ok := h2FrameHeader(d.hdr[:], d.maxFrame)
	if !ok {
		h.c.s.cnt.weird[WeirdH2BadFrame]++
		h.loseDir(di)
		return false
	}
	if d.inBlock && typ != h2Continuation {
		// a header block must be continued at once (RFC 9113 §6.10)
		h.c.s.cnt.weird[WeirdH2BadFrame]++
		d.inBlock, d.block = false, d.block[:0]
	}
	d.ftype, d.flags, d.sid, d.remain = typ, flags, sid, int(length)
	h.maxSID = max(h.maxSID, sid)
	d.pad, d.padPending, d.fover = 0, false, false
	d.fbuf = d.fbuf[:0]
	if typ == h2Data && flags&h2FlagPadded != 0 {
		d.padPending = true
	}
	return true
}

// h2FrameHeader parses and checks a frame header: the length within
// maxFrame, a known type with its own rules on the stream id and length,
// and the reserved bit clear. Unknown types are not plausible: after a
// gap, a wrong guess costs more than skipping an extension frame.
func h2FrameHeader(b []byte, maxFrame int) (length uint32, typ, flags uint8, sid uint32, ok bool) {
	length = uint32(b[0])<<16 | uint32(b[1])<<8 | uint32(b[2])
	typ, flags = b[3], b[4]
	raw := binary.BigEndian.Uint32(b[5:9])
	sid = raw & 0x7fffffff
	if raw&0x80000000 != 0 || int(length) > maxFrame {
		return 0, 0, 0, 0, false
	}
	switch typ {
	case h2Data:
		ok = sid != 0 && flags&^(h2FlagEndStream|h2FlagPadded) == 0
	case h2Headers:
		ok = sid != 0 && flags&^(h2FlagEndStream|h2FlagEndHeaders|h2FlagPadded|h2FlagPriority) == 0
	case h2Priority:
		ok = sid != 0 && length == 5
	case h2RSTStream:
		ok = sid != 0 && length == 4
	case h2Settings:
		ok = sid == 0 && length%6 == 0 && flags&^1 == 0 && (flags == 0 || length == 0)
	case h2PushPromise:
		ok = sid != 0 && length >= 4 && flags&^(h2FlagEndHeaders|h2FlagPadded) == 0
	case h2Ping:
		ok = sid == 0 && length == 8 && flags&^1 == 0
	case h2GoAway:
		ok = sid == 0 && length >= 8
	case h2WindowUpdate:
		ok = length == 4
	case h2Continuation:
		ok = sid != 0 && flags&^h2FlagEndHeaders == 0
	}
	return
}

// payload takes payload bytes of the current frame.
func (h *h2Conn) payload(di int, b []byte) {
	d := &h.dir[di]
	if d.ftype != h2Data {
		if d.fover {
			h.c.s.cnt.skipped += uint64(len(b))
			return
		}
		if len(d.fbuf)+len(b) > h.c.s.cfg.MaxHeaderBytes || !h.room(len(b)) {
			d.fover = true
			h.c.s.cnt.skipped += uint64(len(d.fbuf) + len(b))
			d.fbuf = d.fbuf[:0]
			return
		}
		d.fbuf = append(d.fbuf, b...)
		return
	}
	rem := d.remain // payload bytes left, b included
	if d.padPending {
		d.pad = int(b[0])
		d.padPending = false
		b = b[1:]
		rem--
		if d.pad > rem {
			h.c.s.cnt.weird[WeirdH2BadFrame]++
			d.pad = rem
		}
	}
	// the last d.pad bytes of the frame are padding
	if keep := rem - d.pad; keep < len(b) {
		b = b[:max(keep, 0)]
	}
	p := h.streams[d.sid]
	if p == nil || len(b) == 0 {
		return
	}
	h.keep(di, p, b)
}

// keep stores body bytes of stream p within the body cap.
func (h *h2Conn) keep(di int, p *pending, b []byte) {
	s := h.c.s
	limit := s.cfg.MaxBodyBytes
	raw, kept, trunc, size, enc := &p.respRaw, &p.respKept, &p.respTrunc, &p.ex.ResponseBodySize, p.respEnc
	if di == h.client {
		raw, kept, trunc, size, enc = &p.reqRaw, &p.reqKept, &p.reqTrunc, &p.ex.RequestBodySize, p.reqEnc
	}
	if enc != "" && limit > 0 {
		limit = 2*limit + 4096
	}
	*size += int64(len(b))
	if s.cfg.DiscardBodies {
		discardBody(s, kept, trunc, limit, len(b))
		return
	}
	room := s.bodyRoom(limit, len(*raw))
	if room >= len(b) {
		*raw = append(*raw, b...)
		s.mem += int64(len(b))
		return
	}
	if room > 0 {
		*raw = append(*raw, b[:room]...)
		s.mem += int64(room)
		b = b[room:]
	}
	*trunc = true
	s.cnt.bodyDropped += uint64(len(b))
}

// endFrame acts on a complete frame.
func (h *h2Conn) endFrame(di int) {
	d := &h.dir[di]
	switch d.ftype {
	case h2Data:
		if d.flags&h2FlagEndStream != 0 {
			h.endStream(di, d.sid)
		}
	case h2Headers, h2PushPromise:
		if d.fover {
			h.c.s.cnt.weird[WeirdH2HeadersLost]++
			h.lostBlock(di, d.sid, d.ftype == h2Headers && d.flags&h2FlagEndStream != 0)
			return
		}
		frag, ok := h2Fragment(d.ftype, d.flags, d.fbuf)
		if !ok {
			h.c.s.cnt.weird[WeirdH2BadFrame]++
			return
		}
		d.blockPush = 0
		if d.ftype == h2PushPromise {
			d.blockPush = binary.BigEndian.Uint32(frag[:4]) & 0x7fffffff
			frag = frag[4:]
		}
		if !h.room(len(frag)) {
			h.c.s.cnt.weird[WeirdH2HeadersLost]++
			h.lostBlock(di, d.sid, d.ftype == h2Headers && d.flags&h2FlagEndStream != 0)
			return
		}
		d.block = append(d.block[:0], frag...)
		d.blockSID = d.sid
		d.blockEnd = d.ftype == h2Headers && d.flags&h2FlagEndStream != 0
		d.blockBroken = false
		if d.flags&h2FlagEndHeaders != 0 {
			h.endBlock(di)
		} else {
			d.inBlock = true
		}
	case h2Continuation:
		if !d.inBlock || d.sid != d.blockSID {
			h.c.s.cnt.weird[WeirdH2BadFrame]++
			return
		}
		if d.fover || len(d.block)+len(d.fbuf) > h.c.s.cfg.MaxHeaderBytes || !h.room(len(d.fbuf)) {
			d.blockBroken = true
		} else {
			d.block = append(d.block, d.fbuf...)
		}
		if d.flags&h2FlagEndHeaders != 0 {
			d.inBlock = false
			h.endBlock(di)
		}
	case h2RSTStream:
		if p := h.streams[d.sid]; p != nil {
			p.ex.Flags |= FlagTruncated
			p.reqDone, p.respDone = true, true
			h.emit(d.sid)
		}
	case h2Settings:
		if d.flags&1 != 0 || d.fover {
			return
		}
		// what this direction's sender allows the other's encoder
		o := &h.dir[1-di]
		for i := 0; i+6 <= len(d.fbuf); i += 6 {
			id := binary.BigEndian.Uint16(d.fbuf[i:])
			v := binary.BigEndian.Uint32(d.fbuf[i+2:])
			switch id {
			case 1: // SETTINGS_HEADER_TABLE_SIZE
				o.tableMax = min(v, 1<<20)
				o.dec.limit = max(o.dec.limit, int(o.tableMax))
			case 5: // SETTINGS_MAX_FRAME_SIZE
				if v >= h2DefaultMaxFrame && v <= h2MaxFrame {
					o.maxFrame = int(v)
				}
			}
		}
	}
}

// h2Fragment returns the header block fragment of a HEADERS or
// PUSH_PROMISE payload: padding and priority fields removed.
func h2Fragment(typ, flags uint8, p []byte) ([]byte, bool) {
	pad := 0
	if flags&h2FlagPadded != 0 {
		if len(p) < 1 {
			return nil, false
		}
		pad = int(p[0])
		p = p[1:]
	}
	if typ == h2Headers && flags&h2FlagPriority != 0 {
		if len(p) < 5 {
			return nil, false
		}
		p = p[5:]
	}
	if pad > len(p) || typ == h2PushPromise && len(p)-pad < 4 {
		return nil, false
	}
	return p[:len(p)-pad], true
}

// endBlock decodes a complete header block and applies it to its stream.
func (h *h2Conn) endBlock(di int) {
	d := &h.dir[di]
	sid, endStream, push := d.blockSID, d.blockEnd, d.blockPush
	if h.client < 0 && push != 0 {
		h.client = 1 - di // only servers push
	}
	if d.blockBroken {
		h.c.s.cnt.weird[WeirdH2HeadersLost]++
		// the decoder's table may now miss entries this block added
		d.dec = h.newDecoder(d)
		h.lostBlock(di, sid, endStream)
		return
	}
	held := d.dec.held
	fields, err := d.dec.decode(d.block, d.fields[:0])
	h.c.s.mem += int64(d.dec.held - held)
	d.fields = fields[:0]
	d.block = d.block[:0]
	if err != nil {
		// a corrupt block: nothing of it is trusted, and the table may be
		// off from here on, so the decoder starts over
		h.c.s.cnt.weird[WeirdH2HeadersLost]++
		d.dec = h.newDecoder(d)
		h.lostBlock(di, sid, endStream)
		return
	}
	partial := false
	for _, f := range fields {
		if !f.known {
			partial = true
			continue
		}
		if h.client < 0 {
			// a connection picked up mid-way: the block tells the roles
			switch f.name {
			case ":method", ":path":
				h.client = di
			case ":status":
				h.client = 1 - di
			}
		}
	}
	if h.client < 0 {
		h.c.s.cnt.weird[WeirdH2HeadersLost]++
		return
	}
	if partial {
		// fields that refer to the table from before a gap or before
		// the capture: what is known of the block is used, the rest is
		// not guessed
		h.c.s.cnt.weird[WeirdH2HeadersLost]++
	}
	if push != 0 {
		h.onRequest(h.client, push, fields, true, partial)
		return
	}
	if di == h.client {
		if p := h.streams[sid]; p != nil && p.hasReq {
			// trailers of the request
			if endStream {
				h.endStream(di, sid)
			}
			return
		}
		h.onRequest(di, sid, fields, endStream, partial)
		return
	}
	h.onResponse(di, sid, fields, endStream, partial)
}

// lostBlock records a header block that could not be decoded: the stream
// is known to exist, its headers are not.
func (h *h2Conn) lostBlock(di int, sid uint32, endStream bool) {
	p := h.streams[sid]
	if p == nil {
		if di != h.client {
			return // a response whose request is unknown: nothing to say
		}
		p = h.open(sid)
		if p == nil {
			return
		}
	}
	p.ex.Flags |= FlagGap
	if di == h.client {
		p.ex.Flags |= FlagPartialRequestHeaders
	} else {
		p.ex.Flags |= FlagPartialResponseHeaders
	}
	if endStream {
		h.endStream(di, sid)
	}
}

// open starts a stream's exchange; nil at the MaxPendingRequests cap when
// nothing could be evicted.
func (h *h2Conn) open(sid uint32) *pending {
	c := h.c
	if len(h.streams) >= c.s.cfg.MaxPendingRequests {
		c.s.cnt.weird[WeirdExcessivePipelining]++
		for len(h.order) > 0 {
			old := h.order[0]
			h.order = h.order[1:]
			if q := h.streams[old]; q != nil {
				q.reqDone, q.respDone = true, true
				h.emit(old)
				break
			}
		}
	}
	p := &pending{}
	p.ex.Client, p.ex.Server = c.addr[h.client], c.addr[1-h.client]
	p.ex.VLAN = c.vlan
	p.ex.Proto = "HTTP/2.0"
	h.streams[sid] = p
	h.order = append(h.order, sid)
	c.s.cnt.h2streams++
	return p
}

// onRequest applies a request header block (or a PUSH_PROMISE's) to
// stream sid.
func (h *h2Conn) onRequest(di int, sid uint32, fields []hpackField, endStream, partial bool) {
	c := h.c
	p := h.streams[sid]
	if p == nil {
		if p = h.open(sid); p == nil {
			return
		}
	}
	c.s.cnt.requests++
	ex := &p.ex
	p.hasReq = true
	ex.RequestTime = h.now(di)
	if partial {
		ex.Flags |= FlagPartialRequestHeaders
	}
	hdr := make(http.Header, len(fields))
	var authority, path string
	for _, f := range fields {
		if !f.known {
			continue
		}
		switch f.name {
		case ":method":
			ex.Method = f.value
		case ":path":
			path = f.value
		case ":authority":
			authority = f.value
		case ":scheme", ":protocol":
		default:
			if strings.HasPrefix(f.name, ":") {
				continue
			}
			addField(hdr, f)
		}
	}
	if ex.Method == "" || path == "" {
		// without its method or path a request names no endpoint: it is
		// kept (its answer still counts) but downstream ignores it
		ex.Method, path = "", ""
	}
	if authority == "" {
		if hs := hdr["Host"]; len(hs) > 0 {
			authority = hs[0]
		}
	}
	if cs := hdr["Cookie"]; len(cs) > 1 {
		// split cookie fields join with "; " (RFC 9113 §8.2.3)
		hdr["Cookie"] = []string{strings.Join(cs, "; ")}
	}
	ex.Target = path
	ex.Host = authority
	ex.Path, ex.Query = path, ""
	if i := strings.IndexByte(path, '?'); i >= 0 {
		ex.Path, ex.Query = path[:i], path[i+1:]
	}
	ex.RequestHeader = hdr
	ex.RequestContentType = mediaType(headerFirst(hdr, "Content-Type"))
	p.reqEnc = headerFirst(hdr, "Content-Encoding")
	if endStream {
		h.endStream(di, sid)
	}
}

// onResponse applies a response header block: interim (1xx) blocks are
// ignored, a block after the final one holds trailers.
func (h *h2Conn) onResponse(di int, sid uint32, fields []hpackField, endStream, partial bool) {
	c := h.c
	p := h.streams[sid]
	if p == nil {
		// a stream opened before the capture (or its request lost).
		// Its request may still come: a connection picked up mid-way is
		// fed one held direction before the other. Whether it never did
		// is known when the stream is handed on (unpaired), not here.
		if p = h.open(sid); p == nil {
			return
		}
	}
	if p.hasResp {
		// trailers
		if p.ex.ResponseHeader == nil {
			p.ex.ResponseHeader = http.Header{}
		}
		for _, f := range fields {
			if f.known && !strings.HasPrefix(f.name, ":") {
				addField(p.ex.ResponseHeader, f)
			}
		}
		if partial {
			p.ex.Flags |= FlagPartialResponseHeaders
		}
		if endStream {
			h.endStream(di, sid)
		}
		return
	}
	status := 0
	hdr := make(http.Header, len(fields))
	for _, f := range fields {
		if !f.known {
			continue
		}
		if f.name == ":status" {
			status, _ = strconv.Atoi(f.value)
			continue
		}
		if !strings.HasPrefix(f.name, ":") {
			addField(hdr, f)
		}
	}
	if status >= 100 && status < 200 {
		return // interim
	}
	if partial {
		p.ex.Flags |= FlagPartialResponseHeaders
	}
	c.s.cnt.responses++
	p.hasResp = true
	ex := &p.ex
	ex.Status = status
	ex.ResponseHeader = hdr
	ex.ResponseContentType = mediaType(headerFirst(hdr, "Content-Type"))
	p.respEnc = headerFirst(hdr, "Content-Encoding")
	ex.ResponseTime = h.now(di)
	if endStream {
		h.endStream(di, sid)
	}
}

func addField(hdr http.Header, f hpackField) {
	k := canonicalKey(f.name)
	hdr[k] = append(hdr[k], f.value)
}

func headerFirst(h http.Header, k string) string {
	if v := h[k]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// endStream marks one side of stream sid done, emitting it when both are.
func (h *h2Conn) endStream(di int, sid uint32) {
	p := h.streams[sid]
	if p == nil {
		return
	}
	if di == h.client {
		p.reqDone = true
	} else {
		p.respDone = true
		p.ex.ResponseTime = h.now(di)
	}
	if p.reqDone && p.respDone {
		h.emit(sid)
	}
}

func (h *h2Conn) emit(sid uint32) {
	p := h.streams[sid]
	delete(h.streams, sid)
	if p == nil {
		return
	}
	if i := indexOf(h.order, sid); i >= 0 {
		h.order = append(h.order[:i], h.order[i+1:]...)
	}
	h.unpaired(p)
	h.c.finish(p)
}

// unpaired counts a stream handed on with a response and no request.
func (h *h2Conn) unpaired(p *pending) {
	if p.hasResp && !p.hasReq {
		h.c.s.cnt.weird[WeirdResponseBeforeRequest]++
	}
}

func indexOf(s []uint32, v uint32) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return -1
}

// gap reports lost bytes on direction di: the frame in progress, and the
// header block if one was being collected, are lost; the direction looks
// for the next frame boundary.
func (h *h2Conn) gap(di int, n int) {
	d := &h.dir[di]
	switch {
	case n < 0:
		d.lostBytes = -1
	case d.lostBytes >= 0:
		d.lostBytes += int64(n)
	}
	if d.remain > 0 || d.nh > 0 {
		if p := h.streams[d.sid]; p != nil {
			p.ex.Flags |= FlagGap
		}
	}
	if d.inBlock {
		d.blockBroken = true
	}
	h.loseDir(di)
}

// loseDir drops the frame in progress and makes the direction resync.
func (h *h2Conn) loseDir(di int) {
	d := &h.dir[di]
	d.nh, d.remain, d.pad, d.padPending, d.preface = 0, 0, 0, false, 0
	d.fbuf = d.fbuf[:0]
	if d.inBlock {
		d.inBlock = false
		d.block = d.block[:0]
		h.c.s.cnt.weird[WeirdH2HeadersLost]++
	}
	d.lost = true
	d.scan = d.scan[:0]
}

// resync looks for a frame boundary in b (after what earlier calls kept).
// It returns how many bytes of b to skip and true once the direction is
// framed again, or false when all of b was taken into the window. A
// boundary is a plausible frame header followed by another; positions are
// decided in order, each once the bytes it needs are there, so where the
// stream was cut into segments does not change the result.
func (h *h2Conn) resync(di int, b []byte) (int, bool) {
	d := &h.dir[di]
	if !h.room(len(b)) {
		// no memory for the window: skip it all, look again later
		h.c.s.cnt.skipped += uint64(len(d.scan) + len(b))
		d.scan = d.scan[:0]
		return len(b), false
	}
	old := len(d.scan)
	d.scan = append(d.scan, b...)
	w := d.scan
	i := 0
	for ; i+9 <= len(w); i++ {
		length, typ, _, sid, ok := h2FrameHeader(w[i:i+9], d.maxFrame)
		if !ok || typ == h2Continuation || 18+int(length) > h2ResyncWindow || !h.resyncPlausible(di, typ, sid, i) {
			continue
		}
		next := i + 9 + int(length)
		if next+9 > len(w) {
			break // decided when more bytes come
		}
		if _, t2, _, _, ok2 := h2FrameHeader(w[next:next+9], d.maxFrame); !ok2 || t2 == h2Continuation && typ != h2Headers && typ != h2PushPromise {
			continue
		}
		h.c.s.cnt.skipped += uint64(i)
		if i < old {
			// the boundary is in bytes kept from earlier calls: replay
			// them, then all of b
			rest := append([]byte(nil), w[i:old]...)
			h.framed(di)
			hd := &h.c.d[di]
			ts := hd.ts
			hd.ts = nil // their capture times are gone
			h.feed(di, rest, 0)
			hd.ts = ts
			return 0, true
		}
		h.framed(di)
		return i - old, true
	}
	// positions before i are not boundaries: drop them
	h.c.s.cnt.skipped += uint64(i)
	if d.lostBytes >= 0 {
		d.lostBytes += int64(i)
	}
	d.scan = append(d.scan[:0], w[i:]...)
	return len(b), false
}

// resyncPlausible adds what a resync candidate must also show, beyond a
// valid header: a stream id near the ones seen (streams open in order,
// so a gap does not jump far ahead; without any seen, a connection picked
// up mid-way, a loose bound); DATA, RST_STREAM and PUSH_PROMISE (from the
// server only) on a stream known open; HEADERS on one, or opening a new
// one (odd from a client). Each check rules out most random
// bytes, so a false boundary, which holds the resync until its claimed
// length has arrived, is rare.
func (h *h2Conn) resyncPlausible(di int, typ uint8, sid uint32, at int) bool {
	limit := uint32(1 << 20)
	if d, o := &h.dir[di], &h.dir[1-di]; h.maxSID > 0 && d.lostBytes >= 0 && o.lostBytes >= 0 {
		// a stream costs its client at least a 10-byte HEADERS frame, and
		// takes 2 ids: the lost and skipped bytes bound how many opened
		// (at: the candidate's place in the window, whose earlier bytes
		// are skipped too, whatever calls they came in)
		limit = h.maxSID + 16 + uint32(min((d.lostBytes+int64(at)+o.lostBytes)/5, 1<<20))
	}
	known := h.streams[sid] != nil
	switch {
	case sid > limit:
		return false
	case h.client < 0:
		return typ != h2Data && typ != h2RSTStream && typ != h2PushPromise // no stream known yet
	case typ == h2Data || typ == h2RSTStream:
		return known // its HEADERS came first
	case typ == h2WindowUpdate:
		return sid == 0 || known
	case typ == h2Headers:
		return known || sid > h.maxSID && (di != h.client || sid%2 == 1)
	case typ == h2PushPromise:
		return di != h.client && known
	}
	return true
}

// framed ends a resync: the direction is at a frame boundary, and its
// HPACK decoder starts over (see the package comment above).
func (h *h2Conn) framed(di int) {
	d := &h.dir[di]
	d.lost = false
	d.lostBytes = 0
	d.scan = d.scan[:0]
	d.dec = h.newDecoder(d)
	h.c.s.cnt.weird[WeirdH2Resync]++
}

// endDir ends direction di: a frame cut there is lost.
func (h *h2Conn) endDir(di int) {
	d := &h.dir[di]
	if d.remain > 0 || d.nh > 0 || d.inBlock {
		h.c.s.cnt.weird[WeirdMessageInterrupted]++
		if p := h.streams[d.sid]; p != nil {
			p.ex.Flags |= FlagTruncated
		}
	}
	d.lost = true
	h.c.s.cnt.skipped += uint64(len(d.scan))
	d.scan = nil
}

// close emits every stream still open, in the order they opened, and
// releases the buffers.
func (h *h2Conn) close() {
	for i := range h.dir {
		d := &h.dir[i]
		h.c.s.cnt.skipped += uint64(len(d.scan))
		d.fbuf, d.block, d.scan = nil, nil, nil
		h.account(d)
		if d.dec != nil {
			h.c.s.mem -= int64(d.dec.held)
			d.dec = nil
		}
	}
	for _, sid := range h.order {
		if p := h.streams[sid]; p != nil {
			if !p.hasResp && p.ex.Status == 101 {
				p.hasResp = true // an h2c upgrade whose HTTP/2 answer never came
			} else if !p.reqDone || !p.respDone {
				p.ex.Flags |= FlagTruncated
			}
			p.reqDone, p.respDone = true, true
			delete(h.streams, sid)
			h.unpaired(p)
			h.c.finish(p)
		}
	}
	h.order = nil
}

// isH2Preface reports whether b starts with (a prefix of) the HTTP/2
// connection preface, at least its request line.
func isH2Preface(b []byte) bool {
	n := min(len(b), len(h2Preface))
	return n >= 16 && bytes.Equal(b[:n], []byte(h2Preface[:n]))
}
