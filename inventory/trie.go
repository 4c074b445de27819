package inventory

import (
	"slices"
	"sort"
	"strings"
)

// node is one position in a host's path trie. Literal children are keyed by
// their decoded segment; all parameter values at a position share the one
// param child. Endpoint aggregates hang off the node their template ends at,
// one per method.
type node struct {
	lit     map[string]*node
	param   *node
	methods map[string]*agg
	// hits counts the requests recorded at or below this node (the
	// evidence weight of a literal sibling).
	hits uint64
	// shared marks a literal below a parameter that was seen below two or
	// more of the parameter's values (/role/ci/role-id and /role/etl/role-id):
	// a sub-resource every value has, a route, never one more value. pv is
	// the hash of the first parent value it was seen below (not stored: it
	// only tells the second value apart; 0 when unknown).
	shared bool
	pv     uint64

	// Parameter-node fields.
	// page, on a rest parameter, makes it a fallback (fallback.go): the
	// fingerprint of the one page it serves.
	page uint64
	// assets: the fallback also serves the static files beside its page
	// (an SPA server's static handler and history fallback, one route):
	// a file name goes into it whatever the answer.
	assets bool
	// vals holds the salted hashes of the first values the parameter took
	// (sorted, at most maxParamValues; values.go's echoCollapse).
	vals     []uint64
	accepts  uint16 // word classes collapsed into this parameter (bit per wordClass)
	anyValue bool   // takes every value: forced by a hint
	valued   bool   // took values seen in the host's messages (values.go)
	// rest marks a multi-segment parameter (files.go): it takes one or
	// more segments, up to the first that is one of its literal children.
	rest bool
	// rpc marks a gRPC service: its children are method names, never
	// values (grpc.go).
	rpc bool
	// keyed marks a rest parameter of keys below an operation
	// (parallelTailsCollapse): /secret/data/{path} is no directory of a
	// file tree at /secret.
	keyed    bool
	name     string // hint-given parameter name
	kinds    [numKinds]uint64
	yearLike uint64 // integers that look like years (for naming only)
	pat      idPattern
	// joined lists view words (see reservedWords) that joined this
	// parameter on structure (joinStructural), at most maxJoinedWords:
	// later requests with them go to the parameter too, whatever the order
	// they come in.
	joined []string
}

// maxJoinedWords caps node.joined.
const maxJoinedWords = 8

func (n *node) addJoined(w string) {
	if len(n.joined) >= maxJoinedWords || n.hasJoined(w) {
		return
	}
	n.joined = append(n.joined, strings.Clone(w))
	sort.Strings(n.joined)
}

func (n *node) hasJoined(w string) bool {
	for _, j := range n.joined {
		if j == w {
			return true
		}
	}
	return false
}

// idPattern learns the shape of the identifier values a parameter took
// (Mizu's learned patterns, simplified): character classes, length range,
// and whether every value had a digit. Once it has seen enough values, a
// literal-looking segment of the same shape (a driver id CUTQG4 among
// 7XK2PQ, B4TR9Z, ...) goes to the parameter too.
type idPattern struct {
	n           uint64
	mask        uint8
	minLen      uint16
	maxLen      uint16
	noDigitSeen bool
}

const patMinValues = 5

func charMask(s string) (m uint8, digit bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			m |= 1
		case c >= 'A' && c <= 'Z':
			m |= 2
		case c >= '0' && c <= '9':
			m |= 4
			digit = true
		case c == '-':
			m |= 8
		case c == '_':
			m |= 16
		case c == '.':
			m |= 32
		default:
			m |= 64
		}
	}
	return m, digit
}

func (p *idPattern) add(s string) {
	m, digit := charMask(s)
	l := uint16(min(len(s), 65535))
	if p.n == 0 || l < p.minLen {
		p.minLen = l
	}
	if l > p.maxLen {
		p.maxLen = l
	}
	p.mask |= m
	if !digit {
		p.noDigitSeen = true
	}
	p.n++
}

func (p *idPattern) merge(o *idPattern) {
	if o.n == 0 {
		return
	}
	if p.n == 0 || o.minLen < p.minLen {
		p.minLen = o.minLen
	}
	p.maxLen = max(p.maxLen, o.maxLen)
	p.mask |= o.mask
	p.noDigitSeen = p.noDigitSeen || o.noDigitSeen
	p.n += o.n
}

func (p *idPattern) takes(s string) bool {
	slack := max(1, int(p.maxLen)/4) // lengths vary a little (base62 ids of 6-8 characters)
	if p.n < patMinValues || len(s) < int(p.minLen)-slack || len(s) > int(p.maxLen)+slack {
		return false
	}
	m, digit := charMask(s)
	if m&^p.mask != 0 || m&64 != 0 {
		return false
	}
	if digit {
		return true
	}
	if p.minLen != p.maxLen || len(s) != int(p.minLen) || len(s) < 6 {
		return false
	}
	// Fixed-length upper-case identifiers (VINs, codes) sometimes have no
	// digit; a word of exactly that length in capitals is implausible.
	if m&1 == 0 && m&2 != 0 {
		return true
	}
	// So do random mixed-case ids (one in sixteen base62 ids of 16
	// characters has no digit): letters of both cases at the ids' fixed
	// length, with a capital and a change of case every four characters,
	// where a camelCase word has one capital per word.
	return m == 3 && p.mask&4 != 0 && len(s) >= 12 && randomCase(s)
}

// randomCase: at least a quarter of s's letters are capitals and its case
// changes at least once every four characters (iQpLiDMoBozjeJHX, not
// getUserPreferences).
func randomCase(s string) bool {
	upper, changes := 0, 0
	for i := 0; i < len(s); i++ {
		u := s[i] >= 'A' && s[i] <= 'Z'
		if u {
			upper++
		}
		if i > 0 && u != (s[i-1] >= 'A' && s[i-1] <= 'Z') {
			changes++
		}
	}
	return upper*4 >= len(s) && changes*4 >= len(s)
}

func (n *node) takes(seg string, k Kind) bool {
	if n.anyValue || k.IsID() {
		return true
	}
	if n.pat.takes(seg) {
		return true
	}
	if k == KindVersion && n.kinds[KindInt] > 0 && dottedInts(seg) {
		// beside integers, integers joined by dots are more of them:
		// MIME part numbers (part/2, part/2.1), section numbers. An API's
		// versions (1.0 beside 1) sit right below its prefix, where
		// Classify keeps them versions before any parameter is asked.
		return true
	}
	if n.kinds[KindCode] > 0 && upperConstant(seg) {
		// beside codes (GENERAL, STORAGE), a longer upper-case constant
		// is one more (MEMO_RELATED); alone it is a word (isUpperCode)
		return true
	}
	if reserved(seg) {
		// view and action words stay literal unless a hint says otherwise,
		// or they joined on structure
		return n.hasJoined(seg)
	}
	if hashedSibling(n, seg) {
		return true
	}
	cls := classOf(seg, k)
	if cls == clsCode && acceptMask(n.accepts)&(1<<clsName) != 0 && shortName(seg) {
		// beside names, a short lower-case non-word is one more (a
		// container named dbg among web-1 and shell), not a code
		return true
	}
	return acceptMask(n.accepts)&(1<<cls) != 0
}

// paramTakes reports whether the parameter p, at depth d of host h's
// paths, takes the segment seg of kind k: its classes take it, or the data
// named it where p's values came from data (at the root a known value may
// name a section: settle decides), or p took it when it was made (the rule
// that took it may not see it alone). The walk, match and the handled-404
// graft all ask this, so a path lands where a request would.
func (inv *Inventory) paramTakes(h *hostState, p *node, seg string, k Kind, d int) bool {
	return p.takes(seg, k) ||
		d > 0 && p.valued && inv.knownValue(h, seg) ||
		len(p.vals) > 0 && p.hasVal(inv.valueHash(seg))
}

// dottedInts: two or more runs of digits joined by single dots (2.1,
// 1.2.3), no "v".
func dottedInts(s string) bool {
	dots, run := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			run++
		case c == '.' && run > 0:
			dots, run = dots+1, 0
		default:
			return false
		}
	}
	return dots > 0 && run > 0
}

// shortName: two or three lower-case letters that are no dictionary word
// (dbg, jo; not box, new).
func shortName(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 'a' || s[i] > 'z' {
			return false
		}
	}
	return !inVocabulary(s)
}

// upperConstant: capitals, digits and single underscores, two letters at
// least and an underscore inside (MEMO_RELATED, PENDING_REVIEW).
func upperConstant(s string) bool {
	if len(s) < 3 || len(s) > maxEnumLen || s[0] == '_' || s[len(s)-1] == '_' || countByte(s, '_') == 0 {
		return false
	}
	letters := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= 'A' && c <= 'Z':
			letters++
		case c >= '0' && c <= '9':
		case c == '_' && s[i-1] != '_':
		default:
			return false
		}
	}
	return letters >= 2
}

// maxEnumLen bounds an upper-case constant (upperConstant).
const maxEnumLen = 32

