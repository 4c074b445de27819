package inventory

import (
	"net/netip"
	"strings"
)

// Kind is the type the segment classifier gives one path segment. Kinds from
// KindInt up are identifier kinds: a segment of such a kind becomes a path
// parameter at once. KindWord and KindVersion segments stay literal unless
// the trie collapses them on evidence (KindVersion never collapses).
type Kind uint8

// Segment kinds. Their String names are used as Param.Type.
const (
	KindWord     Kind = iota // a literal candidate: a word, slug, name or code
	KindVersion              // v2, 1.0, v1beta1: always literal
	KindInt                  // all digits
	KindUUID                 // 8-4-4-4-12 hex
	KindObjectID             // 24 hex digits (MongoDB ObjectId)
	KindHex                  // 8+ hex digits with a digit and a letter
	KindULID                 // 26 Crockford base32 characters
	KindKSUID                // 27 base62 characters
	KindJWT                  // eyJ... with two dots
	KindToken                // a long base64/base64url-like token
	KindDate                 // 2024-02-29
	KindDateTime             // 2024-02-29T10:00:00Z
	KindWeek                 // ISO week 2024-W07
	KindMonth                // 2024-11
	KindEmail                // local@domain.tld
	KindIPv4                 // 10.0.0.1
	KindIPv6                 // fe80::1
	KindMAC                  // 00:1a:2b:3c:4d:5e
	KindSemver               // 1.2.3, v1.2.3-rc.1
	KindMixedID              // letters and 2+ digits: E104233, ENG-412, 2024-11-monthly
	KindString               // a long or special-character string (search text)
	KindCode                 // an upper-case code: USD, BTC-USDT, NL, US-CA
	numKinds
)

var kindNames = [numKinds]string{
	KindWord: "string", KindVersion: "version", KindInt: "integer", KindUUID: "uuid",
	KindObjectID: "objectid", KindHex: "hex", KindULID: "ulid", KindKSUID: "ksuid",
	KindJWT: "jwt", KindToken: "token", KindDate: "date", KindDateTime: "date-time",
	KindWeek: "iso-week", KindMonth: "month", KindEmail: "email", KindIPv4: "ipv4",
	KindIPv6: "ipv6", KindMAC: "mac", KindSemver: "semver", KindMixedID: "id",
	KindString: "string", KindCode: "code",
}

// String returns the kind's OpenAPI-style type or format name.
func (k Kind) String() string {
	if k < numKinds {
		return kindNames[k]
	}
	return "unknown"
}

// IsID reports whether segments of this kind become parameters at once.
func (k Kind) IsID() bool { return k >= KindInt && k < numKinds }

// masked reports whether examples show this kind as a placeholder instead of
// the value (tokens, e-mail addresses: never stored).
func (k Kind) masked() bool {
	switch k {
	case KindJWT, KindToken, KindEmail, KindString:
		return true
	}
	return false
}

// Classify returns the kind of one decoded path segment. pos is the segment's
// index in the path (dates in the first position stay literal) and parent the
// previous segment ("" at the root). It allocates nothing and uses no regexps.
func Classify(seg string, pos int, parent string) Kind {
	k := classify(seg, parent)
	if pos == 0 {
		switch k {
		case KindDate, KindDateTime, KindWeek, KindMonth, KindCode:
			return KindWord
		}
	}
	if k == KindSemver && (parent == "api" || parent == "rest") {
		// /api/1.2.15/getText: the API's version, one mount per version,
		// as v2 and 1.0 there are (a release's version is data below a
		// versions collection, not right below the API's prefix)
		return KindVersion
	}
	if k == KindCode && parent != "" && (isVersionParent(parent) || isVersionLiteral(parent)) {
		// right below /api or /v2 a capitalised segment is a namespace
		// (/api/v2/SMS/send), not a value
		return KindWord
	}
	return k
}

// maybeIPv6 reports whether s holds only what an IPv6 address can before
// its zone: hex digits, ':' and '.' (an embedded IPv4). It spares
// netip.ParseAddr, whose error allocates, the times and names with colons.
func maybeIPv6(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9', c >= 'a' && c <= 'f', c >= 'A' && c <= 'F', c == ':', c == '.':
		case c == '%':
			return true
		default:
			return false
		}
	}
	return true
}

