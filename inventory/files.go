package inventory

import (
	"math/bits"
	"slices"
	"strings"
)

// Multi-segment parameters. File paths in contents, raw and static-file
// APIs (/static/js/main.js, /contents/docs/guide/intro.md) are one
// parameter however many segments they span: a router's catch-all
// (*filepath, {path:.*}). A rest node takes one or more segments, up to
// the first that is one of its literal children, so a literal suffix
// after the path (/contents/{path}/checkpoints) stays a route of its own.

// entersRest reports whether the walk at n goes into n's rest parameter
// with seg. A view or action word right after the path's prefix stays a
// route (/images/create beside /images/{name}), as it did when the rest
// parameter was made (fileTreeCollapse, multiValueCollapse), unless the
// host handed it out as a value. A system namespace (/_catalog) is no
// name the host hands out either; a file tree's folder may be one
// (/_nuxt/entry.js).
func (inv *Inventory) entersRest(h *hostState, n *node, seg string, ws *walkState) bool {
	p := n.param
	return p != nil && p.rest && n.lit[seg] == nil && p.takesAnswer(ws.page, seg) &&
		(!reservedWords[seg] && !(p.valued && reserved(seg)) || inv.knownValue(h, seg))
}

// restWalk consumes segs from d on into the rest parameter r: every
// segment up to the first that is a literal child of r. It records the
// walk (one "" key and r per segment taken) and returns r and the index of
// the last segment taken.
//
// A last segment that follows a value is left out, to become a new
// literal suffix of r (/images/{name}/json when only .../history had been
// seen after a name): the segments before it are a value the host handed
// out and the whole run is not, or, when r's values came from the host's
// data (multiValueCollapse), it is a view or action word; never an
// identifier, nor a file name or the tail of a value the host handed out
// (the settled trie keeps those inside the path, and a repeated request
// must land where the first did). A file path keeps its last segment: a file may be named
// like a view.
func (inv *Inventory) restWalk(h *hostState, r *node, segs []string, kinds []Kind, d int, ws *walkState) (*node, int) {
	j := d + 1
	for j < len(segs) && r.lit[segs[j]] == nil {
		j++
	}
	// (an identifier is no suffix: a literal child would never hold it)
	if j == len(segs) && j-d >= 2 && h.vals.len() > 0 && !kinds[j-1].IsID() {
		last := segs[j-1]
		salt := inv.valueSalt()
		if r.valued && reserved(last) && !inv.knownTail(h, last) && !h.vals.has(valueHashOfSegs(salt, segs[d:j])) ||
			!fileName(last) && !inv.knownTail(h, last) && h.vals.has(valueHashOfSegs(salt, segs[d:j-1])) && !h.vals.has(valueHashOfSegs(salt, segs[d:j])) {
			j--
		}
	}
	for i := d; i < j; i++ {
		ws.keys = append(ws.keys, "")
		ws.path = append(ws.path, r)
	}
	return r, j - 1
}

// maxFileTreeNodes bounds the walk that looks for a file tree under a node.
const maxFileTreeNodes = 4096

// fileTreeStats describes the endpoints below a node's children.
type fileTreeStats struct {
	inv       *Inventory
	h         *hostState
	nodes     int
	endpoints int
	files     int    // endpoints whose last segment is a file name
	depths    uint32 // bit per relative depth of an endpoint
	writes    int    // endpoints answering a method other than GET and HEAD
	// suffixes are the literal children of file names that are no file
	// themselves (/contents/{path}/checkpoints): routes after the path,
	// left out of the file count and kept as the parameter's literal
	// children; suffixEPs counts the endpoints at or below them.
	suffixes  map[string]bool
	suffixEPs int
	// multi counts endpoints whose relative path of two or more segments
	// the host handed out as one value: a parameter that spans segments,
	// said by the API itself.
	multi int
	// leaf is the file name of the first file endpoint; oneLeaf stays true
	// while every file endpoint's name is that one.
	leaf    string
	oneLeaf bool
}

// visit walks n, reached by the relative path rel ("" below a parameter)
// and by the segment key ("" for a parameter). fileLeaf: the last segment
// is a file name. A multi-segment relative path
// the host's messages carried as a value ("path": "docs/guide") counts as
// a file too: directories of a contents API are paths as well (a single
// segment only when it has children: a directory, not a name).
func (st *fileTreeStats) visit(n *node, depth int, fileLeaf bool, rel, key string) bool {
	st.nodes++
	if st.nodes > maxFileTreeNodes || depth > 64 {
		return false
	}
	// a literal file name (not a directory the host named, nor a parameter
	// whose values had dots): its literal children are suffix routes
	file := fileLeaf && rel != ""
	known := false
	if rel != "" && (depth > 0 || len(n.lit) > 0 || n.param != nil) && st.inv.knownValue(st.h, rel) {
		fileLeaf, known = true, true
	} else if key == "" && (len(n.lit) > 0 || n.param != nil) && st.inv.tookKnownValue(st.h, n) {
		// a parameter that took a directory the host named: a name that
		// was a parameter at once ("Team Docs", free text)
		fileLeaf, known = true, true
	}
	if key == "" && fileLeaf && (n.rest || examplesAreFiles(n, true)) {
		// a parameter of file names (Q3 report.pdf), or a path already
		// (its literal children are where the path stops): its literal
		// children that are no file are routes after the path
		file = true
	}
	if len(n.methods) > 0 {
		if known && depth > 0 {
			st.multi++
		}
		st.endpoints++
		if fileLeaf {
			st.files++
			// the leaf's own segment, also below a parameter (rel is
			// then empty: /u/{id}/rss.xml beside /u/kim/rss.xml)
			name := key
			switch {
			case st.files == 1:
				st.leaf, st.oneLeaf = name, true
			case name != st.leaf:
				st.oneLeaf = false
			}
		}
		st.depths |= 1 << min(depth, 31)
		for m := range n.methods {
			if m != "GET" && m != "HEAD" {
				st.writes++
				break
			}
		}
	}
	for k, c := range n.lit {
		sub := ""
		if rel != "" && len(rel)+len(k) < maxValueLen {
			sub = rel + "/" + k
		}
		if c.hits == 0 {
			continue
		}
		if file && !fileName(k) && (sub == "" || !st.inv.knownValue(st.h, sub)) {
			if st.suffixes == nil {
				st.suffixes = map[string]bool{}
			}
			st.suffixes[k] = true
			_, eps := c.countSubtree()
			st.suffixEPs += eps
			continue
		}
		if !st.visit(c, depth+1, fileName(k), sub, k) {
			return false
		}
	}
	if p := n.param; p != nil && !st.visit(p, depth+1, fileParam(p) && !p.keyed, "", "") {
		return false
	}
	return true
}

