package scenariolab

import (
	"math/rand"
	"net"
	"os"
	"sort"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// MSS is the largest TCP payload written (Ethernet MTU 1500 with timestamps).
const MSS = 1448

type packet struct {
	ts         int64 // µs from the capture start
	order      int   // tie breaker, generation order
	conn       int
	fromClient bool
	syn, ack   bool
	fin, psh   bool
	seq, ackN  uint32
	payload    []byte
	critical   bool
	cip, sip   [4]byte
	cport      uint16
	sport      uint16
}

type tcpConn struct {
	idx        int
	cip, sip   [4]byte
	cport      uint16
	sport      uint16
	cseq, sseq uint32 // next sequence numbers
	critical   bool
	out        *[]packet
	r          *rand.Rand
}

func (c *tcpConn) emit(t int64, fromClient bool, syn, ack, fin, psh bool, payload []byte) {
	p := packet{ts: t, order: len(*c.out), conn: c.idx, fromClient: fromClient, syn: syn, ack: ack, fin: fin, psh: psh,
		payload: payload, critical: c.critical, cip: c.cip, sip: c.sip, cport: c.cport, sport: c.sport}
	if fromClient {
		p.seq, p.ackN = c.cseq, c.sseq
		c.cseq += uint32(len(payload))
		if syn || fin {
			c.cseq++
		}
	} else {
		p.seq, p.ackN = c.sseq, c.cseq
		c.sseq += uint32(len(payload))
		if syn || fin {
			c.sseq++
		}
	}
	*c.out = append(*c.out, p)
}

// send writes data as MSS-sized segments; split > 0 cuts the first segment
// there (request lines and headers split across segments). It returns the
// time after the last segment.
func (c *tcpConn) send(t int64, fromClient bool, data []byte, split int) int64 {
	for len(data) > 0 {
		n := min(len(data), MSS)
		if split > 0 && split < n {
			n = split
			split = 0
		}
		c.emit(t, fromClient, false, true, false, n == len(data), data[:n])
		data = data[n:]
		t += 15 + int64(c.r.Intn(60))
	}
	return t
}

// packets lays out every connection of the plan on a timeline and returns
// the packets (in generation order) and the mid-stream cut time.
func (p *plan) packets(w *wirer, r *rand.Rand) ([]packet, int64) {
	s := p.s
	var out []packet
	const warmSpan = 6_000_000 // µs the warm-up conversations last
	cut := int64(2_000_000)
	mainStart := int64(2_600_000)
	t0 := mainStart
	for ci, cp := range p.conns {
		start := int64(ci) * 40_000
		if !cp.warmup {
			t0 += 5_000 + int64(r.Intn(40_000))
			start = t0
		}
		cid := max(cp.client+1, 0) + 1
		c := &tcpConn{idx: ci, cip: [4]byte{10, byte(10 + cid), byte(ci >> 8), byte(1 + ci%250)}, sip: s.Hosts[cp.host].IP,
			cport: uint16(33000 + (ci*7)%30000), sport: s.Hosts[cp.host].Port, cseq: r.Uint32(), sseq: r.Uint32(),
			critical: cp.critical, out: &out, r: r}
		t := start
		c.emit(t, true, true, false, false, false, nil)
		t += 40 + int64(r.Intn(100))
		c.emit(t, false, true, true, false, false, nil)
		t += 40 + int64(r.Intn(100))
		c.emit(t, true, false, true, false, false, nil)
		t += 100
		gap := func() int64 {
			if cp.warmup {
				return warmSpan / int64(len(cp.calls)+1) * int64(50+r.Intn(100)) / 100
			}
			return 2_000 + int64(r.Intn(80_000))
		}
		for i := 0; i < len(cp.calls); {
			// a run of pipelined requests goes out before any response
			j := i
			for j+1 < len(cp.calls) && cp.pipeline[j] {
				j++
			}
			for k := i; k <= j; k++ {
				last := k == len(cp.calls)-1
				req := w.request(&p.calls[cp.calls[k]], cp, last)
				if j > i {
					w.count["pipelined_requests"]++
				}
				split := 0
				if r.Float64() < s.SplitHeaders && len(req) > 20 {
					split = 5 + r.Intn(min(len(req), MSS)-10)
				}
				t = c.send(t, true, req, split)
			}
			t += 200 + int64(r.Intn(3000))
			c.emit(t, false, false, true, false, false, nil) // server ACKs the request(s)
			for k := i; k <= j; k++ {
				last := k == len(cp.calls)-1
				resp := w.response(&p.calls[cp.calls[k]], cp, last, t)
				t = c.send(t+100, false, resp, 0)
			}
			t += 100 + int64(r.Intn(500))
			c.emit(t, true, false, true, false, false, nil) // client ACKs
			i = j + 1
			if i < len(cp.calls) {
				t += gap()
			}
		}
		t += 1_000 + int64(r.Intn(20_000))
		if cp.http10 || cp.close {
			c.emit(t, false, false, true, true, false, nil)
			c.emit(t+80, true, false, true, true, false, nil)
			c.emit(t+160, false, false, true, false, false, nil)
		} else {
			c.emit(t, true, false, true, true, false, nil)
			c.emit(t+80, false, false, true, true, false, nil)
			c.emit(t+160, true, false, true, false, false, nil)
		}
	}
	return out, cut
}

// impair reorders ~5% of data segments within their flow, duplicates ~3%
// (retransmissions) and drops ~1%, never in a connection that carries a
// critical exchange (the first successful call of an endpoint or the first
// unauthenticated 2xx), so every truth label stays observable.
func impair(in []packet, r *rand.Rand) []packet {
	out := make([]packet, 0, len(in)+len(in)/20)
	byConn := map[int][]int{}
	for i, p := range in {
		byConn[p.conn] = append(byConn[p.conn], i)
	}
	ts := make([]int64, len(in))
	for i, p := range in {
		ts[i] = p.ts
	}
	drop := make([]bool, len(in))
	var dups []packet
	for i, p := range in {
		if len(p.payload) == 0 {
			continue
		}
		x := r.Float64()
		switch {
		case x < 0.01 && !p.critical:
			drop[i] = true
		case x < 0.04:
			d := p
			d.ts = p.ts + 100 + int64(r.Intn(700))
			d.order = len(in) + len(dups)
			dups = append(dups, d)
		case x < 0.09:
			// swap with the next data segment of the same direction
			idx := byConn[p.conn]
			for k, j := range idx {
				if j != i {
					continue
				}
				for _, j2 := range idx[k+1:] {
					if in[j2].fromClient == p.fromClient && len(in[j2].payload) > 0 {
						// only segments in flight together (same burst)
						if in[j2].ts-p.ts < 2_000 {
							ts[i], ts[j2] = ts[j2], ts[i]
						}
						break
					}
				}
				break
			}
		}
	}
	for i, p := range in {
		if drop[i] {
			continue
		}
		p.ts = ts[i]
		out = append(out, p)
	}
	return append(out, dups...)
}

// midstream keeps what a capture started at cut would have seen.
func midstream(in []packet, cut int64) []packet {
	var out []packet
	for _, p := range in {
		if p.ts >= cut {
			out = append(out, p)
		}
	}
	return out
}

var (
	macClient = net.HardwareAddr{0x02, 0x42, 0xac, 0x11, 0x00, 0x02}
	macServer = net.HardwareAddr{0x02, 0x42, 0xac, 0x11, 0x00, 0x03}
)

func writePcap(path string, pk []packet) error {
	pk = append([]packet(nil), pk...)
	sort.SliceStable(pk, func(i, j int) bool {
		if pk[i].ts != pk[j].ts {
			return pk[i].ts < pk[j].ts
		}
		return pk[i].order < pk[j].order
	})
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	pw := pcapgo.NewWriter(f)
	if err := pw.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		return err
	}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	for i, p := range pk {
		eth := layers.Ethernet{SrcMAC: macClient, DstMAC: macServer, EthernetType: layers.EthernetTypeIPv4}
		ip := layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, Id: uint16(i), Flags: layers.IPv4DontFragment,
			SrcIP: net.IP(p.cip[:]), DstIP: net.IP(p.sip[:])}
		tcp := layers.TCP{SrcPort: layers.TCPPort(p.cport), DstPort: layers.TCPPort(p.sport), Seq: p.seq, Ack: p.ackN,
			SYN: p.syn, ACK: p.ack, FIN: p.fin, PSH: p.psh, Window: 502}
		if !p.fromClient {
			eth.SrcMAC, eth.DstMAC = macServer, macClient
			ip.SrcIP, ip.DstIP = ip.DstIP, ip.SrcIP
			tcp.SrcPort, tcp.DstPort = tcp.DstPort, tcp.SrcPort
		}
		if p.syn {
			tcp.Options = []layers.TCPOption{{OptionType: layers.TCPOptionKindMSS, OptionLength: 4, OptionData: []byte{MSS >> 8, MSS & 0xff}}}
			tcp.Window = 64240
		}
		if err := tcp.SetNetworkLayerForChecksum(&ip); err != nil {
			return err
		}
		if err := gopacket.SerializeLayers(buf, opts, &eth, &ip, &tcp, gopacket.Payload(p.payload)); err != nil {
			return err
		}
		data := buf.Bytes()
		ci := gopacket.CaptureInfo{Timestamp: epoch.Add(time.Duration(p.ts) * time.Microsecond), CaptureLength: len(data), Length: len(data)}
		if err := pw.WritePacket(ci, data); err != nil {
			return err
		}
	}
	return nil
}
