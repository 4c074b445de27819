package inventory

import (
	"hash/maphash"
	"net/http"
	"net/netip"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/shadowtap/shadowtap/reassembly"
)

// Inventory aggregates exchanges into endpoints, per host. It is not safe
// for concurrent use: call Observe from one goroutine, and do not call any
// other method while an Observe is running (the caller serialises, e.g. one
// ingest goroutine owns the Inventory).
type Inventory struct {
	cfg       Config
	hosts     map[string]*hostState
	endpoints int // over all hosts
	// realHosts counts the hosts with an endpoint (capped by MaxHosts);
	// noiseHosts those with only noise (capped apart, so a flood of junk
	// Host headers answered 404 never takes a real host's slot).
	realHosts, noiseHosts int
	stats                 Stats
	// tls holds the encrypted services (tls.go); tlsDirty: changed since
	// ClearDirty.
	tls      map[tlsKey]*TLSService
	tlsDirty bool

	// scratch, reused by Observe
	norm        normalizer
	kinds       []Kind
	ws          walkState
	buf         []byte
	cookies     []string        // lower-cased session cookie patterns
	apiKeys     map[string]bool // canonical header names
	tokenQ      map[string]bool
	merged      []string // hosts merged away (TakeMergedHosts)
	hostCache   map[hostCacheKey]hostCacheVal
	serverHosts map[netip.AddrPort]string // server address → last host key seen on it
	scanning    bool                      // record: this exchange is scanned for sensitive data
	settling    bool                      // settle is running (see maybeCollapse)
	curVals     *valueSet                 // the value set of the host being recorded (values.go)
	curSelf     string                    // while a response body is read: its request path's last segment (valueSet.echo)
	segSens     []string                  // per segment: a sensitive value's placeholder (Observe)
	pathSens    uint32                    // the sensitive kinds found in the path (Observe)
	valueSets   map[string]*valueSet      // per host name without port (values.go)
	keyHeaders  map[string]bool           // header name → apiKeys[name] || looksLikeAPIKeyHeader (keyHeader)
	jwtMemo     map[uint64]jwtResult      // inspectJWT results by token hash, at most jwtMemoMax (jwt)
	jwtSeed     maphash.Seed              // jwtMemo's hash seed, set with jwtMemo
	jwtBuf      *jwtScratch               // inspectJWT's decode buffers (jwt)
	uaMemo      map[uint64]bool           // scannerAgent results by User-Agent hash, at most uaMemoMax
	uaSeed      maphash.Seed              // uaMemo's hash seed, set with uaMemo
	pend        [][]byte                  // shapeParser.pend's storage, reused from body to body (always cleared)
	// plainCommonSet: 0 not computed, 1 plainCommon holds, 2 it does not
	plainCommonSet uint8
	saltH          uint64 // fnvPrefix(cfg.Salt), once saltHSet
	saltHSet       bool
	// bareHosts records hosts seen without a port on a server port other
	// than 80 (see hostKey); fallbackHosts the hosts named after a server
	// address because a request had no Host header. Both are bounded by
	// maxHostMemo.
	bareHosts     map[bareHost]bool
	fallbackHosts map[string]netip.AddrPort
}

type bareHost struct {
	name string
	port uint16
}

// maxHostMemo bounds each host memo map (hostCache, serverHosts, bareHosts,
// fallbackHosts): the caches are dropped when full, the spelling memos stop
// learning.
const maxHostMemo = 4096

// Stats counts what the inventory did. Names are stable: they appear in
// JSON output and metrics.
type Stats struct {
	// Exchanges is every Observe call; Ignored those without a request
	// (FlagNoRequest, no method).
	Exchanges uint64 `json:"exchanges"`
	Ignored   uint64 `json:"ignored_no_request"`
	// Preflight counts CORS preflights (OPTIONS with
	// Access-Control-Request-Method). Only those answered 2xx are recorded
	// (an OPTIONS endpoint: the path takes cross-origin calls); the others
	// are skipped as middleware's.
	Preflight uint64 `json:"cors_preflight"`
	// Recorded went to an endpoint; Noise to the noise list (ScannerNoise of
	// them were kept out of endpoints because they looked like a scanner's
	// probe); NoResponse had status 0.
	Recorded     uint64 `json:"recorded"`
	Noise        uint64 `json:"noise"`
	ScannerNoise uint64 `json:"scanner_noise"`
	NoResponse   uint64 `json:"no_response"`
	// Cap overflows: see Config for each cap's behaviour.
	HostOverflow uint64 `json:"host_overflow"`
	// NoiseHostOverflow counts noise (404s, scanner probes) for a new host
	// refused because MaxHosts noise-only hosts are tracked already: a
	// flood of junk Host headers lands here, not on the real hosts' cap.
	NoiseHostOverflow uint64 `json:"noise_host_overflow"`
	EndpointOverflow  uint64 `json:"endpoint_overflow"`
	NodeOverflow      uint64 `json:"node_overflow"`
	ChildOverflow     uint64 `json:"child_overflow"`
	NoiseOverflow     uint64 `json:"noise_overflow"`
	// RejectedFolds counts literals folded into the parameter beside them
	// because every answer refused them (400, 404, 422).
	RejectedFolds uint64 `json:"rejected_folds"`
	// RedirectFolds counts literals folded into the parameter beside them
	// because they were redirected the same way (redirect.go).
	RedirectFolds uint64 `json:"redirect_folds"`
	// HandledNotFound counts noise paths promoted to endpoints because
	// their 404 was a handler's own answer, not the host's router-miss
	// page (notfound.go).
	HandledNotFound    uint64 `json:"handled_not_found"`
	QueryParamOverflow uint64 `json:"query_param_overflow"`
	ShapeTruncated     uint64 `json:"shape_truncated"`
	// Path normalisation: PathsTruncated had more than MaxSegments
	// segments, SegmentsCut a segment over MaxSegmentLen, DotSegments "." or
	// ".." segments; BadHost an unusable Host header.
	PathsTruncated uint64 `json:"paths_truncated"`
	SegmentsCut    uint64 `json:"segments_cut"`
	DotSegments    uint64 `json:"dot_segments"`
	BadHost        uint64 `json:"bad_host"`
	// AuthUnknown counts requests whose header block a capture gap cut
	// (no Host header, gap or truncated flag) and that showed no
	// credential: they count as hits but neither as authenticated nor as
	// unauthenticated.
	AuthUnknown uint64 `json:"auth_unknown"`
	// BadJSON counts JSON bodies that did not parse (their shape is
	// partial); Collapses the sibling groups merged into a parameter.
	BadJSON   uint64 `json:"bad_json"`
	Collapses uint64 `json:"collapses"`
	// HostsMerged counts hosts merged into another: "api.example.com:8080"
	// into "api.example.com" seen on the same server port, or a server
	// address "10.0.0.2:80" (requests without a Host header) into the host
	// a later request on that address named.
	HostsMerged uint64 `json:"hosts_merged"`
	// TLSHandshakes counts handshakes recorded as TLS services;
	// TLSServiceOverflow those refused at MaxTLSServices.
	TLSHandshakes      uint64 `json:"tls_handshakes"`
	TLSServiceOverflow uint64 `json:"tls_service_overflow"`
}

