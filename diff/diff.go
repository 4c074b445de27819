package diff

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"net/netip"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shadowtap/shadowtap/inventory"
)

// Finding kinds. Kind names are API (JSON, CSV, SARIF rule ids).
const (
	// KindShadow: traffic to a route no applicable spec documents. ShadowType
	// says whether the path ("path") or only the method ("method") is missing.
	KindShadow = "shadow"
	// KindZombie: a deprecated operation still called.
	KindZombie = "zombie"
	// KindUnauthenticated: 2xx answers to requests without credentials, on an
	// operation documented as requiring them or on a shadow endpoint.
	KindUnauthenticated = "unauthenticated"
	// KindUnused: a documented operation never seen.
	KindUnused = "unused"
	// KindUndocumentedQueryParam: a query parameter the operation does not list.
	KindUndocumentedQueryParam = "undocumented_query_param"
	// KindUndocumentedStatus: a response status the operation does not list.
	KindUndocumentedStatus = "undocumented_status"
	// KindUndocumentedContentType: a request or response media type the
	// operation does not list (only checked when it lists some).
	KindUndocumentedContentType = "undocumented_content_type"
	// KindSensitiveDataOnShadow: a shadow endpoint whose responses carried
	// sensitive data.
	KindSensitiveDataOnShadow = "sensitive_data_on_shadow"
	// KindPathValueOutOfSchema: values of a documented path parameter that
	// its schema rejects (type, format, pattern, enum, bounds), where the
	// inventory found the position to hold values.
	KindPathValueOutOfSchema = "path_value_out_of_schema"
)

// Shadow types (Finding.ShadowType).
const (
	ShadowPath   = "path"
	ShadowMethod = "method"
)

// Kinds lists every finding kind, in documentation order.
var Kinds = []string{KindShadow, KindUnauthenticated, KindZombie, KindSensitiveDataOnShadow,
	KindUndocumentedQueryParam, KindUndocumentedStatus, KindUndocumentedContentType, KindPathValueOutOfSchema, KindUnused}

// Options tune Diff. The zero value reports every kind at every severity.
type Options struct {
	// MinSeverity drops findings below it.
	MinSeverity Severity
	// TLS is the inventory's encrypted services (tls.go's findings).
	TLS []inventory.TLSService
	// Kinds keeps only these kinds when non-empty.
	Kinds []string
	// NoDrift turns off the undocumented_* drift findings.
	NoDrift bool
	// NoParamSchemas matches concrete path values against any documented
	// parameter, without checking them against the parameter's schema.
	NoParamSchemas bool
	// LenientMethods turns on two leniencies: HEAD matching a documented GET,
	// and OPTIONS (CORS preflight) on a documented path not being a finding.
	// Off by default: a method the spec does not list is undocumented, and a
	// HEAD answered 2xx without credentials where GET demands them is the
	// classic verb-tampering hole, worth a finding of its own.
	LenientMethods bool
	// IncludeUncoveredHosts reports endpoints on hosts that no spec applies
	// to as shadow paths: documented nowhere. The CLI sets it unless
	// --covered-hosts-only; when false such hosts are out of scope, only
	// counted in a warning. Without any spec every answered endpoint is
	// shadow either way.
	IncludeUncoveredHosts bool
	// Noise is what the inventory kept apart as never reaching an endpoint
	// (404, 405 answers). A noise request whose path and method match a
	// documented operation is a call of it: the operation is not reported
	// unused (a plugin route that answers 404 while no plugin is installed
	// was called all the same). Not when it was Unrouted (the host's
	// router's miss page) and the documented path has no parameter: a
	// handler may answer a missing record with the router's own page, but
	// a fixed path that gets it is not served there.
	Noise []inventory.Noise
	// Warn, when set, receives the diff's warnings (host binding decisions,
	// base-path fallbacks, uncovered hosts), one sentence each.
	Warn func(string)
}

// OperationRef locates a documented operation.
type OperationRef struct {
	File        string `json:"file"`
	Path        string `json:"path"` // the paths key as written in the spec
	Method      string `json:"method"`
	OperationID string `json:"operation_id,omitempty"`
	// Line is the 1-based line of the operation in the spec file (0 unknown).
	Line       int  `json:"line,omitempty"`
	Deprecated bool `json:"deprecated,omitempty"`
}

// Evidence is what the traffic showed, merged over the observed endpoints a
// finding covers. It never holds values: counts, kinds and paths only.
type Evidence struct {
	Hits      uint64    `json:"hits"`
	FirstSeen time.Time `json:"first_seen,omitzero"`
	LastSeen  time.Time `json:"last_seen,omitzero"`
	// Statuses counts responses per status code.
	Statuses map[string]uint64 `json:"statuses,omitempty"`
	// Clients sums the endpoints' approximate distinct client counts.
	Clients             uint64            `json:"clients,omitempty"`
	AuthKinds           map[string]uint64 `json:"auth_kinds,omitempty"`
	Sensitive           map[string]uint64 `json:"sensitive,omitempty"`
	UnauthenticatedHits uint64            `json:"unauthenticated_hits"`
	Unauthenticated2xx  uint64            `json:"unauthenticated_2xx"`
	// ObservedPaths are the inventory templates merged into the finding
	// (sorted, at most maxObservedPaths).
	ObservedPaths []string `json:"observed_paths,omitempty"`
}

const maxObservedPaths = 16

// Finding is one result of the diff.
type Finding struct {
	// ID is stable across runs: a hash of kind, shadow type, host, method,
	// path and (for drift) the undocumented item.
	ID   string `json:"id"`
	Kind string `json:"kind"`
	// ShadowType is "path" or "method" for kind shadow, else empty.
	ShadowType string   `json:"shadow_type,omitempty"`
	Severity   Severity `json:"severity"`
	Host       string   `json:"host,omitempty"`
	Method     string   `json:"method"`
	// Path is the observed template (shadow_type path), or the documented
	// path with the base path seen in traffic (shadow_type method, operation
	// findings, unused).
	Path      string        `json:"path"`
	Title     string        `json:"title"`
	Detail    string        `json:"detail,omitempty"`
	Spec      string        `json:"spec,omitempty"`
	Operation *OperationRef `json:"operation,omitempty"`
	Evidence  Evidence      `json:"evidence"`
}

// answered reports whether an endpoint served anything: a status other than
// 404, 405, 501 or none, or a 501 to GET or HEAD (inventory.Exists); an
// endpoint with no status counts at all is taken as answered. Endpoints
// that did not are scanner noise, unless the inventory says the route's own
// handler refused the method (Endpoint.Routed: a 405 with no Allow header,
// a 501 with a reason).
func answered(e *inventory.Endpoint) bool {
	if len(e.Statuses) == 0 || e.Routed {
		return true // statuses not recorded: do not drop the endpoint
	}
	method := strings.ToUpper(e.Method)
	for k, n := range e.Statuses {
		if n == 0 {
			continue
		}
		if st, err := strconv.Atoi(k); err != nil || inventory.Exists(st, method) {
			return true
		}
	}
	return false
}

func evidenceOf(e *inventory.Endpoint) Evidence {
	ev := Evidence{
		Hits: e.Hits, FirstSeen: e.FirstSeen, LastSeen: e.LastSeen, Clients: e.Clients,
		UnauthenticatedHits: e.UnauthenticatedHits, Unauthenticated2xx: e.Unauthenticated2xx,
		Statuses: copyCounts(e.Statuses), AuthKinds: copyCounts(e.AuthKinds), Sensitive: copyCounts(e.Sensitive),
		ObservedPaths: []string{e.Path},
	}
	return ev
}

