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
	hostile := []string{"", "/a<b>&c", "\"quoted\"\\", "caf\xc3\xa9", "bad\xff", "\x00\x1f\t\n", "\u2028", "日本"}
	for c := 0; c < 256; c++ {
		hostile = append(hostile, "a"+string([]byte{byte(c)})+"b")
	}
	for _, s := range hostile {
		x := &reassembly.Exchange{Method: s, Host: s, Target: s, RequestContentType: s, Client: netip.MustParseAddrPort("[::1]:1"), Server: netip.MustParseAddrPort("10.0.0.1:80"),
			VLAN: 7, Status: -1, Flags: reassembly.FlagGap | reassembly.FlagUpgrade}
		check(x)
	}
}

// BenchmarkAppendExchangeJSON: the NDJSON line of each exchange of the
// bundled sample.
func BenchmarkAppendExchangeJSON(b *testing.B) {
	src, err := capture.OpenFiles(samplePcap)
	if err != nil {
		b.Fatal(err)
	}
	var xs []*reassembly.Exchange
	reassembly.Process(context.Background(), src, nil, reassembly.Config{Shards: 1}, func(x *reassembly.Exchange) { xs = append(xs, x) })
	src.Close()
	var buf []byte
	b.ReportAllocs()
	for b.Loop() {
		for _, x := range xs {
			buf = appendExchangeJSON(buf[:0], x)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(xs)), "ns/exchange")
}