// acceptMask widens a parameter's collapsed classes to their kin: names
// and dotted logins are the same kind of value (jdoe, maria.silva).
func acceptMask(m uint16) uint16 {
	const kin = 1<<clsName | 1<<clsDotted
	if m&kin != 0 {
		m |= kin
	}
	return m
}

// countSubtree returns the nodes and endpoint aggregates at and below n.
func (n *node) countSubtree() (nodes, endpoints int) {
	nodes = 1
	endpoints = len(n.methods)
	for _, c := range n.lit {
		a, b := c.countSubtree()
		nodes += a
		endpoints += b
	}
	if n.param != nil {
		a, b := n.param.countSubtree()
		nodes += a
		endpoints += b
	}
	return nodes, endpoints
}

// mergeNode moves src's subtree into dst, merging aggregates. src must not
// be used afterwards. maxChildren bounds dst's literal children: further
// literals merge into dst's parameter.
func mergeNode(dst, src *node, maxChildren, maxExamples int) {
	dst.hits += src.hits
	dst.rpc = dst.rpc || src.rpc
	// seen below two values of the parameter above (shared)
	dst.shared = dst.shared || src.shared || dst.pv != 0 && src.pv != 0 && dst.pv != src.pv
	if dst.pv == 0 {
		dst.pv = src.pv
	}
	mergeAggs(dst, src, maxExamples)
	for _, k := range sortedKeys(src.lit) { // merge order decides the examples kept
		c := src.lit[k]
		switch d := dst.lit[k]; {
		case d != nil:
			mergeNode(d, c, maxChildren, maxExamples)
		case dst.param != nil && (dst.param.anyValue || dst.param.hasJoined(k) ||
			!reserved(k) && acceptMask(dst.param.accepts)&(1<<classOf(k, literalKind(k))) != 0),
			len(dst.lit) >= maxChildren:
			if dst.param == nil {
				dst.param = &node{}
			}
			dst.param.kinds[KindWord] += c.hits
			mergeNode(dst.param, c, maxChildren, maxExamples)
		default:
			if dst.lit == nil {
				dst.lit = make(map[string]*node, 4)
			}
			dst.lit[k] = c
		}
	}
	if src.param != nil {
		if dst.param == nil {
			dst.param = src.param
		} else {
			mergeNode(dst.param, src.param, maxChildren, maxExamples)
		}
	}
	dst.accepts |= src.accepts
	dst.anyValue = dst.anyValue || src.anyValue
	dst.valued = dst.valued || src.valued
	dst.rest = dst.rest || src.rest
	dst.keyed = dst.keyed || src.keyed
	if dst.name == "" {
		dst.name = src.name
	}
	for i := range dst.kinds {
		dst.kinds[i] += src.kinds[i]
	}
	dst.yearLike += src.yearLike
	dst.pat.merge(&src.pat)
	for _, v := range src.vals {
		dst.addVal(v)
	}
	for _, w := range src.joined {
		dst.addJoined(w)
	}
}

// hostState is the inventory of one host.
type hostState struct {
	name      string
	root      *node
	nodes     int
	endpoints int
	noise     map[string]*noiseEntry // key: method + " " + path
	dirty     bool
	// settled is true while no exchange was recorded since the last
	// settle (see Inventory.settle).
	settled bool
	// stored is true once the host was marshalled or loaded: storage may
	// hold it, so it is never merged into another host.
	stored bool
	// recording: Observe recorded into the host since it was made or
	// loaded, so it settles a copy (snapshot.go); snapStats holds the
	// counters the latest copy's settle added.
	recording bool
	snapStats Stats
	// real: the host may hold endpoints and counts against MaxHosts; a
	// host with only noise so far is counted apart (Inventory.host).
	real  bool
	hints []*Hint
	// vals holds salted hashes of the values the host's messages carried
	// (values.go): segments among them are data.
	vals *valueSet
	// paramVals is the union of the parameters' value hashes, while
	// settling (echoCollapse); paramValsUnder the same, each mixed with
	// the literal right above its parameter (underKey).
	paramVals, paramValsUnder map[uint64]bool
}

type noiseEntry struct {
	method, path string
	agg          agg
	// nf fingerprints the entry's 404 answers (0 none, nfMixed when they
	// differed); nfMiss: a scanner's probe or a path echo says it is the
	// router's miss page (notfound.go).
	nf     uint64
	nfMiss bool
	// nfPages holds the two smallest distinct fingerprints of its 404
	// answers (0: none), kept when nf went mixed: an entry the router
	// answered once as HTML and once as JSON (content negotiation) had
	// the miss page among them all the same (Noise: Unrouted).
	nfPages [2]uint64
	// valFrom, valTo: the segments every 404 of the entry quoted as the
	// record not found (echoedValue); equal when none.
	valFrom, valTo int8
}

// hintAt returns the hint for the position after keys ("" keys are
// parameter steps), or nil.
func (h *hostState) hintAt(keys []string) *Hint {
	for _, hint := range h.hints {
		if len(hint.segs) != len(keys) {
			continue
		}
		ok := true
		for i, s := range hint.segs {
			if isParamSeg(s) {
				continue
			}
			if s != keys[i] {
				ok = false
				break
			}
		}
		if ok {
			return hint
		}
	}
	return nil
}

// walkState is scratch space reused by insert and match.
type walkState struct {
	keys    []string
	path    []*node
	newLits []int // depths at which a new literal child was created
	// page is the answer's page fingerprint (agg.page; 0 when not 2xx):
	// a fallback parameter takes only its own page (fallback.go).
	page uint64
}

// insert walks segs from the root, creating nodes, and returns the node the
// template ends at (nil when a cap forced the exchange to be dropped). It
// records the walk in ws.
func (inv *Inventory) insert(h *hostState, segs []string, kinds []Kind, ws *walkState) *node {
	cfg := &inv.cfg
	n := h.root
	ws.keys = ws.keys[:0]
	ws.path = append(ws.path[:0], n)
	ws.newLits = ws.newLits[:0]
	// pvSeg is the value that took the walk into the parameter n is
	// (-1: n is no single parameter): the literal after it records it
	// (node.shared)
	pvSeg := -1
	for d := 0; d < len(segs); d++ {
		seg := segs[d]
		k := kinds[d]
		hint := h.hintAt(ws.keys)
		if hint == nil && inv.entersRest(h, n, seg, ws) {
			n, d = inv.restWalk(h, n.param, segs, kinds, d, ws)
			pvSeg = -1
			continue
		}
		var next *node
		toParam := false
		switch {
		case hint != nil && hint.Param != "":
			toParam = true
		case n.lit[seg] != nil:
			next = n.lit[seg]
		case hint != nil && hint.Literal && !inv.sensitiveSeg(d):
		case n.rpc:
			// a gRPC method name
		case n.param != nil && !n.param.takesAnswer(ws.page, seg):
			// a fallback serves one page: another answer is a route
		case k.IsID():
			toParam = true
		case n.param != nil && inv.paramTakes(h, n.param, seg, k, d):
			toParam = true
		}
		if next == nil && !toParam {
			// a new literal child, within the caps
			switch {
			case len(n.lit) >= cfg.MaxChildrenPerNode:
				inv.stats.ChildOverflow++
				toParam = true
			case h.nodes >= cfg.MaxNodesPerHost:
				inv.stats.NodeOverflow++
				if n.param == nil {
					return nil
				}
				toParam = true
			default:
				next = &node{}
				if n.lit == nil {
					n.lit = make(map[string]*node, 4)
				}
				n.lit[strings.Clone(seg)] = next
				h.nodes++
				ws.newLits = append(ws.newLits, d)
			}
		}
		if toParam {
			if n.param == nil {
				if h.nodes >= cfg.MaxNodesPerHost {
					inv.stats.NodeOverflow++
					return nil
				}
				n.param = &node{}
				h.nodes++
			}
			next = n.param
			if len(next.vals) < maxParamValues && !next.rest {
				next.addVal(inv.valueHash(seg))
			}
			if hint != nil && hint.Param != "" {
				next.anyValue = true
				next.name = hint.Param
			}
			ws.keys = append(ws.keys, "")
			pvSeg = d
		} else {
			ws.keys = append(ws.keys, seg)
			if pvSeg >= 0 && !next.shared {
				// a literal right below a parameter: below which value?
				switch hv := inv.valueHash(segs[pvSeg]); next.pv {
				case 0:
					next.pv = hv
				case hv:
				default:
					next.shared = true
				}
			}
			pvSeg = -1
		}
		n = next
		ws.path = append(ws.path, n)
	}
	return n
}

// countParamKinds records the kinds of the values that went to parameters
// on the walk just done.
// It returns the depth of a parameter whose learned pattern just became
// usable (its literal siblings must be re-checked), or -1.
func countParamKinds(ws *walkState, segs []string, kinds []Kind) int {
	learned := -1
	for d, key := range ws.keys {
		if key != "" {
			continue
		}
		p := ws.path[d+1]
		p.kinds[kinds[d]]++
		if kinds[d] == KindInt && len(segs[d]) == 4 && (segs[d][:2] == "19" || segs[d][:2] == "20") {
			p.yearLike++
		}
		if kinds[d].IsID() {
			p.pat.add(segs[d])
			if p.pat.n == patMinValues {
				learned = d
			}
		}
	}
	return learned
}