func copyCounts(m map[string]uint64) map[string]uint64 {
	if len(m) == 0 {
		return nil
	}
	c := make(map[string]uint64, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

func addCounts(dst *map[string]uint64, src map[string]uint64) {
	if len(src) == 0 {
		return
	}
	if *dst == nil {
		*dst = map[string]uint64{}
	}
	for k, v := range src {
		(*dst)[k] += v
	}
}

func (ev *Evidence) merge(o Evidence) {
	ev.Hits += o.Hits
	if !o.FirstSeen.IsZero() && (ev.FirstSeen.IsZero() || o.FirstSeen.Before(ev.FirstSeen)) {
		ev.FirstSeen = o.FirstSeen
	}
	if o.LastSeen.After(ev.LastSeen) {
		ev.LastSeen = o.LastSeen
	}
	ev.Clients += o.Clients
	ev.UnauthenticatedHits += o.UnauthenticatedHits
	ev.Unauthenticated2xx += o.Unauthenticated2xx
	addCounts(&ev.Statuses, o.Statuses)
	addCounts(&ev.AuthKinds, o.AuthKinds)
	addCounts(&ev.Sensitive, o.Sensitive)
	for _, p := range o.ObservedPaths {
		ev.ObservedPaths = appendUnique(ev.ObservedPaths, p)
	}
	sort.Strings(ev.ObservedPaths)
	if len(ev.ObservedPaths) > maxObservedPaths {
		ev.ObservedPaths = ev.ObservedPaths[:maxObservedPaths]
	}
}

// responseSensitive lists the response-side sensitive kinds ("email", ...).
func (ev *Evidence) responseSensitive() []string {
	var ks []string
	for k, n := range ev.Sensitive {
		if n > 0 && strings.HasPrefix(k, "response.") {
			ks = append(ks, strings.TrimPrefix(k, "response."))
		}
	}
	sort.Strings(ks)
	return ks
}

// lookupResult is how one concrete path or template matched.
type lookupResult struct {
	op       *operation // documented operation for the method (nil: none)
	base     string
	pathOp   *operation // best operation on the matched path when op is nil
	implicit bool       // OPTIONS on a documented path (lenient mode)
}

// differ holds one Diff run's state.
type differ struct {
	specs []*Spec
	opts  Options
	// per normalised host: indices of applicable specs and whether the
	// root (base-path-less) trie is used for that spec.
	applies map[string][]specUse
	warns   []string
	// siblings indexes the answered endpoints of the host being classified
	// by segment count, for the literal-exception rule.
	siblings map[int][]sibling
	tmplMemo map[*inventory.Endpoint]lookupResult
	// valueMemo caches literalIsValue per inventory host and prefix;
	// foldIndex indexes templated siblings for foldValue (built lazily).
	valueMemo map[string]bool
	foldIndex map[string][]*sibling
	// valueEvidence holds the concrete values that filled spec parameters
	// in documented calls (align.go).
	valueEvidence map[string]bool
	// docs, when non-nil, receives each endpoint's Documentation.
	docs map[*inventory.Endpoint]*Documentation
}

type sibling struct {
	e    *inventory.Endpoint
	segs []segment
}

type specUse struct {
	idx  int
	root bool
	// prefix: the literal segments the host's traffic puts in front of the
	// spec's paths (a gateway mount, or a base path the document only
	// names in prose), stripped before matching (prefix inference).
	// versionPrefix ("{version}") stands for an API version segment
	// whichever version a client asked for (/v1.41, /v4.3.1).
	prefix []string
}

// versionPrefix is the prefix segment that takes any API version.
const versionPrefix = "{version}"

// versionSeg reports whether s is an API version as routers take it
// before the paths of a versioned API: v1, v1.41, 4.3.1.
func versionSeg(s string) bool {
	if len(s) > 0 && (s[0] == 'v' || s[0] == 'V') {
		s = s[1:]
	}
	if s == "" || s[0] < '0' || s[0] > '9' || len(s) > 16 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c == '.' && i > 0 && s[i-1] != '.' && i < len(s)-1) {
			return false
		}
	}
	return true
}

// versionAt reports whether the observed parameter sg of endpoint e, at
// position i, holds API versions: every example of e fills it with one.
func versionAt(e *inventory.Endpoint, sg segment, i int) bool {
	if sg.kind == segLit {
		return false
	}
	n := 0
	for _, x := range e.Examples {
		xo := parseObserved(x)
		if len(xo) <= i || xo[i].kind != segLit || !versionSeg(xo[i].lit) {
			return false
		}
		n++
	}
	return n > 0
}

// stripPrefix returns obs without u's prefix, and false when obs does not
// start with it.
func (u *specUse) stripPrefix(obs []segment) ([]segment, bool) {
	if len(u.prefix) == 0 {
		return obs, true
	}
	if len(obs) <= len(u.prefix) {
		return nil, false
	}
	for i, p := range u.prefix {
		if p == versionPrefix {
			// (a parameter there is the inventory's template of the
			// versions the clients chose)
			if obs[i].kind != segLit || versionSeg(obs[i].lit) {
				continue
			}
			return nil, false
		}
		if obs[i].kind != segLit || obs[i].lit != p {
			return nil, false
		}
	}
	return obs[len(u.prefix):], true
}

func (d *differ) warn(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	d.warns = append(d.warns, msg)
	if d.opts.Warn != nil {
		d.opts.Warn(msg)
	}
}

func (d *differ) lookup(host, p, method string, allowWeak bool) lookupResult {
	return d.lookupSegs(host, parseObserved(p), method, allowWeak)
}

// lookupSegs is lookup of parsed observed segments. Matches with one
// segment per parameter, in any applicable spec, win over spans: the span
// walk runs only when there are none.
func (d *differ) lookupSegs(host string, obs []segment, method string, allowWeak bool) lookupResult {
	return d.lookupChecked(host, obs, method, allowWeak, !d.opts.NoParamSchemas)
}

// lookupChecked is lookupSegs with the parameter schema check on or off
// (schemaOnlyMiss looks without it).
func (d *differ) lookupChecked(host string, obs []segment, method string, allowWeak, checkSchema bool) lookupResult {
	cands := d.candidates(host, obs, allowWeak, false, checkSchema)
	if len(cands) == 0 && len(obs) >= 2 {
		cands = d.candidates(host, obs, allowWeak, true, checkSchema)
	}
	if len(cands) == 0 {
		return lookupResult{}
	}
	best := func(keep func(*operation) bool) *cand {
		var b *cand
		for i := range cands {
			c := &cands[i]
			if keep(c.r.op) && (b == nil || c.better(b)) {
				b = c
			}
		}
		return b
	}
	if b := best(func(o *operation) bool { return o.method == method }); b != nil {
		return lookupResult{op: b.r.op, base: b.prefix + b.r.base}
	}
	if d.opts.LenientMethods {
		if method == "HEAD" {
			if b := best(func(o *operation) bool { return o.method == "GET" }); b != nil {
				return lookupResult{op: b.r.op, base: b.prefix + b.r.base}
			}
		}
		if method == "OPTIONS" {
			return lookupResult{implicit: true}
		}
	}
	b := best(func(*operation) bool { return true })
	return lookupResult{pathOp: b.r.op, base: b.prefix + b.r.base}
}

// candidates walks the tries of the specs that apply to host (span: the
// span walk, see span.go; checkSchema: concrete values must fit the
// parameters' schemas).
func (d *differ) candidates(host string, obs []segment, allowWeak, span, checkSchema bool) []cand {
	var cands []cand
	for _, u := range d.applies[host] {
		s := d.specs[u.idx]
		t := s.trie
		if u.root {
			t = s.rootTrie
		}
		o, ok := u.stripPrefix(obs)
		if !ok {
			continue
		}
		m := matcher{obs: o, allowWeak: allowWeak, checkSchema: checkSchema, spec: u.idx, span: span}
		m.walk(t, 0)
		if n := len(u.prefix); n > 0 {
			pre := "/" + strings.Join(u.prefix, "/")
			for i := range m.out {
				// the prefix's segments rank as the literals they are
				m.out[i].vec = append(make([]uint8, n, n+len(m.out[i].vec)), m.out[i].vec...)
				m.out[i].prefix = pre
			}
		}
		cands = append(cands, m.out...)
	}
	return cands
}

