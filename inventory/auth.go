package inventory

import (
	"bytes"
	"encoding/base64"
	"hash/maphash"
	"net/http"
	"slices"
	"strings"

	"github.com/shadowtap/shadowtap/reassembly"
)

// Credential kinds, as counted in Endpoint.AuthKinds.
const (
	credBearerJWT = iota
	credBearerOpaque
	credBasic
	credDigest
	credAWSSigV4
	credNegotiate
	credAuthOther
	credAPIKeyHeader
	credTokenQuery
	credSignedURL
	credSessionCookie
	credCookie
	numCredKinds
)

var credNames = [numCredKinds]string{
	credBearerJWT: "bearer_jwt", credBearerOpaque: "bearer_opaque", credBasic: "basic",
	credDigest: "digest", credAWSSigV4: "aws_sigv4", credNegotiate: "negotiate",
	credAuthOther: "authorization_other", credAPIKeyHeader: "api_key_header",
	credTokenQuery: "token_query", credSignedURL: "signed_url",
	credSessionCookie: "session_cookie", credCookie: "cookie",
}

// jwtClaimNames are the registered claims whose presence (never value) is
// counted in Endpoint.JWTClaims.
var jwtClaimNames = [...]string{"iss", "sub", "aud", "exp", "iat", "nbf", "jti", "scope"}

// jwtAlgs is the closed vocabulary of JWT algorithms recorded; anything else
// is "other".
var jwtAlgs = map[string]string{
	"none": "none", "HS256": "HS256", "HS384": "HS384", "HS512": "HS512", "RS256": "RS256",
	"RS384": "RS384", "RS512": "RS512", "ES256": "ES256", "ES384": "ES384", "ES512": "ES512",
	"PS256": "PS256", "PS384": "PS384", "PS512": "PS512", "EdDSA": "EdDSA", "ES256K": "ES256K",
}

type cred struct {
	kinds     uint16
	jwtAlg    string
	jwtClaims uint8
}

// credentials classifies the credentials a request carries. It never keeps
// a value: JWTs are decoded without verification only to learn the
// algorithm and which registered claims are present.
func (inv *Inventory) credentials(x *reassembly.Exchange) cred {
	var c cred
	// One pass over the header lines (no header map is built) picks out
	// the credential headers and finds a configured API-key header or one
	// whose name looks like it (keyHeader covers both), instead of a lookup
	// per name. It reads what the map would hold: a name whose first value
	// is empty counts as absent (blank lists them), Authorization is its
	// first value, Cookie all of them.
	var auth [2]string // Authorization, Proxy-Authorization
	var authSeen [2]bool
	var cookieBuf [4]string
	cookies := cookieBuf[:0]
	var cookieState uint8 // 0 none yet, 1 the first was not empty, 2 it was
	var seenBuf [32]string
	seen := seenBuf[:0] // the names so far
	var blank []string  // the names whose first value is empty
	x.EachReqHeader(func(name, v string) bool {
		if v == "" {
			if !slices.Contains(seen, name) {
				blank = append(blank, name)
			}
		} else if len(blank) > 0 && slices.Contains(blank, name) {
			return true
		}
		seen = append(seen, name)
		switch name {
		case "Authorization", "Proxy-Authorization":
			i := 0
			if name[0] == 'P' {
				i = 1
			}
			if !authSeen[i] {
				authSeen[i], auth[i] = true, v
			}
		case "Cookie":
			if cookieState == 0 {
				cookieState = 1
				if v == "" {
					cookieState = 2
				}
			}
			if cookieState == 1 {
				cookies = append(cookies, v)
			}
		case "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Content-Type",
			"Content-Length", "Connection", "X-Request-Id", "Cache-Control", "If-None-Match":
			// headers on nearly every request: no memo lookup when none
			// of them is a configured API-key header (plainCommon)
			if inv.plainCommon() {
				return true
			}
		}
		if v != "" && c.kinds&(1<<credAPIKeyHeader) == 0 && inv.keyHeader(name) {
			c.kinds |= 1 << credAPIKeyHeader
		}
		return true
	})
	for _, v := range auth {
		if v == "" {
			continue
		}
		scheme, rest, _ := strings.Cut(strings.TrimSpace(v), " ")
		rest = strings.TrimSpace(rest)
		switch {
		case strings.EqualFold(scheme, "Bearer"):
			if alg, claims, ok := inv.jwt(rest); ok {
				c.kinds |= 1 << credBearerJWT
				c.jwtAlg, c.jwtClaims = alg, claims
			} else {
				c.kinds |= 1 << credBearerOpaque
			}
		case strings.EqualFold(scheme, "Basic"):
			c.kinds |= 1 << credBasic
		case strings.EqualFold(scheme, "Digest"):
			c.kinds |= 1 << credDigest
		case strings.EqualFold(scheme, "AWS4-HMAC-SHA256"), strings.EqualFold(scheme, "AWS"):
			c.kinds |= 1 << credAWSSigV4
		case strings.EqualFold(scheme, "Negotiate"), strings.EqualFold(scheme, "NTLM"), strings.EqualFold(scheme, "Kerberos"):
			c.kinds |= 1 << credNegotiate
		default:
			// A bare JWT without a scheme is still a JWT.
			if alg, claims, ok := inv.jwt(scheme); ok && rest == "" {
				c.kinds |= 1 << credBearerJWT
				c.jwtAlg, c.jwtClaims = alg, claims
			} else {
				c.kinds |= 1 << credAuthOther
			}
		}
	}
	if cookieState == 1 {
		if inv.hasSessionCookie(cookies) {
			c.kinds |= 1 << credSessionCookie
		} else if inv.cfg.CookieOnlyIsCredential {
			c.kinds |= 1 << credCookie
		}
	}
	if x.Query != "" {
		c.kinds |= inv.queryCredentials(x.Query)
	}
	return c
}

