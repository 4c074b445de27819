package inventory

import (
	"math"
	"math/bits"
	"sort"
	"strconv"
	"strings"

	"github.com/shadowtap/shadowtap/reassembly"
)

// agg is the aggregate of one (host, method, template) endpoint, or of one
// noise entry. Maps are allocated lazily. Everything in it merges: counts
// add, times take min/max, sketches merge, bounded sets union up to caps.
type agg struct {
	hits                uint64
	first, last         int64 // unix nanoseconds; 0 = unknown
	statuses            map[int]uint64
	unauthHits          uint64
	unauth2xx           uint64
	authKinds           map[string]uint64
	jwtAlgs             map[string]uint64
	jwtClaims           map[string]uint64
	sensitive           map[string]uint64
	query               map[string]*paramStat
	reqCT, respCT       map[string]uint64
	reqShape, respShape *Shape
	shapeSamples        uint64
	lat                 *latencySketch
	hll                 *hll
	examples            []string
	// page fingerprints the 2xx answers: 0 before any, the salted hash of
	// the HTML page when every one was the same page, pageEmpty or
	// pageAPIDoc when every one was so, pageOther otherwise (fallback.go).
	page uint64
	// grpc counts gRPC outcomes and messages (nil for other endpoints).
	grpc *grpcAgg
	// redir fingerprints the 3xx answers' Location (redirect.go): 0 none,
	// pageOther when they differed.
	redir uint64
	// tl is the hits over time (nil until a hit with a time).
	tl *timeline
	// quoted403 counts the 403 answers that quoted the path's last segment
	// as what they refused (rejectedFold). Not stored: it only informs
	// the settle of the run that saw the answers.
	quoted403 uint64
}

type paramStat struct {
	count uint64
	kinds [numValueKinds]uint64
}

// Exists reports whether an answer shows that the endpoint exists: any
// status but 0 (no response), 404, 405 and 501. A 501 to GET or HEAD is a
// handler's (a feature switched off): every server must recognise those two
// methods (RFC 9110 9.1), so only a route can have refused them so; to
// other methods 501 is how servers refuse a method they do not know.
func Exists(status int, method string) bool {
	switch status {
	case 0, 404, 405:
		return false
	case 501:
		return method == "GET" || method == "HEAD"
	}
	return true
}

// handlerRefusal reports whether a 405, or a 501 to a method other than
// GET or HEAD, came from a route's handler rather than the router or the
// server: routers name the methods the path has in an Allow
// header, as RFC 9110 15.5.6 asks (httprouter, koa-router, Go's ServeMux,
// Django, Werkzeug); a handler that refuses a method itself rarely does,
// and says why (Prometheus' GET /-/quit, "Only POST or PUT requests
// allowed"). So the route exists for that method. Routers that send no
// Allow (gorilla/mux, older chi, gin) send no body or only the status's
// words, and a server's HTML error page is no handler's either (Apache's
// and Python's http.server's 501 for a method they do not know are such
// pages). A 501 with a reason of its own is an operation the route has
// but does not serve (grpc-gateway's UNIMPLEMENTED: "method
// PauseWorkflowExecution not implemented"). A cut header block tells
// nothing.
func handlerRefusal(x *reassembly.Exchange) bool {
	if x.Flags&reassembly.FlagPartialResponseHeaders != 0 || respHeaderValue(x, "Allow") != "" ||
		x.ResponseContentType == "text/html" {
		return false
	}
	b := x.DecodedResponseBody()
	if len(b) > 256 {
		return true // more than a status line's words
	}
	var letters []byte
	for _, c := range b {
		switch {
		case c >= 'a' && c <= 'z':
			letters = append(letters, c)
		case c >= 'A' && c <= 'Z':
			letters = append(letters, c+'a'-'A')
		}
	}
	// JSON keys of error bodies in any order ({"code":12,"message":...}):
	// trim them until none leads
	w := string(letters)
	for trimmed := true; trimmed; {
		trimmed = false
		for _, k := range []string{"message", "error", "detail", "status", "title", "code"} {
			if v, ok := strings.CutPrefix(w, k); ok {
				w, trimmed = v, true
			}
		}
	}
	switch w {
	case "", "methodnotallowed", "notallowed", "methodnotallowederror",
		"notimplemented", "methodnotimplemented", "unsupportedmethod":
		return false
	}
	return true
}

// exists reports whether some answer of a (to method) shows the endpoint
// exists (Exists).
func (a *agg) exists(method string) bool {
	for st, n := range a.statuses {
		if n > 0 && Exists(st, method) {
			return true
		}
	}
	return false
}

func (a *agg) seen(t int64) {
	if t == 0 {
		return
	}
	if a.first == 0 || t < a.first {
		a.first = t
	}
	if t > a.last {
		a.last = t
	}
}

func addCount(m *map[string]uint64, k string, n uint64) {
	if *m == nil {
		*m = make(map[string]uint64, 4)
	}
	(*m)[k] += n
}