// matchesTrie reports whether obs matches a route of trie t, with one
// segment per parameter or else through a span.
func matchesTrie(t *node, obs []segment, checkSchema bool) bool {
	m := matcher{obs: obs, checkSchema: checkSchema}
	m.walk(t, 0)
	if len(m.out) > 0 {
		return true
	}
	if len(obs) < 2 {
		return false
	}
	m = matcher{obs: obs, checkSchema: checkSchema, span: true}
	m.walk(t, 0)
	return len(m.out) > 0
}

// opKey groups the evidence of one operation on one host.
type opKey struct {
	op   *operation
	host string
}

type opAgg struct {
	ev        Evidence
	bases     map[string]uint64
	query     map[string]uint64
	reqTypes  map[string]uint64
	respTypes map[string]uint64
	// outOfSchema counts, per path parameter name, the examples whose value
	// its schema rejects (schemaOnlyMiss).
	outOfSchema map[string]uint64
}

type shadowItem struct {
	e       *inventory.Endpoint
	host    string
	path    string
	typ     string
	pathOp  *operation
	base    string // the base path pathOp matched under
	partial bool   // a concrete example of an otherwise documented endpoint
	// sibling is the inventory template that made a literal endpoint a
	// literal exception (see literalException); claimedBy the operation
	// whose parameter would otherwise have claimed it.
	sibling   string
	claimedBy *operation
	// folded is the observed template when path is a templated sibling's
	// (see foldValue).
	folded string
}

// foldValue returns the path of a shadow sibling that e's literal is a
// value of, or "": an endpoint of the same method and host, itself matching
// no documented path, with a parameter at one position where e has a
// literal and the same segments everywhere else, when literalIsValue says
// the literal is a value of that parameter. The undocumented route
// /repos/{o}/search/issues/{n}/events, where "search" is a repository the
// inventory kept literal, is then one finding with
// /repos/{o}/{r}/issues/{n}/events, not a second one.
func (d *differ) foldValue(e *inventory.Endpoint, host string) string {
	obs := parseObserved(e.Path)
	method := strings.ToUpper(e.Method)
	if d.foldIndex == nil {
		// Templated siblings by (method, host, position, other segments):
		// built once per Diff host, so folding stays linear.
		d.foldIndex = map[string][]*sibling{}
		for _, l := range sortedLens(d.siblings) {
			for k := range d.siblings[l] {
				sb := &d.siblings[l][k]
				m := strings.ToUpper(sb.e.Method)
				for i := range sb.segs {
					if sb.segs[i].kind != segLit {
						key := foldKey(m, sb.e.Host, sb.segs, i)
						d.foldIndex[key] = append(d.foldIndex[key], sb)
					}
				}
			}
		}
	}
	for i := range obs {
		if obs[i].kind != segLit {
			continue
		}
		for _, sb := range d.foldIndex[foldKey(method, e.Host, obs, i)] {
			if sb.e == e {
				continue
			}
			if tr := d.memoLookup(host, sb.e); tr.op != nil || tr.implicit {
				continue // the sibling is documented: e is not its value
			}
			if d.literalIsValue(e.Host, host, obs, i) {
				return sb.e.Path
			}
			break // the same decision for every candidate at i
		}
	}
	return ""
}

// foldKey identifies segs with position i left open: method, host, length,
// i and every other segment (literal, or "*" for a parameter).
func foldKey(method, invHost string, segs []segment, i int) string {
	var b strings.Builder
	b.WriteString(method + " " + strconv.Itoa(len(invHost)) + ":" + invHost + " " + strconv.Itoa(len(segs)) + " " + strconv.Itoa(i) + " ")
	for j, sg := range segs {
		switch {
		case j == i:
			b.WriteString("?")
		case sg.kind == segLit:
			b.WriteString(strconv.Itoa(len(sg.lit)) + ":" + sg.lit)
		default:
			b.WriteString("*")
		}
	}
	return b.String()
}

// literalException reports whether endpoint e, matched to an operation
// through a documented parameter at a position where e has a word-like
// literal (see wordLike), is a static route of its own: the inventory kept that literal apart while it
// templated the same position for a sibling endpoint (the inventory keeps
// vocabulary words such as /products/clearance or /employees/export
// literal next to /products/{slug}), the sibling matches the same
// documented path, and the parameter's schema does not vouch for the value
// (no checkable type, format, pattern, enum or length), and at most
// maxLiteralExceptions such literals sit at that position (more are values
// the inventory failed to fold). It returns the sibling's path, or "".
func (d *differ) literalException(e *inventory.Endpoint, host string, r lookupResult) string {
	obs := parseObserved(e.Path)
	route := append(parseTemplate(r.base), parseTemplate(r.op.path)...)
	if len(route) != len(obs) {
		return ""
	}
	for i := range obs {
		if obs[i].kind != segLit || route[i].kind == segLit || !wordLike(obs[i].lit) {
			continue
		}
		if pc := r.op.param(route[i].names[0]); pc != nil && pc.checkable {
			continue
		}
		for _, sb := range d.siblings[len(obs)] {
			// Same inventory host (exact, port included): the inventory
			// templates each host state on its own.
			if sb.e == e || sb.e.Host != e.Host || sb.segs[i].kind == segLit || !compatibleExcept(sb.segs, obs, i) {
				continue
			}
			tr, ok := d.tmplMemo[sb.e]
			if !ok {
				tr = d.lookup(host, sb.e.Path, strings.ToUpper(sb.e.Method), false)
				if tr.op == nil && tr.pathOp != nil {
					tr.op = tr.pathOp
				}
				d.tmplMemo[sb.e] = tr
			}
			if tr.op != nil && tr.op.spec == r.op.spec && tr.op.path == r.op.path {
				if d.claimedLiterals(e.Host, host, obs, i, sb.segs, r.op) > maxLiteralExceptions {
					// Many literals where the sibling has a parameter: values
					// the inventory failed to fold, not static routes.
					return ""
				}
				if d.literalIsValue(e.Host, host, obs, i) {
					break // a value at this position; try the next one
				}
				return sb.e.Path
			}
		}
	}
	return ""
}

// memoLookup is lookup of an inventory endpoint's template (without weak
// matches), memoised per Diff host; a documented path with another method
// counts as its operation.
func (d *differ) memoLookup(host string, e *inventory.Endpoint) lookupResult {
	tr, ok := d.tmplMemo[e]
	if !ok {
		tr = d.lookup(host, e.Path, strings.ToUpper(e.Method), false)
		if tr.op == nil && tr.pathOp != nil {
			tr.op = tr.pathOp
		}
		d.tmplMemo[e] = tr
	}
	return tr
}

// literalIsValue reports whether the literal obs[i] behaves as a value of
// the parameter that templated siblings have at position i rather than as
// a static route of its own. Any one of these is enough:
//
//   - seen as a value: a concrete example of an endpoint templated at i
//     (same literals before i) has the same literal at i (a repository
//     named "search" folded into /repos/{owner}/{repo}/issues while
//     /repos/{owner}/search stayed literal);
//   - the subtree repeats: the endpoints under the literal (same segments
//     up to i) reach deeper than i, and every one of them (method and the
//     shape of the segments after i) also exists under the templated
//     sibling: /repos/{o}/search/issues/{n} beside /repos/{o}/{r}/issues/{n};
//   - the spec explains the subtree: the endpoints under the literal reach
//     deeper than i, and every one of them matches a documented path with a
//     parameter at position i.
//
// A static route rarely carries its sibling resource's sub-resources; a
// lone leaf literal decides nothing and the rule keeps firing for it.
func (d *differ) literalIsValue(invHost, host string, obs []segment, i int) bool {
	// An unambiguous key: decoded literals may hold any byte.
	var kb strings.Builder
	kb.WriteString(strconv.Itoa(len(invHost)) + ":" + invHost)
	for _, sg := range obs[:i+1] {
		if sg.kind == segLit {
			kb.WriteString(strconv.Itoa(len(sg.lit)) + ":" + sg.lit)
		} else {
			kb.WriteString("*")
		}
	}
	key := kb.String()
	if v, ok := d.valueMemo[key]; ok {
		return v
	}
	v := d.literalIsValueUncached(invHost, host, obs, i)
	d.valueMemo[key] = v
	return v
}