// reqHeaderValue is the first value of a request header (canonical name),
// read from the header lines: the value headerValue finds in ReqHeader,
// without building the map.
func reqHeaderValue(x *reassembly.Exchange, canonical string) string {
	var v string
	x.EachReqHeader(func(name, value string) bool {
		if name != canonical {
			return true
		}
		v = value
		return false
	})
	return v
}

// respHeaderValue is reqHeaderValue for the response.
func respHeaderValue(x *reassembly.Exchange, canonical string) string {
	var v string
	x.EachRespHeader(func(name, value string) bool {
		if name != canonical {
			return true
		}
		v = value
		return false
	})
	return v
}

func headerValue(h http.Header, canonical string) string {
	if vs := h[canonical]; len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// keyHeader reports whether a header name is a configured API-key header
// (inv.apiKeys) or looksLikeAPIKeyHeader, memoised per name (at most
// maxHostMemo names are remembered; others are computed each time).
func (inv *Inventory) keyHeader(name string) bool {
	if v, ok := inv.keyHeaders[name]; ok {
		return v
	}
	v := inv.apiKeys[name] || looksLikeAPIKeyHeader(name)
	if len(inv.keyHeaders) < maxHostMemo {
		if inv.keyHeaders == nil {
			inv.keyHeaders = make(map[string]bool)
		}
		inv.keyHeaders[strings.Clone(name)] = v
	}
	return v
}

// commonRequestHeaders are the names credentials skips when plainCommon.
var commonRequestHeaders = [...]string{"Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language",
	"Content-Type", "Content-Length", "Connection", "X-Request-Id", "Cache-Control", "If-None-Match"}

// plainCommon reports whether no commonRequestHeaders name is a key header
// (keyHeader), which holds unless one is configured as an API-key header.
// Computed once.
func (inv *Inventory) plainCommon() bool {
	if inv.plainCommonSet == 0 {
		inv.plainCommonSet = 1
		for _, name := range commonRequestHeaders {
			if inv.apiKeys[name] || looksLikeAPIKeyHeader(name) {
				inv.plainCommonSet = 2
			}
		}
	}
	return inv.plainCommonSet == 1
}

// looksLikeAPIKeyHeader: a request header whose name suggests a credential.
// The name is lower-cased without '-' and '_'; it qualifies when it contains
// apikey, accesskey, token, secret, sessionid, jwt, credential, password,
// signature or auth, is (X-)Session, or ends in "key" (X-Fleet-Key,
// X-Client-Key), unless it is a well-known header that carries none
// (Sec-WebSocket-Key, Idempotency-Key, CSRF tokens, Keep-Alive). A client's
// own session word (Kubectl-Session: a UUID per command, for the server's
// logs) names no credential: a session is one when it is an id, a token or
// a key, or the header's whole name.
func looksLikeAPIKeyHeader(name string) bool {
	if len(name) > 64 {
		return false
	}
	var b [64]byte
	n := 0
	for i := 0; i < len(name); i++ {
		c := name[i]
		if c == '-' || c == '_' {
			continue
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[n] = c
		n++
	}
	s := b[:n]
	switch string(s) {
	case "session", "xsession":
		return true
	case "secwebsocketkey", "secwebsocketaccept", "idempotencykey", "xidempotencykey", "keepalive",
		"xcsrftoken", "xxsrftoken", "csrftoken", "xcsrfheader", "authorization", "proxyauthorization",
		"wwwauthenticate", "proxyauthenticate", "xrequestid", "xcorrelationid", "xcachekey", "publickeypins":
		return false
	}
	for _, w := range [...]string{"apikey", "accesskey", "token", "secret", "sessionid", "jwt", "credential",
		"password", "passwd", "signature", "auth"} {
		if containsBytes(s, w) {
			return true
		}
	}
	// "...-Key" or "...Key" as a word of its own
	if l := len(name); l > 4 && string(s[n-3:]) == "key" {
		k := name[l-3]
		prev := name[l-4]
		return prev == '-' || prev == '_' || k == 'K' && prev >= 'a' && prev <= 'z'
	}
	return false
}

func containsBytes(b []byte, sub string) bool {
	for i := 0; i+len(sub) <= len(b); i++ {
		if string(b[i:i+len(sub)]) == sub {
			return true
		}
	}
	return false
}

// hasSessionCookie reports whether any cookie name matches the configured
// session-cookie patterns (CSRF cookies never do).
func (inv *Inventory) hasSessionCookie(headers []string) bool {
	for _, hv := range headers {
		for len(hv) > 0 {
			var part string
			part, hv, _ = strings.Cut(hv, ";")
			name, _, _ := strings.Cut(part, "=")
			name = strings.TrimSpace(name)
			if name == "" || containsFold(name, "csrf") || containsFold(name, "xsrf") {
				continue
			}
			for _, p := range inv.cookies {
				if globFold(p, name) {
					return true
				}
			}
		}
	}
	return false
}

// globFold matches a lower-case pattern with an optional leading and/or
// trailing '*' against s, ignoring ASCII case.
func globFold(p, s string) bool {
	pre, suf := strings.HasPrefix(p, "*"), strings.HasSuffix(p, "*") && len(p) > 1
	core := strings.TrimSuffix(strings.TrimPrefix(p, "*"), "*")
	switch {
	case pre && suf:
		return containsFold(s, core)
	case pre:
		return len(s) >= len(core) && strings.EqualFold(s[len(s)-len(core):], core)
	case suf:
		return len(s) >= len(core) && strings.EqualFold(s[:len(core)], core)
	}
	return strings.EqualFold(s, core)
}

func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// queryCredentials looks for token query parameters.
func (inv *Inventory) queryCredentials(q string) uint16 {
	var kinds uint16
	for len(q) > 0 {
		var part string
		part, q, _ = strings.Cut(q, "&")
		name, val, _ := strings.Cut(part, "=")
		if name == "" || val == "" || len(name) > 64 {
			continue
		}
		var b [64]byte
		for i := 0; i < len(name); i++ {
			c := name[i]
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			}
			b[i] = c
		}
		ln := b[:len(name)]
		if inv.tokenQ[string(ln)] {
			switch string(ln) {
			case "sig", "signature", "x-amz-signature":
				kinds |= 1 << credSignedURL
			default:
				kinds |= 1 << credTokenQuery
			}
		}
	}
	return kinds
}

// jwtMemoMax caps the JWT memo (Inventory.jwtMemo): at most this many
// token hashes are remembered, about 0.5 MiB; a full memo is cleared and
// refills. A direct-mapped table of 256 missed 93% of the tokens of a
// capture with 8k clients interleaved (one token each); a bounded map keyed
// by the hash misses only on a token's first use until the cap is reached.
const jwtMemoMax = 1 << 14

// jwtResult is one memoised inspectJWT result, pointer free (so the memo
// is not scanned by the garbage collector): bits 0-7 the claims, bits 8-15
// the algorithm's index in jwtAlgNames, bit 16 ok.
type jwtResult uint32

// jwtAlgNames is the closed algorithm vocabulary (jwtAlgs' values and
// "other") in a fixed order, for jwtResult; index 0 is "".
var jwtAlgNames = func() []string {
	names := []string{"", "other"}
	for _, a := range sortedKeys(jwtAlgs) {
		names = append(names, jwtAlgs[a])
	}
	return names
}()

func jwtAlgIndex(alg string) int {
	for i, a := range jwtAlgNames {
		if a == alg {
			return i
		}
	}
	return 1 // cannot happen: inspectJWT's algorithms are in the vocabulary
}

// jwt is inspectJWT through the memo. The memo is keyed by a 64-bit hash of
// the token under a per-process random seed, never by the token: a client
// sends the same token on every request of its session.
func (inv *Inventory) jwt(tok string) (alg string, claims uint8, ok bool) {
	if len(tok) < 20 || !strings.HasPrefix(tok, "eyJ") {
		return "", 0, false
	}
	if inv.jwtMemo == nil {
		inv.jwtMemo = make(map[uint64]jwtResult)
		inv.jwtSeed = maphash.MakeSeed()
	}
	h := maphash.String(inv.jwtSeed, tok)
	if r, hit := inv.jwtMemo[h]; hit {
		return jwtAlgNames[uint8(r>>8)], uint8(r), r&(1<<16) != 0
	}
	if inv.jwtBuf == nil {
		inv.jwtBuf = new(jwtScratch)
	}
	alg, claims, ok = inspectJWTBuf(tok, inv.jwtBuf)
	if len(inv.jwtMemo) >= jwtMemoMax {
		clear(inv.jwtMemo)
	}
	r := jwtResult(claims) | jwtResult(jwtAlgIndex(alg))<<8
	if ok {
		r |= 1 << 16
	}
	inv.jwtMemo[h] = r
	return alg, claims, ok
}

// jwtScratch holds inspectJWT's decode buffers, reused across calls so that
// they are not zeroed for every token.
type jwtScratch struct {
	hdr [1536]byte
	pay [6144]byte
}

// inspectJWT decodes a compact JWS's header and payload without verifying
// it. It returns the algorithm (from a closed vocabulary) and a bit set of
// the registered claims present.
func inspectJWT(tok string) (alg string, claims uint8, ok bool) {
	var sc jwtScratch
	return inspectJWTBuf(tok, &sc)
}

// inspectJWTBuf is inspectJWT decoding into sc.
func inspectJWTBuf(tok string, sc *jwtScratch) (alg string, claims uint8, ok bool) {
	if len(tok) < 20 || len(tok) > 16<<10 || !strings.HasPrefix(tok, "eyJ") {
		return "", 0, false
	}
	h, rest, ok1 := strings.Cut(tok, ".")
	p, _, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || len(h) > 2048 {
		return "", 0, false
	}
	n, err := base64.RawURLEncoding.Decode(sc.hdr[:], []byte(strings.TrimRight(h, "=")))
	if err != nil {
		return "", 0, false
	}
	v, found := jsonStringField(sc.hdr[:n], "alg")
	if !found {
		return "", 0, false
	}
	alg = jwtAlgs[string(v)]
	if alg == "" {
		alg = "other"
	}
	if len(p) <= 8192 {
		if m, err := base64.RawURLEncoding.Decode(sc.pay[:], []byte(strings.TrimRight(p, "="))); err == nil {
			claims = jwtClaimsPresent(sc.pay[:m])
		}
	}
	return alg, claims, true
}

// jwtClaimsPresent is the bit set of jwtClaimNames c for which
// jsonFieldPresent(b, c) holds, found in one pass over b: at every '"' each
// claim name that can start there is tried.
func jwtClaimsPresent(b []byte) uint8 {
	var claims uint8
	const all = 1<<len(jwtClaimNames) - 1
	for i := 0; i < len(b) && claims != all; i++ {
		k := bytes.IndexByte(b[i:], '"')
		if k < 0 {
			break
		}
		i += k
		if i+1 >= len(b) {
			break
		}
		switch b[i+1] {
		case 'i', 's', 'a', 'e', 'n', 'j':
		default:
			continue
		}
		for ci, c := range jwtClaimNames {
			if claims&(1<<ci) != 0 || c[0] != b[i+1] {
				continue
			}
			if fieldAt(b, i, c) {
				claims |= 1 << ci
			}
		}
	}
	return claims
}

// fieldAt reports whether b[i:] starts with `"name"`, optional white space
// and ':' (one position of jsonFieldPresent's search).
func fieldAt(b []byte, i int, name string) bool {
	if i+len(name)+2 > len(b) || b[i] != '"' || string(b[i+1:i+1+len(name)]) != name || b[i+1+len(name)] != '"' {
		return false
	}
	j := i + 2 + len(name)
	for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
		j++
	}
	return j < len(b) && b[j] == ':'
}

// jsonFieldPresent finds `"name"` followed by ':' in a small JSON object.
func jsonFieldPresent(b []byte, name string) (int, bool) {
	for i := 0; i+len(name)+2 <= len(b); i++ {
		if b[i] != '"' || string(b[i+1:i+1+len(name)]) != name || b[i+1+len(name)] != '"' {
			continue
		}
		j := i + 2 + len(name)
		for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
			j++
		}
		if j < len(b) && b[j] == ':' {
			return j + 1, true
		}
	}
	return 0, false
}

// jsonStringField returns the raw string value of a top-level-ish field.
func jsonStringField(b []byte, name string) ([]byte, bool) {
	j, ok := jsonFieldPresent(b, name)
	if !ok {
		return nil, false
	}
	for j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == '\n' || b[j] == '\r') {
		j++
	}
	if j >= len(b) || b[j] != '"' {
		return nil, false
	}
	k := j + 1
	for k < len(b) && b[k] != '"' {
		k++
	}
	if k >= len(b) || k-j-1 > 16 {
		return nil, false
	}
	return b[j+1 : k], true
}