const maxLiteralLen = 64 // a segment longer than this is never a name

func classify(s, parent string) Kind {
	n := len(s)
	if n == 0 {
		return KindWord
	}
	var digits, lower, upper, hexLetters, dash, dot, under, colon, at, special, nonASCII int
	for i := 0; i < n; i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c >= 'a' && c <= 'z':
			lower++
			if c <= 'f' {
				hexLetters++
			}
		case c >= 'A' && c <= 'Z':
			upper++
			if c <= 'F' {
				hexLetters++
			}
		case c == '-':
			dash++
		case c == '.':
			dot++
		case c == '_' || c == '~':
			under++
		case c == ':':
			colon++
		case c == '@':
			at++
		case c >= 0x80:
			nonASCII++
		default:
			special++
		}
	}
	letters := lower + upper
	if digits == n {
		if n <= 2 && isVersionParent(parent) {
			return KindVersion
		}
		return KindInt
	}
	if at == 1 && isEmail(s) {
		return KindEmail
	}
	if special > 0 && digits > 0 {
		if n >= 16 && isDigit(s[0]) && isDateTime(s) {
			return KindDateTime
		}
		if dot >= 2 && isSemver(s) {
			return KindSemver
		}
	}
	if special > 0 {
		// %&'()*+,= or spaces: free text, not a name (Datadog's str rule).
		if k := classifyToken(s, n, digits, letters); k != KindWord {
			return k
		}
		return KindString
	}
	if colon > 0 {
		if colon >= 2 && (n == 17 && isMAC(s)) {
			return KindMAC
		}
		if colon >= 3 && hexPairs(s, ':') {
			// colon-separated hex bytes longer or shorter than a MAC: a
			// certificate serial or fingerprint (69:68:b3:...:e7)
			return KindHex
		}
		if colon >= 2 && maybeIPv6(s) {
			if a, err := netip.ParseAddr(s); err == nil && a.Is6() {
				return KindIPv6
			}
		}
		if n >= 16 && digits >= 2 && s[4] == '-' && isDateTime(s) {
			return KindDateTime
		}
		// resource:customMethod and the like stay literal.
		if n > maxLiteralLen {
			return KindString
		}
		return KindWord
	}
	if dash == 5 && n == 17 && isMAC(s) {
		return KindMAC
	}
	if dash == 4 && n == 36 && isUUID(s) {
		return KindUUID
	}
	if digits > 0 && s[0] >= '0' && s[0] <= '9' {
		switch {
		case n == 10 && dash == 2 && isDate(s):
			return KindDate
		case n == 8 && dash == 1 && isWeek(s):
			return KindWeek
		case n == 7 && dash == 1 && isMonth(s):
			return KindMonth
		case n >= 16 && dash >= 2 && isDateTime(s):
			return KindDateTime
		}
	}
	if dot > 0 {
		if dot == 3 && digits+dot == n {
			if a, err := netip.ParseAddr(s); err == nil && a.Is4() {
				return KindIPv4
			}
		}
		if isVersionLiteral(s) {
			return KindVersion
		}
		if isSemver(s) {
			return KindSemver
		}
		if s[0] == 'e' && n > 20 && dot == 2 && hasPrefix(s, "eyJ") {
			return KindJWT
		}
		if s[n-1] == '.' && isAbsoluteDomain(s) {
			// A DNS name in absolute form (ns1.example.org.): data, since no
			// route segment ends in a dot. A string, not a word: it becomes a
			// parameter at once.
			return KindString
		}
		// file-like name.ext: judge the stem.
		if i := lastDot(s); i > 0 && i < n-1 && isFileExt(s[i+1:]) {
			stem := s[:i]
			if k := classify(stem, parent); k.IsID() {
				return k
			}
			if k := fingerprint(stem); k != KindWord {
				return k
			}
			return KindWord
		}
	}
	if isVersionLiteral(s) {
		return KindVersion
	}
	if digits+hexLetters == n && digits > 0 && letters > 0 {
		if n == 24 {
			return KindObjectID
		}
		if n >= 8 {
			return KindHex
		}
	}
	// A dotted name of lower-case labels (a domain, an API group, a
	// package: certificates.k8s.io) is read label by label, never as one
	// random token: random tokens have no dots (JWTs are matched above).
	if !(dot > 0 && upper == 0 && dottedLowerName(s)) {
		if k := classifyToken(s, n, digits, letters); k != KindWord {
			return k
		}
	}
	if digits > 0 && upper > 0 && lower > 0 && n >= 6 && n <= 15 && dash+dot+under == 0 && !camelWord(s) {
		return KindToken // short random base62: 7OxGIL, Hkty7X, MdG0NA
	}
	if letters > 0 && digits >= 2 && n >= 4 && !isTechWord(s) {
		return KindMixedID
	}
	if lower == 0 && upper >= 2 && dot == 0 && isUpperCode(s) {
		return KindCode
	}
	if n > maxLiteralLen || nonASCII > 0 && n > 48 {
		return KindString
	}
	return KindWord
}

