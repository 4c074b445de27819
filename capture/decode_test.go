package capture

import (
	"bytes"
	"encoding/binary"
	"net"
	"net/netip"
	"slices"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

var (
	cliMAC = net.HardwareAddr{0x02, 0, 0, 0, 0, 1}
	srvMAC = net.HardwareAddr{0x02, 0, 0, 0, 0, 2}
	cli4   = net.IP{10, 0, 0, 1}
	srv4   = net.IP{192, 168, 1, 2}
	cli6   = net.ParseIP("2001:db8::1")
	srv6   = net.ParseIP("2001:db8::2")
	t0     = time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
)

const httpGet = "GET /users/42 HTTP/1.1\r\nHost: api\r\n\r\n"

func serialize(t testing.TB, ls ...gopacket.SerializableLayer) []byte {
	t.Helper()
	buf := gopacket.NewSerializeBuffer()
	if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, ls...); err != nil {
		t.Fatal(err)
	}
	return bytes.Clone(buf.Bytes())
}

func tcpLayer(net gopacket.NetworkLayer) *layers.TCP {
	tcp := &layers.TCP{SrcPort: 40000, DstPort: 80, Seq: 1000, Ack: 1, PSH: true, ACK: true, Window: 512}
	tcp.SetNetworkLayerForChecksum(net)
	return tcp
}

func ip4(proto layers.IPProtocol) *layers.IPv4 {
	return &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Id: 7, Protocol: proto, SrcIP: cli4, DstIP: srv4}
}

func ip6(next layers.IPProtocol) *layers.IPv6 {
	return &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: next, SrcIP: cli6, DstIP: srv6}
}

// ipv4TCP is an IPv4/TCP packet carrying httpGet.
func ipv4TCP(t testing.TB) []byte {
	ip := ip4(layers.IPProtocolTCP)
	return serialize(t, ip, tcpLayer(ip), gopacket.Payload(httpGet))
}

func ipv6TCP(t testing.TB) []byte {
	ip := ip6(layers.IPProtocolTCP)
	return serialize(t, ip, tcpLayer(ip), gopacket.Payload(httpGet))
}

func ethHdr(et layers.EthernetType) []byte {
	b := append(bytes.Clone(srvMAC), cliMAC...)
	return binary.BigEndian.AppendUint16(b, uint16(et))
}

// vlanTags returns TPID/TCI pairs for the ids, outermost first, ending with
// the EtherType of what follows.
func ethVLAN(inner layers.EthernetType, tpids []uint16, ids []uint16) []byte {
	b := append(bytes.Clone(srvMAC), cliMAC...)
	for i, id := range ids {
		b = binary.BigEndian.AppendUint16(b, tpids[i])
		b = binary.BigEndian.AppendUint16(b, id)
	}
	return binary.BigEndian.AppendUint16(b, uint16(inner))
}

func sllHdr(et layers.EthernetType) []byte {
	b := []byte{0, 0, 0, 1, 0, 6}
	b = append(b, cliMAC...)
	b = append(b, 0, 0)
	return binary.BigEndian.AppendUint16(b, uint16(et))
}

func sll2Hdr(et layers.EthernetType) []byte {
	b := binary.BigEndian.AppendUint16(nil, uint16(et))
	b = append(b, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6)
	b = append(b, cliMAC...)
	return append(b, 0, 0)
}

func nullHdr(family uint32, big bool) []byte {
	if big {
		return binary.BigEndian.AppendUint32(nil, family)
	}
	return binary.LittleEndian.AppendUint32(nil, family)
}

type decodeCase struct {
	name    string
	link    layers.LinkType
	frame   []byte
	wantTCP bool
	src     string
	vlan    uint64
	depth   uint8
	payload string
	stat    func(s DecodeStats) uint64 // counter that must be 1
}