func (d *differ) literalIsValueUncached(invHost, host string, obs []segment, i int) bool {
	lit := obs[i].lit
	// prefixOK: segs agree with obs before i (literals equal where both are
	// literal); exact also requires the same kinds.
	prefixOK := func(segs []segment, exact bool) bool {
		if len(segs) <= i {
			return false
		}
		for j := 0; j < i; j++ {
			a, b := segs[j], obs[j]
			if exact && (a.kind == segLit) != (b.kind == segLit) {
				return false
			}
			if a.kind == segLit && b.kind == segLit && a.lit != b.lit {
				return false
			}
		}
		return true
	}
	var members []*sibling
	templated := map[string]bool{}
	deeper := false
	for _, l := range sortedLens(d.siblings) {
		if l <= i {
			continue
		}
		for k := range d.siblings[l] {
			sb := &d.siblings[l][k]
			if sb.e.Host != invHost {
				continue
			}
			switch {
			case sb.segs[i].kind == segLit && sb.segs[i].lit == lit && prefixOK(sb.segs, true):
				members = append(members, sb)
				deeper = deeper || l > i+1
			case sb.segs[i].kind != segLit && prefixOK(sb.segs, false):
				templated[strings.ToUpper(sb.e.Method)+" "+suffixKey(sb.segs[i+1:])] = true
				for _, x := range sb.e.Examples {
					xs := parseObserved(x)
					if len(xs) > i && xs[i].kind == segLit && xs[i].lit == lit && prefixOK(xs, false) {
						return true
					}
				}
			}
		}
	}
	if !deeper {
		return false
	}
	repeats, explained := true, true
	for _, m := range members {
		if !templated[strings.ToUpper(m.e.Method)+" "+suffixKey(m.segs[i+1:])] {
			repeats = false
		}
		if explained {
			tr := d.memoLookup(host, m.e)
			if tr.op == nil {
				explained = false
				continue
			}
			route := append(parseTemplate(tr.base), parseTemplate(tr.op.path)...)
			if len(route) != len(m.segs) || route[i].kind == segLit {
				explained = false
			}
		}
	}
	return repeats || explained
}

// suffixKey renders segments with parameters as "{}".
func suffixKey(segs []segment) string {
	var b strings.Builder
	for _, s := range segs {
		b.WriteByte('/')
		if s.kind == segLit {
			b.WriteString(s.lit)
		} else {
			b.WriteString("{}")
		}
	}
	return b.String()
}

func sortedLens(m map[int][]sibling) []int {
	ls := make([]int, 0, len(m))
	for l := range m {
		ls = append(ls, l)
	}
	sort.Ints(ls)
	return ls
}

// wordLike reports whether a segment reads like a static route name: lower
// case letters, words joined by '-' or '_', no digits ("clearance",
// "by-plate"). Codes and identifiers (CUTQG4, e1042) are values the
// inventory left literal, never literal exceptions.
func wordLike(s string) bool {
	if len(s) < 2 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
		case (c == '-' || c == '_') && i > 0 && i < len(s)-1:
		default:
			return false
		}
	}
	return true
}

// maxLiteralExceptions is the most literal values at one position, beside a
// templated sibling, that are taken as static routes of their own.
const maxLiteralExceptions = 3

// claimedLiterals counts the distinct literal values at position i among
// the host's endpoints shaped like template t that op's parameter claims.
func (d *differ) claimedLiterals(invHost, host string, obs []segment, i int, t []segment, op *operation) int {
	vals := map[string]bool{obs[i].lit: true}
	for _, sb := range d.siblings[len(obs)] {
		if sb.e.Host != invHost || sb.segs[i].kind != segLit || vals[sb.segs[i].lit] || !compatibleExcept(t, sb.segs, i) {
			continue
		}
		tr, ok := d.tmplMemo[sb.e]
		if !ok {
			tr = d.lookup(host, sb.e.Path, strings.ToUpper(sb.e.Method), false)
			if tr.op == nil && tr.pathOp != nil {
				tr.op = tr.pathOp
			}
			d.tmplMemo[sb.e] = tr
		}
		if tr.op != nil && tr.op.spec == op.spec && tr.op.path == op.path {
			vals[sb.segs[i].lit] = true
		}
	}
	return len(vals)
}

// compatibleExcept reports whether template t could describe the paths of
// obs at every position but i: equal literals, or a parameter in t.
func compatibleExcept(t, obs []segment, i int) bool {
	for j := range t {
		if j == i || t[j].kind != segLit {
			continue
		}
		if obs[j].kind != segLit || obs[j].lit != t[j].lit {
			return false
		}
	}
	return true
}

// Diff matches endpoints against specs and returns findings sorted by
// severity (most severe first), then host, path, method and kind. See the
// package documentation for the rules.
func Diff(endpoints []inventory.Endpoint, specs []*Spec, opts Options) []Finding {
	return run(endpoints, specs, opts, nil)
}

// run is Diff; when docs is non-nil it also records there how the specs
// document each endpoint (Document).
func run(endpoints []inventory.Endpoint, specs []*Spec, opts Options, docs map[*inventory.Endpoint]*Documentation) []Finding {
	d := &differ{opts: opts, applies: map[string][]specUse{}, valueEvidence: map[string]bool{}, docs: docs}
	for _, s := range specs {
		if s != nil {
			d.specs = append(d.specs, s)
		}
	}
	// Deterministic order, independent of the caller's.
	eps := make([]*inventory.Endpoint, 0, len(endpoints))
	for i := range endpoints {
		eps = append(eps, &endpoints[i])
	}
	sort.SliceStable(eps, func(i, j int) bool {
		a, b := eps[i], eps[j]
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Method < b.Method
	})
	byHost := map[string][]*inventory.Endpoint{}
	var hosts []string
	for _, e := range eps {
		h := normHost(e.Host)
		if _, ok := byHost[h]; !ok {
			hosts = append(hosts, h)
		}
		byHost[h] = append(byHost[h], e)
	}
	sort.Strings(hosts)
	d.bindHosts(hosts, byHost)

	aggs := map[opKey]*opAgg{}
	seen := map[*operation]bool{}
	var shadows []shadowItem
	var uncovered, uncoveredHosts int
	for _, h := range hosts {
		if len(d.applies[h]) == 0 && len(d.specs) > 0 {
			n := 0
			for _, e := range byHost[h] {
				if answered(e) {
					n++
				}
			}
			if n > 0 {
				uncovered += n
				uncoveredHosts++
			}
			if !opts.IncludeUncoveredHosts {
				continue
			}
		}
		d.siblings = map[int][]sibling{}
		d.tmplMemo = map[*inventory.Endpoint]lookupResult{}
		d.valueMemo = map[string]bool{}
		d.foldIndex = nil
		for _, e := range byHost[h] {
			if answered(e) {
				segs := parseObserved(e.Path)
				d.siblings[len(segs)] = append(d.siblings[len(segs)], sibling{e, segs})
			}
		}
		for _, e := range byHost[h] {
			if d.docs != nil {
				d.docs[e] = &Documentation{Covered: true}
			}
			d.classify(e, h, aggs, seen, &shadows)
		}
	}
	switch {
	case uncovered > 0 && opts.IncludeUncoveredHosts:
		d.warn("%d endpoints on %d hosts are covered by no spec and are reported as shadow (bind a spec with --spec HOST=FILE)", uncovered, uncoveredHosts)
	case uncovered > 0:
		d.warn("%d endpoints on %d hosts are covered by no spec and were not diffed (bind a spec with --spec HOST=FILE)", uncovered, uncoveredHosts)
	}

	for _, n := range opts.Noise {
		h := normHost(n.Host)
		if len(d.applies[h]) == 0 {
			continue
		}
		if r := d.lookup(h, n.Path, strings.ToUpper(n.Method), false); r.op != nil &&
			(!n.Unrouted || strings.Contains(r.op.fullPath(r.base), "{")) {
			seen[r.op] = true
		}
	}
	for i := range shadows {
		it := &shadows[i]
		if it.typ == ShadowPath && it.folded == "" && !it.partial {
			if p := d.alignPrefix(it.host, it.path); p != "" && p != it.path {
				it.path, it.folded = p, it.e.Path
			}
		}
		if d.docs != nil && !it.partial {
			doc := &Documentation{Covered: true, Path: it.path, Shadow: it.typ}
			if it.typ == ShadowMethod && it.pathOp != nil {
				doc.Path = it.pathOp.fullPath(it.base)
			}
			d.docs[it.e] = doc
		}
	}
	var fs []Finding
	fs = append(fs, d.opFindings(aggs)...)
	fs = append(fs, d.unusedFindings(seen, aggs, hosts)...)
	fs = append(fs, d.shadowFindings(shadows)...)
	fs = append(fs, d.tlsFindings(opts.TLS)...)
	return filterSort(fs, opts)
}

