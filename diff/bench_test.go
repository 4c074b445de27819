package diff

import (
	"fmt"
	"os"
	"runtime"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
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

// BenchmarkDiffWordLiterals is the worst case of the sibling rules (literal
// exceptions, values, folding): one host where 400 word literals, each with
// undocumented children, sit beside a templated sibling with 20 children.
func BenchmarkDiffWordLiterals(b *testing.B) {
	spec := loadText(b, `openapi: 3.0.3
info: {title: w, version: '1'}
paths:
  /items/{id}:
    get: {responses: {'200': {description: ok}}}
`)
	h := "w.example"
	var eps []inventory.Endpoint
	eps = append(eps, ep(h, "GET", "/items/{id}", "200:5", 0, 0, "/items/abc", "/items/def"))
	for k := 0; k < 20; k++ {
		eps = append(eps, ep(h, "GET", fmt.Sprintf("/items/{id}/c%d", k), "200:5", 0, 0, fmt.Sprintf("/items/qq/c%d", k)))
	}
	for w := 0; w < 400; w++ {
		word := string(rune('a'+w%26)) + string(rune('a'+w/26%26)) + "word"
		eps = append(eps, ep(h, "GET", "/items/"+word, "200:1", 0, 0))
		for k := 0; k < 5; k++ {
			eps = append(eps, ep(h, "GET", fmt.Sprintf("/items/%s/c%d", word, (w+k)%25), "200:1", 0, 0))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if fs := Diff(eps, []*Spec{spec}, Options{}); len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(eps)), "ns/endpoint")
}
