package diff

import (
	"maps"
	"slices"
	"strings"

	"github.com/shadowtap/shadowtap/inventory"
)

// Multi-segment parameters (spans). Real APIs take file paths in one
// parameter (a code host's /repos/{owner}/{repo}/contents/{filepath}, object-store
// keys, notebook paths), and their routers let it hold slashes. A lookup
// first walks with one segment per parameter; only when no route of any
// applicable spec matches that way does a second walk let one spec
// parameter (never a pattern segment) take two or more observed segments.
// At most one parameter spans per match, a span takes at most maxSpan
// segments, and the walk shares the maxVisits bound, so the search stays
// polynomial in the path length.
//
// The observed values must say the segments are a path, since a generic
// parameter must not swallow undocumented sub-resources
// (/users/42/secret-admin/export under /users/{id}). A span is allowed when
//
//   - every spanned segment belongs to a parameter the inventory marked
//     MultiSegment (the template's parameter, or the segments of an example
//     it covers), or
//   - the last spanned segment is a file name (name.ext), no other spanned
//     segment is a generated record id (recordID), and the spec
//     parameter has no sub-resources of its own: no parameter below it and
//     at most maxSpanSubresources literal children (/repos/{owner}/{repo}
//     documents dozens; an unknown kim/site/media/a.png under it is an
//     undocumented sub-resource, not a repository named site/media/a.png),
//   - or the spec declares the parameter greedy ({proxy+}, {Key+}: AWS API
//     Gateway and S3 style),
//   - or the spec names it a path ({path}, {filepath}, {file_path}) and no
//     spanned segment but the last is a file name: routers give such a
//     parameter the rest of the URL (a code host's contents/*, a notebook
//     server's contents, a secrets store's mount paths), so a directory
//     (docs/guide) spans too; but a file has no children, so what follows
//     one (docs/a.md/blame) is an undocumented sub-resource,
//
// and the parameter's schema does not forbid it: integer, number, boolean
// and uuid parameters, and formats whose values hold no slash (date, email,
// int64, ...), never span; a pattern, enum or length bound must accept the
// joined value ("docs/guide/a.md") when every spanned segment is concrete.

// maxSpan bounds the observed segments one spanning parameter takes.
const maxSpan = 32

// maxSpanSubresources is the most literal children a spec parameter may
// have and still span on a file-name tail alone: a file-path parameter
// carries at most a handful of per-file views (/contents/{path}/checkpoints),
// while a record parameter such as /repos/{owner}/{repo} documents dozens.
const maxSpanSubresources = 2

// spanStep tries every span of the parameter node p from observed segment
// i on (the walk reached p's parent at i).
func (m *matcher) spanStep(p *node, i int) {
	for k := 2; i+k <= len(m.obs) && k <= maxSpan; k++ {
		if m.visits > maxVisits {
			return
		}
		ev := spanEvidence(p, m.obs[i:i+k])
		if !ev && !p.greedy {
			continue
		}
		m.spanAt, m.spanLen, m.spanEv = i, k, ev
		m.vec = append(m.vec, rankParam)
		for j := 1; j < k; j++ {
			m.vec = append(m.vec, rankSpan)
		}
		m.walk(p, i+k)
		m.vec = m.vec[:len(m.vec)-k]
		m.spanAt, m.spanLen, m.spanEv = 0, 0, false
	}
}

// spanEvidence reports whether the observed segments segs say a path fills
// the spec parameter node p (see the rules above; the schema is
// spanRouteOK's).
func spanEvidence(p *node, segs []segment) bool {
	hinted := true
	for _, s := range segs {
		if !s.multi {
			hinted = false
			break
		}
	}
	if hinted {
		return true
	}
	if !fileLike(segText(segs[len(segs)-1])) {
		return false
	}
	for _, s := range segs[:len(segs)-1] {
		if s.kind == segLit && recordID(s.lit) {
			return false
		}
	}
	return p.param == nil && len(p.lit)+len(p.pats) <= maxSpanSubresources
}

