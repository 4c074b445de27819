package applab

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// peopleInput labels the bundled sample capture of the people scenario with
// a route table made of its truth's templates.
func peopleInput(t *testing.T) *Input {
	t.Helper()
	in, err := ReadApp(filepath.Join("testdata", "people"))
	if err == nil {
		t.Fatal("testdata/people must not hold a capture; the sample is testdata/sample/peoplehub.pcap")
	}
	in = &Input{Dir: filepath.Join("testdata", "people"), Spec: filepath.Join("testdata", "people", "openapi.yaml"),
		Routes: filepath.Join("testdata", "people", "routes.txt"), Capture: filepath.Join(moduleRoot(t), "testdata", "sample", "peoplehub.pcap")}
	b, err := os.ReadFile(filepath.Join("testdata", "people", "app.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &in.App); err != nil {
		t.Fatal(err)
	}
	return in
}

// TestPeopleTruth checks the labeller on a known case: the people sample
// scenario, whose truth.json was made by the scenario's generator. Labels,
// observed flags, hits, unauthenticated counts and noise paths must agree.
func TestPeopleTruth(t *testing.T) {
	r, err := Run(peopleInput(t))
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join("testdata", "people", "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var want Truth
	if err := json.Unmarshal(b, &want); err != nil {
		t.Fatal(err)
	}
	got := r.Labelled.Truth
	t.Log(r.Labelled.Summary())
	if got.Requests != want.Requests {
		t.Errorf("requests: got %d, want %d", got.Requests, want.Requests)
	}
	if got.Host != want.Host || got.BasePath != want.BasePath {
		t.Errorf("host/base: got %q %q, want %q %q", got.Host, got.BasePath, want.Host, want.BasePath)
	}
	idx := map[string]*Endpoint{}
	for _, e := range got.Endpoints {
		idx[e.Method+" "+e.Path] = e
	}
	for _, w := range want.Endpoints {
		k := w.Method + " " + w.Path
		g := idx[k]
		if g == nil {
			t.Errorf("missing endpoint %s", k)
			continue
		}
		delete(idx, k)
		if strings.Join(g.Labels, ",") != strings.Join(w.Labels, ",") || g.Observed != w.Observed || g.Hits != w.Hits ||
			g.UnauthRequests != w.UnauthRequests || g.Unauth2xx != w.Unauth2xx || g.DistinctPaths != w.DistinctPaths ||
			g.PublicInSpec != w.PublicInSpec || g.Deprecated != w.Deprecated || g.ServerAuth != w.ServerAuth {
			t.Errorf("%s:\n got  %v observed=%v hits=%d unauth=%d/%d distinct=%d public=%v deprecated=%v auth=%s\n want %v observed=%v hits=%d unauth=%d/%d distinct=%d public=%v deprecated=%v auth=%s",
				k, g.Labels, g.Observed, g.Hits, g.Unauth2xx, g.UnauthRequests, g.DistinctPaths, g.PublicInSpec, g.Deprecated, g.ServerAuth,
				w.Labels, w.Observed, w.Hits, w.Unauth2xx, w.UnauthRequests, w.DistinctPaths, w.PublicInSpec, w.Deprecated, w.ServerAuth)
		}
		if len(g.Statuses) != len(w.Statuses) {
			t.Errorf("%s: statuses %v, want %v", k, g.Statuses, w.Statuses)
		}
		for s, n := range w.Statuses {
			if g.Statuses[s] != n {
				t.Errorf("%s: statuses %v, want %v", k, g.Statuses, w.Statuses)
				break
			}
		}
	}
	for k := range idx {
		t.Errorf("extra endpoint %s", k)
	}
	noise := func(ns []*Noise) string {
		var s []string
		for _, n := range ns {
			s = append(s, n.Method+" "+n.Path)
		}
		sort.Strings(s)
		return strings.Join(s, "\n")
	}
	if g, w := noise(got.Noise), noise(want.Noise); g != w {
		t.Errorf("noise paths differ:\n got:\n%s\n want:\n%s", g, w)
	}
	for _, k := range []string{"documented", "shadow", "zombie", "unused", "unauthenticated", "inventory", "seen_unauthenticated", "public_seen_unauthenticated", "noise_requests"} {
		if got.Summary[k] != want.Summary[k] {
			t.Errorf("summary %s: got %d, want %d", k, got.Summary[k], want.Summary[k])
		}
	}
}

// TestPeopleScenarioSelftest writes the scenario folder for the people
// sample and runs the vendored scorer's -selftest on it.
func TestPeopleScenarioSelftest(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the scorer")
	}
	r, err := Run(peopleInput(t))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := r.Write(dir); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"openapi.yaml", "scenario.pcap", "scenario-impaired.pcap", "scenario-midstream.pcap", "truth.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	scorer := buildScorer(t)
	out, err := exec.Command(scorer, "-scenario", dir, "-selftest").CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("selftest: %v", err)
	}
	checkVariants(t, r, dir)
}

// checkVariants relabels the impaired and mid-stream captures and checks
// the promise of the README: every observed truth endpoint and every
// unauthenticated label still has requests in them.
func checkVariants(t *testing.T, r *Result, dir string) {
	t.Helper()
	routes, err := ReadRoutesFile(r.Input.Routes)
	if err != nil {
		t.Fatal(err)
	}
	spec, err := LoadSpec(r.Input.Spec, r.Input.App.BasePath)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"scenario-impaired.pcap", "scenario-midstream.pcap"} {
		c, err := ReadCaptureFile(filepath.Join(dir, v))
		if err != nil {
			t.Fatal(err)
		}
		l := Label("x", c.Exchanges(), routes, spec)
		got := map[string]*Endpoint{}
		for _, e := range l.Truth.Endpoints {
			got[e.Method+" "+e.Path] = e
		}
		for _, w := range r.Labelled.Truth.Endpoints {
			g := got[w.Method+" "+w.Path]
			if w.Observed && (g == nil || !g.Observed) {
				t.Errorf("%s: %s %s not observed any more", v, w.Method, w.Path)
			}
			if w.Has(LabelUnauthenticated) && (g == nil || g.Unauth2xx == 0) {
				t.Errorf("%s: %s %s lost its unauthenticated requests", v, w.Method, w.Path)
			}
		}
		t.Logf("%s: %d packets (clean %d), %d requests (clean %d)", v, len(c.Packets), len(r.Capture.Packets), l.Truth.Requests, r.Labelled.Truth.Requests)
	}
}
