package reassembly

import (
	"fmt"
	"net/netip"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
)

// exchangeConn is one connection of a script: handshake (unless midstream),
// then request and response, then FINs as asked. cOff and sOff shift the
// relative sequence numbers of client and server (another connection on the
// same ports has other initial sequence numbers).
func exchangeConn(port uint16, cOff, sOff uint32, req, resp string, handshake bool, clientFIN, serverFIN bool) []pkt {
	L, R := uint32(len(req)), uint32(len(resp))
	var out []pkt
	if handshake {
		out = append(out,
			pkt{fromClient: true, seq: cOff, flags: "S"},
			pkt{fromClient: false, seq: sOff, ack: cOff + 1, flags: "SA"},
			pkt{fromClient: true, seq: cOff + 1, ack: sOff + 1, flags: "A"})
	}
	out = append(out,
		pkt{fromClient: true, seq: cOff + 1, ack: sOff + 1, flags: "A", data: req},
		pkt{fromClient: false, seq: sOff + 1, ack: cOff + 1 + L, flags: "A", data: resp})
	if clientFIN {
		out = append(out, pkt{fromClient: true, seq: cOff + 1 + L, ack: sOff + 1 + R, flags: "FA"})
	}
	if serverFIN {
		out = append(out, pkt{fromClient: false, seq: sOff + 1 + R, ack: cOff + 2 + L, flags: "FA"})
	}
	for i := range out {
		out[i].port = port
	}
	return out
}

// exchangeSums renders exchanges as "METHOD target status flags", sorted.
func exchangeSums(got []*Exchange) []string {
	var sums []string
	for _, ex := range got {
		sums = append(sums, fmt.Sprintf("%s %s %d %s", ex.Method, ex.Target, ex.Status, flagString(ex.Flags)))
	}
	sort.Strings(sums)
	return sums
}

// TestConnectionReuse: a 4-tuple reused while the old connection is still
// tracked (it never sent FIN/RST, or one FIN was lost) must close out the old
// connection, emitting what it had, and parse the new one.
func TestConnectionReuse(t *testing.T) {
	const old, fresh = 3_000_000, 7_000_000 // relative initial sequence numbers
	tests := []struct {
		name   string
		script []pkt
		want   []string
		reused uint64
		flows  uint64
	}{
		{
			// The new ISNs lie below the old connection's: without reuse
			// every byte of the new connection reads as a retransmission.
			name: "no_fin_new_syn_isn_below",
			script: slices.Concat(
				exchangeConn(40000, old, old, req1, resp1, true, false, false),
				exchangeConn(40000, 0, 0, req2, resp2, true, true, true)),
			want:   []string{"GET /1 200 -", "GET /2 201 -"},
			reused: 1, flows: 2,
		},
		{
			name: "no_fin_new_syn_isn_above",
			script: slices.Concat(
				exchangeConn(40000, old, old, req1, resp1, true, false, false),
				exchangeConn(40000, fresh, fresh, req2, resp2, true, true, true)),
			want:   []string{"GET /1 200 -", "GET /2 201 -"},
			reused: 1, flows: 2,
		},
		{
			// the server's FIN was lost by the capture
			name: "fin_lost_new_syn",
			script: slices.Concat(
				exchangeConn(40000, old, old, req1, resp1, true, true, false),
				exchangeConn(40000, 0, 0, req2, resp2, true, true, true)),
			want:   []string{"GET /1 200 -", "GET /2 201 -"},
			reused: 1, flows: 2,
		},
		{
			// ...and the new connection's handshake was missed too: its
			// data lies past the old client's FIN
			name: "fin_lost_midstream_pickup",
			script: slices.Concat(
				exchangeConn(40000, 0, 0, req1, resp1, true, true, false),
				exchangeConn(40000, fresh, fresh, req2, resp2, false, true, true)),
			want:   []string{"GET /1 200 -", "GET /2 201 -"},
			reused: 1, flows: 2,
		},
		{
			// no FIN, no handshake seen for the new connection: its data
			// lies far outside the old connection's window
			name: "no_fin_midstream_pickup",
			script: slices.Concat(
				exchangeConn(40000, old, old, req1, resp1, true, false, false),
				exchangeConn(40000, fresh, fresh, req2, resp2, false, true, true)),
			want:   []string{"GET /1 200 -", "GET /2 201 -"},
			reused: 1, flows: 2,
		},
		{
			// a retransmitted SYN is the same connection
			name: "syn_retransmitted",
			script: slices.Concat(
				[]pkt{{fromClient: true, seq: 0, flags: "S"}},
				exchangeConn(40000, 0, 0, req1, resp1, true, true, true)),
			want:   []string{"GET /1 200 -"},
			reused: 0, flows: 1,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, st := runScript(t, Config{Shards: 1}, tc.script)
			sums := exchangeSums(got)
			if strings.Join(sums, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(sums, "\n"), strings.Join(tc.want, "\n"))
			}
			if st.Weirds["tcp_connection_reused"] != tc.reused || st.Flows != tc.flows {
				t.Errorf("reused %d flows %d, want %d and %d (weirds %v)", st.Weirds["tcp_connection_reused"], st.Flows, tc.reused, tc.flows, st.Weirds)
			}
		})
	}
}

