package diff

import (
	"strconv"
	"strings"

	"github.com/shadowtap/shadowtap/inventory"
)

// Prefix alignment. An undocumented endpoint under a documented,
// parametrised prefix (/projects/kim/site/mirrors beside the documented
// /projects/{owner}/{project}/branches) is reported on the spec's
// template for the prefix (/projects/{owner}/{project}/mirrors): the spec
// says which positions are parameters, and the traffic says which
// concrete values filled them. A literal takes a spec parameter's place
// only when the same value filled that parameter in a documented call of
// the same host (valueEvidence), so a route word the spec does not know
// (/projects/archive/export) is not mistaken for a value.

// valueKey names one (host, parameter position, value) fact: prefix is the
// spec route's segments before the position, parameters as "{}".
func valueKey(host string, prefix []segment, value string) string {
	var b strings.Builder
	b.WriteString(host)
	b.WriteByte(0)
	for _, s := range prefix {
		if s.kind == segLit {
			b.WriteString(s.lit)
		} else {
			b.WriteString("{}")
		}
		b.WriteByte('/')
	}
	b.WriteByte(0)
	b.WriteString(value)
	return b.String()
}

// maxValueEvidence bounds the facts kept per Diff run.
const maxValueEvidence = 1 << 16

// recordValues notes which concrete literals of e (its template and its
// examples) filled parameters of op's route.
func (d *differ) recordValues(e *inventory.Endpoint, host string, r lookupResult) {
	if r.op == nil || len(d.valueEvidence) >= maxValueEvidence {
		return
	}
	if d.valueEvidence == nil {
		d.valueEvidence = map[string]bool{}
	}
	route := parseTemplate(r.op.fullPath(r.base))
	note := func(p string) {
		obs := parseObserved(p)
		if len(obs) != len(route) {
			return
		}
		for i, s := range route {
			if s.kind == segParam && obs[i].kind == segLit {
				d.valueEvidence[valueKey(host, route[:i], obs[i].lit)] = true
			}
		}
	}
	note(e.Path)
	for i, x := range e.Examples {
		if i >= 64 {
			break
		}
		note(x)
	}
}

// alignPrefix returns the template p is reported on after prefix
// alignment, or "" when no spec prefix took a literal of p as a value.
// Observed parameters keep their names; literals that took a spec
// parameter's place get the spec's name.
func (d *differ) alignPrefix(host, p string) string {
	obs := parseObserved(p)
	if len(obs) < 2 {
		return ""
	}
	bestDepth, bestSubs := 0, 0
	var bestPrefix []segment
	for _, u := range d.applies[host] {
		s := d.specs[u.idx]
		t := s.trie
		if u.root {
			t = s.rootTrie
		}
		var cur []segment
		visits := 0
		var walk func(n *node, i, subs int)
		walk = func(n *node, i, subs int) {
			visits++
			if visits > maxVisits || i >= len(obs) {
				return
			}
			if i > bestDepth && subs > 0 || i == bestDepth && subs > bestSubs {
				bestDepth, bestSubs = i, subs
				bestPrefix = append(bestPrefix[:0], cur...)
			}
			o := obs[i]
			if o.kind == segLit {
				if c := n.lit[o.lit]; c != nil {
					cur = append(cur, o)
					walk(c, i+1, subs)
					cur = cur[:len(cur)-1]
				}
			}
			if n.param != nil {
				switch {
				case o.kind != segLit:
					// already a parameter: it keeps its observed name
					cur = append(cur, o)
					walk(n.param, i+1, subs)
					cur = cur[:len(cur)-1]
				case d.valueEvidence[valueKey(host, cur, o.lit)]:
					cur = append(cur, segment{kind: segParam, names: []string{paramNameBelow(n.param, len(cur))}})
					walk(n.param, i+1, subs+1)
					cur = cur[:len(cur)-1]
				}
			}
		}
		walk(t, 0, 0)
	}
	if bestSubs == 0 || bestDepth == 0 || bestDepth >= len(obs) {
		return ""
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	var b strings.Builder
	for i, s := range bestPrefix {
		b.WriteByte('/')
		if s.kind == segParam && len(s.names) == 1 && s.lit == "" {
			b.WriteString("{" + s.names[0] + "}")
		} else {
			b.WriteString(parts[i])
		}
	}
	for _, x := range parts[bestDepth:] {
		b.WriteByte('/')
		b.WriteString(x)
	}
	return b.String()
}

// paramNameBelow finds the name a route below the parameter node n gives
// the parameter at position i (the first route found), or "param".
func paramNameBelow(n *node, i int) string {
	visits := 0
	var find func(n *node) string
	find = func(n *node) string {
		visits++
		if visits > 256 {
			return ""
		}
		for _, r := range n.routes {
			if i < len(r.segs) && r.segs[i].kind == segParam && len(r.segs[i].names) > 0 {
				return r.segs[i].names[0]
			}
		}
		for _, k := range sortedKeys(n.lit) {
			if s := find(n.lit[k]); s != "" {
				return s
			}
		}
		if n.param != nil {
			return find(n.param)
		}
		return ""
	}
	if s := find(n); s != "" {
		return s
	}
	return "param" + strconv.Itoa(i)
}