// fileTreeCollapse turns the children of n into one multi-segment
// parameter when what lies below them is a tree of files: at least three
// endpoints, at least nine in ten of them ending in a file name (word.ext),
// and either at different depths or in two or more directories (or all
// directly below n). Real API resources below one node are mostly not file
// names, and the files of one directory level alone are left to the word
// rules. View words and versions below n keep their own routes; the root
// never becomes a file tree (a site's pages are routes).
func (inv *Inventory) fileTreeCollapse(h *hostState, n *node, keys []string) bool {
	if len(keys) == 0 || n.param != nil && n.param.rest {
		return false
	}
	st := fileTreeStats{inv: inv, h: h}
	var g []sibling
	dirs, flat := 0, 0
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		if c.hits == 0 || reservedWords[k] || isVersionLiteral(k) {
			continue
		}
		if !st.visit(c, 0, fileName(k), k, k) {
			return false
		}
		if len(c.lit) > 0 || c.param != nil {
			dirs++
		} else {
			flat++
		}
		g = append(g, sibling{key: k, hits: c.hits})
	}
	if p := n.param; p != nil {
		if !st.visit(p, 0, fileParam(p) && !p.keyed, "", "") {
			return false
		}
		if len(p.lit) > 0 || p.param != nil {
			dirs++
		} else {
			flat++ // a parameter of file names is files of this directory
		}
	}
	// Two files are enough when one lies in a folder and the other not
	// (README.md and docs/install.md): routes are not nested below a file
	// route's sibling folder that way.
	twoDeep := st.endpoints == 2 && st.files == 2 && st.depths == 1|1<<1 && dirs == 1 && flat == 1
	if st.endpoints < 3 && !twoDeep && !pluralPair(n, keys, g) || st.files*10 < st.endpoints*9 || st.suffixEPs > st.files {
		return false
	}
	if st.oneLeaf && st.leaf != "" && st.multi == 0 {
		// one file name in every directory (/u/kim/rss.xml, /u/ana/rss.xml):
		// a route after a value, not a tree of files
		return false
	}
	if dirs == 1 && flat == 0 && n.param == nil && len(g) == 1 && st.multi == 0 && !inv.knownValue(h, g[0].key) {
		// one folder no listing named and nothing beside it
		// (/src/branch/{path}): a route word on the way to the files
		return false
	}
	if st.multi == 0 && inv.routeWordBelow(h, n) {
		// a route word below a value (/billing/src/branch/...): the files
		// start further down
		return false
	}
	multiDepth := st.depths&(st.depths-1) != 0
	if !multiDepth && dirs < 2 && !(dirs == 0 && (flat >= 3 || pluralPair(n, keys, g))) && st.multi < 2 {
		return false
	}
	if len(g) > 0 {
		inv.collapse(h, n, g, 1<<clsFile)
	}
	r := n.param
	if r == nil {
		return false // only gRPC services, which are names
	}
	inv.flattenRest(h, r, st.suffixes)
	return true
}

// Parallel key paths. A key store addressed by several operations puts the
// same keys below several sibling literals: Vault's KV has
// /secret/data/KEY, /secret/metadata/KEY, /secret/delete/KEY ... for KEY =
// teams/payments/stripe or shared/smtp, keys of any depth that need not
// look like file names. Below each such sibling the keys are one
// multi-segment parameter. The evidence: two or more siblings share at
// least minSharedTails endpoint paths of two or more segments (literals
// only), of at least two depths, half of them or more ending in a value
// the host named (listings name keys). Route trees mounted twice (a
// gateway's /internal and /external) share tails too, but theirs end in
// route words, not in names the data hands out.

// minSharedTails: three keys seen below two operations each; one or two
// could be routes that happen to repeat.
const minSharedTails = 3

// parallelTailsCollapse makes the children of n that share key paths
// with a sibling multi-segment parameters below them. It reports whether
// any did.
func (inv *Inventory) parallelTailsCollapse(h *hostState, n *node, keys []string) bool {
	if len(keys) == 0 || len(n.lit) < 2 || h.vals.len() == 0 {
		return false
	}
	deep := 0 // children with grandchildren: only they can hold key paths
	for _, c := range n.lit {
		if c.hits > 0 && (len(c.lit) > 0 || c.param != nil) {
			deep++
		}
	}
	if deep < 2 {
		return false
	}
	tails := map[string]int{} // tail -> number of children below which it is an endpoint
	own := map[string][]string{}
	visited := 0
	var walk func(c *node, rel string, depth int, add func(string))
	walk = func(c *node, rel string, depth int, add func(string)) {
		visited++
		if visited > maxFileTreeNodes || depth > 16 {
			return
		}
		if depth >= 2 && len(c.methods) > 0 {
			add(rel)
		}
		for k, cc := range c.lit {
			if cc.hits > 0 && len(rel)+1+len(k) <= maxValueLen {
				sub := k
				if rel != "" {
					sub = rel + "/" + k
				}
				walk(cc, sub, depth+1, add)
			}
		}
		// a parameter a value rule made of some keys: "{}" in the tail
		if p := c.param; p != nil && !p.rest && p.page == 0 && len(rel)+3 <= maxValueLen {
			sub := "{}"
			if rel != "" {
				sub = rel + "/{}"
			}
			walk(p, sub, depth+1, add)
		}
	}
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		if c.hits == 0 || c.rpc || c.param != nil && c.param.rest || isVersionLiteral(k) {
			continue
		}
		walk(c, "", 0, func(rel string) { own[k] = append(own[k], rel) })
		for _, t := range own[k] {
			tails[t]++
		}
	}
	var g []string
	for _, k := range sortedKeys(own) {
		shared, named := 0, 0
		var depths uint32
		for _, t := range own[k] {
			if tails[t] < 2 {
				continue
			}
			shared++
			depths |= 1 << min(strings.Count(t, "/"), 31)
			if last := t[strings.LastIndexByte(t, '/')+1:]; last == "{}" || inv.knownValue(h, last) {
				named++
			}
		}
		if shared >= minSharedTails && depths&(depths-1) != 0 && named*2 >= shared {
			g = append(g, k)
		}
	}
	if len(g) < 2 {
		return false
	}
	// a sibling whose every key path is one of theirs addresses the same
	// keys (/secret/destroy/teams/data/warehouse/snowflake), however few
	// it was called with
	inG := map[string]bool{}
	for _, k := range g {
		inG[k] = true
	}
	var keysOf []string
	for _, k := range g {
		keysOf = append(keysOf, own[k]...)
	}
	for _, k := range sortedKeys(own) {
		if inG[k] {
			continue
		}
		all := len(own[k]) > 0
		for _, t := range own[k] {
			all = all && slices.ContainsFunc(keysOf, func(o string) bool { return sameKeyPath(t, o) })
		}
		if all {
			g = append(g, k)
		}
	}
	// Siblings the data names (whole or as the tail of a name with a
	// slash) are values of one parameter, whose sub-resources repeat
	// below each (/repos/kim, /repos/ana; a registry's library/busybox and
	// library/nginx, each with blobs/uploads/{id} and manifests/{ref}),
	// not operations: two or more operations the data does not name must
	// share the key paths. A folder the data named can be called like an
	// operation (a "data/" folder beside the data operation); it joins.
	ops := 0
	for _, k := range g {
		// (a registry's repositories are values the data named whole,
		// library/busybox, and known here by their tails)
		if !inv.knownValue(h, k) && !inv.knownTail(h, k) {
			ops++
		}
	}
	if ops < 2 {
		return false
	}
	for _, k := range g {
		c := n.lit[k]
		var sib []sibling
		for _, kk := range sortedKeys(c.lit) {
			if cc := c.lit[kk]; cc.hits > 0 && !cc.rpc {
				sib = append(sib, sibling{key: kk, hits: cc.hits})
			}
		}
		inv.collapse(h, c, sib, 0)
		if c.param != nil {
			inv.flattenRest(h, c.param, nil)
			// the literal above is an operation on the keys, not a
			// directory of a file tree
			c.param.keyed = true
		}
	}
	return true
}