// match walks segs without creating anything: constants first, then the
// parameter when it takes the value. It returns nil when the path leaves
// the trie.
func (inv *Inventory) match(h *hostState, segs []string, kinds []Kind, ws *walkState) *node {
	n := h.root
	ws.keys = ws.keys[:0]
	ws.path = append(ws.path[:0], n)
	for d := 0; d < len(segs); d++ {
		seg := segs[d]
		k := kinds[d]
		hint := h.hintAt(ws.keys)
		if hint == nil && inv.entersRest(h, n, seg, ws) {
			n, d = inv.restWalk(h, n.param, segs, kinds, d, ws)
			continue
		}
		var next *node
		switch {
		case hint != nil && hint.Param != "":
			next = n.param
		case n.lit[seg] != nil:
			next = n.lit[seg]
		case hint != nil && hint.Literal && !inv.sensitiveSeg(d):
		case n.param != nil && n.param.takesAnswer(ws.page, seg) && (len(n.lit) >= inv.cfg.MaxChildrenPerNode || inv.paramTakes(h, n.param, seg, k, d)):
			next = n.param
		}
		if next == nil {
			return nil
		}
		if next == n.param {
			ws.keys = append(ws.keys, "")
		} else {
			ws.keys = append(ws.keys, seg)
		}
		n = next
		ws.path = append(ws.path, n)
	}
	return n
}

// sibling features used by the collapse rule.
type sibling struct {
	key     string
	hits    uint64
	methods uint8
	keyHash uint64
}

var methodBits = map[string]uint8{"GET": 1, "POST": 2, "PUT": 4, "PATCH": 8, "DELETE": 16, "HEAD": 32, "OPTIONS": 64}

func methodBit(m string) uint8 {
	if b, ok := methodBits[m]; ok {
		return b
	}
	return 128
}

// maybeCollapse collapses, on evidence, the literal children of n into its
// parameter, one word class at a time (see classRules): enough distinct
// live siblings of the class, few hits per sibling (identifiers are hit a
// few times each, real resources many times), a method most siblings
// share, and mostly the same top-level response keys. Positions pinned
// literal by a hint never collapse. keys is the path to n. It reports
// whether anything collapsed.
func (inv *Inventory) maybeCollapse(h *hostState, n *node, keys []string, depth int) bool {
	if depth > 64 || n.param != nil && n.param.page != 0 || n.rpc {
		return false // beside a fallback, unknown paths are its own; gRPC methods are names
	}
	learnedJoin := false
	if p := n.param; p != nil {
		var g []sibling
		for key, c := range n.lit {
			if c.hits > 0 && (p.pat.n >= patMinValues && p.pat.takes(key) || p.kinds[KindCode] > 0 && upperConstant(key) ||
				hashedSibling(p, key)) {
				g = append(g, sibling{key: key, hits: c.hits})
			}
		}
		if len(g) > 0 {
			inv.collapse(h, n, g, 0)
			learnedJoin = true
		}
	}
	if hint := h.hintAt(keys); hint != nil && hint.Literal {
		return false
	}
	if inv.settling && (inv.fileTreeCollapse(h, n, keys) || inv.docPathCollapse(h, n, keys) || inv.multiValueCollapse(h, n, keys) || inv.restJoin(h, n) || inv.valuePathJoin(h, n, keys) || inv.staticMountCollapse(h, n, keys) || inv.parallelTailsCollapse(h, n, keys) || inv.valueChainCollapse(h, n, keys)) {
		return true
	}
	if inv.settling && inv.redirectFold(h, n) {
		learnedJoin = true
	}
	if inv.settling && inv.rejectedFold(h, n) {
		learnedJoin = true
	}
	if inv.settling && inv.leafJoin(h, n) {
		learnedJoin = true
	}
	if inv.settling && inv.namedMemberJoin(h, n) {
		learnedJoin = true
	}
	if inv.settling && inv.aliasJoin(h, n) {
		learnedJoin = true
	}
	underParam := len(keys) > 0 && keys[len(keys)-1] == ""
	// Below a collection or a parameter, a non-word shaped exactly like
	// the parameter beside it is one more of its values, however few
	// literals are left; judged on the settled trie, after the rejected
	// values folded (they drop their examples).
	if inv.settling && len(keys) > 0 && (underParam || isPluralish(keys[len(keys)-1])) {
		if g := paramShapedValues(n); len(g) > 0 {
			inv.collapse(h, n, g, 0)
			learnedJoin = true
		}
	}
	if inv.settling && len(keys) > 0 {
		if g := shapeLeaves(n); len(g) > 0 {
			inv.collapse(h, n, g, 0)
			learnedJoin = true
		}
		if g := versionedNames(n); len(g) > 0 {
			inv.collapse(h, n, g, 0)
			learnedJoin = true
		}
		if g := fileSiblings(n); len(g) > 0 {
			inv.collapse(h, n, g, 0)
			learnedJoin = true
		}
		if g := mediaLeaves(n); len(g) > 0 {
			inv.collapse(h, n, g, 0)
			learnedJoin = true
		}
		if g := inv.suffixedValues(h, n); len(g) > 0 {
			inv.collapse(h, n, g, 0)
			learnedJoin = true
		}
		if g := styleMixValues(n, keys); len(g) > 0 {
			inv.collapse(h, n, g, 0)
			learnedJoin = true
		}
		if g := formatValues(n, inv.holdsFormat); len(g) > 0 {
			inv.collapse(h, n, g, 0)
			learnedJoin = true
		}
	}
	// (before the sibling count check: one profile asked for is a value
	// of the Index handler as much as six are)
	if g := runtimeProfiles(n, keys); len(g) > 0 {
		inv.collapse(h, n, g, 0)
		learnedJoin = true
	}
	joined := inv.joinStructural(h, n, underParam, keys) || learnedJoin
	if inv.settling && inv.provenanceCollapse(h, n, keys) {
		joined = true
	}
	if inv.settling && inv.echoCollapse(h, n, keys) {
		joined = true
	}
	if len(n.lit) < 3 {
		if joined && n.param != nil {
			inv.recheck(h, n.param, append(keys, ""), depth+1)
		}
		return joined
	}
	var groups [numClasses][]sibling
	// At the root and below a literal that names no collection (/api,
	// /api/v1, /admin), a plural word is a collection of its own
	// (/dashboards, /api/webhooks), not a value: the level where sections
	// live. Values sit below collections (/tags/news) or parameters, or
	// are names (a forge's owners at the root).
	sections := len(keys) == 0 || !underParam && !isPluralish(keys[len(keys)-1])
	for key, c := range n.lit {
		if c.hits == 0 || reserved(key) {
			continue // not live (no request recorded below it), or a view word
		}
		if underParam && c.shared {
			// a sub-resource of two or more of the parameter's values
			// (/roles/ci/secret-id, /roles/etl/secret-id): a route
			continue
		}
		if sections && isPluralish(key) {
			continue
		}
		cls := classOf(key, literalKind(key))
		// Files at the root are the site's own (favicon.ico, robots.txt,
		// its pages), each hit a few times by browsers and crawlers:
		// routes or static files, not values, however many there are.
		if cls == clsVersion || cls == clsFile && len(keys) == 0 || undoPair(n, key) || variantOfSibling(n, key) {
			continue
		}
		groups[cls] = append(groups[cls], sibling{key: key, hits: c.hits})
	}
	// Features (a subtree walk) are computed only for groups that pass the
	// cheap count and hit checks.
	// A collapse of one class can take siblings of a later class group
	// (kin classes, learned patterns): those are dropped from the group.
	withFeatures := func(g []sibling) []sibling {
		out := g[:0]
		for i := range g {
			c := n.lit[g[i].key]
			if c == nil {
				continue
			}
			if g[i].methods == 0 && g[i].keyHash == 0 {
				c.features(&g[i], 0)
			}
			out = append(out, g[i])
		}
		return out
	}
	// Below a parameter, hits per value add up over all the parent's values
	// (each repository under /repos/{owner} is hit once per owner), so the
	// per-sibling hit ceiling does not apply to the value-shaped classes.
	collapsed := false
	for cls := range groups {
		g := groups[cls]
		rule := classRules[cls]
		if underParam {
			switch wordClass(cls) {
			case clsName, clsDotted, clsCode, clsHyphen:
				rule.maxAvgHits = 0
			}
		}
		if rule.minValues == 0 || len(g) < rule.minValues || !enoughHits(g, rule) {
			continue
		}
		if cls == int(clsPlain) && !inv.settling && len(g) < inv.cfg.MaxChildrenPerNode/2 {
			// Dictionary words are what real resources are named; the hit
			// ceiling is not monotone (at warm-up every resource is seen
			// once or twice), so they collapse when the trie is settled,
			// on all traffic so far, unless they crowd the children cap.
			continue
		}
		if g = withFeatures(g); len(g) < rule.minValues || !similar(g, rule) {
			continue
		}
		inv.collapse(h, n, g, 1<<cls)
		collapsed = true
	}
	// Below a collection (a plural parent) or a parameter: generated ids
	// with one prefix and one length (ord_cyfttlgimyol), and non-word
	// siblings whose subtrees have the same shape (/orgs/dark-labs/members,
	// /orgs/johnsmith/members) are values, whatever their word classes.
	if len(keys) > 0 && (underParam || isPluralish(keys[len(keys)-1])) {
		if g := prefixedIDs(n); len(g) > 0 {
			inv.collapse(h, n, g, siblingClasses(g))
			collapsed = true
		}
		if g := sameShapeValues(n); len(g) > 0 {
			inv.collapse(h, n, g, siblingClasses(g))
			collapsed = true
		}
	}
	if g := apiDocValues(n); len(g) > 0 {
		inv.collapse(h, n, g, siblingClasses(g))
		collapsed = true
	}
	// Members of a collection: under a plural parent, a few names that look
	// alike (same methods, identical response keys) are values
	// (/tags/travel, /tags/work, /tags/ideas; /keys/fare-signing,
	// /keys/cdn_edge, /keys/resellerWebhooks: people name things in every
	// style). Beside a parameter of typed ids (a set named app-enc-2026 is
	// taken for one), its own features must look alike too. Words that
	// usually name views or actions never count, nor do words that answer
	// nothing at their own path: features reach three levels down, and a
	// namespace (/images/acme/web/json) would look like an action beside it
	// (POST /images/load); values seen only with sub-resources are the
	// provenance and same-shape rules' to judge.
	//
	// Compound names and the parameter beside them are judged only when
	// the trie is settled: value provenance runs first then, and takes the
	// host's own data (a network named "none") with the group.
	if p := n.param; !collapsed && (p == nil || inv.settling && p.accepts == 0 && !p.rest) && len(keys) > 0 && isPluralish(keys[len(keys)-1]) {
		classes := []wordClass{clsPlain, clsName}
		if inv.settling {
			classes = append(classes, clsHyphen, clsCamel, clsDotted)
		}
		var g []sibling
		for _, cls := range classes {
			for _, s := range groups[cls] {
				if !reserved(s.key) && len(n.lit[s.key].methods) > 0 {
					g = append(g, s)
				}
			}
		}
		if len(g) >= 3 && len(g) <= 64 {
			if g = withFeatures(g); len(g) >= 3 && collectionSimilar(g) && (p == nil || paramAlike(p, g)) {
				classes := siblingClasses(g)
				if classes&(1<<clsPlain|1<<clsName) != 0 {
					classes |= 1<<clsPlain | 1<<clsName // words and names are one kind of member
				}
				inv.collapse(h, n, g, classes)
				collapsed = true
			}
		}
	}
	if collapsed {
		inv.joinStructural(h, n, underParam, keys)
	}
	if (collapsed || joined) && n.param != nil {
		inv.recheck(h, n.param, append(keys, ""), depth+1)
	}
	return collapsed || joined
}

