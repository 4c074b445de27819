package inventory

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
)

// Host state encoding (MarshalHost/LoadHost). Layout, all integers
// unsigned varints unless noted, strings as length + bytes:
//
//	magic "STINV" | version byte (1) | host string
//	node: hits | accepts | anyValue byte | name | numKinds kind counts | yearLike
//	      | pattern (n, mask byte, minLen, maxLen, noDigit byte)
//	      | joined: n × word (version 3) | node flags byte (version 4: 1 valued, 2 multi-segment,
//	      4 fallback and 8 values, version 5; 16 gRPC service, version 6; 32 fallback with static files, version 8;
//	      64 a literal seen below two values of its parameter and 128 a rest parameter of keys below an
//	      operation, version 10)
//	      | version 11: second flags byte (1: parent value hash follows)
//	      | fallback page: 8-byte little-endian (flag 4)
//	      | values (flag 8): n × 8-byte little-endian salted value hash, sorted
//	      | parent value hash (second flags 1): 8-byte little-endian
//	      | methods: n × (method, agg) | literals: n × (key, node) | param byte [node]
//	noise: n × (method, path, agg, version 6: 404 fingerprint 8-byte little-endian, miss byte,
//	       version 9: two 404 pages 8-byte little-endian, version 11: quoted record from, to as varints)
//	values (version 4): n × 8-byte little-endian salted value hash, sorted
//	echoes (version 12): n × 8-byte little-endian value hash, sorted: those of the values noted only in echoes
//	agg (version 11, at its end): 403s that quoted the segment refused
//
// Version 11 stores what only settle reads (parent value hashes, quoted
// 403s, quoted 404 records), because a recording host is stored as it
// records and settled by whoever reads it (MarshalHost).
//
// Map entries are written in sorted order, so equal states encode equally.
const (
	codecMagic   = "STINV"
	codecVersion = 12 // 2: KindCode added (version 1 has one kind fewer); 3: joined view words; 4: value provenance; 5: pages; 6: noise 404 fingerprints; 7: hits over time; 8: fallbacks with static files; 9: noise entries' two 404 pages; 10: shared sub-resources; 11: settle's evidence, unsettled tries; 12: values noted only in echoes
	maxDecodeDep = 128
)

// ErrCorruptState is wrapped by LoadHost errors about a blob that does not
// decode.
var ErrCorruptState = errors.New("inventory: corrupt host state")

// ErrNewerState is wrapped by LoadHost errors about a blob in a format
// version later than this build reads: a later release wrote it, and it
// is not damaged (keep it, and read it with that release).
var ErrNewerState = errors.New("inventory: host state written by a newer shadowtap")

// ErrUnknownHost is returned by MarshalHost for a host the inventory does
// not have.
var ErrUnknownHost = errors.New("inventory: unknown host")

type encoder struct {
	b []byte
	v byte // the version written (an older one only in tests)
}

func (e *encoder) u(v uint64)   { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) i(v int64)    { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) s(v string)   { e.u(uint64(len(v))); e.b = append(e.b, v...) }
func (e *encoder) byte1(v byte) { e.b = append(e.b, v) }
func (e *encoder) f(v float64)  { e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v)) }
func (e *encoder) flag(v bool) {
	if v {
		e.byte1(1)
	} else {
		e.byte1(0)
	}
}
func (e *encoder) counts(m map[string]uint64) {
	e.u(uint64(len(m)))
	for _, k := range sortedKeys(m) {
		e.s(k)
		e.u(m[k])
	}
}

// MarshalHost encodes a host's full state (trie, endpoints, noise) in a
// compact, versioned binary form for storage. A host that is recording is
// stored as it records, unsettled: settling is one way (snapshot.go), and
// whoever loads the blob settles it before reading it, so what arrives
// later (the next capture, the sensor after a restart) is weighed with
// everything stored before it, as if it had come in one stream. Other
// hosts (loaded and not recorded into, or past half the node cap) settle
// in place first.
func (inv *Inventory) MarshalHost(host string) ([]byte, error) {
	return inv.marshalHost(host, codecVersion)
}