// Overflows returns the cap counters (the *_overflow fields and
// shape_truncated) that grew since before, by JSON name; nil when none did.
func (s Stats) Overflows(before Stats) map[string]uint64 {
	var out map[string]uint64
	add := func(name string, now, then uint64) {
		if now > then {
			if out == nil {
				out = map[string]uint64{}
			}
			out[name] = now - then
		}
	}
	add("host_overflow", s.HostOverflow, before.HostOverflow)
	add("noise_host_overflow", s.NoiseHostOverflow, before.NoiseHostOverflow)
	add("endpoint_overflow", s.EndpointOverflow, before.EndpointOverflow)
	add("node_overflow", s.NodeOverflow, before.NodeOverflow)
	add("child_overflow", s.ChildOverflow, before.ChildOverflow)
	add("noise_overflow", s.NoiseOverflow, before.NoiseOverflow)
	add("query_param_overflow", s.QueryParamOverflow, before.QueryParamOverflow)
	add("shape_truncated", s.ShapeTruncated, before.ShapeTruncated)
	add("tls_service_overflow", s.TLSServiceOverflow, before.TLSServiceOverflow)
	return out
}

// Noise is a request that never reached a real endpoint: it only got 404,
// 405 or 501 answers (or none), or it looked like a scanner's probe and got
// no 2xx. Path is the normalised concrete path, token-like segments masked.
type Noise struct {
	Host      string            `json:"host"`
	Method    string            `json:"method"`
	Path      string            `json:"path"`
	Statuses  map[string]uint64 `json:"statuses"`
	Hits      uint64            `json:"hits"`
	FirstSeen time.Time         `json:"first_seen"`
	LastSeen  time.Time         `json:"last_seen"`
	// Unrouted: every answer was 404, and one of them was the host's miss
	// page, the one its router gives paths it has no route for
	// (notfound.go; the others may be the same page in another format,
	// asked for by the client's Accept). A documented operation such a
	// request names is not served there.
	Unrouted bool `json:"unrouted,omitempty"`
}

// New returns an empty inventory. Zero caps in cfg take their defaults.
func New(cfg Config) *Inventory {
	cfg = cfg.withDefaults()
	inv := &Inventory{
		cfg:     cfg,
		hosts:   make(map[string]*hostState),
		apiKeys: make(map[string]bool),
		tokenQ:  make(map[string]bool),

		hostCache:     make(map[hostCacheKey]hostCacheVal),
		serverHosts:   make(map[netip.AddrPort]string),
		bareHosts:     make(map[bareHost]bool),
		fallbackHosts: make(map[string]netip.AddrPort),
	}
	inv.norm = normalizer{maxSegs: cfg.MaxSegments, maxSegLen: cfg.MaxSegmentLen}
	for i := range inv.cfg.Hints {
		inv.cfg.Hints[i].prepare()
	}
	for _, c := range cfg.SessionCookies {
		inv.cookies = append(inv.cookies, strings.ToLower(c))
	}
	for _, hd := range cfg.APIKeyHeaders {
		c := http.CanonicalHeaderKey(hd)
		if !inv.apiKeys[c] {
			inv.apiKeys[c] = true
		}
	}
	for _, q := range cfg.TokenQueryParams {
		inv.tokenQ[strings.ToLower(q)] = true
	}
	return inv
}

type hostCacheKey struct {
	host   string
	server netip.AddrPort
}

type hostCacheVal struct {
	key string
	ok  bool
}