// sameKeyPath reports whether two key paths are one: as many segments,
// equal where both are literals ("{}", a parameter a value rule made of
// some segment, matches any).
func sameKeyPath(a, b string) bool {
	if strings.Count(a, "/") != strings.Count(b, "/") {
		return false
	}
	for a != "" || b != "" {
		var x, y string
		x, a, _ = strings.Cut(a, "/")
		y, b, _ = strings.Cut(b, "/")
		if x != y && x != "{}" && y != "{}" {
			return false
		}
	}
	return true
}

// Document paths. Some APIs serve one JSON document and let a path walk
// into it (/api/vessels/self/navigation/position answers the "position"
// member of what /api/vessels/self answered): the whole tail is one
// multi-segment parameter, a JSON pointer (Firebase's database, Signal K,
// config APIs). The evidence is in the answers' shapes: a child's name is a
// member of its parent's answer, and the child answers with a member's
// type; a chain of two such steps (a grandchild that is a member of the
// child's answer, or a multi-segment path below the child) tells a
// document apart from sub-resources named like fields (/users/7/repos
// beside a "repos" field).

// minDocChildren: two members walked into below one node; one could be a
// sub-resource that mirrors a field.
const minDocChildren = 2

// docMember reports whether the child c, named k, of a node whose GET
// answered the shape ps, answered GET with the type of ps's member k.
func docMember(ps *Shape, k string, c *node) bool {
	if ps == nil || ps.Type != "object" || c == nil {
		return false
	}
	m := ps.Properties[k]
	a := c.methods["GET"]
	return m != nil && a != nil && a.respShape != nil && a.respShape.Type == m.Type
}

// docWalk reports whether the subtree of c reads like a walk into a
// document: only GET, every answer JSON, and a literal below c (depth 0)
// so the walk has two or more segments.
func docWalk(c *node, depth int) bool {
	if depth > 32 || c.param != nil || depth == 0 && len(c.lit) == 0 {
		return false
	}
	for m, a := range c.methods {
		if m != "GET" || a.respShape == nil {
			return false
		}
	}
	for _, c2 := range c.lit {
		if !docWalk(c2, depth+1) {
			return false
		}
	}
	return len(c.methods) > 0 || len(c.lit) > 0
}

// walksOn reports whether a path walks on into the document below c, a
// member: a member of c's answer is a child of c, or a multi-segment
// parameter (a document path found before) hangs at most two levels below
// it (/vessels/self/{path} below the member "vessels").
func walksOn(c *node, depth int) bool {
	if c.param != nil && c.param.rest {
		return true
	}
	var cs *Shape
	if a := c.methods["GET"]; a != nil {
		cs = a.respShape
	}
	for k, c2 := range c.lit {
		if docMember(cs, k, c2) || depth < 1 && walksOn(c2, depth+1) {
			return true
		}
	}
	return false
}

// docPathCollapse turns the members of n's answer that the traffic walked
// into (see above) into one multi-segment parameter below n. Other children
// (/api/snapshot beside the document's members) stay routes.
func (inv *Inventory) docPathCollapse(h *hostState, n *node, keys []string) bool {
	a := n.methods["GET"]
	if len(keys) == 0 || a == nil || a.respShape == nil || a.respShape.Type != "object" || n.param != nil && n.param.rest {
		return false
	}
	ps := a.respShape
	var g, walks []sibling
	chain, proven := false, 0
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		switch {
		case c.hits == 0:
			continue
		case docMember(ps, k, c):
			proven++
			chain = chain || walksOn(c, 0)
		case len(c.methods) == 0 && ps.Properties[k] != nil:
			// a member the walk only passed through
			// (/environment/wind/speed): it goes with the others
		case !reserved(k) && docWalk(c, 0):
			// a walk of two or more segments into JSON answers that the
			// sampled document did not hold (/steering/rudderAngle: a
			// member added since): it goes with them once the others
			// proved the document
			walks = append(walks, sibling{key: k, hits: c.hits})
			continue
		default:
			continue
		}
		g = append(g, sibling{key: k, hits: c.hits})
	}
	if proven < minDocChildren || !chain {
		return false
	}
	g = append(g, walks...)
	inv.collapse(h, n, g, 0)
	if n.param == nil {
		return false // only gRPC services, which are names
	}
	inv.flattenRest(h, n.param, nil)
	return true
}

// pluralPair reports whether the live children g of n are two files of one
// type, nothing below them, named by no dictionary word, in a collection
// named in the plural (/locales/de.json, /locales/pt-br.json): its
// members, as three would be anywhere.
func pluralPair(n *node, keys []string, g []sibling) bool {
	if len(g) != 2 || n.param != nil || len(keys) == 0 || !isPluralish(keys[len(keys)-1]) {
		return false
	}
	var ext string
	for i, s := range g {
		c := n.lit[s.key]
		j := lastDot(s.key)
		if c == nil || len(c.lit) > 0 || c.param != nil || !fileName(s.key) || j <= 0 || i > 0 && s.key[j:] != ext ||
			inVocabulary(strings.ToLower(s.key[:j])) {
			// (files named by words are routes: /types/nodes.json)
			return false
		}
		ext = s.key[j:]
	}
	return true
}

