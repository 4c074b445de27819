package inventory

import "slices"

// Value provenance. A path segment whose exact text an earlier message of
// the same host carried as the value of an identifier (identifierKey: a
// JSON string under "login", "name", "projectId", a query parameter such
// as ?appName=website) is data, not a route name:
// APIs hand out the names and keys that clients then put into paths. The
// inventory keeps only salted 64-bit hashes of such values, never the
// values, in a bounded set per host (valueSet).

// identifierKey reports whether a JSON key or query parameter names an
// identifier: what a client later puts in a path (id, name, key, slug,
// login, path, branch, tag, topic, prefix (how API keys are listed and
// addressed, as their secret is never shown again; an object store's
// folder) and their compounds: userId,
// project_name, appName, default_branch, file, filename_download;
// "value", the data half of a key/value pair).
// Values of other keys are left out: enums and states ("type": "api",
// "state": "active") share words with routes (/login/api), and texts are no
// segments.
func identifierKey[T ~string | ~[]byte](k T) bool {
	if len(k) == 0 || len(k) > 64 {
		return false
	}
	var buf [64]byte
	n := 0
	for i := 0; i < len(k); i++ {
		c := k[i]
		switch {
		case c >= 'A' && c <= 'Z':
			buf[n] = c + 'a' - 'A'
			n++
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
			buf[n] = c
			n++
		}
	}
	w := string(buf[:n])
	// a list of identifiers: "names", "tags", "repoTags", "ids"
	if len(w) > 2 && w[len(w)-1] == 's' && w[len(w)-2] != 's' {
		w = w[:len(w)-1]
	}
	switch w {
	case "id", "uid", "uuid", "name", "key", "slug", "login", "username", "user", "owner", "handle",
		"path", "filepath", "filename", "file", "ref", "branch", "tag", "topic", "value", "prefix":
		return true
	}
	// a file's name in one of its forms: filename_download, fileNameDisk
	if len(w) > 8 && (w[:8] == "filename" || w[:8] == "filepath") {
		return true
	}
	for _, suf := range [...]string{"id", "name", "key", "slug", "login", "path", "tag", "topic", "branch"} {
		if len(w) > len(suf) && w[len(w)-len(suf):] == suf {
			// The name or id of a type, model, API or plugin
			// ("pluralName": "articles", "apiID": "homepage",
			// "pluginName": "upload") is what frameworks mount routes
			// under, one literal route per type (/api/articles), not a
			// record a client puts into a path.
			switch w[:len(w)-len(suf)] {
			case "plural", "singular", "model", "api", "plugin":
				return suf != "id" && suf != "name"
			}
			return true
		}
	}
	return false
}

// relativeURLValue reports whether a JSON string v under key k is a link
// of one relative segment ("sub_url": "Getting-Started", a wiki page's
// address below its wiki): the segment a client puts into the path.
// Absolute links and paths are left out: they name routes as much as data.
func relativeURLValue[T ~string | ~[]byte](k, v T) bool {
	n := len(k)
	if n < 3 || n > 64 || len(v) == 0 || len(v) > 64 {
		return false
	}
	t := k[n-3:]
	if !(t[0]|0x20 == 'u' && t[1]|0x20 == 'r' && t[2]|0x20 == 'l') {
		return false
	}
	if n > 3 {
		// a word of its own: sub_url, subUrl, html-url
		if c := k[n-4]; !(t[0] == 'U' && c >= 'a' && c <= 'z' || c == '_' || c == '-') {
			return false
		}
	}
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '/', ':', '?', '#', '.', ' ':
			return false
		}
	}
	return true
}

// typeValue reports whether a JSON string v under key k names a type the
// way clients put types into paths: the key is a type ("type",
// "queryType", "credential_type") and the value a compound name
// (order-status, __stack_trace, httpBasicAuth). Plain words under type keys
// stay out: enums and states share them with routes ("type": "api" beside
// /login/api), while compound names are what an application's users or
// plugins define (a workflow's query handlers, a credential type).
func typeValue[T ~string | ~[]byte](k, v T) bool {
	n := len(k)
	if n < 4 || n > 64 || len(v) < 3 || len(v) > 64 {
		return false
	}
	t := k[n-4:]
	if !(t[0]|0x20 == 't' && t[1]|0x20 == 'y' && t[2]|0x20 == 'p' && t[3]|0x20 == 'e') {
		return false
	}
	if n > 4 {
		// a word of its own: queryType, query_type, query-type
		if c := k[n-5]; !(t[0] == 'T' && c >= 'a' && c <= 'z' || c == '_' || c == '-') {
			return false
		}
	}
	compound := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c >= 'A' && c <= 'Z':
			if i > 0 && v[i-1] >= 'a' && v[i-1] <= 'z' {
				compound = true
			}
		case c == '-' || c == '_':
			if i > 0 && i < len(v)-1 {
				compound = true
			}
		default:
			return false
		}
	}
	return compound
}

