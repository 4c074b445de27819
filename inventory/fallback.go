package inventory

import (
	"slices"
	"strings"

	"github.com/shadowtap/shadowtap/reassembly"
)

// Fallback routes. The server of a single-page application answers every
// path it has no route for with the same HTML page (its index.html), and
// some servers do so below a prefix (a notebook UI's /tree/...). Each path
// a browser, a bookmark or a scanner asks for would otherwise become an
// endpoint of its own (/.env, /projects/default/features/x, /HNAP1): one
// route seen as many. Endpoints whose every 2xx answer was the same page
// are one route once there are minFallbackPaths of them: a multi-segment
// parameter below their longest common prefix, marked with the page's
// fingerprint. Only that page (or an answer other than 2xx) goes into it
// later, so an API endpoint beside it is still a route of its own. The
// root path itself is a route (GET /) and never folds.
//
// An access decision API (a gateway's "may this request pass?", asked
// with the request's own path: GET /decisions/api/orders/7) is the same
// shape with another answer: 200 with no body for every path below its
// prefix. GETs answered so (minEmptyPaths of them, below a prefix, never
// the whole host) make such a fallback; other methods answered so join
// it, and every endpoint below its prefix that never answered with a
// document (refused with 401 or 403) goes into it (sweepEmpty).

const (
	// pageOther marks 2xx answers that were not one HTML page.
	pageOther = 1
	// pageEmpty marks an answer 200 with no body: the answer of a handler
	// that says yes or no for any path below it (an access decision API:
	// GET /decisions/api/orders/7), where an API's resources answer with
	// documents. (204 No Content is an API's own answer to a check, GET
	// /user/following/kim: not this.)
	pageEmpty = 2
	// pageAPIDoc marks an answer that was an OpenAPI or Swagger document
	// (apiDescription). Documents differ, so they make no fallback; side by
	// side they are one document server's names (apiDocValues).
	pageAPIDoc = 3
	// minEmptyPaths: an empty answer is weaker evidence than a byte-same
	// page, so a fallback of empty answers needs more distinct paths.
	minEmptyPaths = 6
	// minFallbackPaths: three distinct paths answered with the byte-same
	// page. Two could be a page and its alias (/ and /index.html under a
	// prefix); real routes render different content.
	minFallbackPaths = 3
	// minPageBytes: an empty or tiny HTML answer ("OK") is no page.
	minPageBytes = 64
	// pageHashBytes bounds the bytes hashed per answer (with the size).
	pageHashBytes = 8192
)

// pageOf fingerprints a 2xx answer: the salted hash of an HTML page's first
// bytes and size, pageEmpty for no body, pageAPIDoc for an OpenAPI or
// Swagger document, pageOther for anything else, 0
// (nothing known) when bytes of the answer were lost. It never keeps the
// page.
func (inv *Inventory) pageOf(x *reassembly.Exchange) uint64 {
	if x.Flags&(reassembly.FlagGap|reassembly.FlagPartialResponseHeaders) != 0 {
		// bytes of it were lost (a parser resynchronising after a gap may
		// even give a HEAD a body): it tells nothing either way
		return 0
	}
	// Only GETs make an empty-answer fallback (fallbackCollapse); other
	// methods answered so join one, HEAD too, which never has a body. The
	// type may be there all the same: a decision API copies the request's
	// headers into its answer. A body cut short is no empty body.
	if x.Status == 200 && x.ResponseBodySize == 0 && len(x.ResponseBody) == 0 && x.Flags&reassembly.FlagTruncated == 0 {
		return pageEmpty
	}
	if x.ResponseContentType != "text/html" || x.ResponseBodySize < minPageBytes || len(x.ResponseBody) == 0 {
		// Only a plain body is looked at: decoding every compressed
		// answer to find the rare API document costs more than it finds.
		if x.ResponseContentEncoding == "" && x.ResponseContentType != "text/html" && apiDescription(x.ResponseBody) {
			return pageAPIDoc
		}
		return pageOther
	}
	// one page sent plain to one client and gzip to another is one page
	b, size := x.ResponseBody, x.ResponseBodySize
	if x.ResponseContentEncoding != "" {
		b = x.DecodedResponseBody()
		size = int64(len(b))
	}
	if len(b) < minPageBytes {
		return pageOther
	}
	if len(b) > pageHashBytes {
		b = b[:pageHashBytes]
	}
	h := valueHashOf(inv.valueSalt()^uint64(size)*0x9E3779B97F4A7C15, b)
	if h <= pageAPIDoc {
		h += pageAPIDoc + 1
	}
	return h
}

// notePage folds one 2xx answer's page fingerprint (or another agg's page)
// into a.page.
func (a *agg) notePage(p uint64) {
	switch {
	case p == 0 || a.page == p:
	case a.page == 0:
		a.page = p
	default:
		a.page = pageOther
	}
}