// camelWord reports whether s reads as camel-case words with digits only at
// the end: getUser2, OAuth2, iPhone12, macOS (each capital starts a word of
// lower-case letters, a lone capital excepted at the start or before
// another capital).
func camelWord(s string) bool {
	i := 0
	for i < len(s) && !isDigit(s[i]) {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			// a capital must be followed by a lower-case letter, or be part of
			// a run of capitals (an acronym) at the start or at the end
			j := i
			for j < len(s) && s[j] >= 'A' && s[j] <= 'Z' {
				j++
			}
			run := j - i
			atEnd := j == len(s) || isDigit(s[j])
			if run > 1 && !(i == 0 || atEnd) && !(j < len(s) && s[j] >= 'a' && s[j] <= 'z') {
				return false
			}
			if run == 1 && !atEnd && !(s[j] >= 'a' && s[j] <= 'z') {
				return false
			}
			if run > 1 && atEnd && i > 0 && s[i-1] >= 'a' && s[i-1] <= 'z' {
				// macOS, iOS: a trailing acronym after a word is fine
			}
			i = j
			continue
		}
		i++
	}
	for ; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// classifyToken recognises ULIDs, KSUIDs, JWTs and long random tokens.
func classifyToken(s string, n, digits, letters int) Kind {
	if n < 16 || !allTokenChars(s) {
		return KindWord
	}
	if n > 20 && hasPrefix(s, "eyJ") && countByte(s, '.') == 2 {
		return KindJWT
	}
	if digits > 0 && letters > 0 {
		switch {
		case n == 26 && isCrockford(s):
			return KindULID
		case n == 27 && isAlnum(s):
			return KindKSUID
		}
		return KindToken
	}
	// Long mixed-case runs without separators look random ("AbXqPzRtLmNoKsYw"),
	// unless they are letters that read as camel-case words, every
	// lower-case run but one holding a vowel (createAuthorIfNotExistsFor:
	// "f" of "If"): an RPC method's name.
	if n >= 20 && caseChanges(s) >= n/4 && !(letters == n && camelWord(s) && vowellessRuns(s) <= 1) {
		return KindToken
	}
	// Shorter ones of letters only too, when three or more of their
	// lower-case runs hold no vowel (mLrHpZzgiplFQcrz, an API key's id):
	// names read, one acronym aside (XMLHttpRequestEvent).
	if digits == 0 && letters == n && caseChanges(s) >= n/4 && vowellessRuns(s) >= 3 {
		return KindToken
	}
	return KindWord
}

func isVersionParent(p string) bool {
	switch p {
	case "api", "rest", "version", "versions", "apis":
		return true
	}
	return false
}

// isVersionLiteral: v1, V2, v1beta1, v2alpha, v1.0, 1.0, 2.1.
func isVersionLiteral(s string) bool {
	if s == "" {
		return false // (a stored state may hold an empty key)
	}
	i := 0
	if s[0] == 'v' || s[0] == 'V' {
		i = 1
	}
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == i || j-i > 3 {
		return false
	}
	if j == len(s) {
		return i == 1 // "v2" yes, bare digits are integers
	}
	if s[j] == '.' {
		k := j + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		return k == len(s) && k > j+1 && k-j <= 3
	}
	if i == 0 {
		return false
	}
	// v1beta1, v2alpha3, v1rc
	k := j
	for k < len(s) && s[k] >= 'a' && s[k] <= 'z' {
		k++
	}
	word := s[j:k]
	if word != "alpha" && word != "beta" && word != "rc" && word != "preview" {
		return false
	}
	for k < len(s) && isDigit(s[k]) {
		k++
	}
	return k == len(s)
}