// maxValuesPerHost bounds a host's value set. Two generations of half the
// size each: when the current one fills, it becomes the old one and the
// oldest values are forgotten, so a long-running sensor keeps the recent
// vocabulary of its hosts. 16384 hashes are about 0.5 MiB of map at most per
// host, and more distinct names than a few thousand per host add nothing:
// the values that matter are those of collections small enough to be
// listed in one response.
const maxValuesPerHost = 1 << 14

// maxValueLen: longer strings are texts, tokens or documents, not names a
// client puts in a path segment (a multi-segment file path included).
const maxValueLen = 200

// valueSet is a bounded set of salted value hashes.
type valueSet struct {
	cur, old map[uint64]struct{}
	// echo holds the values noted so far only in the answer to a path
	// that ends with them (GET /apis/apps: {"name": "apps"}): a record
	// names itself so, and so does a route that describes itself, so the
	// echo alone does not say the host hands the value out (see
	// provenanceCollapse). A value noted anywhere else leaves it.
	echo map[uint64]struct{}
}

// maxEchoValues bounds valueSet.echo; past it, echoes count as other
// values do (the rule they feed is about a few names at one position).
const maxEchoValues = 1024

// noteEcho records h, about to be added, as noted in an echo: unless it
// is known already.
func (v *valueSet) noteEcho(h uint64) {
	if v.has(h) || len(v.echo) >= maxEchoValues {
		return
	}
	if v.echo == nil {
		v.echo = make(map[uint64]struct{}, 8)
	}
	v.echo[h] = struct{}{}
}

// clearEcho drops h's echo mark: it was noted otherwise. (Most hosts
// have no echo at all: no lookup then.)
func (v *valueSet) clearEcho(h uint64) {
	if len(v.echo) > 0 {
		delete(v.echo, h)
	}
}

// echoHashes returns the echo set's hashes, sorted.
func (v *valueSet) echoHashes() []uint64 {
	if v == nil || len(v.echo) == 0 {
		return nil
	}
	out := make([]uint64, 0, len(v.echo))
	for h := range v.echo {
		out = append(out, h)
	}
	slices.Sort(out)
	return out
}

// echoOnly reports whether h was noted only in echoes.
func (v *valueSet) echoOnly(h uint64) bool {
	if v == nil {
		return false
	}
	_, ok := v.echo[h]
	return ok
}

func (v *valueSet) add(h uint64) {
	if v.cur == nil {
		v.cur = make(map[uint64]struct{}, 64)
	}
	if _, ok := v.cur[h]; ok {
		return
	}
	if len(v.cur) >= maxValuesPerHost/2 {
		v.old, v.cur = v.cur, make(map[uint64]struct{}, 64)
	}
	v.cur[h] = struct{}{}
}

func (v *valueSet) has(h uint64) bool {
	if v == nil {
		return false
	}
	if _, ok := v.cur[h]; ok {
		return true
	}
	_, ok := v.old[h]
	return ok
}

func (v *valueSet) len() int {
	if v == nil {
		return 0
	}
	return len(v.cur) + len(v.old)
}

// hashes returns the set's hashes, sorted (storage: equal sets encode
// equally).
func (v *valueSet) hashes() []uint64 {
	if v == nil {
		return nil
	}
	out := make([]uint64, 0, v.len())
	for h := range v.old {
		out = append(out, h)
	}
	for h := range v.cur {
		if _, dup := v.old[h]; !dup {
			out = append(out, h)
		}
	}
	slices.Sort(out)
	return out
}

// valueHash is the salted hash of one value.
func (inv *Inventory) valueHash(s string) uint64 { return valueHashOf(inv.valueSalt(), s) }

func (inv *Inventory) valueSalt() uint64 {
	if !inv.saltHSet {
		inv.saltH, inv.saltHSet = fnvPrefix(inv.cfg.Salt), true
	}
	return inv.saltH ^ 0x9e3779b97f4a7c15 // apart from the client-address fingerprints
}