// takesPage reports whether an answer with page fingerprint p (0: not 2xx)
// may go into n: any answer for an ordinary node, the own page or a non-2xx
// answer for a fallback.
func (n *node) takesPage(p uint64) bool { return n.page == 0 || p == 0 || p == n.page }

// takesAnswer is takesPage for the segment seg: a fallback that serves
// static files too takes a file name with any answer.
func (n *node) takesAnswer(p uint64, seg string) bool {
	return n.takesPage(p) || n.assets && fileName(seg)
}

type pageEndpoint struct {
	keys   []string
	n      *node
	method string
}

type fallbackRef struct {
	keys []string
	p    *node
}

// fallbackCollapse folds endpoints that served one page into a fallback
// parameter (see above). It reports whether the trie changed.
func (inv *Inventory) fallbackCollapse(h *hostState) bool {
	groups := map[uint64][]pageEndpoint{}
	var others []pageEndpoint // other methods answered with a page
	var fallbacks []fallbackRef
	var walk func(n *node, keys []string, depth int)
	walk = func(n *node, keys []string, depth int) {
		if depth > 64 {
			return
		}
		if len(keys) > 0 {
			for _, m := range sortedKeys(n.methods) {
				if a := n.methods[m]; a.page > pageOther && a.page != pageAPIDoc {
					e := pageEndpoint{keys: slices.Clone(keys), n: n, method: m}
					if m == "GET" || m == "HEAD" && a.page != pageEmpty {
						groups[a.page] = append(groups[a.page], e)
					} else {
						others = append(others, e)
					}
				}
			}
		}
		for _, k := range sortedKeys(n.lit) {
			walk(n.lit[k], append(keys, k), depth+1)
		}
		if p := n.param; p != nil {
			if p.page != 0 {
				fallbacks = append(fallbacks, fallbackRef{keys: slices.Clone(keys), p: p})
			} else {
				walk(p, append(keys, ""), depth+1)
			}
		}
	}
	walk(h.root, nil, 0)
	folded := false
	for _, f := range fallbacks {
		if f.p.assets && inv.foldStaticDirs(h, f.keys) {
			folded = true
		}
	}
	if folded {
		return true // the trie changed under the walk: settle runs it again
	}
	if len(groups) == 0 {
		return inv.fallbackOthers(h, others, fallbacks)
	}
	fps := make([]uint64, 0, len(groups))
	for fp := range groups {
		fps = append(fps, fp)
	}
	slices.Sort(fps)
	changed := false
	for _, fp := range fps {
		g := groups[fp]
		// an existing fallback of this page takes the endpoints below it
		var rest []pageEndpoint
		for _, e := range g {
			taken := false
			for _, f := range fallbacks {
				if f.p.page == fp && len(e.keys) > len(f.keys) && slices.Equal(e.keys[:len(f.keys)], f.keys) {
					inv.moveToFallback(h, e, f.p)
					taken, changed = true, true
					break
				}
			}
			if !taken {
				rest = append(rest, e)
			}
		}
		least := minFallbackPaths
		if fp == pageEmpty {
			least = minEmptyPaths
		}
		if len(rest) < least {
			continue
		}
		lcp := commonPrefix(rest)
		atPrefix := false
		below := rest[:0]
		for _, e := range rest {
			if len(e.keys) > len(lcp) {
				below = append(below, e)
			} else {
				atPrefix = true
			}
		}
		switch {
		case len(below) >= least:
			lcp = commonPrefix(below)
		case atPrefix && len(lcp) > 0 && len(below) >= least-1 && len(commonPrefix(below)) == len(lcp):
			// the prefix itself answered with the page too (/admin beside
			// /admin/auth/login and /admin/settings): a third path, though
			// it stays a route of its own; never the root, whose pages
			// (/, /alerts, /query) may each be a route of the router's
		default:
			continue
		}
		if fp == pageEmpty && len(lcp) == 0 {
			continue // below a prefix of its own, never the whole host
		}
		if !catchAllEvidence(below, len(lcp)) {
			continue
		}
		n := h.root
		for _, k := range lcp {
			if k == "" {
				n = n.param
			} else {
				n = n.lit[k]
			}
			if n == nil {
				break
			}
		}
		if n == nil || n.param != nil && n.param.page != 0 {
			continue
		}
		if p := n.param; p != nil {
			// an ordinary parameter may become the fallback only when all it
			// serves is this page, or static files (the bundles beside an
			// SPA's pages: one route of its server, GET /{path*})
			assets := !servesOnly(p, fp, 0)
			if assets && !staticFiles(p) {
				continue
			}
			inv.flattenRest(h, p, nil)
			p.page, p.assets = fp, assets
			if assets {
				// the files beside it that the same handler served
				// (/favicon.ico among the bundles) are its own too
				var files []sibling
				for _, k := range sortedKeys(n.lit) {
					if c := n.lit[k]; c.hits > 0 && fileName(k) && staticLeaf(c) {
						files = append(files, sibling{key: k, hits: c.hits})
					}
				}
				if len(files) > 0 {
					inv.collapse(h, n, files, 0)
				}
				inv.foldStaticDirs(h, lcp)
			}
			for _, e := range below {
				if e.keys[len(lcp)] != "" {
					inv.moveToFallback(h, e, p)
				}
			}
			fallbacks = append(fallbacks, fallbackRef{keys: lcp, p: p})
			changed = true
			continue
		}
		if h.nodes >= inv.cfg.MaxNodesPerHost {
			inv.stats.NodeOverflow++
			continue
		}
		p := &node{rest: true, page: fp}
		n.param = p
		h.nodes++
		for _, e := range below {
			inv.moveToFallback(h, e, p)
		}
		fallbacks = append(fallbacks, fallbackRef{keys: lcp, p: p})
		changed = true
	}
	moved := inv.fallbackOthers(h, others, fallbacks)
	for _, f := range fallbacks {
		if f.p.page == pageEmpty && inv.sweepEmpty(h, f) {
			moved = true
		}
	}
	return moved || changed
}

