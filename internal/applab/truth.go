package applab

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Labels, as in the people scenario's truth.json.
const (
	LabelDocumented      = "documented"
	LabelShadow          = "shadow"
	LabelZombie          = "zombie"
	LabelUnused          = "unused"
	LabelUnauthenticated = "unauthenticated"
)

// Endpoint is one entry of truth.json's endpoints[].
type Endpoint struct {
	Method         string         `json:"method"`
	Path           string         `json:"path"`
	SpecPath       string         `json:"spec_path,omitempty"`
	OperationID    string         `json:"operation_id,omitempty"`
	Labels         []string       `json:"labels"`
	Documented     bool           `json:"documented"`
	Shadow         bool           `json:"shadow"`
	Deprecated     bool           `json:"deprecated"`
	PublicInSpec   bool           `json:"public_in_spec"`
	ServerAuth     string         `json:"server_auth"`
	Observed       bool           `json:"observed"`
	Hits           int            `json:"hits"`
	UnauthRequests int            `json:"unauth_requests"`
	Unauth2xx      int            `json:"unauth_2xx"`
	Statuses       map[string]int `json:"statuses,omitempty"`
	DistinctPaths  int            `json:"distinct_paths"`

	paths     map[string]bool
	forbidden bool // a request with credentials was answered 403
}

// Has reports whether the endpoint carries a label.
func (e *Endpoint) Has(l string) bool {
	for _, x := range e.Labels {
		if x == l {
			return true
		}
	}
	return false
}

// Noise is one entry of truth.json's noise[].
type Noise struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	Count  int    `json:"count"`
	Source string `json:"source"`
}

// Truth is the content of truth.json.
type Truth struct {
	Scenario    string         `json:"scenario"`
	Description string         `json:"description"`
	Host        string         `json:"host"`
	BasePath    string         `json:"base_path"`
	Seed        int64          `json:"seed"`
	Spec        string         `json:"spec"`
	Requests    int            `json:"requests"`
	Summary     map[string]int `json:"summary"`
	Traffic     map[string]int `json:"traffic"`
	Endpoints   []*Endpoint    `json:"endpoints"`
	Noise       []*Noise       `json:"noise"`
}

// Classified is one request with what the labeller decided about it.
type Classified struct {
	*Exchange
	Endpoint *Endpoint // nil for noise
	Route    *Route    // nil for noise
	NoCreds  bool
}

// Labelled is the labeller's complete answer for one capture.
type Labelled struct {
	Truth    *Truth
	Requests []*Classified
	// Unrouted lists the operations of the spec that no route of routes.txt
	// serves (they can only ever be unused).
	Unrouted []*Operation
}

func (s *Spec) noCreds(h http.Header, q map[string][]string) bool {
	for _, k := range []string{"Authorization", "Proxy-Authorization", "Cookie"} {
		if len(h.Values(k)) > 0 {
			return false
		}
	}
	for _, k := range s.KeyHeaders {
		if len(h.Values(k)) > 0 {
			return false
		}
	}
	for _, k := range s.KeyQuery {
		if _, ok := q[k]; ok {
			return false
		}
	}
	return true
}

// templateShape is a path template as the scorer compares them: empty
// segments dropped, every parameter "{}".
func templateShape(p string) string {
	segs := splitPath(p)
	for i, seg := range segs {
		if len(seg) >= 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
			segs[i] = "{}"
		}
	}
	return "/" + strings.Join(segs, "/")
}

