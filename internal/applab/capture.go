package applab

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"sort"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/klauspost/compress/zstd"

	"github.com/shadowtap/shadowtap/capture"
)

// Packet is one captured frame, kept byte for byte so that the variants can
// be written with the original link type, plus what the TCP layer says.
type Packet struct {
	Data []byte
	CI   gopacket.CaptureInfo

	TCP     bool // a TCP segment over IPv4/IPv6
	Src     netip.AddrPort
	Dst     netip.AddrPort
	Seq     uint32
	SYN     bool
	ACK     bool
	FIN     bool
	RST     bool
	Payload []byte

	Conn     int  // index in Capture.Conns, -1 when not TCP
	FromSrv  bool // sent by the server side of Conn
	DataSeg  bool // carries payload
	Handshak bool // SYN or SYN-ACK
}

// Capture is a decoded capture file.
type Capture struct {
	LinkType layers.LinkType
	Snaplen  uint32
	Packets  []*Packet
	Conns    []*Conn
}

// Conn is one TCP connection (a 4-tuple between two SYNs).
type Conn struct {
	ID      int
	Client  netip.AddrPort
	Server  netip.AddrPort
	Packets []int // indices in Capture.Packets, in file order

	clientISN, serverISN   uint32
	clientSYN, serverSYN   bool
	clientBase, serverBase uint32
	clientHas, serverHas   bool

	ClientStream []byte // reassembled client -> server bytes
	ServerStream []byte // reassembled server -> client bytes
	ClientGap    bool   // the client stream has a hole (stopped there)
	ServerGap    bool
}

// ReadCaptureFile reads a pcap or pcapng file, gzip- or zstd-compressed or not.
func ReadCaptureFile(path string) (*Capture, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ReadCapture(b)
}

// Decompress returns b itself, or its content when b is gzip or zstd data
// (told by the magic bytes). The lab keeps its captures and its larger specs
// as zstd: a third smaller than gzip -9, and the specs a tenth of their size.
func Decompress(b []byte) ([]byte, error) {
	switch {
	case len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b:
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		if b, err = io.ReadAll(zr); err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
	case len(b) >= 4 && binary.LittleEndian.Uint32(b) == 0xfd2fb528:
		zr, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(capture.MaxZstdWindow))
		if err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
		defer zr.Close()
		if b, err = zr.DecodeAll(b, nil); err != nil {
			return nil, fmt.Errorf("zstd: %w", err)
		}
	}
	return b, nil
}

// ReadCapture decodes a pcap or pcapng capture (optionally gzip- or zstd-compressed),
// splits it into TCP connections and reassembles both directions of each.
// A truncated or corrupt file gives an error, never a panic.
func ReadCapture(b []byte) (c *Capture, err error) {
	defer func() {
		if r := recover(); r != nil {
			c, err = nil, fmt.Errorf("corrupt capture: %v", r)
		}
	}()
	if b, err = Decompress(b); err != nil {
		return nil, err
	}
	if len(b) < 4 {
		return nil, errors.New("capture too short")
	}
	type reader interface {
		ReadPacketData() ([]byte, gopacket.CaptureInfo, error)
	}
	var rd reader
	c = &Capture{Snaplen: 262144}
	if bytes.Equal(b[:4], []byte{0x0a, 0x0d, 0x0d, 0x0a}) {
		r, err := pcapgo.NewNgReader(bytes.NewReader(b), pcapgo.DefaultNgReaderOptions)
		if err != nil {
			return nil, fmt.Errorf("pcapng: %w", err)
		}
		rd, c.LinkType = r, r.LinkType()
	} else {
		r, err := pcapgo.NewReader(bufio.NewReader(bytes.NewReader(b)))
		if err != nil {
			return nil, fmt.Errorf("pcap: %w", err)
		}
		rd, c.LinkType = r, r.LinkType()
		if s := r.Snaplen(); s > 0 {
			c.Snaplen = s
		}
	}
	for {
		data, ci, err := rd.ReadPacketData()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("packet %d: %w", len(c.Packets)+1, err)
		}
		p := &Packet{Data: append([]byte(nil), data...), CI: ci, Conn: -1}
		decodeTCP(p, c.LinkType)
		c.Packets = append(c.Packets, p)
	}
	if len(c.Packets) == 0 {
		return nil, errors.New("capture holds no packets")
	}
	c.splitConns()
	for _, cn := range c.Conns {
		c.reassemble(cn)
	}
	return c, nil
}