// joinStructural: once words at a position collapsed into a parameter (the
// position holds values), a literal sibling with children, all of which
// the parameter also has (/repos/{owner} has issues and pulls, and so does
// /repos/rust-lang), is a value too and joins it. So does a parameter
// below a parameter, or below a literal that is no section level, whose
// values the data named (valued: names, as collapsed words are; at the
// root and right below the API's prefix, sections beside owners stay):
// /label/queue/values beside /label/{name}/values, whose names the host's
// answers listed. Typed-id parameters never pull words in this way
// (/employees/export stays beside /employees/{employeeId}), nor do
// leaves, versions or view words.
func (inv *Inventory) joinStructural(h *hostState, n *node, underParam bool, keys []string) bool {
	p := n.param
	if p == nil || p.accepts == 0 && !(p.valued && (underParam || !sectionLevel(keys))) || len(n.lit) == 0 {
		return false
	}
	var g []sibling
	for key, c := range n.lit {
		if c.hits == 0 || isVersionLiteral(key) || len(c.lit) == 0 && c.param == nil {
			continue
		}
		if reserved(key) && !underParam && p.accepts&(1<<clsPlain) == 0 {
			// a view word with children (/users/search/suggest) stays; below
			// a parameter (/repos/{owner}/search/issues beside
			// /repos/{owner}/{repo}/issues), or where dictionary words
			// collapsed, the same sub-structure says value
			continue
		}
		if c.param != nil && p.param == nil {
			continue
		}
		if mirrors(c, p, true) {
			g = append(g, sibling{key: key, hits: c.hits})
		}
	}
	if len(g) == 0 {
		return false
	}
	var classes uint16
	for _, s := range g {
		if reserved(s.key) {
			p.addJoined(s.key)
		} else if cls := classOf(s.key, literalKind(s.key)); cls != clsVersion {
			classes |= 1 << cls
		}
	}
	inv.collapse(h, n, g, classes)
	return true
}

// minPrefixedIDs and minSameShape are the sibling counts the prefixed-id
// and same-shape rules need.
const (
	minPrefixedIDs   = 3
	minSameShape     = 4
	minIDSuffixLen   = 8
	maxIDPrefixLen   = 8
	maxShapeChildren = 16
)

// prefixedIDs returns the largest group (at least minPrefixedIDs) of live
// literal siblings shaped <prefix><sep><rest> with the same prefix and
// separator and the same rest length: a short letter prefix, '_' or '-',
// and at least minIDSuffixLen letters and digits that are not a known
// word. Generated ids look so (ord_cyfttlgimyol, cus_NffrFeUfNV2Hib);
// resource names sharing a prefix differ in length or are words
// (user_settings, user_profiles).
func prefixedIDs(n *node) []sibling {
	type pk struct {
		prefix string
		n      int
	}
	groups := map[pk][]sibling{}
	for key, c := range n.lit {
		if c.hits == 0 || reserved(key) {
			continue
		}
		prefix, rest, ok := splitPrefixedID(key)
		if !ok {
			continue
		}
		k := pk{prefix, len(rest)}
		groups[k] = append(groups[k], sibling{key: key, hits: c.hits})
	}
	return largestGroup(groups, minPrefixedIDs)
}

func splitPrefixedID(key string) (prefix, rest string, ok bool) {
	i := 0
	for i < len(key) && (key[i] >= 'a' && key[i] <= 'z' || key[i] >= 'A' && key[i] <= 'Z') {
		i++
	}
	if i == 0 || i > maxIDPrefixLen || i >= len(key) || key[i] != '_' && key[i] != '-' {
		return "", "", false
	}
	prefix, rest = key[:i+1], key[i+1:]
	if len(rest) < minIDSuffixLen || !isAlnum(rest) {
		return "", "", false
	}
	if lr := strings.ToLower(rest); inVocabulary(lr) {
		return "", "", false
	}
	return prefix, rest, true
}

// undoPair reports whether key and its undoing form are both children of n
// (pin and unpin, reblog and unreblog, follow and unfollow): an action and
// the action that reverses it, routes both. Values come in no such pairs.
func undoPair(n *node, key string) bool {
	if len(key) > 4 && key[0] == 'u' && key[1] == 'n' {
		if _, ok := n.lit[key[2:]]; ok {
			return true
		}
	}
	if len(key) < 2 || len(key) > 62 {
		return false
	}
	var buf [64]byte
	_, ok := n.lit[string(append(append(buf[:0], 'u', 'n'), key...))]
	return ok
}

// variantOfSibling reports whether key is a live literal sibling's word
// followed by more words (renew-self and renew-accessor beside renew,
// lookup-self beside lookup): variants of one route, routes all. Values
// named after a sibling are that word and something no dictionary has
// (web-1 beside web), so only dictionary words may follow.
func variantOfSibling(n *node, key string) bool {
	i := strings.IndexAny(key, "-_")
	if i <= 0 || i == len(key)-1 {
		return false
	}
	if c := n.lit[key[:i]]; c == nil || c.hits == 0 {
		return false
	}
	for _, w := range strings.FieldsFunc(key[i+1:], func(r rune) bool { return r == '-' || r == '_' }) {
		if !inVocabulary(w) {
			return false
		}
	}
	return true
}

// sameShapeValues returns the largest group (at least minSameShape) of
// live literal siblings, none a dictionary word, a view word or a version,
// that have children and the same sub-structure (shapeSig). Real
// resources next to each other have different sub-resources; values of
// one parameter have the same ones.
func sameShapeValues(n *node) []sibling {
	groups := map[uint64][]sibling{}
	for key, c := range n.lit {
		if c.hits == 0 || reserved(key) || len(c.lit) == 0 && c.param == nil {
			continue
		}
		switch classOf(key, literalKind(key)) {
		case clsPlain, clsVersion, clsFile:
			continue
		}
		sig, ok := c.shapeSig(0)
		if !ok {
			continue
		}
		groups[sig] = append(groups[sig], sibling{key: key, hits: c.hits})
	}
	return largestGroup(groups, minSameShape)
}

