package inventory

import (
	"net/http"
	"strings"
	"unsafe"
)

// Sensitive-data kinds, counted per message in Endpoint.Sensitive as
// "request.KIND" and "response.KIND". Detection is a single pass over the
// bytes with checksums where they exist (Luhn, IBAN mod 97); no regexps.
const (
	sensEmail = iota
	sensPhone
	sensCard
	sensIBAN
	sensSSN
	sensJWT
	sensAWSKey
	sensGCPKey
	sensSlackToken
	sensGitHubToken
	sensPrivateKey
	sensPassword
	sensStripeKey
	sensNationalID
	numSensKinds
)

var sensNames = [numSensKinds]string{
	sensEmail: "email", sensPhone: "phone", sensCard: "card_number", sensIBAN: "iban",
	sensSSN: "us_ssn", sensJWT: "jwt", sensAWSKey: "aws_access_key", sensGCPKey: "gcp_api_key",
	sensSlackToken: "slack_token", sensGitHubToken: "github_token", sensPrivateKey: "private_key",
	sensPassword: "password", sensStripeKey: "stripe_key", sensNationalID: "national_id",
}

var reqSensNames, respSensNames [numSensKinds]string

func init() {
	for i, n := range sensNames {
		reqSensNames[i] = "request." + n
		respSensNames[i] = "response." + n
	}
}

// SensitiveKinds returns the names of the sensitive-data kinds found in b.
// It is the detector the inventory runs on bodies, query values and
// headers, exported for tests and tools.
func SensitiveKinds(b []byte) []string {
	m := scanText(b)
	var out []string
	for i := 0; i < numSensKinds; i++ {
		if m&(1<<i) != 0 {
			out = append(out, sensNames[i])
		}
	}
	return out
}

// scanHeaders scans header values, except credential headers (their
// presence is auth, not leaked data).
func scanHeaders(h http.Header, apiKeys map[string]bool, isKey func(string) bool) uint32 {
	var m uint32
	for name, vs := range h {
		for _, v := range vs {
			m |= scanHeader(name, v, apiKeys, isKey)
		}
	}
	return m
}

// scanHeader is scanHeaders for one header line (name canonical).
func scanHeader(name, v string, apiKeys map[string]bool, isKey func(string) bool) uint32 {
	if len(v) < 6 {
		return 0
	}
	switch name {
	case "Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie",
		// well-known headers that carry no personal data or secrets
		"Accept", "Accept-Encoding", "Accept-Language", "Accept-Ranges", "Cache-Control", "Connection",
		"Content-Encoding", "Content-Length", "Content-Type", "Date", "Etag", "Expires", "Host",
		"If-Modified-Since", "If-None-Match", "Keep-Alive", "Last-Modified", "Pragma", "Server",
		"Transfer-Encoding", "Vary", "User-Agent", "Age", "Allow", "Upgrade", "Te", "Trailer",
		"Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
		"Strict-Transport-Security", "X-Content-Type-Options", "X-Frame-Options", "Content-Security-Policy":
		return 0
	}
	if apiKeys[name] || isKey(name) {
		return 0
	}
	return scanString(v)
}

func scanString(s string) uint32 {
	// header values and query values are short; the conversion is cheap
	return scanText([]byte(s))
}

func isWordByte(c byte) bool { return isAlnumByte(c) || c == '_' }

// Byte classes for scanText.
const (
	sbWord = 1 << iota // letters, digits, '_': a detector starts only at a word's first byte
	sbTrig             // a byte some detector starts at (or '@', '+', '-')
)

var scanTab = func() (t [256]uint8) {
	for c := 0; c < 256; c++ {
		if isWordByte(byte(c)) {
			t[c] |= sbWord
		}
	}
	for c := '0'; c <= '9'; c++ {
		t[c] |= sbTrig
	}
	for c := 'A'; c <= 'Z'; c++ {
		t[c] |= sbTrig
	}
	for _, c := range "@+-exgsr" {
		t[c] |= sbTrig
	}
	return t
}()

