//go:build linux

package capture

import (
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/afpacket"
	"github.com/gopacket/gopacket/layers"
)

// Live is a live capture on one interface through an AF_PACKET TPACKET_V3
// ring (github.com/gopacket/gopacket/afpacket, pure Go). It implements
// Source. ReadPacket belongs to one goroutine; Close and Stats may be called
// from any goroutine.
//
// Close never unmaps the ring under a reader: closing a TPacket while another
// goroutine is inside its read faults (SIGSEGV, gopacket issue 743). So
// ReadPacket polls with PollTimeout, copies each frame out of the ring into
// its own buffer, and sees a Close request within one poll timeout; the ring
// is closed by whichever side is last out.
type Live struct {
	iface string
	link  layers.LinkType
	tp    *afpacket.TPacket
	buf   []byte

	// since is when the BPF was attached: frames stamped before it were
	// queued unfiltered and are dropped (the check turns off at the first
	// frame after it). Zero when no filter is attached.
	since time.Time
	early atomic.Uint64

	closeReq atomic.Bool
	mu       sync.Mutex
	reading  bool
	closed   bool
	done     chan struct{} // closed when the ring is closed
}

// OpenLive opens iface for capture with opts. It needs CAP_NET_RAW (and
// CAP_NET_ADMIN for promiscuous mode).
func OpenLive(iface string, opts LiveOptions) (*Live, error) {
	ifc, err := net.InterfaceByName(iface)
	if err != nil {
		return nil, fmt.Errorf("capture: interface %q: %w", iface, err)
	}
	if opts.Snaplen <= 0 {
		opts.Snaplen = DefaultSnaplen
	}
	if opts.BlockSize <= 0 {
		opts.BlockSize = DefaultBlockSize
	}
	if opts.NumBlocks <= 0 {
		opts.NumBlocks = DefaultNumBlocks
	}
	if opts.BlockTimeout <= 0 {
		opts.BlockTimeout = DefaultBlockTimeout
	}
	if opts.PollTimeout <= 0 {
		opts.PollTimeout = DefaultPollTimeout
	}
	prog := opts.BPF
	drop := opts.Outgoing == OutgoingDrop || (opts.Outgoing == OutgoingAuto && ifc.Flags&net.FlagLoopback != 0)
	if drop {
		if prog, err = outgoingPrefix(prog); err != nil {
			return nil, err
		}
	}
	// The frame size only sets the minimum block granularity for V3 (frames
	// are variable-sized); keep it a divisor of the block size.
	frame := min(opts.BlockSize, 1<<16)
	tp, err := afpacket.NewTPacket(
		afpacket.OptInterface(iface),
		afpacket.OptTPacketVersion(afpacket.TPacketVersion3),
		afpacket.OptFrameSize(frame),
		afpacket.OptBlockSize(opts.BlockSize),
		afpacket.OptNumBlocks(opts.NumBlocks),
		afpacket.OptBlockTimeout(opts.BlockTimeout),
		afpacket.OptPollTimeout(opts.PollTimeout),
		afpacket.OptAddVLANHeader(!opts.StripVLAN),
	)
	if err != nil {
		return nil, fmt.Errorf("capture: open %s: %w", iface, err)
	}
	var since time.Time
	if len(prog) > 0 {
		since = time.Now()
		if err := tp.SetBPF(prog); err != nil {
			tp.Close()
			return nil, fmt.Errorf("capture: attach BPF on %s: %w", iface, err)
		}
	}
	if opts.Promiscuous {
		if err := tp.SetPromiscuous(true); err != nil {
			tp.Close()
			return nil, fmt.Errorf("capture: promiscuous mode on %s: %w", iface, err)
		}
	}
	if opts.FanoutGroup != 0 {
		if err := tp.SetFanout(afpacket.FanoutHashWithDefrag, opts.FanoutGroup); err != nil {
			tp.Close()
			return nil, fmt.Errorf("capture: fanout on %s: %w", iface, err)
		}
	}
	if err := tp.InitSocketStats(); err != nil {
		tp.Close()
		return nil, fmt.Errorf("capture: socket stats on %s: %w", iface, err)
	}
	return &Live{iface: iface, link: ifaceLinkType(iface), tp: tp, buf: make([]byte, 0, opts.Snaplen), since: since, done: make(chan struct{})}, nil
}

// ifaceLinkType tells what AF_PACKET SOCK_RAW frames on iface start with:
// nothing (raw IP) for ARPHRD_NONE devices such as tun and WireGuard, an
// Ethernet header otherwise (loopback included).
func ifaceLinkType(iface string) layers.LinkType {
	b, err := os.ReadFile("/sys/class/net/" + iface + "/type")
	if err == nil && strings.TrimSpace(string(b)) == "65534" { // ARPHRD_NONE
		return layers.LinkTypeRaw
	}
	return layers.LinkTypeEthernet
}

// LinkType is the link type of the frames ReadPacket returns: Ethernet, or
// raw IP for devices without a link header (tun, WireGuard). Filter.BPF and
// Filter.LiveBPF programs are for Ethernet.
func (l *Live) LinkType() layers.LinkType { return l.link }

// ReadPacket implements Source. It returns io.EOF once Close was called.
// Frames are of l.LinkType() (Ethernet on Ethernet and loopback devices),
// cut to Snaplen; data is valid until the next call.
func (l *Live) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	var ci gopacket.CaptureInfo
	l.mu.Lock()
	if l.closed || l.closeReq.Load() {
		l.mu.Unlock()
		return nil, ci, 0, io.EOF
	}
	l.reading = true
	l.mu.Unlock()
	defer l.exitRead()
	for {
		if l.closeReq.Load() {
			return nil, ci, 0, io.EOF
		}
		data, ci, err := l.tp.ZeroCopyReadPacketData()
		if errors.Is(err, afpacket.ErrTimeout) {
			continue
		}
		if err != nil {
			return nil, ci, 0, &CaptureError{File: l.iface, Err: err}
		}
		if !l.since.IsZero() {
			// The ring existed before the filter: drop what it let in.
			if ci.Timestamp.Before(l.since) {
				l.early.Add(1)
				continue
			}
			l.since = time.Time{}
		}
		n := min(len(data), cap(l.buf))
		l.buf = append(l.buf[:0], data[:n]...)
		ci.CaptureLength = n
		return l.buf, ci, l.link, nil
	}
}

// exitRead leaves ReadPacket; if Close was requested meanwhile, the reader
// closes the ring itself.
func (l *Live) exitRead() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reading = false
	if l.closeReq.Load() && !l.closed {
		l.closeRing()
	}
}

func (l *Live) closeRing() {
	l.tp.Close()
	l.closed = true
	close(l.done)
}

// Close stops the capture. If a ReadPacket is in progress on another
// goroutine, Close waits for it to return (within about PollTimeout) and the
// ring is closed after it. Close is safe to call more than once.
func (l *Live) Close() error {
	l.closeReq.Store(true)
	l.mu.Lock()
	if !l.closed && !l.reading {
		l.closeRing()
	}
	l.mu.Unlock()
	<-l.done
	return nil
}

// Stats returns the kernel's counters since the socket opened.
func (l *Live) Stats() (LiveStats, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return LiveStats{}, ErrClosed
	}
	_, v3, err := l.tp.SocketStats()
	if err != nil {
		return LiveStats{}, fmt.Errorf("capture: socket stats on %s: %w", l.iface, err)
	}
	return LiveStats{Packets: uint64(v3.Packets()), Drops: uint64(v3.Drops()), QueueFreezes: uint64(v3.QueueFreezes()),
		Unfiltered: l.early.Load()}, nil
}
