package capture

import (
	"encoding/binary"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"golang.org/x/net/bpf"
)

// filterFrame is an Ethernet frame for filter tests.
type filterFrame struct {
	name  string
	frame []byte
}

func tcpPacket(t testing.TB, src, dst string, sport, dport uint16) []byte {
	s, d := netip.MustParseAddr(src), netip.MustParseAddr(dst)
	tcp := &layers.TCP{SrcPort: layers.TCPPort(sport), DstPort: layers.TCPPort(dport), Seq: 1, ACK: true, Window: 100}
	if s.Is4() {
		ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: s.AsSlice(), DstIP: d.AsSlice()}
		tcp.SetNetworkLayerForChecksum(ip)
		return serialize(t, ip, tcp, gopacket.Payload("x"))
	}
	ip := &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: layers.IPProtocolTCP, SrcIP: s.AsSlice(), DstIP: d.AsSlice()}
	tcp.SetNetworkLayerForChecksum(ip)
	return serialize(t, ip, tcp, gopacket.Payload("x"))
}

func udpPacket(t testing.TB, src, dst string, sport, dport uint16) []byte {
	s, d := netip.MustParseAddr(src), netip.MustParseAddr(dst)
	u := &layers.UDP{SrcPort: layers.UDPPort(sport), DstPort: layers.UDPPort(dport)}
	ip := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: layers.IPProtocolUDP, SrcIP: s.AsSlice(), DstIP: d.AsSlice()}
	u.SetNetworkLayerForChecksum(ip)
	return serialize(t, ip, u, gopacket.Payload("x"))
}

// ethFrame wraps an IP packet in Ethernet with the given VLAN ids
// (outermost first; 0x88a8 outer TPID for stacks).
func ethFrame(pkt []byte, vlans ...uint16) []byte {
	et := layers.EthernetTypeIPv4
	if pkt[0]>>4 == 6 {
		et = layers.EthernetTypeIPv6
	}
	tpids := make([]uint16, len(vlans))
	for i := range tpids {
		tpids[i] = 0x8100
		if i == 0 && len(vlans) > 1 {
			tpids[i] = 0x88a8
		}
	}
	return slices.Concat(ethVLAN(et, tpids, vlans), pkt)
}

// ipOptions4 gives an IPv4 packet a 4-byte header option (IHL 6), so port
// offsets move.
func ipOptions4(pkt []byte) []byte {
	out := slices.Concat(pkt[:20], []byte{1, 1, 1, 0}, pkt[20:]) // NOP NOP NOP EOL
	out[0] = 0x46
	binary.BigEndian.PutUint16(out[2:], uint16(len(out)))
	return out
}

func filterFrames(t testing.TB) []filterFrame {
	p := tcpPacket(t, "10.0.0.1", "192.168.1.2", 40000, 8080)
	frag := slices.Concat(p[:20], p[20:28])
	binary.BigEndian.PutUint16(frag[2:], 28)
	binary.BigEndian.PutUint16(frag[6:], 100) // non-first fragment, offset 800
	return []filterFrame{
		{"v4_to_8080", ethFrame(p)},
		{"v4_from_8080", ethFrame(tcpPacket(t, "192.168.1.2", "10.0.0.1", 8080, 40000))},
		{"v4_port_80", ethFrame(tcpPacket(t, "10.0.0.1", "192.168.1.2", 40000, 80))},
		{"v4_other_hosts", ethFrame(tcpPacket(t, "172.16.0.1", "172.16.0.2", 40000, 8080))},
		{"v4_ip_options_to_8080", ethFrame(ipOptions4(p))},
		{"v4_nonfirst_fragment", ethFrame(frag)},
		{"v4_udp_8080", ethFrame(udpPacket(t, "10.0.0.1", "192.168.1.2", 40000, 8080))},
		{"v6_to_8080", ethFrame(tcpPacket(t, "2001:db8::1", "2001:db8:1::2", 40000, 8080))},
		{"v6_from_80", ethFrame(tcpPacket(t, "2001:db8:1::2", "2001:db8::1", 80, 40000))},
		{"v6_other_net", ethFrame(tcpPacket(t, "fd00::1", "fd00::2", 40000, 8080))},
		{"vlan100_v4_to_8080", ethFrame(p, 100)},
		{"vlan200_v4_to_8080", ethFrame(p, 200)},
		{"qinq_300_100_v6_to_8080", ethFrame(tcpPacket(t, "2001:db8::1", "2001:db8:1::2", 40000, 8080), 300, 100)},
		{"four_tags_v4", ethFrame(p, 1, 2, 3, 4)},
		{"tpid_9100_vlan100_v4", slices.Concat(ethVLAN(layers.EthernetTypeIPv4, []uint16{0x9100, 0x8100}, []uint16{7, 100}), p)},
		{"five_tags_v4", ethFrame(p, 1, 2, 3, 4, 5)},
		{"arp", slices.Concat(ethHdr(layers.EthernetTypeARP), make([]byte, 28))},
		{"short", []byte{1, 2, 3}},
	}
}

