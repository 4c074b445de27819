package scenariolab

import (
	"encoding/base64"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// call is one planned HTTP exchange.
type call struct {
	route    int // index in Scenario.Routes, -1 for noise
	noise    int // index in Scenario.Noise, -1 for a route
	client   int // index in Scenario.Clients, -1 = anonymous
	host     int
	path     string // concrete path, no query
	target   string // request target (path, quirks, query)
	status   int
	critical bool
	warmup   bool
	anon     bool
}

// plan is the whole planned traffic, before bytes and packets.
type plan struct {
	s     *Scenario
	calls []call
	conns []*connPlan
}

type connPlan struct {
	client   int
	host     int
	calls    []int // indices into plan.calls
	http10   bool
	close    bool // last request says Connection: close
	critical bool
	warmup   bool
	hostHdr  string
	pipeline map[int]bool // call position i is pipelined with i+1
}

// Files names the files Generate writes.
var Files = struct{ Spec, Base, Impaired, Midstream, Truth string }{
	"openapi.yaml", "scenario.pcap", "scenario-impaired.pcap", "scenario-midstream.pcap", "truth.json",
}

// Generate writes the scenario's spec, the three captures and truth.json
// into dir (created if needed). The output depends only on the definition.
func Generate(s *Scenario, dir string) (*Truth, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	r := rand.New(rand.NewSource(s.Seed))
	p := makePlan(s, r)
	tr := p.truth()
	spec, err := Spec(s)
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, Files.Spec), spec, 0o644); err != nil {
		return nil, err
	}
	w := newWirer(s, r)
	pk, cut := p.packets(w, r)
	tr.Traffic = w.traffic(p)
	if err := writePcap(filepath.Join(dir, Files.Base), pk); err != nil {
		return nil, err
	}
	if err := writePcap(filepath.Join(dir, Files.Impaired), impair(pk, r)); err != nil {
		return nil, err
	}
	if err := writePcap(filepath.Join(dir, Files.Midstream), midstream(pk, cut)); err != nil {
		return nil, err
	}
	if err := writeTruth(filepath.Join(dir, Files.Truth), tr); err != nil {
		return nil, err
	}
	return tr, nil
}

func (s *Scenario) clientsWhere(f func(Client) bool) []int {
	var out []int
	for i, c := range s.Clients {
		if f(c) {
			out = append(out, i)
		}
	}
	return out
}

func weighted(r *rand.Rand, s *Scenario, idx []int) int {
	tot := 0
	for _, i := range idx {
		tot += max(1, s.Clients[i].Weight)
	}
	n := r.Intn(tot)
	for _, i := range idx {
		n -= max(1, s.Clients[i].Weight)
		if n < 0 {
			return i
		}
	}
	return idx[len(idx)-1]
}

func fill(r *rand.Rand, tmpl string, pools map[string][]string) string {
	segs := strings.Split(tmpl, "/")
	for i, seg := range segs {
		if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
			ps := pools[seg[1:len(seg)-1]]
			segs[i] = ps[r.Intn(len(ps))]
		}
	}
	return strings.Join(segs, "/")
}

