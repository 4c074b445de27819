package inventory

import (
	"math/rand/v2"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/reassembly"
)

func credNamesOf(c cred) []string {
	var out []string
	for i := 0; i < numCredKinds; i++ {
		if c.kinds&(1<<i) != 0 {
			out = append(out, credNames[i])
		}
	}
	sort.Strings(out)
	return out
}

func TestCredentials(t *testing.T) {
	tests := []struct {
		name   string
		header http.Header
		query  string
		cfg    func(*Config)
		want   []string
		alg    string
	}{
		{name: "none", want: nil},
		{name: "basic", header: http.Header{"Authorization": {"Basic dXNlcjpwYXNz"}}, want: []string{"basic"}},
		{name: "bearer_jwt", header: http.Header{"Authorization": {"Bearer " + testJWT}}, want: []string{"bearer_jwt"}, alg: "HS256"},
		{name: "bearer_lowercase", header: http.Header{"Authorization": {"bearer " + testJWT}}, want: []string{"bearer_jwt"}, alg: "HS256"},
		{name: "bearer_opaque", header: http.Header{"Authorization": {"Bearer 2YotnFZFEjr1zCsicMWpAA"}}, want: []string{"bearer_opaque"}},
		{name: "bearer_bad_jwt", header: http.Header{"Authorization": {"Bearer eyJ!!!.x.y"}}, want: []string{"bearer_opaque"}},
		{name: "alg_none", header: http.Header{"Authorization": {"Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."}}, want: []string{"bearer_jwt"}, alg: "none"},
		{name: "digest", header: http.Header{"Authorization": {`Digest username="u", realm="r"`}}, want: []string{"digest"}},
		{name: "sigv4", header: http.Header{"Authorization": {"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=abc"}}, want: []string{"aws_sigv4"}},
		{name: "negotiate", header: http.Header{"Authorization": {"Negotiate YIIabc"}}, want: []string{"negotiate"}},
		{name: "other_scheme", header: http.Header{"Authorization": {"Token abc123"}}, want: []string{"authorization_other"}},
		{name: "api_key_header", header: http.Header{"X-Api-Key": {"k"}}, want: []string{"api_key_header"}},
		{name: "api_key_heuristic", header: http.Header{"X-Acme-Apikey": {"k"}}, want: []string{"api_key_header"}},
		{name: "api_key_custom", header: http.Header{"X-Secret-Thing": {"k"}}, cfg: func(c *Config) { c.APIKeyHeaders = []string{"x-secret-thing"} }, want: []string{"api_key_header"}},
		{name: "query_token", query: "q=1&access_token=abc", want: []string{"token_query"}},
		{name: "query_api_key_upper", query: "API_KEY=abc", want: []string{"token_query"}},
		{name: "query_empty_token", query: "token=", want: nil},
		{name: "presigned", query: "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc", want: []string{"signed_url"}},
		{name: "session_cookie", header: http.Header{"Cookie": {"phub_locale=en-GB; phub_sid=abc"}}, want: []string{"session_cookie"}},
		{name: "jsessionid", header: http.Header{"Cookie": {"JSESSIONID=abc"}}, want: []string{"session_cookie"}},
		{name: "locale_cookie_counts", header: http.Header{"Cookie": {"locale=en"}}, want: []string{"cookie"}},
		{name: "locale_cookie_not_credential", header: http.Header{"Cookie": {"locale=en"}}, cfg: func(c *Config) { c.CookieOnlyIsCredential = false }, want: nil},
		{name: "csrf_cookie_is_not_session", header: http.Header{"Cookie": {"csrftoken=abc"}}, want: []string{"cookie"}},
		{name: "custom_session_cookie", header: http.Header{"Cookie": {"brightlane=1"}}, cfg: func(c *Config) { c.SessionCookies = []string{"brightlane"} }, want: []string{"session_cookie"}},
		{name: "authorization_as_api_key", header: http.Header{"Authorization": {"Basic x"}}, cfg: func(c *Config) { c.APIKeyHeaders = []string{"authorization"} }, want: []string{"api_key_header", "basic"}},
		{name: "proxy_authorization", header: http.Header{"Proxy-Authorization": {"Bearer " + testJWT}}, want: []string{"bearer_jwt"}, alg: "HS256"},
		{name: "empty_values_ignored", header: http.Header{"Authorization": {""}, "X-Api-Key": {""}, "Cookie": {""}}, want: nil},
		{name: "second_cookie_header", header: http.Header{"Cookie": {"locale=en", "sid=1"}}, want: []string{"session_cookie"}},
		{name: "two_kinds", header: http.Header{"Authorization": {"Basic x"}, "Cookie": {"sid=1"}}, want: []string{"basic", "session_cookie"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			if tt.cfg != nil {
				tt.cfg(&cfg)
			}
			inv := New(cfg)
			h := tt.header
			if h == nil {
				h = http.Header{}
			}
			c := inv.credentials(&reassembly.Exchange{RequestHeader: h, Query: tt.query})
			if got := credNamesOf(c); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("kinds = %q, want %q", got, tt.want)
			}
			if c.jwtAlg != tt.alg {
				t.Errorf("alg = %q, want %q", c.jwtAlg, tt.alg)
			}
		})
	}
}

