package reassembly

import (
	"encoding/binary"
	"net/netip"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/shadowtap/shadowtap/capture"
)

// pkt describes one synthetic TCP segment of a reassembly script.
type pkt struct {
	fromClient bool
	seq, ack   uint32 // relative to each side's ISN
	flags      string // any of "S", "A", "F", "R"
	data       string
	vlan       uint64
	port       uint16 // client port; default 40000
	at         time.Duration
}

const (
	clientISN = 1000
	serverISN = 5000
)

var (
	cliAddr = netip.MustParseAddr("192.0.2.1")
	srvAddr = netip.MustParseAddr("192.0.2.2")
	t0      = time.Unix(1700000000, 0).UTC()
)

// segment builds a capture.Segment for p (header bytes plus payload, decoded
// by gopacket as the capture decoder would).
func (p pkt) segment(t *testing.T, i int) *capture.Segment {
	t.Helper()
	port := p.port
	if port == 0 {
		port = 40000
	}
	src, dst := cliAddr, srvAddr
	sp, dp := port, uint16(80)
	seq, ack := clientISN+p.seq, serverISN+p.ack
	if !p.fromClient {
		src, dst, sp, dp = dst, src, dp, sp
		seq, ack = serverISN+p.seq, clientISN+p.ack
	}
	raw := make([]byte, 20, 20+len(p.data))
	binary.BigEndian.PutUint16(raw[0:], sp)
	binary.BigEndian.PutUint16(raw[2:], dp)
	binary.BigEndian.PutUint32(raw[4:], seq)
	binary.BigEndian.PutUint32(raw[8:], ack)
	raw[12] = 5 << 4
	var fl byte
	for _, c := range p.flags {
		switch c {
		case 'F':
			fl |= 0x01
		case 'S':
			fl |= 0x02
		case 'R':
			fl |= 0x04
		case 'A':
			fl |= 0x10
		}
	}
	if len(p.data) > 0 {
		fl |= 0x08
	}
	raw[13] = fl
	binary.BigEndian.PutUint16(raw[14:], 65535)
	raw = append(raw, p.data...)
	tcp := &layers.TCP{}
	if err := tcp.DecodeFromBytes(raw, gopacket.NilDecodeFeedback); err != nil {
		t.Fatal(err)
	}
	ts := t0.Add(p.at)
	if p.at == 0 {
		ts = t0.Add(time.Duration(i) * time.Millisecond)
	}
	s4, d4 := src.As4(), dst.As4()
	return &capture.Segment{
		Timestamp:   ts,
		CaptureInfo: gopacket.CaptureInfo{Timestamp: ts, CaptureLength: 54 + len(p.data), Length: 54 + len(p.data)},
		VLAN:        p.vlan,
		Src:         src,
		Dst:         dst,
		Net:         gopacket.NewFlow(layers.EndpointIPv4, s4[:], d4[:]),
		TCP:         tcp,
	}
}

func runScript(t *testing.T, cfg Config, script []pkt) ([]*Exchange, Stats) {
	t.Helper()
	var got []*Exchange
	e := NewEngine(cfg, func(ex *Exchange) { got = append(got, ex) })
	for i, p := range script {
		e.Feed(p.segment(t, i))
	}
	st := e.Close()
	return got, st
}

const (
	req1  = "GET /1 HTTP/1.1\r\nHost: s\r\n\r\n"            // 28 bytes
	req2  = "GET /2 HTTP/1.1\r\nHost: s\r\n\r\n"            // 28 bytes
	req3  = "GET /3 HTTP/1.1\r\nHost: s\r\n\r\n"            // 28 bytes
	resp1 = "HTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\na" // 39 bytes
	resp2 = "HTTP/1.1 201 OK\r\nContent-Length: 1\r\n\r\nb"
	resp3 = "HTTP/1.1 202 OK\r\nContent-Length: 1\r\n\r\nc"
)

func handshake() []pkt {
	return []pkt{
		{fromClient: true, seq: 0, flags: "S"},
		{fromClient: false, seq: 0, ack: 1, flags: "SA"},
		{fromClient: true, seq: 1, ack: 1, flags: "A"},
	}
}