// hostKey memoises NormalizeHost (bounded: the cache is dropped when it
// reaches 4096 entries), so the hot path does not allocate.
//
// A request without a Host header (its header block cut by a capture gap,
// or an HTTP/1.0 client) is given the host last seen with a Host header on
// the same server address, and only without one the server address.
//
// One service spelled both "api.example.com" and "api.example.com:8080" on
// server port 8080 is one host, named without the port: once the bare
// spelling was seen on that port, the explicit one maps to it. State
// gathered under the server address, or under the explicit spelling before
// the bare one showed up, is merged into the host it belongs to as long as
// it was never marshalled (see TakeMergedHosts), so the outcome does not
// depend on which request came first.
func (inv *Inventory) hostKey(x *reassembly.Exchange) (string, bool) {
	if strings.TrimSpace(x.Host) == "" {
		if h, ok := inv.serverHosts[x.Server]; ok {
			return h, true
		}
		key, ok := NormalizeHost("", x.Server)
		if x.Server.IsValid() && len(inv.fallbackHosts) < maxHostMemo {
			inv.fallbackHosts[key] = x.Server
		}
		return key, ok
	}
	key, ok := inv.hostKeyOf(x)
	if !ok || !x.Server.IsValid() {
		return key, ok
	}
	if port := x.Server.Port(); port != 80 && port != 0 {
		if hasPort(key) {
			if bare := hostOnly(key); key[len(bare)+1:] == strconv.Itoa(int(port)) && inv.bareHosts[bareHost{bare, port}] {
				key = bare
			}
		} else if b := (bareHost{key, port}); !inv.bareHosts[b] && len(inv.bareHosts) < maxHostMemo {
			inv.bareHosts[b] = true
			inv.mergeHost(key+":"+strconv.Itoa(int(port)), key)
		}
	}
	if inv.serverHosts[x.Server] != key {
		if len(inv.serverHosts) >= maxHostMemo {
			clear(inv.serverHosts)
		}
		inv.serverHosts[x.Server] = key
		if fb := serverKey(x.Server); inv.fallbackHosts[fb] == x.Server {
			inv.mergeHost(fb, key)
		}
	}
	return key, ok
}

// mergeHost moves the state of host from into host to (created if needed),
// unless from is unknown or was marshalled or loaded (storage holds it: it
// stays as it is). The merge is recorded for TakeMergedHosts.
func (inv *Inventory) mergeHost(from, to string) {
	src := inv.hosts[from]
	if src == nil || src.stored || from == to {
		return
	}
	dst := inv.host(to, src.real)
	if dst == nil {
		return
	}
	delete(inv.hosts, from)
	if src.real {
		inv.realHosts--
	} else {
		inv.noiseHosts--
	}
	delete(inv.fallbackHosts, from)
	inv.endpoints -= src.endpoints
	_, oldEP := dst.root.countSubtree()
	mergeNode(dst.root, src.root, inv.cfg.MaxChildrenPerNode, inv.cfg.MaxExamples)
	for _, key := range sortedKeys(src.noise) {
		e := src.noise[key]
		if d := dst.noise[key]; d != nil {
			d.agg.merge(&e.agg, inv.cfg.MaxExamples)
		} else if len(dst.noise) < inv.cfg.MaxNoisePerHost {
			dst.noise[key] = e
		} else {
			inv.stats.NoiseOverflow++
		}
	}
	inv.recheck(dst, dst.root, nil, 0)
	dst.nodes, dst.endpoints = dst.root.countSubtree()
	inv.endpoints += dst.endpoints - oldEP
	dst.dirty = true
	dst.settled = false
	dst.recording = dst.recording || src.recording
	for srv, h := range inv.serverHosts {
		if h == from {
			inv.serverHosts[srv] = to
		}
	}
	inv.stats.HostsMerged++
	if len(inv.merged) < maxHostMemo {
		inv.merged = append(inv.merged, from)
	}
}

// TakeMergedHosts returns (and forgets) the hosts merged into another
// since the last call: one service seen under two spellings, or under its
// server address before a request named it. They no longer exist in the
// inventory; only hosts never marshalled or loaded are merged, so storage
// never holds them.
func (inv *Inventory) TakeMergedHosts() []string {
	out := inv.merged
	inv.merged = nil
	return out
}

// loopbackMark stands for any loopback server address in hostCache keys.
var loopbackMark = netip.IPv6Loopback()

func (inv *Inventory) hostKeyOf(x *reassembly.Exchange) (string, bool) {
	srv := x.Server
	if x.Host != "" {
		// only the port matters then, and whether the server is the
		// loopback (NormalizeHost merges the loopback's names there)
		a := netip.Addr{}
		if srv.Addr().IsLoopback() {
			a = loopbackMark
		}
		srv = netip.AddrPortFrom(a, srv.Port())
	}
	k := hostCacheKey{x.Host, srv}
	if v, ok := inv.hostCache[k]; ok {
		return v.key, v.ok
	}
	key, ok := NormalizeHost(x.Host, x.Server)
	if len(inv.hostCache) >= 4096 {
		clear(inv.hostCache)
	}
	inv.hostCache[hostCacheKey{strings.Clone(x.Host), srv}] = hostCacheVal{key, ok}
	return key, ok
}

// host returns the state of host name, created if needed. real asks for a
// host that may hold endpoints: hosts with only noise so far are counted
// and capped apart (MaxHosts each), and a noise-only host becomes real when
// its first endpoint comes, if the real cap allows. nil means a cap refused
// it (Stats.HostOverflow, Stats.NoiseHostOverflow).
func (inv *Inventory) host(name string, real bool) *hostState {
	if h := inv.hosts[name]; h != nil {
		if real && !h.real {
			if inv.realHosts >= inv.cfg.MaxHosts {
				inv.stats.HostOverflow++
				return nil
			}
			h.real = true
			inv.realHosts++
			inv.noiseHosts--
		}
		return h
	}
	if real && inv.realHosts >= inv.cfg.MaxHosts {
		inv.stats.HostOverflow++
		return nil
	}
	if !real && inv.noiseHosts >= inv.cfg.MaxHosts {
		inv.stats.NoiseHostOverflow++
		return nil
	}
	h := &hostState{name: name, root: &node{}, nodes: 1, noise: make(map[string]*noiseEntry), real: real}
	if real {
		inv.realHosts++
	} else {
		inv.noiseHosts++
	}
	// One value set per host name without its port: the ports of one
	// machine (an API's public and admin listeners) serve one
	// application's data.
	if inv.valueSets == nil {
		inv.valueSets = map[string]*valueSet{}
	}
	vn := hostOnly(name)
	if inv.valueSets[vn] == nil {
		if len(inv.valueSets) >= 2*inv.cfg.MaxHosts {
			inv.valueSets = map[string]*valueSet{} // bounded like the hosts; sets stay with their hosts
		}
		inv.valueSets[vn] = &valueSet{}
	}
	h.vals = inv.valueSets[vn]
	for i := range inv.cfg.Hints {
		hint := &inv.cfg.Hints[i]
		if hint.Host == "" || hint.Host == name || !hasPort(hint.Host) && hostOnly(name) == hint.Host {
			h.hints = append(h.hints, hint)
		}
	}
	inv.hosts[name] = h
	return h
}