func decodeCases(t testing.TB) []decodeCase {
	v4, v6 := ipv4TCP(t), ipv6TCP(t)
	udp := func() []byte {
		ip := ip4(layers.IPProtocolUDP)
		u := &layers.UDP{SrcPort: 53, DstPort: 53}
		u.SetNetworkLayerForChecksum(ip)
		return serialize(t, ip, u, gopacket.Payload("dns"))
	}()
	// IPv6 with hop-by-hop, destination-options and routing headers before TCP.
	v6ext := func() []byte {
		tcpb := v6[40:]
		ext := func(next layers.IPProtocol) []byte { return []byte{byte(next), 0, 1, 4, 0, 0, 0, 0} }
		rt := []byte{byte(layers.IPProtocolTCP), 0, 0, 0, 0, 0, 0, 0} // routing type 0, segments left 0
		body := slices.Concat(ext(layers.IPProtocolIPv6Destination), ext(layers.IPProtocolIPv6Routing), rt, tcpb)
		h := bytes.Clone(v6[:40])
		h[6] = byte(layers.IPProtocolIPv6HopByHop)
		binary.BigEndian.PutUint16(h[4:], uint16(len(body)))
		return slices.Concat(h, body)
	}()
	v6frag := func() []byte {
		h := bytes.Clone(v6[:40])
		h[6] = byte(layers.IPProtocolIPv6Fragment)
		fr := []byte{byte(layers.IPProtocolTCP), 0, 0, 1, 0, 0, 0, 9} // offset 0, M=1
		body := slices.Concat(fr, v6[40:48])
		binary.BigEndian.PutUint16(h[4:], uint16(len(body)))
		return slices.Concat(h, body)
	}()
	badTCP := bytes.Clone(v4)
	badTCP[20+12] = 0x30 // data offset 3 words < 5
	shortIP := v4[:12]
	truncated := slices.Concat(ethHdr(layers.EthernetTypeIPv4), v4[:len(v4)-10]) // snaplen cut

	return []decodeCase{
		{name: "ethernet_ipv4", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeIPv4), v4), wantTCP: true, src: "10.0.0.1", payload: httpGet},
		{name: "ethernet_trailer_padding", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeIPv4), v4, []byte{0, 0, 0, 0, 0xde, 0xad, 0xbe, 0xef}), wantTCP: true, src: "10.0.0.1", payload: httpGet},
		{name: "ethernet_ipv6", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeIPv6), v6), wantTCP: true, src: "2001:db8::1", payload: httpGet,
			stat: func(s DecodeStats) uint64 { return s.IPv6 }},
		{name: "ethernet_ipv6_trailer", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeIPv6), v6, []byte{1, 2, 3, 4}), wantTCP: true, src: "2001:db8::1", payload: httpGet},
		{name: "ipv6_extension_headers", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeIPv6), v6ext), wantTCP: true, src: "2001:db8::1", payload: httpGet},
		{name: "ipv6_fragment_not_reassembled", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeIPv6), v6frag),
			stat: func(s DecodeStats) uint64 { return s.IPv6Fragments }},
		{name: "dot1q", link: layers.LinkTypeEthernet, frame: slices.Concat(ethVLAN(layers.EthernetTypeIPv4, []uint16{0x8100}, []uint16{100}), v4), wantTCP: true, src: "10.0.0.1", vlan: 100, depth: 1, payload: httpGet,
			stat: func(s DecodeStats) uint64 { return s.VLANTagged }},
		{name: "qinq_88a8", link: layers.LinkTypeEthernet, frame: slices.Concat(ethVLAN(layers.EthernetTypeIPv4, []uint16{0x88a8, 0x8100}, []uint16{0x2005, 7}), v4), wantTCP: true, src: "10.0.0.1", vlan: 5<<12 | 7, depth: 2, payload: httpGet},
		{name: "qinq_9100_old_tpid", link: layers.LinkTypeEthernet, frame: slices.Concat(ethVLAN(layers.EthernetTypeIPv4, []uint16{0x9100, 0x8100}, []uint16{11, 12}), v4), wantTCP: true, src: "10.0.0.1", vlan: 11<<12 | 12, depth: 2, payload: httpGet},
		{name: "qinqinq_ipv6", link: layers.LinkTypeEthernet, frame: slices.Concat(ethVLAN(layers.EthernetTypeIPv6, []uint16{0x88a8, 0x8100, 0x8100}, []uint16{1, 2, 3}), v6), wantTCP: true, src: "2001:db8::1", vlan: 1<<24 | 2<<12 | 3, depth: 3, payload: httpGet},
		{name: "six_tags_keeps_innermost_five", link: layers.LinkTypeEthernet, frame: slices.Concat(ethVLAN(layers.EthernetTypeIPv4, []uint16{0x88a8, 0x8100, 0x8100, 0x8100, 0x8100, 0x8100}, []uint16{9, 1, 2, 3, 4, 5}), v4), wantTCP: true, src: "10.0.0.1",
			vlan: 1<<48 | 2<<36 | 3<<24 | 4<<12 | 5, depth: 6, payload: httpGet},
		{name: "linux_sll", link: layers.LinkTypeLinuxSLL, frame: slices.Concat(sllHdr(layers.EthernetTypeIPv4), v4), wantTCP: true, src: "10.0.0.1", payload: httpGet},
		{name: "linux_sll_ipv6", link: layers.LinkTypeLinuxSLL, frame: slices.Concat(sllHdr(layers.EthernetTypeIPv6), v6), wantTCP: true, src: "2001:db8::1", payload: httpGet},
		{name: "linux_sll2", link: layers.LinkTypeLinuxSLL2, frame: slices.Concat(sll2Hdr(layers.EthernetTypeIPv4), v4), wantTCP: true, src: "10.0.0.1", payload: httpGet},
		{name: "linux_sll2_vlan", link: layers.LinkTypeLinuxSLL2, frame: slices.Concat(sll2Hdr(layers.EthernetTypeDot1Q), []byte{0, 42, 0x08, 0x00}, v4), wantTCP: true, src: "10.0.0.1", vlan: 42, depth: 1, payload: httpGet},
		{name: "null_little_endian_ipv4", link: layers.LinkTypeNull, frame: slices.Concat(nullHdr(2, false), v4), wantTCP: true, src: "10.0.0.1", payload: httpGet},
		{name: "null_big_endian_ipv4", link: layers.LinkTypeNull, frame: slices.Concat(nullHdr(2, true), v4), wantTCP: true, src: "10.0.0.1", payload: httpGet},
		{name: "null_ipv6_bsd", link: layers.LinkTypeNull, frame: slices.Concat(nullHdr(24, false), v6), wantTCP: true, src: "2001:db8::1", payload: httpGet},
		{name: "null_ipv6_darwin_big_endian", link: layers.LinkTypeNull, frame: slices.Concat(nullHdr(30, true), v6), wantTCP: true, src: "2001:db8::1", payload: httpGet},
		{name: "loop_openbsd", link: layers.LinkTypeLoop, frame: slices.Concat(nullHdr(2, true), v4), wantTCP: true, src: "10.0.0.1", payload: httpGet},
		{name: "raw_101_ipv4", link: layers.LinkTypeRaw, frame: v4, wantTCP: true, src: "10.0.0.1", payload: httpGet},
		{name: "raw_101_ipv6", link: layers.LinkTypeRaw, frame: v6, wantTCP: true, src: "2001:db8::1", payload: httpGet},
		{name: "raw_dlt12", link: 12, frame: v4, wantTCP: true, src: "10.0.0.1", payload: httpGet},
		{name: "raw_dlt14", link: 14, frame: v6, wantTCP: true, src: "2001:db8::1", payload: httpGet},
		{name: "ipv4_228", link: layers.LinkTypeIPv4, frame: v4, wantTCP: true, src: "10.0.0.1", payload: httpGet},
		{name: "ipv6_229", link: layers.LinkTypeIPv6, frame: v6, wantTCP: true, src: "2001:db8::1", payload: httpGet},
		{name: "raw_bad_version", link: layers.LinkTypeRaw, frame: slices.Concat([]byte{0x55}, v4[1:]),
			stat: func(s DecodeStats) uint64 { return s.DecodeErrors }},
		{name: "raw_empty", link: layers.LinkTypeRaw, frame: nil,
			stat: func(s DecodeStats) uint64 { return s.DecodeErrors }},
		{name: "snaplen_truncated_payload", link: layers.LinkTypeEthernet, frame: truncated, wantTCP: true, src: "10.0.0.1", payload: httpGet[:len(httpGet)-10],
			stat: func(s DecodeStats) uint64 { return s.Truncated }},
		{name: "udp_is_non_tcp", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeIPv4), udp),
			stat: func(s DecodeStats) uint64 { return s.NonTCP }},
		{name: "arp_is_non_tcp", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeARP), make([]byte, 28)),
			stat: func(s DecodeStats) uint64 { return s.NonTCP }},
		{name: "llc_802_3_is_non_tcp", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(46), []byte{0x42, 0x42, 0x03}, make([]byte, 43)),
			stat: func(s DecodeStats) uint64 { return s.NonTCP }},
		{name: "bad_tcp_data_offset", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeIPv4), badTCP),
			stat: func(s DecodeStats) uint64 { return s.DecodeErrors }},
		{name: "short_ipv4_header", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeIPv4), shortIP),
			stat: func(s DecodeStats) uint64 { return s.DecodeErrors }},
		{name: "short_ethernet", link: layers.LinkTypeEthernet, frame: []byte{1, 2, 3},
			stat: func(s DecodeStats) uint64 { return s.DecodeErrors }},
		{name: "ipv4_header_says_v6", link: layers.LinkTypeEthernet, frame: slices.Concat(ethHdr(layers.EthernetTypeIPv4), v6),
			stat: func(s DecodeStats) uint64 { return s.DecodeErrors }},
		{name: "unsupported_link_80211", link: layers.LinkTypeIEEE802_11, frame: make([]byte, 40),
			stat: func(s DecodeStats) uint64 { return s.UnsupportedLink }},
	}
}