// flattenRest makes p a rest parameter and folds everything below it into
// it: every endpoint below is one of the path parameter's, except below
// the literal suffixes in keep (and, when p already is a rest parameter,
// its own literal children), which stay p's literal children: routes after
// the path.
func (inv *Inventory) flattenRest(h *hostState, p *node, keep map[string]bool) {
	beforeNodes, beforeEP := p.countSubtree()
	if p.rest && len(p.lit) > 0 {
		k2 := make(map[string]bool, len(keep)+len(p.lit))
		for k := range keep {
			k2[k] = true
		}
		for k, c := range p.lit {
			// a folder of files a merge brought in (main/src/main.go
			// below a branch) is more of the path, not a route after it
			if keep[k] || !filesFolder(c, 0) {
				k2[k] = true
			}
		}
		keep = k2
	}
	var suffix map[string]*node
	var fold func(dst, src *node, depth int)
	fold = func(dst, src *node, depth int) {
		if depth > 64 {
			return
		}
		for _, k := range sortedKeys(src.lit) { // merge order decides the examples kept
			c := src.lit[k]
			delete(src.lit, k)
			if keep[k] && !fileName(k) {
				if suffix == nil {
					suffix = map[string]*node{}
				}
				if d := suffix[k]; d != nil {
					mergeNode(d, c, inv.cfg.MaxChildrenPerNode, inv.cfg.MaxExamples)
				} else {
					suffix[k] = c
				}
				continue
			}
			fold(dst, c, depth+1)
			mergeAggs(dst, c, inv.cfg.MaxExamples)
			dst.pat.merge(&c.pat)
		}
		if c := src.param; c != nil {
			src.param = nil
			fold(dst, c, depth+1)
			mergeAggs(dst, c, inv.cfg.MaxExamples)
			dst.pat.merge(&c.pat)
			for i := range dst.kinds {
				dst.kinds[i] += c.kinds[i]
			}
		}
	}
	fold(p, p, 0)
	p.rest = true
	p.lit, p.param = nil, nil
	if len(suffix) > 0 {
		p.lit = suffix
	}
	afterNodes, afterEP := p.countSubtree()
	h.nodes += afterNodes - beforeNodes
	h.endpoints += afterEP - beforeEP
	inv.endpoints += afterEP - beforeEP
}

// mergeAggs moves src's endpoint aggregates into dst's.
func mergeAggs(dst, src *node, maxExamples int) {
	for m, a := range src.methods {
		if d := dst.methods[m]; d != nil {
			d.merge(a, maxExamples)
		} else {
			if dst.methods == nil {
				dst.methods = make(map[string]*agg, 2)
			}
			dst.methods[m] = a
		}
	}
	src.methods = nil
}

// fileName: a segment that names a file for the file-tree rule: a known
// extension (classOf's clsFile), or a short extension of 2-5 lower-case
// letters or digits after a name (notification.ogg, font.woff2, data.jsonl;
// app.webmanifest is left out): in a tree that is mostly files, the rare
// extension is one too.
func fileName(k string) bool {
	if classOf(k, literalKind(k)) == clsFile {
		return true
	}
	i := lastDot(k)
	if i <= 0 || len(k)-i-1 < 2 || len(k)-i-1 > 5 {
		return false
	}
	letter := false
	for j := i + 1; j < len(k); j++ {
		c := k[j]
		switch {
		case c >= 'a' && c <= 'z':
			letter = true
		case c >= '0' && c <= '9':
		default:
			return false
		}
	}
	return letter
}

// fileParam reports whether parameter p holds file names: a multi-segment
// or file-class parameter, a learned pattern with a dot, or one whose
// endpoints' example paths all end in a file name (a word rule may have
// collapsed hashed bundle names, index-DcWBU_a4.js, before the file rule
// saw the tree).
func fileParam(p *node) bool {
	return p.rest || p.accepts&(1<<clsFile) != 0 || p.pat.mask&32 != 0 || examplesAreFiles(p, false)
}

// examplesAreFiles reports whether p has example paths and every one ends
// in a file name; skipMasked leaves out masked examples ({token}).
func examplesAreFiles(p *node, skipMasked bool) bool {
	seen := false
	for _, a := range p.methods {
		for _, x := range a.examples {
			last := x[strings.LastIndexByte(x, '/')+1:]
			if skipMasked && strings.HasPrefix(last, "{") {
				continue
			}
			if !fileName(last) {
				return false
			}
			seen = true
		}
	}
	return seen
}

// fileNamesOnly reports whether the single-segment parameter p holds file
// names (name.ext) and nothing else so far: the file class, or every
// example path ending in a file name. Such a parameter takes no words (the
// bundles of /admin/{file} beside the API's /admin/users).
func fileNamesOnly(p *node) bool {
	if p.rest {
		return false
	}
	return p.accepts&(1<<clsFile) != 0 || examplesAreFiles(p, true)
}

// hashedSibling reports whether seg is one more build artefact of the
// parameter p whose values are bundler output: every example path of p (3
// at least) ends in name<sep><hash>.<ext> with one extension and one hash
// length (Vite's index-B-0Nha0E.js, webpack's main.3f9a2c1b.js), and seg
// has that form too. A hash without a digit (index-BMvxgixg.js, one Vite
// hash in five) reads like a word on its own; beside its siblings it is
// one more hash.
func hashedSibling(p *node, seg string) bool {
	ext, hashLen, ok := hashedName(seg, 0)
	if !ok {
		return false
	}
	seen, digits := 0, 0
	for _, a := range p.methods {
		for _, x := range a.examples {
			last := x[strings.LastIndexByte(x, '/')+1:]
			if strings.HasPrefix(last, "{") {
				continue
			}
			e, l, ok := hashedName(last, hashLen)
			if !ok || e != ext || l != hashLen {
				return false
			}
			seen++
			if i := len(last) - len(e) - 1; strings.ContainsAny(last[i-l:i], "0123456789") {
				digits++
			}
		}
	}
	// most hashes have a digit: words of one length (datepicker,
	// timepicker) are no hashes
	return seen >= 3 && 2*digits >= seen
}

// hashedName splits name<sep><hash>.<ext> (sep '-' or '.', a hash of 8 to
// 32 base64url characters, an extension fileName accepts). With want > 0
// only a hash of that length is tried.
func hashedName(s string, want int) (ext string, hashLen int, ok bool) {
	i := lastDot(s)
	if i <= 0 || !fileName(s) {
		return "", 0, false
	}
	stem := s[:i]
	for l := 8; l <= 32 && l < len(stem); l++ {
		if want > 0 && l != want {
			continue
		}
		if sep := stem[len(stem)-l-1]; sep != '-' && sep != '.' {
			continue
		}
		good := true
		for _, c := range []byte(stem[len(stem)-l:]) {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				good = false
				break
			}
		}
		if good {
			return s[i+1:], l, true
		}
	}
	return "", 0, false
}