// mirrors reports whether every literal child of c is a child of the
// parameter p too: a literal one, or with viaParam one p's own parameter
// takes.
func mirrors(c, p *node, viaParam bool) bool {
	for k := range c.lit {
		if p.lit[k] == nil && !(viaParam && p.param != nil && p.param.takes(k, literalKind(k))) {
			return false
		}
	}
	return true
}

// minMirrored: the children an alias word must share with the parameter
// beside it. One shared child is common for a route of its own
// (/users/me/orders beside /users/{id}/orders); two or more, and none of
// its own, mirror the parameter's sub-tree.
const minMirrored = 2

// aliasJoin: a view word beside a parameter (/message/latest beside
// /message/{id}) whose children, two or more, are all children of the
// parameter (latest/headers and latest/raw beside {id}/headers and
// {id}/raw) is a value the parameter's handler resolves, an alias: it
// joins the parameter.
func (inv *Inventory) aliasJoin(h *hostState, n *node) bool {
	p := n.param
	if p == nil || p.rest || p.page != 0 || len(p.lit) < minMirrored {
		return false
	}
	var g []sibling
	for key, c := range n.lit {
		if c.hits == 0 || !reserved(key) || c.param != nil || len(c.lit) < minMirrored {
			continue
		}
		if mirrors(c, p, false) {
			g = append(g, sibling{key: key, hits: c.hits})
		}
	}
	if len(g) == 0 {
		return false
	}
	for _, s := range g {
		p.addJoined(s.key)
	}
	inv.collapse(h, n, g, 0)
	return true
}

// goProfiles are the Go runtime's profiles, which net/http/pprof's Index
// handler serves by name below /debug/pprof/ (pprof.Lookup); its cmdline,
// profile, symbol and trace are routes of their own. A protocol's
// vocabulary, as /.well-known's is: every Go server that exposes pprof
// has these.
var goProfiles = map[string]bool{"allocs": true, "block": true, "goroutine": true, "heap": true, "mutex": true, "threadcreate": true}

// runtimeProfiles returns the live literal leaves below a "pprof" segment
// that name Go runtime profiles: values of the Index handler's {name}.
func runtimeProfiles(n *node, keys []string) []sibling {
	if len(keys) == 0 || keys[len(keys)-1] != "pprof" {
		return nil
	}
	var g []sibling
	for key, c := range n.lit {
		if c.hits > 0 && goProfiles[key] && len(c.lit) == 0 && c.param == nil {
			g = append(g, sibling{key: key, hits: c.hits})
		}
	}
	return g
}

// minAPIDocs: three API documents side by side are a document server's
// names (/openapi/course, /openapi/weather, /openapi/radar; springdoc's
// /v3/api-docs/{group}); two could be an API's own pair.
const minAPIDocs = 3

// apiDocValues returns the live literal leaf siblings (at least
// minAPIDocs) that answered GET only ever with an OpenAPI or Swagger
// document (pageAPIDoc) and took no other method but HEAD: one handler
// serving the document a segment names. File names (/openapi.json beside
// /swagger.json), versions (/openapi/v3) and view words (/openapi/latest)
// are routes of their own.
func apiDocValues(n *node) []sibling {
	var g []sibling
	for key, c := range n.lit {
		if c.hits == 0 || len(c.lit) > 0 || c.param != nil || reserved(key) || isVersionLiteral(key) || fileName(key) {
			continue
		}
		a := c.methods["GET"]
		if a == nil || a.page != pageAPIDoc || len(c.methods) > 2 || len(c.methods) == 2 && c.methods["HEAD"] == nil {
			continue
		}
		g = append(g, sibling{key: key, hits: c.hits})
	}
	if len(g) < minAPIDocs {
		return nil
	}
	return g
}

// paramShapedValues returns the live literal siblings of n's parameter
// that have exactly its sub-structure (shapeSig, three levels down, at
// least one child): /orgs/omardoe/members beside /orgs/{org}/members, whose
// other values had digits and were identifiers at once. Dictionary words,
// view words, versions and files are left out: a real resource beside a
// parameter has sub-resources of its own.
func paramShapedValues(n *node) []sibling {
	p := n.param
	if p == nil || p.rest || p.page != 0 || len(p.lit) == 0 && p.param == nil {
		return nil
	}
	psig, ok := p.shapeSig(0)
	if !ok {
		return nil
	}
	var g []sibling
	for key, c := range n.lit {
		if c.hits == 0 || reserved(key) || isVersionLiteral(key) || len(c.lit) == 0 && c.param == nil ||
			inVocabulary(strings.ToLower(key)) || fileName(key) {
			continue
		}
		if sig, ok := c.shapeSig(0); ok && sig == psig {
			g = append(g, sibling{key: key, hits: c.hits})
		}
	}
	return g
}

// minShapeKeys: an answer with this many members (counting those of the
// objects in it, shapeDepth levels down) has a shape of its own; two or
// one ({"ok":true}, {"data":[...]}) say nothing.
const minShapeKeys = 3

// shapeDepth is how many object levels the shape comparison reads: two
// sees the members of an envelope's or a sub-object's own object
// ({"effectiveRateLimit":{"requestsPerSecond":..}, "versioningInfo":{..}}
// says as much as three top-level members do).
const shapeDepth = 2

// shapeMembers counts the members of an object shape and of the objects in
// it, depth levels down.
func shapeMembers(s *Shape, depth int) int {
	if s == nil || s.Type != "object" {
		return 0
	}
	n := len(s.Properties)
	if depth > 1 {
		for _, c := range s.Properties {
			n += shapeMembers(c, depth-1)
		}
	}
	return n
}

// shapeWithin reports whether every member of the object shape s is one
// of ps, depth levels down (where both are objects).
func shapeWithin(s, ps *Shape, depth int) bool {
	for k, c := range s.Properties {
		pc := ps.Properties[k]
		if pc == nil {
			return false
		}
		if depth > 1 && c != nil && c.Type == "object" && pc.Type == "object" && !shapeWithin(c, pc, depth-1) {
			return false
		}
	}
	return true
}

// shapeLeaves returns the live leaf literals beside n's parameter that
// answered GET with an object whose members all appear in the parameter's
// answers (at least minShapeKeys of them), and no other method than the
// parameter serves: more of the same document (/openapi/discovery,
// /openapi/weather beside /openapi/{api}, each an OpenAPI document). View
// words (/users/me), versions and files of a known type stay.
func shapeLeaves(n *node) []sibling {
	p := n.param
	if p == nil || p.rest || p.page != 0 || p.methods["GET"] == nil {
		return nil
	}
	ps := p.methods["GET"].respShape
	if shapeMembers(ps, shapeDepth) < minShapeKeys {
		return nil
	}
	var g []sibling
	for key, c := range n.lit {
		// (files of a known type stay; a dotted name is no file here: it
		// answered the parameter's document, as a domain would, example.org)
		if c.hits == 0 || len(c.lit) > 0 || c.param != nil || reserved(key) || isVersionLiteral(key) ||
			classOf(key, literalKind(key)) == clsFile {
			continue
		}
		a := c.methods["GET"]
		if a == nil || a.respShape == nil || a.respShape.Type != "object" {
			continue
		}
		// the members of the objects inside count (and must be the
		// parameter's) only when the top level alone says too little
		depth := 1
		if len(a.respShape.Properties) < minShapeKeys {
			depth = shapeDepth
		}
		if shapeMembers(a.respShape, depth) < minShapeKeys {
			continue
		}
		ok := true
		for m := range c.methods {
			// an item's own methods (PUT, PATCH, DELETE) may be ones no
			// other value was called with; POST and the rest must be the
			// parameter's
			if p.methods[m] == nil && !itemMethod(m) {
				ok = false
			}
		}
		if ok && shapeWithin(a.respShape, ps, depth) {
			g = append(g, sibling{key: key, hits: c.hits})
		}
	}
	return g
}

// Leaves of one media type. A handler answers every value of its
// parameter with the same kind of document; leaf literals below one
// literal that each answered GET with one and the same media type that
// no page or API answer has (not HTML, JSON, XML or plain text: a
// configuration profile, an image, a feed, a binary) are values of one
// parameter (/apple/ios and /apple/macos-standalone, one profile per
// platform; /avatars/kim). Names with a file extension are the file
// rules'.

// minMediaLeaves: two documents of a kind could be two routes (an export
// in two variants); three, each a leaf, are one handler's values.
const minMediaLeaves = 3

// mediaLeaves returns the largest group of minMediaLeaves or more live
// GET leaves of n (n without a parameter) that answered one distinctive
// media type.
func mediaLeaves(n *node) []sibling {
	if n.param != nil || len(n.lit) < minMediaLeaves {
		return nil
	}
	var groups map[string][]sibling
	for key, c := range n.lit {
		if c.hits == 0 || !staticLeaf(c) || reserved(key) || isVersionLiteral(key) || fileName(key) {
			continue
		}
		a := c.methods["GET"]
		if a == nil || len(a.respCT) != 1 {
			continue
		}
		for ct := range a.respCT {
			if distinctiveMedia(ct) {
				if groups == nil {
					groups = map[string][]sibling{}
				}
				groups[ct] = append(groups[ct], sibling{key: key, hits: c.hits})
			}
		}
	}
	return largestGroup(groups, minMediaLeaves)
}