func TestDecode(t *testing.T) {
	for _, tc := range decodeCases(t) {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder(DecoderOptions{})
			var seg Segment
			ci := gopacket.CaptureInfo{Timestamp: t0, CaptureLength: len(tc.frame), Length: len(tc.frame)}
			got := d.Decode(tc.frame, ci, tc.link, &seg)
			if got != tc.wantTCP {
				t.Fatalf("Decode = %v, want %v (stats %+v)", got, tc.wantTCP, d.Stats)
			}
			if d.Stats.Packets != 1 || d.Stats.Bytes != uint64(len(tc.frame)) {
				t.Fatalf("stats %+v", d.Stats)
			}
			if tc.stat != nil && tc.stat(d.Stats) != 1 {
				t.Fatalf("expected counter not 1: %+v", d.Stats)
			}
			if !got {
				if d.Stats.TCP != 0 {
					t.Fatalf("tcp counted: %+v", d.Stats)
				}
				return
			}
			if d.Stats.TCP != 1 {
				t.Fatalf("stats %+v", d.Stats)
			}
			if seg.Src.String() != tc.src {
				t.Errorf("src %v, want %s", seg.Src, tc.src)
			}
			if seg.TCP.SrcPort != 40000 || seg.TCP.DstPort != 80 || seg.TCP.Seq != 1000 {
				t.Errorf("tcp %v > %v seq %d", seg.TCP.SrcPort, seg.TCP.DstPort, seg.TCP.Seq)
			}
			if string(seg.TCP.Payload) != tc.payload {
				t.Errorf("payload %q, want %q", seg.TCP.Payload, tc.payload)
			}
			if seg.VLAN != tc.vlan || seg.VLANDepth != tc.depth {
				t.Errorf("vlan %x depth %d, want %x depth %d", seg.VLAN, seg.VLANDepth, tc.vlan, tc.depth)
			}
			if !seg.Timestamp.Equal(t0) || seg.CaptureInfo.Length != len(tc.frame) {
				t.Errorf("timestamp/capture info not set")
			}
			if seg.Net.Src().String() != tc.src {
				t.Errorf("Net %v", seg.Net)
			}
			if seg.Truncated != (tc.name == "snaplen_truncated_payload") {
				t.Errorf("Truncated = %v", seg.Truncated)
			}
		})
	}
}