// marshalHost encodes the host in version v (10 or codecVersion).
func (inv *Inventory) marshalHost(host string, v byte) ([]byte, error) {
	if host == TLSKey {
		return inv.marshalTLS()
	}
	h := inv.hosts[host]
	if h == nil {
		return nil, fmt.Errorf("%w %q", ErrUnknownHost, host)
	}
	h.stored = true
	if !h.recordingCopy(inv.cfg.MaxNodesPerHost) {
		h = inv.settledView(h)
	}
	e := &encoder{b: make([]byte, 0, 1024), v: v}
	e.b = append(e.b, codecMagic...)
	e.byte1(v)
	e.s(h.name)
	e.node(h.root)
	e.u(uint64(len(h.noise)))
	for _, k := range sortedKeys(h.noise) {
		n := h.noise[k]
		e.s(n.method)
		e.s(n.path)
		e.agg(&n.agg)
		e.b = binary.LittleEndian.AppendUint64(e.b, n.nf)
		e.flag(n.nfMiss)
		e.b = binary.LittleEndian.AppendUint64(e.b, n.nfPages[0])
		e.b = binary.LittleEndian.AppendUint64(e.b, n.nfPages[1])
		if e.v >= 11 {
			e.i(int64(n.valFrom))
			e.i(int64(n.valTo))
		}
	}
	vals := h.vals.hashes()
	e.u(uint64(len(vals)))
	for _, v := range vals {
		e.b = binary.LittleEndian.AppendUint64(e.b, v)
	}
	if e.v >= 12 {
		echo := h.vals.echoHashes()
		e.u(uint64(len(echo)))
		for _, v := range echo {
			e.b = binary.LittleEndian.AppendUint64(e.b, v)
		}
	}
	return e.b, nil
}

func (e *encoder) node(n *node) {
	e.u(n.hits)
	e.u(uint64(n.accepts))
	e.flag(n.anyValue)
	e.s(n.name)
	for _, v := range n.kinds {
		e.u(v)
	}
	e.u(n.yearLike)
	e.u(n.pat.n)
	e.byte1(n.pat.mask)
	e.u(uint64(n.pat.minLen))
	e.u(uint64(n.pat.maxLen))
	e.flag(n.pat.noDigitSeen)
	e.u(uint64(len(n.joined)))
	for _, w := range n.joined {
		e.s(w)
	}
	var flags byte
	if n.valued {
		flags |= 1
	}
	if n.rest {
		flags |= 2
	}
	if n.page != 0 {
		flags |= 4
	}
	if len(n.vals) > 0 {
		flags |= 8
	}
	if n.rpc {
		flags |= 16
	}
	if n.assets {
		flags |= 32
	}
	if n.shared {
		flags |= 64
	}
	if n.keyed {
		flags |= 128
	}
	e.byte1(flags)
	var flags2 byte
	if n.pv != 0 {
		flags2 |= 1
	}
	if e.v >= 11 {
		e.byte1(flags2)
	}
	if n.page != 0 {
		e.b = binary.LittleEndian.AppendUint64(e.b, n.page)
	}
	if len(n.vals) > 0 {
		e.u(uint64(len(n.vals)))
		for _, v := range n.vals {
			e.b = binary.LittleEndian.AppendUint64(e.b, v)
		}
	}
	if n.pv != 0 && e.v >= 11 {
		e.b = binary.LittleEndian.AppendUint64(e.b, n.pv)
	}
	e.u(uint64(len(n.methods)))
	for _, m := range sortedKeys(n.methods) {
		e.s(m)
		e.agg(n.methods[m])
	}
	e.u(uint64(len(n.lit)))
	for _, k := range sortedKeys(n.lit) {
		e.s(k)
		e.node(n.lit[k])
	}
	e.flag(n.param != nil)
	if n.param != nil {
		e.node(n.param)
	}
}