// distinctiveMedia reports whether a media type is a document of its own
// kind rather than what pages and APIs answer with.
func distinctiveMedia(ct string) bool {
	switch ct {
	case "text/html", "text/plain", "application/xml", "text/xml", "application/javascript", "text/javascript", "text/css":
		return false
	}
	if i := strings.IndexByte(ct, '/'); i <= 0 || i == len(ct)-1 || strings.IndexByte(ct, '*') >= 0 {
		return false // no media type ("", "*", "*/*": a server that names none)
	}
	return !isJSONType(ct) && (!strings.HasSuffix(ct, "+xml") || strings.HasPrefix(ct, "image/"))
}

// suffixedValues returns the live literals beside n's parameter that are
// one of its values with a suffix: the stem before the last dot is a value
// the parameter took or the host named, and the whole is no name the host
// handed out (a forge's /kim/site.git/info/refs beside /kim/{repo}, which
// took site; /kim.keys). The suffix is a format the router strips or a
// handler reads; the position is the parameter's. The stems' own literal
// siblings join first through the other rules.
func (inv *Inventory) suffixedValues(h *hostState, n *node) []sibling {
	p := n.param
	if p == nil || p.rest || p.page != 0 || len(n.lit) == 0 {
		return nil
	}
	var g []sibling
	for _, k := range sortedKeys(n.lit) {
		c := n.lit[k]
		i := lastDot(k)
		if c.hits == 0 || i <= 0 || !fileName(k) || inv.knownValue(h, k) {
			continue
		}
		stem := k[:i]
		if reserved(stem) || isVersionLiteral(stem) {
			continue
		}
		if p.hasVal(inv.valueHash(stem)) || p.valued && inv.knownValue(h, stem) {
			g = append(g, sibling{key: k, hits: c.hits})
		}
	}
	return g
}

// fileSiblings returns the live leaf literals beside n's parameter that are
// files of a known type, when every value the parameter took was a file
// name: the position holds files, and one more file is one more value
// (/themes/{theme}/logo.svg beside logo-64x64.png, which its digits made
// a value; favicon.ico beside hashed bundles). Only methods the parameter
// serves.
func fileSiblings(n *node) []sibling {
	p := n.param
	if p == nil || p.rest || p.page != 0 || len(p.lit) > 0 || p.param != nil || !fileNamesOnly(p) {
		return nil
	}
	var g []sibling
	for key, c := range n.lit {
		if c.hits == 0 || len(c.lit) > 0 || c.param != nil || classOf(key, literalKind(key)) != clsFile {
			continue
		}
		ok := true
		for m := range c.methods {
			if p.methods[m] == nil {
				ok = false
			}
		}
		if ok {
			g = append(g, sibling{key: key, hits: c.hits})
		}
	}
	return g
}

// nameStyle is how a name joins its words: 0 one word, 1 snake_case,
// 2 kebab-case, 3 camelCase (a lower-case letter before an upper-case one).
func nameStyle(k string) int {
	k = strings.TrimLeft(k, "_")
	switch {
	case strings.IndexByte(k, '_') > 0:
		return 1
	case strings.IndexByte(k, '-') > 0:
		return 2
	}
	for i := 1; i < len(k); i++ {
		if k[i] >= 'A' && k[i] <= 'Z' && k[i-1] >= 'a' && k[i-1] <= 'z' {
			return 3
		}
	}
	return 0
}

// minStyleMix: names in at least this many literals, two of them written
// in different styles, before a position counts as user-chosen names.
const minStyleMix = 3

// styleMixValues returns the leaf literals below a singular literal right
// after a parameter (/workflows/{id}/query/X, /signal/X) that are names
// people chose: three or more leaves with one set of methods, whose
// multi-word names are written in two or more styles (rows_processed,
// whereIsIt, resend-code). An application names its own routes in one
// style; the names its users give signals, queries and jobs come in all of
// them. With a parameter there already, only methods it serves.
func styleMixValues(n *node, keys []string) []sibling {
	if len(keys) < 2 || keys[len(keys)-2] != "" {
		return nil
	}
	if k := keys[len(keys)-1]; k == "" || isPluralish(k) || isVersionLiteral(k) {
		return nil
	}
	groups := map[uint8][]sibling{}
	for key, c := range n.lit {
		if c.hits == 0 || len(c.lit) > 0 || c.param != nil || reserved(key) || isVersionLiteral(key) ||
			classOf(key, literalKind(key)) == clsFile {
			continue
		}
		var ms uint8
		for m := range c.methods {
			ms |= methodBit(m)
		}
		if p := n.param; p != nil && ms&^methodsNear(p) != 0 {
			continue
		}
		groups[ms] = append(groups[ms], sibling{key: key, hits: c.hits})
	}
	// the names the parameter took count too, as its examples show them
	var taken []string
	if p := n.param; p != nil {
		for _, a := range p.methods {
			for _, x := range a.examples {
				segs := strings.Split(strings.TrimPrefix(x, "/"), "/")
				if len(segs) > len(keys) && !strings.HasPrefix(segs[len(keys)], "{") && !slices.Contains(taken, segs[len(keys)]) {
					taken = append(taken, segs[len(keys)])
				}
			}
		}
	}
	for _, g := range groups {
		if len(g)+len(taken) < minStyleMix {
			continue
		}
		var styles [4]bool
		kinds := 0
		note := func(k string) {
			if st := nameStyle(k); st != 0 && !styles[st] {
				styles[st] = true
				kinds++
			}
		}
		for _, s := range g {
			note(s.key)
		}
		for _, k := range taken {
			note(k)
		}
		if kinds >= 2 {
			return g
		}
	}
	return nil
}

// itemMethod: a method that acts on an item itself (read, replace,
// change, delete it).
func itemMethod(m string) bool {
	switch m {
	case "GET", "HEAD", "PUT", "PATCH", "DELETE":
		return true
	}
	return false
}

// versionedNames returns the live literal siblings of n (two or more, n
// having no parameter) whose only child is a parameter of release versions
// (semver: 1.0.0, 11.0.0): names of versioned things, an application's or
// a package's (/applicationData/user/freeboard-sk/1.0.0 beside
// /instrumentpanel/1.0.0), values of one parameter. A collection's id
// parameter (/users/{id} beside /teams/{id}) is no version.
func versionedNames(n *node) []sibling {
	if n.param != nil {
		return nil
	}
	var g []sibling
	for key, c := range n.lit {
		p := c.param
		if c.hits == 0 || len(c.lit) > 0 || p == nil || p.rest || reserved(key) || isVersionLiteral(key) {
			continue
		}
		total := uint64(0)
		for _, v := range p.kinds {
			total += v
		}
		if total > 0 && p.kinds[KindSemver] == total {
			g = append(g, sibling{key: key, hits: c.hits})
		}
	}
	if len(g) == 1 && !inVocabulary(strings.ToLower(g[0].key)) {
		// alone, a name no dictionary has, over versions only, is the name
		// of the versioned thing all the same (/global/kip/{version})
		return g
	}
	if len(g) < 2 {
		return nil
	}
	return g
}

// formatNames are the document and data formats export and conversion
// routes take as a parameter (/p/{pad}/export/{type},
// /reports/{id}/render/{format}). File extensions that read as route words
// (log, map, bin, env) are left out.
var formatNames = map[string]bool{
	"txt": true, "text": true, "html": true, "htm": true, "pdf": true, "csv": true, "tsv": true,
	"json": true, "xml": true, "yaml": true, "yml": true, "md": true, "markdown": true,
	"docx": true, "odt": true, "xlsx": true, "ods": true, "rtf": true, "epub": true, "latex": true,
	"tex": true, "rst": true, "ics": true, "vcf": true, "zip": true, "tgz": true, "png": true,
	"svg": true, "jpg": true, "jpeg": true, "webp": true,
}

