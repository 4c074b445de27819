package reassembly

import (
	"bytes"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
)

// findHeaderEnd returns the index just past the blank line that ends the
// header block in buf, searching from from; -1 if the block is not complete.
// LF-only line ends are accepted.
func findHeaderEnd(buf []byte, from int) int {
	// One pass over the line ends: the block ends at the first LF followed
	// by LF or by CR LF (whichever starts first).
	for i := from; i < len(buf); {
		j := bytes.IndexByte(buf[i:], '\n')
		if j < 0 {
			return -1
		}
		i += j + 1
		if i < len(buf) && buf[i] == '\n' {
			return i + 1
		}
		if i+1 < len(buf) && buf[i] == '\r' && buf[i+1] == '\n' {
			return i + 2
		}
	}
	return -1
}

func isTchar(c byte) bool {
	switch {
	case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		return true
	}
	switch c {
	case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~':
		return true
	}
	return false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// lineOf returns the first line of b without its CR LF, and whether the line
// end was found.
func lineOf(b []byte) ([]byte, bool) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return b, false
	}
	l := b[:i]
	if len(l) > 0 && l[len(l)-1] == '\r' {
		l = l[:len(l)-1]
	}
	return l, true
}

// isStatusLine reports whether line is "HTTP/d.d ddd[ reason]".
func isStatusLine(line []byte) bool {
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/")) {
		return false
	}
	if !isDigit(line[5]) || line[6] != '.' || !isDigit(line[7]) || line[8] != ' ' {
		return false
	}
	if !isDigit(line[9]) || !isDigit(line[10]) || !isDigit(line[11]) {
		return false
	}
	return len(line) == 12 || line[12] == ' ' || line[12] == '\t'
}

// methodLen returns the length of the method token at the start of line when
// it is followed by a space, else 0.
func methodLen(line []byte) int {
	for i, c := range line {
		if c == ' ' {
			return i
		}
		if !isTchar(c) || i >= 32 {
			return 0
		}
	}
	return len(line) // a method alone on the line (lenient only)
}

// isVersion reports whether b is "HTTP/d.d".
func isVersion(b []byte) bool {
	return len(b) == 8 && bytes.HasPrefix(b, []byte("HTTP/")) && isDigit(b[5]) && b[6] == '.' && isDigit(b[7])
}

// isRequestLine reports whether line is a request line. Strict: METHOD SP
// target SP HTTP/d.d. Lenient (a known client at a message boundary): any
// method token followed by a space, as tshark accepts ("GET /HTTP/1.1",
// "OPTIONS HTTP/1.1").
func isRequestLine(line []byte, strict bool) bool {
	m := methodLen(line)
	if m == 0 {
		return false
	}
	if !strict {
		for _, c := range line[m:] {
			if c < 0x20 && c != '\t' || c == 0x7f {
				return false
			}
		}
		return true
	}
	if line[0] < 'A' || line[0] > 'Z' {
		return false
	}
	sp := bytes.LastIndexByte(line, ' ')
	if sp <= m || !isVersion(line[sp+1:]) {
		return false
	}
	for _, c := range line[m+1 : sp] {
		if c <= 0x20 || c == 0x7f {
			return false
		}
	}
	return true
}

// Candidate results of a resynchronisation probe.
const (
	candNo = iota
	candYes
	candMore
)

// probeStart checks whether b starts with a plausible start line (request
// when req, status when resp). It is the resynchronisation test and stricter
// than the boundary test: a request's method must be upper case and its line
// must end with HTTP/d.d when the line end is in b.
func probeStart(b []byte, req, resp bool, lineCap int) int {
	more := false
	if resp {
		const p = "HTTP/1."
		n := min(len(b), len(p))
		if string(b[:n]) == p[:n] {
			if len(b) < 13 {
				if line, ok := lineOf(b); ok {
					if isStatusLine(line) {
						return candYes
					}
				} else {
					more = true
				}
			} else if line, ok := lineOf(b); ok || len(b) >= lineCap {
				// decided on the whole line, as when it comes whole
				if isStatusLine(line) {
					return candYes
				}
			} else {
				more = true
			}
		}
	}
	if req {
		// METHOD SP target
		i := 0
		for i < len(b) && i < 25 && (b[i] >= 'A' && b[i] <= 'Z' || i > 0 && (b[i] == '_' || b[i] == '-' || isDigit(b[i]))) {
			i++
		}
		switch {
		case i == len(b) && i < 25:
			more = true
		case i > 0 && i < len(b) && b[i] == ' ':
			if i+1 == len(b) {
				more = true
				break
			}
			t := b[i+1]
			if t == '/' || t == '*' || t == 'h' || t == 'H' || (t >= 'a' && t <= 'z') || (t >= 'A' && t <= 'Z') || isDigit(t) {
				if line, ok := lineOf(b); ok && len(line) < lineCap {
					if isRequestLine(line, true) {
						return candYes
					}
				} else if !ok && len(b) < lineCap {
					// decided on the whole line, as when it comes whole
					more = true
				} else {
					// long line: verified when complete, and a line over
					// lineCap as it streams (whole or not, the same way)
					return candYes
				}
			}
		}
	}
	if more {
		return candMore
	}
	return candNo
}

