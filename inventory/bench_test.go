package inventory

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/reassembly"
)

// wireSize estimates an exchange's bytes on the wire (for b.SetBytes).
func wireSize(x *reassembly.Exchange) int64 {
	n := int64(len(x.Method) + len(x.Target) + len(x.Proto) + 4 + 16 + len(x.RequestBody) + len(x.ResponseBody))
	for k, vs := range x.ReqHeader() {
		for _, v := range vs {
			n += int64(len(k) + len(v) + 4)
		}
	}
	for k, vs := range x.RespHeader() {
		for _, v := range vs {
			n += int64(len(k) + len(v) + 4)
		}
	}
	return n
}

func BenchmarkObserve(b *testing.B) {
	xs, _ := hrStream(1)
	for _, x := range xs {
		x.RequestHeader.Set("Accept-Encoding", "gzip")
		x.ResponseHeader.Set("Date", "Fri, 27 Nov 2026 08:00:00 GMT")
		x.ResponseBody = []byte(`{"id":"E104233","name":"Anna Jansen","department":"ENG-412","manager":{"id":"E100001"},"tags":["a","b"],"active":true}`)
	}
	var total int64
	for _, x := range xs {
		total += wireSize(x)
	}
	b.Run("people", func(b *testing.B) {
		inv := New(DefaultConfig())
		for _, x := range xs { // warm: the trie is built, steady state is measured
			inv.Observe(x)
		}
		b.SetBytes(total / int64(len(xs)))
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			inv.Observe(xs[i])
			if i++; i == len(xs) {
				i = 0
			}
		}
	})
}

// bigBody is a 4 KiB-ish JSON list like an API's page of records.
func bigBody() []byte {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := 0; i < 24; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"id":"E1%05d","name":"Anna Jansen","department":"ENG-412","created":"2024-11-27T10:00:00Z","score":%d.5,"tags":["remote","senior"],"active":true}`, i, i*37)
	}
	b.WriteString(`],"next":"/hr/api/employees?page=2"}`)
	return []byte(b.String())
}

// BenchmarkObserveBigBody: one endpoint answering 4 KiB JSON pages, past
// its first SensitiveSamples exchanges (steady state).
func BenchmarkObserveBigBody(b *testing.B) {
	body := bigBody()
	for _, every := range []int{1, 8} {
		b.Run(fmt.Sprintf("scan_every_%d", every), func(b *testing.B) {
			cfg := DefaultConfig()
			cfg.SensitiveSampleEvery = every
			inv := New(cfg)
			x := ex("GET", "/hr/api/employees?page=1", 200, "auth:cookie", "body:"+string(body))
			for i := 0; i < 200; i++ {
				inv.Observe(x)
			}
			b.SetBytes(wireSize(x))
			b.ReportAllocs()
			for b.Loop() {
				inv.Observe(x)
			}
		})
	}
}

// BenchmarkScanText compares the table-driven scan with the reference.
func BenchmarkScanText(b *testing.B) {
	body := bigBody()
	for _, impl := range []struct {
		name string
		f    func([]byte) uint32
	}{{"table", scanText}, {"reference", scanTextRef}} {
		b.Run(impl.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				impl.f(body)
			}
		})
	}
}

func BenchmarkClassify(b *testing.B) {
	segs := []string{"users", "E104233", "e24e0ba2-9fa1-4dc5-a472-ba9149ac4038", "2024-W07", "anna.jansen", "senior-backend-engineer"}
	b.ReportAllocs()
	for b.Loop() {
		for _, s := range segs {
			Classify(s, 1, "x")
		}
	}
}

// BenchmarkSettle, on a host with ~200 nodes that is recording: "store"
// is Observe then MarshalHost, what a commit does under the sensor's lock
// (the host is stored unsettled: an encode); "list" is Observe then
// Endpoints, which settles a copy of the trie from its evidence.
func BenchmarkSettle(b *testing.B) {
	inv := New(DefaultConfig())
	r := newRand(3)
	vocab := sortedKeys(vocabulary)
	for i := 0; i < 40000; i++ {
		res := i / 250 // resources one after the other: each is busy, none collapses
		w1, w2 := vocab[res], vocab[(160+res*12+r.IntN(12))%len(vocab)]
		inv.Observe(ex("GET", fmt.Sprintf("/api/v1/%s/%d/%s", w1, r.IntN(1000), w2), 200))
	}
	b.Logf("%d endpoints, %d nodes", len(inv.Endpoints()), inv.hosts["api.example.test"].nodes)
	x := ex("GET", "/api/v1/"+vocab[0]+"/1", 200)
	b.Run("store", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			inv.Observe(x) // the host is unsettled again
			if _, err := inv.MarshalHost("api.example.test"); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("list", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			inv.Observe(x)
			inv.Endpoints()
		}
	})
}
