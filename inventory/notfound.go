package inventory

import (
	"bytes"
	"slices"
	"strings"

	"github.com/shadowtap/shadowtap/reassembly"
)

// Handled 404s. A 404 is ambiguous: the router found no route (noise), or a
// route's handler found no such record (the route exists: GET
// /plugins/7/config answered "unknown plugin"). The two are usually told
// apart by the answer itself: a router's miss page is one fixed page for
// every unrouted path, a handler's is its own error. Each noise entry keeps
// a salted fingerprint of its 404 answers (content type and body with
// digit-bearing tokens and the echoed path blanked, so "app 13" and "app 9"
// or a per-request id do not split one page); never the body. A fingerprint
// is the host's miss page when a scanner's probe got it, when the answer
// echoed the request's path ("path /x was not found", "Cannot GET /x":
// routers say which path they could not route, handlers say which record
// they could not find), or when a path with two or more segments no route
// knows got it (a sub-router's miss page may differ from the root's). A noise entry whose 404s all had one fingerprint,
// not a miss page of its host, is promoted to an endpoint at settle, once
// the host showed at least one miss page: without one there is nothing to
// tell a handler's page from the router's.

const (
	// nfHashBytes bounds the answer bytes fingerprinted: error pages are
	// short, and the start is what tells one from another.
	nfHashBytes = 2048
	// nfMixed marks an entry whose 404s were not all one page.
	nfMixed = 1
	// minEchoPath: shorter paths ("/", "/a") occur in any body.
	minEchoPath = 5
)

// notFoundPrint fingerprints a 404 answer and reports whether it echoed
// the request path, and which segments of the path it quoted as the thing
// not found (echoedValue; from == to when none). The quoted value is
// blanked like the path, so one handler's page for two values is one page.
func (inv *Inventory) notFoundPrint(x *reassembly.Exchange) (fp uint64, echo bool, from, to int) {
	b := errorHead(x)
	path := x.Path
	if path == "" {
		path = x.Target
	}
	if i := bytes.IndexByte([]byte(path), '?'); i >= 0 {
		path = path[:i]
	}
	var val string
	from, to, val = echoedValue(b, path)
	h := valueHashOf(inv.valueSalt()^0x6e66, x.ResponseContentType)
	h = valueHashOf(h, "\x00")
	for i := 0; i < len(b); {
		if len(path) >= minEchoPath && b[i] == path[0] && bytes.HasPrefix(b[i:], []byte(path)) {
			echo = true
			i += len(path)
			continue
		}
		if val != "" && b[i] == val[0] && bytes.HasPrefix(b[i:], []byte(val)) {
			h = valueHashOf(h, "$")
			i += len(val)
			continue
		}
		if tokenByte(b[i]) {
			j, digit := i, false
			for j < len(b) && tokenByte(b[j]) {
				digit = digit || b[j] >= '0' && b[j] <= '9'
				j++
			}
			if digit {
				h = valueHashOf(h, "#")
			} else {
				h = valueHashOf(h, b[i:j])
			}
			i = j
			continue
		}
		h = valueHashOf(h, b[i:i+1])
		i++
	}
	if h <= nfMixed {
		h += 2
	}
	return h, echo, from, to
}

// Bounds of a quoted value (echoedValue): shorter runs occur in any text;
// a value of more segments is a file path, left to the file rules.
const (
	minEchoValue     = 3
	maxEchoValueSegs = 4
)

// echoedValue finds the run of path segments a handler's 404 quoted as
// what it did not find: plugin "acme/plugin:1" not found, No such
// container: web-1. Handlers name the record they looked for; routers
// name the whole path or nothing. The run is never the whole path (that is
// the router's echo), is at least minEchoValue bytes, stands in quotes or
// after ": " in the body, and is not followed by more of a word or path.
// It returns the run's segment indices [from, to) and its text.
func echoedValue(b []byte, path string) (from, to int, val string) {
	if len(b) == 0 || strings.IndexByte(path, '%') >= 0 {
		return 0, 0, ""
	}
	var starts [maxEchoSegs + 1]int
	n := 0
	for i := 0; i < len(path); i++ {
		if path[i] == '/' {
			if n == maxEchoSegs {
				return 0, 0, "" // deeper than any route it could tell
			}
			starts[n] = i + 1
			n++
		}
	}
	if n < 2 {
		return 0, 0, ""
	}
	starts[n] = len(path) + 1
	best := 0
	for i := 0; i < n; i++ {
		for j := i + 1; j <= n && j-i <= maxEchoValueSegs; j++ {
			if i == 0 && j == n {
				continue
			}
			v := path[starts[i] : starts[j]-1]
			if len(v) < minEchoValue || len(v) <= best || !quotedIn(b, v) {
				continue
			}
			from, to, val, best = i, j, v, len(v)
		}
	}
	return from, to, val
}

// maxEchoSegs bounds the path segments echoedValue looks at.
const maxEchoSegs = 16

