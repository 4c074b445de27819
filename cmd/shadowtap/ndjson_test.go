package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/netip"
	"testing"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/reassembly"
)

// The hand-written NDJSON line is what encoding/json writes for the same
// record: on every exchange of the bundled captures and on hostile strings.
func TestAppendExchangeJSON(t *testing.T) {
	check := func(x *reassembly.Exchange) {
		t.Helper()
		var want bytes.Buffer
		json.NewEncoder(&want).Encode(exchangeJSON(x))
		if got := appendExchangeJSON(nil, x); !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("got  %s\nwant %s", got, want.Bytes())
		}
	}
	n := 0
	for _, f := range []string{samplePcap, "../../reassembly/testdata/h2/h2c.pcap.gz", "../../reassembly/testdata/tls/tls.pcap.gz", "../../testdata/grpc/grpc-web.pcap.gz"} {
		src, err := capture.OpenFiles(f)
		if err != nil {
			t.Fatal(err)
		}
		var xs []*reassembly.Exchange
		reassembly.Process(context.Background(), src, nil, reassembly.Config{Shards: 1}, func(x *reassembly.Exchange) { xs = append(xs, x) })
		src.Close()
		for _, x := range xs {
			check(x)
			n++
		}
	}
	if n < 1500 {
		t.Errorf("only %d exchanges checked", n)
	}
	for _, s := range []string{"", "/a<b>&c", "\"quoted\"\\", "caf\xc3\xa9", "bad\xff", "\x00\x1f\t\n", "\u2028", "日本"} {
		x := &reassembly.Exchange{Method: s, Host: s, Target: s, RequestContentType: s, Client: netip.MustParseAddrPort("[::1]:1"), Server: netip.MustParseAddrPort("10.0.0.1:80"),
			VLAN: 7, Status: -1, Flags: reassembly.FlagGap | reassembly.FlagUpgrade}
		check(x)
	}
}