// TestConnectionReuseIPv6: closing out a connection rebuilds its IPv6
// network flow (16-byte addresses) as the decoder makes it.
func TestConnectionReuseIPv6(t *testing.T) {
	c6, s6 := netip.MustParseAddr("2001:db8::1"), netip.MustParseAddr("2001:db8::2")
	script := slices.Concat(
		exchangeConn(40000, 3_000_000, 3_000_000, req1, resp1, true, false, false),
		exchangeConn(40000, 0, 0, req2, resp2, true, true, true))
	var got []*Exchange
	e := NewEngine(Config{Shards: 1}, func(ex *Exchange) { got = append(got, ex) })
	for i, p := range script {
		seg := p.segment(t, i)
		src, dst := c6, s6
		if !p.fromClient {
			src, dst = dst, src
		}
		a, b := src.As16(), dst.As16()
		seg.Src, seg.Dst, seg.Net = src, dst, gopacket.NewFlow(layers.EndpointIPv6, a[:], b[:])
		e.Feed(seg)
	}
	st := e.Close()
	if sums := exchangeSums(got); strings.Join(sums, "|") != "GET /1 200 -|GET /2 201 -" || got[0].Client.Addr() != c6 {
		t.Errorf("got %q", sums)
	}
	if st.Weirds["tcp_connection_reused"] != 1 || st.Flows != 2 {
		t.Errorf("flows %d, weirds %v", st.Flows, st.Weirds)
	}
}

// TestSYNInsideBusyConnection: a SYN with a new ISN while a request is still
// arriving (and the connection is not idle) is counted and ignored, as the
// receiver does: the connection is kept and its exchange completes.
func TestSYNInsideBusyConnection(t *testing.T) {
	L := uint32(len(req1))
	script := slices.Concat(handshake(), []pkt{
		{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1[:10]},
		{fromClient: true, seq: 900_000, flags: "S"},
		{fromClient: true, seq: 11, ack: 1, flags: "A", data: req1[10:]},
		{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
	})
	got, st := runScript(t, Config{Shards: 1}, script)
	if sums := exchangeSums(got); strings.Join(sums, "|") != "GET /1 200 -" {
		t.Errorf("got %q", sums)
	}
	if st.Weirds["tcp_syn_inside_connection"] != 1 || st.Weirds["tcp_connection_reused"] != 0 || st.Flows != 1 {
		t.Errorf("flows %d, weirds %v", st.Flows, st.Weirds)
	}
	// the same SYN after a second of silence starts a new connection
	script[4].at, script[5].at, script[6].at = 2*time.Second, 2*time.Second+time.Millisecond, 2*time.Second+2*time.Millisecond
	_, st = runScript(t, Config{Shards: 1}, script)
	if st.Weirds["tcp_connection_reused"] != 1 || st.Flows != 2 {
		t.Errorf("idle: flows %d, weirds %v", st.Flows, st.Weirds)
	}
}

// TestHalfOpenEviction: with the flow table full of half-open connections (a
// SYN flood), a real connection arriving is still reassembled and parsed: the
// oldest half-open connections are evicted (counted), never one that carried
// payload.
func TestHalfOpenEviction(t *testing.T) {
	const maxFlows = 8
	L := uint32(len(req1))
	var script []pkt
	// an established connection waiting for its response
	script = append(script, exchangeConn(50000, 0, 0, req1, "", true, false, false)[:4]...)
	for i := range 3 * maxFlows {
		script = append(script, pkt{fromClient: true, seq: uint32(i) * 1000, flags: "S", port: uint16(1000 + i)})
	}
	script = append(script, exchangeConn(50001, 0, 0, req2, resp2, true, true, true)...)
	for i := 3 * maxFlows; i < 4*maxFlows; i++ {
		script = append(script, pkt{fromClient: true, seq: uint32(i) * 1000, flags: "S", port: uint16(1000 + i)})
	}
	script = append(script, pkt{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1, port: 50000})
	got, st := runScript(t, Config{MaxFlows: maxFlows, Shards: 1}, script)
	want := []string{"GET /1 200 -", "GET /2 201 -"}
	if sums := exchangeSums(got); strings.Join(sums, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s\nstats %+v", strings.Join(sums, "\n"), strings.Join(want, "\n"), st)
	}
	if ev := st.Weirds["tcp_half_open_evicted"]; ev < 4*maxFlows-maxFlows || st.FlowsDropped != 0 || st.SegmentsDropped != 0 {
		t.Errorf("evicted %d, flows_dropped %d, segments_dropped %d", ev, st.FlowsDropped, st.SegmentsDropped)
	}
}