func valueHashOf[T ~string | ~[]byte](h uint64, s T) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return valueFinish(h)
}

// valueFinish mixes an FNV-1a state into the value hash (a finalizer, so
// that similar values do not share low bits).
func valueFinish(h uint64) uint64 {
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}

// valueHashOfSegs is valueHashOf of segs joined by '/', without joining
// them.
func valueHashOfSegs(h uint64, segs []string) uint64 {
	for i, s := range segs {
		if i > 0 {
			h ^= '/'
			h *= 1099511628211
		}
		for k := 0; k < len(s); k++ {
			h ^= uint64(s[k])
			h *= 1099511628211
		}
	}
	return valueFinish(h)
}

// noteValue records one value from a message body or query of the current
// host (inv.curVals). Only strings that could be a path segment (or a
// multi-segment path) are kept: no control characters and no white space
// but single spaces inside (file and folder names have them), no URL or
// absolute path (a link names a route, not data), not empty.
func noteValue[T ~string | ~[]byte](inv *Inventory, v T) {
	vs := inv.curVals
	if vs == nil || len(v) == 0 || len(v) > maxValueLen || v[0] == '/' {
		return
	}
	if len(v) > 1 && v[len(v)-1] == '/' {
		// a folder named with its slash (a key-value store's listing
		// "keys": ["ops/"], an object store's common prefix "photos/"):
		// the path holds the name without it
		v = v[:len(v)-1]
	}
	esc := false
	for i := 0; i < len(v); i++ {
		c := v[i]
		switch {
		case c == ' ' && i > 0 && i < len(v)-1 && v[i-1] != ' ':
			// a name with spaces (a folder "Team Docs", a file "Q3
			// report.pdf"): a decoded path segment can hold it
		case c <= ' ' || c == 0x7f:
			return
		case c == '\\':
			esc = true
		case c == ':' && i+2 < len(v) && v[i+1] == '/' && v[i+2] == '/':
			return
		}
	}
	if esc {
		// JSON escapes: only "\/" (some encoders escape every slash) is
		// undone; other escapes make a value no path segment is.
		var buf [maxValueLen]byte
		n := 0
		for i := 0; i < len(v); i++ {
			if v[i] == '\\' {
				if i+1 < len(v) && v[i+1] == '/' {
					i++
				} else {
					return
				}
			}
			buf[n] = v[i]
			n++
		}
		if n == 0 || buf[0] == '/' {
			return
		}
		hv := valueHashOf(inv.valueSalt(), buf[:n])
		vs.clearEcho(hv)
		vs.add(hv)
		noteTails(inv, vs, buf[:n])
		return
	}
	hv := valueHashOf(inv.valueSalt(), v)
	if inv.curSelf != "" && string(v) == inv.curSelf {
		vs.noteEcho(hv)
	} else {
		vs.clearEcho(hv)
	}
	vs.add(hv)
	noteTails(inv, vs, v)
}

// tailSalt sets the hashes of value tails apart from those of values.
const tailSalt = 0x6a09e667f3bcc909

// noteTails records the tails of a value that spans a few segments: what
// follows each of its slashes (web:1.2 and tools/builder:2 of
// acme/web:1.2 and internal/tools/builder:2). Once a parameter took the
// first segments of such values, only the tails are left in the trie to
// show that the values go on below it (multiValueCollapse). Deeper values
// (file paths) are left to the file-tree rule.
func noteTails[T ~string | ~[]byte](inv *Inventory, vs *valueSet, v T) {
	segs := 1
	for i := 0; i < len(v); i++ {
		if v[i] == '/' {
			segs++
		}
	}
	if segs == 1 || segs > maxValueSegments {
		return
	}
	salt := inv.valueSalt() ^ tailSalt
	for i := 0; i < len(v)-1; i++ {
		if v[i] == '/' {
			vs.add(valueHashOf(salt, v[i+1:]))
		}
	}
}

// knownTail reports whether s (segments joined by '/') followed a slash
// in a value seen on host h (noteTails).
func (inv *Inventory) knownTail(h *hostState, s string) bool {
	return h.vals.len() > 0 && h.vals.has(valueHashOf(inv.valueSalt()^tailSalt, s))
}

