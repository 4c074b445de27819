package inventory

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"testing"
)

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func loadedCopy(t *testing.T, src *Inventory) *Inventory {
	t.Helper()
	dst := New(DefaultConfig())
	for _, h := range src.DirtyHosts() {
		blob, err := src.MarshalHost(h)
		if err != nil {
			t.Fatal(err)
		}
		if err := dst.LoadHost(h, blob); err != nil {
			t.Fatalf("LoadHost(%s): %v", h, err)
		}
	}
	return dst
}

func TestRoundTrip(t *testing.T) {
	xs, _ := hrStream(9)
	inv := New(DefaultConfig())
	for i, x := range xs {
		if i%7 == 0 {
			x.Host = "other.example.test:8080"
		}
		inv.Observe(x)
	}
	if got := inv.DirtyHosts(); len(got) != 2 {
		t.Fatalf("dirty hosts: %q", got)
	}
	cp := loadedCopy(t, inv)
	if a, b := mustJSON(t, inv.Endpoints()), mustJSON(t, cp.Endpoints()); a != b {
		t.Errorf("endpoints differ after round trip:\n%s\n%s", a, b)
	}
	if a, b := mustJSON(t, inv.Noise()), mustJSON(t, cp.Noise()); a != b {
		t.Errorf("noise differs after round trip")
	}
	if len(cp.DirtyHosts()) != 0 {
		t.Errorf("freshly loaded hosts are dirty: %q", cp.DirtyHosts())
	}
	// encoding is deterministic
	for _, h := range inv.DirtyHosts() {
		a, _ := inv.MarshalHost(h)
		b, _ := cp.MarshalHost(h)
		if !bytes.Equal(a, b) {
			t.Errorf("%s: re-encoding differs (%d vs %d bytes)", h, len(a), len(b))
		}
	}

	// Loading the same state twice doubles every count.
	for _, h := range inv.DirtyHosts() {
		blob, _ := inv.MarshalHost(h)
		if err := cp.LoadHost(h, blob); err != nil {
			t.Fatal(err)
		}
	}
	one, two := inv.Endpoints(), cp.Endpoints()
	if len(one) != len(two) {
		t.Fatalf("endpoint count %d vs %d after merge", len(one), len(two))
	}
	for i := range one {
		a, b := one[i], two[i]
		if a.Path != b.Path || b.Hits != 2*a.Hits || b.UnauthenticatedHits != 2*a.UnauthenticatedHits || b.Latency.Count != 2*a.Latency.Count {
			t.Errorf("%s %s: hits %d→%d unauth %d→%d", a.Method, a.Path, a.Hits, b.Hits, a.UnauthenticatedHits, b.UnauthenticatedHits)
		}
		for s, n := range a.Statuses {
			if b.Statuses[s] != 2*n {
				t.Errorf("%s %s: status %s %d→%d", a.Method, a.Path, s, n, b.Statuses[s])
			}
		}
		if a.Clients != b.Clients {
			t.Errorf("%s %s: distinct clients changed %d→%d", a.Method, a.Path, a.Clients, b.Clients)
		}
	}
	if len(inv.Noise()) != len(cp.Noise()) {
		t.Errorf("noise count changed")
	}
}

// Two inventories that each saw part of the traffic merge into the same
// templates as one that saw it all.
func TestMergeSplitTraffic(t *testing.T) {
	xs, want := hrStream(4)
	a, b := New(DefaultConfig()), New(DefaultConfig())
	for i, x := range xs {
		if i%2 == 0 {
			a.Observe(x)
		} else {
			b.Observe(x)
		}
	}
	for _, h := range b.DirtyHosts() {
		blob, err := b.MarshalHost(h)
		if err != nil {
			t.Fatal(err)
		}
		if err := a.LoadHost(h, blob); err != nil {
			t.Fatal(err)
		}
	}
	sameSet(t, templates(a), want)
	var hits uint64
	for _, e := range a.Endpoints() {
		hits += e.Hits
	}
	for _, n := range a.Noise() {
		hits += n.Hits
	}
	if hits != uint64(len(xs)) {
		t.Errorf("hits+noise = %d, want %d", hits, len(xs))
	}
}