// mergeUnused keeps one of the documented operations nobody called that a
// scorer cannot tell apart (a path with and without a trailing slash, one
// template with two parameter names: Vault's generated document has
// both): the scorer indexes the truth by method and shape, so a second
// one could never be matched. An operation that was called keeps its own
// entry beside an uncalled twin, as before.
func mergeUnused(eps []*Endpoint) []*Endpoint {
	seen := map[string]bool{}
	out := eps[:0]
	for _, e := range eps {
		if e.Documented && !e.Observed {
			k := e.Method + " " + templateShape(e.Path)
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		out = append(out, e)
	}
	return out
}

// Label routes every exchange and builds the ground truth.
func Label(name string, xs []*Exchange, routes Routes, spec *Spec) *Labelled {
	t := &Truth{Scenario: name, BasePath: spec.BasePath, Summary: map[string]int{}, Traffic: map[string]int{}}
	res := &Labelled{Truth: t}
	byOp := map[*Operation]*Endpoint{}
	for _, o := range spec.Ops {
		e := &Endpoint{Method: o.Method, Path: o.Path, SpecPath: o.SpecPath, OperationID: o.OperationID,
			Documented: true, Deprecated: o.Deprecated, PublicInSpec: o.Public, paths: map[string]bool{}}
		byOp[o] = e
		t.Endpoints = append(t.Endpoints, e)
	}
	shadows := map[string]*Endpoint{}
	opOf := map[string]*Operation{}
	findOp := func(method string, r *Route) *Operation {
		k := method + " " + r.shape()
		if o, ok := opOf[k]; ok {
			return o
		}
		var found *Operation
		for _, o := range spec.Ops {
			if o.Method == method && sameEndpoint(r, o) {
				found = o
				break
			}
		}
		opOf[k] = found
		return found
	}
	noise := map[string]*Noise{}
	hosts := map[string]int{}
	for _, x := range xs {
		c := &Classified{Exchange: x, NoCreds: spec.noCreds(x.Header, x.Query)}
		res.Requests = append(res.Requests, c)
		t.Requests++
		if h := hostOnly(x.Host); h != "" {
			hosts[h]++
		}
		r, other := routes.Match(x.Method, x.Path)
		if r == nil {
			src := "scanner"
			if other {
				src = "probe"
			}
			k := x.Method + " " + x.Path + " " + strconv.Itoa(x.Status)
			n := noise[k]
			if n == nil {
				n = &Noise{Method: x.Method, Path: x.Path, Status: x.Status, Source: src}
				noise[k] = n
			}
			n.Count++
			t.Traffic["noise_requests"]++
			continue
		}
		c.Route = r
		var e *Endpoint
		if o := findOp(x.Method, r); o != nil {
			e = byOp[o]
		} else {
			k := x.Method + " " + r.Display()
			e = shadows[k]
			if e == nil {
				e = &Endpoint{Method: x.Method, Path: r.Display(), Shadow: true, paths: map[string]bool{}}
				shadows[k] = e
				t.Endpoints = append(t.Endpoints, e)
			}
		}
		c.Endpoint = e
		e.Observed = true
		e.Hits++
		e.paths[x.Path] = true
		if x.Status != 0 {
			if e.Statuses == nil {
				e.Statuses = map[string]int{}
			}
			e.Statuses[strconv.Itoa(x.Status)]++
		}
		if c.NoCreds {
			e.UnauthRequests++
			if x.Status >= 200 && x.Status < 300 {
				e.Unauth2xx++
			}
		} else if x.Status == 403 {
			e.forbidden = true
		}
	}
	for _, x := range xs {
		tr := t.Traffic
		if x.Proto == "HTTP/1.0" {
			tr["http10_requests"]++
		}
		if x.Pipelined {
			tr["pipelined_requests"]++
		}
		if x.ChunkedReq {
			tr["chunked_request_bodies"]++
		}
		if x.GzipReq {
			tr["gzip_request_bodies"]++
		}
		if x.ChunkedResp {
			tr["chunked_responses"]++
		}
		if x.GzipResp {
			tr["gzip_responses"]++
		}
		if x.Close {
			tr["connection_close_requests"]++
		}
	}
	for _, c := range res.Requests {
		if c.NoCreds {
			t.Traffic["unauthenticated_requests"]++
		}
	}
	best := 0
	for h, n := range hosts {
		if n > best || (n == best && h < t.Host) {
			t.Host, best = h, n
		}
	}
	t.Endpoints = mergeUnused(t.Endpoints)
	for _, e := range t.Endpoints {
		e.DistinctPaths = len(e.paths)
		e.Labels = labelsFor(e)
		switch {
		case e.Documented && e.PublicInSpec:
			e.ServerAuth = "public"
		case e.Unauth2xx > 0 && e.Documented:
			e.ServerAuth = "broken"
		case e.Unauth2xx > 0:
			e.ServerAuth = "open"
		case e.forbidden:
			e.ServerAuth = "admin"
		default:
			e.ServerAuth = "required"
		}
	}
	for _, n := range noise {
		t.Noise = append(t.Noise, n)
	}
	sort.Slice(t.Noise, func(i, j int) bool {
		a, b := t.Noise[i], t.Noise[j]
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Method != b.Method {
			return a.Method < b.Method
		}
		return a.Status < b.Status
	})
	s := t.Summary
	for _, e := range t.Endpoints {
		for _, l := range e.Labels {
			s[l]++
		}
		if e.Documented {
			s["documented_in_spec"]++
		}
		if e.Observed {
			s["inventory"]++
			if e.UnauthRequests > 0 {
				s["seen_unauthenticated"]++
				if e.Documented && e.PublicInSpec {
					s["public_seen_unauthenticated"]++
				}
			}
		}
	}
	for _, k := range []string{LabelDocumented, LabelShadow, LabelZombie, LabelUnused, LabelUnauthenticated} {
		s[k] += 0
	}
	s["noise_paths"] = len(t.Noise)
	s["noise_requests"] = t.Traffic["noise_requests"]
	for _, o := range spec.Ops {
		served := false
		for _, r := range routes {
			if (r.Method == o.Method || r.Method == "*") && sameEndpoint(r, o) {
				served = true
				break
			}
		}
		if !served {
			res.Unrouted = append(res.Unrouted, o)
		}
	}
	return res
}

// labelsFor derives the labels from the facts, exactly as the people
// README (and the scorer's LabelsFor) states them.
func labelsFor(e *Endpoint) []string {
	var l []string
	if e.Documented {
		l = append(l, LabelDocumented)
		if !e.Observed {
			l = append(l, LabelUnused)
		}
	} else if e.Observed {
		l = append(l, LabelShadow)
	}
	if e.Deprecated && e.Observed {
		l = append(l, LabelZombie)
	}
	if e.Unauth2xx > 0 && !(e.Documented && e.PublicInSpec) {
		l = append(l, LabelUnauthenticated)
	}
	return l
}

func hostOnly(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if strings.HasPrefix(h, "[") {
		if i := strings.IndexByte(h, ']'); i > 0 {
			return h[1:i]
		}
	}
	if i := strings.LastIndexByte(h, ':'); i > 0 && strings.Count(h, ":") == 1 {
		h = h[:i]
	}
	return h
}

// Summary is a short text report of a labelled capture.
func (l *Labelled) Summary() string {
	t := l.Truth
	routed := 0
	for _, c := range l.Requests {
		if c.Route != nil {
			routed++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: host %s, base path %q: %d requests, %d routed, %d noise (%d noise paths)\n",
		t.Scenario, t.Host, t.BasePath, t.Requests, routed, t.Requests-routed, len(t.Noise))
	fmt.Fprintf(&b, "  endpoints: %d documented (%d observed, %d unused), %d shadow, %d zombie, %d unauthenticated; %d requests without credentials\n",
		t.Summary[LabelDocumented], t.Summary[LabelDocumented]-t.Summary[LabelUnused], t.Summary[LabelUnused],
		t.Summary[LabelShadow], t.Summary[LabelZombie], t.Summary[LabelUnauthenticated], t.Traffic["unauthenticated_requests"])
	return b.String()
}