// Observe adds one exchange. Exchanges without a request are counted and
// ignored. An exchange whose answer shows its endpoint exists (any status
// but 404, 405, 501 and 0) creates or feeds the endpoint of its template;
// one with such an answer, or with no response (status 0), feeds an
// existing endpoint its path matches (a 404 on /users/9999 is a hit of
// /users/{userId}), and otherwise is kept as noise, which never creates an
// endpoint nor counts as evidence for templating. Noise that later matches
// an endpoint is folded into it by Endpoints. x is not retained.
func (inv *Inventory) Observe(x *reassembly.Exchange) {
	inv.stats.Exchanges++
	if x != nil && x.TLS != nil {
		inv.observeTLS(x)
		return
	}
	if x == nil || x.Method == "" || x.Flags&reassembly.FlagNoRequest != 0 {
		inv.stats.Ignored++
		return
	}
	if x.Method == "OPTIONS" && reqHeaderValue(x, "Access-Control-Request-Method") != "" {
		// A CORS preflight the server refused, or that nothing answered, is
		// middleware talking; one it accepted (2xx) says the path takes
		// cross-origin calls, which is worth an endpoint.
		inv.stats.Preflight++
		if x.Status/100 != 2 {
			return
		}
	}
	name, ok := inv.hostKey(x)
	if !ok {
		inv.stats.BadHost++
	}
	raw := x.Path
	if raw == "" {
		raw = x.Target
	}
	segs, st := inv.norm.split(raw)
	if st&pathTruncated != 0 {
		inv.stats.PathsTruncated++
	}
	if st&pathLongSeg != 0 {
		inv.stats.SegmentsCut++
	}
	if st&pathDotSegment != 0 {
		inv.stats.DotSegments++
	}
	kinds := inv.kinds[:0]
	for i, s := range segs {
		parent := ""
		if i > 0 {
			parent = segs[i-1]
		}
		kinds = append(kinds, Classify(s, i, parent))
	}
	inv.kinds = kinds
	// A card number, a key or an e-mail address in a segment is a value:
	// it never becomes a literal, and examples show its kind instead.
	inv.segSens, inv.pathSens = inv.segSens[:0], 0
	for i, s := range segs {
		if !kindMayBeSensitive(kinds[i]) || !mayHoldSensitive(s) {
			continue
		}
		m, ph := nameSensitive(bytesOf(s))
		if m == 0 {
			continue
		}
		for len(inv.segSens) < i {
			inv.segSens = append(inv.segSens, "")
		}
		inv.segSens = append(inv.segSens, ph)
		inv.pathSens |= m
		if !kinds[i].IsID() {
			kinds[i] = KindString
		}
	}
	method := x.Method
	if len(method) > 32 {
		method = method[:32]
	}
	if x.Status < 0 || x.Status > 999 {
		// not a status line any parser should produce: treat as unanswered
		x = withStatus(x, 0)
	}
	if x.Status == 0 {
		inv.stats.NoResponse++
	}
	ws := &inv.ws
	ws.page = 0
	if x.Status/100 == 2 {
		ws.page = inv.pageOf(x)
	}
	grpcExists := false
	if st, exists, ok := grpcOutcome(x); ok {
		x = withStatus(x, st)
		grpcExists = exists
	}
	scanner := x.Status/100 != 2 && inv.looksLikeScanner(segs, x) && !inv.liveDotPrefix(name, segs, x)
	real := (Exists(x.Status, method) || (x.Status == 405 || x.Status == 501) && handlerRefusal(x) || grpcExists) && !scanner
	h := inv.host(name, real)
	if h == nil {
		return // a host cap refused it (counted by host)
	}
	if real {
		if len(segs) == 2 && (isGRPC(x.RequestContentType) || method == "POST" && rpcShaped(segs)) {
			// a gRPC service: its methods are names (grpc.go)
			if svc := inv.insertService(h, segs[0], kinds[0]); svc != nil {
				svc.rpc = true
			}
		}
		n := inv.insert(h, segs, kinds, ws)
		if n == nil {
			return
		}
		a := n.methods[method]
		if a == nil {
			if inv.endpoints >= inv.cfg.MaxEndpoints || h.endpoints >= inv.cfg.MaxEndpointsPerHost {
				inv.stats.EndpointOverflow++
				return
			}
			a = &agg{}
			if n.methods == nil {
				n.methods = make(map[string]*agg, 2)
			}
			n.methods[strings.Clone(method)] = a
			h.endpoints++
			inv.endpoints++
		}
		inv.recordWalk(h, a, x, segs, kinds)
		if len(ws.newLits) > 0 {
			for i := len(ws.newLits) - 1; i >= 0; i-- {
				d := ws.newLits[i]
				inv.maybeCollapse(h, ws.path[d], ws.keys[:d:d], 0)
			}
			// New structure below a word-collapsed parameter may let a
			// literal sibling of it join (see joinStructural): re-check the
			// ancestors (the path is re-walked, collapses may have moved it).
			if n := inv.match(h, segs, kinds, ws); n != nil {
				for d := len(ws.path) - 2; d >= 0; d-- {
					if p := ws.path[d]; p.param != nil && p.param.accepts != 0 && len(p.lit) > 0 {
						if inv.joinStructural(h, p, d > 0 && ws.keys[d-1] == "", ws.keys[:d:d]) {
							inv.recheck(h, p.param, append(ws.keys[:d:d], ""), 1)
							break
						}
					}
				}
			}
		}
		return
	}
	if n := inv.match(h, segs, kinds, ws); n != nil {
		if a := n.methods[method]; a != nil {
			inv.recordWalk(h, a, x, segs, kinds)
			return
		}
	}
	if scanner {
		inv.stats.ScannerNoise++
	}
	inv.recordNoise(h, method, segs, kinds, x, scanner)
}