// recordID reports whether a segment is a generated record id (UUID,
// ObjectId, ULID, KSUID). Directories are named by people; an id followed
// by a file name is a record and its file (/assets/{id}/{filename}), not
// one path, so it gives no evidence for a span.
func recordID(s string) bool {
	switch inventory.Classify(s, 1, "") {
	case inventory.KindUUID, inventory.KindObjectID, inventory.KindULID, inventory.KindKSUID:
		return true
	}
	return false
}

// spanRouteOK checks a spanned match against route r: the spanning
// parameter (route segment at, taking n observed segments from at on) must
// be declared greedy unless the observed values gave evidence (ev), its
// type and format must allow a slash, and with checkSchema a concrete
// joined value must fit its pattern, enum and length bounds.
func spanRouteOK(r *route, obs []segment, at, n int, ev, checkSchema bool) bool {
	if at >= len(r.segs) || r.segs[at].kind != segParam {
		return false
	}
	name := r.segs[at].names[0]
	if !ev && !greedyName(name) && !(pathName(name) && !innerFile(obs[at:at+n])) {
		return false
	}
	pc := r.op.param(name)
	if !pc.spans() {
		return false
	}
	if !checkSchema {
		return true
	}
	v, ok := joinLits(obs[at : at+n])
	return !ok || pc.accepts(v)
}

// joinLits joins segments with "/" when every one is a literal.
func joinLits(segs []segment) (string, bool) {
	var b strings.Builder
	for i, s := range segs {
		if s.kind != segLit {
			return "", false
		}
		if i > 0 {
			b.WriteByte('/')
		}
		b.WriteString(s.lit)
	}
	return b.String(), true
}

// segText is the text a segment shows for the file-name test: the literal,
// a pattern's skeleton ("{}.json"), or a masked value ("app.****.js").
func segText(s segment) string {
	switch {
	case s.kind != segParam:
		return s.lit
	case len(s.names) == 1 && strings.Contains(s.names[0], "*"):
		return s.names[0]
	}
	return ""
}

