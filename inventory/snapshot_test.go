package inventory

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/reassembly"
)

// Listing the endpoints or storing the host while recording (the live
// sensor does both every commit) changes no template: whatever moments
// the trie was read at, the templates are those of reading it once at the
// end of the same stream.
func TestReadingWhileRecordingChangesNothing(t *testing.T) {
	streams := map[string][]*reassembly.Exchange{}
	for _, br := range [][]string{{"main", "develop"}, {"main", "develop", "feature/login"}, {"main"}} {
		xs, _ := forgeWebStream(br, false)
		streams["forge "+strings.Join(br, ",")] = xs
	}
	streams["contents"] = contentsStream()
	for name, xs := range streams {
		for seed := uint64(0); seed < 4; seed++ {
			order := append([]*reassembly.Exchange(nil), xs...)
			rand.New(rand.NewPCG(seed, 5)).Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
			batch := New(Config{})
			for _, x := range order {
				batch.Observe(x)
			}
			want := strings.Join(templates(batch), "\n")
			for _, every := range []int{1, 3, 7} {
				inv := New(Config{})
				for i, x := range order {
					inv.Observe(x)
					if i%every == 0 {
						inv.Endpoints()
						if _, err := inv.MarshalHost(x.Host); err != nil {
							t.Fatal(err)
						}
					}
				}
				if got := strings.Join(templates(inv), "\n"); got != want {
					t.Errorf("%s, order %d, read every %d exchanges:\n%s\nread once at the end:\n%s", name, seed, every, got, want)
				}
			}
		}
	}
}

// contentsStream is a contents API of files with sub-routes, written and
// read, and a new file's sub-route last
// (/api/files/data/raw/q2.json/revisions: TestContentsTreeWithSuffixRoutes
// observes it apart).
func contentsStream() []*reassembly.Exchange {
	var xs []*reassembly.Exchange
	obs := func(m, p string, st int, opts ...string) { xs = append(xs, ex(m, p, st, opts...)) }
	obs("GET", "/api/files", 200, `body:{"content":[{"name":"Report.ipynb","path":"Report.ipynb"},{"name":"data","path":"data"},{"name":"notes.md","path":"notes.md"}]}`)
	obs("GET", "/api/files/data", 200, `body:{"content":[{"name":"sales.csv","path":"data/sales.csv"},{"name":"raw","path":"data/raw"}]}`)
	obs("GET", "/api/files/data/raw", 200, `body:{"content":[{"name":"q1.json","path":"data/raw/q1.json"}]}`)
	for _, p := range []string{"Report.ipynb", "notes.md", "data/sales.csv", "data/raw/q1.json"} {
		obs("GET", "/api/files/"+p, 200, `body:{"type":"file"}`)
		obs("PUT", "/api/files/"+p, 200, `body:{"type":"file"}`)
	}
	obs("GET", "/api/files/Report.ipynb/revisions", 200, `body:[{"id":"r1"}]`)
	obs("POST", "/api/files/notes.md/revisions", 201, `body:{"id":"r2"}`)
	obs("GET", "/api/files/data/raw/q2.json/revisions", 200, `body:[]`)
	return xs
}

// Settling the copy leaves the recording trie as it was, byte for byte,
// and counts its collapses once however often the host is read.
func TestSettledCopyLeavesTheTrie(t *testing.T) {
	inv := New(Config{})
	for _, x := range contentsStream() {
		inv.Observe(x)
	}
	h := inv.hosts["api.example.test"]
	raw := func() []byte {
		e := &encoder{}
		e.node(h.root)
		return e.b
	}
	before := raw()
	inv.Endpoints()
	collapses := inv.Stats().Collapses
	if collapses == 0 {
		t.Fatal("no collapse counted")
	}
	inv.Endpoints()
	if _, err := inv.MarshalHost(h.name); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw(), before) {
		t.Error("settling the copy changed the recording trie")
	}
	if h.settled {
		t.Error("the recording host is marked settled")
	}
	if c := inv.Stats().Collapses; c != collapses {
		t.Errorf("collapses %d after reading the host three times, %d after once", c, collapses)
	}
}

// A host past half its node cap settles in place, as a host nothing was
// recorded into since it was loaded does: the first to make room, the
// second because nothing is left to decide later.
func TestSettleInPlace(t *testing.T) {
	inv := New(Config{MaxNodesPerHost: 24})
	for _, x := range contentsStream() {
		inv.Observe(x)
	}
	h := inv.hosts["api.example.test"]
	if h.nodes < 12 {
		t.Fatalf("%d nodes: not past half the cap", h.nodes)
	}
	inv.Endpoints()
	if !h.settled {
		t.Error("a host past half its node cap did not settle in place")
	}

	rec := New(Config{})
	for _, x := range contentsStream() {
		rec.Observe(x)
	}
	loaded := reloaded(t, rec, "api.example.test")
	loaded.Endpoints()
	if !loaded.hosts["api.example.test"].settled {
		t.Error("a loaded host nothing was recorded into did not settle in place")
	}
	if got, want := templates(loaded), templates(rec); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("loaded %q, recorded %q", got, want)
	}
}

