package capture

import (
	"bytes"
	"errors"
	"io"
	"path/filepath"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// corpusFiles are the real captures in testdata (see testdata/PROVENANCE.md)
// with their link type and packet count (from the corpus PROVENANCE, checked
// with tshark 4.0.17).
var corpusFiles = []struct {
	name    string
	link    layers.LinkType
	packets int
}{
	{"arkime-head-500.pcap", layers.LinkTypeEthernet, 10},
	{"arkime-100-continue-ipv6.pcap", layers.LinkTypeEthernet, 16},
	{"suricata-linux-sll.pcap", layers.LinkTypeLinuxSLL, 426},
	{"suricata-linux-sll2.pcap", layers.LinkTypeLinuxSLL2, 5},
	{"suricata-gap-http10-null.pcap", layers.LinkTypeNull, 31},
	{"suricata-post-file-ipv6-null.pcap", layers.LinkTypeNull, 28},
	{"suricata-vlan-gzip-port8000.pcap", layers.LinkTypeEthernet, 94},
	{"zeek-vlan-qinqinq.pcap", layers.LinkTypeEthernet, 14},
	{"ndpi-starting-with-reply.pcapng", layers.LinkTypeEthernet, 18},
	{"zeek-dvwa-chunked-ns.pcapng", layers.LinkTypeEthernet, 64},
	{"ndpi-keepalive-37-requests-ua-split.pcapng", layers.LinkTypeEthernet, 115},
}

// refSegment is what gopacket's full decoder (gopacket.NewPacket, an
// independent code path) says about a frame.
type refSegment struct {
	tcp          bool
	src, dst     string
	sport, dport uint16
	seq          uint32
	payload      []byte
	vlans        []uint16
}

func reference(data []byte, link layers.LinkType) refSegment {
	p := gopacket.NewPacket(data, link, gopacket.Default)
	var r refSegment
	for _, l := range p.Layers() {
		if q, ok := l.(*layers.Dot1Q); ok {
			r.vlans = append(r.vlans, q.VLANIdentifier)
		}
	}
	t, ok := p.TransportLayer().(*layers.TCP)
	if !ok || p.NetworkLayer() == nil {
		return r
	}
	r.tcp = true
	nf := p.NetworkLayer().NetworkFlow()
	r.src, r.dst = nf.Src().String(), nf.Dst().String()
	r.sport, r.dport, r.seq = uint16(t.SrcPort), uint16(t.DstPort), t.Seq
	r.payload = t.Payload
	return r
}

// TestCorpusAgainstGopacket reads each real capture with OpenFiles and
// Decoder and compares every frame with gopacket.NewPacket's decoding.
func TestCorpusAgainstGopacket(t *testing.T) {
	for _, tc := range corpusFiles {
		t.Run(tc.name, func(t *testing.T) {
			src, err := OpenFiles(filepath.Join("testdata", tc.name))
			if err != nil {
				t.Fatal(err)
			}
			defer src.Close()
			d := NewDecoder(DecoderOptions{})
			var seg Segment
			n, tcp := 0, 0
			for {
				data, ci, link, err := src.ReadPacket()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("packet %d: %v", n+1, err)
				}
				n++
				if link != tc.link {
					t.Fatalf("packet %d: link %v, want %v", n, link, tc.link)
				}
				if ci.CaptureLength != len(data) {
					t.Fatalf("packet %d: caplen %d, len(data) %d", n, ci.CaptureLength, len(data))
				}
				ref := reference(bytes.Clone(data), link)
				got := d.Decode(data, ci, link, &seg)
				if got != ref.tcp {
					t.Fatalf("packet %d: Decode = %v, gopacket says tcp=%v", n, got, ref.tcp)
				}
				if !got {
					continue
				}
				tcp++
				if seg.Src.String() != ref.src || seg.Dst.String() != ref.dst ||
					uint16(seg.TCP.SrcPort) != ref.sport || uint16(seg.TCP.DstPort) != ref.dport || seg.TCP.Seq != ref.seq {
					t.Fatalf("packet %d: got %v:%d > %v:%d seq %d, want %s:%d > %s:%d seq %d", n,
						seg.Src, seg.TCP.SrcPort, seg.Dst, seg.TCP.DstPort, seg.TCP.Seq, ref.src, ref.sport, ref.dst, ref.dport, ref.seq)
				}
				if !bytes.Equal(seg.TCP.Payload, ref.payload) {
					t.Fatalf("packet %d: payload %d bytes, want %d", n, len(seg.TCP.Payload), len(ref.payload))
				}
				if seg.Net.Src().String() != ref.src || seg.Net.Dst().String() != ref.dst {
					t.Fatalf("packet %d: Net %v", n, seg.Net)
				}
				var want uint64
				for _, v := range ref.vlans {
					want = want<<12 | uint64(v)
				}
				if seg.VLAN != want || int(seg.VLANDepth) != len(ref.vlans) {
					t.Fatalf("packet %d: VLAN %x depth %d, want %x (%v)", n, seg.VLAN, seg.VLANDepth, want, ref.vlans)
				}
				if !seg.Timestamp.Equal(ci.Timestamp) {
					t.Fatalf("packet %d: timestamp", n)
				}
			}
			if n != tc.packets {
				t.Errorf("read %d packets, want %d", n, tc.packets)
			}
			if tcp == 0 {
				t.Errorf("no TCP segments")
			}
			if d.Stats.Packets != uint64(n) || d.Stats.TCP != uint64(tcp) {
				t.Errorf("stats %+v, want packets %d tcp %d", d.Stats, n, tcp)
			}
			if d.Stats.DecodeErrors != 0 {
				t.Errorf("decode errors: %+v", d.Stats)
			}
			t.Logf("%d packets, %d tcp, stats %+v", n, tcp, d.Stats)
		})
	}
}