// fragments splits an IPv4/TCP packet into IPv4 fragments carrying at most
// size bytes of payload each (size a multiple of 8).
func fragments(t testing.TB, pkt []byte, size int) [][]byte {
	hdr := pkt[:20]
	payload := pkt[20:]
	var out [][]byte
	for off := 0; off < len(payload); off += size {
		end := min(off+size, len(payload))
		h := bytes.Clone(hdr)
		binary.BigEndian.PutUint16(h[2:], uint16(20+end-off))
		fo := uint16(off / 8)
		if end < len(payload) {
			fo |= 0x2000 // MF
		}
		binary.BigEndian.PutUint16(h[6:], fo)
		out = append(out, slices.Concat(ethHdr(layers.EthernetTypeIPv4), h, payload[off:end]))
	}
	return out
}

func bigIPv4TCP(t testing.TB, id uint16, n int) []byte {
	ip := ip4(layers.IPProtocolTCP)
	ip.Id = id
	body := bytes.Repeat([]byte("0123456789abcdef"), n/16)
	return serialize(t, ip, tcpLayer(ip), gopacket.Payload(body))
}

func TestDefrag(t *testing.T) {
	pkt := bigIPv4TCP(t, 1, 3000)
	frags := fragments(t, pkt, 1000)
	if len(frags) != 4 {
		t.Fatalf("%d fragments", len(frags))
	}
	for _, tc := range []struct {
		name  string
		order []int
	}{
		{"in_order", []int{0, 1, 2, 3}},
		{"reversed", []int{3, 2, 1, 0}},
		{"shuffled_with_duplicate", []int{2, 0, 2, 3, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder(DecoderOptions{})
			var seg Segment
			for i, k := range tc.order {
				ci := gopacket.CaptureInfo{Timestamp: t0.Add(time.Duration(i) * time.Millisecond)}
				got := d.Decode(frags[k], ci, layers.LinkTypeEthernet, &seg)
				if last := i == len(tc.order)-1; got != last {
					t.Fatalf("fragment %d: Decode = %v", k, got)
				}
			}
			if len(seg.TCP.Payload) < 2900 || !bytes.Equal(seg.TCP.Payload, pkt[40:]) {
				t.Fatalf("reassembled payload %d bytes", len(seg.TCP.Payload))
			}
			if seg.Src.String() != "10.0.0.1" || seg.TCP.DstPort != 80 {
				t.Fatalf("segment %v %v", seg.Src, seg.TCP.DstPort)
			}
			if d.Stats.Fragments != uint64(len(tc.order)) || d.Stats.Reassembled != 1 || d.Stats.TCP != 1 {
				t.Fatalf("stats %+v", d.Stats)
			}
			// The next frame recycles the buffer; the decoder keeps working.
			if !d.Decode(slices.Concat(ethHdr(layers.EthernetTypeIPv4), ipv4TCP(t)), gopacket.CaptureInfo{}, layers.LinkTypeEthernet, &seg) {
				t.Fatal("plain frame after reassembly")
			}
			if d.defrag.bytes != 0 || len(d.defrag.m) != 0 {
				t.Fatalf("defrag holds %d bytes, %d datagrams", d.defrag.bytes, len(d.defrag.m))
			}
		})
	}
}