func TestLoadCorrupt(t *testing.T) {
	inv := New(DefaultConfig())
	xs, _ := hrStream(2)
	for _, x := range xs[:200] {
		inv.Observe(x)
	}
	blob, err := inv.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := inv.MarshalHost("nope"); !errors.Is(err, ErrUnknownHost) {
		t.Errorf("MarshalHost(unknown) = %v", err)
	}
	cases := map[string][]byte{
		"empty":       nil,
		"bad_magic":   append([]byte("XXXXX"), blob[5:]...),
		"bad_version": append(append([]byte{}, blob[:5]...), append([]byte{200}, blob[6:]...)...),
		"truncated":   blob[:len(blob)/2],
		"trailing":    append(append([]byte{}, blob...), 0),
		"huge_count":  append(append([]byte{}, blob[:6]...), 0xff, 0xff, 0xff, 0xff, 0x0f),
	}
	for i := 7; i < len(blob); i += len(blob)/40 + 1 {
		c := append([]byte{}, blob...)
		c[i] ^= 0xa5
		cases["flip_"+strconv.Itoa(i)] = c
	}
	for name, data := range cases {
		fresh := New(DefaultConfig())
		err := fresh.LoadHost("api.example.test", data)
		if name == "empty" || name == "bad_magic" || name == "bad_version" || name == "truncated" || name == "trailing" || name == "huge_count" {
			if !errors.Is(err, ErrCorruptState) {
				t.Errorf("%s: err = %v, want ErrCorruptState", name, err)
			}
		}
		if err != nil && len(fresh.hosts) != 0 {
			t.Errorf("%s: failed load left a host behind", name)
		}
		_ = fresh.Endpoints() // whatever loaded must not panic
	}
	if err := New(DefaultConfig()).LoadHost("other.host", blob); !errors.Is(err, ErrCorruptState) {
		t.Errorf("host mismatch: %v", err)
	}
}

// maxFuzzBlob bounds FuzzLoadHost's inputs (see there).
const maxFuzzBlob = 1024

func FuzzLoadHost(f *testing.F) {
	inv := New(DefaultConfig())
	xs, _ := hrStream(3)
	// A one-exchange state, and inputs up to 1 KiB: minimising a mutated
	// 60 KiB blob (a cost that grows faster than its length) kept a 45 s
	// run from progressing. The codec tests cover the large states.
	for _, x := range xs[:1] {
		inv.Observe(x)
	}
	blob, _ := inv.MarshalHost("api.example.test")
	f.Add(blob)
	f.Add(blob[:len(blob)/3])
	if old, err := inv.marshalHost("api.example.test", 10); err == nil {
		f.Add(old) // the version before unsettled tries were stored
	}
	f.Add([]byte("STINV\x05"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzBlob {
			return
		}
		fresh := New(DefaultConfig())
		if err := fresh.LoadHost("api.example.test", data); err != nil {
			return
		}
		eps := fresh.Endpoints()
		_ = fresh.Noise()
		// a state that loaded re-encodes and reloads to the same endpoints
		again, err := fresh.MarshalHost("api.example.test")
		if err != nil {
			t.Fatal(err)
		}
		other := New(DefaultConfig())
		if err := other.LoadHost("api.example.test", again); err != nil {
			t.Fatalf("re-encoded state does not load: %v", err)
		}
		if len(other.Endpoints()) != len(eps) {
			t.Fatalf("endpoints %d vs %d", len(other.Endpoints()), len(eps))
		}
	})
}

