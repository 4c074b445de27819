package capture

import (
	"net/netip"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// DecodeStats counts what a Decoder saw. Names are stable API (JSON,
// metrics, summaries). One per Decoder; merge workers' stats with Add.
type DecodeStats struct {
	// Packets and Bytes count every frame handed to Decode (captured bytes).
	Packets uint64 `json:"packets"`
	Bytes   uint64 `json:"bytes"`
	// TCP counts frames that yielded a TCP segment (Decode returned true).
	TCP uint64 `json:"tcp"`
	// NonTCP counts well-formed frames that carry something else (UDP, ICMP,
	// ARP, LLC, unknown EtherTypes, IPv6 extension chains we do not walk).
	NonTCP uint64 `json:"non_tcp"`
	// DecodeErrors counts frames with a malformed or cut header on the way
	// to TCP; they are skipped.
	DecodeErrors uint64 `json:"decode_errors"`
	// Truncated counts TCP segments whose payload was cut short by the snap
	// length (Segment.Truncated is set; they are still returned).
	Truncated uint64 `json:"truncated"`
	// UnsupportedLink counts frames of a link type the decoder does not know.
	UnsupportedLink uint64 `json:"unsupported_link"`
	// VLANTagged counts frames with at least one 802.1Q/802.1ad tag.
	VLANTagged uint64 `json:"vlan_tagged"`
	// IPv6 counts frames whose innermost network layer was IPv6.
	IPv6 uint64 `json:"ipv6"`
	// Fragments counts IPv4 fragments seen; Reassembled the datagrams
	// rebuilt from them; FragmentDrops the fragments thrown away (caps,
	// malformed, or part of a datagram that timed out); FragmentTimeouts
	// the incomplete datagrams expired by packet time.
	Fragments        uint64 `json:"fragments"`
	Reassembled      uint64 `json:"reassembled"`
	FragmentDrops    uint64 `json:"fragment_drops"`
	FragmentTimeouts uint64 `json:"fragment_timeouts"`
	// IPv6Fragments counts IPv6 fragments; they are not reassembled.
	IPv6Fragments uint64 `json:"ipv6_fragments"`
	// Tunneled counts frames decapsulated from GRE, ERSPAN II or VXLAN
	// (remote mirror encapsulations).
	Tunneled uint64 `json:"tunneled"`
}

// Add adds o's counters to s.
func (s *DecodeStats) Add(o DecodeStats) {
	s.Packets += o.Packets
	s.Bytes += o.Bytes
	s.TCP += o.TCP
	s.NonTCP += o.NonTCP
	s.DecodeErrors += o.DecodeErrors
	s.Truncated += o.Truncated
	s.UnsupportedLink += o.UnsupportedLink
	s.VLANTagged += o.VLANTagged
	s.IPv6 += o.IPv6
	s.Fragments += o.Fragments
	s.Reassembled += o.Reassembled
	s.FragmentDrops += o.FragmentDrops
	s.FragmentTimeouts += o.FragmentTimeouts
	s.IPv6Fragments += o.IPv6Fragments
	s.Tunneled += o.Tunneled
}

// DecoderOptions bounds IPv4 fragment reassembly. Zero values mean the
// defaults.
type DecoderOptions struct {
	// MaxFragDatagrams is the most IPv4 datagrams being reassembled at once
	// (default 1024). A fragment of a new datagram past it is dropped
	// (counted in fragment_drops).
	MaxFragDatagrams int
	// MaxFragBytes is the most memory held by datagrams being reassembled
	// (default 8 MiB). A datagram that would pass it is dropped whole. Up to
	// 16 finished datagrams' buffers (at most 64 KiB each) are kept for
	// reuse on top of it.
	MaxFragBytes int
	// FragTimeout is how long, in packet time, a datagram may wait for its
	// missing fragments (default 30 s, as Linux's ipfrag_time).
	FragTimeout time.Duration
	// NoDefrag turns reassembly off: every IPv4 fragment is counted and
	// dropped.
	NoDefrag bool
}

// Defaults of DecoderOptions.
const (
	DefaultMaxFragDatagrams = 1024
	DefaultMaxFragBytes     = 8 << 20
	DefaultFragTimeout      = 30 * time.Second
)

// Decoder decodes frames to TCP segments, in place, without allocating per
// packet. Remote-mirror encapsulations are taken off: GRE (with IP or
// Ethernet inside), ERSPAN type II and VXLAN on UDP port 4789; the segment
// then describes the inner packet (tags of inner Ethernet headers are added
// to Segment.VLAN) and Segment.Tunnel holds the VNI, GRE key or ERSPAN
// session. Other UDP is not decoded. Its layers are struct fields decoded with their DecodeFromBytes in a
// loop equivalent to gopacket.DecodingLayerParser with IgnoreUnsupported (the
// loop is spelled out so that every tag of a VLAN stack is seen and IPv4
// fragments can be reassembled). One per goroutine.
type Decoder struct {
	// Stats are the decoder's counters; read them from the decoding
	// goroutine (or after it is done).
	Stats DecodeStats

	eth   layers.Ethernet
	dot1q layers.Dot1Q
	sll   layers.LinuxSLL
	sll2  layers.LinuxSLL2
	loop  layers.Loopback
	ip4   layers.IPv4
	ip6   layers.IPv6
	ip6x  layers.IPv6ExtensionSkipper
	tcp   layers.TCP
	udp   layers.UDP
	gre   layers.GRE
	vxlan layers.VXLAN
	ersp  layers.ERSPANII

	truncated bool
	defrag    *defragmenter
	panics    uint64 // recovered panics (a bug in a layer decoder); the fuzz target checks it
}

// NewDecoder returns a Decoder with the given fragment-reassembly caps.
func NewDecoder(opts DecoderOptions) *Decoder {
	d := &Decoder{}
	if !opts.NoDefrag {
		d.defrag = newDefragmenter(opts)
	}
	return d
}

// SetTruncated implements gopacket.DecodeFeedback.
func (d *Decoder) SetTruncated() { d.truncated = true }

// etherTypeQinQOld is the pre-802.1ad TPID some switches use for outer tags.
const etherTypeQinQOld layers.EthernetType = 0x9100

// etherNext is next, except that the old QinQ TPID 0x9100 (unknown to
// gopacket) is a VLAN tag too.
func etherNext(et layers.EthernetType, next gopacket.LayerType) gopacket.LayerType {
	if et == etherTypeQinQOld {
		return layers.LayerTypeDot1Q
	}
	return next
}

// vxlanPort is VXLAN's UDP port (RFC 7348).
const vxlanPort = 4789

// maxLayers bounds the layers walked per frame (nested tunnels).
const maxLayers = 24

// maxVLANDepth is how many tags Segment.VLAN can hold (12 bits each).
const maxVLANDepth = 5

// IsRawIP reports whether link is a raw-IP link type (no link header).
func isRawIP(link layers.LinkType) bool {
	switch link {
	case layers.LinkTypeRaw, layers.LinkTypeIPv4, layers.LinkTypeIPv6, 12, 14:
		return true
	}
	return false
}

// Decode fills seg from a frame; it returns true when the frame held a TCP
// segment. seg aliases data (or the decoder's defrag buffer) until the next
// call. Malformed frames are counted and skipped, never a panic.
func (d *Decoder) Decode(data []byte, ci gopacket.CaptureInfo, link layers.LinkType, seg *Segment) (ok bool) {
	d.Stats.Packets++
	d.Stats.Bytes += uint64(len(data))
	d.truncated = false
	if d.defrag != nil {
		d.defrag.release()
	}
	defer func() {
		if r := recover(); r != nil {
			d.panics++
			d.Stats.DecodeErrors++
			ok = false
		}
	}()

	var typ gopacket.LayerType
	switch {
	case link == layers.LinkTypeEthernet:
		typ = layers.LayerTypeEthernet
	case link == layers.LinkTypeLinuxSLL:
		typ = layers.LayerTypeLinuxSLL
	case link == layers.LinkTypeLinuxSLL2:
		typ = layers.LayerTypeLinuxSLL2
	case link == layers.LinkTypeNull || link == layers.LinkTypeLoop:
		typ = layers.LayerTypeLoopback
	case isRawIP(link):
		if len(data) == 0 {
			d.Stats.DecodeErrors++
			return false
		}
		switch data[0] >> 4 {
		case 4:
			typ = layers.LayerTypeIPv4
		case 6:
			typ = layers.LayerTypeIPv6
		default:
			d.Stats.DecodeErrors++
			return false
		}
	default:
		d.Stats.UnsupportedLink++
		return false
	}

	var vlan uint64
	var depth uint8
	var tunnel uint32
	var tunneled bool
	var err error
	for layersLeft := maxLayers; ; layersLeft-- {
		if layersLeft == 0 {
			d.Stats.DecodeErrors++
			return false
		}
		switch typ {
		case layers.LayerTypeEthernet:
			if err = d.eth.DecodeFromBytes(data, d); err != nil {
				break
			}
			typ, data = etherNext(d.eth.EthernetType, d.eth.NextLayerType()), d.eth.Payload
			continue
		case layers.LayerTypeDot1Q:
			if err = d.dot1q.DecodeFromBytes(data, d); err != nil {
				break
			}
			if depth == 0 {
				d.Stats.VLANTagged++
			}
			vlan = (vlan<<12 | uint64(d.dot1q.VLANIdentifier)) & (1<<(12*maxVLANDepth) - 1)
			if depth < 255 {
				depth++
			}
			typ, data = etherNext(d.dot1q.Type, d.dot1q.NextLayerType()), d.dot1q.Payload
			continue
		case layers.LayerTypeLinuxSLL:
			if err = d.sll.DecodeFromBytes(data, d); err != nil {
				break
			}
			typ, data = etherNext(d.sll.EthernetType, d.sll.NextLayerType()), d.sll.Payload
			continue
		case layers.LayerTypeLinuxSLL2:
			if err = d.sll2.DecodeFromBytes(data, d); err != nil {
				break
			}
			typ, data = etherNext(d.sll2.ProtocolType, d.sll2.NextLayerType()), d.sll2.Payload
			continue
		case layers.LayerTypeLoopback:
			if err = d.loop.DecodeFromBytes(data, d); err != nil {
				break
			}
			typ, data = d.loop.NextLayerType(), d.loop.Payload
			continue
		case layers.LayerTypeIPv4:
			if err = d.ip4.DecodeFromBytes(data, d); err != nil {
				break
			}
			if d.ip4.Version != 4 {
				d.Stats.DecodeErrors++
				return false
			}
			seg.Src = netip.AddrFrom4([4]byte(d.ip4.SrcIP))
			seg.Dst = netip.AddrFrom4([4]byte(d.ip4.DstIP))
			seg.Net = gopacket.NewFlow(layers.EndpointIPv4, d.ip4.SrcIP, d.ip4.DstIP)
			if d.ip4.Flags&layers.IPv4MoreFragments != 0 || d.ip4.FragOffset != 0 {
				d.Stats.Fragments++
				if d.defrag == nil {
					d.Stats.FragmentDrops++
					return false
				}
				payload, done := d.defrag.add(&d.ip4, vlan, ci.Timestamp, &d.Stats)
				if !done {
					return false
				}
				d.Stats.Reassembled++
				switch d.ip4.Protocol {
				case layers.IPProtocolTCP, layers.IPProtocolUDP, layers.IPProtocolGRE:
					typ, data = d.ip4.Protocol.LayerType(), payload
					continue
				}
				d.Stats.NonTCP++
				return false
			}
			typ, data = d.ip4.NextLayerType(), d.ip4.Payload
			continue
		case layers.LayerTypeIPv6:
			if err = d.ip6.DecodeFromBytes(data, d); err != nil {
				break
			}
			if d.ip6.Version != 6 {
				d.Stats.DecodeErrors++
				return false
			}
			d.Stats.IPv6++
			seg.Src = netip.AddrFrom16([16]byte(d.ip6.SrcIP))
			seg.Dst = netip.AddrFrom16([16]byte(d.ip6.DstIP))
			seg.Net = gopacket.NewFlow(layers.EndpointIPv6, d.ip6.SrcIP, d.ip6.DstIP)
			typ, data = d.ip6.NextLayerType(), d.ip6.Payload
			continue
		case layers.LayerTypeIPv6Fragment:
			d.Stats.IPv6Fragments++
			return false
		case layers.LayerTypeIPv6Destination, layers.LayerTypeIPv6Routing, layers.LayerTypeIPv6HopByHop:
			if err = d.ip6x.DecodeFromBytes(data, d); err != nil {
				break
			}
			typ, data = d.ip6x.NextLayerType(), d.ip6x.Payload
			continue
		case layers.LayerTypeTCP:
			if err = d.tcp.DecodeFromBytes(data, d); err != nil {
				break
			}
			d.Stats.TCP++
			seg.Timestamp = ci.Timestamp
			seg.CaptureInfo = ci
			seg.VLAN = vlan
			seg.VLANDepth = depth
			seg.Tunnel = tunnel
			if tunneled {
				d.Stats.Tunneled++
			}
			seg.TCP = &d.tcp
			seg.Truncated = d.truncated
			if d.truncated {
				d.Stats.Truncated++
			}
			return true
		case layers.LayerTypeUDP:
			if err = d.udp.DecodeFromBytes(data, d); err != nil {
				break
			}
			if d.udp.DstPort != vxlanPort {
				d.Stats.NonTCP++
				return false
			}
			typ, data = layers.LayerTypeVXLAN, d.udp.Payload
			continue
		case layers.LayerTypeVXLAN:
			if err = d.vxlan.DecodeFromBytes(data, d); err != nil {
				break
			}
			if !d.vxlan.ValidIDFlag {
				d.Stats.NonTCP++
				return false
			}
			tunneled, tunnel = true, d.vxlan.VNI
			typ, data = layers.LayerTypeEthernet, d.vxlan.Payload
			continue
		case layers.LayerTypeGRE:
			if err = d.gre.DecodeFromBytes(data, d); err != nil {
				break
			}
			tunneled, tunnel = true, d.gre.Key
			typ, data = d.gre.NextLayerType(), d.gre.Payload
			continue
		case layers.LayerTypeERSPANII:
			if err = d.ersp.DecodeFromBytes(data, d); err != nil {
				break
			}
			tunneled, tunnel = true, uint32(d.ersp.SessionID)
			typ, data = d.ersp.NextLayerType(), d.ersp.Payload
			continue
		default:
			d.Stats.NonTCP++
			return false
		}
		// A layer failed to decode.
		d.Stats.DecodeErrors++
		return false
	}
}