// isSemver: [v]MAJOR.MINOR.PATCH[-pre][+build].
func isSemver(s string) bool {
	if s == "" {
		return false
	}
	i := 0
	if s[0] == 'v' || s[0] == 'V' {
		i = 1
	}
	for part := 0; part < 3; part++ {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i {
			return false
		}
		i = j
		if part < 2 {
			if i >= len(s) || s[i] != '.' {
				return false
			}
			i++
		}
	}
	if i == len(s) {
		return true
	}
	if s[i] != '-' && s[i] != '+' {
		return false
	}
	for i++; i < len(s); i++ {
		c := s[i]
		if !(isAlnumByte(c) || c == '.' || c == '-' || c == '+') {
			return false
		}
	}
	return true
}

func isUUID(s string) bool {
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
			continue
		}
		if !isHexByte(c) {
			return false
		}
	}
	return true
}

// hexPairs reports whether s is hex bytes (two hex digits each) joined by
// sep: a MAC address, a certificate serial or fingerprint.
func hexPairs(s string, sep byte) bool {
	if len(s)%3 != 2 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i%3 == 2 {
			if s[i] != sep {
				return false
			}
		} else if !isHexByte(s[i]) {
			return false
		}
	}
	return true
}

// isMAC: six hex bytes joined by ':' or '-'.
func isMAC(s string) bool {
	return len(s) == 17 && (s[2] == ':' || s[2] == '-') && hexPairs(s, s[2])
}

func digitsAt(s string, i, n int) (int, bool) {
	if i+n > len(s) {
		return 0, false
	}
	v := 0
	for k := i; k < i+n; k++ {
		if !isDigit(s[k]) {
			return 0, false
		}
		v = v*10 + int(s[k]-'0')
	}
	return v, true
}

func isDate(s string) bool {
	if len(s) < 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	_, ok1 := digitsAt(s, 0, 4)
	m, ok2 := digitsAt(s, 5, 2)
	d, ok3 := digitsAt(s, 8, 2)
	return ok1 && ok2 && ok3 && m >= 1 && m <= 12 && d >= 1 && d <= 31
}

func isDateTime(s string) bool {
	if !isDate(s) || len(s) < 16 || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') {
		return false
	}
	h, ok1 := digitsAt(s, 11, 2)
	m, ok2 := digitsAt(s, 14, 2)
	return ok1 && ok2 && s[13] == ':' && h < 24 && m < 60
}

func isWeek(s string) bool {
	if s[4] != '-' || (s[5] != 'W' && s[5] != 'w') {
		return false
	}
	_, ok1 := digitsAt(s, 0, 4)
	w, ok2 := digitsAt(s, 6, 2)
	return ok1 && ok2 && w >= 1 && w <= 53
}

func isMonth(s string) bool {
	if s[4] != '-' {
		return false
	}
	y, ok1 := digitsAt(s, 0, 4)
	m, ok2 := digitsAt(s, 5, 2)
	return ok1 && ok2 && y >= 1900 && y <= 2199 && m >= 1 && m <= 12
}

// isAbsoluteDomain reports whether s is a fully qualified domain name of
// two or more labels with the root's trailing dot (RFC 1034 3.1): labels of
// letters, digits, '-' and '_' (service labels such as _sip._tcp), 1-63
// bytes, not starting or ending with '-', and a letter somewhere.
func isAbsoluteDomain(s string) bool {
	if len(s) < 4 || len(s) > 254 || s[len(s)-1] != '.' {
		return false
	}
	labels, start, letter := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '.':
			l := i - start
			if l == 0 || l > 63 || s[start] == '-' || s[i-1] == '-' {
				return false
			}
			labels++
			start = i + 1
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			letter = true
		case c >= '0' && c <= '9', c == '-', c == '_':
		default:
			return false
		}
	}
	return labels >= 2 && letter
}

