package inventory

import (
	"encoding/json"
	"strings"
	"testing"
)

var pathSeeds = []string{
	"/", "", "/users/42", "/users/me", "//a//b/", "/a/%2F/b", "/a/%252F", "/a;b=c/d", "/../..", "/a/./b/../c",
	"/hr/api/employees/E104233", "/hr/api/holidays/NL/2024", "/hr/api/timesheets/2024-W07", "/%zz%", "/%",
	"/files/report.pdf", "/x/" + testJWT, "/caf%C3%A9/%E2%82%AC", "/a b/c", "*", "/api/.env", "/wp-login.php",
	"/v1/users:batchGet", "/a/" + strings.Repeat("x", 300), strings.Repeat("/a", 100),
}

// maxFuzzPath bounds the fuzzed paths: the fuzzer minimises each input
// that finds new code at a cost that grows faster than its length, and
// kilobyte paths kept a 45 s run from progressing. The seeds still reach
// the long-segment and long-path caps.
const maxFuzzPath = 256

func FuzzNormalize(f *testing.F) {
	for _, s := range pathSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if len(raw) > maxFuzzPath {
			return
		}
		segs := NormalizePath(raw)
		clean := true
		for i, s := range segs {
			if s == "" || s == "." || s == ".." || strings.ContainsAny(s, "/?#;") && strings.ContainsAny(s, "/") {
				t.Fatalf("bad segment %q in %q", s, segs)
			}
			if strings.ContainsAny(s, "%;?#") {
				clean = false // decoding once is not idempotent by design
			}
			parent := ""
			if i > 0 {
				parent = segs[i-1]
			}
			k := Classify(s, i, parent)
			if k >= numKinds {
				t.Fatalf("kind %d", k)
			}
		}
		if clean {
			again := NormalizePath("/" + strings.Join(segs, "/"))
			if strings.Join(again, "/") != strings.Join(segs, "/") {
				t.Fatalf("not idempotent: %q -> %q -> %q", raw, segs, again)
			}
		}
	})
}

// FuzzTemplate: no panic, and templating is idempotent: observing the same
// request again changes counts, never templates.
func FuzzTemplate(f *testing.F) {
	for i, s := range pathSeeds {
		f.Add(s, []int{200, 404, 0, 401, 405, 500}[i%6])
	}
	f.Fuzz(func(t *testing.T, raw string, status int) {
		if len(raw) > maxFuzzPath {
			return
		}
		inv := New(DefaultConfig())
		base := []string{"/users/1", "/users/me", "/users/2/orders", "/jobs/senior-backend-engineer", "/api/jobs"}
		for _, p := range base {
			inv.Observe(ex("GET", p, 200))
		}
		inv.Observe(ex("GET", raw, status))
		t1 := templates(inv)
		n1 := len(inv.Noise())
		inv.Observe(ex("GET", raw, status))
		t2 := templates(inv)
		if strings.Join(t1, "\n") != strings.Join(t2, "\n") {
			t.Fatalf("templates changed on repeat of %q:\n%q\n%q", raw, t1, t2)
		}
		if n2 := len(inv.Noise()); n2 != n1 {
			t.Fatalf("noise entries changed on repeat: %d -> %d", n1, n2)
		}
		for _, e := range inv.Endpoints() {
			if !strings.HasPrefix(e.Path, "/") || strings.Contains(e.Path, "//") && e.Path != "/" {
				t.Fatalf("bad template %q", e.Path)
			}
		}
		// whatever was observed survives a storage round trip
		sameAfterRoundTrip(t, inv)
	})
}

func FuzzObserveBody(f *testing.F) {
	f.Add([]byte(`{"a":1,"password":"x","e":"a@b.io"}`), "application/json")
	f.Add([]byte(`[[[[`), "application/json")
	f.Add([]byte("a=b&password=c&x=%zz"), "application/x-www-form-urlencoded")
	f.Add([]byte("4111 1111 1111 1111 NL91ABNA0417164300 +31 20 123 4567"), "text/plain")
	f.Fuzz(func(t *testing.T, body []byte, ct string) {
		inv := New(DefaultConfig())
		x := ex("POST", "/items/1?q=a%40b.io&token=x", 200)
		x.RequestBody, x.RequestContentType = body, ct
		x.ResponseBody, x.ResponseContentType = body, ct
		inv.Observe(x)
		inv.Observe(x)
		eps := inv.Endpoints()
		if len(eps) != 1 || eps[0].Hits != 2 {
			t.Fatalf("endpoints: %+v", eps)
		}
		blob, err := inv.MarshalHost("api.example.test")
		if err != nil {
			t.Fatal(err)
		}
		cp := New(DefaultConfig())
		if err := cp.LoadHost("api.example.test", blob); err != nil {
			t.Fatalf("LoadHost of a fresh state: %v", err)
		}
		a, _ := json.Marshal(eps)
		b, _ := json.Marshal(cp.Endpoints())
		if string(a) != string(b) {
			t.Fatalf("endpoints differ after round trip:\n%s\n%s", a, b)
		}
	})
}

