package inventory

import (
	"bytes"
	"net/url"
	"sort"
	"strings"
	"unsafe"
)

// Query value kinds beyond the segment kinds.
const (
	vkBool = int(numKinds) + iota
	vkNumber
	vkEmpty
	numValueKinds
)

func valueKind(v string) int {
	if v == "" {
		return vkEmpty
	}
	if v == "true" || v == "false" {
		return vkBool
	}
	if isNumber(v) {
		if strings.IndexAny(v, ".eE") >= 0 {
			return vkNumber
		}
		return int(KindInt)
	}
	if len(v) > 128 {
		return int(KindString)
	}
	return int(classify(v, ""))
}

func isNumber(v string) bool {
	i := 0
	if v[0] == '-' || v[0] == '+' {
		i = 1
	}
	digits, dots := 0, 0
	for ; i < len(v); i++ {
		switch c := v[i]; {
		case isDigit(c):
			digits++
		case c == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}

// valueKindOf names the dominant kind of a query parameter's values
// ("string" when no kind has 90%).
func valueKindOf(h *[numValueKinds]uint64) string {
	var total, best uint64
	bk := int(KindWord)
	for k, v := range h {
		if k == vkEmpty {
			continue
		}
		total += v
		if v > best {
			best, bk = v, k
		}
	}
	if total == 0 || best*10 < total*9 {
		return "string"
	}
	switch bk {
	case vkBool:
		return "boolean"
	case vkNumber:
		return "number"
	}
	return Kind(bk).String()
}

// recordQuery counts query parameter names and value kinds, and returns
// the sensitive kinds found in the values.
func (inv *Inventory) recordQuery(a *agg, q string) uint32 {
	var m uint32
	for len(q) > 0 {
		var part string
		part, q, _ = strings.Cut(q, "&")
		name, val, _ := strings.Cut(part, "=")
		if strings.ContainsAny(name, "%+") {
			if d, err := url.QueryUnescape(name); err == nil {
				name = d
			}
		}
		if name == "" || len(name) > 64 {
			continue
		}
		if mayHoldSensitive(name) {
			// a name that is a value (?jane@example.com=1) is stored as its kind
			if sm, ph := nameSensitive(bytesOf(name)); sm != 0 {
				name, m = ph, m|sm
			}
		}
		st := a.query[name]
		if st == nil {
			if len(a.query) >= inv.cfg.MaxQueryParams {
				inv.stats.QueryParamOverflow++
				continue
			}
			if a.query == nil {
				a.query = make(map[string]*paramStat, 4)
			}
			st = &paramStat{}
			a.query[strings.Clone(name)] = st
		}
		if strings.ContainsAny(val, "%+") {
			if d, err := url.QueryUnescape(val); err == nil {
				val = d
			}
		}
		st.count++
		st.kinds[valueKind(val)]++
		if len(val) >= 2 && identifierKey(name) {
			noteValue(inv, val)
		}
		if val != "" {
			if passwordField([]byte(name)) {
				m |= 1 << sensPassword
			}
			if len(val) >= 6 && inv.scanning {
				m |= scanString(val)
			}
		}
	}
	return m
}

func isJSONType(ct string) bool {
	return ct == "application/json" || strings.HasSuffix(ct, "+json") || strings.Contains(ct, "json")
}

func isTextType(ct string) bool {
	return strings.HasPrefix(ct, "text/") || strings.Contains(ct, "xml") || strings.Contains(ct, "javascript") ||
		strings.Contains(ct, "graphql") || strings.Contains(ct, "yaml")
}

// body scans one body for sensitive data and, when sampled, merges its
// shape into *dst.
func (inv *Inventory) body(dst **Shape, ct string, b []byte, sample bool) uint32 {
	if len(b) == 0 {
		return 0
	}
	if len(b) > inv.cfg.MaxScanBytes {
		b = b[:inv.cfg.MaxScanBytes]
	}
	if ct == "" || strings.IndexByte(ct, '/') < 0 || strings.IndexByte(ct, '*') >= 0 {
		// no type, or none a body can have ("*", "*/*": a gateway that
		// echoed the client's Accept): the bytes say
		ct = sniff(b)
	}
	switch {
	case isJSONType(ct):
		var m uint32
		if inv.scanning {
			m = scanText(b)
		}
		if sample {
			p := shapeParser{b: b, maxDepth: inv.cfg.MaxShapeDepth, maxProps: inv.cfg.MaxShapeProps, inv: inv}
			if inv.curVals != nil {
				p.hold, p.pend = true, inv.pend[:0]
			}
			p.skipWS()
			*dst = p.parse(*dst, 0, nil)
			if p.hold {
				if !p.descriptor {
					for _, v := range p.pend {
						noteValue(inv, v)
					}
				}
				clear(p.pend) // b is not kept
				inv.pend = p.pend[:0]
			}
			if p.bad {
				inv.stats.BadJSON++
			}
			if p.truncated {
				inv.stats.ShapeTruncated++
			}
			m |= p.sens
		}
		return m
	case ct == "application/x-www-form-urlencoded":
		return inv.form(dst, string(b), sample)
	case isTextType(ct) && inv.scanning:
		return scanText(b)
	}
	return 0
}

func sniff(b []byte) string {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return "application/json"
		}
		break
	}
	for _, c := range b[:min(len(b), 512)] {
		if c < 0x09 || c > 0x0d && c < 0x20 {
			return "application/octet-stream"
		}
	}
	return "text/plain"
}