func withStatus(x *reassembly.Exchange, st int) *reassembly.Exchange {
	c := *x
	c.Status = st
	return &c
}

func (inv *Inventory) recordWalk(h *hostState, a *agg, x *reassembly.Exchange, segs []string, kinds []Kind) {
	ws := &inv.ws
	var prev *node
	for _, p := range ws.path {
		if p != prev { // a multi-segment parameter appears once per segment it took
			p.hits++
		}
		prev = p
	}
	learned := countParamKinds(ws, segs, kinds)
	if h.vals == nil {
		h.vals = &valueSet{}
	}
	inv.curVals = h.vals
	inv.record(a, x, segs, kinds)
	inv.curVals = nil
	inv.stats.Recorded++
	h.dirty = true
	h.settled, h.recording = false, true
	if learned >= 0 {
		inv.maybeCollapse(h, ws.path[learned], ws.keys[:learned:learned], 0)
	}
}

// maskedPath writes the concrete path with token-like segments masked.
// sens holds, per segment, the placeholder of a sensitive value found in
// it ("" for none; it may be shorter than segs).
func maskedPath(b []byte, segs []string, kinds []Kind, sens []string) []byte {
	if len(segs) == 0 {
		return append(b, '/')
	}
	for i, s := range segs {
		b = append(b, '/')
		if i < len(sens) && sens[i] != "" {
			b = append(b, sens[i]...)
		} else if kinds[i].masked() {
			b = append(b, '{')
			b = append(b, kinds[i].String()...)
			b = append(b, '}')
		} else {
			b = append(b, s...)
		}
	}
	return b
}

func (inv *Inventory) recordNoise(h *hostState, method string, segs []string, kinds []Kind, x *reassembly.Exchange, scanner bool) {
	b := append(inv.buf[:0], method...)
	b = append(b, ' ')
	b = maskedPath(b, segs, kinds, inv.segSens)
	inv.buf = b
	e := h.noise[string(b)]
	if e == nil {
		if len(h.noise) >= inv.cfg.MaxNoisePerHost {
			inv.stats.NoiseOverflow++
			return
		}
		key := string(b)
		e = &noiseEntry{method: key[:len(method)], path: key[len(method)+1:]}
		h.noise[key] = e
	}
	inv.record(&e.agg, x, segs, kinds)
	inv.noteNotFound(e, x, scanner)
	inv.stats.Noise++
	h.dirty = true
	h.settled, h.recording = false, true
}