func (e *encoder) agg(a *agg) {
	e.u(a.hits)
	e.i(a.first)
	e.i(a.last)
	sts := make([]int, 0, len(a.statuses))
	for s := range a.statuses {
		sts = append(sts, s)
	}
	sort.Ints(sts)
	e.u(uint64(len(sts)))
	for _, s := range sts {
		e.u(uint64(s))
		e.u(a.statuses[s])
	}
	e.u(a.unauthHits)
	e.u(a.unauth2xx)
	e.counts(a.authKinds)
	e.counts(a.jwtAlgs)
	e.counts(a.jwtClaims)
	e.counts(a.sensitive)
	e.counts(a.reqCT)
	e.counts(a.respCT)
	e.u(uint64(len(a.query)))
	for _, k := range sortedKeys(a.query) {
		q := a.query[k]
		e.s(k)
		e.u(q.count)
		for _, v := range q.kinds {
			e.u(v)
		}
	}
	e.shape(a.reqShape, 0)
	e.shape(a.respShape, 0)
	e.u(a.shapeSamples)
	e.flag(a.lat != nil)
	if a.lat != nil {
		e.u(a.lat.count)
		e.f(a.lat.sum)
		e.f(a.lat.min)
		e.f(a.lat.max)
		for _, v := range a.lat.buckets {
			e.u(uint64(v))
		}
	}
	e.flag(a.hll != nil)
	if a.hll != nil {
		e.b = append(e.b, a.hll.reg[:]...)
	}
	e.u(uint64(len(a.examples)))
	for _, x := range a.examples {
		e.s(x)
	}
	e.b = binary.LittleEndian.AppendUint64(e.b, a.page)
	e.flag(a.grpc != nil)
	if g := a.grpc; g != nil {
		e.counts(g.statuses)
		e.u(g.reqMsgs)
		e.u(g.respMsgs)
	}
	e.b = binary.LittleEndian.AppendUint64(e.b, a.redir)
	e.flag(a.tl != nil)
	if tl := a.tl; tl != nil {
		e.u(uint64(tl.width))
		e.i(tl.lo)
		for _, v := range tl.n {
			e.u(uint64(v))
		}
	}
	if e.v >= 11 {
		e.u(a.quoted403)
	}
}

func (e *encoder) shape(s *Shape, depth int) {
	if s == nil || depth > maxDecodeDep-2 {
		e.byte1(0)
		return
	}
	e.byte1(1)
	e.s(s.Type)
	e.s(s.Format)
	e.flag(s.Nullable)
	e.u(uint64(len(s.Properties)))
	for _, k := range sortedKeys(s.Properties) {
		e.s(k)
		e.shape(s.Properties[k], depth+1)
	}
	e.shape(s.Items, depth+1)
}

type decoder struct {
	b      []byte
	err    error
	kinds  int  // kind counters per node in this version
	joined bool // nodes carry their joined view words (version 3)
	flags  bool // nodes carry a flags byte, hosts their value hashes (version 4)
	pages  bool // aggregates and fallback nodes carry page fingerprints (version 5)
	assets bool // a fallback node may serve static files too (flag 32, version 8)
	// notFound: noise entries carry their 404 fingerprint and miss flag
	// (version 6)
	notFound bool
	timeline bool // version 7: hits over time
	nfPages  bool // version 9: noise entries carry their two 404 pages
	shared   bool // version 10: shared literals and keyed rest parameters (flags 64 and 128)
	settle   bool // version 11: settle's evidence (parent value hashes, quoted 403s and 404 records)
	echo     bool // version 12: the values noted only in echoes (valueSet.echo)
}

// hashes reads a count and that many 8-byte little-endian value hashes,
// at most limit of them.
func (d *decoder) hashes(limit int, tooMany string) []uint64 {
	n := d.count(8)
	if n > limit {
		d.fail(tooMany)
	}
	var out []uint64
	for i := 0; i < n && d.err == nil; i++ {
		if len(d.b) < 8 {
			d.fail("short value hash")
			break
		}
		out = append(out, binary.LittleEndian.Uint64(d.b))
		d.b = d.b[8:]
	}
	return out
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrCorruptState, what)
	}
}

func (d *decoder) u() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) i() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.fail("bad varint")
		return 0
	}
	d.b = d.b[n:]
	return v
}

// count reads a length that must fit in the remaining bytes (each element
// takes at least min bytes), so corrupt counts cannot cause huge
// allocations.
func (d *decoder) count(min int) int {
	v := d.u()
	if d.err != nil {
		return 0
	}
	if v > uint64(len(d.b)/min) {
		d.fail("count exceeds data")
		return 0
	}
	return int(v)
}

func (d *decoder) s() string {
	n := d.count(1)
	if d.err != nil {
		return ""
	}
	v := string(d.b[:n])
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte1() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 1 {
		d.fail("truncated")
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *decoder) flag() bool {
	v := d.byte1()
	if v > 1 {
		d.fail("bad flag")
	}
	return v == 1
}

func (d *decoder) u64() uint64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

func (d *decoder) f() float64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.fail("truncated")
		return 0
	}
	v := math.Float64frombits(binary.LittleEndian.Uint64(d.b))
	d.b = d.b[8:]
	if math.IsNaN(v) || math.IsInf(v, 0) {
		d.fail("bad float")
		return 0
	}
	return v
}