// form records a urlencoded body's field names as an object shape.
func (inv *Inventory) form(dst **Shape, body string, sample bool) uint32 {
	var m uint32
	var s *Shape
	if sample {
		s = *dst
		if s == nil || s.Type != "object" {
			if s != nil && s.Type != "object" {
				sample = false
			} else {
				s = &Shape{Type: "object"}
			}
		}
	}
	for len(body) > 0 {
		var part string
		part, body, _ = strings.Cut(body, "&")
		name, val, _ := strings.Cut(part, "=")
		if d, err := url.QueryUnescape(name); err == nil {
			name = d
		}
		if d, err := url.QueryUnescape(val); err == nil {
			val = d
		}
		if name == "" || len(name) > 64 {
			continue
		}
		if mayHoldSensitive(name) {
			if sm, ph := nameSensitive(bytesOf(name)); sm != 0 {
				name, m = ph, m|sm
			}
		}
		if val != "" && passwordField([]byte(name)) {
			m |= 1 << sensPassword
		}
		if val != "" && nationalIDField([]byte(name)) {
			m |= 1 << sensNationalID
		}
		if len(val) >= 6 && inv.scanning {
			m |= scanString(val)
		}
		if sample {
			if s.Properties == nil {
				s.Properties = make(map[string]*Shape, 4)
			}
			if s.Properties[name] == nil {
				if len(s.Properties) >= inv.cfg.MaxShapeProps {
					inv.stats.ShapeTruncated++
					continue
				}
				s.Properties[name] = &Shape{Type: "string"}
			}
		}
	}
	if sample {
		*dst = s
	}
	return m
}

// shapeParser infers a JSON shape in one pass without keeping values.
// Objects deeper than maxDepth and properties past maxProps are skipped
// (truncated); at most 32 array items are inspected.
type shapeParser struct {
	b                  []byte
	i                  int
	maxDepth, maxProps int
	truncated, bad     bool
	sens               uint32
	inv                *Inventory // notes string values (value provenance) when set
	// hold: the body's identifier values wait in pend (slices of b) until
	// the whole body is read, and are noted only if no object in it turned
	// out to be a type descriptor (descriptor). (Cheaper than a search of
	// every body for the descriptor keys first: two scans of each body.)
	hold, descriptor bool
	pend             [][]byte
}

// maxPendingValues bounds pend: values past it are noted at once (a
// body with more names than a host's value set holds says nothing more).
const maxPendingValues = maxValuesPerHost

// typeDescriptorKey reports whether an object with JSON key k describes a
// type or resource kind of the API rather than a record. A body that holds
// one is the API describing itself: the names in it (a resource "pods", an
// API group "apps", a content type "articles") are what the server mounts
// routes under, as "pluralName" values are (identifierKey), not values a
// client puts into a path. Kubernetes' discovery answers list their
// resources so ({"name":"pods","singularName":"pod"}, "singularResource"
// in the aggregated form that names each group), and so do content-type
// schemas (Strapi's {"singularName","pluralName"}).
func typeDescriptorKey(k []byte) bool {
	switch string(k) {
	case "singularName", "pluralName", "singular_name", "plural_name", "singularResource":
		return true
	}
	return false
}

