package reassembly

import (
	"slices"
	"testing"
)

// The last ACK of a connection that both FINs closed must not bring the
// connection back as an idle flow kept until FlowTimeout, and a pure ACK of
// a connection picked up mid-stream creates nothing until data comes.
func TestClosedConnectionStaysClosed(t *testing.T) {
	script := slices.Concat(handshake(), []pkt{
		{fromClient: true, seq: 1, ack: 1, flags: "A", data: req1},
		{fromClient: false, seq: 1, ack: 29, flags: "A", data: resp1},
		{fromClient: true, seq: 29, ack: 40, flags: "FA"},
		{fromClient: false, seq: 40, ack: 30, flags: "FA"},
		{fromClient: true, seq: 30, ack: 41, flags: "A"}, // the last ACK, after both FINs
		// Another connection seen mid-stream: a pure ACK first, then data.
		{fromClient: true, port: 40001, seq: 100, ack: 100, flags: "A"},
		{fromClient: true, port: 40001, seq: 100, ack: 100, flags: "A", data: req2},
		{fromClient: false, port: 40001, seq: 100, ack: 128, flags: "A", data: resp2},
	})
	got, st := runScript(t, Config{}, script)
	if len(got) != 2 || got[0].Status != 200 || got[1].Status != 201 {
		t.Fatalf("exchanges: %+v", got)
	}
	if st.Flows != 2 {
		t.Errorf("flows = %d, want 2 (the closed connection must not come back)", st.Flows)
	}
}