// knownValue reports whether a decoded path segment (or several joined by
// '/') was seen as a value on host h.
func (inv *Inventory) knownValue(h *hostState, s string) bool {
	if h.vals.len() == 0 {
		return false
	}
	return h.vals.has(inv.valueHash(s))
}

// childSig is a node's sub-structure as the provenance rule compares it:
// whether the node serves a method itself, and the keys of its children,
// with children that are values (known values, the parameter) folded into
// one "{}".
type childSig struct {
	served  bool
	methods uint8    // the methods the node itself answered (methodBit)
	keys    []string // sorted, "{}" at most once
	media   []string // the media types the node itself answered with
}

func (inv *Inventory) childSigOf(h *hostState, n *node) childSig {
	s := childSig{served: len(n.methods) > 0}
	for m, a := range n.methods {
		s.methods |= methodBit(m)
		for ct := range a.respCT {
			if !slices.Contains(s.media, ct) {
				s.media = append(s.media, ct)
			}
		}
	}
	val := n.param != nil
	for k, c := range n.lit {
		if c.hits == 0 {
			continue
		}
		if !reserved(k) && inv.knownValue(h, k) {
			val = true
			continue
		}
		s.keys = append(s.keys, k)
	}
	if val {
		s.keys = append(s.keys, "{}")
	}
	slices.Sort(s.keys)
	return s
}

// sameMedia: the two answered with a media type in common, or one of them
// with none. One handler answers all values of a parameter, with one kind
// of document; two leaves answered one with a page and one with plain text
// (/config, /version) are two routes, whatever the data calls them.
func (a childSig) sameMedia(b childSig) bool {
	if len(a.media) == 0 || len(b.media) == 0 {
		return true
	}
	for _, m := range a.media {
		if slices.Contains(b.media, m) {
			return true
		}
	}
	return false
}

// paramOnly: the node's only sub-resource is a parameter.
func (a childSig) paramOnly() bool { return len(a.keys) == 1 && a.keys[0] == "{}" }

// compatible: two values of one parameter have much the same
// sub-resources (or, as leaves, both answer at their own path): equal
// sets, a Jaccard index of at least 1/2, or one set within the other and
// not much smaller (a value whose client called fewer sub-resources).
func (a childSig) compatible(b childSig) bool {
	if len(a.keys) == 0 || len(b.keys) == 0 {
		// leaves: both answer at their own path; or a leaf beside a value
		// whose only sub-resource is a parameter (/tags/simple beside
		// /tags/team/{value}): whether a value itself or items of it were
		// fetched is chance
		if len(a.keys) == len(b.keys) {
			return a.served == b.served && a.sameMedia(b)
		}
		return a.paramOnly() || b.paramOnly()
	}
	// with sub-resources, whether the value itself was fetched is chance
	common := 0
	for _, k := range a.keys {
		if slices.Contains(b.keys, k) {
			common++
		}
	}
	union := len(a.keys) + len(b.keys) - common
	if 2*common >= union {
		return true
	}
	small, large := min(len(a.keys), len(b.keys)), max(len(a.keys), len(b.keys))
	return common == small && 2*small+1 >= large
}

// near is the looser test a value meets to join a parameter whose values
// came from data: both served at their own path when either is a leaf (an
// owner seen only on its profile page), or sub-resources shared. A literal whose sub-structure has nothing in common with the
// parameter's is a route whose name happens to be a value too (/api/v1
// beside /{owner}/{repo} when a repository is called "api").
func (a childSig) near(b childSig) bool {
	if len(a.keys) == 0 || len(b.keys) == 0 {
		// one side a leaf: both answering at their own path is enough
		return a.served && b.served && a.sameMedia(b)
	}
	for _, k := range a.keys {
		if slices.Contains(b.keys, k) {
			return true
		}
	}
	return false
}

// provCand is a literal provenanceCollapse weighs: a value the data named.
type provCand struct {
	key  string
	hits uint64
	sig  childSig
	view bool // a view word: joins a group, never makes one alone
}

// largestAlike returns the largest group of candidates alike (by alike) to
// one of them that is no view word; views join a group only withViews.
func largestAlike(cs []provCand, alike func(a, b childSig) bool, withViews bool) []sibling {
	var best []sibling
	for i := range cs {
		if cs[i].view {
			continue
		}
		var grp []sibling
		for j := range cs {
			if (withViews || !cs[j].view) && alike(cs[i].sig, cs[j].sig) {
				grp = append(grp, sibling{key: cs[j].key, hits: cs[j].hits})
			}
		}
		if len(grp) > len(best) {
			best = grp
		}
	}
	return best
}