// The examples kept for a template do not depend on the order Go walks a
// map in: merges go in key order (a key store's paths, more than
// MaxExamples of them, folded into one path parameter).
func TestExamplesAfterMergesAreDeterministic(t *testing.T) {
	run := func() string {
		inv := New(Config{})
		var keys []string
		for _, team := range []string{"data", "payments", "web", "ops"} {
			for _, k := range []string{"db/primary", "db/replica", "stripe/live", "smtp", "cdn/edge"} {
				keys = append(keys, team+"/"+k)
			}
		}
		inv.Observe(ex("GET", "/v1/kv/list", 200, `body:{"keys":["`+strings.Join(keys, `","`)+`"]}`))
		for _, k := range keys {
			inv.Observe(ex("GET", "/v1/kv/data/"+k, 200, `body:{"data":{}}`))
			inv.Observe(ex("GET", "/v1/kv/metadata/"+k, 200, `body:{"versions":{}}`))
		}
		var b strings.Builder
		for _, e := range inv.Endpoints() {
			b.WriteString(e.Method + " " + e.Path + " " + strings.Join(e.Examples, ",") + "\n")
		}
		return b.String()
	}
	first := run()
	if strings.Count(first, "\n") > 4 {
		t.Fatalf("the keys did not fold:\n%s", first)
	}
	for i := 0; i < 20; i++ {
		if got := run(); got != first {
			t.Fatalf("run %d:\n%s\nfirst run:\n%s", i, got, first)
		}
	}
}

// A host stored while it records and loaded again (the next capture, the
// sensor after a restart) goes on as if the stream had never stopped:
// every endpoint, with its counts, shapes and examples, is what one
// uninterrupted stream gives, wherever the stream was cut.
func TestStoredWhileRecordingResumesTheStream(t *testing.T) {
	streams := map[string][]*reassembly.Exchange{"contents": contentsStream()}
	for _, br := range [][]string{{"main", "develop"}, {"main", "develop", "feature/login"}} {
		xs, _ := forgeWebStream(br, false)
		streams["forge "+strings.Join(br, ",")] = xs
	}
	for name, xs := range streams {
		whole := New(Config{})
		for _, x := range xs {
			whole.Observe(x)
		}
		want, _ := json.Marshal(whole.Endpoints())
		for _, cut := range [][]int{{len(xs) / 2}, {len(xs) / 3, 2 * len(xs) / 3}, {1, len(xs) / 5, 2 * len(xs) / 5, 3 * len(xs) / 5, 4 * len(xs) / 5, len(xs) - 1}} {
			inv := New(Config{})
			from := 0
			for _, c := range append(cut, len(xs)) {
				for _, x := range xs[from:c] {
					inv.Observe(x)
				}
				from = c
				inv = loadedCopy(t, inv) // stored and loaded: the next run
			}
			if got, _ := json.Marshal(inv.Endpoints()); !bytes.Equal(got, want) {
				t.Errorf("%s, stored and loaded at %v: endpoints differ from one stream's\n got %s\nwant %s", name, cut, got, want)
			}
		}
	}
}

// Everything settle reads survives storage: a recording host loaded again
// holds the same trie and noise, field for field (a parent value's hash,
// 403s that quoted what they refused, the record a 404 quoted).
func TestUnsettledStateRoundTrip(t *testing.T) {
	inv := New(Config{})
	for _, x := range contentsStream() {
		inv.Observe(x)
	}
	for _, id := range []string{"a1", "b2", "c3", "d4", "e5"} {
		inv.Observe(ex("GET", "/api/silences/"+id, 200, `body:{"id":"`+id+`"}`))
		inv.Observe(ex("GET", "/api/silences/"+id+"/status", 200, `body:{"state":"active"}`))
	}
	inv.Observe(ex("GET", "/api/silences/no_such_silence", 403, `body:{"errors":[{"message":"You don't have permission to access silence \"no_such_silence\" or it does not exist."}]}`))
	observe404(inv, "GET", "/wp-login.php", routerMiss, "text/plain")
	observe404(inv, "GET", "/api/orders/ord-77/items", `{"message":"order 'ord-77' not found"}`, "application/json")
	h := inv.hosts["api.example.test"]
	blob, err := inv.MarshalHost(h.name)
	if err != nil {
		t.Fatal(err)
	}
	again := New(Config{})
	if err := again.LoadHost(h.name, blob); err != nil {
		t.Fatal(err)
	}
	g := again.hosts[h.name]
	var quoted, stamped, record bool
	var walk func(n *node)
	walk = func(n *node) {
		stamped = stamped || n.pv != 0
		for _, a := range n.methods {
			quoted = quoted || a.quoted403 > 0
		}
		for _, c := range n.lit {
			walk(c)
		}
		if n.param != nil {
			walk(n.param)
		}
	}
	walk(h.root)
	for _, e := range h.noise {
		record = record || e.valTo > e.valFrom
	}
	if !quoted || !stamped || !record {
		t.Fatalf("the stream lacks settle's evidence: quoted 403 %v, parent value %v, quoted record %v", quoted, stamped, record)
	}
	if !reflect.DeepEqual(g.root, h.root) {
		t.Error("the trie changed in storage")
	}
	if !reflect.DeepEqual(g.noise, h.noise) {
		t.Error("the noise changed in storage")
	}
}