// headerNames interns common canonical header names so that parsing them
// does not allocate.
var headerNames = func() map[string]string {
	m := make(map[string]string)
	for _, k := range []string{
		"Accept", "Accept-Charset", "Accept-Encoding", "Accept-Language", "Accept-Ranges",
		"Access-Control-Allow-Origin", "Age", "Allow", "Authorization", "Cache-Control",
		"Connection", "Content-Disposition", "Content-Encoding", "Content-Language",
		"Content-Length", "Content-Location", "Content-Range", "Content-Type", "Cookie",
		"Date", "Etag", "Expect", "Expires", "Host", "If-Match", "If-Modified-Since",
		"If-None-Match", "If-Range", "If-Unmodified-Since", "Keep-Alive", "Last-Modified",
		"Link", "Location", "Origin", "Pragma", "Proxy-Authenticate", "Proxy-Authorization",
		"Proxy-Connection", "Range", "Referer", "Retry-After", "Server", "Set-Cookie",
		"Strict-Transport-Security", "Te", "Trailer", "Transfer-Encoding", "Upgrade",
		"User-Agent", "Vary", "Via", "Www-Authenticate", "X-Api-Key", "X-Forwarded-For",
		"X-Forwarded-Proto", "X-Powered-By", "X-Request-Id", "X-Requested-With",
	} {
		m[k] = k
		m[strings.ToLower(k)] = k
	}
	// common spellings that are not canonical (textproto would allocate)
	for _, k := range []string{"ETag", "WWW-Authenticate", "X-API-Key", "X-API-KEY", "X-Api-Key",
		"X-CSRF-Token", "X-XSRF-TOKEN", "Content-MD5", "X-XSS-Protection", "DNT", "TE",
		"X-Forwarded-For", "X-Real-IP", "X-Amz-Date", "X-Amz-Security-Token", "X-HTTP-Method-Override",
		"CONTENT-TYPE", "CONTENT-LENGTH", "HOST", "AUTHORIZATION", "ACCEPT", "USER-AGENT", "COOKIE"} {
		m[k] = textproto.CanonicalMIMEHeaderKey(k)
	}
	return m
}()

// isCanonical reports whether name is already in canonical MIME form
// (textproto.CanonicalMIMEHeaderKey would return it unchanged).
func isCanonical(name string) bool {
	upper := true
	for i := 0; i < len(name); i++ {
		t := nameTab[name[i]]
		if t&ncNotTchar != 0 {
			return true // CanonicalMIMEHeaderKey leaves such names alone
		}
		if upper && t&ncLower != 0 || !upper && t&ncUpper != 0 {
			return false
		}
		upper = t&ncDash != 0
	}
	return true
}

// Byte classes of header name bytes for isCanonical: one table lookup per
// byte instead of isTchar's comparisons.
const (
	ncNotTchar = 1 << iota
	ncLower
	ncUpper
	ncDash
)

var nameTab = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		b := byte(c)
		switch {
		case !isTchar(b):
			t[c] = ncNotTchar
		case b >= 'a' && b <= 'z':
			t[c] = ncLower
		case b >= 'A' && b <= 'Z':
			t[c] = ncUpper
		case b == '-':
			t[c] = ncDash
		}
	}
	return t
}()

func canonicalKey(name string) string {
	if isCanonical(name) {
		return name // a substring of the block: no allocation
	}
	if k, ok := headerNames[name]; ok {
		return k
	}
	return textproto.CanonicalMIMEHeaderKey(name)
}

func trimOWS(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}