// sweepEmpty moves into the empty-answer fallback f every endpoint below
// its prefix that never answered 2xx with a body (refused, 401 or 403, or
// empty): the decision handler answers every method and path there, and
// such a request arriving once the fallback exists goes into it anyway.
// An endpoint that answered with a document stays a route of its own.
func (inv *Inventory) sweepEmpty(h *hostState, f fallbackRef) bool {
	n := nodeAt(h.root, f.keys)
	if n == nil || n.param != f.p {
		return false
	}
	var eps []pageEndpoint
	for _, k := range sortedKeys(n.lit) {
		eps = endpointsBelow(eps, n.lit[k], append(slices.Clone(f.keys), k), 64, func(a *agg) bool {
			return a.page == 0 || a.page == pageEmpty
		})
	}
	for _, e := range eps {
		inv.moveToFallback(h, e, f.p)
	}
	return len(eps) > 0
}

// endpointsBelow appends to eps the endpoints at and below c (keys is the
// path to c, "" for parameter steps), at most maxDepth levels down, whose
// aggregate keep accepts (a nil keep takes all). foldStaticDirs and
// sweepEmpty move what it finds into a fallback.
func endpointsBelow(eps []pageEndpoint, c *node, keys []string, maxDepth int, keep func(*agg) bool) []pageEndpoint {
	var collect func(c *node, keys []string, depth int)
	collect = func(c *node, keys []string, depth int) {
		if depth > maxDepth {
			return
		}
		for _, m := range sortedKeys(c.methods) {
			if keep == nil || keep(c.methods[m]) {
				eps = append(eps, pageEndpoint{keys: slices.Clone(keys), n: c, method: m})
			}
		}
		for _, k := range sortedKeys(c.lit) {
			collect(c.lit[k], append(keys, k), depth+1)
		}
		if c.param != nil {
			collect(c.param, append(keys, ""), depth+1)
		}
	}
	collect(c, keys, 0)
	return eps
}

// catchAllEvidence reports whether the paths below the prefix lcp that
// were answered with one page show a catch-all rather than a list of page
// routes: a probe no router lists (/.env, /wp-login.php), a path more than
// one segment below the prefix (client routes: /projects/default/features/x)
// or a value there. Single words (/query, /alerts, /targets) answered with
// one index.html may each be a route of the router's own, as Prometheus
// has them; a catch-all would have answered a probe or a deep path too.
func catchAllEvidence(g []pageEndpoint, lcp int) bool {
	for _, e := range g {
		rest := e.keys[lcp:]
		if len(rest) != 1 || rest[0] == "" || scannerPath(rest) || literalKind(rest[0]).IsID() {
			return true
		}
	}
	return false
}

// fallbackOthers moves into the fallbacks the endpoints of other methods
// answered only with a fallback's page (POST /wp-login.php on an SPA
// server): a fallback answers every method, and such a request arriving
// once the fallback exists goes into it anyway, so the result does not
// depend on the order. It reports whether it moved any.
func (inv *Inventory) fallbackOthers(h *hostState, others []pageEndpoint, fallbacks []fallbackRef) bool {
	moved := false
	for _, e := range others {
		a := e.n.methods[e.method]
		if a == nil {
			continue
		}
		for _, f := range fallbacks {
			if f.p.page == a.page && len(e.keys) > len(f.keys) && slices.Equal(e.keys[:len(f.keys)], f.keys) {
				inv.moveToFallback(h, e, f.p)
				moved = true
				break
			}
		}
	}
	return moved
}