func TestReassemblyScripts(t *testing.T) {
	L := uint32(len(req1))
	R := uint32(len(resp1))
	tests := []struct {
		name string
		cfg  Config
		pkts []pkt
		want []string // "METHOD target status flags"
	}{
		{
			name: "in_order",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
				{fromClient: true, seq: 1 + L, ack: 1 + R, flags: "FA"},
				{fromClient: false, seq: 1 + R, ack: 2 + L, flags: "FA"},
			}),
			want: []string{"GET /1 200 -"},
		},
		{
			name: "out_of_order_request",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 11, ack: 1, flags: "A", data: req1[10:]},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1[:10]},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
			}),
			want: []string{"GET /1 200 -"},
		},
		{
			name: "retransmission",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1[:20]},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1[:20]},
				{fromClient: false, seq: 21, ack: 1 + L, flags: "A", data: resp1[20:]},
			}),
			want: []string{"GET /1 200 -"},
		},
		{
			name: "overlap",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1[:15]},
				{fromClient: true, seq: 6, ack: 1, flags: "A", data: req1[5:20]},
				{fromClient: true, seq: 11, ack: 1, flags: "A", data: req1[10:]},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
			}),
			want: []string{"GET /1 200 -"},
		},
		{
			name: "midstream_no_syn",
			pkts: []pkt{
				{fromClient: true, seq: 100, ack: 300, flags: "A", data: req1},
				{fromClient: false, seq: 300, ack: 100 + L, flags: "A", data: resp1},
				{fromClient: true, seq: 100 + L, ack: 300 + R, flags: "A", data: req2},
				{fromClient: false, seq: 300 + R, ack: 100 + 2*L, flags: "A", data: resp2},
			},
			want: []string{"GET /1 200 -", "GET /2 201 -"},
		},
		{
			name: "midstream_server_first_packet",
			pkts: []pkt{
				{fromClient: false, seq: 300, ack: 100, flags: "A"},
				{fromClient: true, seq: 100, ack: 300, flags: "A", data: req1},
				{fromClient: false, seq: 300, ack: 100 + L, flags: "A", data: resp1},
			},
			want: []string{"GET /1 200 -"},
		},
		{
			name: "lost_response_realigned_by_ack",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				// resp1 (seq 1..1+R) lost by the capture
				{fromClient: true, seq: 1 + L, ack: 1 + R, flags: "A", data: req2},
				{fromClient: false, seq: 1 + R, ack: 1 + 2*L, flags: "A", data: resp2},
				{fromClient: true, seq: 1 + 2*L, ack: 1 + 2*R, flags: "A", data: req3},
				{fromClient: false, seq: 1 + 2*R, ack: 1 + 3*L, flags: "A", data: resp3},
			}),
			want: []string{"GET /1 0 unpaired|noresponse", "GET /2 201 -", "GET /3 202 -"},
		},
		{
			// A lost 401 must not lend its request the next response's 200
			// (a false "unauthenticated 2xx"): pipelined requests carry the
			// same ACK, so the response after the gap is matched by where the
			// previous response ended.
			name: "lost_response_pipelined_after_clean_end",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
				{fromClient: true, seq: 1 + L, ack: 1 + R, flags: "A", data: req2},
				{fromClient: true, seq: 1 + 2*L, ack: 1 + R, flags: "A", data: req3},
				// resp2 (seq 1+R..1+2R) lost by the capture
				{fromClient: false, seq: 1 + 2*R, ack: 1 + 3*L, flags: "A", data: resp3},
				{fromClient: true, seq: 1 + 3*L, ack: 1 + 3*R, flags: "A"},
			}),
			want: []string{"GET /1 200 -", "GET /2 0 unpaired|gap|noresponse", "GET /3 202 -"},
		},
		{
			// The response arrives while the request's header block is
			// still incomplete; the request's last segment already ACKs the
			// response. The request is paired by the ACK of its first
			// segment, not its last (else resp1 is orphaned and req1 takes
			// resp2's status).
			name: "request_split_ack_moves_on",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1[:10]},
				{fromClient: false, seq: 1, ack: 11, flags: "A", data: resp1},
				{fromClient: true, seq: 11, ack: 1 + R, flags: "A", data: req1[10:]},
				{fromClient: true, seq: 1 + L, ack: 1 + R, flags: "A", data: req2},
				{fromClient: false, seq: 1 + R, ack: 1 + 2*L, flags: "A", data: resp2},
			}),
			want: []string{"GET /1 200 -", "GET /2 201 -"},
		},
		{
			// The first response of the connection is lost: the SYN-ACK
			// says where it started, so the next one (pipelined, same ACK)
			// is not given to the first request.
			name: "first_response_lost_pipelined",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: true, seq: 1 + L, ack: 1, flags: "A", data: req2},
				// resp1 (seq 1..1+R) lost by the capture
				{fromClient: false, seq: 1 + R, ack: 1 + 2*L, flags: "A", data: resp2},
				{fromClient: true, seq: 1 + 2*L, ack: 1 + 2*R, flags: "A"},
			}),
			want: []string{"GET /1 0 unpaired|gap|noresponse", "GET /2 201 -"},
		},
		{
			name: "lost_request_orphan_response",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
				// req2 lost
				{fromClient: false, seq: 1 + R, ack: 1 + 2*L, flags: "A", data: resp2},
				{fromClient: true, seq: 1 + 2*L, ack: 1 + 2*R, flags: "A", data: req3},
				{fromClient: false, seq: 1 + 2*R, ack: 1 + 3*L, flags: "A", data: resp3},
			}),
			want: []string{"GET /1 200 -", " 201 unpaired|norequest", "GET /3 202 -"},
		},
		{
			// A lost request between pipelined ones: the next request
			// carries the same ACK, so only the gap after a request that
			// ended cleanly says its response is the lost one's.
			name: "lost_request_pipelined",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
				// req2 (seq 1+L..1+2L) lost by the capture
				{fromClient: true, seq: 1 + 2*L, ack: 1 + R, flags: "A", data: req3},
				{fromClient: false, seq: 1 + R, ack: 1 + 3*L, flags: "A", data: resp2},
				{fromClient: false, seq: 1 + 2*R, ack: 1 + 3*L, flags: "A", data: resp3},
				{fromClient: true, seq: 1 + 3*L, ack: 1 + 3*R, flags: "A"},
			}),
			want: []string{"GET /1 200 -", " 201 unpaired|norequest", "GET /3 202 -"},
		},
		{
			// The same, with the lost request's response captured before
			// the next request: it does not answer that request although it
			// starts where the request's ACK points.
			name: "lost_request_pipelined_response_first",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
				// req2 lost
				{fromClient: false, seq: 1 + R, ack: 1 + 3*L, flags: "A", data: resp2},
				{fromClient: true, seq: 1 + 2*L, ack: 1 + R, flags: "A", data: req3},
				{fromClient: false, seq: 1 + 2*R, ack: 1 + 3*L, flags: "A", data: resp3},
			}),
			want: []string{"GET /1 200 -", " 201 unpaired|norequest", "GET /3 202 -"},
		},
		{
			// The connection's first request is lost: the SYN says where
			// it started.
			name: "first_request_lost_pipelined",
			pkts: slices.Concat(handshake(), []pkt{
				// req1 (seq 1..1+L) lost
				{fromClient: true, seq: 1 + L, ack: 1, flags: "A", data: req2},
				{fromClient: false, seq: 1, ack: 1 + 2*L, flags: "A", data: resp1},
				{fromClient: false, seq: 1 + R, ack: 1 + 2*L, flags: "A", data: resp2},
			}),
			want: []string{" 200 unpaired|norequest", "GET /2 201 -"},
		},
		{
			// A lost request whose response never comes leaves nothing.
			name: "lost_request_never_answered",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
				// req2 lost; the server closes before answering it
				{fromClient: true, seq: 1 + 2*L, ack: 1 + R, flags: "A", data: req3},
				{fromClient: false, seq: 1 + R, ack: 1 + 3*L, flags: "AF"},
			}),
			want: []string{"GET /1 200 -", "GET /3 0 unpaired|noresponse"},
		},
		{
			// A stray CRLF after a request is no lost request.
			name: "stray_crlf_between_pipelined_requests",
			pkts: slices.Concat(handshake(), []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1 + "\r\n"},
				{fromClient: true, seq: 3 + L, ack: 1, flags: "A", data: req2},
				{fromClient: false, seq: 1, ack: 3 + 2*L, flags: "A", data: resp1},
				{fromClient: false, seq: 1 + R, ack: 3 + 2*L, flags: "A", data: resp2},
			}),
			want: []string{"GET /1 200 -", "GET /2 201 -"},
		},
		{
			name: "request_delivered_after_its_response",
			pkts: slices.Concat(handshake(), []pkt{
				// the capture (two mirrored links) sees the response first
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
			}),
			want: []string{"GET /1 200 -"},
		},
		{
			name: "one_sided_client",
			pkts: []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: true, seq: 1 + L, ack: 1 + R, flags: "A", data: req2},
			},
			want: []string{"GET /1 0 unpaired|noresponse", "GET /2 0 unpaired|noresponse"},
		},
		{
			name: "vlans_do_not_merge",
			pkts: []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1, vlan: 10},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req2, vlan: 20},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1, vlan: 10},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp2, vlan: 20},
			},
			want: []string{"GET /1 200 - vlan=10", "GET /2 201 - vlan=20"},
		},
		{
			name: "max_flows",
			cfg:  Config{MaxFlows: 1, Shards: 1},
			pkts: []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1, port: 1},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req2, port: 2},
			},
			want: []string{"GET /1 0 unpaired|noresponse"},
		},
		{
			name: "flow_timeout_by_packet_time",
			cfg:  Config{FlowTimeout: time.Second, GapTimeout: time.Second, Shards: 1},
			pkts: []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1, port: 1, at: time.Millisecond},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req2, port: 2, at: 10 * time.Second},
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp2, port: 2, at: 11 * time.Second},
			},
			want: []string{"GET /1 0 unpaired|noresponse", "GET /2 201 -"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, st := runScript(t, tc.cfg, tc.pkts)
			var sums []string
			for _, ex := range got {
				s := ex.Method + " " + ex.Target + " " + strconv.Itoa(ex.Status) + " " + flagString(ex.Flags)
				if ex.VLAN != 0 {
					s += " vlan=" + strconv.Itoa(int(ex.VLAN))
				}
				sums = append(sums, strings.TrimSpace(s))
				if ex.Method != "" && (ex.Client.Addr() != cliAddr || ex.Server.Port() != 80) {
					t.Errorf("client/server = %v/%v", ex.Client, ex.Server)
				}
			}
			for i := range tc.want {
				tc.want[i] = strings.TrimSpace(tc.want[i])
			}
			sort.Strings(sums)
			sort.Strings(tc.want)
			if strings.Join(sums, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s\nstats %+v", strings.Join(sums, "\n"), strings.Join(tc.want, "\n"), st)
			}
		})
	}
}