// msgHead is a parsed start line and header block. All strings are
// substrings of one string holding the whole block.
type msgHead struct {
	isReq                bool
	method, target, prot string
	status               int
	// block is the header lines (after the start line), kept for the
	// Exchange to build its header map from on first use (buildHeader)
	block string
	// framing-relevant headers, first values
	contentType, contentEnc string
	upgrade                 bool
	te, cl                  []string
	clBuf, teBuf            [2]string
	host                    string // the first Host value
	hostSet                 bool
}

// parseHead parses a header block (start line included). truncated says the
// block was cut (cap or gap): the last, incomplete line is dropped.
func parseHead(block []byte, truncated bool, mh *msgHead) bool {
	s := string(block)
	nl := strings.IndexByte(s, '\n')
	var first string
	if nl < 0 {
		if !truncated {
			return false
		}
		first, s = s, ""
	} else {
		first, s = s[:nl], s[nl+1:]
	}
	first = strings.TrimSuffix(first, "\r")
	if strings.HasPrefix(first, "HTTP/") && isStatusLine([]byte(first)) {
		mh.isReq = false
		mh.prot = first[:8]
		mh.status, _ = strconv.Atoi(first[9:12])
	} else {
		sp := strings.IndexByte(first, ' ')
		if sp == 0 || first == "" {
			return false
		}
		rest := ""
		if sp < 0 {
			sp = len(first) // method alone: empty target, as tshark
		} else {
			rest = first[sp+1:]
		}
		mh.isReq = true
		mh.method = first[:sp]
		if j := strings.LastIndexByte(rest, ' '); j >= 0 && strings.HasPrefix(rest[j+1:], "HTTP/") {
			mh.prot = rest[j+1:]
			rest = rest[:j]
		}
		if k := strings.IndexByte(rest, ' '); k >= 0 {
			rest = rest[:k] // as tshark: the target ends at the first space
		}
		mh.target = rest
	}
	if truncated {
		if i := strings.LastIndexByte(s, '\n'); i >= 0 {
			s = s[:i+1]
		} else {
			s = ""
		}
	}
	mh.block = s
	scanFraming(s, mh)
	return true
}

// buildHeader parses header lines (the block after the start line, as
// parseHead keeps it) into a header map: names canonical, values
// trimmed, obsolete line folding joined with a space, repeated names in
// order. Exchange calls it on first use of a header map (the inventory
// reads the lines themselves, eachHeader). The values are carved from one
// slice.
func buildHeader(s string) (h http.Header) {
	// One pass finds the header lines (up to the blank line), so that the
	// map and the value slice are sized exactly: a hint above 8 would give
	// the map a bigger table than its entries need.
	var endBuf [48]int32
	ends := endBuf[:0]
	for off := 0; off < len(s); {
		i := strings.IndexByte(s[off:], '\n')
		if i < 0 {
			ends = append(ends, int32(len(s))) // a last line without LF
			break
		}
		if i == 0 || i == 1 && s[off] == '\r' {
			break // the blank line ending the block
		}
		ends = append(ends, int32(off+i))
		off += i + 1
	}
	n := len(ends)
	h = make(http.Header, n)
	vals := make([]string, n)
	vi := 0
	lastKey, lastVi := "", -1
	// keys[i] is the name of vals[i] for the first len(keys) values: one
	// map operation per header line, duplicates found by the map not
	// growing (then the values are gathered again from here).
	var keyBuf [32]string
	keys := keyBuf[:0]
	start := 0
	for _, e := range ends {
		line := s[start:e]
		start = int(e) + 1
		line = strings.TrimSuffix(line, "\r")
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			// obsolete line folding: continue the previous value
			if lastKey != "" {
				vs := h[lastKey]
				vs[len(vs)-1] = vs[len(vs)-1] + " " + trimOWS(line)
				if lastVi >= 0 {
					vals[lastVi] = vs[len(vs)-1]
				}
			}
			continue
		}
		colon := strings.IndexByte(line, ':')
		if colon <= 0 {
			continue
		}
		key := canonicalKey(trimOWS(line[:colon]))
		val := trimOWS(line[colon+1:])
		var vs []string
		switch {
		case vi < len(vals) && len(keys) == vi && vi < len(keyBuf):
			before := len(h)
			vals[vi] = val
			vs = vals[vi : vi+1 : vi+1]
			h[key] = vs
			keys = append(keys, key)
			lastVi = vi
			vi++
			if len(h) == before {
				// a repeated name: its earlier values were overwritten
				vs = nil
				for j, k := range keys {
					if k == key {
						vs = append(vs, vals[j])
					}
				}
				h[key] = vs
			}
		default:
			lastVi = -1
			if old, ok := h[key]; ok {
				vs = append(old, val)
			} else if vi < len(vals) {
				vals[vi] = val
				vs = vals[vi : vi+1 : vi+1]
				vi++
			} else {
				vs = []string{val}
			}
			h[key] = vs
		}
		lastKey = key
	}
	return h
}