func (p *shapeParser) skipWS() {
	for p.i < len(p.b) {
		switch p.b[p.i] {
		case ' ', '\t', '\r', '\n':
			p.i++
		default:
			return
		}
	}
}

// typed returns dst converted to typ, or nil when dst holds another type
// (the value is then parsed and dropped).
func typed(dst *Shape, typ string) (*Shape, bool) {
	switch {
	case dst == nil:
		return &Shape{Type: typ}, true
	case dst.Type == typ:
		return dst, true
	case dst.Type == "null":
		dst.Type = typ
		dst.Nullable = true
		return dst, true
	case typ == "integer" && dst.Type == "number":
		return dst, true
	case typ == "number" && dst.Type == "integer":
		dst.Type = "number"
		return dst, true
	}
	return nil, false
}

// parse parses the value at p.i and returns dst with it merged in.
func (p *shapeParser) parse(dst *Shape, depth int, key []byte) *Shape {
	if p.bad || p.i >= len(p.b) {
		p.bad = true
		return dst
	}
	switch c := p.b[p.i]; {
	case c == '{':
		s, ok := typed(dst, "object")
		if !ok {
			p.skipValue()
			return dst
		}
		p.i++
		p.skipWS()
		if p.i < len(p.b) && p.b[p.i] == '}' {
			p.i++
			return s
		}
		for {
			p.skipWS()
			k, ok := p.str()
			if !ok {
				p.bad = true
				return s
			}
			p.skipWS()
			if p.i >= len(p.b) || p.b[p.i] != ':' {
				p.bad = true
				return s
			}
			p.i++
			p.skipWS()
			if p.hold && !p.descriptor && typeDescriptorKey(k) {
				p.descriptor = true
			}
			if mayHoldSensitive(k) {
				// an object keyed by e-mail addresses or card numbers: the
				// shape keeps the kind, never the key
				if sm, ph := nameSensitive(k); sm != 0 {
					k, p.sens = []byte(ph), p.sens|sm
				}
			}
			if ph := idKey(k); ph != "" {
				// an object keyed by ids (a map: {"212227000": {...}}):
				// the keys are data, so the shape keeps their kind
				k = bytesOf(ph) // read only below
			}
			child := s.Properties[string(k)]
			switch {
			case depth+1 >= p.maxDepth:
				p.truncated = true
				p.skipValue()
			case child == nil && len(s.Properties) >= p.maxProps:
				p.truncated = true
				p.skipValue()
			default:
				nc := p.parse(child, depth+1, k)
				if child == nil && nc != nil {
					if s.Properties == nil {
						s.Properties = make(map[string]*Shape, 8)
					}
					s.Properties[string(k)] = nc
				}
			}
			if p.bad {
				return s
			}
			p.skipWS()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == '}' {
				p.i++
				return s
			}
			p.bad = true
			return s
		}
	case c == '[':
		s, ok := typed(dst, "array")
		if !ok {
			p.skipValue()
			return dst
		}
		p.i++
		p.skipWS()
		if p.i < len(p.b) && p.b[p.i] == ']' {
			p.i++
			return s
		}
		for n := 0; ; n++ {
			p.skipWS()
			if n < 32 && depth+1 < p.maxDepth {
				s.Items = p.parse(s.Items, depth+1, key)
			} else {
				if depth+1 >= p.maxDepth {
					p.truncated = true
				}
				p.skipValue()
			}
			if p.bad {
				return s
			}
			p.skipWS()
			if p.i < len(p.b) && p.b[p.i] == ',' {
				p.i++
				continue
			}
			if p.i < len(p.b) && p.b[p.i] == ']' {
				p.i++
				return s
			}
			p.bad = true
			return s
		}
	case c == '"':
		v, ok := p.str()
		if !ok {
			p.bad = true
			return dst
		}
		if p.inv != nil && (identifierKey(key) || typeValue(key, v) || relativeURLValue(key, v)) {
			if p.hold && len(p.pend) < maxPendingValues {
				p.pend = append(p.pend, v)
			} else {
				noteValue(p.inv, v)
			}
		}
		s, ok := typed(dst, "string")
		if !ok {
			return dst
		}
		if key != nil && len(v) > 0 {
			switch {
			case passwordField(key):
				p.sens |= 1 << sensPassword
			case phoneField(key) && phoneLike(v):
				p.sens |= 1 << sensPhone
			case nationalIDField(key):
				p.sens |= 1 << sensNationalID
			}
		}
		f := ""
		if len(v) <= 64 && len(v) > 0 {
			f = stringFormat(v)
		}
		if dst == nil {
			s.Format = f
		} else if s.Format != f {
			s.Format = ""
		}
		return s
	case c == 't' || c == 'f':
		if !p.literal("true") && !p.literal("false") {
			p.bad = true
			return dst
		}
		s, ok := typed(dst, "boolean")
		if !ok {
			return dst
		}
		return s
	case c == 'n':
		if !p.literal("null") {
			p.bad = true
			return dst
		}
		if dst == nil {
			return &Shape{Type: "null"}
		}
		if dst.Type != "null" {
			dst.Nullable = true
		}
		return dst
	case c == '-' || isDigit(c):
		start := p.i
		isFloat := false
		for p.i < len(p.b) {
			c := p.b[p.i]
			if isDigit(c) || c == '-' || c == '+' {
				p.i++
			} else if c == '.' || c == 'e' || c == 'E' {
				isFloat = true
				p.i++
			} else {
				break
			}
		}
		if p.i == start {
			p.bad = true
			return dst
		}
		typ := "integer"
		if isFloat {
			typ = "number"
		}
		if key != nil && !isFloat && nationalIDField(key) {
			p.sens |= 1 << sensNationalID
		}
		s, ok := typed(dst, typ)
		if !ok {
			return dst
		}
		return s
	}
	p.bad = true
	return dst
}