// record adds one exchange to an aggregate.
func (inv *Inventory) record(a *agg, x *reassembly.Exchange, segs []string, kinds []Kind) {
	cfg := &inv.cfg
	a.hits++
	t := x.RequestTime
	if t.IsZero() {
		t = x.ResponseTime
	}
	if ns := t.UnixNano(); !t.IsZero() && ns > 0 {
		a.seen(ns)
		if a.tl == nil {
			a.tl = new(timeline)
		}
		a.tl.add(ns, 1)
	}
	if a.statuses == nil {
		a.statuses = make(map[int]uint64, 4)
	}
	a.statuses[x.Status]++
	if x.Status == 403 && len(segs) > 0 && quotedRefusal(x, segs[len(segs)-1]) {
		a.quoted403++
	}
	if x.Status/100 == 2 {
		a.notePage(inv.ws.page)
	}
	if isGRPC(x.RequestContentType) || isGRPC(x.ResponseContentType) {
		recordGRPC(a, x)
	}
	if x.Status/100 == 3 {
		a.noteRedir(inv.redirOf(x, segs))
	}

	cred := inv.credentials(x)
	if cred.kinds == 0 {
		if x.Flags&reassembly.FlagPartialRequestHeaders != 0 ||
			(x.Host == "" && x.Flags&(reassembly.FlagGap|reassembly.FlagTruncated) != 0) {
			// The header block was cut by a capture gap: the credentials may
			// be in the lost part. Neither authenticated nor not.
			inv.stats.AuthUnknown++
		} else {
			a.unauthHits++
			if x.Status/100 == 2 {
				a.unauth2xx++
			}
		}
	} else {
		for i := 0; i < numCredKinds; i++ {
			if cred.kinds&(1<<i) != 0 {
				addCount(&a.authKinds, credNames[i], 1)
			}
		}
		if cred.jwtAlg != "" {
			addCount(&a.jwtAlgs, cred.jwtAlg, 1)
			for i := 0; i < len(jwtClaimNames); i++ {
				if cred.jwtClaims&(1<<i) != 0 {
					addCount(&a.jwtClaims, jwtClaimNames[i], 1)
				}
			}
		}
	}

	// The sensitive scan is sampled (Config.SensitiveSamples): kinds show up
	// within an endpoint's first exchanges, and it is the costliest part of
	// Observe.
	weight := uint64(1)
	inv.scanning = true
	if a.hits > uint64(cfg.SensitiveSamples) {
		weight = sampleEvery(a.hits, cfg.SensitiveSamples, cfg.SensitiveSampleEvery)
		inv.scanning = a.hits%weight == 0
	}
	reqSens := inv.recordQuery(a, x.Query)
	var respSens uint32
	pathSens := inv.pathSens
	for _, k := range kinds {
		switch k {
		case KindEmail:
			pathSens |= 1 << sensEmail
		case KindJWT:
			pathSens |= 1 << sensJWT
		}
	}
	if inv.scanning {
		// over the header lines: no header map is built
		x.EachReqHeader(func(name, v string) bool {
			reqSens |= scanHeader(name, v, nil, inv.keyHeader)
			return true
		})
		x.EachRespHeader(func(name, v string) bool {
			respSens |= scanHeader(name, v, nil, inv.keyHeader)
			return true
		})
	}
	if x.RequestContentType != "" {
		if a.reqCT[x.RequestContentType] > 0 || len(a.reqCT) < 16 {
			addCount(&a.reqCT, x.RequestContentType, 1)
		}
	}
	if x.ResponseContentType != "" {
		if a.respCT[x.ResponseContentType] > 0 || len(a.respCT) < 16 {
			addCount(&a.respCT, x.ResponseContentType, 1)
		}
	}
	sample := a.shapeSamples < uint64(cfg.ShapeSamples) || a.hits%sampleEvery(a.hits, cfg.ShapeSamples, cfg.ShapeSampleEvery) == 0
	if sample || inv.scanning {
		// decoding (gzip, br) costs as much as the scan: only when needed
		reqSens |= inv.body(&a.reqShape, x.RequestContentType, x.DecodedRequestBody(), sample)
		vals := inv.curVals
		shape := &a.respShape
		if x.Status/100 != 2 {
			// An error names fields and rejected input ("path": "scopes"
			// in a validation error), not the host's data; and its body
			// is not the resource's shape (a 404's {"error"} beside the
			// 200's {"keys"}): scanned for sensitive data only.
			inv.curVals = nil
			var discard *Shape
			shape = &discard
		}
		body := x.DecodedResponseBody()
		if len(segs) > 0 {
			inv.curSelf = segs[len(segs)-1]
		}
		if inv.ws.page == pageAPIDoc || x.ResponseContentEncoding != "" && apiDescription(body) {
			// an OpenAPI or Swagger document served by the API names
			// its operations, tags and parameters ("tags": [{"name":
			// "history"}]): routes, not data. pageOf judged a plain
			// body already; only a decoded one is looked at here.
			inv.curVals = nil
		}
		respSens |= inv.body(shape, x.ResponseContentType, body, sample)
		inv.curVals, inv.curSelf = vals, ""
	}
	if sample && (len(x.RequestBody) > 0 || len(x.ResponseBody) > 0) {
		a.shapeSamples++
	}
	if !inv.scanning {
		reqSens, respSens = 0, 0
	}
	for i := 0; i < numSensKinds; i++ {
		switch {
		case pathSens&(1<<i) != 0:
			addCount(&a.sensitive, reqSensNames[i], 1)
		case reqSens&(1<<i) != 0:
			addCount(&a.sensitive, reqSensNames[i], weight)
		}
		if respSens&(1<<i) != 0 {
			addCount(&a.sensitive, respSensNames[i], weight)
		}
	}

	if !x.RequestTime.IsZero() && !x.ResponseTime.IsZero() && !x.ResponseTime.Before(x.RequestTime) {
		if a.lat == nil {
			a.lat = &latencySketch{}
		}
		a.lat.add(float64(x.ResponseTime.Sub(x.RequestTime)) / float64(time.Millisecond))
	}
	if x.Client.IsValid() {
		if a.hll == nil {
			a.hll = &hll{}
		}
		ip := x.Client.Addr().As16()
		if !inv.saltHSet {
			inv.saltH, inv.saltHSet = fnvPrefix(cfg.Salt), true
		}
		a.hll.add(fnv64From(inv.saltH, ip[:]))
	}
	if len(a.examples) < cfg.MaxExamples {
		b := maskedPath(inv.buf[:0], segs, kinds, inv.segSens)
		inv.buf = b
		if !a.hasExample(b) {
			a.addExample(string(b), cfg.MaxExamples)
		}
	}
}

// maxSampleEvery bounds the sampling interval of sampleEvery: a busy
// endpoint is still scanned four times a second at a thousand calls a
// second, and a kind of data in one call in twenty of its 10k is still
// seen in about two samples.
const maxSampleEvery = 256

// sampleEvery is the interval at which an endpoint with hits hits is
// sampled past its first n: every, doubled each time the hits double past
// n×every, at most maxSampleEvery (every 1 stays 1). An endpoint's body shapes and kinds of
// data show within its first hundreds of calls; scanning one in eight of
// its millions (a long-running sensor's busy endpoints) would keep the
// costliest part of Observe running on one call in eight forever. The
// samples of an endpoint grow with the logarithm of its hits.
func sampleEvery(hits uint64, n, every int) uint64 {
	e := uint64(max(every, 1))
	if e == 1 {
		return 1 // sample everything: asked for, never widened
	}
	for t := uint64(max(n, 1)) * e * 2; hits >= t && e < maxSampleEvery; t *= 2 {
		e *= 2
	}
	return e
}