// bindHosts decides which specs apply to which observed hosts, and whether a
// spec's paths are matched with or without its base paths on each host.
func (d *differ) bindHosts(hosts []string, byHost map[string][]*inventory.Endpoint) {
	for i, s := range d.specs {
		var applied []string
		if len(s.Hosts) == 0 {
			applied = hosts
		} else {
			for _, h := range hosts {
				for _, p := range s.Hosts {
					if hostMatches(p, h) {
						applied = append(applied, h)
						break
					}
				}
			}
			if len(applied) > 0 && !s.Bound {
				// Requests without a Host header (HTTP/1.0 monitors, header
				// blocks cut by a capture gap) carry the server address, or
				// nothing: nothing says they are not for the spec's host.
				var unnamed []string
				for _, h := range hosts {
					if unnamedHost(h) && !slices.Contains(applied, h) {
						unnamed = append(unnamed, h)
					}
				}
				if len(unnamed) > 0 {
					applied = append(applied, unnamed...)
					sort.Strings(applied)
					d.warn("spec %s names hosts %s; also applying it to %s (no host name in the requests)", s.File, strings.Join(s.Hosts, ","), strings.Join(quoteHosts(unnamed), ","))
				}
			}
			if len(applied) == 0 && len(hosts) > 0 {
				if s.Bound {
					d.warn("spec %s is bound to %s, which the traffic never shows: all its operations are unused", s.File, strings.Join(s.Hosts, ","))
				} else {
					applied = hosts
					d.warn("spec %s names hosts %s, none seen in the traffic: applying it to every host (bind it with --spec HOST=FILE to narrow)", s.File, strings.Join(s.Hosts, ","))
				}
			}
		}
		for _, h := range applied {
			d.applies[h] = append(d.applies[h], specUse{idx: i})
		}
	}
	// Base-path fallback: when a spec with base paths matches nothing on a
	// host through them but matches through its bare templates, the traffic
	// was most likely captured behind a proxy that strips the base path.
	for _, h := range hosts {
		for k, u := range d.applies[h] {
			s := d.specs[u.idx]
			hasBase := false
			for _, b := range s.BasePaths {
				if b != "" {
					hasBase = true
				}
			}
			if !hasBase {
				continue
			}
			withBase, without := 0, 0
			for _, e := range byHost[h] {
				if !answered(e) {
					continue
				}
				paths := append([]string{e.Path}, e.Examples...)
				for _, p := range paths {
					obs := parseObserved(p)
					if matchesTrie(s.trie, obs, !d.opts.NoParamSchemas) {
						withBase++
						break
					}
					if matchesTrie(s.rootTrie, obs, !d.opts.NoParamSchemas) {
						without++
						break
					}
				}
			}
			if withBase == 0 && without > 0 {
				d.applies[h][k].root = true
				d.warn("spec %s: no traffic on %s under its base paths (%s) but %d endpoints match without them; matching without base paths on this host", s.File, h, strings.Join(s.BasePaths, ","), without)
			}
		}
	}
	d.inferPrefixes(hosts, byHost)
}

// Prefix inference: a spec whose servers name no base path, or another
// one than the traffic uses (Vault's document says only in prose that
// every route sits under /v1; a gateway mounts a service under /billing),
// matches next to nothing on a host whose endpoints sit under one literal
// prefix of one or two segments. When stripping such a prefix makes at
// least minPrefixMatches endpoints match, more than twice as many as match
// as they are and a quarter or more of those under the prefix, the spec is
// matched under it on that host, with a warning.
const minPrefixMatches = 3

func (d *differ) inferPrefixes(hosts []string, byHost map[string][]*inventory.Endpoint) {
	for _, h := range hosts {
		for k, u := range d.applies[h] {
			if u.root {
				continue // already re-based (a proxy that strips the base path)
			}
			s := d.specs[u.idx]
			as := 0
			under := map[string]int{} // prefix -> answered endpoints under it
			matched := map[string]int{}
			for _, e := range byHost[h] {
				if !answered(e) {
					continue
				}
				obs := parseObserved(e.Path)
				if matchesTrie(s.trie, obs, !d.opts.NoParamSchemas) {
					as++
					continue
				}
				// a versioned API whose versions made a parameter:
				// whichever the client chose
				version := len(obs) > 1 && versionAt(e, obs[0], 0)
				for n := 1; n <= 2 && n < len(obs); n++ {
					lits := make([]string, n)
					ok := true
					for i := range lits {
						switch {
						case obs[i].kind == segLit:
							lits[i] = obs[i].lit
						case i == 0 && version:
							lits[i] = versionPrefix
						default:
							ok = false
						}
					}
					if !ok {
						break
					}
					key := strings.Join(lits, "/")
					under[key]++
					if matchesTrie(s.trie, obs[n:], !d.opts.NoParamSchemas) {
						matched[key]++
					}
				}
			}
			best, bestN := "", 0
			for _, key := range slices.Sorted(maps.Keys(matched)) {
				if n := matched[key]; n > bestN || n == bestN && strings.Count(key, "/") < strings.Count(best, "/") {
					best, bestN = key, n
				}
			}
			if bestN < minPrefixMatches || bestN <= 2*as || bestN*4 < under[best] {
				continue
			}
			d.applies[h][k].prefix = strings.Split(best, "/")
			d.warn("spec %s: %d endpoints on %s match it under /%s, which its paths do not name; matching it under that prefix on this host", s.File, bestN, h, best)
		}
	}
}

// unnamedHost reports whether a normalised host is no host name: empty (no
// Host header) or an IP address.
func unnamedHost(h string) bool {
	if h == "" {
		return true
	}
	_, err := netip.ParseAddr(h)
	return err == nil
}

func quoteHosts(hs []string) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		if h == "" {
			h = `""`
		}
		out[i] = h
	}
	return out
}