// formatValues returns the live literal siblings of n that are one format
// parameter's values: two or more format names (formatNames) of one shape,
// with the other siblings of that shape (/export/txt, /export/html and
// /export/etherpad, an application's own format), or format names shaped
// like n's parameter, and other leaves of its shape when it holds a
// format. One format name alone stays a route (/containers/{id}/json
// beside /top and /logs).
func formatValues(n *node, holdsFormat func(*node) bool) []sibling {
	type shape struct {
		sig     uint64
		methods uint8
	}
	shapeOf := func(c *node) (shape, bool) {
		sig, ok := c.shapeSig(0)
		var m uint8
		for k := range c.methods {
			m |= methodBit(k)
		}
		return shape{sig, m}, ok
	}
	format := func(key string, c *node) bool {
		return c.hits > 0 && formatNames[strings.ToLower(key)]
	}
	if p := n.param; p != nil {
		if p.rest || p.page != 0 {
			return nil
		}
		ps, ok := shapeOf(p)
		if !ok {
			return nil
		}
		var g, other []sibling
		for key, c := range n.lit {
			s, ok := shapeOf(c)
			if !ok || c.hits == 0 || s.sig != ps.sig || s.methods&^ps.methods != 0 {
				continue
			}
			switch {
			case format(key, c):
				g = append(g, sibling{key: key, hits: c.hits})
			case !reserved(key) && !isVersionLiteral(key) && !fileName(key) && len(c.lit) == 0 && c.param == nil:
				other = append(other, sibling{key: key, hits: c.hits})
			}
		}
		if len(other) > 0 && (len(g) > 0 || holdsFormat(p)) {
			// the parameter is a format's: the application's own format
			// of that shape is one more (/export/etherpad beside
			// /export/{type} that took txt and html)
			g = append(g, other...)
		}
		return g
	}
	groups := map[shape][]sibling{}
	for key, c := range n.lit {
		if s, ok := shapeOf(c); ok && format(key, c) {
			groups[s] = append(groups[s], sibling{key: key, hits: c.hits})
		}
	}
	var best []sibling
	var bs shape
	for s, g := range groups {
		if len(g) >= 2 && (len(g) > len(best) || len(g) == len(best) && s.sig < bs.sig) {
			best, bs = g, s
		}
	}
	if best == nil {
		return nil
	}
	for key, c := range n.lit {
		if c.hits == 0 || format(key, c) || reserved(key) || isVersionLiteral(key) || fileName(key) {
			continue
		}
		if s, ok := shapeOf(c); ok && s == bs {
			best = append(best, sibling{key: key, hits: c.hits})
		}
	}
	return best
}

// holdsFormat reports whether the parameter p took a format name when it
// was made (its first values' hashes).
func (inv *Inventory) holdsFormat(p *node) bool {
	if len(p.vals) == 0 {
		return false
	}
	for f := range formatNames {
		if p.hasVal(inv.valueHash(f)) {
			return true
		}
	}
	return false
}

// largestGroup returns the biggest group with at least min members (ties:
// the one with the smallest first key, so the choice is deterministic).
func largestGroup[K comparable](groups map[K][]sibling, min int) []sibling {
	var best []sibling
	bestKey := ""
	for _, g := range groups {
		if len(g) < min {
			continue
		}
		first := g[0].key
		for _, s := range g {
			if s.key < first {
				first = s.key
			}
		}
		if len(g) > len(best) || len(g) == len(best) && first < bestKey {
			best, bestKey = g, first
		}
	}
	return best
}

// siblingClasses is the set of word classes of a group's keys.
func siblingClasses(g []sibling) uint16 {
	var classes uint16
	for _, s := range g {
		if cls := classOf(s.key, literalKind(s.key)); cls != clsVersion {
			classes |= 1 << cls
		}
	}
	return classes
}

// shapeSig fingerprints the structure below n, three levels deep: the
// keys of literal children ("{}" for the parameter) and whether each node
// serves any method. Methods themselves are left out: one value is read,
// another deleted. ok is false for a node with too many children to
// compare (more than maxShapeChildren).
func (n *node) shapeSig(depth int) (uint64, bool) {
	h := uint64(14695981039346656037)
	mix := func(b byte) {
		h ^= uint64(b)
		h *= 1099511628211
	}
	mix64 := func(v uint64) {
		for i := 0; i < 8; i++ {
			mix(byte(v >> (8 * i)))
		}
	}
	if len(n.methods) > 0 {
		mix('M')
	}
	if depth >= 3 {
		return h, true
	}
	if len(n.lit) > maxShapeChildren {
		return 0, false
	}
	for _, k := range sortedKeys(n.lit) {
		mix('/')
		for i := 0; i < len(k); i++ {
			mix(k[i])
		}
		sub, ok := n.lit[k].shapeSig(depth + 1)
		if !ok {
			return 0, false
		}
		mix64(sub)
	}
	if n.param != nil {
		mix('{')
		sub, ok := n.param.shapeSig(depth + 1)
		if !ok {
			return 0, false
		}
		mix64(sub)
	}
	return h, true
}

// features collects the methods served at or below n (three levels at
// most) and the response keys of the first endpoint with any (methods in
// order, the node's own first, so the choice is deterministic).
func (n *node) features(s *sibling, depth int) {
	for _, m := range sortedKeys(n.methods) {
		s.methods |= methodBit(m)
		if s.keyHash == 0 {
			s.keyHash = n.methods[m].respKeyHash()
		}
	}
	if depth >= 3 {
		return
	}
	if n.param != nil {
		n.param.features(s, depth+1)
	}
	for i, k := range sortedKeys(n.lit) {
		if i >= 8 {
			break
		}
		n.lit[k].features(s, depth+1)
	}
}

// reservedWords usually name views, formats (/images/json, /report/csv)
// or actions (English verbs: /containers/create, /jobs/{id}/cancel) next to
// a collection's items; the collection rule never collapses them.
var reservedWords = map[string]bool{}

// reserved reports whether w names a view, a format or an action
// (reservedWords), or a system namespace: a word behind a leading
// underscore (/_catalog, /_search, /_matrix, /_next, /v2/_oci/ext) is how
// registries, search engines, document stores and web frameworks keep
// their own routes apart from the names users choose, so it is never one
// of those names. Generated ids can start with '_' too; they have digits
// or mixed case, and are no word.
func reserved(w string) bool {
	if len(w) >= 3 && w[0] == '_' {
		for i := 1; i < len(w); i++ {
			if c := w[i]; !(c >= 'a' && c <= 'z' || c == '_' && i > 1) {
				return false
			}
		}
		return true
	}
	return reservedWords[w]
}

// actionWords are the reserved words that are verbs: what a request does,
// never a name an API hands out.
var actionWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`me self current mine my all new latest recent featured popular trending
		top random search export import count bulk batch stats summary default config settings status health
		public private archived active pending upcoming today next previous first last list find lookup
		overview info meta metadata schema clearance sale deals free root any none
		json xml csv yaml yml html txt`) {
		reservedWords[w] = true
	}
	for _, w := range strings.Fields(`create update delete remove add edit upload download prune clone copy move rename publish unpublish
		restore approve reject cancel retry start stop restart enable disable lock unlock subscribe unsubscribe
		login logout register refresh verify validate sync reset preview invite accept decline revoke sort`) {
		reservedWords[w] = true
		actionWords[w] = true
	}
}