// rejectedFold: a literal beside a parameter whose every answer refused
// the request as invalid or absent (400, 404, 422) or failed on it (500:
// gateways that map "not found" to an internal error), and whose methods and
// sub-resources the parameter serves too, is a value the parameter's
// handler rejected (/silence/not-a-uuid beside /silence/{silenceID}; the
// router sent it there): it joins the parameter. Its example paths are
// dropped: they show input the server refused, not a form of the route.
// A route of its own answers something else (2xx, 3xx, 403) at least
// once; a 403 that quoted the literal as what it refused counts as a
// rejection (quotedRefusal), and so does a 403 on a write. A 401 refused
// the credentials before any route was looked at: it says nothing of the
// path, so a literal answered only that way is taken for a value too,
// unless it is a view or action word (/users/export), which stays a route.
func (inv *Inventory) rejectedFold(h *hostState, n *node) bool {
	p := n.param
	if p == nil || p.page != 0 || p.rest || len(n.lit) == 0 {
		return false
	}
	files := fileNamesOnly(p)
	var g []sibling
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		// (a parameter of file names refuses words for their own 404:
		// /admin/ai-token beside the bundles /admin/{file} is a route)
		if c.hits > 0 && !isVersionLiteral(k) && (!files || fileName(k)) && rejectedFits(c, p, 0, !reserved(k)) {
			g = append(g, sibling{key: k, hits: c.hits})
		}
	}
	if len(g) == 0 {
		return false
	}
	for _, s := range g {
		dropExamples(n.lit[s.key], 0)
	}
	inv.collapse(h, n, g, 0)
	inv.stats.RejectedFolds += uint64(len(g))
	return true
}

// rejectedFits: every endpoint at or below c answered only refusals
// (onlyRejected; 401 counts when unauth), and the parameter p has the same
// endpoints at the same places.
func rejectedFits(c, p *node, depth int, unauth bool) bool {
	if depth > 16 {
		return false
	}
	for m, a := range c.methods {
		if p.methods[m] == nil || !onlyRejected(a, m != "GET" && m != "HEAD" && m != "OPTIONS", unauth) {
			return false
		}
	}
	for k, cc := range c.lit {
		pc := p.lit[k]
		if pc == nil && p.param != nil && p.param.takes(k, literalKind(k)) {
			pc = p.param
		}
		if pc == nil || !rejectedFits(cc, pc, depth+1, unauth) {
			return false
		}
	}
	if c.param != nil && (p.param == nil || !rejectedFits(c.param, p.param, depth+1, unauth)) {
		return false
	}
	return true
}

// onlyRejected: a answered at least one refusal and nothing else: 400,
// 404, 422 or 500; a 403 on a write or one that quoted the value; a 401
// when unauth.
func onlyRejected(a *agg, write, unauth bool) bool {
	seen := false
	for st, n := range a.statuses {
		if n == 0 {
			continue
		}
		switch {
		case st == 400 || st == 404 || st == 422 || st == 500:
			seen = true
		case st == 401 && unauth:
			// refused before any route was looked at: the
			// credentials, not the path, were wrong
			seen = true
		case st == 403 && (write || n <= a.quoted403):
			// refused by name: "no permission to access collection
			// \"x\" or it does not exist" (APIs that will not say which);
			// or a write the parameter beside it takes, refused: a
			// policy that denies changing that one resource (pushing
			// one tag, deleting one user). A route of its own that
			// denies every write is rare beside a parameter that
			// serves the method.
			seen = true
		default:
			return false
		}
	}
	return seen
}

func dropExamples(n *node, depth int) {
	if depth > 16 {
		return
	}
	for _, a := range n.methods {
		a.examples = nil
	}
	for _, c := range n.lit {
		dropExamples(c, depth+1)
	}
	if n.param != nil {
		dropExamples(n.param, depth+1)
	}
}

// leafJoin: a leaf literal beside a parameter that names collapsed into
// (accepts != 0: the position holds names, not typed ids), shaped as a
// compound name with a part no dictionary has (hydra.openid.id-token,
// team-x7), whose methods the parameter serves, is one more name: word
// classes differ (dots beside hyphens) but the position is the same.
// Compounds of dictionary words (health-report, bulk-delete) are what
// routes are named, and stay.
func (inv *Inventory) leafJoin(h *hostState, n *node) bool {
	if n.param == nil || n.param.accepts == 0 {
		return false
	}
	return inv.foldLeaves(h, n, func(k string) bool {
		return !reserved(k) && !fileName(k) && oddCompound(k)
	}, func(a, pa *agg) bool { return true }) > 0
}

// namedMemberJoin: a view word the host named as a value (a registry's
// tag "latest" in its tag list, a policy called "default"), used at its own
// path as the parameter beside it is, is one more value of that
// parameter: written with a method the parameter serves (PUT, PATCH,
// DELETE), or read with the very answer the parameter's values give (the
// same JSON keys). A view is read, never stored or deleted by name; one
// that points at a member by its order (/posts/latest) answers as the
// member does, so only a write counts for it. The caller's own record
// (/users/me) is a route, however alike it reads. A preflight (OPTIONS)
// answers at any route, so it neither decides nor blocks.
func (inv *Inventory) namedMemberJoin(h *hostState, n *node) bool {
	p := n.param
	if p == nil || p.rest || p.page != 0 || len(n.lit) == 0 || h.vals.len() == 0 {
		return false
	}
	var g []sibling
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		if c.hits == 0 || len(c.lit) > 0 || c.param != nil || !reservedWords[k] || actionWords[k] || selfAlias(k) || !inv.knownValue(h, k) {
			continue
		}
		member, ok := false, true
		for m, a := range c.methods {
			switch {
			case m == "OPTIONS":
			case p.methods[m] == nil:
				ok = false
			case m == "PUT" || m == "PATCH" || m == "DELETE":
				member = true
			case m == "GET" && !pointerWord(k):
				// read as the parameter's values are read: one
				// handler's answer, keys and all
				if kh := a.respKeyHash(); kh != 0 && kh == p.methods[m].respKeyHash() {
					member = true
				}
			}
		}
		if ok && member {
			g = append(g, sibling{key: k, hits: c.hits})
		}
	}
	if len(g) == 0 {
		return false
	}
	inv.collapse(h, n, g, 0)
	return true
}

// selfAlias: a word that addresses the caller's own record (/users/me,
// /accounts/self), a route beside the members it looks like.
func selfAlias(k string) bool {
	switch k {
	case "me", "self", "current", "mine", "my":
		return true
	}
	return false
}

// pointerWord: a view word that points at one member by its place in an
// order (/releases/latest, /posts/first): it answers what a member
// answers, so reading it alike proves nothing, even when the host names
// the word somewhere (a tag "latest").
func pointerWord(k string) bool {
	switch k {
	case "latest", "recent", "newest", "oldest", "first", "last", "next", "previous", "random", "today":
		return true
	}
	return false
}

