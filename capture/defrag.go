package capture

import (
	"time"

	"github.com/gopacket/gopacket/layers"
)

// fragKey identifies an IPv4 datagram being reassembled (RFC 791: source,
// destination, protocol, identification), plus the VLAN stack.
type fragKey struct {
	src, dst [4]byte
	id       uint16
	proto    uint8
	vlan     uint64
}

const (
	maxIPv4Payload = 65535 - 20
	fragBlocks     = (maxIPv4Payload + 7) / 8
	bitmapWords    = (fragBlocks + 63) / 64
	datagramCost   = bitmapWords*8 + 128 // bytes charged per datagram besides its buffer
)

// datagram is one IPv4 datagram being reassembled.
type datagram struct {
	first time.Time
	buf   []byte // payload; len is the highest end seen
	have  [bitmapWords]uint64
	got   int // 8-byte blocks received
	total int // payload length, -1 until the last fragment is seen
	frags int
}

// defragmenter reassembles IPv4 fragments with bounded memory: at most
// maxDatagrams in flight and maxBytes of buffers, expired by packet time.
type defragmenter struct {
	maxDatagrams int
	maxBytes     int
	timeout      time.Duration

	m         map[fragKey]*datagram
	bytes     int
	free      []*datagram
	done      *datagram // returned on the last call; recycled on the next
	lastSweep time.Time
}

func newDefragmenter(o DecoderOptions) *defragmenter {
	f := &defragmenter{
		maxDatagrams: o.MaxFragDatagrams,
		maxBytes:     o.MaxFragBytes,
		timeout:      o.FragTimeout,
		m:            make(map[fragKey]*datagram),
	}
	if f.maxDatagrams <= 0 {
		f.maxDatagrams = DefaultMaxFragDatagrams
	}
	if f.maxBytes <= 0 {
		f.maxBytes = DefaultMaxFragBytes
	}
	if f.timeout <= 0 {
		f.timeout = DefaultFragTimeout
	}
	return f
}

// release recycles the datagram handed out by the previous add.
func (f *defragmenter) release() {
	if f.done != nil {
		f.recycle(f.done)
		f.done = nil
	}
}

func (f *defragmenter) recycle(g *datagram) {
	f.bytes -= cap(g.buf) + datagramCost
	if len(f.free) < 16 {
		g.buf = g.buf[:0]
		f.free = append(f.free, g)
	}
}

func (f *defragmenter) drop(k fragKey, g *datagram, st *DecodeStats) {
	st.FragmentDrops += uint64(g.frags)
	delete(f.m, k)
	f.recycle(g)
}

// sweep expires datagrams older than the timeout at packet time now.
func (f *defragmenter) sweep(now time.Time, st *DecodeStats) {
	f.lastSweep = now
	for k, g := range f.m {
		if now.Sub(g.first) > f.timeout {
			st.FragmentTimeouts++
			f.drop(k, g, st)
		}
	}
}

// add adds a fragment. When it completes a datagram, add returns the
// reassembled payload (valid until the next add or release) and true.
func (f *defragmenter) add(ip *layers.IPv4, vlan uint64, now time.Time, st *DecodeStats) ([]byte, bool) {
	if len(f.m) > 0 && (now.Sub(f.lastSweep) >= time.Second || now.Before(f.lastSweep) || len(f.m) >= f.maxDatagrams) {
		f.sweep(now, st)
	}
	p := ip.Payload
	off := int(ip.FragOffset) * 8
	end := off + len(p)
	more := ip.Flags&layers.IPv4MoreFragments != 0
	if end > maxIPv4Payload || (more && len(p)%8 != 0) || (more && len(p) == 0) {
		st.FragmentDrops++ // malformed
		return nil, false
	}
	k := fragKey{src: [4]byte(ip.SrcIP), dst: [4]byte(ip.DstIP), id: ip.Id, proto: uint8(ip.Protocol), vlan: vlan}
	g := f.m[k]
	if g == nil {
		if len(f.m) >= f.maxDatagrams || f.bytes+datagramCost > f.maxBytes {
			st.FragmentDrops++
			return nil, false
		}
		if n := len(f.free); n > 0 {
			g = f.free[n-1]
			f.free = f.free[:n-1]
			buf := g.buf
			*g = datagram{buf: buf[:0]}
		} else {
			g = &datagram{}
		}
		g.first, g.total = now, -1
		f.bytes += cap(g.buf) + datagramCost
		f.m[k] = g
	}
	g.frags++
	if end > cap(g.buf) {
		nc := max(end, 2*cap(g.buf), 2048)
		nc = min(nc, maxIPv4Payload)
		if f.bytes+nc-cap(g.buf) > f.maxBytes {
			f.drop(k, g, st)
			return nil, false
		}
		nb := make([]byte, len(g.buf), nc)
		copy(nb, g.buf)
		f.bytes += nc - cap(g.buf)
		g.buf = nb
	}
	if end > len(g.buf) {
		g.buf = g.buf[:end]
	}
	copy(g.buf[off:end], p)
	for b := off / 8; b < (end+7)/8; b++ {
		w, bit := b/64, uint64(1)<<(b%64)
		if g.have[w]&bit == 0 {
			g.have[w] |= bit
			g.got++
		}
	}
	if !more {
		if g.total >= 0 && g.total != end {
			f.drop(k, g, st) // two different last fragments
			return nil, false
		}
		g.total = end
	}
	if g.total < 0 {
		return nil, false
	}
	need := (g.total + 7) / 8
	if g.got < need {
		return nil, false
	}
	for b := 0; b < need; b++ {
		if g.have[b/64]&(1<<(b%64)) == 0 {
			return nil, false
		}
	}
	delete(f.m, k)
	f.done = g
	return g.buf[:g.total], true
}
