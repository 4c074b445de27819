package scenariolab

import (
	"encoding/json"
	"os"
	"sort"
	"strconv"
)

// Truth is truth.json in the sample scenario's format (the fields the
// official scorer reads, plus the informational ones).
type Truth struct {
	Scenario    string          `json:"scenario"`
	Description string          `json:"description"`
	Host        string          `json:"host"`
	BasePath    string          `json:"base_path"`
	Seed        int64           `json:"seed"`
	Spec        string          `json:"spec"`
	Requests    int             `json:"requests"`
	Summary     map[string]int  `json:"summary"`
	Traffic     map[string]int  `json:"traffic"`
	Endpoints   []TruthEndpoint `json:"endpoints"`
	Noise       []TruthNoise    `json:"noise"`
}

// TruthEndpoint is one endpoint of truth.json.
type TruthEndpoint struct {
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
}

// TruthNoise is one noise path of truth.json.
type TruthNoise struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Status int    `json:"status"`
	Count  int    `json:"count"`
	Source string `json:"source"`
}

// Label names, as in the scorer.
const (
	LabelDocumented      = "documented"
	LabelUnused          = "unused"
	LabelShadow          = "shadow"
	LabelZombie          = "zombie"
	LabelUnauthenticated = "unauthenticated"
)

// labelsFor is the scorer's LabelsFor.
func labelsFor(e TruthEndpoint) []string {
	var l []string
	if e.Documented {
		if e.Observed {
			l = append(l, LabelDocumented)
		} else {
			l = append(l, LabelDocumented, LabelUnused)
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

func (p *plan) truth() *Truth {
	s := p.s
	t := &Truth{Scenario: s.Name, Description: s.Description, Host: s.Hosts[0].Name, BasePath: s.BasePath,
		Seed: s.Seed, Spec: Files.Spec, Summary: map[string]int{}}
	eps := make([]TruthEndpoint, len(s.Routes))
	distinct := make([]map[string]bool, len(s.Routes))
	for i, rt := range s.Routes {
		eps[i] = TruthEndpoint{Method: rt.Method, Path: rt.Path, Documented: rt.Documented, Shadow: !rt.Documented,
			Deprecated: rt.Deprecated, PublicInSpec: rt.Documented && rt.publicInSpec(), ServerAuth: rt.Server}
		if rt.Documented {
			eps[i].SpecPath = s.specPath(rt)
			eps[i].OperationID = rt.OperationID
		}
		distinct[i] = map[string]bool{}
	}
	type nk struct{ m, p string }
	noise := map[nk]*TruthNoise{}
	var norder []nk
	for _, c := range p.calls {
		t.Requests++
		if c.route < 0 {
			n := s.Noise[c.noise]
			k := nk{n.Method, n.Path}
			if noise[k] == nil {
				noise[k] = &TruthNoise{Method: n.Method, Path: n.Path, Status: n.Status, Source: n.Source}
				norder = append(norder, k)
			}
			noise[k].Count++
			continue
		}
		e := &eps[c.route]
		e.Observed = true
		e.Hits++
		if e.Statuses == nil {
			e.Statuses = map[string]int{}
		}
		e.Statuses[strconv.Itoa(c.status)]++
		distinct[c.route][c.path] = true
		if c.anon {
			e.UnauthRequests++
			if c.status >= 200 && c.status < 300 {
				e.Unauth2xx++
			}
		}
	}
	for i := range eps {
		eps[i].DistinctPaths = len(distinct[i])
		eps[i].Labels = labelsFor(eps[i])
		e := eps[i]
		if !e.Documented && !e.Observed {
			continue
		}
		t.Endpoints = append(t.Endpoints, e)
		if e.Observed {
			t.Summary["inventory"]++
			if e.UnauthRequests > 0 {
				t.Summary["seen_unauthenticated"]++
				if e.PublicInSpec {
					t.Summary["public_seen_unauthenticated"]++
				}
			}
		}
		if e.Documented {
			t.Summary["documented"]++
			t.Summary["documented_in_spec"]++
		}
		for _, l := range e.Labels {
			if l != LabelDocumented {
				t.Summary[l]++
			}
		}
	}
	sort.SliceStable(norder, func(i, j int) bool {
		a, b := noise[norder[i]], noise[norder[j]]
		if a.Source != b.Source {
			return a.Source > b.Source // scanner, probe, dead
		}
		return a.Path < b.Path
	})
	for _, k := range norder {
		t.Noise = append(t.Noise, *noise[k])
		t.Summary["noise_paths"]++
		t.Summary["noise_requests"] += noise[k].Count
	}
	return t
}

func writeTruth(path string, t *Truth) error {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