func phoneLike(v []byte) bool {
	nd := 0
	for _, c := range v {
		if isDigit(c) {
			nd++
		} else if !strings.ContainsRune(" +-().", rune(c)) {
			return false
		}
	}
	return nd >= 7 && nd <= 15
}

// stringFormat is formatOf(classify(string(v), "")), skipping classify for
// strings that cannot have a format: every kind formatOf names needs one of
// '@' (email), '-' (uuid, date, date-time), ':' (date-time, ipv6) or '.'
// (ipv4; also any file-name stem classify judges).
func stringFormat(v []byte) string {
	if bytes.IndexAny(v, "@-:.") < 0 {
		return ""
	}
	// Only these can have a format, so most names, codes and URLs need no
	// classify: a value starting with a digit (date, date-time, IPv4), 36
	// bytes long (UUID), with an '@' (e-mail) or two ':' or more (IPv6).
	if !isDigit(v[0]) && len(v) != 36 && bytes.IndexByte(v, '@') < 0 {
		c := bytes.IndexByte(v, ':')
		if c < 0 || bytes.IndexByte(v[c+1:], ':') < 0 {
			return ""
		}
	}
	// classify keeps nothing of its argument (its parameter leaks only
	// into netip's parse errors, dropped at once), so the body's bytes are
	// viewed, not copied: one allocation less per string value.
	return formatOf(classify(unsafe.String(unsafe.SliceData(v), len(v)), ""))
}

func formatOf(k Kind) string {
	switch k {
	case KindEmail:
		return "email"
	case KindUUID:
		return "uuid"
	case KindDate:
		return "date"
	case KindDateTime:
		return "date-time"
	case KindIPv4:
		return "ipv4"
	case KindIPv6:
		return "ipv6"
	}
	return ""
}

func (p *shapeParser) literal(w string) bool {
	if p.i+len(w) <= len(p.b) && string(p.b[p.i:p.i+len(w)]) == w {
		p.i += len(w)
		return true
	}
	return false
}

// str reads a JSON string at p.i and returns its raw (still escaped)
// content.
func (p *shapeParser) str() ([]byte, bool) {
	if p.i >= len(p.b) || p.b[p.i] != '"' {
		return nil, false
	}
	start := p.i + 1
	for j := start; j < len(p.b); j++ {
		switch p.b[j] {
		case '\\':
			j++
		case '"':
			p.i = j + 1
			return p.b[start:j], true
		}
	}
	p.i = len(p.b)
	return nil, false
}