func TestFilterBPFAndMatch(t *testing.T) {
	frames := filterFrames(t)
	for _, tc := range []struct {
		name   string
		filter Filter
		accept []string // frame names accepted; the rest rejected
	}{
		{"empty_is_tcp", Filter{}, []string{"v4_to_8080", "v4_from_8080", "v4_port_80", "v4_other_hosts", "v4_ip_options_to_8080", "v4_nonfirst_fragment",
			"v6_to_8080", "v6_from_80", "v6_other_net", "vlan100_v4_to_8080", "vlan200_v4_to_8080", "qinq_300_100_v6_to_8080", "four_tags_v4", "tpid_9100_vlan100_v4"}},
		{"port_8080", Filter{Ports: []uint16{8080}}, []string{"v4_to_8080", "v4_from_8080", "v4_other_hosts", "v4_ip_options_to_8080", "v4_nonfirst_fragment",
			"v6_to_8080", "v6_other_net", "vlan100_v4_to_8080", "vlan200_v4_to_8080", "qinq_300_100_v6_to_8080", "four_tags_v4", "tpid_9100_vlan100_v4"}},
		{"ports_80_or_8080_v6", Filter{Ports: []uint16{80, 8080}, Nets: []netip.Prefix{netip.MustParsePrefix("2001:db8::/32")}},
			[]string{"v6_to_8080", "v6_from_80", "qinq_300_100_v6_to_8080"}},
		{"host_v4", Filter{Hosts: []netip.Addr{netip.MustParseAddr("10.0.0.1")}}, []string{"v4_to_8080", "v4_from_8080", "v4_port_80",
			"v4_ip_options_to_8080", "v4_nonfirst_fragment", "vlan100_v4_to_8080", "vlan200_v4_to_8080", "four_tags_v4", "tpid_9100_vlan100_v4"}},
		{"host_v4_mapped", Filter{Hosts: []netip.Addr{netip.MustParseAddr("::ffff:192.168.1.2")}, Ports: []uint16{80}}, []string{"v4_port_80", "v4_nonfirst_fragment"}},
		{"host_v6", Filter{Hosts: []netip.Addr{netip.MustParseAddr("2001:db8:1::2")}}, []string{"v6_to_8080", "v6_from_80", "qinq_300_100_v6_to_8080"}},
		{"net_v4_and_port", Filter{Nets: []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}, Ports: []uint16{80}}, []string{"v4_port_80", "v4_nonfirst_fragment"}},
		{"net_v4_odd_prefix", Filter{Nets: []netip.Prefix{netip.MustParsePrefix("172.16.0.0/30")}}, []string{"v4_other_hosts"}},
		{"net_v6_48", Filter{Nets: []netip.Prefix{netip.MustParsePrefix("fd00::/8")}}, []string{"v6_other_net"}},
		{"net_v6_and_v4", Filter{Nets: []netip.Prefix{netip.MustParsePrefix("fd00::/8"), netip.MustParsePrefix("172.16.0.0/12")}}, []string{"v4_other_hosts", "v6_other_net"}},
		{"vlan_100", Filter{VLANs: []uint16{100}}, []string{"vlan100_v4_to_8080", "qinq_300_100_v6_to_8080", "tpid_9100_vlan100_v4"}},
		{"vlan_outer_300_and_port", Filter{VLANs: []uint16{300}, Ports: []uint16{8080}}, []string{"qinq_300_100_v6_to_8080"}},
		{"vlan_4_deep", Filter{VLANs: []uint16{4}}, []string{"four_tags_v4"}},
		{"all_kinds", Filter{Ports: []uint16{8080}, Hosts: []netip.Addr{netip.MustParseAddr("10.0.0.1")},
			Nets: []netip.Prefix{netip.MustParsePrefix("192.168.1.0/24")}, VLANs: []uint16{200, 100}}, []string{"vlan100_v4_to_8080", "vlan200_v4_to_8080", "tpid_9100_vlan100_v4"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := tc.filter.BPF()
			if err != nil {
				t.Fatal(err)
			}
			vm := newVM(t, raw)
			want := map[string]bool{}
			for _, n := range tc.accept {
				want[n] = true
			}
			d := NewDecoder(DecoderOptions{NoDefrag: true})
			var seg Segment
			for _, fr := range frames {
				n, err := vm.Run(fr.frame)
				if err != nil {
					t.Fatalf("%s: vm: %v", fr.name, err)
				}
				if got := n > 0; got != want[fr.name] {
					t.Errorf("%s: BPF accepts = %v, want %v", fr.name, got, want[fr.name])
				}
				if n > 0 && n != BPFAccept {
					t.Errorf("%s: accept value %d", fr.name, n)
				}
				// Match agrees wherever the decoder yields a segment
				// (fragments and >5-tag stacks aside).
				if fr.name == "v4_nonfirst_fragment" || fr.name == "five_tags_v4" {
					continue
				}
				if d.Decode(fr.frame, gopacket.CaptureInfo{}, layers.LinkTypeEthernet, &seg) {
					if got := tc.filter.Match(&seg); got != want[fr.name] {
						t.Errorf("%s: Match = %v, want %v", fr.name, got, want[fr.name])
					}
				} else if want[fr.name] {
					t.Errorf("%s: accepted by BPF but not decoded", fr.name)
				}
			}
			// The live variant assembles (it uses kernel extensions for
			// VLAN offload, which the VM cannot run).
			if _, err := tc.filter.LiveBPF(); err != nil {
				t.Fatalf("LiveBPF: %v", err)
			}
		})
	}
}