// Endpoints returns every real endpoint, sorted by host, path and method.
// It is fully derived from the current state: templates reflect every
// collapse so far, and noise that now matches an endpoint is counted in it.
// The result shares no memory with the inventory.
func (inv *Inventory) Endpoints() []Endpoint {
	var out []Endpoint
	for _, name := range sortedKeys(inv.hosts) {
		h := inv.settledView(inv.hosts[name])
		folded, _ := inv.resolveNoise(h)
		var segs []string
		var params []Param
		var walk func(n *node, parentKey string, parentIsParam bool, parentName string)
		walk = func(n *node, parentKey string, parentIsParam bool, parentName string) {
			if len(n.methods) > 0 {
				path := "/" + strings.Join(segs, "/")
				for _, m := range sortedKeys(n.methods) {
					a := n.methods[m]
					if extra := folded[foldKey{n, m}]; len(extra) > 0 {
						a = a.clone()
						for _, e := range extra {
							a.merge(&e.agg, inv.cfg.MaxExamples)
						}
					}
					ep := Endpoint{Host: name, Method: m, Path: path}
					a.fill(&ep)
					ep.Routed = a.statuses[405]+a.statuses[501] > 0 && !a.exists(m)
					if len(params) > 0 {
						ep.PathParams = append([]Param(nil), params...)
						for i := range ep.PathParams {
							// every call of this endpoint filled each of its
							// parameters once; the node's own counts are
							// shared by all endpoints below it
							ep.PathParams[i].Count = ep.Hits
						}
					}
					out = append(out, ep)
				}
			}
			for _, k := range sortedKeys(n.lit) {
				segs = append(segs, k)
				walk(n.lit[k], k, false, "")
				segs = segs[:len(segs)-1]
			}
			if p := n.param; p != nil {
				pname := uniqueName(paramName(p, parentKey, parentIsParam, parentName), params)
				segs = append(segs, "{"+pname+"}")
				params = append(params, Param{Name: pname, Type: paramType(p), MultiSegment: p.rest})
				walk(p, "", true, pname)
				segs = segs[:len(segs)-1]
				params = params[:len(params)-1]
			}
		}
		walk(h.root, "", false, "")
	}
	sort.SliceStable(out, func(i, j int) bool {
		return routeLess(out[i].Host, out[i].Path, out[i].Method, out[j].Host, out[j].Path, out[j].Method)
	})
	return out
}

type foldKey struct {
	n      *node
	method string
}

// resolveNoise splits a host's noise into entries that now match an
// endpoint (by node and method) and the rest.
func (inv *Inventory) resolveNoise(h *hostState) (map[foldKey][]*noiseEntry, []*noiseEntry) {
	folded := map[foldKey][]*noiseEntry{}
	var rest []*noiseEntry
	var ws walkState
	var kinds []Kind
	for _, key := range sortedKeys(h.noise) {
		e := h.noise[key]
		segs := splitNormalized(e.path)
		kinds = kinds[:0]
		for i, s := range segs {
			parent := ""
			if i > 0 {
				parent = segs[i-1]
			}
			kinds = append(kinds, Classify(s, i, parent))
		}
		if n := inv.match(h, segs, kinds, &ws); n != nil && n.methods[e.method] != nil {
			k := foldKey{n, e.method}
			folded[k] = append(folded[k], e)
			continue
		}
		rest = append(rest, e)
	}
	return folded, rest
}

func splitNormalized(p string) []string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func uniqueName(name string, params []Param) string {
	taken := func(s string) bool {
		for _, p := range params {
			if p.Name == s {
				return true
			}
		}
		return false
	}
	if !taken(name) {
		return name
	}
	for i := 2; ; i++ {
		s := name + strconv.Itoa(i)
		if !taken(s) {
			return s
		}
	}
}

// paramType is the dominant value kind, or "string" when kinds are mixed.
func paramType(p *node) string {
	var total, best uint64
	bestK := KindWord
	for k, v := range p.kinds {
		total += v
		if v > best {
			best, bestK = v, Kind(k)
		}
	}
	if total == 0 || best*10 < total*9 {
		return "string"
	}
	return bestK.String()
}

// Noise returns the requests that never reached a real endpoint, sorted by
// host, path and method.
func (inv *Inventory) Noise() []Noise {
	var out []Noise
	for _, name := range sortedKeys(inv.hosts) {
		h := inv.settledView(inv.hosts[name])
		_, rest := inv.resolveNoise(h)
		var miss []uint64
		for _, e := range h.noise {
			if e.nfMiss && e.nf > nfMixed && !slices.Contains(miss, e.nf) {
				miss = append(miss, e.nf)
			}
		}
		for _, e := range rest {
			nz := Noise{Host: name, Method: e.method, Path: e.path, Hits: e.agg.hits,
				Statuses: make(map[string]uint64, len(e.agg.statuses)),
				Unrouted: e.agg.statuses[404] == e.agg.hits && slices.ContainsFunc(e.nfPages[:], func(fp uint64) bool {
					return fp != 0 && slices.Contains(miss, fp)
				})}
			for s, c := range e.agg.statuses {
				nz.Statuses[strconv.Itoa(s)] = c
			}
			if e.agg.first != 0 {
				nz.FirstSeen = unixTime(e.agg.first)
			}
			if e.agg.last != 0 {
				nz.LastSeen = unixTime(e.agg.last)
			}
			out = append(out, nz)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		return routeLess(out[i].Host, out[i].Path, out[i].Method, out[j].Host, out[j].Path, out[j].Method)
	})
	return out
}

// routeLess orders routes by host, then path, then method: the order of
// Endpoints and Noise.
func routeLess(h1, p1, m1, h2, p2, m2 string) bool {
	if h1 != h2 {
		return h1 < h2
	}
	if p1 != p2 {
		return p1 < p2
	}
	return m1 < m2
}

