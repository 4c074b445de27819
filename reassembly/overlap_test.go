package reassembly

import (
	"slices"
	"strings"
	"testing"

	"github.com/gopacket/gopacket/layers"
)

// TestOverlapFirstWins: when retransmitted bytes overlap bytes already seen
// with different content, the first copy is kept (what the receiver keeps)
// whether it was delivered already or still waits behind a hole, and the
// conflict is counted in Stats.Weirds; identical copies count nothing.
func TestOverlapFirstWins(t *testing.T) {
	L := uint32(len(req1))
	other := strings.Replace(req1, "/1", "/9", 1) // same length, other path
	tests := []struct {
		name      string
		pkts      []pkt
		want      string
		conflicts uint64
	}{
		{
			name: "retransmission_of_delivered_bytes",
			pkts: []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: other},
			},
			want: "GET /1 200 -", conflicts: 1,
		},
		{
			name: "retransmission_covering_delivered_bytes",
			pkts: []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1[:10]},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: other},
			},
			want: "GET /1 200 -", conflicts: 1,
		},
		{
			name: "identical_retransmission",
			pkts: []pkt{
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
			},
			want: "GET /1 200 -", conflicts: 0,
		},
		{
			// both copies wait behind a hole: gopacket alone keeps the last
			name: "two_copies_behind_a_hole",
			pkts: []pkt{
				{fromClient: true, seq: 4, ack: 1, flags: "A", data: req1[3:]},
				{fromClient: true, seq: 4, ack: 1, flags: "A", data: other[3:]},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1[:3]},
			},
			want: "GET /1 200 -", conflicts: 1,
		},
		{
			// an in-order segment runs into bytes waiting behind it
			name: "in_order_copy_over_queued_bytes",
			pkts: []pkt{
				{fromClient: true, seq: 6, ack: 1, flags: "A", data: req1[5:]},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: other[:10]},
			},
			want: "GET /1 200 -", conflicts: 1,
		},
		{
			// a coalesced retransmission covers the waiting bytes and the
			// holes around them: it is cut in pieces, the waiting bytes kept
			name: "covering_copy_straddles_queued_bytes",
			pkts: []pkt{
				{fromClient: true, seq: 6, ack: 1, flags: "A", data: req1[5:6]},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: other},
			},
			want: "GET /1 200 -", conflicts: 1,
		},
		{
			name: "identical_copies_behind_a_hole",
			pkts: []pkt{
				{fromClient: true, seq: 4, ack: 1, flags: "A", data: req1[3:]},
				{fromClient: true, seq: 4, ack: 1, flags: "A", data: req1[3:]},
				{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
			},
			want: "GET /1 200 -", conflicts: 0,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			script := slices.Concat(handshake(), tc.pkts, []pkt{
				{fromClient: false, seq: 1, ack: 1 + L, flags: "A", data: resp1},
				{fromClient: true, seq: 1 + L, ack: 1 + uint32(len(resp1)), flags: "FA"},
				{fromClient: false, seq: 1 + uint32(len(resp1)), ack: 2 + L, flags: "FA"},
			})
			got, st := runScript(t, Config{Shards: 1}, script)
			if sums := exchangeSums(got); strings.Join(sums, "|") != tc.want {
				t.Errorf("got %q, want %q", sums, tc.want)
			}
			if n := st.Weirds["tcp_overlap_conflict"]; n != tc.conflicts {
				t.Errorf("tcp_overlap_conflict = %d, want %d", n, tc.conflicts)
			}
			if st.Gaps != 0 || st.SkippedBytes != 0 {
				t.Errorf("gaps %d, skipped %d", st.Gaps, st.SkippedBytes)
			}
		})
	}
}

// TestFirstWinsSplits: a segment covering several ranges held out of order
// is cut into the pieces between them, and its FIN moves to its end.
func TestFirstWinsSplits(t *testing.T) {
	c, cnt := newTestConn(Config{}, nil)
	d := &c.d[0]
	d.seq, d.seqOK = 100, true
	d.addQueued(110, 120)
	d.addQueued(130, 140)
	d.addQueued(120, 125) // merges with [110, 120)
	if d.ovl.nq != 2 || d.ovl.q[0] != (seqRange{110, 125}) {
		t.Fatalf("ranges %v", d.ovl.q[:d.ovl.nq])
	}
	payload := []byte(strings.Repeat("p", 50))
	tcp := &layers.TCP{Seq: 100, FIN: true, BaseLayer: layers.BaseLayer{Payload: payload}}
	splits := c.firstWins(d, tcp, nil)
	if tcp.Seq != 100 || len(tcp.Payload) != 10 || tcp.FIN {
		t.Errorf("first piece seq %d len %d fin %v", tcp.Seq, len(tcp.Payload), tcp.FIN)
	}
	want := []split{{seq: 125, b: payload[25:30]}, {seq: 140, b: payload[40:], fin: true}}
	if len(splits) != len(want) {
		t.Fatalf("splits %+v", splits)
	}
	for i, s := range splits {
		if s.seq != want[i].seq || len(s.b) != len(want[i].b) || s.fin != want[i].fin {
			t.Errorf("split %d = {%d %d %v}, want {%d %d %v}", i, s.seq, len(s.b), s.fin, want[i].seq, len(want[i].b), want[i].fin)
		}
	}
	// held bytes were kept for comparison, within the pending budget
	if d.ovl.kept != 25 || c.s.mem != 25 {
		t.Errorf("kept %d, mem %d", d.ovl.kept, c.s.mem)
	}
	// all of it held already: an empty segment keeps the FIN at the end
	tcp = &layers.TCP{Seq: 131, FIN: true, BaseLayer: layers.BaseLayer{Payload: payload[:5]}}
	if splits = c.firstWins(d, tcp, nil); len(splits) != 0 || tcp.Seq != 136 || len(tcp.Payload) != 0 || !tcp.FIN {
		t.Errorf("covered: splits %d seq %d len %d fin %v", len(splits), tcp.Seq, len(tcp.Payload), tcp.FIN)
	}
	d.seq = 200
	c.pruneQueued(d)
	c.close()
	if d.ovl != nil || c.s.mem != 0 || cnt.weird[WeirdOverlapConflict] != 0 {
		t.Errorf("after close: mem %d", c.s.mem)
	}
}