// nearMember: a and b share a sub-resource, or answered one method at
// their own paths alike (near, or the same method on both).
func (a childSig) nearMember(b childSig) bool {
	if len(a.keys) > 0 && len(b.keys) > 0 && a.near(b) {
		return true
	}
	return a.methods&b.methods != 0 && a.sameMedia(b)
}

// subsetOf reports whether a has sub-resources and every one is b's too:
// a value of b's parameter of which a client called a few of the
// sub-resources every value has (/instances/cache-01/state beside an
// {instance} with state, snapshots, logs, exec, ...).
func (a childSig) subsetOf(b childSig) bool {
	if len(a.keys) == 0 {
		return false
	}
	for _, k := range a.keys {
		if !slices.Contains(b.keys, k) {
			return false
		}
	}
	return true
}

// sectionLevel reports whether the literal path keys leads to where an
// application's sections or an API's resources are named: the root, or
// right below a prefix of API and version words only (/api, /api/v1,
// /rest/2, /v3).
func sectionLevel(keys []string) bool {
	for _, k := range keys {
		// (a bare number of one or two digits below /api is a version:
		// /rest/api/2, as Classify has it)
		short := len(k) > 0 && len(k) <= 2 && isDigit(k[0]) && isDigit(k[len(k)-1])
		if k == "" || !isVersionParent(k) && !isVersionLiteral(k) && !short {
			return false
		}
	}
	return true
}

// selfNamed reports whether c answers in an envelope named after its own
// segment (GET /roles: {"roles": [...]}, GET /permissions:
// {"permissions": {...}}): a resource that calls itself by the word is a
// route, whatever else the data calls by it.
func selfNamed(c *node, k string) bool {
	for _, a := range c.methods {
		if sh := a.respShape; sh != nil && sh.Type == "object" && sh.Properties[k] != nil {
			return true
		}
	}
	return false
}

// minItemSubResources: a lone known value under a collection that is a
// view word (/projects/default), is an item when it
// has at least this many sub-resources: views and actions have none or
// one (/users/me/settings), an item of a collection has several
// (/projects/default/features, /members, /settings).
const minItemSubResources = 3

// maxProvenanceSiblings bounds the pairwise comparisons of the provenance
// rule; a position with more live literals than this is left to the class
// rules (which handle crowds).
const maxProvenanceSiblings = 256

// minRouteCrowd is the number of live literals from which a position whose
// literals are mostly unknown to the data is taken for a level of routes
// (provenanceCollapse): eight distinct route words are an API's section,
// while a handful could be values the traffic never saw listed.
const minRouteCrowd = 8