func TestDefragCaps(t *testing.T) {
	var seg Segment
	ci := func(ms int) gopacket.CaptureInfo {
		return gopacket.CaptureInfo{Timestamp: t0.Add(time.Duration(ms) * time.Millisecond)}
	}
	t.Run("max_datagrams", func(t *testing.T) {
		d := NewDecoder(DecoderOptions{MaxFragDatagrams: 2})
		for id := range uint16(3) {
			f := fragments(t, bigIPv4TCP(t, id, 3000), 1000)
			d.Decode(f[0], ci(int(id)), layers.LinkTypeEthernet, &seg)
		}
		if d.Stats.FragmentDrops != 1 || len(d.defrag.m) != 2 {
			t.Fatalf("stats %+v, %d in flight", d.Stats, len(d.defrag.m))
		}
	})
	t.Run("max_bytes", func(t *testing.T) {
		d := NewDecoder(DecoderOptions{MaxFragBytes: 5000})
		f := fragments(t, bigIPv4TCP(t, 1, 8000), 1000)
		for i, fr := range f {
			if d.Decode(fr, ci(i), layers.LinkTypeEthernet, &seg) {
				t.Fatal("datagram over the byte cap was reassembled")
			}
		}
		if d.Stats.FragmentDrops == 0 || d.Stats.Reassembled != 0 {
			t.Fatalf("stats %+v", d.Stats)
		}
		if d.defrag.bytes > 5000 {
			t.Fatalf("holds %d bytes > cap", d.defrag.bytes)
		}
	})
	t.Run("timeout_by_packet_time", func(t *testing.T) {
		d := NewDecoder(DecoderOptions{FragTimeout: time.Second})
		a := fragments(t, bigIPv4TCP(t, 1, 3000), 1000)
		b := fragments(t, bigIPv4TCP(t, 2, 3000), 1000)
		d.Decode(a[0], ci(0), layers.LinkTypeEthernet, &seg)
		d.Decode(a[1], ci(10), layers.LinkTypeEthernet, &seg)
		d.Decode(b[0], ci(5000), layers.LinkTypeEthernet, &seg) // a expires
		for i, fr := range a[2:] {
			if d.Decode(fr, ci(5001+i), layers.LinkTypeEthernet, &seg) {
				t.Fatal("expired datagram completed")
			}
		}
		if d.Stats.FragmentTimeouts != 1 || d.Stats.FragmentDrops != 2 {
			t.Fatalf("stats %+v", d.Stats)
		}
	})
	t.Run("no_defrag", func(t *testing.T) {
		d := NewDecoder(DecoderOptions{NoDefrag: true})
		for i, fr := range fragments(t, bigIPv4TCP(t, 1, 3000), 1000) {
			if d.Decode(fr, ci(i), layers.LinkTypeEthernet, &seg) {
				t.Fatal("reassembled with NoDefrag")
			}
		}
		if d.Stats.Fragments != 4 || d.Stats.FragmentDrops != 4 {
			t.Fatalf("stats %+v", d.Stats)
		}
	})
	t.Run("malformed_fragments", func(t *testing.T) {
		d := NewDecoder(DecoderOptions{})
		f := fragments(t, bigIPv4TCP(t, 1, 3000), 1000)
		odd := bytes.Clone(f[0])
		binary.BigEndian.PutUint16(odd[14+2:], 20+999) // MF with a length not a multiple of 8
		odd = odd[:14+20+999]
		d.Decode(odd, ci(0), layers.LinkTypeEthernet, &seg)
		far := bytes.Clone(f[1])
		binary.BigEndian.PutUint16(far[14+6:], 0x2000|8190) // ends past 65535
		d.Decode(far, ci(1), layers.LinkTypeEthernet, &seg)
		if d.Stats.FragmentDrops != 2 || len(d.defrag.m) != 0 {
			t.Fatalf("stats %+v", d.Stats)
		}
	})
	t.Run("udp_datagram_counts_non_tcp", func(t *testing.T) {
		d := NewDecoder(DecoderOptions{})
		ip := ip4(layers.IPProtocolUDP)
		u := &layers.UDP{SrcPort: 1, DstPort: 2}
		u.SetNetworkLayerForChecksum(ip)
		pkt := serialize(t, ip, u, gopacket.Payload(bytes.Repeat([]byte{'x'}, 2000)))
		for i, fr := range fragments(t, pkt, 1000) {
			if d.Decode(fr, ci(i), layers.LinkTypeEthernet, &seg) {
				t.Fatal("UDP returned as TCP")
			}
		}
		if d.Stats.Reassembled != 1 || d.Stats.NonTCP != 1 {
			t.Fatalf("stats %+v", d.Stats)
		}
	})
}

