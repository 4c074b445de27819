package diff

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/inventory"
)

var t0 = time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)

// ep builds an endpoint. statuses is "200:10,401:2"; unauth is the number
// of requests without credentials and unauth2xx those answered 2xx.
func ep(host, method, path string, statuses string, unauth, unauth2xx uint64, examples ...string) inventory.Endpoint {
	e := inventory.Endpoint{
		Host: host, Method: method, Path: path,
		FirstSeen: t0, LastSeen: t0.Add(time.Hour),
		Statuses:            map[string]uint64{},
		UnauthenticatedHits: unauth, Unauthenticated2xx: unauth2xx,
		Clients:  3,
		Examples: examples,
	}
	for _, kv := range strings.Split(statuses, ",") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, ":")
		n, _ := strconv.ParseUint(v, 10, 64)
		e.Statuses[k] += n
		e.Hits += n
	}
	e.Authenticated = unauth == 0
	if e.Hits > unauth {
		e.AuthKinds = map[string]uint64{"session_cookie": e.Hits - unauth}
	}
	return e
}

// specPath returns the path of a committed test spec, decompressing .gz
// files into a temporary directory.
func specPath(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join("testdata", "specs", name)
	if _, err := os.Stat(p); err == nil {
		return p
	}
	gz := p + ".gz"
	f, err := os.Open(gz)
	if err != nil {
		t.Fatalf("test spec %s: %v", name, err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), name)
	w, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(w, zr); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return out
}

func mustLoad(t testing.TB, name string, binding ...string) *Spec {
	t.Helper()
	s, _, err := LoadSpec(specPath(t, name), binding)
	if err != nil {
		t.Fatalf("LoadSpec(%s): %v", name, err)
	}
	return s
}

// loadText writes a spec text to a temp file and loads it.
func loadText(t testing.TB, text string, binding ...string) *Spec {
	t.Helper()
	ext := ".yaml"
	if strings.HasPrefix(strings.TrimSpace(text), "{") {
		ext = ".json"
	}
	p := filepath.Join(t.TempDir(), "spec"+ext)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	s, _, err := LoadSpec(p, binding)
	if err != nil {
		t.Fatalf("LoadSpec: %v", err)
	}
	return s
}

// summary renders findings as sorted "kind[/shadow_type] severity METHOD path" lines.
func summary(fs []Finding, kinds ...string) []string {
	var out []string
	for _, f := range fs {
		if len(kinds) > 0 {
			ok := false
			for _, k := range kinds {
				ok = ok || k == f.Kind
			}
			if !ok {
				continue
			}
		}
		k := f.Kind
		if f.ShadowType != "" {
			k += "/" + f.ShadowType
		}
		out = append(out, k+" "+f.Severity.String()+" "+f.Method+" "+f.Path)
	}
	sort.Strings(out)
	return out
}