// foldLeaves collapses into n's parameter the literal leaves (no children,
// some endpoint) whose key keep accepts and each of whose methods the
// parameter has too, fits saying yes to the pair of aggregates. It returns
// how many it folded. Beside a fallback or multi-segment parameter, none.
func (inv *Inventory) foldLeaves(h *hostState, n *node, keep func(k string) bool, fits func(a, pa *agg) bool) int {
	p := n.param
	if p == nil || p.rest || p.page != 0 || len(n.lit) == 0 {
		return 0
	}
	var g []sibling
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		if c.hits == 0 || len(c.lit) > 0 || c.param != nil || len(c.methods) == 0 || isVersionLiteral(k) || !keep(k) {
			continue
		}
		ok := true
		for m, a := range c.methods {
			if pa := p.methods[m]; pa == nil || !fits(a, pa) {
				ok = false
				break
			}
		}
		if ok {
			g = append(g, sibling{key: k, hits: c.hits})
		}
	}
	if len(g) > 0 {
		inv.collapse(h, n, g, 0)
	}
	return len(g)
}

// oddCompound: two or more parts joined by '-', '_' or '.', one of which is
// no dictionary word (or has a digit).
func oddCompound(k string) bool {
	parts := strings.FieldsFunc(k, func(r rune) bool { return r == '-' || r == '_' || r == '.' })
	if len(parts) < 2 {
		return false
	}
	for _, w := range parts {
		if !inVocabulary(strings.ToLower(w)) {
			return true
		}
	}
	return false
}

// maxValueSegments bounds how many segments one value may span in
// multiValueCollapse (image names, group paths: a few).
const maxValueSegments = 6

// valueRuns collects, below a literal child of the node multiValueCollapse
// looks at, the runs of segments the host carried as one value.
type valueRuns struct {
	inv    *Inventory
	h      *hostState
	depths uint8 // bit per run length (1..maxValueSegments)
	values int
	multi  int
	// tails counts the runs found below an existing parameter by their
	// tails: the position already is a parameter, and one value the host
	// handed out whole says it spans segments.
	tails    int
	suffixes map[string]bool
	// served counts the endpoints walked, explained those that are a
	// value's end or a route after one (coverage).
	served, explained int
	// parent is the key of the node looked at when it is a literal: a
	// value may start with it (refs/heads/main below /git/refs, the
	// parameter being what follows it).
	parent string
}

// walk visits c, reached by rel (its segments joined by '/', depth+1 of
// them), and reports whether a value ends at c or below. The literal
// children of a value's end that continue no value are suffixes: routes
// after the value (/images/{name}/json). In tail mode rel lacks the first
// segment of the value (a parameter took it), so the run is known by its
// tail (knownTail).
func (vr *valueRuns) walk(c *node, rel string, depth int, tail bool) bool {
	return vr.walkUnder(c, rel, depth, tail, false)
}

// walkUnder is walk; under says a value ended above c (c is a suffix's).
func (vr *valueRuns) walkUnder(c *node, rel string, depth int, tail, under bool) bool {
	var known bool
	if tail {
		// a tail whose segments are each a value on its own is the second
		// half of owner/repo, as in the composite case below
		known = vr.inv.knownTail(vr.h, rel) && !vr.composite(rel)
	} else {
		known = vr.inv.knownValue(vr.h, rel) ||
			vr.parent != "" && len(vr.parent)+1+len(rel) <= maxValueLen && vr.inv.knownValue(vr.h, vr.parent+"/"+rel)
		if known && depth > 0 && (vr.composite(rel) || actionIn(rel) && !isPluralish(vr.parent)) {
			// owner/repo handed out whole ("full_name") beside each half
			// ("login", "name"): one value per segment, not one spanning
			// them. A run with a verb in it (auth/token/create/release-bot)
			// is a request path the API echoed in its records (Vault's
			// token "path"): names an API hands out hold no verbs, except
			// as members of a collection, where a name may end in any word
			// (/branches/feature/login).
			known = false
		}
	}
	if known {
		vr.values++
		vr.depths |= 1 << depth
		if depth > 0 {
			vr.multi++
			if tail {
				vr.tails++
			}
		}
	}
	if len(c.methods) > 0 {
		vr.served++
		if known || under {
			vr.explained++
		}
	}
	found := known
	for _, k := range sortedKeys(c.lit) {
		cc := c.lit[k]
		if cc.hits == 0 {
			continue
		}
		below := depth+1 < maxValueSegments && len(rel)+1+len(k) <= maxValueLen && vr.walkUnder(cc, rel+"/"+k, depth+1, tail, under || known)
		if below {
			found = true
		} else if known {
			vr.suffix(k)
		}
	}
	if p := c.param; depth == 0 && !tail && !known && p != nil && p.rest && p.valued && p.page == 0 {
		// values that start with c's own segment, made one parameter
		// below it already (debian/{path} for debian/12/cloud): one more
		// value spanning segments that starts here
		vr.values++
		vr.multi++
		vr.depths |= 1 << 1
		found = true
	}
	return found
}

func (vr *valueRuns) suffix(k string) {
	if vr.suffixes == nil {
		vr.suffixes = map[string]bool{}
	}
	vr.suffixes[k] = true
}

// walkParam visits the parameter p of the node multiValueCollapse looks
// at. When p took the first segments of values before their runs were
// seen whole (a collapse during Observe), the runs below it are known by
// their tails; a value ends at p itself when one it took is known.
func (vr *valueRuns) walkParam(p *node) {
	known := false
	for _, v := range p.vals {
		if vr.h.vals.has(v) {
			known = true
			break
		}
	}
	if known {
		vr.values++
		vr.depths |= 1
	}
	for _, k := range sortedKeys(p.lit) {
		cc := p.lit[k]
		if cc.hits == 0 {
			continue
		}
		if !(len(k) <= maxValueLen && vr.walk(cc, k, 1, true)) && known {
			vr.suffix(k)
		}
	}
}

// actionIn reports whether a segment of rel after its first is an action
// word (actionWords).
func actionIn(rel string) bool {
	_, rest, _ := strings.Cut(rel, "/")
	for seg := range strings.SplitSeq(rest, "/") {
		if actionWords[seg] {
			return true
		}
	}
	return false
}

// tookKnownValue reports whether the parameter p took a value the host
// handed out (among the first it took, node.vals).
func (inv *Inventory) tookKnownValue(h *hostState, p *node) bool {
	if h.vals.len() == 0 {
		return false
	}
	for _, v := range p.vals {
		if h.vals.has(v) {
			return true
		}
	}
	return false
}

// composite reports whether every segment of rel is a value on its own.
func (vr *valueRuns) composite(rel string) bool {
	for seg := range strings.SplitSeq(rel, "/") {
		if !vr.inv.knownValue(vr.h, seg) {
			return false
		}
	}
	return true
}