// TestDecodeAllocs: in-order plain Ethernet/VLAN/IPv4/IPv6/TCP decoding
// allocates nothing.
func TestDecodeAllocs(t *testing.T) {
	v4, v6 := ipv4TCP(t), ipv6TCP(t)
	for _, tc := range []struct {
		name  string
		link  layers.LinkType
		frame []byte
	}{
		{"ethernet_ipv4", layers.LinkTypeEthernet, slices.Concat(ethHdr(layers.EthernetTypeIPv4), v4)},
		{"ethernet_ipv6", layers.LinkTypeEthernet, slices.Concat(ethHdr(layers.EthernetTypeIPv6), v6)},
		{"vlan_ipv4", layers.LinkTypeEthernet, slices.Concat(ethVLAN(layers.EthernetTypeIPv4, []uint16{0x8100}, []uint16{10}), v4)},
		{"qinq_ipv6", layers.LinkTypeEthernet, slices.Concat(ethVLAN(layers.EthernetTypeIPv6, []uint16{0x88a8, 0x8100}, []uint16{10, 20}), v6)},
		{"sll_ipv4", layers.LinkTypeLinuxSLL, slices.Concat(sllHdr(layers.EthernetTypeIPv4), v4)},
		{"null_ipv4", layers.LinkTypeNull, slices.Concat(nullHdr(2, false), v4)},
		{"raw_ipv6", layers.LinkTypeRaw, v6},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder(DecoderOptions{})
			var seg Segment
			ci := gopacket.CaptureInfo{Timestamp: t0, CaptureLength: len(tc.frame), Length: len(tc.frame)}
			allocs := testing.AllocsPerRun(1000, func() {
				if !d.Decode(tc.frame, ci, tc.link, &seg) {
					t.Fatal("not decoded")
				}
			})
			if allocs != 0 {
				t.Fatalf("%v allocs per Decode, want 0", allocs)
			}
		})
	}
}