// isPluralish: a lower-case word (or hyphenated words) ending in a plural
// 's' (not "ss", "us", "is").
func isPluralish(w string) bool {
	if len(w) < 4 || w[len(w)-1] != 's' {
		return false
	}
	if strings.HasSuffix(w, "ss") || strings.HasSuffix(w, "us") || strings.HasSuffix(w, "is") {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// collectionSimilar: members served alike: a method most of them share,
// identical response keys wherever there are any (two at least), and few
// hits each.
func collectionSimilar(g []sibling) bool {
	var total uint64
	var methodCount [8]int
	withKeys := 0
	var key uint64
	for _, s := range g {
		total += s.hits
		for b := 0; b < 8; b++ {
			if s.methods&(1<<b) != 0 {
				methodCount[b]++
			}
		}
		if s.keyHash != 0 {
			if withKeys > 0 && s.keyHash != key {
				return false
			}
			key = s.keyHash
			withKeys++
		}
	}
	if withKeys < 2 || total < 3 || float64(total)/float64(len(g)) > 5 {
		return false
	}
	best := 0
	for _, c := range methodCount {
		best = max(best, c)
	}
	return best*5 >= len(g)*3
}

// paramAlike reports whether the parameter p serves like the members g
// (which collectionSimilar found alike): a method one of them serves, and
// the same response keys.
func paramAlike(p *node, g []sibling) bool {
	var ps sibling
	p.features(&ps, 0)
	var key uint64
	var methods uint8
	for _, s := range g {
		if key == 0 {
			key = s.keyHash
		}
		methods |= s.methods
	}
	return ps.keyHash != 0 && ps.keyHash == key && ps.methods&methods != 0
}

// literalKind is the kind a literal child's key had (only version-ness
// matters to classOf).
func literalKind(key string) Kind {
	if isVersionLiteral(key) {
		return KindVersion
	}
	return KindWord
}

// enoughHits applies the rule's hit thresholds (no subtree walk needed).
func enoughHits(g []sibling, rule classRule) bool {
	var total uint64
	for _, s := range g {
		total += s.hits
	}
	if total < rule.minHits {
		return false
	}
	return rule.maxAvgHits == 0 || float64(total)/float64(len(g)) <= rule.maxAvgHits
}

func similar(g []sibling, rule classRule) bool {
	var total uint64
	var methodCount [8]int
	keyCount := map[uint64]int{}
	withKeys := 0
	for _, s := range g {
		total += s.hits
		for b := 0; b < 8; b++ {
			if s.methods&(1<<b) != 0 {
				methodCount[b]++
			}
		}
		if s.keyHash != 0 {
			keyCount[s.keyHash]++
			withKeys++
		}
	}
	if total < rule.minHits {
		return false
	}
	if rule.maxAvgHits > 0 && float64(total)/float64(len(g)) > rule.maxAvgHits {
		return false
	}
	best := 0
	for _, c := range methodCount {
		best = max(best, c)
	}
	if best*5 < len(g)*4 { // no method shared by 80%
		return false
	}
	if withKeys >= 2 {
		bestKeys := 0
		for _, c := range keyCount {
			bestKeys = max(bestKeys, c)
		}
		if bestKeys*5 < withKeys*3 { // response keys differ too much
			return false
		}
	}
	return true
}

// collapse merges the literal children of n named in g into n's
// parameter (made if missing), which accepts the word classes in classes
// from then on. gRPC services in g are left out: they are names; when
// nothing else is in g, nothing changes and n.param may still be nil.
func (inv *Inventory) collapse(h *hostState, n *node, g []sibling, classes uint16) {
	cfg := &inv.cfg
	// a gRPC service is a name, never a value
	g = slices.DeleteFunc(g, func(s sibling) bool { c := n.lit[s.key]; return c != nil && c.rpc })
	if len(g) == 0 {
		return
	}
	beforeNodes, beforeEP := 0, 0
	if n.param == nil {
		n.param = &node{} // counted by afterNodes
	} else {
		beforeNodes, beforeEP = n.param.countSubtree()
	}
	p := n.param
	sort.Slice(g, func(i, j int) bool { return g[i].key < g[j].key }) // merge order is part of the result
	for _, s := range g {
		c := n.lit[s.key]
		if c == nil {
			continue
		}
		a, b := c.countSubtree()
		beforeNodes += a
		beforeEP += b
		delete(n.lit, s.key)
		p.kinds[KindWord] += c.hits
		hv := inv.valueHash(s.key)
		p.addVal(hv)
		stampParent(c, hv)
		mergeNode(p, c, cfg.MaxChildrenPerNode, cfg.MaxExamples)
	}
	p.accepts |= classes
	// literal siblings the widened parameter now takes join it too
	for _, key := range sortedKeys(n.lit) {
		c := n.lit[key]
		if c.hits > 0 && !c.rpc && (p.hasJoined(key) || !reserved(key) && acceptMask(p.accepts)&(1<<classOf(key, literalKind(key))) != 0) {
			a, b := c.countSubtree()
			beforeNodes += a
			beforeEP += b
			delete(n.lit, key)
			p.kinds[KindWord] += c.hits
			hv := inv.valueHash(key)
			p.addVal(hv)
			stampParent(c, hv)
			mergeNode(p, c, cfg.MaxChildrenPerNode, cfg.MaxExamples)
		}
	}
	afterNodes, afterEP := p.countSubtree()
	h.nodes += afterNodes - beforeNodes
	h.endpoints += afterEP - beforeEP
	inv.endpoints += afterEP - beforeEP
	inv.stats.Collapses++
	if p.rest && (len(p.lit) > 0 || p.param != nil) {
		inv.flattenRest(h, p, nil) // a file path takes whatever was below its values
	} else {
		inv.mendRests(h, p, 0)
	}
}

// mendRests flattens, below n, every multi-segment parameter that a merge
// gave a parameter child: one value's subtree had a path parameter where
// another's had a parameter with more below it (/src/branch/{path} and
// /src/branch/{branch}/...), and the path takes both; a parameter right
// after a path could take any segment the path could.
func (inv *Inventory) mendRests(h *hostState, n *node, depth int) {
	if depth > 64 {
		return
	}
	if n.rest && n.param != nil {
		inv.flattenRest(h, n, nil)
	}
	for _, c := range n.lit {
		inv.mendRests(h, c, depth+1)
	}
	if n.param != nil {
		inv.mendRests(h, n.param, depth+1)
	}
}

// stampParent records, on the literal children of c (a value that is
// about to become one of its parameter's), the value they were seen below,
// so that merging them with the parameter's own children tells sub-resources
// every value has (node.shared) from values of a parameter below.
func stampParent(c *node, hv uint64) {
	for _, cc := range c.lit {
		if cc.pv == 0 {
			cc.pv = hv
		}
	}
}

// settleRounds bounds settle: each round is one walk of the host's trie
// (at most MaxNodesPerHost nodes), and a round that collapses nothing ends it.
const settleRounds = 4

// settle re-runs the sibling checks over a host's whole trie, children
// before parents, until a round changes nothing. During Observe a position
// is checked only when a new literal appears there, so whether siblings
// collapse would depend on the order exchanges arrive (hits that come after
// the last new sibling are never weighed); settling before the trie is
// read (Endpoints, Noise, MarshalHost) weighs the whole observed set. It
// runs only when something was recorded since the last settle.
func (inv *Inventory) settle(h *hostState) {
	if h.settled {
		return
	}
	inv.settling = true
	defer func() { inv.settling = false }()
	for pass := 0; pass < 2; pass++ {
		for i := 0; i < settleRounds; i++ {
			h.paramVals, h.paramValsUnder = paramValues(h.root)
			fb := inv.fallbackCollapse(h)
			if !inv.settleWalk(h, h.root, nil, 0) && !fb {
				break
			}
		}
		// Handled 404s graft onto the settled trie (its parameters
		// known), then the trie settles again around them.
		if pass > 0 || !inv.promoteHandled(h) {
			break
		}
	}
	h.settled = true
	h.paramVals, h.paramValsUnder = nil, nil
}

func (inv *Inventory) settleWalk(h *hostState, n *node, keys []string, depth int) bool {
	if depth > 64 {
		return false
	}
	changed := false
	for _, k := range sortedKeys(n.lit) {
		if c := n.lit[k]; c != nil && inv.settleWalk(h, c, append(keys, k), depth+1) {
			changed = true
		}
	}
	if n.param != nil && inv.settleWalk(h, n.param, append(keys, ""), depth+1) {
		changed = true
	}
	if inv.maybeCollapse(h, n, keys, 0) {
		changed = true
	}
	return changed
}

// recheck runs maybeCollapse over a subtree whose siblings just merged.
func (inv *Inventory) recheck(h *hostState, n *node, keys []string, depth int) {
	if depth > 64 {
		return
	}
	inv.maybeCollapse(h, n, keys, depth)
	for k, c := range n.lit {
		inv.recheck(h, c, append(keys, k), depth+1)
	}
	if n.param != nil {
		inv.recheck(h, n.param, append(keys, ""), depth+1)
	}
}

// paramName derives a parameter's name from its parent segment.
func paramName(p *node, parentKey string, parentIsParam bool, parentName string) string {
	if p.name != "" {
		return p.name
	}
	if p.rest {
		return "path"
	}
	total := uint64(0)
	dom, domN := KindWord, uint64(0)
	for k, v := range p.kinds {
		total += v
		if v > domN {
			dom, domN = Kind(k), v
		}
	}
	// (a name made from a number, /api/1.2.15/{121Id}, says nothing)
	if parentIsParam || parentKey == "" || isVersionLiteral(parentKey) || isVersionParent(parentKey) || isDigit(parentKey[0]) {
		switch {
		case dom == KindInt && p.yearLike*5 >= p.kinds[KindInt]*4 && p.yearLike > 0:
			return "year"
		case dom == KindDate || dom == KindDateTime:
			return "date"
		case dom == KindWeek:
			return "isoWeek"
		case dom == KindMonth:
			return "month"
		case dom == KindEmail:
			return "email"
		}
		if parentIsParam {
			return strings.TrimSuffix(parentName, "Id") + "SubId"
		}
		return "id"
	}
	return camel(singular(parentKey)) + "Id"
}

func singular(w string) string {
	lw := strings.ToLower(w)
	switch {
	case lw == "people":
		return w[:len(w)-4] + "rson"
	case lw == "children":
		return w[:len(w)-3]
	case strings.HasSuffix(lw, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(lw, "sses"), strings.HasSuffix(lw, "xes"), strings.HasSuffix(lw, "ches"),
		strings.HasSuffix(lw, "shes"), strings.HasSuffix(lw, "uses"):
		return w[:len(w)-2]
	case strings.HasSuffix(lw, "s") && !strings.HasSuffix(lw, "ss") && !strings.HasSuffix(lw, "us") &&
		!strings.HasSuffix(lw, "is") && len(w) > 3:
		return w[:len(w)-1]
	}
	return w
}

// camel turns "leave-request" or "leave_request" into "leaveRequest" and
// drops characters that are not letters or digits.
func camel(w string) string {
	var b strings.Builder
	up := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !isAlnumByte(c) {
			up = b.Len() > 0
			continue
		}
		if b.Len() == 0 && c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		} else if up && c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		up = false
		b.WriteByte(c)
	}
	if b.Len() == 0 {
		return "param"
	}
	return b.String()
}

// sortedKeys returns a map's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
