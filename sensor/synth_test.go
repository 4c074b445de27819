package sensor

import (
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// frameSource is a capture.Source over frames built in memory: synthetic
// Ethernet/IPv4/TCP connections carrying HTTP/1.1 exchanges.
type frameSource struct {
	frames [][]byte
	times  []time.Time
	i      int
	closed bool
}

func (s *frameSource) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	if s.closed || s.i >= len(s.frames) {
		return nil, gopacket.CaptureInfo{}, 0, io.EOF
	}
	f := s.frames[s.i]
	ci := gopacket.CaptureInfo{Timestamp: s.times[s.i], CaptureLength: len(f), Length: len(f)}
	s.i++
	return f, ci, layers.LinkTypeEthernet, nil
}

func (s *frameSource) Close() error { s.closed = true; return nil }

// synthExchange is one request/response on its own connection.
type synthExchange struct {
	method, path string
	auth         bool
	status       int
	host         string // "" = api.test:8080
	body         string // the JSON answered; "" = {"ok":true}
}

// buildSource makes one TCP connection per exchange (handshake, request,
// response, FIN both ways) from 10.0.0.2 to 10.0.0.1:8080, Host
// api.test:8080.
func buildSource(t *testing.T, xs []synthExchange) *frameSource {
	t.Helper()
	src := &frameSource{}
	ts := time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)
	cli, srv := net.IPv4(10, 0, 0, 2), net.IPv4(10, 0, 0, 1)
	for i, x := range xs {
		cport := layers.TCPPort(40000 + i)
		var cseq, sseq uint32 = 1000, 5000
		add := func(fromClient bool, flags string, payload []byte) {
			ts = ts.Add(time.Millisecond)
			ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: cli, DstIP: srv}
			tcp := &layers.TCP{SrcPort: cport, DstPort: 8080, Window: 65535}
			if !fromClient {
				ip.SrcIP, ip.DstIP = srv, cli
				tcp.SrcPort, tcp.DstPort = 8080, cport
				tcp.Seq, tcp.Ack = sseq, cseq
			} else {
				tcp.Seq, tcp.Ack = cseq, sseq
			}
			tcp.SYN = strings.Contains(flags, "S")
			tcp.ACK = strings.Contains(flags, "A")
			tcp.FIN = strings.Contains(flags, "F")
			tcp.PSH = len(payload) > 0
			tcp.SetNetworkLayerForChecksum(ip)
			eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, EthernetType: layers.EthernetTypeIPv4}
			if !fromClient {
				eth.SrcMAC, eth.DstMAC = eth.DstMAC, eth.SrcMAC
			}
			buf := gopacket.NewSerializeBuffer()
			if err := gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true},
				eth, ip, tcp, gopacket.Payload(payload)); err != nil {
				t.Fatal(err)
			}
			src.frames = append(src.frames, append([]byte(nil), buf.Bytes()...))
			src.times = append(src.times, ts)
			adv := uint32(len(payload))
			if tcp.SYN || tcp.FIN {
				adv++
			}
			if fromClient {
				cseq += adv
			} else {
				sseq += adv
			}
		}
		host := x.host
		if host == "" {
			host = "api.test:8080"
		}
		req := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nUser-Agent: synth\r\n", x.method, x.path, host)
		if x.auth {
			req += "Authorization: Bearer synth-opaque-token-abcdef\r\n"
		}
		req += "\r\n"
		body := `{"ok":true}`
		if x.body != "" {
			body = x.body
		}
		resp := fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", x.status, len(body), body)
		if x.status == 204 {
			resp = "HTTP/1.1 204 No Content\r\n\r\n"
		}
		add(true, "S", nil)
		add(false, "SA", nil)
		add(true, "A", nil)
		add(true, "A", []byte(req))
		add(false, "A", []byte(resp))
		add(true, "A", nil)
		add(true, "FA", nil)
		add(false, "FA", nil)
		add(true, "A", nil)
	}
	return src
}

// synthTraffic mirrors e2eTraffic on the synthetic host.
func synthTraffic() []synthExchange {
	var xs []synthExchange
	for i := 1; i <= 12; i++ {
		xs = append(xs, synthExchange{"GET", fmt.Sprintf("/api/users/%d", 1000+i*37), true, 200, "", ""})
	}
	return append(xs,
		synthExchange{"GET", "/api/orders", false, 200, "", ""},
		synthExchange{"DELETE", "/api/users/1037", true, 204, "", ""},
		synthExchange{"GET", "/api/admin/debug", true, 200, "", ""},
		synthExchange{"GET", "/api/old/items", true, 200, "", ""},
	)
}