// TestReadDecodeAllocs: reading a pcap file and decoding every frame
// allocates nothing per packet.
func TestReadDecodeAllocs(t *testing.T) {
	b := mustRead(t, "suricata-vlan-gzip-port8000.pcap")
	r, err := newFileReader("x", bytes.NewReader(b), nil, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDecoder(DecoderOptions{})
	var seg Segment
	allocs := testing.AllocsPerRun(90, func() {
		data, ci, link, err := r.read()
		if err != nil {
			t.Fatal(err)
		}
		d.Decode(data, ci, link, &seg)
	})
	if allocs != 0 {
		t.Fatalf("%v allocs per read+decode, want 0", allocs)
	}
}

func TestStatsAdd(t *testing.T) {
	a := DecodeStats{Packets: 1, Bytes: 2, TCP: 3, NonTCP: 4, DecodeErrors: 5, Truncated: 6, UnsupportedLink: 7, VLANTagged: 8,
		IPv6: 9, Fragments: 10, Reassembled: 11, FragmentDrops: 12, FragmentTimeouts: 13, IPv6Fragments: 14, Tunneled: 15}
	var s DecodeStats
	s.Add(a)
	s.Add(a)
	want := DecodeStats{2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30}
	if s != want {
		t.Fatalf("%+v", s)
	}
}

var _ = netip.Addr{}