// quotedRefusal reports whether x's answer quoted seg as what it refused
// (collection "no_such_collection" ... does not exist): a handler judging
// a value, not a route of its own guarding itself.
func quotedRefusal(x *reassembly.Exchange, seg string) bool {
	if len(seg) < minEchoValue {
		return false
	}
	return quotedIn(errorHead(x), seg)
}

// errorHead is the start of an error answer's decoded body, where error
// pages say what they say (nfHashBytes).
func errorHead(x *reassembly.Exchange) []byte {
	b := x.ResponseBody
	if x.ResponseContentEncoding != "" && len(b) > 0 {
		b = x.DecodedResponseBody()
	}
	return b[:min(len(b), nfHashBytes)]
}

// quotedIn reports whether v occurs in b as a quoted value: between two
// like quotes, or after ": " up to the end of the text, a quote or a
// closing bracket or comma.
func quotedIn(b []byte, v string) bool {
	vb := []byte(v)
	for off := 0; off < len(b); {
		k := bytes.Index(b[off:], vb)
		if k < 0 {
			return false
		}
		i := off + k
		off = i + 1
		if i == 0 {
			continue
		}
		e := i + len(v)
		switch q := b[i-1]; {
		case q == '"' || q == '\'' || q == '`':
			// closed by the same quote, maybe escaped (\"x\" in JSON)
			if e < len(b) && (b[e] == q || b[e] == '\\' && e+1 < len(b) && b[e+1] == q) {
				return true
			}
		case q == ' ' && i > 1 && b[i-2] == ':':
			if e == len(b) || strings.IndexByte("\"'`\\,]})\r\n", b[e]) >= 0 {
				return true
			}
		}
	}
	return false
}

// grafts reports whether a promoted path fits the trie without new
// structure in its middle: every segment but the last follows an existing
// literal or parameter, or is an identifier (a parameter anyway); only the
// last may be a new literal. It returns the node of the path's parent,
// nil when that is new. A handler's 404 says a route exists, not which
// of its segments are values, so it may not split a parameter's values
// (/projects/billing/features/x beside /projects/default/...) apart.
func (inv *Inventory) grafts(h *hostState, n *node, segs []string, kinds []Kind) (*node, bool) {
	for d := 0; d < len(segs)-1; d++ {
		switch s, k := segs[d], kinds[d]; {
		case n == nil:
			if !k.IsID() {
				return nil, false
			}
		case n.lit[s] != nil:
			n = n.lit[s]
		case n.param != nil && (k.IsID() || inv.paramTakes(h, n.param, s, k, d)):
			n = n.param
		case k.IsID():
			n = nil // a new parameter: what follows is new too
		default:
			return nil, false
		}
	}
	return n, true
}

// queryNamesRecord reports whether a's requests named a record in their
// query: a parameter whose name is an identifier's (id, padID, name).
func queryNamesRecord(a *agg) bool {
	for k := range a.query {
		if identifierKey(k) && !looksLikeAPIKeyHeader(k) { // (?apikey= names a credential)
			return true
		}
	}
	return false
}

// recordKey reports whether a promoted path's last segment is the key of a
// record its handler did not find: a member of a plural collection
// (/strategies/gradualRollout) that only ever got 404. A view or action word
// there (/jobs/search) stays a route.
func recordKey(segs []string, kinds []Kind, a *agg) bool {
	if len(segs) < 2 || kinds[len(segs)-1].IsID() || !isPluralish(segs[len(segs)-2]) || reserved(strings.ToLower(segs[len(segs)-1])) {
		return false
	}
	for st := range a.statuses {
		if st != 404 {
			return false
		}
	}
	return true
}

func tokenByte(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_'
}

// addPage keeps the two smallest distinct 404 fingerprints of ps and fp, so
// that the pair does not depend on the order the answers came in.
func addPage(ps [2]uint64, fp uint64) [2]uint64 {
	switch {
	case fp <= nfMixed || fp == ps[0] || fp == ps[1]:
	case ps[0] == 0 || fp < ps[0]:
		ps[0], ps[1] = fp, ps[0]
	case ps[1] == 0 || fp < ps[1]:
		ps[1] = fp
	}
	if ps[1] != 0 && ps[1] < ps[0] {
		ps[0], ps[1] = ps[1], ps[0]
	}
	return ps
}

// noteNotFound folds one noise exchange's answer into e.
func (inv *Inventory) noteNotFound(e *noiseEntry, x *reassembly.Exchange, scanner bool) {
	if x.Status != 404 {
		if x.Status != 0 {
			e.nf = nfMixed
		}
		return
	}
	fp, echo, from, to := inv.notFoundPrint(x)
	e.nfPages = addPage(e.nfPages, fp)
	switch {
	case e.nf == 0:
		e.nf = fp
		e.valFrom, e.valTo = int8(from), int8(to)
	case e.nf != fp:
		e.nf = nfMixed
	case int(e.valFrom) != from || int(e.valTo) != to:
		e.valFrom, e.valTo = 0, 0
	}
	if scanner || echo {
		e.nfMiss = true
	}
}