// scanText returns a bit set of the sensitive kinds found in b. One pass:
// a byte-class table skips the inside of words and the bytes no detector
// starts at, so most of a JSON body costs one table lookup per byte.
func scanText(b []byte) uint32 {
	var m uint32
	n := len(b)
	prevWord := false
	for i := 0; i < n; i++ {
		c := b[i]
		t := scanTab[c]
		if t&sbWord != 0 && prevWord {
			// inside a word: nothing starts here nor up to its end, which
			// a tight loop finds (JSON words are short: the per-byte
			// branches of the main loop cost more than this one)
			for i+1 < n && scanTab[b[i+1]]&sbWord != 0 {
				i++
			}
			continue
		}
		wasWord := prevWord
		prevWord = t&sbWord != 0
		if t&sbTrig == 0 {
			continue
		}
		switch {
		case c == '@':
			if emailAround(b, i) {
				m |= 1 << sensEmail
			}
		case c >= '0' && c <= '9':
			if i > 0 && (b[i-1] == '.' || b[i-1] == '-') {
				continue
			}
			j, kind := digitRun(b, i)
			m |= kind
			if j > i {
				i = j - 1 // a digit: prevWord stays true
			}
		case c == '+':
			if !wasWord && phoneAt(b, i+1) {
				m |= 1 << sensPhone
			}
		case c >= 'A' && c <= 'Z':
			// every upperToken detector needs a second capital letter
			if i+1 < n && b[i+1] >= 'A' && b[i+1] <= 'Z' {
				m |= upperToken(b, i)
			}
		case c == 'e':
			if jwtAt(b, i) {
				m |= 1 << sensJWT
			}
		case c == 'x':
			if i+5 < n && b[i+1] == 'o' && b[i+2] == 'x' && strings.IndexByte("bpars", b[i+3]) >= 0 && b[i+4] == '-' && tokenLen(b, i+5) >= 10 {
				m |= 1 << sensSlackToken
			}
		case c == 'g':
			if i+4 < n && b[i+1] == 'h' && strings.IndexByte("pousr", b[i+2]) >= 0 && b[i+3] == '_' && tokenLen(b, i+4) >= 30 {
				m |= 1 << sensGitHubToken
			} else if hasPrefixAt(b, i, "github_pat_") && tokenLen(b, i+11) >= 30 {
				m |= 1 << sensGitHubToken
			}
		case c == 's' || c == 'r':
			if (hasPrefixAt(b, i, "sk_live_") || hasPrefixAt(b, i, "rk_live_")) && tokenLen(b, i+8) >= 16 {
				m |= 1 << sensStripeKey
			}
		case c == '-':
			if hasPrefixAt(b, i, "-----BEGIN ") {
				end := min(n, i+64)
				if containsBytes(b[i:end], "PRIVATE KEY-----") {
					m |= 1 << sensPrivateKey
				}
			}
		}
	}
	return m
}

func hasPrefixAt(b []byte, i int, p string) bool {
	return i+len(p) <= len(b) && string(b[i:i+len(p)]) == p
}

func tokenLen(b []byte, i int) int {
	j := i
	for j < len(b) && (isAlnumByte(b[j]) || b[j] == '-' || b[j] == '_') {
		j++
	}
	return j - i
}

func emailAround(b []byte, at int) bool {
	i := at - 1
	for i >= 0 && at-i <= 64 {
		c := b[i]
		if isAlnumByte(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-' {
			i--
			continue
		}
		break
	}
	if at-i-1 < 1 {
		return false
	}
	j := at + 1
	dot, lastDot := false, -1
	for j < len(b) && j-at <= 255 {
		c := b[j]
		if isAlnumByte(c) || c == '-' {
			j++
			continue
		}
		if c == '.' && j+1 < len(b) && isAlnumByte(b[j+1]) {
			dot = true
			lastDot = j
			j++
			continue
		}
		break
	}
	if !dot {
		return false
	}
	tld := j - lastDot - 1
	if tld < 2 {
		return false
	}
	for k := lastDot + 1; k < j; k++ {
		if !(b[k] >= 'a' && b[k] <= 'z' || b[k] >= 'A' && b[k] <= 'Z') {
			return false
		}
	}
	return true
}

// digitRun looks at a run of digits (with single spaces or dashes between
// groups) starting at i: card numbers (13-19 digits, issuer prefix, Luhn)
// and US SSNs (ddd-dd-dddd). It returns the end of the run.
func digitRun(b []byte, i int) (int, uint32) {
	var digits [20]byte
	nd := 0
	j := i
	seps := 0
	for j < len(b) {
		c := b[j]
		if isDigit(c) {
			if nd < len(digits) {
				digits[nd] = c - '0'
			}
			nd++
			j++
			continue
		}
		if (c == ' ' || c == '-') && j+1 < len(b) && isDigit(b[j+1]) && seps < 6 {
			seps++
			j++
			continue
		}
		break
	}
	if j < len(b) && (isAlnumByte(b[j]) || b[j] == '.') {
		return j, 0 // part of a longer token or a decimal number
	}
	var m uint32
	run := b[i:j]
	if len(run) == 11 && nd == 9 && run[3] == '-' && run[6] == '-' {
		area := int(digits[0])*100 + int(digits[1])*10 + int(digits[2])
		group := int(digits[3])*10 + int(digits[4])
		serial := int(digits[5])*1000 + int(digits[6])*100 + int(digits[7])*10 + int(digits[8])
		if area != 0 && area != 666 && area < 900 && group != 0 && serial != 0 {
			m |= 1 << sensSSN
		}
	}
	if nd >= 13 && nd <= 19 && cardPrefix(digits[:nd]) && luhn(digits[:nd]) {
		m |= 1 << sensCard
	}
	return j, m
}