// provenanceCollapse is the value-provenance rule, run when the trie is
// settled: literal children of n whose text the host's messages carried as
// values are values of one parameter when
//   - n already has a parameter whose values came from data (valued, or
//     one of the values it took is named by the data, whichever rule made
//     it) or that any of them is compatible with: each such literal joins
//     it;
//   - or two or more of them have compatible sub-structure (childSig):
//     the largest compatible group collapses into a new parameter;
//   - or n sits under a collection (a plural parent) and has a single such
//     literal that is no view word (/runtimes/python3, /branches/main,
//     /labels/bug; names handed out by the API are often English words);
//   - or n sits under a parameter and has a single such literal, a file
//     name without children (/assets/{id}/flyer.txt).
//
// Versions never count; a view word (reservedWords) that is a known value
// joins a group another value seeds (/schemas/default beside
// /schemas/customer), or stands alone with sub-resources. The parameter is
// marked valued: later known values at the position go to it.
func (inv *Inventory) provenanceCollapse(h *hostState, n *node, keys []string) bool {
	if h.vals.len() == 0 || len(n.lit) == 0 || len(n.lit) > maxProvenanceSiblings {
		return false
	}
	var cs []provCand
	single := len(n.lit) == 1
	lits := sortedKeys(n.lit)
	known := make([]bool, len(lits))
	live, nKnown := 0, 0
	for i, k := range lits {
		if n.lit[k].hits > 0 {
			live++
			if known[i] = inv.knownValue(h, k); known[i] {
				nKnown++
			}
		}
	}
	// A level where many routes live and few of them are values the data
	// names is a section level too (/skServer/addons, /backup, /debug ...
	// beside /plugins and /providers, which a menu names): values crowd
	// their position, routes that merely share a name with data are few.
	sections := sectionLevel(keys) || live >= minRouteCrowd && nKnown*4 <= live
	for i, k := range lits {
		c := n.lit[k]
		if c.hits == 0 || isVersionLiteral(k) || !known[i] || selfNamed(c, k) {
			continue
		}
		if reserved(k) && single && len(c.lit) < minItemSubResources {
			continue
		}
		if sections && c.param != nil && isPluralish(k) {
			// at the root, or right below the API's prefix, a plural word
			// over a parameter is a collection (/files/{id}, /flows/{id},
			// /api/articles/{id}), whatever the data calls it: a web app's
			// own configuration names its sections ("id": "files" in a
			// menu), and a CMS names its content types ("pluralName":
			// "articles") where the router has one route per type
			continue
		}
		cs = append(cs, provCand{key: k, hits: c.hits, sig: inv.childSigOf(h, c), view: reserved(k)})
	}
	if len(cs) == 0 {
		return false
	}
	var g []sibling
	if p := n.param; p != nil {
		ps := inv.childSigOf(h, p)
		files := fileNamesOnly(p)
		valued := p.valued || inv.tookKnownValue(h, p)
		for _, c := range cs {
			// At the root, where an application's sections live (/api,
			// /admin, /explore), and right below the API's prefix, a value
			// that is also a section's name must look like the values to
			// join them; below it, any known value joins a parameter whose
			// values came from data, and a known value seen only at its
			// own path joins any parameter that answers there too
			// (/plugin/homebridge-dummy beside a {plugin} that also had
			// /enable called): which sub-resources a client called is
			// chance.
			if !c.view && !postOnlyBeside(n.lit[c.key], p) && (!files || fileName(c.key)) &&
				(c.sig.compatible(ps) || valued && (!sections || c.sig.near(ps)) ||
					!sections && len(c.sig.keys) == 0 && c.sig.near(ps) ||
					!sections && c.sig.subsetOf(ps)) {
				g = append(g, sibling{key: c.key, hits: c.hits})
			}
		}
	} else {
		if sections && len(keys) > 0 {
			// Right below the API's prefix, where its sections live, a
			// name only ever echoed by the answer to its own path is as
			// likely a route describing itself (an API group: GET
			// /apis/apps says "name": "apps") as a record: it seeds no
			// parameter there. (At the root, where a forge's web UI puts
			// its owners, /api/v1/users/kim naming "kim" still counts.)
			cs = slices.DeleteFunc(cs, func(c provCand) bool { return h.vals.echoOnly(inv.valueHash(c.key)) })
		}
		best := largestAlike(cs, childSig.compatible, true)
		// Below a collection (a plural word, no section level), values
		// the data named that share one sub-resource, or one method at
		// their own path, are members too, whichever others a client
		// happened to call on each (/pods/billing-api/{json,top},
		// /pods/minio-cluster/{json,exists,start,stop}; three networks
		// each deleted); routes beside them are no values the data
		// names.
		var near []sibling
		if len(best) < 2 && !sections && len(keys) > 0 && isPluralish(keys[len(keys)-1]) {
			near = largestAlike(cs, childSig.nearMember, false)
		}
		switch {
		case len(best) >= 2:
			g = best
		case len(near) >= 2:
			g = near
		case len(cs) == 1 && liveRoutesBeside(n, cs[0].key) == 0 && len(keys) > 0 && isPluralish(keys[len(keys)-1]) &&
			(!reserved(cs[0].key) || len(cs[0].sig.keys) >= minItemSubResources):
			g = []sibling{{key: cs[0].key, hits: cs[0].hits}}
		case len(cs) == 1 && len(n.lit) == 1 && len(keys) > 0 && keys[len(keys)-1] == "" &&
			!cs[0].view && fileName(cs[0].key) && len(n.lit[cs[0].key].lit) == 0:
			// a file the data names, alone below an item (/assets/{id}/
			// flyer.txt with "filename_download": "flyer.txt"): the
			// stored object's own name, not a route; route names after an
			// item are words
			g = []sibling{{key: cs[0].key, hits: cs[0].hits}}
		case len(cs) == live && len(n.lit) == live && len(keys) > 0 && keys[len(keys)-1] == "" &&
			!slices.ContainsFunc(cs, func(c provCand) bool { return !namedBelowItem(n, c) }):
			// names the data gives, the only ones below an item, each with
			// routes of its own below it (/repos/{owner}/site/issues, the
			// one repository called; two volumes of one type, each with
			// other sub-resources called): the second of two names, as
			// owner/repo. A word followed by a value is a route to it
			// (/instances/{app}/environment/{environment}, where a context
			// field is named environment too), and the sub-resources after
			// an item are plural words.
			for _, c := range cs {
				g = append(g, sibling{key: c.key, hits: c.hits})
			}
		}
	}
	if len(g) == 0 {
		return false
	}
	if inv.collapse(h, n, g, 0); n.param == nil {
		return false // only gRPC services, which are names
	}
	n.param.valued = true
	return true
}