func TestJWTClaims(t *testing.T) {
	alg, claims, ok := inspectJWT(testJWT)
	if !ok || alg != "HS256" {
		t.Fatalf("inspectJWT = %q %v", alg, ok)
	}
	var got []string
	for i, n := range jwtClaimNames {
		if claims&(1<<i) != 0 {
			got = append(got, n)
		}
	}
	if !reflect.DeepEqual(got, []string{"iss", "sub", "exp"}) && !reflect.DeepEqual(got, []string{"iss", "sub", "exp"}) {
		sort.Strings(got)
		if !reflect.DeepEqual(got, []string{"exp", "iss", "sub"}) {
			t.Errorf("claims = %q", got)
		}
	}
}

// The endpoint-level auth summary (the scenario's rule: any Cookie header
// is a credential).
func TestEndpointAuth(t *testing.T) {
	inv := New(DefaultConfig())
	inv.Observe(ex("GET", "/a", 200, "auth:cookie"))
	inv.Observe(ex("GET", "/a", 200, "auth:basic"))
	inv.Observe(ex("GET", "/b", 200, "auth:bearer"))
	inv.Observe(ex("GET", "/b", 401))
	inv.Observe(ex("GET", "/c", 200))
	inv.Observe(ex("GET", "/c", 204))
	inv.Observe(ex("GET", "/c", 403))
	got := map[string]Endpoint{}
	for _, e := range inv.Endpoints() {
		got[e.Path] = e
	}
	if e := got["/a"]; !e.Authenticated || e.UnauthenticatedHits != 0 || e.AuthKinds["session_cookie"] != 1 || e.AuthKinds["basic"] != 1 {
		t.Errorf("/a: %+v", e)
	}
	if e := got["/b"]; e.Authenticated || e.UnauthenticatedHits != 1 || e.Unauthenticated2xx != 0 || e.JWTAlgs["HS256"] != 1 || e.JWTClaims["iss"] != 1 {
		t.Errorf("/b: %+v", e)
	}
	if e := got["/c"]; e.Authenticated || e.UnauthenticatedHits != 3 || e.Unauthenticated2xx != 2 {
		t.Errorf("/c: %+v", e)
	}
}

func TestLooksLikeAPIKeyHeader(t *testing.T) {
	yes := []string{"X-Api-Key", "X-Fleet-Key", "X-Client-Key", "X-Auth-Token", "X-Access-Token", "X-Session-Id",
		"X-Jwt", "X-Client-Secret", "X-Hub-Signature", "Ocp-Apim-Subscription-Key", "X-Amz-Security-Token", "X-Auth",
		"Session", "X-Session", "X-Session-Token", "Sessionid", "X-Auth-Session"}
	no := []string{"Sec-Websocket-Key", "Idempotency-Key", "X-Csrf-Token", "X-Xsrf-Token", "Keep-Alive", "User-Agent",
		"Accept", "Content-Type", "X-Request-Id", "X-Forwarded-For", "Authorization", "Www-Authenticate", "Monkey",
		"Kubectl-Session"}
	for _, h := range yes {
		if !looksLikeAPIKeyHeader(h) {
			t.Errorf("%s: not a credential header", h)
		}
	}
	for _, h := range no {
		if looksLikeAPIKeyHeader(h) {
			t.Errorf("%s: taken for a credential header", h)
		}
	}
}