// promoteHandled moves noise entries that a route's handler answered (see
// above) into the trie as endpoints. It reports whether it moved any.
func (inv *Inventory) promoteHandled(h *hostState) bool {
	type cand struct {
		key    string
		e      *noiseEntry
		segs   []string
		kinds  []Kind
		parent *node
		served bool // the path serves other methods, or is an item of a served collection
	}
	var miss []uint64
	var cands []cand
	addMiss := func(fp uint64) {
		if !slices.Contains(miss, fp) {
			miss = append(miss, fp)
		}
	}
	ws := &walkState{}
	for _, key := range sortedKeys(h.noise) {
		e := h.noise[key]
		if e.nf <= nfMixed {
			continue
		}
		if e.nfMiss {
			addMiss(e.nf)
			continue
		}
		segs := splitNormalized(e.path)
		kinds := make([]Kind, len(segs))
		for i, s := range segs {
			parent := ""
			if i > 0 {
				parent = segs[i-1]
			}
			kinds[i] = Classify(s, i, parent)
		}
		if f, t := int(e.valFrom), int(e.valTo); t > f && t <= len(segs) && t-f < len(segs) {
			// the handler named what it did not find: those segments are
			// one value (acme/plugin:1 of /plugins/acme/plugin:1/json)
			segs = slices.Replace(segs, f, t, strings.Join(segs[f:t], "/"))
			kinds = slices.Replace(kinds, f, t, KindString)
		}
		parent, ok := inv.grafts(h, h.root, segs, kinds)
		if !ok {
			// Two or more segments no route knows: a section the host
			// has not got, which its router answered (a dead path, a
			// probe below an API prefix). Its page is a miss page too:
			// a sub-router's may differ from the one scanners got.
			addMiss(e.nf)
			continue
		}
		if len(segs) == 0 || e.method == "OPTIONS" || fileName(segs[len(segs)-1]) {
			// (a missing file is a file server's miss: the file is what
			// does not exist)
			continue
		}
		n := inv.match(h, segs, kinds, ws)
		if n != nil && n.methods[e.method] != nil {
			continue // Endpoints folds it into its endpoint
		}
		served := n != nil && len(n.methods) > 0
		if !served && len(segs) >= 2 && kinds[len(segs)-1].IsID() {
			// an item below a collection the host serves (/webhooks/1
			// beside GET /webhooks): REST routers route both
			pn := inv.match(h, segs[:len(segs)-1], kinds[:len(segs)-1], ws)
			served = pn != nil && len(pn.methods) > 0
		}
		cands = append(cands, cand{key, e, segs, kinds, parent, served})
	}
	if len(miss) == 0 {
		// No miss page to tell the router's 404 from a handler's (an SPA
		// server answers unknown paths 200 with its page): only a 404 of
		// another method on a path the host serves is taken, since a
		// router that has the path answers a method it lacks 405 (Go's
		// mux, chi, gorilla, echo, FastAPI, Django), or says so in a page
		// that echoes the path (Express), which made it a miss; and one
		// for an identifier below a collection the host serves.
		cands = slices.DeleteFunc(cands, func(c cand) bool { return !c.served })
	}
	moved := false
	for _, c := range cands {
		e, segs, kinds, parent := c.e, c.segs, c.kinds, c.parent
		if slices.Contains(miss, e.nf) {
			continue
		}
		if last := len(segs) - 1; !c.served && !kinds[last].IsID() && e.valTo <= e.valFrom && !queryNamesRecord(&e.agg) &&
			!(last > 0 && isPluralish(segs[last-1])) && parent != nil && parent.param == nil {
			// A handler's 404 is about a record: its key is an id, a
			// collection's member, an identifier in the query
			// (/self-service/errors?id=...) or what the page quoted. A new word below a literal
			// that names no collection, asked without a query
			// (/api/1/listAllPads, "no such function"), is a route the
			// router lacks, whatever its miss page looks like.
			continue
		}
		if n := inv.match(h, segs, kinds, ws); n != nil && n.methods[e.method] != nil {
			continue // an earlier promotion made its endpoint: Endpoints folds it
		}
		if (parent == nil || parent.param == nil) && recordKey(segs, kinds, &e.agg) {
			// answered as a value: it goes to the collection's parameter
			// (beside a parameter rejectedFold decides)
			kinds[len(kinds)-1] = KindString
		}
		n := inv.insert(h, segs, kinds, ws)
		if n == nil {
			continue
		}
		a := n.methods[e.method]
		if a == nil {
			if inv.endpoints >= inv.cfg.MaxEndpoints || h.endpoints >= inv.cfg.MaxEndpointsPerHost {
				continue
			}
			a = &agg{}
			if n.methods == nil {
				n.methods = make(map[string]*agg, 2)
			}
			n.methods[e.method] = a
			h.endpoints++
			inv.endpoints++
		}
		var prev *node
		for _, p := range ws.path {
			if p != prev {
				p.hits += e.agg.hits
			}
			prev = p
		}
		a.merge(&e.agg, inv.cfg.MaxExamples)
		delete(h.noise, c.key)
		inv.stats.HandledNotFound++
		moved = true
	}
	return moved
}