// classify matches one endpoint and records its evidence or its shadow.
func (d *differ) classify(e *inventory.Endpoint, host string, aggs map[opKey]*opAgg, seen map[*operation]bool, shadows *[]shadowItem) {
	valid := answered(e)
	method := strings.ToUpper(e.Method)
	examples := e.Examples
	if len(examples) > 64 {
		examples = examples[:64]
	}
	// A MultiSegment parameter marks the segments it covers in the
	// template and in each example, which lets a spec parameter span them.
	tmplObs := parseObserved(e.Path)
	multi := multiNames(e)
	markMulti(tmplObs, multi)
	tmpl := d.lookupSegs(host, tmplObs, method, len(examples) == 0)

	var matched []exRes
	var unmatched []exRes
	for _, x := range examples {
		xo := parseObserved(x)
		if multi != nil {
			hintMulti(tmplObs, xo)
		}
		r := d.lookupSegs(host, xo, method, false)
		if r.op != nil || r.implicit {
			matched = append(matched, exRes{x, r})
		} else {
			unmatched = append(unmatched, exRes{x, r})
		}
	}

	var outOfSchema map[string]uint64
	if len(matched) == 0 && len(unmatched) > 0 && tmpl.op != nil {
		outOfSchema = d.schemaOnlyMiss(e, host, method, tmpl, tmplObs, unmatched)
	}
	var primary lookupResult
	var others []*operation
	switch {
	case len(examples) == 0:
		primary = tmpl
	case len(matched) > 0:
		// The template's own match wins when an example agrees with it;
		// otherwise the operation most examples matched.
		counts := map[*operation]int{}
		var order []*operation
		for _, m := range matched {
			if m.r.op == nil {
				continue
			}
			if counts[m.r.op] == 0 {
				order = append(order, m.r.op)
			}
			counts[m.r.op]++
		}
		if tmpl.op != nil && counts[tmpl.op] > 0 {
			primary = tmpl
		} else if len(order) > 0 {
			bestOp := order[0]
			for _, o := range order[1:] {
				if counts[o] > counts[bestOp] {
					bestOp = o
				}
			}
			for _, m := range matched {
				if m.r.op == bestOp {
					primary = m.r
					break
				}
			}
		} else {
			primary = lookupResult{implicit: true}
		}
		for _, o := range order {
			if o != primary.op {
				others = append(others, o)
			}
		}
	case outOfSchema != nil:
		// The inventory templated the position and the spec has a
		// parameter there; only the parameter's schema refused the values
		// (a collection name where the spec says integer). The route is
		// the documented one and its schema is what drifted.
		primary = tmpl
	default:
		// No example matched: concrete paths are the better evidence.
		primary = unmatched[0].r
		for _, u := range unmatched {
			if u.r.pathOp != nil {
				primary = u.r
				break
			}
		}
	}

	if primary.op != nil {
		if valid {
			if sib := d.literalException(e, host, primary); sib != "" {
				*shadows = append(*shadows, shadowItem{e: e, host: host, path: e.Path, typ: ShadowPath, sibling: sib, claimedBy: primary.op})
				return
			}
		}
		d.recordValues(e, host, primary)
		if d.docs != nil {
			d.docs[e] = &Documentation{Covered: true, Operation: primary.op.ref(), Path: primary.op.fullPath(primary.base)}
		}
		if !redirectedAway(e, primary.op) {
			seen[primary.op] = true
		}
	}
	for _, o := range others {
		if !redirectedAway(e, o) {
			seen[o] = true
		}
	}
	if !valid {
		return
	}
	switch {
	case primary.op != nil:
		k := opKey{primary.op, host}
		a := aggs[k]
		if a == nil {
			a = &opAgg{bases: map[string]uint64{}, query: map[string]uint64{}, reqTypes: map[string]uint64{}, respTypes: map[string]uint64{}}
			aggs[k] = a
		}
		a.ev.merge(evidenceOf(e))
		a.bases[primary.base] += e.Hits + 1
		for name, n := range outOfSchema {
			if a.outOfSchema == nil {
				a.outOfSchema = map[string]uint64{}
			}
			a.outOfSchema[name] += n
		}
		for _, q := range e.QueryParams {
			a.query[q.Name] += q.Count + 1
		}
		for ct, n := range e.RequestContentTypes {
			a.reqTypes[normMedia(ct)] += n
		}
		for ct, n := range e.ResponseContentTypes {
			a.respTypes[normMedia(ct)] += n
		}
		// Concrete examples that matched nothing while the rest of the
		// endpoint is documented: literal exceptions under a documented
		// template (e.g. /employees/export beside /employees/{employeeId}),
		// or a template that over-generalised.
		if len(matched) > 0 && len(unmatched) > 0 {
			if tmpl.op != nil {
				for _, u := range unmatched {
					*shadows = append(*shadows, shadowItem{e: e, host: host, path: u.path, typ: shadowTypeOf(u.r), pathOp: u.r.pathOp, base: u.r.base, partial: true})
				}
			} else {
				*shadows = append(*shadows, shadowItem{e: e, host: host, path: e.Path, typ: shadowTypeOf(unmatched[0].r), pathOp: unmatched[0].r.pathOp, base: unmatched[0].r.base, partial: true})
			}
		}
	case primary.implicit:
		// OPTIONS on a documented path: CORS preflight, not a finding.
	default:
		it := shadowItem{e: e, host: host, path: e.Path, typ: shadowTypeOf(primary), pathOp: primary.pathOp, base: primary.base}
		if it.typ == ShadowMethod {
			// A method the documented path lacks, on a literal the
			// inventory kept apart from a templated sibling of that path
			// (POST /assets/files beside GET /assets/{id}): an undocumented
			// route of its own, not another method of the documented one.
			if sib := d.literalException(e, host, lookupResult{op: primary.pathOp, base: primary.base}); sib != "" {
				it.typ, it.pathOp, it.sibling, it.claimedBy = ShadowPath, nil, sib, primary.pathOp
			}
		}
		if it.typ == ShadowPath {
			if p := d.foldValue(e, host); p != "" {
				it.path, it.folded = p, e.Path
			}
		}
		*shadows = append(*shadows, it)
	}
}

func shadowTypeOf(r lookupResult) string {
	if r.pathOp != nil {
		return ShadowMethod
	}
	return ShadowPath
}

func findingID(parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(h[:8])
}

func (o *operation) ref() *OperationRef {
	return &OperationRef{File: o.spec.File, Path: o.path, Method: o.method, OperationID: o.operationID, Line: o.line, Deprecated: o.deprecated}
}

func (o *operation) name() string {
	if o.operationID != "" {
		return fmt.Sprintf("%s %s (%s)", o.method, o.path, o.operationID)
	}
	return o.method + " " + o.path
}