func cardPrefix(d []byte) bool {
	switch d[0] {
	case 4: // Visa
		return true
	case 5: // Mastercard 51-55
		return d[1] >= 1 && d[1] <= 5
	case 2: // Mastercard 2221-2720
		v := int(d[0])*1000 + int(d[1])*100 + int(d[2])*10 + int(d[3])
		return v >= 2221 && v <= 2720
	case 3: // Amex 34/37, Diners 36/38, JCB 35
		return d[1] >= 4 && d[1] <= 8
	case 6: // Discover, UnionPay, Maestro
		return true
	}
	return false
}

func luhn(d []byte) bool {
	sum := 0
	double := false
	for i := len(d) - 1; i >= 0; i-- {
		v := int(d[i])
		if double {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
		double = !double
	}
	return sum%10 == 0
}

// phoneAt: E.164-like "+CC ..." with 8-15 digits.
func phoneAt(b []byte, i int) bool {
	nd := 0
	j := i
	if j >= len(b) || !isDigit(b[j]) || b[j] == '0' {
		return false
	}
	for j < len(b) && j-i < 24 {
		c := b[j]
		if isDigit(c) {
			nd++
		} else if c != ' ' && c != '-' && c != '(' && c != ')' {
			break
		}
		j++
	}
	if j < len(b) && isAlnumByte(b[j]) {
		return false
	}
	return nd >= 8 && nd <= 15
}

// upperToken checks IBANs and cloud keys starting with an upper-case letter.
func upperToken(b []byte, i int) uint32 {
	var m uint32
	if (hasPrefixAt(b, i, "AKIA") || hasPrefixAt(b, i, "ASIA")) && i+20 <= len(b) {
		ok := true
		for k := i + 4; k < i+20; k++ {
			if !(isDigit(b[k]) || b[k] >= 'A' && b[k] <= 'Z') {
				ok = false
				break
			}
		}
		if ok && (i+20 == len(b) || !isAlnumByte(b[i+20])) {
			m |= 1 << sensAWSKey
		}
	}
	if hasPrefixAt(b, i, "AIza") && tokenLen(b, i) == 39 {
		m |= 1 << sensGCPKey
	}
	if i+15 <= len(b) && b[i+1] >= 'A' && b[i+1] <= 'Z' && isDigit(b[i+2]) && isDigit(b[i+3]) {
		j := i + 4
		for j < len(b) && j-i < 34 && (isDigit(b[j]) || b[j] >= 'A' && b[j] <= 'Z') {
			j++
		}
		if j-i >= 15 && (j == len(b) || !isAlnumByte(b[j])) && ibanValid(b[i:j]) {
			m |= 1 << sensIBAN
		}
	}
	return m
}

// ibanValid applies the ISO 13616 mod-97 check.
func ibanValid(s []byte) bool {
	rem := 0
	add := func(c byte) {
		if isDigit(c) {
			rem = (rem*10 + int(c-'0')) % 97
		} else {
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		}
	}
	for _, c := range s[4:] {
		add(c)
	}
	for _, c := range s[:4] {
		add(c)
	}
	return rem == 1
}

func jwtAt(b []byte, i int) bool {
	if !hasPrefixAt(b, i, "eyJ") {
		return false
	}
	j := i
	dots := 0
	seg := 0
	for j < len(b) {
		c := b[j]
		if isAlnumByte(c) || c == '-' || c == '_' {
			seg++
			j++
			continue
		}
		if c == '.' && seg >= 4 {
			dots++
			seg = 0
			j++
			continue
		}
		break
	}
	return dots == 2 && seg >= 4
}

// passwordField: JSON or form field names that hold a password or secret.
func passwordField(name []byte) bool {
	if len(name) > 40 {
		return false
	}
	var b [40]byte
	for i, c := range name {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	s := b[:len(name)]
	switch string(s) {
	case "secret", "client_secret", "clientsecret", "pwd", "pass", "passphrase", "pin":
		return true
	}
	return containsBytes(s, "password") || containsBytes(s, "passwd")
}

// phoneField: JSON field names that hold phone numbers.
func phoneField(name []byte) bool {
	if len(name) > 40 {
		return false
	}
	var b [40]byte
	for i, c := range name {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
	}
	s := b[:len(name)]
	return containsBytes(s, "phone") || containsBytes(s, "mobile") || containsBytes(s, "msisdn")
}

// nationalIDField: JSON or form field names that hold a national
// identification number (US SSN, Dutch BSN, UK NINO, Canadian SIN, ...).
func nationalIDField(name []byte) bool {
	if len(name) > 40 {
		return false
	}
	var b [40]byte
	n := 0
	for _, c := range name {
		if c == '_' || c == '-' {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[n] = c
		n++
	}
	switch string(b[:n]) {
	case "ssn", "bsn", "nino", "sin", "nationalid", "nationalidnumber", "nationalinsurancenumber",
		"socialsecuritynumber", "taxid", "tin", "personnummer", "burgerservicenummer", "citizenservicenumber",
		"passportnumber", "idnumber", "nif", "nie", "dni", "cpf", "aadhaar", "pesel":
		return true
	}
	return false
}

// pathSensMask: the kinds a path segment, a JSON key or a query parameter
// name is masked for. Field-name kinds (password, national id) need a
// value beside a name and do not apply.
const pathSensMask = ^uint32(1<<sensPassword | 1<<sensNationalID)

// nameSensitive returns the sensitive kinds found in a name (a path
// segment, a JSON object key, a query parameter name) and, when there is
// one, the placeholder that stands for it ("{card_number}"): such names
// are values, and values are never stored. Names too short to hold any
// kind are not scanned.
func nameSensitive(name []byte) (uint32, string) {
	if len(name) < 6 {
		return 0, ""
	}
	m := scanText(name) & pathSensMask
	if m == 0 {
		return 0, ""
	}
	for i := 0; i < numSensKinds; i++ {
		if m&(1<<i) != 0 {
			return m, sensPlaceholders[i]
		}
	}
	return m, ""
}

var sensPlaceholders [numSensKinds]string

func init() {
	for i, n := range sensNames {
		sensPlaceholders[i] = "{" + n + "}"
	}
}

// mayHoldSensitive is nameSensitive's cheap pre-check, run on path
// segments and names of every request: an '@' (e-mail), a '+' (phone),
// nine or more digits (card, SSN), or the start of a token scanText knows
// (AKIA/ASIA, AIza, xox, gh?_, github_pat_, sk_live_/rk_live_) or of an
// IBAN (two capitals and two digits). Route words and ids fail it.
func mayHoldSensitive[T ~string | ~[]byte](s T) bool {
	n := len(s)
	if n < 6 {
		return false
	}
	if n >= 4 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' && s[2] >= '0' && s[2] <= '9' && s[3] >= '0' && s[3] <= '9' {
		return true // IBAN-shaped
	}
	digits := 0
	for i := 0; i < n; i++ {
		switch c := s[i]; {
		case c == '@' || c == '+':
			return true
		case c >= '0' && c <= '9':
			digits++
		case c == 'A' && i+3 < n && (s[i+1] == 'K' || s[i+1] == 'S' || s[i+1] == 'I') && (s[i+2] == 'I' || s[i+2] == 'z') && (s[i+3] == 'A' || s[i+3] == 'a'):
			return true // AKIA, ASIA, AIza
		case c == 'x' && i+2 < n && s[i+1] == 'o' && s[i+2] == 'x',
			c == 'g' && i+3 < n && s[i+1] == 'h' && (s[i+3] == '_' || s[i+2] == 'i'),
			(c == 's' || c == 'r') && i+7 < n && s[i+1] == 'k' && s[i+2] == '_':
			return true
		}
	}
	return digits >= 9
}

// bytesOf views s as bytes without a copy, for read-only scanners on the
// per-request path.
func bytesOf(s string) []byte { return unsafe.Slice(unsafe.StringData(s), len(s)) }

// kindMayBeSensitive: segment kinds whose shape leaves no room for a
// sensitive value (UUIDs, hex ids, dates, addresses) are not scanned.
func kindMayBeSensitive(k Kind) bool {
	switch k {
	case KindUUID, KindObjectID, KindHex, KindULID, KindKSUID, KindDate, KindDateTime, KindWeek,
		KindMonth, KindIPv4, KindIPv6, KindMAC, KindSemver, KindVersion:
		return false
	}
	return true
}

// sensitiveSeg reports whether segment d of the path being observed holds
// a sensitive value (Observe's scan): it goes to a parameter whatever a
// literal hint says, since literals are stored.
func (inv *Inventory) sensitiveSeg(d int) bool {
	return d < len(inv.segSens) && inv.segSens[d] != ""
}
