package diff

import (
	"slices"
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
// (/projects/archive/export) is not mistaken for a value. Every aligned
// position takes the spec's parameter name, so two explosions of one
// undocumented route (/data/acme/{acmeId}/{acmeSubId}/count and
// /data/acme/{acmeId}/orders/count) become one finding; literal exceptions
// (a route word beside a templated sibling) are aligned too.
//
// Spanned matches count too: the values around a span (owner and repo of
// /repos/kim/site/contents/docs/a.md) are recorded at their route
// positions, the span's joined value at the spanning parameter's. A run of
// literals may take a spec parameter's place as one span when that joined
// value was recorded, or when the match rules would let the parameter span
// it (span.go): /repos/kim/site/contents/docs/a.md/blame is reported as
// /repos/{owner}/{repo}/contents/{filepath}/blame.

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
	route := parseTemplate(r.op.fullPath(r.base)) // r.base holds an inferred prefix too
	note := func(p string) {
		obs := parseObserved(p)
		at, n, ok := spanFit(route, obs)
		if !ok {
			return
		}
		for i, s := range route {
			if s.kind != segParam {
				continue
			}
			switch {
			case i == at:
				if v, lit := joinLits(obs[i : i+n]); lit {
					d.valueEvidence[valueKey(host, route[:i], v)] = true
				}
			case at >= 0 && i > at:
				if o := obs[i+n-1]; o.kind == segLit {
					d.valueEvidence[valueKey(host, route[:i], o.lit)] = true
				}
			case obs[i].kind == segLit:
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
// Literals and single-segment parameters in a spec parameter's place get
// the spec's name; patterns and multi-segment parameters keep theirs.
func (d *differ) alignPrefix(host, p string) string {
	full := parseObserved(p)
	if len(full) < 2 {
		return ""
	}
	// bestOff: the segments of a prefix the host puts before the spec's
	// paths (inferPrefixes), kept as they are
	bestDepth, bestSubs, bestOff := 0, 0, 0
	var bestPrefix []segment
	var bestWidths []int
	for _, u := range d.applies[host] {
		s := d.specs[u.idx]
		t := s.trie
		if u.root {
			t = s.rootTrie
		}
		obs, ok := u.stripPrefix(full)
		if !ok || len(obs) < 2 {
			continue
		}
		off := len(u.prefix)
		// value evidence is keyed by the route's full prefix (recordValues)
		vkey := func(cur []segment, v string) string {
			if off == 0 {
				return valueKey(host, cur, v)
			}
			return valueKey(host, append(slices.Clip(full[:off]), cur...), v)
		}
		// cur is the aligned prefix in route positions; widths holds how
		// many observed segments each took (more than one for a span).
		var cur []segment
		var widths []int
		visits := 0
		var walk func(n *node, i, subs int, spanned bool)
		push := func(sg segment, w int) {
			cur, widths = append(cur, sg), append(widths, w)
		}
		pop := func() {
			cur, widths = cur[:len(cur)-1], widths[:len(widths)-1]
		}
		walk = func(n *node, i, subs int, spanned bool) {
			visits++
			if visits > maxVisits || i >= len(obs) {
				return
			}
			if i > bestDepth && subs > 0 || i == bestDepth && subs > bestSubs {
				bestDepth, bestSubs, bestOff = i, subs, off
				bestPrefix = append(bestPrefix[:0], cur...)
				bestWidths = append(bestWidths[:0], widths...)
			}
			o := obs[i]
			if o.kind == segLit {
				if c := n.lit[o.lit]; c != nil {
					push(o, 1)
					walk(c, i+1, subs, spanned)
					pop()
				}
			}
			if n.param == nil {
				return
			}
			switch {
			case o.kind == segParam && !o.multi:
				// Already a parameter: it takes the spec's name, so that
				// the inventory's names for one position ({nocoSubId},
				// {tableName} from two explosions) give one template.
				push(segment{kind: segParam, names: []string{paramNameBelow(n.param, len(cur))}}, 1)
				walk(n.param, i+1, subs, spanned)
				pop()
			case o.kind != segLit:
				// a pattern or a multi-segment parameter keeps its form
				push(o, 1)
				walk(n.param, i+1, subs, spanned)
				pop()
			case d.valueEvidence[vkey(cur, o.lit)]:
				push(segment{kind: segParam, names: []string{paramNameBelow(n.param, len(cur))}}, 1)
				walk(n.param, i+1, subs+1, spanned)
				pop()
			}
			if spanned || o.kind != segLit {
				return
			}
			// At most one span per alignment, over literals only.
			for k := 2; i+k < len(obs) && k <= maxSpan && obs[i+k-1].kind == segLit; k++ {
				if visits > maxVisits {
					return
				}
				v, _ := joinLits(obs[i : i+k])
				if !d.valueEvidence[vkey(cur, v)] && !d.alignSpanOK(n.param, len(cur), obs[i:i+k]) {
					continue
				}
				push(segment{kind: segParam, names: []string{paramNameBelow(n.param, len(cur))}}, k)
				walk(n.param, i+k, subs+1, true)
				pop()
			}
		}
		walk(t, 0, 0, false)
	}
	if bestSubs == 0 || bestDepth == 0 || bestOff+bestDepth >= len(full) {
		return ""
	}
	parts := strings.Split(strings.Trim(p, "/"), "/")
	var b strings.Builder
	for _, x := range parts[:bestOff] {
		b.WriteByte('/')
		b.WriteString(x)
	}
	at := bestOff
	for i, s := range bestPrefix {
		b.WriteByte('/')
		if s.kind == segParam && len(s.names) == 1 && s.lit == "" {
			b.WriteString("{" + s.names[0] + "}")
		} else {
			b.WriteString(parts[at])
		}
		at += bestWidths[i]
	}
	for _, x := range parts[bestOff+bestDepth:] {
		b.WriteByte('/')
		b.WriteString(x)
	}
	return b.String()
}

// paramNameBelow finds the name a route below the parameter node n gives
// the parameter at position i (the first route found), or "param".
func paramNameBelow(n *node, i int) string {
	if r := routeBelow(n, i); r != nil {
		return r.segs[i].names[0]
	}
	return "param" + strconv.Itoa(i)
}

// alignSpanOK reports whether the literals segs may take the place of the
// parameter node p at route position i as one span: the match rules'
// evidence (span.go), checked against the schema of a route below p.
func (d *differ) alignSpanOK(p *node, i int, segs []segment) bool {
	if !spanEvidence(p, segs) {
		return false
	}
	r := routeBelow(p, i)
	if r == nil {
		return false
	}
	pc := r.op.param(r.segs[i].names[0])
	if !pc.spans() {
		return false
	}
	v, _ := joinLits(segs)
	return d.opts.NoParamSchemas || pc.accepts(v)
}