// foldStaticDirs moves into the fallback below keys, which serves static
// files, the literal directories beside it that hold only static files: a
// static handler mounted where the fallback is serves the directories
// below it too (/assets/icon.png beside /main-4f2a.js and the SPA's
// pages). It reports whether it moved any.
func (inv *Inventory) foldStaticDirs(h *hostState, keys []string) bool {
	n := nodeAt(h.root, keys)
	if n == nil || n.param == nil || !n.param.assets {
		return false
	}
	var eps []pageEndpoint
	for _, k := range sortedKeys(n.lit) {
		if c := n.lit[k]; c.hits > 0 && !fileName(k) && staticTree(c, 0) {
			eps = endpointsBelow(eps, c, append(slices.Clone(keys), k), maxStaticDepth, nil)
		}
	}
	for _, e := range eps {
		inv.moveToFallback(h, e, n.param)
	}
	return len(eps) > 0
}

// maxStaticDepth bounds the directories staticTree descends: asset trees
// are shallow, and the walk runs on every settle.
const maxStaticDepth = 8

// staticTree reports whether the directory c holds only static files:
// nothing served at its own path, and below it only GET or HEAD leaves
// named like files, parameters of file names, or directories like it.
func staticTree(c *node, depth int) bool {
	if depth > maxStaticDepth || len(c.methods) > 0 || c.page != 0 || len(c.lit) == 0 && c.param == nil {
		return false
	}
	if c.param != nil && !staticFiles(c.param) {
		return false
	}
	for k, x := range c.lit {
		if fileName(k) {
			if !staticLeaf(x) {
				return false
			}
		} else if !staticTree(x, depth+1) {
			return false
		}
	}
	return true
}

// nodeAt follows literal keys ("" for the parameter) from n; nil when the
// path is gone.
func nodeAt(n *node, keys []string) *node {
	for _, k := range keys {
		if n == nil {
			return nil
		}
		if k == "" {
			n = n.param
		} else {
			n = n.lit[k]
		}
	}
	return n
}

// servesOnly reports whether every endpoint at or below n is a GET or HEAD
// whose 2xx answers were the page fp.
func servesOnly(n *node, fp uint64, depth int) bool {
	if depth > 64 {
		return false
	}
	for m, a := range n.methods {
		if m != "GET" && m != "HEAD" || a.page != fp {
			return false
		}
	}
	for _, c := range n.lit {
		if !servesOnly(c, fp, depth+1) {
			return false
		}
	}
	return n.param == nil || servesOnly(n.param, fp, depth+1)
}

// staticFiles reports whether the single-segment parameter p serves only
// files, read only (GET and HEAD at its own path, nothing below it): a
// static handler's.
func staticFiles(p *node) bool {
	return staticLeaf(p) && fileNamesOnly(p)
}

// staticLeaf reports whether c serves only GET or HEAD at its own path and
// has nothing below it.
func staticLeaf(c *node) bool {
	if len(c.lit) > 0 || c.param != nil || len(c.methods) == 0 {
		return false
	}
	for m := range c.methods {
		if m != "GET" && m != "HEAD" {
			return false
		}
	}
	return true
}

// commonPrefix is the longest key prefix the endpoints share.
func commonPrefix(g []pageEndpoint) []string {
	lcp := g[0].keys
	for _, e := range g[1:] {
		i := 0
		for i < len(lcp) && i < len(e.keys) && lcp[i] == e.keys[i] {
			i++
		}
		lcp = lcp[:i]
	}
	return slices.Clone(lcp)
}

// moveToFallback merges one endpoint's aggregate into the fallback p and
// removes the nodes it leaves empty.
func (inv *Inventory) moveToFallback(h *hostState, e pageEndpoint, p *node) {
	a := e.n.methods[e.method]
	if a == nil {
		return
	}
	delete(e.n.methods, e.method)
	if d := p.methods[e.method]; d != nil {
		d.merge(a, inv.cfg.MaxExamples)
		h.endpoints--
		inv.endpoints--
	} else {
		if p.methods == nil {
			p.methods = make(map[string]*agg, 2)
		}
		p.methods[strings.Clone(e.method)] = a
	}
	p.hits += a.hits
	// prune the path's nodes that serve nothing and lead nowhere
	chain := make([]*node, 0, len(e.keys)+1)
	n := h.root
	chain = append(chain, n)
	for _, k := range e.keys {
		if k == "" {
			n = n.param
		} else {
			n = n.lit[k]
		}
		if n == nil {
			return
		}
		chain = append(chain, n)
	}
	for i := len(chain) - 1; i > 0; i-- {
		c := chain[i]
		if len(c.methods) > 0 || len(c.lit) > 0 || c.param != nil {
			break
		}
		parent := chain[i-1]
		if k := e.keys[i-1]; k == "" {
			parent.param = nil
		} else {
			delete(parent.lit, k)
		}
		h.nodes--
	}
}