func mergeCounts(dst *map[string]uint64, src map[string]uint64) {
	for k, v := range src {
		addCount(dst, k, v)
	}
}

// merge adds src into a (src is left untouched).
func (a *agg) merge(src *agg, maxExamples int) {
	a.notePage(src.page)
	a.noteRedir(src.redir)
	a.hits += src.hits
	a.quoted403 += src.quoted403
	if src.tl != nil {
		if a.tl == nil {
			a.tl = new(timeline)
		}
		a.tl.merge(src.tl)
	}
	if src.first != 0 {
		a.seen(src.first)
	}
	if src.last != 0 {
		a.seen(src.last)
	}
	for s, n := range src.statuses {
		if a.statuses == nil {
			a.statuses = make(map[int]uint64, 4)
		}
		a.statuses[s] += n
	}
	a.unauthHits += src.unauthHits
	a.unauth2xx += src.unauth2xx
	mergeCounts(&a.authKinds, src.authKinds)
	mergeCounts(&a.jwtAlgs, src.jwtAlgs)
	mergeCounts(&a.jwtClaims, src.jwtClaims)
	mergeCounts(&a.sensitive, src.sensitive)
	mergeCounts(&a.reqCT, src.reqCT)
	mergeCounts(&a.respCT, src.respCT)
	for k, p := range src.query {
		if a.query == nil {
			a.query = make(map[string]*paramStat, len(src.query))
		}
		q := a.query[k]
		if q == nil {
			q = &paramStat{}
			a.query[k] = q
		}
		q.count += p.count
		for i := range q.kinds {
			q.kinds[i] += p.kinds[i]
		}
	}
	if src.grpc != nil {
		if a.grpc == nil {
			a.grpc = &grpcAgg{}
		}
		mergeCounts(&a.grpc.statuses, src.grpc.statuses)
		a.grpc.reqMsgs += src.grpc.reqMsgs
		a.grpc.respMsgs += src.grpc.respMsgs
	}
	a.reqShape = mergeShape(a.reqShape, src.reqShape)
	a.respShape = mergeShape(a.respShape, src.respShape)
	a.shapeSamples += src.shapeSamples
	if src.lat != nil {
		if a.lat == nil {
			a.lat = &latencySketch{}
		}
		a.lat.merge(src.lat)
	}
	if src.hll != nil {
		if a.hll == nil {
			a.hll = &hll{}
		}
		a.hll.merge(src.hll)
	}
	for _, e := range src.examples {
		a.addExample(e, maxExamples)
	}
}

func (a *agg) addExample(e string, max int) bool {
	if len(a.examples) >= max {
		return false
	}
	for _, x := range a.examples {
		if x == e {
			return false
		}
	}
	a.examples = append(a.examples, e)
	return true
}

func (a *agg) hasExample(b []byte) bool {
	for _, x := range a.examples {
		if x == string(b) {
			return true
		}
	}
	return false
}

// fill writes the aggregate's fields into an Endpoint.
func (a *agg) fill(e *Endpoint) {
	e.Hits = a.hits
	if a.first != 0 {
		e.FirstSeen = unixTime(a.first)
	}
	if a.last != 0 {
		e.LastSeen = unixTime(a.last)
	}
	e.HitsOverTime = a.tl.export()
	e.Statuses = make(map[string]uint64, len(a.statuses))
	for s, n := range a.statuses {
		e.Statuses[strconv.Itoa(s)] = n
	}
	e.UnauthenticatedHits = a.unauthHits
	e.Unauthenticated2xx = a.unauth2xx
	e.Authenticated = a.hits > 0 && a.unauthHits == 0
	e.AuthKinds = copyCounts(a.authKinds)
	e.JWTAlgs = copyCounts(a.jwtAlgs)
	e.JWTClaims = copyCounts(a.jwtClaims)
	e.Sensitive = copyCounts(a.sensitive)
	e.RequestContentTypes = copyCounts(a.reqCT)
	e.ResponseContentTypes = copyCounts(a.respCT)
	if len(a.query) > 0 {
		e.QueryParams = make([]Param, 0, len(a.query))
		for k, q := range a.query {
			e.QueryParams = append(e.QueryParams, Param{Name: k, Type: valueKindOf(&q.kinds), Count: q.count})
		}
		sort.Slice(e.QueryParams, func(i, j int) bool { return e.QueryParams[i].Name < e.QueryParams[j].Name })
	}
	if g := a.grpc; g != nil {
		e.GRPC = &GRPCStats{Statuses: copyCounts(g.statuses), RequestMessages: g.reqMsgs, ResponseMessages: g.respMsgs}
	}
	e.RequestShape = cloneShape(a.reqShape)
	e.ResponseShape = cloneShape(a.respShape)
	if a.lat != nil {
		e.Latency = a.lat.summary()
	}
	if a.hll != nil {
		e.Clients = a.hll.estimate()
	}
	if len(a.examples) > 0 {
		e.Examples = append([]string(nil), a.examples...)
		sort.Strings(e.Examples)
	}
}