func decodeTCP(p *Packet, lt layers.LinkType) {
	pkt := gopacket.NewPacket(p.Data, lt, gopacket.DecodeOptions{Lazy: true, NoCopy: true})
	var src, dst netip.Addr
	switch ip := pkt.NetworkLayer().(type) {
	case *layers.IPv4:
		src, _ = netip.AddrFromSlice(ip.SrcIP.To4())
		dst, _ = netip.AddrFromSlice(ip.DstIP.To4())
	case *layers.IPv6:
		src, _ = netip.AddrFromSlice(ip.SrcIP.To16())
		dst, _ = netip.AddrFromSlice(ip.DstIP.To16())
	default:
		return
	}
	tcp, ok := pkt.Layer(layers.LayerTypeTCP).(*layers.TCP)
	if !ok || tcp == nil {
		return
	}
	p.TCP = true
	p.Src = netip.AddrPortFrom(src, uint16(tcp.SrcPort))
	p.Dst = netip.AddrPortFrom(dst, uint16(tcp.DstPort))
	p.Seq, p.SYN, p.ACK, p.FIN, p.RST = tcp.Seq, tcp.SYN, tcp.ACK, tcp.FIN, tcp.RST
	p.Payload = tcp.Payload
	p.DataSeg = len(tcp.Payload) > 0
	p.Handshak = tcp.SYN
}

type tupleKey struct{ a, b netip.AddrPort }

func keyOf(p *Packet) tupleKey {
	if p.Src.Addr().Less(p.Dst.Addr()) || (p.Src.Addr() == p.Dst.Addr() && p.Src.Port() < p.Dst.Port()) {
		return tupleKey{p.Src, p.Dst}
	}
	return tupleKey{p.Dst, p.Src}
}

// splitConns assigns every TCP packet to a connection. A SYN from a client
// with a new initial sequence number on a 4-tuple already in use starts a
// new connection (port reuse); a connection seen without its handshake
// takes the higher port as its client.
func (c *Capture) splitConns() {
	cur := map[tupleKey]*Conn{}
	for i, p := range c.Packets {
		if !p.TCP {
			continue
		}
		k := keyOf(p)
		cn := cur[k]
		if p.SYN && !p.ACK {
			if cn == nil || !cn.clientSYN || cn.Client != p.Src || cn.clientISN != p.Seq {
				cn = &Conn{ID: len(c.Conns), Client: p.Src, Server: p.Dst, clientISN: p.Seq, clientSYN: true}
				c.Conns = append(c.Conns, cn)
				cur[k] = cn
			}
		} else if cn == nil {
			client, server := p.Src, p.Dst
			switch {
			case p.SYN && p.ACK:
				client, server = p.Dst, p.Src
			case p.Src.Port() < p.Dst.Port():
				client, server = p.Dst, p.Src
			}
			cn = &Conn{ID: len(c.Conns), Client: client, Server: server}
			c.Conns = append(c.Conns, cn)
			cur[k] = cn
		}
		p.Conn = cn.ID
		p.FromSrv = p.Src == cn.Server
		if p.SYN && p.ACK && p.FromSrv && !cn.serverSYN {
			cn.serverSYN, cn.serverISN = true, p.Seq
		}
		cn.Packets = append(cn.Packets, i)
	}
}

type seg struct {
	off  int64
	data []byte
}

// reassemble orders each direction's payload by sequence number, drops
// duplicates and retransmissions, and stops a direction at its first hole.
func (c *Capture) reassemble(cn *Conn) {
	var cs, ss []seg
	for _, i := range cn.Packets {
		p := c.Packets[i]
		if len(p.Payload) == 0 {
			continue
		}
		if p.FromSrv {
			if !cn.serverHas {
				cn.serverHas = true
				cn.serverBase = p.Seq
				if cn.serverSYN {
					cn.serverBase = cn.serverISN + 1
				}
			}
			ss = append(ss, seg{int64(int32(p.Seq - cn.serverBase)), p.Payload})
		} else {
			if !cn.clientHas {
				cn.clientHas = true
				cn.clientBase = p.Seq
				if cn.clientSYN {
					cn.clientBase = cn.clientISN + 1
				}
			}
			cs = append(cs, seg{int64(int32(p.Seq - cn.clientBase)), p.Payload})
		}
	}
	cn.ClientStream, cn.ClientGap = join(cs)
	cn.ServerStream, cn.ServerGap = join(ss)
}

func join(ss []seg) ([]byte, bool) {
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].off < ss[j].off })
	var out []byte
	start := int64(0)
	if len(ss) > 0 && ss[0].off < 0 {
		start = ss[0].off // data before the presumed start: keep it
	}
	for _, s := range ss {
		end := s.off + int64(len(s.data))
		have := start + int64(len(out))
		if end <= have {
			continue
		}
		if s.off > have {
			return out, true
		}
		out = append(out, s.data[have-s.off:]...)
	}
	return out, false
}