// multiValueCollapse makes one multi-segment parameter of values that span
// segments: image references (acme/web:1.2), group and namespace paths.
// APIs hand them out as one string and clients put them in the path with
// their slashes. It needs what a fixed number of single parameters would
// not explain: values the host carried, at least two, spanning segments
// and not made of values each segment is on its own (owner/repo stays two
// single parameters), and either runs of different lengths below n
// (busybox:1.36 beside acme/web:1.2 and internal/tools/builder:2) or two
// or more values spanning segments (scoped names, @acme/editor:theme:
// nothing says their halves are two values). Literal
// children of n that start no value (/images/json, /images/create) stay
// routes; what follows a value stays the parameter's literal suffixes.
// A parameter that already took first segments of such values (a collapse
// during Observe, before the runs were seen whole) takes the rest of them
// too, known by their tails, so the result does not depend on the order
// the rules ran in; there one such value is enough, as the position is a
// parameter already and only its span was in question.
func (inv *Inventory) multiValueCollapse(h *hostState, n *node, keys []string) bool {
	if len(keys) == 0 || h.vals.len() == 0 || n.param != nil && n.param.rest {
		return false
	}
	vr := valueRuns{inv: inv, h: h}
	if k := keys[len(keys)-1]; k != "" {
		vr.parent = k
	}
	var g []sibling
	served, explained := 0, 0
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		if c.hits == 0 || reserved(k) || isVersionLiteral(k) {
			continue
		}
		if len(c.methods) > 0 && !inv.knownValue(h, k) {
			// served at its own path and no value itself: a collection
			// whose members' names start with its word (/git/refs listing
			// refs/heads/main): the parameter lies below it
			continue
		}
		s0, e0 := vr.served, vr.explained
		if vr.walk(c, k, 0, false) {
			g = append(g, sibling{key: k, hits: c.hits})
			served += vr.served - s0
			explained += vr.explained - e0
		}
	}
	if explained*2 < served {
		// Most of what lies below the literals the values start with is
		// routes no value explains: the values are the API's own paths
		// echoed in its data (Vault's token and lease records name the
		// request, "path": "auth/approle/login", below /v1), not names
		// it hands out.
		return false
	}
	if p := n.param; p != nil && p.page == 0 {
		vr.walkParam(p)
	}
	if vr.multi == 0 || vr.tails == 0 && (vr.values < 2 || vr.depths&(vr.depths-1) == 0 && vr.multi < 2) {
		return false
	}
	inv.collapse(h, n, g, 0)
	if n.param == nil {
		return false // only gRPC services, which are names
	}
	inv.flattenRest(h, n.param, vr.suffixes)
	n.param.valued = true
	return true
}

// restJoin: a literal child of n whose runs end where the values of n's
// rest parameter end, before one of its literal suffixes
// (/images/library/alpine:3/json beside /images/{name}/json), or that
// starts a run the host handed out as one value (release/v2), is one
// more value of it, whether it came before the parameter was made or
// after (restWalk takes it then). Only for a parameter whose values came
// from the host's data: file trees decide their own members. View and
// action words and versions stay routes, as in entersRest.
func (inv *Inventory) restJoin(h *hostState, n *node) bool {
	r := n.param
	if r == nil || !r.rest || !r.valued || len(n.lit) == 0 {
		return false
	}
	var g []string
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		if c.hits == 0 || c.rpc || reserved(k) || isVersionLiteral(k) {
			continue
		}
		if len(r.lit) > 0 && reachesSuffix(c, r.lit, 0) || inv.startsKnownRun(h, k, c, 0) {
			g = append(g, k)
		}
	}
	if len(g) == 0 {
		return false
	}
	keep := make(map[string]bool, len(r.lit))
	for k := range r.lit {
		keep[k] = true
	}
	sib := make([]sibling, 0, len(g))
	for _, k := range g {
		c := n.lit[k]
		// fold the run into c first, so that only the suffixes stay
		// below it when it joins the parameter
		inv.flattenRest(h, c, keep)
		sib = append(sib, sibling{key: k, hits: c.hits})
	}
	inv.collapse(h, n, sib, 0)
	return true
}

// valuePathJoin: below a literal that is no collection, values the host
// named each followed by nothing but a file path (/src/branch/main/{path},
// the only branch seen) are the start of that path: one multi-segment
// parameter takes the value and the path (/src/branch/{path}; /src/main
// itself, the branch's root page, too), as a router's catch-all after the
// word does; a second value or a value with a slash in it would have made
// it anyway. Only where every live literal below n is such a value, and
// n's parameter, if any, holds values the host named and nothing below
// them but such a path (the values became a parameter before their paths
// were seen: the same template whatever the order).
func (inv *Inventory) valuePathJoin(h *hostState, n *node, keys []string) bool {
	if len(keys) == 0 || keys[len(keys)-1] == "" || isPluralish(keys[len(keys)-1]) {
		return false
	}
	pathBelow := func(c *node) bool {
		if c.param == nil && len(c.lit) == 1 {
			// one file the host named below the value
			// (/raw/branch/main/go.mod): the shortest path there is; a
			// file name the data never gave is a route after the value
			// (/u/kim/rss.xml)
			for k, x := range c.lit {
				if !fileName(k) || !staticLeaf(x) || !inv.knownValue(h, k) {
					return false
				}
			}
		} else if len(c.lit) > 0 || c.param == nil || !c.param.rest || c.param.page != 0 {
			return false
		}
		for m := range c.methods {
			if m != "GET" && m != "HEAD" {
				return false // a value's page is the path's root; more is a resource
			}
		}
		return true
	}
	p := n.param
	if p != nil && (p.rest || p.page != 0 || !p.valued || !pathBelow(p)) {
		return false
	}
	var g []sibling
	keep := map[string]bool{}
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		if c.hits == 0 {
			continue
		}
		if !pathBelow(c) || reserved(k) || isVersionLiteral(k) || fileName(k) || !inv.knownValue(h, k) {
			return false
		}
		if c.param != nil {
			for s := range c.param.lit {
				keep[s] = true
			}
		}
		g = append(g, sibling{key: k, hits: c.hits})
	}
	if len(g) == 0 && p == nil {
		return false
	}
	if p != nil && p.param != nil {
		for s := range p.param.lit {
			keep[s] = true
		}
	}
	if len(g) > 0 {
		inv.collapse(h, n, g, 0)
	}
	if n.param == nil {
		return false
	}
	inv.flattenRest(h, n.param, keep)
	n.param.valued = true
	return true
}

// staticMountCollapse: a web application's files served below its page
// (/admin/ answering its index.html, /admin/favicon.png, /admin/assets/
// holding the bundles) are one file server's: a multi-segment parameter
// takes the static files and directories below n, and the routes beside
// them (/admin/admin/api) stay. Only below an HTML page of n's own, with
// a static file and a static directory both present: an API prefix is no
// page, and a lone directory of bundles is the word rules' to judge.
func (inv *Inventory) staticMountCollapse(h *hostState, n *node, keys []string) bool {
	if len(keys) == 0 || keys[len(keys)-1] == "" || n.param != nil || len(n.lit) < 2 {
		return false
	}
	a := n.methods["GET"]
	if a == nil || a.respCT["text/html"] == 0 {
		return false
	}
	var g []sibling
	files, dirs := 0, 0
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		switch {
		case c.hits == 0:
		case fileName(k) && staticLeaf(c):
			files++
			g = append(g, sibling{key: k, hits: c.hits})
		case !fileName(k) && !reservedWords[k] && staticTree(c, 0):
			dirs++
			g = append(g, sibling{key: k, hits: c.hits})
		}
	}
	if files == 0 || dirs == 0 {
		return false
	}
	inv.collapse(h, n, g, 1<<clsFile)
	if n.param == nil {
		return false
	}
	inv.flattenRest(h, n.param, nil)
	return true
}