var (
	cliAddrPort = netip.AddrPortFrom(cliAddr, 40000)
	srvAddrPort = netip.AddrPortFrom(srvAddr, 80)
)

func flowFor(s4, d4 [4]byte) gopacket.Flow {
	return gopacket.NewFlow(layers.EndpointIPv4, s4[:], d4[:])
}

// TestInOrderSegmentsDoNotAllocate: once a flow is known, in-order body
// segments cost no allocation (feeding, batching, reassembly, framing).
func TestInOrderSegmentsDoNotAllocate(t *testing.T) {
	e := NewEngine(Config{Shards: 1}, nil)
	const n, size = 20000, 1400
	head := "POST /upload HTTP/1.1\r\nHost: a\r\nContent-Length: " + strconv.Itoa(n*size) + "\r\n\r\n"
	for i, p := range append(handshake(), pkt{fromClient: true, seq: 1, ack: 1, flags: "A", data: head}) {
		e.Feed(p.segment(t, i))
	}
	body := strings.Repeat("b", size)
	segs := make([]*capture.Segment, 64)
	for i := range segs {
		segs[i] = pkt{fromClient: true, seq: 1, ack: 1, flags: "A", data: body}.segment(t, 10)
	}
	seq := clientISN + 1 + uint32(len(head))
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	for i := range n {
		s := segs[i%len(segs)]
		binary.BigEndian.PutUint32(s.TCP.Contents[4:], seq)
		seq += size
		e.Feed(s)
	}
	st := e.Close()
	runtime.ReadMemStats(&m1)
	allocs := m1.Mallocs - m0.Mallocs
	t.Logf("%d allocations for %d in-order segments (Close included)", allocs, n)
	if allocs > n/20 {
		t.Errorf("%d allocations for %d segments", allocs, n)
	}
	if st.PayloadBytes != uint64(len(head)+n*size) {
		t.Errorf("payload %d", st.PayloadBytes)
	}
}