func newVM(t testing.TB, raw []bpf.RawInstruction) *bpf.VM {
	t.Helper()
	ins, ok := bpf.Disassemble(raw)
	if !ok {
		t.Fatalf("program does not disassemble")
	}
	vm, err := bpf.NewVM(ins)
	if err != nil {
		t.Fatal(err)
	}
	return vm
}

func TestFilterEmptyAndValidate(t *testing.T) {
	if !(Filter{}).Empty() || (Filter{Ports: []uint16{1}}).Empty() || (Filter{VLANs: []uint16{0}}).Empty() {
		t.Fatal("Empty")
	}
	if _, err := (Filter{VLANs: []uint16{4096}}).BPF(); err == nil {
		t.Fatal("vlan 4096 accepted")
	}
	if _, err := (Filter{Hosts: []netip.Addr{{}}}).BPF(); err == nil {
		t.Fatal("invalid host accepted")
	}
	// Many IPv6 hosts do not fit 8-bit jumps: a clear error, not a bad program.
	var hosts []netip.Addr
	for i := range 64 {
		hosts = append(hosts, netip.AddrFrom16([16]byte{0x20, 1, 0xd, 0xb8, 15: byte(i)}))
	}
	if _, err := (Filter{Hosts: hosts}).BPF(); err == nil {
		t.Fatal("oversized filter compiled")
	}
	// A few of each kind compile.
	f := Filter{Ports: []uint16{80, 443, 8080, 8443}, Hosts: hosts[:4], Nets: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("2001:db8::/32")}, VLANs: []uint16{1, 2, 3}}
	raw, err := f.BPF()
	if err != nil {
		t.Fatal(err)
	}
	newVM(t, raw)
}