func (d *decoder) counts() map[string]uint64 {
	n := d.count(2)
	if n == 0 {
		return nil
	}
	m := make(map[string]uint64, n)
	for i := 0; i < n && d.err == nil; i++ {
		k := d.s()
		m[k] += d.u()
	}
	return m
}

func (d *decoder) node(depth int) *node {
	if depth > maxDecodeDep {
		d.fail("trie too deep")
		return nil
	}
	n := &node{}
	n.hits = d.u()
	acc := d.u()
	if acc >= 1<<numClasses {
		d.fail("bad word classes")
	}
	n.accepts = uint16(acc)
	n.anyValue = d.flag()
	n.name = d.s()
	for i := 0; i < d.kinds; i++ {
		n.kinds[i] = d.u()
	}
	n.yearLike = d.u()
	n.pat.n = d.u()
	n.pat.mask = d.byte1()
	minLen, maxLen := d.u(), d.u()
	if minLen > maxLen || maxLen > 65535 {
		d.fail("bad pattern lengths")
	}
	n.pat.minLen, n.pat.maxLen = uint16(minLen), uint16(maxLen)
	n.pat.noDigitSeen = d.flag()
	if d.joined {
		nj := d.count(1)
		if nj > maxJoinedWords {
			d.fail("too many joined words")
		}
		for i := 0; i < nj && d.err == nil; i++ {
			n.addJoined(d.s())
		}
	}
	if d.flags {
		f := d.byte1()
		if f&12 != 0 && !d.pages || f&16 != 0 && !d.notFound || f&32 != 0 && (!d.assets || f&4 == 0) || f&192 != 0 && !d.shared || f&128 != 0 && f&2 == 0 {
			d.fail("bad node flags")
		}
		var f2 byte
		if d.settle {
			if f2 = d.byte1(); f2&^1 != 0 {
				d.fail("bad node flags")
			}
		}
		n.valued = f&1 != 0
		n.shared = f&64 != 0
		n.keyed = f&128 != 0
		n.rest = f&2 != 0
		n.rpc = f&16 != 0
		n.assets = f&32 != 0
		if f&4 != 0 {
			n.page = d.u64()
			if n.page <= pageOther || !n.rest {
				d.fail("bad fallback page")
			}
		}
		if f&8 != 0 {
			nv := d.count(8)
			if nv > maxParamValues {
				d.fail("too many parameter values")
			}
			for i := 0; i < nv && d.err == nil; i++ {
				n.addVal(d.u64())
			}
		}
		if f2&1 != 0 {
			n.pv = d.u64()
		}
	}
	nm := d.count(2)
	for i := 0; i < nm && d.err == nil; i++ {
		m := d.s()
		a := d.agg()
		if d.err == nil {
			if n.methods == nil {
				n.methods = make(map[string]*agg, nm)
			}
			if old := n.methods[m]; old != nil {
				old.merge(a, len(old.examples)+len(a.examples))
			} else {
				n.methods[m] = a
			}
		}
	}
	nl := d.count(2)
	for i := 0; i < nl && d.err == nil; i++ {
		k := d.s()
		c := d.node(depth + 1)
		if d.err == nil {
			if n.lit == nil {
				n.lit = make(map[string]*node, nl)
			}
			if n.lit[k] != nil {
				d.fail("duplicate literal")
				return nil
			}
			n.lit[k] = c
		}
	}
	if d.flag() {
		n.param = d.node(depth + 1)
	}
	return n
}