func copyCounts(m map[string]uint64) map[string]uint64 {
	out := make(map[string]uint64, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// latencySketch is a fixed-size log-bucketed histogram of latencies in
// milliseconds: bucket i holds [base*r^i, base*r^(i+1)) with r = 2^(1/4),
// base 0.01 ms, 100 buckets (up to ~340 s, larger values in the last). The
// relative error of a quantile is under 10%.
type latencySketch struct {
	count    uint64
	sum      float64
	min, max float64
	buckets  [latBuckets]uint32
}

const (
	latBuckets = 100
	latBase    = 0.01
)

func latBucket(ms float64) int {
	if ms <= latBase {
		return 0
	}
	i := int(math.Log2(ms/latBase) * 4)
	if i < 0 {
		return 0
	}
	if i >= latBuckets {
		return latBuckets - 1
	}
	return i
}

func (l *latencySketch) add(ms float64) {
	if math.IsNaN(ms) || ms < 0 {
		return
	}
	if l.count == 0 || ms < l.min {
		l.min = ms
	}
	if ms > l.max {
		l.max = ms
	}
	l.count++
	l.sum += ms
	b := &l.buckets[latBucket(ms)]
	if *b < math.MaxUint32 {
		*b++
	}
}

func (l *latencySketch) merge(o *latencySketch) {
	if o.count == 0 {
		return
	}
	if l.count == 0 || o.min < l.min {
		l.min = o.min
	}
	if o.max > l.max {
		l.max = o.max
	}
	l.count += o.count
	l.sum += o.sum
	for i, v := range o.buckets {
		s := uint64(l.buckets[i]) + uint64(v)
		if s > math.MaxUint32 {
			s = math.MaxUint32
		}
		l.buckets[i] = uint32(s)
	}
}

func (l *latencySketch) quantile(q float64) float64 {
	var total uint64
	for _, v := range l.buckets {
		total += uint64(v)
	}
	if total == 0 {
		return 0
	}
	rank := uint64(math.Ceil(q * float64(total)))
	if rank == 0 {
		rank = 1
	}
	var c uint64
	for i, v := range l.buckets {
		c += uint64(v)
		if c >= rank {
			// geometric middle of the bucket, clamped to what was seen
			mid := latBase * math.Exp2((float64(i)+0.5)/4)
			if i == 0 {
				mid = l.min
			}
			return math.Min(math.Max(mid, l.min), l.max)
		}
	}
	return l.max
}

func (l *latencySketch) summary() Latency {
	if l.count == 0 {
		return Latency{}
	}
	return Latency{
		Count: l.count, MinMS: round3(l.min), MaxMS: round3(l.max), AvgMS: round3(l.sum / float64(l.count)),
		P50MS: round3(l.quantile(0.50)), P95MS: round3(l.quantile(0.95)),
	}
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

// hll is a HyperLogLog with 2^8 registers (256 bytes, ~6.5% standard error,
// exact-ish below a few hundred through linear counting).
type hll struct {
	reg [256]uint8
}

func (h *hll) add(x uint64) {
	idx := x >> 56
	w := x<<8 | 1<<7
	r := uint8(bits.LeadingZeros64(w)) + 1
	if r > h.reg[idx] {
		h.reg[idx] = r
	}
}

func (h *hll) merge(o *hll) {
	for i, v := range o.reg {
		if v > h.reg[i] {
			h.reg[i] = v
		}
	}
}

func (h *hll) estimate() uint64 {
	const m = 256.0
	sum := 0.0
	zeros := 0
	for _, v := range h.reg {
		sum += math.Exp2(-float64(v))
		if v == 0 {
			zeros++
		}
	}
	est := 0.7213 / (1 + 1.079/m) * m * m / sum
	if est <= 2.5*m && zeros > 0 {
		est = m * math.Log(m/float64(zeros))
	}
	return uint64(math.Round(est))
}

// fnv64 is FNV-1a, salted by the caller; a stable hash so that sketches
// built in different runs merge.
func fnv64(salt []byte, data []byte) uint64 {
	return fnv64From(fnvPrefix(salt), data)
}

// fnvPrefix is the FNV-1a state after salt, so that callers hashing many
// values with one salt hash it once: fnv64(salt, d) == fnv64From(fnvPrefix(salt), d).
func fnvPrefix(salt []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range salt {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// fnv64From continues fnv64 from the state fnvPrefix returned.
func fnv64From(h uint64, data []byte) uint64 {
	for _, c := range data {
		h ^= uint64(c)
		h *= 1099511628211
	}
	// final avalanche (splitmix64) so the HLL's top bits are well mixed
	h ^= h >> 30
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 27
	h *= 0x94d049bb133111eb
	h ^= h >> 31
	return h
}