func isEmail(s string) bool {
	at := -1
	for i := 0; i < len(s); i++ {
		if s[i] == '@' {
			at = i
			break
		}
	}
	if at < 1 || at >= len(s)-3 {
		return false
	}
	dot := -1
	for i := at + 1; i < len(s); i++ {
		c := s[i]
		if c == '.' {
			dot = i
		} else if !isAlnumByte(c) && c != '-' {
			return false
		}
	}
	return dot > at+1 && dot < len(s)-1
}

var fileExts = map[string]bool{
	"json": true, "xml": true, "csv": true, "pdf": true, "txt": true, "html": true, "htm": true,
	"yaml": true, "yml": true, "png": true, "jpg": true, "jpeg": true, "gif": true, "svg": true,
	"webp": true, "ico": true, "zip": true, "gz": true, "tgz": true, "tar": true, "js": true,
	"css": true, "map": true, "xlsx": true, "xls": true, "docx": true, "doc": true, "md": true,
	"php": true, "asp": true, "aspx": true, "jsp": true, "cgi": true, "env": true, "ini": true,
	"mp4": true, "mp3": true, "wav": true, "bin": true, "ics": true, "vcf": true, "rss": true,
	"atom": true, "proto": true, "pb": true, "avro": true, "parquet": true, "log": true,
	"bak": true, "sql": true, "conf": true, "cfg": true, "toml": true, "woff": true, "woff2": true,
	// a PWA's manifest (manifest.webmanifest): the one web file type
	// whose extension is longer than fileName's five letters
	"webmanifest": true,
}

func isFileExt(ext string) bool {
	if len(ext) > 11 {
		return false
	}
	var b [11]byte
	for i := 0; i < len(ext); i++ {
		c := ext[i]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	return fileExts[string(b[:len(ext)])]
}

// fingerprint judges the stem of a file name: a build tool's content hash
// at its end (Vite and Rollup: dist-BcgPhpnd, index-DcWBU_a4; webpack:
// main.3f9a2c1b) makes the file a value, one build's output behind a
// static-file route, never a route itself: the name changes with every
// release. It returns KindHex or KindToken for such a stem, else KindWord.
// The hash is the last 8 to 32 characters after a '-' or '.': hex with a
// digit and a letter, or base64url with a capital letter and either a
// digit, '_' or '-' or letter runs that read as no words (BcgPhpnd: "cg"
// and "hpnd" hold no vowel; SemiBold reads as two words) or, in eight
// letters, capitals no words have (DBiyrvKS).
func fingerprint(stem string) Kind {
	if i := lastDot(stem); i > 0 && isFileExt(stem[i+1:]) {
		stem = stem[:i] // main.3f9a2c1b.js.map
	}
	for l := 8; l <= 32 && l < len(stem); l++ {
		sep := stem[len(stem)-l-1]
		if sep != '-' && sep != '.' {
			continue
		}
		fp := stem[len(stem)-l:]
		var digits, lower, upper, hexLetters, other int
		for i := 0; i < len(fp); i++ {
			switch c := fp[i]; {
			case c >= '0' && c <= '9':
				digits++
			case c >= 'a' && c <= 'z':
				lower++
				if c <= 'f' {
					hexLetters++
				}
			case c >= 'A' && c <= 'Z':
				upper++
			case c == '_' || c == '-':
				other++
			default:
				return KindWord
			}
		}
		switch {
		case upper == 0 && other == 0 && digits > 0 && lower > 0 && lower == hexLetters:
			return KindHex
		case upper > 0 && lower+upper >= 3 && (digits+other > 0 || !readsAsWords(fp) || len(fp) == 8 && upper >= 3 && capitalRuns(fp) >= 2):
			return KindToken
		}
	}
	return KindWord
}

// capitalRuns counts the runs of capitals in s: DBiyrvKS has two (DB,
// KS), SemiBold two, HTMLPage one. In eight letters (a Vite hash's
// length) words have a capital each, two at most; three capitals in two
// runs or more are a hash's.
func capitalRuns(s string) int {
	runs := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' && (i == 0 || s[i-1] < 'A' || s[i-1] > 'Z') {
			runs++
		}
	}
	return runs
}

// vowellessRuns counts the runs of lower-case letters in s that hold no
// vowel (y counts as one).
func vowellessRuns(s string) int {
	runs, in, vowel := 0, false, false
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= 'a' && s[i] <= 'z' {
			in = true
			switch s[i] {
			case 'a', 'e', 'i', 'o', 'u', 'y':
				vowel = true
			}
			continue
		}
		if in && !vowel {
			runs++
		}
		in, vowel = false, false
	}
	return runs
}

