package capture

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// outer wraps payload in Ethernet/IPv4 with the given protocol (and a UDP
// header to dport when proto is UDP).
func outer(t testing.TB, proto layers.IPProtocol, dport uint16, payload []byte) []byte {
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: proto, SrcIP: []byte{172, 31, 0, 1}, DstIP: []byte{172, 31, 0, 2}}
	var pkt []byte
	if proto == layers.IPProtocolUDP {
		u := &layers.UDP{SrcPort: 50000, DstPort: layers.UDPPort(dport)}
		u.SetNetworkLayerForChecksum(ip)
		pkt = serialize(t, ip, u, gopacket.Payload(payload))
	} else {
		pkt = serialize(t, ip, gopacket.Payload(payload))
	}
	return slices.Concat(ethHdr(layers.EthernetTypeIPv4), pkt)
}

func greHdr(proto layers.EthernetType, key uint32, seq bool) []byte {
	flags := byte(0)
	if key != 0 {
		flags |= 0x20
	}
	if seq {
		flags |= 0x10
	}
	b := []byte{flags, 0}
	b = binary.BigEndian.AppendUint16(b, uint16(proto))
	if key != 0 {
		b = binary.BigEndian.AppendUint32(b, key)
	}
	if seq {
		b = binary.BigEndian.AppendUint32(b, 99)
	}
	return b
}

func TestDecodeTunnels(t *testing.T) {
	v4, v6 := ipv4TCP(t), ipv6TCP(t)
	innerEth := slices.Concat(ethHdr(layers.EthernetTypeIPv4), v4)
	innerVLAN6 := slices.Concat(ethVLAN(layers.EthernetTypeIPv6, []uint16{0x8100}, []uint16{33}), v6)
	erspan := []byte{0x10, 0, 0x00, 5, 0, 0, 0, 0} // version 1, session 5

	// GRE in GRE, nested deeper than maxLayers.
	deep := v4
	for range maxLayers {
		ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolGRE, SrcIP: []byte{1, 1, 1, 1}, DstIP: []byte{2, 2, 2, 2}}
		deep = serialize(t, ip, gopacket.Payload(slices.Concat(greHdr(layers.EthernetTypeIPv4, 0, false), deep)))
	}
	for _, tc := range []struct {
		name    string
		frame   []byte
		wantTCP bool
		src     string
		vlan    uint64
		tunnel  uint32
	}{
		{"gre_ipv4_with_key", outer(t, layers.IPProtocolGRE, 0, slices.Concat(greHdr(layers.EthernetTypeIPv4, 77, false), v4)), true, "10.0.0.1", 0, 77},
		{"gre_ipv6", outer(t, layers.IPProtocolGRE, 0, slices.Concat(greHdr(layers.EthernetTypeIPv6, 0, false), v6)), true, "2001:db8::1", 0, 0},
		{"gre_transparent_ethernet", outer(t, layers.IPProtocolGRE, 0, slices.Concat(greHdr(layers.EthernetTypeTransparentEthernetBridging, 0, false), innerVLAN6)), true, "2001:db8::1", 33, 0},
		{"erspan_ii", outer(t, layers.IPProtocolGRE, 0, slices.Concat(greHdr(layers.EthernetTypeERSPAN, 0, true), erspan, innerEth)), true, "10.0.0.1", 0, 5},
		{"vxlan", outer(t, layers.IPProtocolUDP, 4789, slices.Concat([]byte{0x08, 0, 0, 0, 0, 0x10, 0x92, 0}, innerVLAN6)), true, "2001:db8::1", 33, 4242},
		{"vxlan_without_I_flag", outer(t, layers.IPProtocolUDP, 4789, slices.Concat([]byte{0, 0, 0, 0, 0, 0x10, 0x92, 0}, innerEth)), false, "", 0, 0},
		{"udp_other_port", outer(t, layers.IPProtocolUDP, 4790, slices.Concat([]byte{0x08, 0, 0, 0, 0, 0, 1, 0}, innerEth)), false, "", 0, 0},
		{"erspan_bad_version", outer(t, layers.IPProtocolGRE, 0, slices.Concat(greHdr(layers.EthernetTypeERSPAN, 0, true), []byte{0x70, 0, 0, 5, 0, 0, 0, 0}, innerEth)), false, "", 0, 0},
		{"gre_nested_too_deep", slices.Concat(ethHdr(layers.EthernetTypeIPv4), deep), false, "", 0, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := NewDecoder(DecoderOptions{})
			var seg Segment
			got := d.Decode(tc.frame, gopacket.CaptureInfo{Timestamp: t0}, layers.LinkTypeEthernet, &seg)
			if got != tc.wantTCP {
				t.Fatalf("Decode = %v (stats %+v)", got, d.Stats)
			}
			if !got {
				if tc.name == "gre_nested_too_deep" && d.Stats.DecodeErrors != 1 {
					t.Fatalf("stats %+v", d.Stats)
				}
				return
			}
			if seg.Src.String() != tc.src || seg.VLAN != tc.vlan || seg.Tunnel != tc.tunnel || d.Stats.Tunneled != 1 {
				t.Fatalf("src %v vlan %d tunnel %d, want %s %d %d (stats %+v)", seg.Src, seg.VLAN, seg.Tunnel, tc.src, tc.vlan, tc.tunnel, d.Stats)
			}
			if !bytes.Equal(seg.TCP.Payload, []byte(httpGet)) {
				t.Fatalf("payload %q", seg.TCP.Payload)
			}
		})
	}
}

func TestDecodeTunnelAllocs(t *testing.T) {
	frame := outer(t, layers.IPProtocolUDP, 4789, slices.Concat([]byte{0x08, 0, 0, 0, 0, 0x10, 0x92, 0}, ethHdr(layers.EthernetTypeIPv4), ipv4TCP(t)))
	d := NewDecoder(DecoderOptions{})
	var seg Segment
	if n := testing.AllocsPerRun(200, func() { d.Decode(frame, gopacket.CaptureInfo{}, layers.LinkTypeEthernet, &seg) }); n != 0 {
		t.Fatalf("%v allocs", n)
	}
}