// fileLike reports whether a segment names a file: name.ext, the extension
// 1 to 8 letters or digits with at least one letter (a.md, app.min.js,
// report.PDF; not v1.2, 10.0.0.1 or .env).
func fileLike(s string) bool {
	i := strings.LastIndexByte(s, '.')
	if i <= 0 || len(s)-i-1 < 1 || len(s)-i-1 > 8 {
		return false
	}
	letter := false
	for _, c := range []byte(s[i+1:]) {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return letter
}

// greedyName reports whether a template parameter name declares a greedy
// parameter ({proxy+}, {Key+}, {path*}).
func greedyName(name string) bool {
	return len(name) > 1 && (strings.HasSuffix(name, "+") || strings.HasSuffix(name, "*"))
}

// pathName reports whether a template parameter name says its value is a
// path: path is its last word (path, filepath, file_path, objectPath; not
// pathId, which names a record).
func pathName(name string) bool {
	n := len(name)
	return n >= 4 && strings.EqualFold(name[n-4:], "path")
}

// innerFile reports whether a segment before the last of segs is a file
// name (a literal name.ext).
func innerFile(segs []segment) bool {
	for _, s := range segs[:len(segs)-1] {
		if s.kind == segLit && fileLike(s.lit) {
			return true
		}
	}
	return false
}

// param returns the schema check of a path parameter by its template name,
// without a greedy suffix when the parameters list names it bare (S3's
// {Key+} is parameter "Key").
func (o *operation) param(name string) *paramCheck {
	if c, ok := o.params[name]; ok || !greedyName(name) {
		return c
	}
	return o.params[strings.TrimRight(name, "+*")]
}

// noSlashFormats are string formats whose values hold no slash: a parameter
// with one of them never spans.
var noSlashFormats = map[string]bool{
	"date": true, "date-time": true, "time": true, "duration": true,
	"email": true, "idn-email": true, "hostname": true, "idn-hostname": true,
	"ipv4": true, "ipv6": true, "int32": true, "int64": true, "float": true,
	"double": true, "byte": true, "uuid": true,
}

// spans reports whether the parameter's type and format allow a value of
// several segments (a nil check, no schema, allows it).
func (c *paramCheck) spans() bool {
	if c == nil {
		return true
	}
	if c.typ != "" || c.uuid || noSlashFormats[c.format] {
		return false
	}
	if len(c.enum) > 0 {
		for _, e := range c.enum {
			if strings.Contains(e, "/") {
				return true
			}
		}
		return false
	}
	return true
}

// multiNames returns the names of e's MultiSegment path parameters (nil
// when it has none).
func multiNames(e *inventory.Endpoint) map[string]bool {
	var m map[string]bool
	for _, p := range e.PathParams {
		if p.MultiSegment {
			if m == nil {
				m = map[string]bool{}
			}
			m[p.Name] = true
		}
	}
	return m
}

// markMulti flags the template's parameter segments named in names.
func markMulti(tmpl []segment, names map[string]bool) {
	for i := range tmpl {
		if tmpl[i].kind == segParam && len(tmpl[i].names) == 1 && names[tmpl[i].names[0]] {
			tmpl[i].multi = true
		}
	}
}

// hintMulti flags the segments of an example that the template's one
// MultiSegment parameter covers: /repos/kim/site/contents/docs/guide/a.md
// under /repos/{owner}/{repo}/contents/{path} has docs, guide and a.md.
// Nothing is flagged when the template has no such parameter or several,
// or when the example's literals around the parameter differ from the
// template's.
func hintMulti(tmpl, ex []segment) {
	k := -1
	for i := range tmpl {
		if tmpl[i].multi {
			if k >= 0 {
				return
			}
			k = i
		}
	}
	if k < 0 || len(ex) < len(tmpl) {
		return
	}
	end := len(ex) - (len(tmpl) - k - 1)
	same := func(t, o segment) bool {
		return t.kind != segLit || (o.kind == segLit && o.lit == t.lit)
	}
	for i := 0; i < k; i++ {
		if !same(tmpl[i], ex[i]) {
			return
		}
	}
	for i := k + 1; i < len(tmpl); i++ {
		if !same(tmpl[i], ex[end+i-k-1]) {
			return
		}
	}
	for i := k; i < end; i++ {
		ex[i].multi = true
	}
}

// spanFit aligns observed segments with a route of fewer segments: the
// leftmost route parameter at which a span of n observed segments leaves
// every route literal facing an equal observed literal. ok is false when
// no such parameter exists; at is -1 when the lengths are equal (no span).
func spanFit(route, obs []segment) (at, n int, ok bool) {
	if len(obs) == len(route) {
		return -1, 0, true
	}
	extra := len(obs) - len(route)
	if extra < 0 {
		return 0, 0, false
	}
	agree := func(r, o []segment) bool {
		for i := range r {
			if r[i].kind == segLit && (o[i].kind != segLit || o[i].lit != r[i].lit) {
				return false
			}
		}
		return true
	}
	for at, s := range route {
		if s.kind == segParam && agree(route[:at], obs[:at]) && agree(route[at+1:], obs[at+1+extra:]) {
			return at, extra + 1, true
		}
	}
	return 0, 0, false
}

// routeBelow returns the first route found below the parameter node n
// whose segment i is a parameter (nil when none is found within a few
// hundred nodes).
func routeBelow(n *node, i int) *route {
	visits := 0
	var find func(n *node) *route
	find = func(n *node) *route {
		visits++
		if visits > 256 {
			return nil
		}
		for _, r := range n.routes {
			if i < len(r.segs) && r.segs[i].kind == segParam && len(r.segs[i].names) > 0 {
				return r
			}
		}
		for _, k := range slices.Sorted(maps.Keys(n.lit)) {
			if r := find(n.lit[k]); r != nil {
				return r
			}
		}
		if n.param != nil {
			return find(n.param)
		}
		return nil
	}
	return find(n)
}