// readsAsWords: every run of lower-case letters in s is two letters or
// more and holds a vowel (SemiBold, Regular), as names made of words do.
func readsAsWords(s string) bool {
	run, vowel := 0, false
	end := func() bool { return run == 0 || run >= 2 && vowel }
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			run++
			switch c {
			case 'a', 'e', 'i', 'o', 'u', 'y':
				vowel = true
			}
			continue
		}
		if !end() {
			return false
		}
		run, vowel = 0, false
	}
	return end()
}

// maxCodeLen bounds an upper-case code (BTC-USDT, US-CA, EURUSD).
const maxCodeLen = 10

// isUpperCode: path literals in real APIs are lower-case or camelCase
// words; a short ALL-CAPS token (capital letters and digits, single - or _
// between runs, two letters at least; versions such as V1 are caught
// before) is a value: a currency, an ISO country or market code, a ticker.
// The first segment of a path is a namespace and stays literal (Classify).
func isUpperCode(s string) bool {
	if len(s) == 0 || len(s) > maxCodeLen || s[0] == '-' || s[0] == '_' || s[len(s)-1] == '-' || s[len(s)-1] == '_' {
		return false
	}
	letters := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			letters++
		case isDigit(c):
		case c == '-' || c == '_':
			if s[i-1] == '-' || s[i-1] == '_' {
				return false
			}
		default:
			return false
		}
	}
	return letters >= 2
}

// isTechWord lists literal words with three or more digits.
func isTechWord(s string) bool {
	switch s {
	case "sha224", "sha256", "sha384", "sha512", "x509", "iso8601", "rfc3339", "rfc822",
		"utf16", "base256", "ed25519", "x25519", "p256", "p384", "p521", "s3v4", "h264", "h265",
		"e164", "i18n", "l10n", "a11y", "k8s", "1password", "base32", "base64", "base58", "base62",
		"win32", "win64", "amd64", "arm64", "x86_64", "int16", "int32", "int64", "uint16", "uint32",
		"uint64", "float32", "float64", "utf32", "tls12", "tls13", "oauth10", "oauth20", "ipv4v6",
		"es2015", "es2020", "p12", "pkcs12", "pkcs11", "sha3_256", "md4", "ps256", "rs256", "hs256",
		"es256", "w3c", "mp3", "mp4", "h2c", "3des", "ed448", "s3", "ec2":
		return true
	}
	return false
}

// dottedLowerName reports whether s is two or more dot-separated labels of
// lower-case letters, digits and inner hyphens, each holding a letter and
// none long and random enough to be a token of its own.
func dottedLowerName(s string) bool {
	for len(s) > 0 {
		label := s
		if i := strings.IndexByte(s, '.'); i >= 0 {
			label, s = s[:i], s[i+1:]
			if s == "" {
				return false // a trailing dot: an absolute domain, judged above
			}
		} else {
			s = ""
		}
		if label == "" || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		digits, letters := 0, 0
		for i := 0; i < len(label); i++ {
			switch c := label[i]; {
			case c >= 'a' && c <= 'z':
				letters++
			case c >= '0' && c <= '9':
				digits++
			case c == '-':
			default:
				return false
			}
		}
		if letters == 0 || classifyToken(label, len(label), digits, letters) != KindWord {
			return false
		}
	}
	return true
}

func allTokenChars(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(isAlnumByte(c) || c == '-' || c == '_' || c == '=' || c == '+' || c == '~' || c == '.') {
			return false
		}
	}
	return true
}

func isCrockford(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if !(isDigit(c) || c >= 'A' && c <= 'Z' && c != 'I' && c != 'L' && c != 'O' && c != 'U') {
			return false
		}
	}
	return s[0] >= '0' && s[0] <= '7'
}

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isAlnumByte(s[i]) {
			return false
		}
	}
	return true
}

func caseChanges(s string) int {
	n := 0
	for i := 1; i < len(s); i++ {
		a, b := s[i-1], s[i]
		if (a >= 'a' && a <= 'z' && b >= 'A' && b <= 'Z') || (a >= 'A' && a <= 'Z' && b >= 'a' && b <= 'z') {
			n++
		}
	}
	return n
}

