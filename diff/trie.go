package diff

import (
	"maps"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// Path matching.
//
// Templates are split on "/" (empty segments dropped, so a trailing slash and
// repeated slashes are ignored). A segment is a literal, a parameter
// ("{id}", which matches exactly one non-empty segment, or several in a
// span) or a pattern (a segment mixing literals and parameters, such as
// "{Sid}.json"). Literals compare case-sensitively and byte for byte after
// percent-decoding the observed segment: HTTP paths are case-sensitive and
// so are the servers the specs describe.
//
// A concrete observed segment matching a spec parameter must also satisfy
// that parameter's schema where it can be checked (type integer/number/
// boolean, format uuid, pattern, enum, min/maxLength, minimum/maximum): a
// literal "export" does not match "{employeeId}" with pattern ^E[0-9]{6}$.
//
// An observed parameter segment ("{x}", ":x", "<x>", or a masked value
// containing "*") matches any spec parameter or pattern; it matches a spec
// literal only as a "weak" match, allowed when the endpoint has no concrete
// examples to decide with.
//
// Precedence among candidates: fewer weak matches, then the lower total rank
// (literal 0, pattern 1, parameter 2, weak 3: literals beat parameters, then
// fewer parameters), then the earliest literal from the left, then spec and
// document order.
//
// Spans (see span.go): when no route matches with one segment per
// parameter, a second walk lets one spec parameter take several observed
// segments (a file path in /contents/{filepath}). Every segment a span takes
// after its first ranks rankSpan, so shorter spans and more literals win.

type segKind uint8

const (
	segLit segKind = iota
	segPattern
	segParam
)

type segment struct {
	kind  segKind
	lit   string   // literal value; for patterns the skeleton ("{}.json")
	parts []string // pattern: literal pieces around the parameters (len(names)+1)
	names []string // parameter names
	// multi (observed paths only): the segment belongs to a parameter the
	// inventory marked MultiSegment, so a spec parameter may span it.
	multi bool
}

// parseTemplate parses a spec path template; literal segments are
// percent-decoded, as observed ones are.
func parseTemplate(p string) []segment {
	var segs []segment
	for _, s := range strings.Split(p, "/") {
		if s == "" {
			continue
		}
		seg := parseSegment(s)
		if seg.kind == segLit {
			if d, err := url.PathUnescape(s); err == nil {
				seg.lit = d
			}
		}
		segs = append(segs, seg)
	}
	return segs
}

// parseSegment parses one template segment.
func parseSegment(s string) segment {
	if !strings.Contains(s, "{") {
		return segment{kind: segLit, lit: s}
	}
	var parts, names []string
	rest := s
	for {
		i := strings.IndexByte(rest, '{')
		if i < 0 {
			parts = append(parts, rest)
			break
		}
		j := strings.IndexByte(rest[i:], '}')
		if j < 0 {
			return segment{kind: segLit, lit: s}
		}
		parts = append(parts, rest[:i])
		names = append(names, rest[i+1:i+j])
		rest = rest[i+j+1:]
	}
	if len(names) == 1 && parts[0] == "" && parts[1] == "" {
		return segment{kind: segParam, names: names}
	}
	return segment{kind: segPattern, lit: strings.Join(parts, "{}"), parts: parts, names: names}
}

// parseObserved parses an observed path or template: like parseTemplate, but
// ":x" and "<x>" segments and masked values (containing "*") are parameters,
// and literal segments are percent-decoded.
func parseObserved(p string) []segment {
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	var segs []segment
	for _, s := range strings.Split(p, "/") {
		switch {
		case s == "":
			continue
		case len(s) > 1 && s[0] == ':',
			len(s) > 2 && s[0] == '<' && s[len(s)-1] == '>',
			strings.Contains(s, "*"):
			segs = append(segs, segment{kind: segParam, names: []string{strings.Trim(s, ":<>")}})
			continue
		}
		seg := parseSegment(s)
		if seg.kind == segLit {
			if d, err := url.PathUnescape(s); err == nil {
				seg.lit = d
			}
		}
		segs = append(segs, seg)
	}
	return segs
}

// globMatch reports whether v fits the pattern parts, each parameter taking
// at least one byte.
func globMatch(parts []string, v string) bool {
	if len(parts) < 2 {
		return len(parts) == 1 && parts[0] == v
	}
	first, last := parts[0], parts[len(parts)-1]
	if !strings.HasPrefix(v, first) || !strings.HasSuffix(v, last) || len(v) < len(first)+len(last) {
		return false
	}
	mid := v[len(first) : len(v)-len(last)]
	pos := 0
	for _, p := range parts[1 : len(parts)-1] {
		if pos+1 > len(mid) {
			return false
		}
		i := strings.Index(mid[pos+1:], p)
		if i < 0 {
			return false
		}
		pos += 1 + i + len(p)
	}
	return len(mid)-pos >= 1
}

// patternValue extracts the single parameter value of a one-parameter
// pattern segment from v (already known to match).
func patternValue(parts []string, v string) string {
	return v[len(parts[0]) : len(v)-len(parts[1])]
}

type node struct {
	lit    map[string]*node
	pats   map[string]*patEdge
	patKey []string // sorted keys of pats, most literal characters first
	param  *node
	routes []*route
	// greedy: a route declares this parameter node multi-segment, greedy
	// ({proxy+}) or named a path ({filepath}), so it may span without
	// evidence from the observed values (spanRouteOK has the last word).
	greedy bool
}

type patEdge struct {
	parts []string
	next  *node
}

type route struct {
	op   *operation
	segs []segment
	base string
}

func newNode() *node { return &node{} }

func (n *node) insert(segs []segment, r *route) {
	for _, s := range segs {
		switch s.kind {
		case segLit:
			if n.lit == nil {
				n.lit = map[string]*node{}
			}
			c := n.lit[s.lit]
			if c == nil {
				c = newNode()
				n.lit[s.lit] = c
			}
			n = c
		case segParam:
			if n.param == nil {
				n.param = newNode()
			}
			n = n.param
			n.greedy = n.greedy || greedyName(s.names[0]) || pathName(s.names[0])
		case segPattern:
			if n.pats == nil {
				n.pats = map[string]*patEdge{}
			}
			e := n.pats[s.lit]
			if e == nil {
				e = &patEdge{parts: s.parts, next: newNode()}
				n.pats[s.lit] = e
				n.patKey = append(n.patKey, s.lit)
				sort.Slice(n.patKey, func(i, j int) bool {
					a, b := n.patKey[i], n.patKey[j]
					if len(a) != len(b) {
						return len(a) > len(b)
					}
					return a < b
				})
			}
			n = e.next
		}
	}
	n.routes = append(n.routes, r)
}

// Match ranks.
const (
	rankLit     = 0
	rankPattern = 1
	rankParam   = 2
	rankWeak    = 3
	// rankSpan: each observed segment a spanning parameter takes after its
	// first one.
	rankSpan = 4
)

// maxVisits bounds the nodes one lookup visits.
const maxVisits = 4096

type cand struct {
	r     *route
	weak  int
	score int
	vec   []uint8
	spec  int // index of the spec among those searched
	// prefix is the inferred prefix ("/v1") the host puts before the
	// route's base path (specUse.prefix), "" mostly
	prefix string
}

type matcher struct {
	obs         []segment
	allowWeak   bool
	checkSchema bool
	spec        int
	visits      int
	vec         []uint8
	out         []cand
	// span enables the span walk: only candidates where one spec parameter
	// took spanLen (>= 2) observed segments from spanAt on are kept.
	span    bool
	spanAt  int
	spanLen int
	spanEv  bool // the observed values gave evidence for the span
}

func (m *matcher) walk(n *node, i int) {
	m.visits++
	if m.visits > maxVisits {
		return
	}
	if i == len(m.obs) {
		if m.span && m.spanLen == 0 {
			return // exact matches are the first walk's
		}
		for _, r := range n.routes {
			if m.spanLen > 0 && !spanRouteOK(r, m.obs, m.spanAt, m.spanLen, m.spanEv, m.checkSchema) {
				continue
			}
			if m.checkSchema && !schemaOK(r, m.obs, m.spanAt, m.spanLen) {
				continue
			}
			c := cand{r: r, spec: m.spec, vec: append([]uint8(nil), m.vec...)}
			for _, v := range m.vec {
				c.score += int(v)
				if v == rankWeak {
					c.weak++
				}
			}
			m.out = append(m.out, c)
		}
		return
	}
	if m.span && m.spanLen == 0 && n.param != nil {
		m.spanStep(n.param, i)
	}
	o := m.obs[i]
	step := func(c *node, rank uint8) {
		m.vec = append(m.vec, rank)
		m.walk(c, i+1)
		m.vec = m.vec[:len(m.vec)-1]
	}
	switch o.kind {
	case segLit:
		if c := n.lit[o.lit]; c != nil {
			step(c, rankLit)
		}
		for _, k := range n.patKey {
			if e := n.pats[k]; globMatch(e.parts, o.lit) {
				step(e.next, rankPattern)
			}
		}
		if n.param != nil {
			step(n.param, rankParam)
		}
	case segParam:
		for _, k := range n.patKey {
			step(n.pats[k].next, rankPattern)
		}
		if n.param != nil {
			step(n.param, rankParam)
		}
		if m.allowWeak {
			for _, k := range slices.Sorted(maps.Keys(n.lit)) {
				step(n.lit[k], rankWeak)
			}
		}
	case segPattern:
		if e := n.pats[o.lit]; e != nil {
			step(e.next, rankPattern)
		}
		if n.param != nil {
			step(n.param, rankParam)
		}
		if m.allowWeak {
			for _, k := range slices.Sorted(maps.Keys(n.lit)) {
				if globMatch(o.parts, k) {
					step(n.lit[k], rankWeak)
				}
			}
		}
	}
}

// schemaOK checks the concrete observed values against the route's
// parameter schemas. With a span (spanLen >= 2 segments from spanAt), the
// spanning parameter is spanRouteOK's to check and the segments after it
// shift by spanLen-1.
func schemaOK(r *route, obs []segment, spanAt, spanLen int) bool {
	for i, s := range r.segs {
		j := i
		if spanLen > 0 && i >= spanAt {
			if i == spanAt {
				continue
			}
			j = i + spanLen - 1
		}
		if j >= len(obs) {
			return false
		}
		o := obs[j]
		if o.kind != segLit {
			continue
		}
		switch {
		case s.kind == segParam:
			if !r.op.param(s.names[0]).accepts(o.lit) {
				return false
			}
		case s.kind == segPattern && len(s.names) == 1:
			if !r.op.param(s.names[0]).accepts(patternValue(s.parts, o.lit)) {
				return false
			}
		}
	}
	return true
}

// better reports whether a ranks before b.
func (a *cand) better(b *cand) bool {
	if a.weak != b.weak {
		return a.weak < b.weak
	}
	if a.score != b.score {
		return a.score < b.score
	}
	for i := 0; i < len(a.vec) && i < len(b.vec); i++ {
		if a.vec[i] != b.vec[i] {
			return a.vec[i] < b.vec[i]
		}
	}
	if a.spec != b.spec {
		return a.spec < b.spec
	}
	return a.r.op.index < b.r.op.index
}