// FuzzMultiSegmentValues: a value the host hands out (slashes and all) and
// a path called beside multi-segment values never panic the value-run
// rules (tails, restWalk's suffixes, restJoin), give the same templates
// when the path is called again, and survive a storage round trip.
func FuzzMultiSegmentValues(f *testing.F) {
	f.Add("acme/web:1.2", "/v1/images/acme/web:1.2/json")
	f.Add("refs/heads/a/b", "/v1/images/refs/heads/a/b")
	f.Add("x", "/v1/images/x/y/z/history/json")
	f.Add("a//b", "/v1/images/a//b/json")
	f.Add("create", "/v1/images/create/json")
	f.Add("feature/login", "/v1/images/feature/login/src/main.go")
	f.Add("release/v2", "/v1/images/release/v2/docs/a.md")
	f.Fuzz(func(t *testing.T, value, raw string) {
		if len(raw) > maxFuzzPath || len(value) > 300 {
			return
		}
		vj, _ := json.Marshal(value)
		inv := New(DefaultConfig())
		inv.Observe(ex("GET", "/v1/images/json", 200, `body:[{"RepoTags":["busybox:1.36","acme/web:1.2","internal/tools/builder:2",`+string(vj)+`]}]`))
		for _, p := range []string{"/v1/images/busybox:1.36/json", "/v1/images/acme/web:1.2/history", "/v1/images/internal/tools/builder:2/json"} {
			inv.Observe(ex("GET", p, 200, `body:{"Id":"1"}`))
		}
		settleInPlace(inv) // the rest parameter exists from here on
		// (the answer carries no identifier: a new value would be new
		// evidence, and templates may change on it)
		inv.Observe(ex("GET", raw, 200, `body:{"size":2}`))
		t1 := templates(inv)
		inv.Observe(ex("GET", raw, 200, `body:{"size":2}`))
		if t2 := templates(inv); strings.Join(t1, "\n") != strings.Join(t2, "\n") {
			t.Fatalf("templates changed on repeat of %q:\n%q\n%q", raw, t1, t2)
		}
		sameAfterRoundTrip(t, inv)
	})
}

// sameAfterRoundTrip fails t unless the test host's state, stored and
// loaded into a new inventory, gives the same templates.
func sameAfterRoundTrip(t *testing.T, inv *Inventory) {
	t.Helper()
	blob, err := inv.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	cp := New(DefaultConfig())
	if err := cp.LoadHost("api.example.test", blob); err != nil {
		t.Fatalf("LoadHost of a fresh state: %v", err)
	}
	if a, b := strings.Join(templates(inv), "\n"), strings.Join(templates(cp), "\n"); a != b {
		t.Fatalf("templates differ after round trip:\n%s\n%s", a, b)
	}
}

// FuzzEchoedValue: any body and path give a run of the path's segments
// that is not the whole path, and the text of exactly that run.
func FuzzEchoedValue(f *testing.F) {
	f.Add([]byte(`{"message":"plugin \"acme/plugin:1\" not found"}`), "/v1/plugins/acme/plugin:1/json")
	f.Add([]byte(`No such container: web-1`), "/v1/containers/web-1/json")
	f.Add([]byte(`"page not found"`), "/page/not/found")
	f.Add([]byte(`: x`), "//x")
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		from, to, val := echoedValue(body, path)
		if from == to {
			if val != "" {
				t.Fatalf("no run but value %q", val)
			}
			return
		}
		segs := strings.Split(path, "/")[1:]
		if from < 0 || to > len(segs) || from >= to || from == 0 && to == len(segs) {
			t.Fatalf("run [%d,%d) of %d segments", from, to, len(segs))
		}
		if want := strings.Join(segs[from:to], "/"); val != want {
			t.Fatalf("value %q, want %q", val, want)
		}
	})
}