// namedBelowItem: the candidate c below the item n is a name, not a route
// word: no view word, plural word or file, with routes of its own below it
// and no value there already (see provenanceCollapse).
func namedBelowItem(n *node, c provCand) bool {
	return !c.view && !isPluralish(c.key) && !fileName(c.key) && n.lit[c.key].param == nil &&
		len(c.sig.keys) > 0 && !slices.Contains(c.sig.keys, "{}")
}

// postOnlyBeside: c and its children answer only POST, and the parameter p
// and its children never do. A client POSTs to collections and actions,
// rarely to items, so such a literal is a route (POST /assets/files,
// POST /assets/folder/{pk} beside GET /assets/{id} and
// GET /assets/{id}/{filename}) even when its word is also a name in the
// data.
func postOnlyBeside(c, p *node) bool {
	cm, pm := methodsNear(c), methodsNear(p)
	return cm == methodBit("POST") && pm&methodBit("POST") == 0
}

// methodsNear is the set of methods n and its children answer.
func methodsNear(n *node) uint8 {
	var b uint8
	add := func(x *node) {
		for m := range x.methods {
			b |= methodBit(m)
		}
	}
	add(n)
	for _, c := range n.lit {
		add(c)
	}
	if n.param != nil {
		add(n.param)
	}
	return b
}

// maxParamValues bounds node.vals: the first values a parameter took are
// enough to recognise them elsewhere; later ones add little.
const maxParamValues = 32

// hasVal reports whether n took the value with hash v (among the first
// maxParamValues it took).
func (n *node) hasVal(v uint64) bool {
	_, found := slices.BinarySearch(n.vals, v)
	return found
}

func (n *node) addVal(v uint64) {
	i, found := slices.BinarySearch(n.vals, v)
	if found || len(n.vals) >= maxParamValues {
		return
	}
	n.vals = slices.Insert(n.vals, i, v)
}

// paramValues collects the value hashes of every parameter below n (true
// when a single-segment parameter took it, false when only a path
// parameter did: the first segment of a path is often a folder named like
// a route, src or docs), and the same keyed by the literal right above the
// parameter (underKey).
func paramValues(n *node) (all, under map[uint64]bool) {
	all, under = map[uint64]bool{}, map[uint64]bool{}
	// self is n's own literal segment ("" for a parameter), above the
	// segment of the literal n is the parameter of
	var walk func(n *node, self, above string, depth int)
	walk = func(n *node, self, above string, depth int) {
		if depth > 64 {
			return
		}
		for _, v := range n.vals {
			all[v] = all[v] || !n.rest
			if above != "" {
				under[underKey(above, v)] = true
			}
		}
		for k, c := range n.lit {
			walk(c, k, "", depth+1)
		}
		if n.param != nil {
			walk(n.param, "", self, depth+1)
		}
	}
	walk(n, "", "", 0)
	return all, under
}

// liveRoutesBeside counts the live literals below n other than key that
// are no view or action word: /repos/search beside /repos/kim leaves kim
// alone among the collection's members.
func liveRoutesBeside(n *node, key string) int {
	c := 0
	for k, x := range n.lit {
		if k != key && x.hits > 0 && !reserved(k) {
			c++
		}
	}
	return c
}

// underKey mixes a parameter value's hash with the literal above the
// parameter: /export/{type} holding "txt" is underKey("export", hash).
func underKey(above string, v uint64) uint64 {
	return valueHashOf(v*0x9e3779b97f4a7c15, above)
}