// headerLine returns the line of the header block s that starts at off,
// without its LF or CR LF (a last line may have neither), and the offset
// of the next line.
func headerLine(s string, off int) (line string, next int) {
	if i := strings.IndexByte(s[off:], '\n'); i < 0 {
		line, next = s[off:], len(s)
	} else {
		line, next = s[off:off+i], off+i+1
	}
	return strings.TrimSuffix(line, "\r"), next
}

// eachHeader calls fn with the canonical name and value of every header
// line of s, in order, exactly as buildHeader adds them to the map (values
// trimmed, obsolete line folding joined with a space, lines without a name
// skipped), until fn returns false. It builds no map: a folded value is the
// only allocation.
func eachHeader(s string, fn func(name, value string) bool) {
	var key, val string // the last header, handed on once its folded lines are joined
	have := false
	for off := 0; off < len(s); {
		var line string
		line, off = headerLine(s, off)
		if line == "" {
			break // the blank line ending the block
		}
		if line[0] == ' ' || line[0] == '\t' {
			// obsolete line folding: continue the previous value (also
			// across lines without a colon, as buildHeader does; not
			// an empty name)
			if have && key != "" {
				val = val + " " + trimOWS(line)
			}
			continue
		}
		colon := strings.IndexByte(line, ':')
		if colon <= 0 {
			continue
		}
		if have && !fn(key, val) {
			return
		}
		key, val, have = canonicalKey(trimOWS(line[:colon])), trimOWS(line[colon+1:]), true
	}
	if have {
		fn(key, val)
	}
}

// scanFraming finds in the header lines s what framing and the exchange
// need at once (Content-Length and Transfer-Encoding values, the first
// Content-Type and Host, Content-Encoding, Upgrade) without building the
// header map: an exchange whose headers nobody reads (exchanges --format
// ndjson) never pays for the map. Folded lines continue the
// Content-Length, Transfer-Encoding and first Host values as buildHeader
// continues them.
func scanFraming(s string, mh *msgHead) {
	mh.cl, mh.te = mh.clBuf[:0], mh.teBuf[:0]
	var last *string // the value a folded line continues, when it matters here
	for off := 0; off < len(s); {
		var line string
		line, off = headerLine(s, off)
		if line == "" {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if last != nil {
				*last = *last + " " + trimOWS(line)
			}
			continue
		}
		colon := strings.IndexByte(line, ':')
		if colon <= 0 {
			continue
		}
		name := trimOWS(line[:colon])
		val := trimOWS(line[colon+1:])
		last = nil
		switch {
		case asciiEqualFold(name, "Content-Length"):
			mh.cl = append(mh.cl, val)
			last = &mh.cl[len(mh.cl)-1]
		case asciiEqualFold(name, "Transfer-Encoding"):
			mh.te = append(mh.te, val)
			last = &mh.te[len(mh.te)-1]
		case asciiEqualFold(name, "Content-Type"):
			if mh.contentType == "" {
				mh.contentType = val
			}
		case asciiEqualFold(name, "Content-Encoding"):
			if mh.contentEnc == "" {
				mh.contentEnc = val
			} else {
				mh.contentEnc += ", " + val
			}
		case asciiEqualFold(name, "Upgrade"):
			mh.upgrade = true
		case asciiEqualFold(name, "Host"):
			if !mh.hostSet {
				mh.host, mh.hostSet = val, true
				last = &mh.host
			}
		}
	}
	if len(mh.cl) == 0 {
		mh.cl = nil
	}
	if len(mh.te) == 0 {
		mh.te = nil
	}
}

// asciiEqualFold is strings.EqualFold for ASCII only: header names are
// tokens, and canonicalKey folds no other letters.
func asciiEqualFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if x >= 'A' && x <= 'Z' {
			x += 'a' - 'A'
		}
		if y >= 'A' && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// mediaType returns the media type of a Content-Type value, lower case,
// parameters stripped.
func mediaType(v string) string {
	if i := strings.IndexByte(v, ';'); i >= 0 {
		v = v[:i]
	}
	v = trimOWS(v)
	for i := 0; i < len(v); i++ {
		if c := v[i]; c >= 'A' && c <= 'Z' {
			return strings.ToLower(v)
		}
	}
	return v
}