// TestExchangeTimes: RequestTime is the time of the request's first byte,
// ResponseTime that of the response's last byte.
func TestExchangeTimes(t *testing.T) {
	L := uint32(len(req1))
	script := slices.Concat(handshake(), []pkt{
		{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1[:10], at: 10 * time.Millisecond},
		{fromClient: true, seq: 11, ack: 1, flags: "A", data: req1[10:], at: 11 * time.Millisecond},
		{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1[:30], at: 20 * time.Millisecond},
		{fromClient: false, seq: 31, ack: 1 + L, flags: "A", data: resp1[30:], at: 25 * time.Millisecond},
	})
	got, _ := runScript(t, Config{}, script)
	if len(got) != 1 {
		t.Fatalf("%d exchanges", len(got))
	}
	if rt := got[0].RequestTime.Sub(t0); rt != 10*time.Millisecond {
		t.Errorf("RequestTime %v", rt)
	}
	if rt := got[0].ResponseTime.Sub(t0); rt != 25*time.Millisecond {
		t.Errorf("ResponseTime %v", rt)
	}
}

func TestNonHTTPPorts(t *testing.T) {
	tls := "\x16\x03\x01\x00\x05hello"
	script := []pkt{
		{fromClient: true, seq: 0, flags: "S", port: 50001},
		{fromClient: false, seq: 0, ack: 1, flags: "SA", port: 50001},
		{fromClient: true, seq: 1, ack: 1, flags: "A", data: tls, port: 50001},
		{fromClient: true, seq: 1, ack: 1, flags: "A", data: "SSH-2.0-OpenSSH_9.6\r\n", port: 50002},
		{fromClient: true, seq: 1, ack: 1, flags: "A", data: "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", port: 50003},
	}
	_, st := runScript(t, Config{}, script)
	// the HTTP/2 preface starts an HTTP/2 connection, no longer a non-HTTP one
	if got := st.NonHTTPPorts["80"]; len(got) != 2 || got["tls"] != 1 || got["not_http"] != 1 || st.HTTP2Connections != 1 {
		t.Errorf("non_http_ports = %v, http2 connections %d", st.NonHTTPPorts, st.HTTP2Connections)
	}
}

// TestLiveEmitsWithoutMorePackets: in live mode an exchange is emitted
// while the engine is open, without further packets or Close.
func TestLiveEmitsWithoutMorePackets(t *testing.T) {
	got := make(chan *Exchange, 1)
	e := NewEngine(Config{Live: true, Shards: 1}, func(ex *Exchange) { got <- ex })
	defer e.Close()
	L := uint32(len(req1))
	for i, p := range slices.Concat(handshake(), []pkt{
		{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
		{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
	}) {
		e.Feed(p.segment(t, i))
	}
	select {
	case ex := <-got:
		if ex.Status != 200 {
			t.Errorf("status %d", ex.Status)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no exchange emitted in live mode")
	}
}