// Stats returns the counters so far.
func (inv *Inventory) Stats() Stats {
	s := inv.stats
	for _, h := range inv.hosts {
		if h.snapStats != (Stats{}) { // (addStats reflects: skip the hosts without)
			addStats(&s, h.snapStats)
		}
	}
	return s
}

// DirtyHosts returns, sorted, the hosts changed since the last ClearDirty
// (or since they were loaded).
func (inv *Inventory) DirtyHosts() []string {
	var out []string
	for name, h := range inv.hosts {
		if h.dirty {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	if inv.tlsDirty {
		out = append([]string{TLSKey}, out...) // "\x00" sorts first
	}
	return out
}

// ClearDirty marks every host clean (after the caller saved them).
func (inv *Inventory) ClearDirty() {
	for _, h := range inv.hosts {
		h.dirty = false
	}
	inv.tlsDirty = false
}

// hostOnly strips a ":port" suffix.
func hostOnly(h string) string {
	if hasPort(h) {
		return h[:strings.LastIndexByte(h, ':')]
	}
	return h
}

func unixTime(ns int64) time.Time { return time.Unix(0, ns).UTC() }

// scannerDirs are first segments scanners probe and APIs do not use.
var scannerSegs = map[string]bool{
	"wp-admin": true, "wp-content": true, "wp-includes": true, "wp-login.php": true, "xmlrpc.php": true,
	"phpmyadmin": true, "pma": true, "cgi-bin": true, "boaform": true, "actuator": true,
	"administrator": true, "solr": true, "geoserver": true, "vendor": true, "owa": true, "hnap1": true,
	"shell": true, "setup.php": true, "config.php": true, "server-status": true, "etc": true,
}

var scannerAgents = []string{"nikto", "sqlmap", "nuclei", "zgrab", "masscan", "nmap", "dirbuster",
	"gobuster", "ffuf", "wpscan", "acunetix", "nessus", "openvas", "zaproxy", "feroxbuster", "wfuzz"}

// looksLikeScanner flags a vulnerability scanner's probe: dot-files
// (/.env, /.git/HEAD), server-side script files (.php, .asp, .jsp, .cgi),
// well-known probe directories, or a scanner's User-Agent. Such requests
// never create endpoints unless answered 2xx.
func (inv *Inventory) looksLikeScanner(segs []string, x *reassembly.Exchange) bool {
	if scannerPath(segs) {
		return true
	}
	if ua := reqHeaderValue(x, "User-Agent"); ua != "" {
		return inv.scannerAgent(ua)
	}
	return false
}

// liveDotPrefix reports whether the only sign of a scanner on a request is
// a dot segment (.well-known, .backstage) below which the host already
// served a live route: the application's own namespace, whose refusals
// (403, 409) and errors are its routes' answers, not a probe's. A probe
// still looks like one (a scanner's agent or path words, a .php below).
// Only requests with a dot segment pay for the trie walk.
func (inv *Inventory) liveDotPrefix(name string, segs []string, x *reassembly.Exchange) bool {
	i := slices.IndexFunc(segs, dotSegment)
	if i < 0 || scannerPath(segs[:i]) || scannerPath(segs[i+1:]) || scannerSegs[strings.ToLower(segs[i])] {
		return false
	}
	if ua := reqHeaderValue(x, "User-Agent"); ua != "" && inv.scannerAgent(ua) {
		return false
	}
	h := inv.hosts[name]
	if h == nil {
		return false
	}
	n := h.root
	for _, k := range segs[:i+1] {
		if c := n.lit[k]; c != nil {
			n = c
		} else if n.param != nil && !n.param.rest && n.param.page == 0 {
			n = n.param
		} else {
			return false
		}
	}
	return n.hits > 0
}

// dotSegment: a hidden file or directory's name (.env, .git, .well-known).
func dotSegment(s string) bool { return len(s) > 1 && s[0] == '.' }

// scannerPath is looksLikeScanner's judgement of the path alone.
func scannerPath(segs []string) bool {
	for _, s := range segs {
		if dotSegment(s) {
			return true
		}
		ls := s
		if hasUpper(s) {
			ls = strings.ToLower(s)
		}
		if scannerSegs[ls] {
			return true
		}
		if i := lastDot(ls); i > 0 {
			switch ls[i+1:] {
			case "php", "asp", "aspx", "jsp", "cgi", "env", "bak", "sql", "ini":
				return true
			}
		}
	}
	return false
}

// uaMemoMax caps Inventory.uaMemo (64-bit keys and a bool: about 16 KiB
// at the cap); a full memo is cleared and refills.
const uaMemoMax = 1024

// scannerAgent reports whether a User-Agent names a scanner (contains one
// of scannerAgents, ignoring case), memoised by a 64-bit hash of the value
// under a per-process seed: clients send the same User-Agent on every
// request, and the answer costs a lower-cased copy and 16 searches.
func (inv *Inventory) scannerAgent(ua string) bool {
	if inv.uaMemo == nil {
		inv.uaMemo = make(map[uint64]bool)
		inv.uaSeed = maphash.MakeSeed()
	}
	h := maphash.String(inv.uaSeed, ua)
	if v, ok := inv.uaMemo[h]; ok {
		return v
	}
	lua := strings.ToLower(ua)
	v := false
	for _, s := range scannerAgents {
		if strings.Contains(lua, s) {
			v = true
			break
		}
	}
	if len(inv.uaMemo) >= uaMemoMax {
		clear(inv.uaMemo)
	}
	inv.uaMemo[h] = v
	return v
}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}