// startsKnownRun reports whether the literal c, reached by rel, starts a
// run of two or more segments the host handed out as one value
// (release/v2 below /branch, beside the branch names' path parameter).
func (inv *Inventory) startsKnownRun(h *hostState, rel string, c *node, depth int) bool {
	if depth >= maxValueSegments-1 || h.vals.len() == 0 {
		return false
	}
	for _, k := range sortedKeys(c.lit) {
		cc := c.lit[k]
		if cc.hits == 0 || len(rel)+1+len(k) > maxValueLen {
			continue
		}
		sub := rel + "/" + k
		if inv.knownValue(h, sub) || inv.startsKnownRun(h, sub, cc, depth+1) {
			return true
		}
	}
	return false
}

// reachesSuffix reports whether a node at or below n (within
// maxValueSegments) has a literal child in suffixes. The walk goes through
// parameters too: a class rule may have made one of the value's later
// segments a parameter before the run was seen whole (ci_images/{id} for
// ci_images/cross_gcc-arm64, a second segment shaped like the others).
func reachesSuffix(n *node, suffixes map[string]*node, depth int) bool {
	if depth >= maxValueSegments {
		return false
	}
	for k, c := range n.lit {
		if c.hits == 0 {
			continue
		}
		if suffixes[k] != nil || reachesSuffix(c, suffixes, depth+1) {
			return true
		}
	}
	if p := n.param; p != nil && p.hits > 0 && reachesSuffix(p, suffixes, depth+1) {
		return true
	}
	return false
}

// routeWordBelow reports whether a child of n that is a value (a literal
// the host named, or the parameter) and is served at its own path holds a
// literal that serves nothing, is no file and is named nowhere in the data,
// neither alone nor as a path below the value (/repos/kim/site/raw/...,
// /billing/src/branch/...): a route word on the way to the files. A
// directory the host serves is listed, and its listing names what lies
// below it (docs/guide below docs).
func (inv *Inventory) routeWordBelow(h *hostState, n *node) bool {
	word := func(v string, c *node) bool {
		for k, cc := range c.lit {
			if cc.hits > 0 && len(cc.methods) == 0 && !fileName(k) && !inv.knownValue(h, k) &&
				(v == "" || len(v)+1+len(k) > maxValueLen || !inv.knownValue(h, v+"/"+k)) {
				return true
			}
		}
		return false
	}
	for k, c := range n.lit {
		if len(c.methods) > 0 && inv.knownValue(h, k) && word(k, c) {
			return true
		}
	}
	p := n.param
	return p != nil && !p.rest && len(p.methods) > 0 && word("", p)
}

// filesFolder reports whether c serves nothing at its own path and every
// endpoint below it ends in a file name: a folder (src/ holding main.go),
// not a route after a path (/contents/{path}/checkpoints).
func filesFolder(c *node, depth int) bool {
	if depth > maxStaticDepth || len(c.methods) > 0 || len(c.lit) == 0 && c.param == nil {
		return false
	}
	for k, x := range c.lit {
		if x.hits == 0 {
			continue
		}
		if fileName(k) && len(x.lit) == 0 && x.param == nil {
			continue
		}
		if !filesFolder(x, depth+1) {
			return false
		}
	}
	return c.param == nil || fileParam(c.param) && len(c.param.lit) == 0 && c.param.param == nil
}

// Value chains. A store's folders, each listed by the one above it
// ("keys": ["ops/"], then ["backup/"] below ops), become one parameter
// per level once provenance made each level's values a parameter:
// /legacy/{a}/{b}/{c}, every level a page of its own. Such a run of
// levels is one multi-segment parameter (/legacy/{path}), as the store's
// router has it. A level is the parameters and the literals the host
// named (a folder seen alone stays a literal) one segment below the
// level above it.

// minChainDepth: REST hierarchies alternate collections and ids
// (/orgs/{org}/teams/{team}), and two parameters in a row (an owner and a
// repository, each with its page) are common; three levels in a row,
// each answering the same method and each holding values the host handed
// out, are a path's folders.
const minChainDepth = 3

// maxChainNodes bounds the nodes valueChainCollapse visits at one n.
const maxChainNodes = 256

// valueChainCollapse makes n's parameter a rest parameter taking the run
// of value levels below it when the run is at least minChainDepth deep,
// its first minChainDepth levels hold values the host named, and one
// method is served at minChainDepth or more of its depths. Literal
// children seen at two or more depths of the run, or view and action
// words (a view after a path of any depth), stay routes after the path
// unless the host named them (a folder called config); other literals
// below it are more of the path. Only at the run's top (n no parameter),
// so the run is taken whole.
func (inv *Inventory) valueChainCollapse(h *hostState, n *node, keys []string) bool {
	if len(keys) == 0 || keys[len(keys)-1] == "" || h.vals.len() == 0 {
		return false
	}
	p := n.param
	if p == nil || p.rest || p.page != 0 || !p.valued && !inv.tookKnownValue(h, p) {
		return false
	}
	var served [8]int               // depths at which each method (methodBit) answered
	depthsOf := map[string]uint64{} // literal child -> the depths it was seen at, as bits
	level := []*node{p}
	depth, visited := 0, 0
	for len(level) > 0 && depth < 63 && visited < maxChainNodes {
		depth++
		var ms uint8
		var next []*node
		for _, q := range level {
			visited++
			if q.page != 0 {
				return false
			}
			for m := range q.methods {
				ms |= methodBit(m)
			}
			if q.rest {
				continue
			}
			for k, c := range q.lit {
				depthsOf[k] |= 1 << depth
				if c.hits > 0 && inv.knownValue(h, k) {
					next = append(next, c)
				}
			}
			if c := q.param; c != nil {
				if !c.rest && !c.valued && !inv.tookKnownValue(h, c) {
					if depth < minChainDepth {
						return false
					}
					continue
				}
				next = append(next, c)
			}
		}
		for i := range served {
			if ms&(1<<i) != 0 {
				served[i]++
			}
		}
		level = next
	}
	if depth < minChainDepth || slices.Max(served[:]) < minChainDepth {
		return false
	}
	var keep map[string]bool
	for k, c := range depthsOf {
		if (bits.OnesCount64(c) >= 2 || reserved(k)) && !inv.knownValue(h, k) {
			if keep == nil {
				keep = map[string]bool{}
			}
			keep[k] = true
		}
	}
	inv.flattenRest(h, p, keep)
	p.valued = true
	return true
}