// Version 7, 8 and 9 states (no fallback with static files; no noise
// pages; no shared sub-resources) still load; the static-files flag is
// refused in version 7. (Without noise entries and shared literals a
// version 10 blob is a version 8 one.)
func TestLoadVersion7(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/users/42", 200))
	b, err := inv.marshalHost("api.example.test", 10)
	if err != nil {
		t.Fatal(err)
	}
	if b[len(codecMagic)] != 10 || codecVersion != 12 {
		t.Fatalf("version byte %d", b[len(codecMagic)])
	}
	for _, v := range []byte{10, 9, 8, 7} {
		b[len(codecMagic)] = v
		if err := New(Config{}).LoadHost("api.example.test", b); err != nil {
			t.Fatalf("version %d: %v", v, err)
		}
	}
	// version 11 (no echoed values after the values) too
	if b, err := inv.marshalHost("api.example.test", 11); err != nil {
		t.Fatal(err)
	} else if err := New(Config{}).LoadHost("api.example.test", b); err != nil {
		t.Fatalf("version 11: %v", err)
	}
	// a version 8 state with the flag, relabelled 7, is corrupt
	inv = New(Config{})
	inv.Observe(page("/", spaPage))
	for _, f := range []string{"/chunk-2ATI5RL3.js", "/chunk-4TYE7FOW.js", "/chunk-IJB6PBR5.js", "/main-XS5676NQ.js"} {
		inv.Observe(ex("GET", f, 200, "body:"))
	}
	for _, p := range []string{"/login", "/settings", "/.env"} {
		inv.Observe(page(p, spaPage))
	}
	b, err = reloaded(t, inv, "api.example.test").marshalHost("api.example.test", 10) // settled: with the flag
	if err != nil {
		t.Fatal(err)
	}
	if err := New(Config{}).LoadHost("api.example.test", b); err != nil {
		t.Fatal(err)
	}
	b[len(codecMagic)] = 7
	if err := New(Config{}).LoadHost("api.example.test", b); !errors.Is(err, ErrCorruptState) {
		t.Fatalf("version 7 with the static-files flag: %v, want ErrCorruptState", err)
	}
}

// A noise entry's two 404 pages survive a store and reload, and merge with
// a reloaded copy: an entry answered with the miss page in two formats is
// still known unrouted.
func TestNoisePagesRoundTrip(t *testing.T) {
	inv := New(Config{})
	observe404(inv, "GET", "/.env", routerMiss, "text/html")
	observe404(inv, "GET", "/version", routerMiss, "text/html")
	observe404(inv, "GET", "/version", `{"error":{"code":404,"status":"Not Found"}}`, "application/json")
	unrouted := func(inv *Inventory) bool {
		for _, nz := range inv.Noise() {
			if nz.Path == "/version" {
				return nz.Unrouted
			}
		}
		t.Fatal("no /version noise")
		return false
	}
	if !unrouted(inv) {
		t.Fatal("not unrouted before the reload")
	}
	re := reloaded(t, inv, "api.example.test")
	if !unrouted(re) {
		t.Error("not unrouted after the reload")
	}
	b, err := inv.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	if err := re.LoadHost("api.example.test", b); err != nil {
		t.Fatal(err)
	}
	if !unrouted(re) {
		t.Error("not unrouted after a merge")
	}
}

// A state in a format version later than this build's is no corrupt one:
// LoadHost says a newer release wrote it.
func TestLoadNewerVersion(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/users/42", 200))
	b, err := inv.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	b[len(codecMagic)] = codecVersion + 1
	err = New(Config{}).LoadHost("api.example.test", b)
	if !errors.Is(err, ErrNewerState) || errors.Is(err, ErrCorruptState) {
		t.Errorf("version %d: %v, want ErrNewerState", codecVersion+1, err)
	}
	b[len(codecMagic)] = 0
	if err := New(Config{}).LoadHost("api.example.test", b); !errors.Is(err, ErrCorruptState) {
		t.Errorf("version 0: %v, want ErrCorruptState", err)
	}
}