func makePlan(s *Scenario, r *rand.Rand) *plan {
	p := &plan{s: s}
	// one pool per parameter name, shared by the routes that use it
	pools := map[string][]string{}
	var names []string
	gens := map[string]IDGen{}
	for _, rt := range s.Routes {
		for n, g := range rt.Params {
			if _, ok := gens[n]; !ok {
				names = append(names, n)
			}
			gens[n] = g
		}
	}
	sort.Strings(names)
	for _, n := range names {
		pools[n] = pool(r, gens[n])
	}
	authed := s.clientsWhere(func(c Client) bool { return c.Style != StyleNone && !c.Admin })
	admins := s.clientsWhere(func(c Client) bool { return c.Style != StyleNone && c.Admin })
	anons := s.clientsWhere(func(c Client) bool { return c.Style == StyleNone && c.Name != "scanner" })
	if len(admins) == 0 {
		admins = authed
	}
	if len(anons) == 0 {
		anons = []int{-1}
	}
	for ri, rt := range s.Routes {
		firstOK, firstAnonOK := true, true
		for k := 0; k < rt.Hits; k++ {
			c := call{route: ri, noise: -1, host: rt.HostIdx}
			if rt.AnyHost {
				c.host = r.Intn(len(s.Hosts))
			}
			c.path = fill(r, rt.Path, pools)
			ok := rt.successStatus()
			switch {
			case k < rt.UnauthHits:
				c.anon = true
				c.client = anons[r.Intn(len(anons))]
				if rt.Server == AuthRequired || rt.Server == AuthAdmin {
					c.status = 401
				} else {
					c.status = ok
				}
			case rt.Server == AuthAdmin && k < rt.UnauthHits+rt.NonAdminHits:
				c.client = weighted(r, s, authed)
				c.status = 403
			case rt.Server == AuthAdmin:
				c.client = weighted(r, s, admins)
				c.status = ok
			default:
				c.client = weighted(r, s, authed)
				c.status = ok
			}
			if rt.Client != "" {
				if only := s.clientsWhere(func(cl Client) bool { return cl.Name == rt.Client }); len(only) > 0 {
					c.client = only[0]
				}
			}
			if c.status < 400 {
				if firstOK || (c.anon && firstAnonOK) {
					c.critical = true
					firstOK = false
					if c.anon {
						firstAnonOK = false
					}
				} else if rt.ErrRate > 0 && !c.anon && r.Float64() < rt.ErrRate {
					if rt.ErrStatus != 0 {
						c.status = rt.ErrStatus
					} else if rt.Method == "GET" || rt.Method == "DELETE" {
						c.status = 404
					} else {
						c.status = 422
					}
				}
			}
			c.target = c.path
			if rt.Query != nil && !(rt.QueryAuthOnly && c.anon) {
				if q := rt.Query(r); q != "" {
					c.target += "?" + q
				}
			}
			p.calls = append(p.calls, c)
		}
	}
	for ni, n := range s.Noise {
		for k := 0; k < n.Count; k++ {
			c := call{route: -1, noise: ni, host: 0, path: n.Path, target: n.Path, status: n.Status, anon: !n.Auth, client: -1}
			if n.Auth {
				c.client = weighted(r, s, authed)
			} else if sc := s.clientsWhere(func(c Client) bool { return c.Name == n.Source }); len(sc) > 0 {
				c.client = sc[0]
			} else {
				c.client = anons[r.Intn(len(anons))]
			}
			p.calls = append(p.calls, c)
		}
	}
	r.Shuffle(len(p.calls), func(i, j int) { p.calls[i], p.calls[j] = p.calls[j], p.calls[i] })

	// group into connections per (client, host), in shuffled order
	type key struct{ client, host int }
	open := map[key]*connPlan{}
	var order []*connPlan
	for i, c := range p.calls {
		k := key{c.client, c.host}
		cp := open[k]
		if cp == nil || len(cp.calls) >= cap(cp.calls) {
			http10 := r.Float64() < s.HTTP10 || (c.client >= 0 && s.Clients[c.client].HTTP10)
			n := 1 + r.Intn(10)
			if http10 {
				n = 1
			}
			cp = &connPlan{client: c.client, host: c.host, calls: make([]int, 0, n), http10: http10, pipeline: map[int]bool{}}
			cp.close = !http10 && r.Float64() < s.Close
			open[k] = cp
			order = append(order, cp)
		}
		cp.calls = append(cp.calls, i)
		if c.critical {
			cp.critical = true
		}
	}
	// warm-up connections: long keep-alive conversations that the
	// mid-stream capture joins late; authenticated calls on observed routes
	var warm []int
	for ri, rt := range s.Routes {
		if rt.Hits > rt.UnauthHits && rt.Server != AuthAdmin && rt.Documented && !rt.Deprecated {
			warm = append(warm, ri)
		}
	}
	var warmConns []*connPlan
	if len(warm) > 0 && len(authed) > 0 {
		for w := 0; w < s.WarmupConns; w++ {
			cp := &connPlan{client: weighted(r, s, authed), host: 0, warmup: true, pipeline: map[int]bool{}}
			for k := 0; k < 8+r.Intn(6); k++ {
				ri := warm[r.Intn(len(warm))]
				rt := s.Routes[ri]
				if rt.HostIdx != 0 && !rt.AnyHost {
					continue
				}
				c := call{route: ri, noise: -1, client: cp.client, host: 0, warmup: true, status: rt.successStatus()}
				c.path = fill(r, rt.Path, pools)
				c.target = c.path
				cp.calls = append(cp.calls, len(p.calls))
				p.calls = append(p.calls, c)
			}
			if len(cp.calls) > 0 {
				warmConns = append(warmConns, cp)
			}
		}
	}
	p.conns = append(warmConns, order...)
	for _, cp := range p.conns {
		cp.hostHdr = s.Hosts[cp.host].Name
		if cp.host == 0 && len(s.HostSpellings) > 0 {
			cp.hostHdr = s.HostSpellings[r.Intn(len(s.HostSpellings))]
		} else if port := s.Hosts[cp.host].Port; port != 80 && port != 443 {
			cp.hostHdr = fmt.Sprintf("%s:%d", s.Hosts[cp.host].Name, port)
		}
		if !cp.http10 {
			for i := 0; i+1 < len(cp.calls); i++ {
				if r.Float64() < s.Pipeline {
					cp.pipeline[i] = true
				}
			}
		}
	}
	return p
}

func basicCred(user, pass string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}