func (d *differ) opFindings(aggs map[opKey]*opAgg) []Finding {
	var fs []Finding
	for k, a := range aggs {
		o := k.op
		base, bn := "", uint64(0)
		for _, b := range slices.Sorted(maps.Keys(a.bases)) {
			if a.bases[b] > bn {
				base, bn = b, a.bases[b]
			}
		}
		path := o.fullPath(base)
		mk := func(kind string, sev Severity, title, detail, item string) Finding {
			return Finding{
				ID: findingID(kind, "", k.host, o.method, path, item), Kind: kind, Severity: sev,
				Host: k.host, Method: o.method, Path: path, Title: title, Detail: detail,
				Spec: o.spec.File, Operation: o.ref(), Evidence: a.ev,
			}
		}
		ev := &a.ev
		sens := ev.responseSensitive()
		if o.deprecated {
			sev := SeverityMedium
			detail := fmt.Sprintf("operation %s is deprecated in %s and was called %d times", o.name(), o.spec.File, ev.Hits)
			if ev.Unauthenticated2xx > 0 {
				sev = SeverityHigh
				detail += fmt.Sprintf(", %d times successfully without credentials", ev.Unauthenticated2xx)
			}
			fs = append(fs, mk(KindZombie, sev, "Deprecated operation still called: "+o.method+" "+path, detail, ""))
		}
		if o.secured && ev.Unauthenticated2xx > 0 {
			sev := SeverityHigh
			detail := fmt.Sprintf("documented as requiring %s, but answered 2xx to %d of %d requests without credentials", strings.Join(o.schemes, " or "), ev.Unauthenticated2xx, ev.UnauthenticatedHits)
			if len(sens) > 0 {
				sev = SeverityCritical
				detail += "; responses carried " + strings.Join(sens, ", ")
			}
			fs = append(fs, mk(KindUnauthenticated, sev, "Answers without credentials: "+o.method+" "+path, detail, ""))
		} else if o.undeclared && ev.Unauthenticated2xx > 0 {
			sev := SeverityLow
			detail := fmt.Sprintf("%s states no security for this operation (neither required nor explicitly public with security: []); it answered 2xx to %d of %d requests without credentials", o.spec.File, ev.Unauthenticated2xx, ev.UnauthenticatedHits)
			if len(sens) > 0 {
				sev = SeverityMedium
				detail += "; responses carried " + strings.Join(sens, ", ")
			}
			fs = append(fs, mk(KindUnauthenticated, sev, "Answers without credentials, no security documented: "+o.method+" "+path, detail, ""))
		}
		if d.opts.NoDrift {
			continue
		}
		if !o.anyQuery {
			for _, q := range slices.Sorted(maps.Keys(a.query)) {
				if !o.query[q] {
					fs = append(fs, mk(KindUndocumentedQueryParam, SeverityLow, fmt.Sprintf("Undocumented query parameter %q on %s %s", q, o.method, path),
						fmt.Sprintf("query parameter %q is not among the parameters of %s", q, o.name()), q))
				}
			}
		}
		if !o.anyStatus {
			for _, c := range slices.Sorted(maps.Keys(ev.Statuses)) {
				if c == "0" || ev.Statuses[c] == 0 || o.statuses[c] || (len(c) == 3 && o.statuses[c[:1]+"XX"]) {
					continue
				}
				fs = append(fs, mk(KindUndocumentedStatus, SeverityLow, fmt.Sprintf("Undocumented status %s on %s %s", c, o.method, path),
					fmt.Sprintf("%d responses with status %s, which %s does not document", ev.Statuses[c], c, o.name()), c))
			}
		}
		check := func(dir string, documented []string, seenTypes map[string]uint64) {
			if len(documented) == 0 {
				return
			}
			for _, ct := range slices.Sorted(maps.Keys(seenTypes)) {
				if ct == "" || seenTypes[ct] == 0 || mediaDocumented(ct, documented) {
					continue
				}
				fs = append(fs, mk(KindUndocumentedContentType, SeverityLow, fmt.Sprintf("Undocumented %s content type %s on %s %s", dir, ct, o.method, path),
					fmt.Sprintf("%d %ss with content type %s; %s documents %s", seenTypes[ct], dir, ct, o.name(), strings.Join(documented, ", ")), dir+" "+ct))
			}
		}
		check("request", o.reqTypes, a.reqTypes)
		check("response", o.respTypes, a.respTypes)
		for _, name := range slices.Sorted(maps.Keys(a.outOfSchema)) {
			fs = append(fs, mk(KindPathValueOutOfSchema, SeverityLow, fmt.Sprintf("Path parameter {%s} of %s %s takes values its schema rejects", name, o.method, path),
				fmt.Sprintf("%d observed values of {%s} do not fit the schema of %s (%s); the traffic's template puts values there, so the call is counted as this operation's", a.outOfSchema[name], name, o.name(), o.param(name).describe()), name))
		}
	}
	return fs
}

// exRes is one concrete example of an endpoint and what it matched.
type exRes struct {
	path string
	r    lookupResult
}

// schemaOnlyMiss reports, for an endpoint whose template matched the
// operation tmpl.op while none of its examples matched anything, whether
// only the parameter schemas refused the examples: each matches tmpl.op
// once schemas are not checked, and the inventory's evidence that each
// refusing position holds values is more than one word: two or more
// distinct values, or sub-resources below the parameter (another endpoint
// of the host continues the template past it). A lone "export" under a
// template stays a shadow path. It returns the count of refused values per
// path parameter name, or nil.
func (d *differ) schemaOnlyMiss(e *inventory.Endpoint, host, method string, tmpl lookupResult, tmplObs []segment, unmatched []exRes) map[string]uint64 {
	route := parseTemplate(tmpl.op.fullPath(tmpl.base))
	if len(route) != len(tmplObs) {
		return nil
	}
	out := map[string]uint64{}
	distinct := map[int]map[string]bool{}
	for _, u := range unmatched {
		obs := parseObserved(u.path)
		r := d.lookupChecked(host, obs, method, false, false)
		if r.op != tmpl.op || len(obs) != len(route) {
			return nil
		}
		for i, sg := range route {
			if sg.kind != segParam || obs[i].kind != segLit || tmplObs[i].kind == segLit {
				continue
			}
			if pc := tmpl.op.param(sg.names[0]); !pc.accepts(obs[i].lit) {
				out[sg.names[0]]++
				if distinct[i] == nil {
					distinct[i] = map[string]bool{}
				}
				distinct[i][obs[i].lit] = true
			}
		}
	}
	if len(out) == 0 {
		return nil
	}
	for i, vals := range distinct {
		if len(vals) < 2 && !d.continuesPast(e, tmplObs, i) {
			return nil
		}
	}
	return out
}

// continuesPast reports whether another answered endpoint of e's host
// reaches past position i with the same segments as tmpl up to i: the
// parameter at i has sub-resources.
func (d *differ) continuesPast(e *inventory.Endpoint, tmpl []segment, i int) bool {
	for l, sbs := range d.siblings {
		if l <= i+1 {
			continue
		}
		for _, sb := range sbs {
			if sb.e == e || sb.e.Host != e.Host {
				continue
			}
			same := true
			for j := 0; j <= i && same; j++ {
				a, b := sb.segs[j], tmpl[j]
				same = (a.kind == segLit) == (b.kind == segLit) && (a.kind != segLit || a.lit == b.lit)
			}
			if same {
				return true
			}
		}
	}
	return false
}

func mediaDocumented(ct string, documented []string) bool {
	for _, d := range documented {
		switch {
		case d == ct, d == "*/*":
			return true
		case strings.HasSuffix(d, "/*") && strings.HasPrefix(ct, d[:len(d)-1]):
			return true
		}
	}
	return false
}

func (d *differ) unusedFindings(seen map[*operation]bool, aggs map[opKey]*opAgg, hosts []string) []Finding {
	var fs []Finding
	for si, s := range d.specs {
		// The base path the traffic used most for this spec, and the hosts it
		// applied to.
		baseUse := map[string]uint64{}
		for k, a := range aggs {
			if k.op.spec == s {
				for b, n := range a.bases {
					baseUse[b] += n
				}
			}
		}
		var applied []string
		for _, h := range hosts {
			for _, u := range d.applies[h] {
				if u.idx == si {
					applied = append(applied, h)
				}
			}
		}
		host := ""
		switch {
		case len(applied) == 1:
			host = applied[0]
		case len(applied) == 0 && len(s.Hosts) == 1 && !strings.Contains(s.Hosts[0], "*"):
			host = s.Hosts[0]
		}
		for _, o := range s.ops {
			if seen[o] {
				continue
			}
			base, bn := o.bases[0], uint64(0)
			for _, b := range o.bases {
				if baseUse[b] > bn {
					base, bn = b, baseUse[b]
				}
				// the same base behind a prefix the traffic put before it
				// (inferPrefixes): /v1 + ""
				for _, u := range slices.Sorted(maps.Keys(baseUse)) {
					if len(u) > len(b) && strings.HasSuffix(u, b) && baseUse[u] > bn {
						base, bn = u, baseUse[u]
					}
				}
			}
			path := o.fullPath(base)
			detail := fmt.Sprintf("%s is documented in %s but no traffic matched it", o.name(), s.File)
			if o.deprecated {
				detail += " (deprecated: a candidate for removal)"
			}
			fs = append(fs, Finding{
				ID: findingID(KindUnused, "", host, o.method, path, filepath.Base(s.File)), Kind: KindUnused, Severity: SeverityInfo,
				Host: host, Method: o.method, Path: path, Title: "Documented operation never seen: " + o.method + " " + path,
				Detail: detail, Spec: s.File, Operation: o.ref(),
			})
		}
	}
	return fs
}