func (d *decoder) agg() *agg {
	a := &agg{}
	a.hits = d.u()
	a.first = d.i()
	a.last = d.i()
	ns := d.count(2)
	for i := 0; i < ns && d.err == nil; i++ {
		s := d.u()
		if s > 999 {
			d.fail("bad status")
			break
		}
		if a.statuses == nil {
			a.statuses = make(map[int]uint64, ns)
		}
		a.statuses[int(s)] += d.u()
	}
	a.unauthHits = d.u()
	a.unauth2xx = d.u()
	a.authKinds = d.counts()
	a.jwtAlgs = d.counts()
	a.jwtClaims = d.counts()
	a.sensitive = d.counts()
	a.reqCT = d.counts()
	a.respCT = d.counts()
	nq := d.count(2)
	for i := 0; i < nq && d.err == nil; i++ {
		k := d.s()
		q := &paramStat{count: d.u()}
		for j := range q.kinds {
			q.kinds[j] = d.u()
		}
		if a.query == nil {
			a.query = make(map[string]*paramStat, nq)
		}
		a.query[k] = q
	}
	a.reqShape = d.shape(0)
	a.respShape = d.shape(0)
	a.shapeSamples = d.u()
	if d.flag() {
		l := &latencySketch{count: d.u(), sum: d.f(), min: d.f(), max: d.f()}
		for j := range l.buckets {
			v := d.u()
			if v > math.MaxUint32 {
				d.fail("bad latency bucket")
			}
			l.buckets[j] = uint32(v)
		}
		a.lat = l
	}
	if d.flag() {
		if len(d.b) < 256 {
			d.fail("truncated")
		} else {
			a.hll = &hll{}
			copy(a.hll.reg[:], d.b[:256])
			d.b = d.b[256:]
		}
	}
	ne := d.count(1)
	for i := 0; i < ne && d.err == nil; i++ {
		a.examples = append(a.examples, d.s())
	}
	if d.pages {
		a.page = d.u64()
	}
	if d.notFound {
		if d.flag() {
			a.grpc = &grpcAgg{statuses: d.counts(), reqMsgs: d.u(), respMsgs: d.u()}
		}
		a.redir = d.u64()
	}
	if d.timeline && d.flag() {
		tl := &timeline{width: int64(d.u()), lo: d.i()}
		for i := range tl.n {
			tl.n[i] = uint32(min(d.u(), uint64(^uint32(0))))
		}
		// a width that is not a second times a power of two would never
		// align with another timeline: drop it rather than mis-merge
		if w := tl.width; w >= timelineMinWidth && w%timelineMinWidth == 0 && (w/timelineMinWidth)&(w/timelineMinWidth-1) == 0 {
			a.tl = tl
		}
	}
	if d.settle {
		a.quoted403 = d.u()
	}
	return a
}

func (d *decoder) shape(depth int) *Shape {
	if d.byte1() == 0 || d.err != nil {
		return nil
	}
	if depth > maxDecodeDep {
		d.fail("shape too deep")
		return nil
	}
	s := &Shape{Type: d.s(), Format: d.s(), Nullable: d.flag()}
	np := d.count(2)
	for i := 0; i < np && d.err == nil; i++ {
		k := d.s()
		if s.Properties == nil {
			s.Properties = make(map[string]*Shape, np)
		}
		s.Properties[k] = d.shape(depth + 1)
	}
	s.Items = d.shape(depth + 1)
	return s
}

