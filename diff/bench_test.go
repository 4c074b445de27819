package diff

import (
	"os"
	"runtime"
	"testing"
)

func benchLoad(b *testing.B, name string, opts LoadOptions) {
	p := specPath(b, name)
	fi, err := os.Stat(p)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	b.ReportAllocs()
	var s *Spec
	for b.Loop() {
		s, _, err = LoadSpecWith(p, nil, opts)
		if err != nil {
			b.Fatal(err)
		}
	}
	// Heap retained by one loaded Spec (the document itself is not kept).
	s = nil
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	s, _, _ = LoadSpecWith(p, nil, opts)
	runtime.GC()
	runtime.ReadMemStats(&m1)
	b.ReportMetric(float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc))/(1<<20), "MB-retained")
	runtime.KeepAlive(s)
}

// BenchmarkLoadSpecStripe loads the largest corpus spec (3.7 MB YAML, 457
// operations).
func BenchmarkLoadSpecStripe(b *testing.B) { benchLoad(b, "stripe-api-2022-10.yaml", LoadOptions{}) }

// BenchmarkLoadSpecStripeNoValidate loads it without kin-openapi's Validate.
func BenchmarkLoadSpecStripeNoValidate(b *testing.B) {
	benchLoad(b, "stripe-api-2022-10.yaml", LoadOptions{SkipValidation: true})
}

// BenchmarkLoadSpecTwilio loads a 1.9 MB JSON spec with path-level servers.
func BenchmarkLoadSpecTwilio(b *testing.B) { benchLoad(b, "twilio-api-v2010.json", LoadOptions{}) }

// BenchmarkLoadSpecSlack loads a Swagger 2.0 spec that needs the tuple repair.
func BenchmarkLoadSpecSlack(b *testing.B) { benchLoad(b, "slack-web-api-v2.json", LoadOptions{}) }

// BenchmarkDiffPeople diffs the people scenario's endpoints.
func BenchmarkDiffPeople(b *testing.B) {
	spec := mustLoad(b, "people-openapi.yaml")
	eps := peopleEndpoints()
	b.ReportAllocs()
	for b.Loop() {
		if fs := Diff(eps, []*Spec{spec}, Options{}); len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(eps)), "ns/endpoint")
}

// BenchmarkLookupTwilio measures one path lookup in a 197-operation spec
// whose templates carry patterns and suffix segments.
func BenchmarkLookupTwilio(b *testing.B) {
	spec := mustLoad(b, "twilio-api-v2010.json")
	d := &differ{specs: []*Spec{spec}, applies: map[string][]specUse{"api.twilio.com": {{idx: 0}}}}
	path := "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls/CA0123456789abcdef0123456789abcdef.json"
	if r := d.lookup("api.twilio.com", path, "GET", false); r.op == nil {
		b.Fatal("no match")
	}
	b.ReportAllocs()
	for b.Loop() {
		d.lookup("api.twilio.com", path, "GET", false)
	}
}