// skipValue skips one value without recursion (deep nesting cannot exhaust
// the stack).
func (p *shapeParser) skipValue() {
	depth := 0
	for p.i < len(p.b) {
		c := p.b[p.i]
		switch c {
		case '"':
			if _, ok := p.str(); !ok {
				p.bad = true
				return
			}
			if depth == 0 {
				return
			}
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth < 0 {
				p.bad = true
				return
			}
			if depth == 0 {
				p.i++
				return
			}
		case ',', ':', ' ', '\t', '\r', '\n':
			if depth == 0 {
				return
			}
		default:
			if depth == 0 {
				// scalar: run to the next delimiter
				for p.i < len(p.b) && strings.IndexByte(",}] \t\r\n", p.b[p.i]) < 0 {
					p.i++
				}
				return
			}
		}
		p.i++
	}
	if depth > 0 {
		p.bad = true
	}
}

// mergeShape merges b into a (a may be nil) and returns the result; b is
// not modified or shared.
func mergeShape(a, b *Shape) *Shape {
	return mergeShapeDepth(a, b, 0)
}

func mergeShapeDepth(a, b *Shape, depth int) *Shape {
	if b == nil {
		return a
	}
	if a == nil {
		return cloneShape(b)
	}
	if depth > 32 {
		return a
	}
	if b.Type == "null" {
		if a.Type != "null" {
			a.Nullable = true
		}
		return a
	}
	s, ok := typed(a, b.Type)
	if !ok {
		return a
	}
	if b.Nullable {
		s.Nullable = true
	}
	if s.Format != b.Format {
		s.Format = ""
	}
	for k, v := range b.Properties {
		if s.Properties == nil {
			s.Properties = make(map[string]*Shape, len(b.Properties))
		}
		s.Properties[k] = mergeShapeDepth(s.Properties[k], v, depth+1)
	}
	if b.Items != nil {
		s.Items = mergeShapeDepth(s.Items, b.Items, depth+1)
	}
	return s
}

func cloneShape(s *Shape) *Shape {
	if s == nil {
		return nil
	}
	c := &Shape{Type: s.Type, Format: s.Format, Nullable: s.Nullable, Items: cloneShape(s.Items)}
	if len(s.Properties) > 0 {
		c.Properties = make(map[string]*Shape, len(s.Properties))
		for k, v := range s.Properties {
			c.Properties[k] = cloneShape(v)
		}
	}
	return c
}

// respKeyHash fingerprints the top-level keys of the response shape (or of
// its array items); 0 when there is no object shape.
func (a *agg) respKeyHash() uint64 {
	s := a.respShape
	prefix := byte('o')
	if s != nil && s.Type == "array" && s.Items != nil {
		s, prefix = s.Items, 'a'
	}
	if s == nil || s.Type != "object" || len(s.Properties) == 0 {
		return 0
	}
	keys := make([]string, 0, len(s.Properties))
	for k := range s.Properties {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return fnv64([]byte{prefix}, []byte(strings.Join(keys, "\x00")))
}

// idKeys are the placeholders idKey gives, one per kind.
var idKeys [numKinds]string

func init() {
	for k := KindInt; k < numKinds; k++ {
		idKeys[k] = "{" + k.String() + "}"
	}
}

// idKey returns the placeholder of an object key that is an identifier (a
// number, a UUID, an e-mail, a token ...) or "": such keys are values. Only
// keys with a digit or an '@' are classified; names are left as they are.
func idKey(k []byte) string {
	digit := false
	for _, c := range k {
		if c >= '0' && c <= '9' || c == '@' {
			digit = true
			break
		}
	}
	if !digit || len(k) > maxLiteralLen {
		return ""
	}
	// (zero-copy, as for values above: classify keeps nothing, and this
	// runs for every key of every body the shape parser reads)
	if kind := classify(unsafe.String(unsafe.SliceData(k), len(k)), ""); kind.IsID() && kind != KindCode {
		return idKeys[kind]
	}
	return ""
}