// LoadHost merges a stored host state (from MarshalHost) into the
// inventory: counts add, sketches merge, tries merge (and, when the host
// already had state, sibling collapse is re-checked on the merged
// evidence). Loading into an empty inventory reproduces the stored
// endpoints exactly. A blob that does not decode gives an error wrapping
// ErrCorruptState and leaves the inventory unchanged.
func (inv *Inventory) LoadHost(host string, data []byte) error {
	if host == TLSKey {
		return inv.loadTLS(data)
	}
	d := &decoder{b: data}
	if len(data) < len(codecMagic)+1 || string(data[:len(codecMagic)]) != codecMagic {
		return fmt.Errorf("%w: bad magic", ErrCorruptState)
	}
	d.b = d.b[len(codecMagic):]
	v := d.byte1()
	switch v {
	case codecVersion, 11, 10, 9, 8, 7:
		d.kinds = int(numKinds)
		d.joined = true
		d.flags = true
		d.pages = true
		d.notFound = true
		d.timeline = true
		d.assets = v >= 8
		d.nfPages = v >= 9
		d.shared = v >= 10
		d.settle = v >= 11
		d.echo = v >= 12
	case 6:
		d.kinds = int(numKinds)
		d.joined = true
		d.flags = true
		d.pages = true
		d.notFound = true
	case 5:
		d.kinds = int(numKinds)
		d.joined = true
		d.flags = true
		d.pages = true
	case 4:
		d.kinds = int(numKinds)
		d.joined = true
		d.flags = true
	case 3:
		d.kinds = int(numKinds)
		d.joined = true
	case 2:
		d.kinds = int(numKinds)
	case 1:
		d.kinds = int(KindCode) // version 1 ended at KindString
	default:
		// (a byte of 128 or more is no version a release will reach: damage)
		if v > codecVersion && v < 128 {
			return fmt.Errorf("%w (format version %d; this build reads up to %d)", ErrNewerState, v, codecVersion)
		}
		return fmt.Errorf("%w: unsupported version %d", ErrCorruptState, v)
	}
	name := d.s()
	if d.err == nil && name != host {
		return fmt.Errorf("%w: blob is for host %.80q, not %.80q", ErrCorruptState, name, host)
	}
	root := d.node(0)
	nn := d.count(3)
	type ne struct {
		method, path string
		a            *agg
		nf           uint64
		nfMiss       bool
		nfPages      [2]uint64
		from, to     int8
	}
	var noise []ne
	for i := 0; i < nn && d.err == nil; i++ {
		m, p := d.s(), d.s()
		a := d.agg()
		x := ne{method: m, path: p, a: a}
		if d.notFound {
			x.nf = d.u64()
			x.nfMiss = d.flag()
		}
		if d.nfPages {
			x.nfPages = addPage(addPage([2]uint64{}, d.u64()), d.u64())
		}
		if d.settle {
			from, to := d.i(), d.i()
			if from < 0 || to < 0 || from > math.MaxInt8 || to > math.MaxInt8 {
				d.fail("bad quoted record")
			}
			x.from, x.to = int8(from), int8(to)
		}
		noise = append(noise, x)
	}
	var vals, echo []uint64
	if d.flags {
		vals = d.hashes(maxValuesPerHost, "too many values")
	}
	if d.echo && d.err == nil {
		echo = d.hashes(maxEchoValues, "too many echoed values")
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("trailing bytes")
	}
	if d.err != nil {
		return d.err
	}
	existed := inv.hosts[host] != nil
	_, loadedEP := root.countSubtree()
	h := inv.host(host, loadedEP > 0)
	if h == nil {
		return fmt.Errorf("inventory: loading host %.80q: host cap %d reached", host, inv.cfg.MaxHosts)
	}
	_, oldEP := h.root.countSubtree()
	if existed {
		mergeNode(h.root, root, inv.cfg.MaxChildrenPerNode, inv.cfg.MaxExamples)
	} else {
		h.root = root
	}
	if len(vals) > 0 {
		if h.vals == nil {
			h.vals = &valueSet{}
		}
		var echoed map[uint64]bool
		for _, v := range echo {
			if echoed == nil {
				echoed = make(map[uint64]bool, len(echo))
			}
			echoed[v] = true
			h.vals.noteEcho(v) // (not if this process knew it otherwise)
		}
		for _, v := range vals {
			if !echoed[v] {
				h.vals.clearEcho(v) // the stored state knew it otherwise
			}
			h.vals.add(v)
		}
	}
	for _, e := range noise {
		key := e.method + " " + e.path
		if x := h.noise[key]; x != nil {
			x.agg.merge(e.a, inv.cfg.MaxExamples)
			switch {
			case x.nf == 0:
				x.nf = e.nf
				x.valFrom, x.valTo = e.from, e.to
			case e.nf != 0 && e.nf != x.nf:
				x.nf = nfMixed
			case e.nf != 0 && (e.from != x.valFrom || e.to != x.valTo):
				x.valFrom, x.valTo = 0, 0 // as noteNotFound: quoted differently
			}
			x.nfMiss = x.nfMiss || e.nfMiss
			x.nfPages = addPage(addPage(x.nfPages, e.nfPages[0]), e.nfPages[1])
			continue
		}
		if len(h.noise) >= inv.cfg.MaxNoisePerHost {
			inv.stats.NoiseOverflow++
			continue
		}
		h.noise[key] = &noiseEntry{method: key[:len(e.method)], path: key[len(e.method)+1:], agg: *e.a, nf: e.nf, nfMiss: e.nfMiss, nfPages: e.nfPages,
			valFrom: e.from, valTo: e.to}
	}
	if existed {
		inv.recheck(h, h.root, nil, 0)
	}
	h.settled = false
	h.stored = true
	nodes, eps := h.root.countSubtree()
	h.nodes = nodes
	h.endpoints = eps
	inv.endpoints += eps - oldEP
	return nil
}