func TestOutgoingPrefix(t *testing.T) {
	raw, err := Filter{Ports: []uint16{80}}.BPF()
	if err != nil {
		t.Fatal(err)
	}
	for _, prog := range [][]bpf.RawInstruction{nil, raw} {
		got, err := outgoingPrefix(prog)
		if err != nil {
			t.Fatal(err)
		}
		ins, ok := bpf.Disassemble(got)
		if !ok {
			t.Fatal("does not disassemble")
		}
		if ins[0] != (bpf.LoadExtension{Num: bpf.ExtType}) || ins[2] != (bpf.RetConstant{Val: 0}) {
			t.Fatalf("prefix %v", ins[:3])
		}
		// jeq #4 (PACKET_OUTGOING) -> ret #0, else skip it
		if r := got[1]; r.Op != 0x15 || r.K != 4 || r.Jt != 0 || r.Jf != 1 {
			t.Fatalf("jump %+v", r)
		}
		if err := checkBPF(got); err != nil {
			t.Fatal(err)
		}
	}
}

// TestParseBPF parses real `tcpdump -ddd -y EN10MB` output (testdata/bpf,
// see PROVENANCE.md there) and runs the extension-free programs in the VM
// against the same frames as our own compiler: both must agree.
func TestParseBPF(t *testing.T) {
	frames := filterFrames(t)
	for _, tc := range []struct {
		file   string
		n      int
		same   *Filter // our filter equivalent on untagged frames, nil if not comparable in the VM
		usesVM bool
	}{
		{"tcp_port_8080.ddd", 20, &Filter{Ports: []uint16{8080}}, true},
		{"host_10_0_0_1.ddd", 14, nil, true},
		{"vlan_100_tcp.ddd", 19, nil, false}, // uses vlan_tci extensions
		{"tcp_net.ddd", 12, &Filter{Nets: []netip.Prefix{netip.MustParsePrefix("192.168.0.0/16")}}, true},
		{"ip6_tcp_port_80.ddd", 10, nil, true},
	} {
		t.Run(tc.file, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join("testdata", "bpf", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			prog, err := ParseBPF(string(text))
			if err != nil {
				t.Fatal(err)
			}
			if len(prog) != tc.n {
				t.Fatalf("%d instructions, want %d", len(prog), tc.n)
			}
			if !tc.usesVM {
				return
			}
			vm := newVM(t, prog)
			var ours *bpf.VM
			if tc.same != nil {
				raw, err := tc.same.BPF()
				if err != nil {
					t.Fatal(err)
				}
				ours = newVM(t, raw)
			}
			accepted := 0
			for _, fr := range frames {
				n, err := vm.Run(fr.frame)
				if err != nil {
					t.Fatalf("%s: %v", fr.name, err)
				}
				if n > 0 {
					accepted++
				}
				// tcpdump's programs ignore VLAN-tagged frames (they need
				// an explicit "vlan"); compare untagged TCP frames only.
				if ours == nil || strings.Contains(fr.name, "vlan") || strings.Contains(fr.name, "tags") || strings.Contains(fr.name, "qinq") ||
					fr.name == "v4_nonfirst_fragment" {
					continue
				}
				m, _ := ours.Run(fr.frame)
				if (n > 0) != (m > 0) {
					t.Errorf("%s: tcpdump accepts %v, ours %v", fr.name, n > 0, m > 0)
				}
			}
			if accepted == 0 {
				t.Errorf("program accepted no frame")
			}
		})
	}
}

func TestParseBPFErrors(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"empty", ""},
		{"count_not_number", "x\n6 0 0 0\n"},
		{"count_mismatch", "2\n6 0 0 0\n"},
		{"count_zero", "0\n"},
		{"count_huge", "5000\n"},
		{"three_fields", "1\n6 0 0\n"},
		{"code_overflow", "1\n70000 0 0 0\n"},
		{"jt_overflow", "1\n6 256 0 0\n"},
		{"negative", "1\n6 0 0 -1\n"},
		{"jump_past_end", "2\n21 5 0 1\n6 0 0 0\n"},
		{"ja_past_end", "2\n5 0 0 9\n6 0 0 0\n"},
		{"no_return", "1\n40 0 0 12\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := ParseBPF(tc.text); err == nil {
				t.Fatal("no error")
			}
		})
	}
	// comments and blank lines are fine
	if p, err := ParseBPF("# accept all\n\n1\n6 0 0 262144\n"); err != nil || len(p) != 1 {
		t.Fatalf("%v %v", p, err)
	}
}