// Body framing kinds.
const (
	bodyNone = iota
	bodyLength
	bodyChunked
	bodyClose
)

// framing decides how the body of a message is delimited, following
// net/http's rules (RFC 9112 §6.3), and counts conflicting framing.
func framing(mh *msgHead, cnt *counters) (kind int, n int64) {
	if len(mh.te) > 0 {
		last := ""
		for _, v := range mh.te {
			for v != "" {
				c := v
				if i := strings.IndexByte(v, ','); i >= 0 {
					c, v = v[:i], v[i+1:]
				} else {
					v = ""
				}
				if c = trimOWS(c); c != "" {
					last = c
				}
			}
		}
		if len(mh.cl) > 0 {
			cnt.weird[WeirdContentLengthAndChunked]++
		}
		if strings.EqualFold(last, "chunked") {
			return bodyChunked, 0
		}
		if last == "" {
			// only empty codings: ignore the header
		} else {
			cnt.weird[WeirdUnsupportedTransferEncoding]++
			if mh.isReq {
				return bodyNone, 0
			}
			return bodyClose, 0
		}
	}
	if len(mh.cl) == 1 && strings.IndexByte(mh.cl[0], ',') < 0 {
		x, err := strconv.ParseInt(mh.cl[0], 10, 64)
		switch {
		case err != nil || x < 0:
			cnt.weird[WeirdBadContentLength]++
			if mh.isReq {
				return bodyNone, 0
			}
			return bodyClose, 0
		case x == 0:
			return bodyNone, 0
		}
		return bodyLength, x
	}
	if len(mh.cl) > 0 {
		var v int64 = -1
		for _, s := range mh.cl {
			for _, part := range strings.Split(s, ",") {
				x, err := strconv.ParseInt(trimOWS(part), 10, 64)
				if err != nil || x < 0 {
					cnt.weird[WeirdBadContentLength]++
					if mh.isReq {
						return bodyNone, 0
					}
					return bodyClose, 0
				}
				if v >= 0 && x != v {
					cnt.weird[WeirdMultipleContentLength]++
					if mh.isReq {
						return bodyNone, 0
					}
					return bodyClose, 0
				}
				v = x
			}
		}
		if v == 0 {
			return bodyNone, 0
		}
		return bodyLength, v
	}
	if mh.isReq {
		return bodyNone, 0
	}
	return bodyClose, 0
}

// splitTarget returns the host (absolute-form authority), path and raw query
// of a request-target.
func splitTarget(method, target string) (host, path, query string) {
	switch {
	case target == "*":
		return "", "*", ""
	case len(target) > 0 && target[0] == '/':
		path = target
	case len(target) > 7 && (strings.EqualFold(target[:7], "http://") || len(target) > 8 && strings.EqualFold(target[:8], "https://")):
		rest := target[strings.Index(target, "//")+2:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			host, path = rest, "/"
		} else {
			host, path = rest[:end], rest[end:]
			if path[0] != '/' {
				path = "/" + path
			}
		}
		if at := strings.LastIndexByte(host, '@'); at >= 0 {
			host = host[at+1:] // never keep userinfo (credentials)
		}
	case method == "CONNECT":
		return target, "", ""
	default:
		path = target
	}
	if i := strings.IndexByte(path, '#'); i >= 0 {
		path = path[:i]
	}
	if i := strings.IndexByte(path, '?'); i >= 0 {
		path, query = path[:i], path[i+1:]
	}
	return host, path, query
}

// knownMethods are the methods accepted leniently on the first message of a
// connection (before any HTTP was seen), as tshark does.
var knownMethods = func() map[string]bool {
	m := make(map[string]bool)
	for _, k := range []string{"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE",
		"CONNECT", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "COPY", "MOVE", "LOCK",
		"UNLOCK", "SEARCH", "REPORT", "MKACTIVITY", "CHECKOUT", "MERGE", "NOTIFY",
		"SUBSCRIBE", "UNSUBSCRIBE", "M-SEARCH", "PURGE", "LINK", "UNLINK", "CCM_POST"} {
		m[k] = true
	}
	return m
}()

// knownMethodLine reports a lenient request line with a well-known method.
func knownMethodLine(line []byte) bool {
	m := methodLen(line)
	return m > 0 && knownMethods[string(line[:m])] && isRequestLine(line, false)
}