func (d *differ) shadowFindings(items []shadowItem) []Finding {
	// A shadow method is reported on the documented path (with the base path
	// the traffic used), so concrete values the inventory left literal
	// (DELETE /tags/ideas, DELETE /tags/work beside a documented
	// /tags/{tag}) make one finding per method and documented path, their
	// evidence merged. Shadow paths keep the observed template.
	type group struct {
		it   shadowItem
		ev   Evidence
		hits uint64
	}
	var groups []*group
	byID := map[string]*group{}
	for _, it := range items {
		if it.typ == ShadowMethod && it.pathOp != nil {
			it.path = it.pathOp.fullPath(it.base)
		}
		id := findingID(KindShadow, it.typ, it.host, strings.ToUpper(it.e.Method), it.path, "")
		if g := byID[id]; g != nil {
			if g.it.e != it.e {
				g.ev.merge(evidenceOf(it.e))
				g.hits += it.e.Hits
			}
			// A complete item outranks a partial one (a concrete example
			// whose evidence is its whole template's), and the template a
			// value folded into it.
			if (g.it.partial && !it.partial) || (g.it.folded != "" && it.folded == "" && !it.partial) {
				g.it = it
			}
			continue
		}
		g := &group{it: it, ev: evidenceOf(it.e), hits: it.e.Hits}
		byID[id] = g
		groups = append(groups, g)
	}
	var fs []Finding
	for _, g := range groups {
		it, ev := g.it, g.ev
		method := strings.ToUpper(it.e.Method)
		sens := ev.responseSensitive()
		specFile := ""
		if us := d.applies[it.host]; len(us) > 0 {
			specFile = d.specs[us[0].idx].File
		}
		var ref *OperationRef
		sev := SeverityMedium
		if !it.partial && (ev.Unauthenticated2xx > 0 || len(sens) > 0) {
			sev = SeverityHigh
		}
		// A CORS preflight never carries credentials (the Fetch standard
		// forbids it), so its answering 2xx is how CORS works, not a hole:
		// the route is still reported, low.
		preflight := method == http.MethodOptions
		if preflight || (method == http.MethodHead && it.typ == ShadowMethod && sev != SeverityHigh) {
			sev = SeverityLow
		}
		var title, detail string
		if it.typ == ShadowMethod {
			ref = it.pathOp.ref()
			specFile = it.pathOp.spec.File
			title = fmt.Sprintf("Undocumented method %s on documented path %s", method, it.path)
			detail = fmt.Sprintf("%s documents %s but not %s; %d requests", it.pathOp.spec.File, it.pathOp.path, method, g.hits)
			if ms := d.pathMethods(it.pathOp); ms != "" {
				detail += " (documented methods: " + ms + ")"
			}
			if len(ev.ObservedPaths) > 1 || (len(ev.ObservedPaths) == 1 && ev.ObservedPaths[0] != it.path) {
				detail += "; observed as " + strings.Join(ev.ObservedPaths, ", ")
			}
		} else {
			title = fmt.Sprintf("Undocumented endpoint %s %s", method, it.path)
			detail = fmt.Sprintf("no operation in the specs that apply to %s matches; %d requests", it.host, g.hits)
		}
		if it.sibling != "" {
			detail = fmt.Sprintf("a static route: %s documents only a parameter here (%s), and the traffic shows %s as a route of its own next to %s; %d requests",
				it.claimedBy.spec.File, it.claimedBy.path, it.path, it.sibling, g.hits)
		}
		if it.folded != "" || len(ev.ObservedPaths) > 1 && it.typ == ShadowPath {
			detail += "; observed as " + strings.Join(ev.ObservedPaths, ", ")
		}
		if it.partial {
			detail += fmt.Sprintf("; a concrete path seen under the inventory template %s, whose other paths are documented (the evidence is the whole template's)", it.e.Path)
		}
		f := Finding{
			ID:   findingID(KindShadow, it.typ, it.host, method, it.path, ""),
			Kind: KindShadow, ShadowType: it.typ, Severity: sev, Host: it.host, Method: method, Path: it.path,
			Title: title, Detail: detail, Spec: specFile, Operation: ref, Evidence: ev,
		}
		fs = append(fs, f)
		if it.partial {
			continue
		}
		if ev.Unauthenticated2xx > 0 {
			u := f
			u.Kind, u.ShadowType, u.Severity = KindUnauthenticated, "", SeverityHigh
			u.ID = findingID(KindUnauthenticated, "", it.host, method, it.path, "")
			u.Title = fmt.Sprintf("Undocumented endpoint answers without credentials: %s %s", method, it.path)
			u.Detail = fmt.Sprintf("shadow endpoint answered 2xx to %d of %d requests without credentials", ev.Unauthenticated2xx, ev.UnauthenticatedHits)
			if len(sens) > 0 {
				u.Severity = SeverityCritical
				u.Detail += "; responses carried " + strings.Join(sens, ", ")
			} else if preflight {
				u.Severity = SeverityLow
				u.Detail += " (CORS preflights carry no credentials by design)"
			}
			fs = append(fs, u)
		}
		if len(sens) > 0 {
			s := f
			s.Kind, s.ShadowType, s.Severity = KindSensitiveDataOnShadow, "", SeverityHigh
			s.ID = findingID(KindSensitiveDataOnShadow, "", it.host, method, it.path, "")
			s.Title = fmt.Sprintf("Sensitive data served by an undocumented endpoint: %s %s", method, it.path)
			var parts []string
			for _, k := range sens {
				parts = append(parts, k+"="+strconv.FormatUint(ev.Sensitive["response."+k], 10))
			}
			s.Detail = "responses carried " + strings.Join(parts, ", ")
			fs = append(fs, s)
		}
	}
	return fs
}

// pathMethods lists the documented methods on o's path.
func (d *differ) pathMethods(o *operation) string {
	var ms []string
	for _, x := range o.spec.ops {
		if x.path == o.path {
			ms = appendUnique(ms, x.method)
		}
	}
	sort.Strings(ms)
	return strings.Join(ms, ", ")
}

func filterSort(fs []Finding, opts Options) []Finding {
	keep := fs[:0]
	ids := make(map[string]bool, len(fs))
	for _, f := range fs {
		if f.Severity < opts.MinSeverity || ids[f.ID] {
			continue // below the threshold, or a duplicate (a spec given twice)
		}
		ids[f.ID] = true
		if len(opts.Kinds) > 0 {
			ok := false
			for _, k := range opts.Kinds {
				if k == f.Kind {
					ok = true
				}
			}
			if !ok {
				continue
			}
		}
		keep = append(keep, f)
	}
	SortFindings(keep)
	if keep == nil {
		keep = []Finding{}
	}
	return keep
}

// SortFindings sorts findings by severity (most severe first), then host,
// path, method, kind and id.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := &fs[i], &fs[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		if a.Method != b.Method {
			return a.Method < b.Method
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.ID < b.ID
	})
}

// redirectedAway reports whether every answer e got was a redirect (3xx)
// that operation o does not document: the calls were sent elsewhere
// (a prefix or port redirect in front of the application) before reaching
// the operation, so they do not make it used. An operation that documents
// a redirect (an OAuth authorize endpoint's 302) is used by it.
func redirectedAway(e *inventory.Endpoint, o *operation) bool {
	if len(e.Statuses) == 0 || o.anyStatus {
		return false
	}
	for k, n := range e.Statuses {
		if n == 0 {
			continue
		}
		if len(k) != 3 || k[0] != '3' || o.statuses[k] || o.statuses["3XX"] || o.statuses["3xx"] {
			return false
		}
	}
	return true
}