func TestPreflightAndPathSensitive(t *testing.T) {
	inv := New(DefaultConfig())
	x := ex("OPTIONS", "/api/orders", 204)
	x.RequestHeader.Set("Access-Control-Request-Method", "POST")
	inv.Observe(x)
	// a preflight the CORS middleware refused shows no endpoint
	x = ex("OPTIONS", "/api/invoices", 403)
	x.RequestHeader.Set("Access-Control-Request-Method", "POST")
	inv.Observe(x)
	inv.Observe(ex("OPTIONS", "/api/orders", 200)) // a real OPTIONS call
	inv.Observe(ex("GET", "/users/anna@example.com", 200))
	if st := inv.Stats(); st.Preflight != 2 {
		t.Errorf("preflight = %d", st.Preflight)
	}
	got := templates(inv)
	if want := []string{"GET /users/{}", "OPTIONS /api/orders"}; !reflect.DeepEqual(got, want) {
		t.Errorf("templates: %q, want %q", got, want)
	}
	for _, e := range inv.Endpoints() {
		if e.Method == "GET" && (e.Sensitive["request.email"] != 1 || e.Examples[0] != "/users/{email}") {
			t.Errorf("email in path: %v %q", e.Sensitive, e.Examples)
		}
	}
}

// A request whose header block a gap cut keeps its server's host and is
// neither authenticated nor unauthenticated.
func TestCutHeaderBlock(t *testing.T) {
	inv := New(DefaultConfig())
	inv.Observe(ex("GET", "/stores/BOS01/inventory", 200, "auth:basic", "host:ops.example:8000"))
	x := ex("GET", "/stores/ATL16/inventory", 200)
	x.Host = ""
	x.Flags = reassembly.FlagGap | reassembly.FlagTruncated
	inv.Observe(x)
	y := ex("GET", "/stores/NYC01/inventory", 200, "host:OPS.example:8000")
	inv.Observe(y) // really unauthenticated
	eps := inv.Endpoints()
	if len(eps) != 1 || eps[0].Host != "ops.example:8000" || eps[0].Hits != 3 {
		t.Fatalf("endpoints: %+v", eps)
	}
	if eps[0].UnauthenticatedHits != 1 || inv.Stats().AuthUnknown != 1 {
		t.Errorf("unauth %d, unknown %d", eps[0].UnauthenticatedHits, inv.Stats().AuthUnknown)
	}
	// no Host and no earlier host on that server: the server address
	z := ex("GET", "/x", 200)
	z.Host = ""
	z.Server = mustAddrPort("10.9.9.9:8080")
	inv.Observe(z)
	found := false
	for _, e := range inv.Endpoints() {
		found = found || e.Host == "10.9.9.9:8080"
	}
	if !found {
		t.Errorf("server-address host missing: %v", templates(inv))
	}
}

// credentialsMapRef is credentials as it was over the header map (before
// it read the header lines): the reference for TestCredentialsLikeMap.
func credentialsMapRef(inv *Inventory, h http.Header) cred {
	var c cred
	var auth [2]string
	var cookies []string
	for name, vs := range h {
		if len(vs) == 0 || vs[0] == "" {
			continue
		}
		switch name {
		case "Authorization":
			auth[0] = vs[0]
		case "Proxy-Authorization":
			auth[1] = vs[0]
		case "Cookie":
			cookies = vs
		}
		if c.kinds&(1<<credAPIKeyHeader) == 0 && inv.keyHeader(name) {
			c.kinds |= 1 << credAPIKeyHeader
		}
	}
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
		default:
			c.kinds |= 1 << credAuthOther
		}
	}
	if cookies != nil {
		if inv.hasSessionCookie(cookies) {
			c.kinds |= 1 << credSessionCookie
		} else if inv.cfg.CookieOnlyIsCredential {
			c.kinds |= 1 << credCookie
		}
	}
	return c
}

// TestCredentialsLikeMap: reading the header lines one by one gives what
// the map gave, with empty first values (the name counts as absent), empty
// later values, repeated names and a configured common header.
func TestCredentialsLikeMap(t *testing.T) {
	names := []string{"Authorization", "Proxy-Authorization", "Cookie", "X-Api-Key", "Host", "X-Other"}
	values := []string{"", "Basic x", "Bearer " + testJWT, "Token t", "locale=en", "sid=1", "v"}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 20000; i++ {
		cfg := DefaultConfig()
		if i%3 == 0 {
			cfg.APIKeyHeaders = []string{"host"}
		}
		h := http.Header{}
		for n := r.IntN(5); n > 0; n-- {
			name := names[r.IntN(len(names))]
			h[name] = append(h[name], values[r.IntN(len(values))])
		}
		got := New(cfg).credentials(&reassembly.Exchange{RequestHeader: h})
		want := credentialsMapRef(New(cfg), h)
		if got != want {
			t.Fatalf("%q: credentials %v, map %v", h, credNamesOf(got), credNamesOf(want))
		}
	}
}