// echoCollapse: a literal whose value filled a parameter elsewhere on the
// host is a value at its own position too, when all the literals below a
// node that has no parameter are such values (/projects/{projectId} took
// "default", so /environments/project/default is
// /environments/project/{projectId}), or when it sits beside a parameter
// that serves all of its sub-resources (/features/default/parent-variants
// beside /features/{featureId}/parent-variants). A view word needs to be
// a known value as well (values.go), so /users/me stays beside a {userId}
// that once took "me", or a value of a parameter right below a literal
// named like its own parent: /p/{pad}/export/{type} took "txt", so
// /p/{pad}/{rev}/export/txt is one more export format.
func (inv *Inventory) echoCollapse(h *hostState, n *node, keys []string) bool {
	if len(h.paramVals) == 0 || len(keys) == 0 {
		return false
	}
	above := keys[len(keys)-1]
	echo := func(k string) bool {
		v := inv.valueHash(k)
		// a view word needs more: a known value, or a value of a
		// parameter below a literal named like this one's parent
		// (/p/{pad}/export/{type} took "txt": /p/{pad}/{rev}/export/txt)
		_, took := h.paramVals[v]
		return !isVersionLiteral(k) && took &&
			(!reserved(k) || inv.knownValue(h, k) || above != "" && h.paramValsUnder[underKey(above, v)])
	}
	if p := n.param; p != nil {
		if p.rest || p.page != 0 {
			return false
		}
		var g []sibling
		for _, k := range sortedKeys(n.lit) {
			c := n.lit[k]
			if c.hits > 0 && len(c.lit) > 0 && c.param == nil && subResourcesOf(c, p) && echo(k) {
				g = append(g, sibling{key: k, hits: c.hits})
			}
		}
		if len(g) == 0 {
			return false
		}
		inv.collapse(h, n, g, 0)
		return true
	}
	// every live literal must be an echo: one route word among them says
	// the position holds routes
	var g []sibling
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		if c.hits == 0 {
			continue
		}
		if !echo(k) {
			return false
		}
		g = append(g, sibling{key: k, hits: c.hits})
	}
	if len(g) == 0 {
		return false
	}
	if len(g) == 1 && above == "" && !h.paramVals[inv.valueHash(g[0].key)] {
		// alone right after a value, and only a path parameter took it
		// (/{owner}/{repo}/src, where a file path elsewhere started with
		// a folder named src): a sub-resource of the value
		return false
	}
	if c := n.lit[g[0].key]; len(g) == 1 && !isPluralish(keys[len(keys)-1]) && len(c.lit) >= minItemSubResources {
		// alone below a literal that names no collection, with a route
		// tree of its own (/navigation/course/_config, /arrivalCircle,
		// /calcValues ...): a section that shares its name with a value
		// elsewhere (an API document named "course")
		return false
	}
	if inv.collapse(h, n, g, 0); n.param == nil {
		return false // only gRPC services, which are names
	}
	n.param.valued = true
	return true
}

// subResourcesOf: every live child of c is a child p has too.
func subResourcesOf(c, p *node) bool {
	for k, cc := range c.lit {
		if cc.hits > 0 && p.lit[k] == nil {
			return false
		}
	}
	return true
}

// apiDescription reports whether a body is an OpenAPI or Swagger document
// in JSON: its top-level "openapi" or "swagger" member with a version
// string, looked for in the first 160 bytes. Generators write it first
// (FastAPI, springdoc, Swashbuckle, grpc-gateway) or right after a short
// "schemes" (swag); a document that names it later (keys sorted, a long
// "info" first) is missed, and its names then count as values, as before.
// The window keeps the check cheap: it runs on every plain 2xx answer.
func apiDescription(b []byte) bool {
	const window = 160
	if len(b) > window {
		b = b[:window]
	}
	i := skipSpace(b, 0)
	if i == len(b) || b[i] != '{' {
		return false
	}
	// one pass for a quote opening either key: most answers are API
	// data, and this runs on each of them
	for j := i + 1; j+len(`"openapi"`) <= len(b); j++ {
		if b[j] != '"' || b[j+1] != 'o' && b[j+1] != 's' {
			continue
		}
		if k := string(b[j : j+len(`"openapi"`)]); k != `"openapi"` && k != `"swagger"` {
			continue
		}
		m := skipSpace(b, j+len(`"openapi"`))
		if m < len(b) && b[m] == ':' {
			m = skipSpace(b, m+1)
			if m+1 < len(b) && b[m] == '"' && (b[m+1] == '2' || b[m+1] == '3') {
				return true
			}
		}
	}
	return false
}

// skipSpace returns the index of the first byte of b at or after i that is
// no JSON white space.
func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}