func countByte(s string, b byte) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == b {
			n++
		}
	}
	return n
}

func lastDot(s string) int {
	for i := len(s) - 1; i >= 0; i-- {
		if s[i] == '.' {
			return i
		}
	}
	return -1
}

func hasPrefix(s, p string) bool { return len(s) >= len(p) && s[:len(p)] == p }
func isDigit(c byte) bool        { return c >= '0' && c <= '9' }
func isHexByte(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
func isAlnumByte(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// wordClass groups literal words by shape, so that only structurally similar
// siblings collapse together and each class needs its own amount of evidence.
type wordClass uint8

const (
	clsPlain   wordClass = iota // one lower-case word: users, jobs, anna
	clsCode                     // 2-3 letters or a locale: NL, de, USD, en-GB
	clsHyphen                   // lower-case words joined by - or _: senior-backend-engineer
	clsDotted                   // lower-case words joined by dots: anna.jansen
	clsCamel                    // mixed case, no separators: postMessage, AbcDef
	clsFile                     // word.ext
	clsOther                    // anything else that is literal
	clsName                     // one lower-case word not in the vocabulary: jdoe, asilva
	clsVersion                  // never collapses
	numClasses
)

// classOf returns the shape class of a literal segment.
func classOf(s string, k Kind) wordClass {
	if k == KindVersion {
		return clsVersion
	}
	n := len(s)
	var lower, upper, digits, dash, under, dot, other int
	for i := 0; i < n; i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z':
			lower++
		case c >= 'A' && c <= 'Z':
			upper++
		case isDigit(c):
			digits++
		case c == '-':
			dash++
		case c == '_':
			under++
		case c == '.':
			dot++
		default:
			other++
		}
	}
	letters := lower + upper
	if other > 0 {
		return clsOther
	}
	if letters == n && n >= 2 && n <= 3 && (lower == n || upper == n) {
		return clsCode
	}
	if n == 5 && dash+under == 1 && (s[2] == '-' || s[2] == '_') && letters == 4 {
		return clsCode // en-GB, pt_BR
	}
	if dot > 0 {
		if i := lastDot(s); i > 0 && i < n-1 && isFileExt(s[i+1:]) {
			return clsFile
		}
		if upper == 0 && dash+under == 0 && s[0] != '.' && s[n-1] != '.' {
			return clsDotted
		}
		return clsOther
	}
	if dash+under > 0 {
		if upper == 0 && s[0] != '-' && s[0] != '_' {
			return clsHyphen
		}
		return clsOther
	}
	if upper > 0 && lower > 0 {
		return clsCamel
	}
	if lower == n {
		if !inVocabulary(s) {
			return clsName
		}
		return clsPlain
	}
	if letters > 0 && upper == 0 && digits <= 2 {
		return clsPlain
	}
	return clsOther
}

// classRule is the evidence a class needs before its siblings collapse: at
// least minValues distinct live siblings with minHits hits between them,
// and (when maxAvgHits > 0) no more than maxAvgHits hits per sibling on
// average. Names of real resources get much traffic each and stop growing;
// identifiers get a few hits each and keep coming. Checks run whenever a
// new literal sibling appears, so a set of names that stops growing is not
// re-checked, and waiting costs nothing: collapse is retroactive.
type classRule struct {
	minValues  int
	minHits    uint64
	maxAvgHits float64
}

var classRules = [numClasses]classRule{
	clsPlain:   {minValues: 20, minHits: 40, maxAvgHits: 3},
	clsCode:    {minValues: 4, minHits: 6},
	clsHyphen:  {minValues: 5, minHits: 10, maxAvgHits: 5},
	clsDotted:  {minValues: 3, minHits: 3, maxAvgHits: 3},
	clsCamel:   {minValues: 8, minHits: 16, maxAvgHits: 3},
	clsFile:    {minValues: 6, minHits: 12, maxAvgHits: 5},
	clsOther:   {minValues: 8, minHits: 16, maxAvgHits: 3},
	clsName:    {minValues: 5, minHits: 8, maxAvgHits: 3},
	clsVersion: {minValues: 0}, // never
}
