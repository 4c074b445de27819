package inventory

import (
	"fmt"
	"net/netip"
	"strings"
	"testing"
)

// classifyCases: each kind with the segments that must get it. Hard cases
// are commented.
var classifyCases = []struct {
	kind Kind
	segs []string
}{
	{KindWord, []string{
		"users", "employees", "me", "search", "export", "jobs", "api", "hr", "session", "metrics",
		"leave-requests", "bank-account", "_debug", "internal", "org", "chart", "payroll", "runs",
		"senior-backend-engineer", "junior-legal-counsel-utrecht", // slugs: collapse on evidence only
		"anna.jansen", "piet.de.vries", // logins
		"de", "en-GB", // lower-case codes and locales: collapse on evidence
		"index.php", "wp-login.php", "swagger.json", "openapi.yaml", "favicon.ico", "readme.txt", // file with word stem
		".env", ".git", "graphql", "namespaces", "formLogin", "postMessage", "chat.postMessage",
		"users:batchGet", "ab:cd", "ab:cd:ef", "12:30", "ab:cd:ef:1", "oauth2", "s3", "ec2", "base64", "sha256", "x509", "iso8601", "k8s", "i18n",
		"2fa", "p2p", "mp4", "b2b", "web3", "html5", "h2", "decade", "facade", "deadbeef",
		"café", "naïve", "a", "x", "_", "-", "~", "MixedCase", "snake_case_name", "kebab-case-name",
		"thisisalongbutplainwordthatisnotanidentifier", "Straße", "getUserPreferences", "XMLHttpRequestEvent",
		"createAuthorIfNotExistsFor", "listSessionsOfAuthor", // RPC method names read as words
		"example.org", "etc.", "-a.b.", // no trailing dot, or one label, or a bad label
	}},
	{KindVersion, []string{"v1", "v2", "V3", "v10", "v1beta1", "v2alpha", "v1alpha2", "v3rc1", "1.0", "2.1", "v1.0", "v2.12"}},
	{KindInt, []string{"0", "1", "7", "42", "2024", "123456", "000123", "18446744073709551615", "99999999999999999999999"}},
	{KindUUID, []string{"e24e0ba2-9fa1-4dc5-a472-ba9149ac4038", "00000000-0000-0000-0000-000000000000", "E24E0BA2-9FA1-4DC5-A472-BA9149AC4038"}},
	{KindObjectID, []string{"507f1f77bcf86cd799439011", "5f8d0d55b54764421b7156c3"}},
	{KindHex, []string{"fe4cd2dc", "bfe7d824", "4083900f", "a1b2c3d4e5", "deadbeef1", "0123456789abcdef0123456789abcdef", "da39a3ee5e6b4b0d3255bfef95601890afd80709",
		"69:68:b3:bb:5d:3d:f5:3b:40:2a:81:80:06:b1:54:82:78:5f:31:e7", "3C:CE:CD:E6", // certificate serials, fingerprints
	}},
	{KindULID, []string{"01HQ3V8Z6M2K7X4N9P5R1T3W8Y", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "7ZZZZZZZZZZZZZZZZZZZZZZZZ1"}},
	{KindKSUID, []string{"0ujtsYcgvSTl8PAuAdqWYSMnLOv", "1srOrx2ZWZBpBUvZwXKQmoEYga2"}},
	{KindJWT, []string{testJWT, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."}},
	{KindToken, []string{
		"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA", "q8Zp3nV1xR7tYk2LmW9sB4dF6hJ0cE5aG-uI_oPzXyN", // 43-char session token
		"sk_test_4eC39HqLyjWDarjtT1zdp7dc", "AbCdEfGhIjKlMnOpQrStUvWx", "AbXqPzRtLmNoKsYwAbXq", "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
		"a1b2c3d4e5f6g7h8i9j0", "dGhpcyBpcyBhIHRlc3Q9PQ==", "mLrHpZzgiplFQcrz",
		// dotted, but one label is random (a PASETO), or labels are mixed case
		"v2.local.q8zp3nv1xr7tyk2lmw9sb4df6hj0ce5ag", "AbCdEfGh.IjKlMnOp.QrSt1",
	}},
	{KindDate, []string{"2024-02-29", "1999-12-31", "2026-11-27"}},
	{KindDateTime, []string{"2024-02-29T10:00:00Z", "2024-02-29T10:00", "2024-02-29T10:00:00.123+01:00"}},
	{KindWeek, []string{"2024-W07", "2024-W52", "2025-w01"}},
	{KindMonth, []string{"2024-11", "1999-01"}},
	{KindEmail, []string{"anna@example.com", "a.b+c@sub.example.co.uk", "x@y.io"}},
	{KindIPv4, []string{"10.0.0.1", "192.168.1.254", "8.8.8.8"}},
	{KindIPv6, []string{"fe80::1", "2001:db8::8a2e:370:7334", "::1"}},
	{KindMAC, []string{"00:1a:2b:3c:4d:5e", "00-1A-2B-3C-4D-5E"}},
	{KindSemver, []string{"1.2.3", "v1.2.3", "10.20.30", "1.0.0-rc.1", "2.0.0+build.5"}},
	{KindMixedID, []string{
		"E104233", "ENG-412", "SUP-562", "2024-11-monthly", "INV-2024-0042", "ord_123", "cus_9988",
		"a1b2c3", "user123", "abc12", "ATL02", "nyc16", "PR12345", "ABC-1234-XY", "T1000", "item-0042",
	}},
	// ALL-CAPS tokens are values at once (currencies, country and market
	// codes, tickers, refs); not versions, not with lower case, not long
	{KindCode, []string{"NL", "USD", "USDT", "HEAD", "BTC-USDT", "DOGE-USD", "US-CA", "EUR_USD", "A1B", "P2P"}},
	{KindVersion, []string{"V1", "V2"}},
	{KindWord, []string{"Q", "ABCDEFGHIJK", "-USD", "USD-", "BTC--USD", "NLx",
		// dotted names read label by label (API groups, domains, packages)
		"certificates.k8s.io", "rbac.authorization.k8s.io", "flowcontrol.apiserver.k8s.io", "api.example.com",
	}},
	{KindString, []string{"hello world", "a=b", "x,y", "(foo)", "name's", "%2F", "a+b",
		strings.Repeat("abcdefghij", 7),
		"ns1.example.org.", "xn--bcher-kva.example.", "10.in-addr.arpa.", "_sip._tcp.example.com.", // absolute DNS names
	}},
}

func TestClassify(t *testing.T) {
	n := 0
	for _, c := range classifyCases {
		for _, s := range c.segs {
			n++
			if got := Classify(s, 2, "items"); got != c.kind {
				t.Errorf("Classify(%q) = %v, want %v", s, got, c.kind)
			}
		}
	}
	if n < 200 {
		t.Logf("%d classifier cases", n)
	}
}

func TestClassifyContext(t *testing.T) {
	tests := []struct {
		seg    string
		pos    int
		parent string
		want   Kind
	}{
		{"2", 1, "api", KindVersion},          // /rest/api/2/issue
		{"2", 1, "items", KindInt},            // /items/2
		{"1.2.15", 1, "api", KindVersion},     // /api/1.2.15/getText: the API's version
		{"1.2.15", 2, "versions", KindSemver}, // /packages/x/versions/1.2.15: a release
		{"2024-02-29", 0, "", KindWord},       // dates never first
		{"2024-02-29", 1, "x", KindDate},      // elsewhere a parameter
		{"2024-W07", 0, "", KindWord},         // same for weeks
		{"report-2024.pdf", 2, "r", KindMixedID},
		{"12345.json", 2, "r", KindInt}, // id with extension
		{"index.html", 0, "", KindWord},
	}
	for _, tt := range tests {
		if got := Classify(tt.seg, tt.pos, tt.parent); got != tt.want {
			t.Errorf("Classify(%q, %d, %q) = %v, want %v", tt.seg, tt.pos, tt.parent, got, tt.want)
		}
	}
}

func TestClassOf(t *testing.T) {
	tests := []struct {
		seg  string
		want wordClass
	}{
		{"users", clsPlain}, {"anna", clsName}, {"jdoe", clsName}, {"orders", clsPlain}, {"NL", clsCode}, {"de", clsCode}, {"USD", clsCode},
		{"en-GB", clsCode}, {"pt_BR", clsCode}, {"senior-backend-engineer", clsHyphen}, {"leave-requests", clsHyphen},
		{"snake_case", clsHyphen}, {"anna.jansen", clsDotted}, {"chat.postMessage", clsOther},
		{"postMessage", clsCamel}, {"report.pdf", clsFile}, {"v1", clsVersion}, {"_debug", clsOther},
		{"Users", clsCamel}, {"ALLCAPSWORD", clsOther},
	}
	for _, tt := range tests {
		if got := classOf(tt.seg, literalKind(tt.seg)); got != tt.want {
			t.Errorf("classOf(%q) = %d, want %d", tt.seg, got, tt.want)
		}
	}
}

func TestClassifyNoAllocs(t *testing.T) {
	segs := []string{"users", "E104233", "e24e0ba2-9fa1-4dc5-a472-ba9149ac4038", "2024-W07", "anna.jansen", "10.0.0.1"}
	allocs := testing.AllocsPerRun(100, func() {
		for _, s := range segs {
			Classify(s, 1, "x")
		}
	})
	if allocs != 0 {
		t.Errorf("Classify allocates %.1f per run", allocs)
	}
}

func TestNormalizePath(t *testing.T) {
	tests := []struct {
		raw  string
		want string
	}{
		{"/", ""},
		{"", ""},
		{"/users/", "users"},
		{"//users///42//", "users|42"},
		{"/users/42;jsessionid=abc/orders", "users|42|orders"},
		{"/a%20b/c", "a b|c"},
		{"/files/a%2Fb", "files|a%2Fb"},     // decoded '/' never splits
		{"/files/a%252Fb", "files|a%2Fb"},   // decoded once only
		{"/x/%zz/%4", "x|%zz|%4"},           // bad escapes stay
		{"/a/./b/../c", "a|c"},              // dot segments
		{"/../../etc/passwd", "etc|passwd"}, // cannot climb above root
		{"/a/%2e%2e/b", "b"},                // encoded dot segments resolve too
		{"/search?q=x/y", "search"},         // query ignored
		{"/p#frag", "p"},
		{"*", "*"},
	}
	for _, tt := range tests {
		got := strings.Join(NormalizePath(tt.raw), "|")
		if got != tt.want {
			t.Errorf("NormalizePath(%q) = %q, want %q", tt.raw, got, tt.want)
		}
	}
}

func TestNormalizeHost(t *testing.T) {
	s8080 := mustAddrPort("10.0.0.2:8080")
	s80 := mustAddrPort("10.0.0.2:80")
	lo3000, lo80, lo6 := mustAddrPort("127.0.0.1:3000"), mustAddrPort("127.0.0.1:80"), mustAddrPort("[::1]:3000")
	tests := []struct {
		host   string
		server netip.AddrPort
		want   string
		ok     bool
	}{
		{"API.Example.COM", s80, "api.example.com", true},
		{"api.example.com:80", s80, "api.example.com", true},
		{"api.example.com:8080", s80, "api.example.com:8080", true},
		{"api.example.com:443", s80, "api.example.com:443", true},
		// the Host header as sent, whatever the server port (the
		// Inventory merges spellings, see TestHostSpellings)
		{"api.example.com", s8080, "api.example.com", true},
		{"api.example.com:80", s8080, "api.example.com", true},
		{"Api.Example.Com:8080", s8080, "api.example.com:8080", true},
		{"api.example.com:9090", s8080, "api.example.com:9090", true},
		{"api.example.com", netip.AddrPort{}, "api.example.com", true},
		{"", s8080, "10.0.0.2:8080", true},
		{"  ", s8080, "10.0.0.2:8080", true},
		{"[::1]:8080", s80, "[::1]:8080", true},
		{"[::1]", s8080, "[::1]", true},
		{"bad host", s8080, "10.0.0.2:8080", false},
		{"evil\x00.com", s8080, "10.0.0.2:8080", false},
		{":80", s8080, "10.0.0.2:8080", false},
		{strings.Repeat("a", 300), s8080, "10.0.0.2:8080", false},
		// the loopback's names on a loopback server are one host; its
		// subdomains are virtual hosts, and elsewhere the names are
		// kept as sent
		{"localhost:3000", lo3000, "127.0.0.1:3000", true},
		{"LocalHost:3000", lo3000, "127.0.0.1:3000", true},
		{"127.0.0.1:3000", lo3000, "127.0.0.1:3000", true},
		{"127.0.1.1:3000", lo3000, "127.0.0.1:3000", true},
		{"[::1]:3000", lo6, "127.0.0.1:3000", true},
		{"localhost", lo80, "127.0.0.1", true},
		{"localhost:80", lo80, "127.0.0.1", true},
		{"app.localhost:3000", lo3000, "app.localhost:3000", true},
		{"localhost.example.com:3000", lo3000, "localhost.example.com:3000", true},
		{"localhost:3000", s8080, "localhost:3000", true},
		{"[::1]:8080", s8080, "[::1]:8080", true},
	}
	for _, tt := range tests {
		got, ok := NormalizeHost(tt.host, tt.server)
		if got != tt.want || ok != tt.ok {
			t.Errorf("NormalizeHost(%q, %v) = %q, %v; want %q, %v", tt.host, tt.server, got, ok, tt.want, tt.ok)
		}
	}
}

func TestCamelWord(t *testing.T) {
	yes := []string{"getUser2", "OAuth2", "iPhone12", "macOS", "postMessage", "HTTPServer", "userID", "ABC"}
	no := []string{"Hkty7X", "MdG0NA", "ssZe1L", "9hGMoT", "7OxGIL", "aB1cD2"}
	for _, s := range yes {
		if !camelWord(s) {
			t.Errorf("camelWord(%q) = false", s)
		}
	}
	for _, s := range no {
		if camelWord(s) {
			t.Errorf("camelWord(%q) = true", s)
		}
	}
	for _, s := range no {
		if k := Classify(s, 2, "drivers"); !k.IsID() {
			t.Errorf("Classify(%q) = %v, want an id kind", s, k)
		}
	}
}

func hostNames(inv *Inventory) map[string]uint64 {
	out := map[string]uint64{}
	for _, e := range inv.Endpoints() {
		out[e.Host] += e.Hits
	}
	return out
}

// One service spelled with and without its port on the same server port is
// one host named without the port, whichever spelling comes first; a
// different port stays apart; requests without a Host header join the host
// a later request on the same server address names; hosts already
// marshalled are never merged.
func TestHostSpellings(t *testing.T) {
	type req struct{ host, server string }
	tests := []struct {
		name       string
		reqs       []req
		marshalAt  int // marshal every host after this many requests (0: never)
		want       map[string]uint64
		wantMerged []string
	}{
		{"explicit_then_bare", []req{{"api.example.com:8080", "10.0.0.2:8080"}, {"api.example.com", "10.0.0.2:8080"}},
			0, map[string]uint64{"api.example.com": 2}, []string{"api.example.com:8080"}},
		{"bare_then_explicit", []req{{"api.example.com", "10.0.0.2:8080"}, {"API.example.com:8080", "10.0.0.2:8080"}},
			0, map[string]uint64{"api.example.com": 2}, nil},
		{"bare_only", []req{{"hr.brightlane.example", "10.0.0.2:38651"}},
			0, map[string]uint64{"hr.brightlane.example": 1}, nil},
		{"explicit_only", []req{{"api.example.com:8080", "10.0.0.2:8080"}},
			0, map[string]uint64{"api.example.com:8080": 1}, nil},
		{"other_port_apart", []req{{"api.example.com:9090", "10.0.0.2:8080"}, {"api.example.com", "10.0.0.2:8080"}},
			0, map[string]uint64{"api.example.com:9090": 1, "api.example.com": 1}, nil},
		{"no_host_then_host", []req{{"", "10.0.0.2:8080"}, {"api.example.com", "10.0.0.2:8080"}, {"", "10.0.0.2:8080"}},
			0, map[string]uint64{"api.example.com": 3}, []string{"10.0.0.2:8080"}},
		{"stored_not_merged", []req{{"api.example.com:8080", "10.0.0.2:8080"}, {"api.example.com", "10.0.0.2:8080"}},
			1, map[string]uint64{"api.example.com:8080": 1, "api.example.com": 1}, nil},
		// a browser on localhost and a script on 127.0.0.1: one socket
		{"loopback_names", []req{{"localhost:3000", "127.0.0.1:3000"}, {"127.0.0.1:3000", "127.0.0.1:3000"}, {"[::1]:3000", "[::1]:3000"}},
			0, map[string]uint64{"127.0.0.1:3000": 3}, nil},
		{"loopback_vhosts_apart", []req{{"app.localhost:3000", "127.0.0.1:3000"}, {"localhost:3000", "127.0.0.1:3000"}},
			0, map[string]uint64{"app.localhost:3000": 1, "127.0.0.1:3000": 1}, nil},
		{"remote_localhost_kept", []req{{"localhost:8080", "10.0.0.2:8080"}, {"10.0.0.2:8080", "10.0.0.2:8080"}},
			0, map[string]uint64{"localhost:8080": 1, "10.0.0.2:8080": 1}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			inv := New(DefaultConfig())
			for i, r := range tt.reqs {
				x := ex("GET", "/v1/things", 200)
				x.Host = r.host
				x.Server = mustAddrPort(r.server)
				inv.Observe(x)
				if tt.marshalAt == i+1 {
					for _, h := range sortedKeys(inv.hosts) {
						if _, err := inv.MarshalHost(h); err != nil {
							t.Fatal(err)
						}
					}
				}
			}
			got := hostNames(inv)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("hosts = %v, want %v", got, tt.want)
			}
			if m := inv.TakeMergedHosts(); fmt.Sprint(m) != fmt.Sprint(tt.wantMerged) {
				t.Errorf("merged = %v, want %v", m, tt.wantMerged)
			}
			if m := inv.TakeMergedHosts(); len(m) != 0 {
				t.Errorf("merged twice: %v", m)
			}
		})
	}
}

// Build tools' content hashes make a file name a value; names made of
// words, versions and plain slugs stay words.
func TestClassifyFingerprintedFiles(t *testing.T) {
	values := []string{
		"dist-BcgPhpnd.js", "index-DcWBU_a4.js", "vue.runtime.esm-bundler-BPXoBY2f.js", "de-AT-DKkd0-Ew.js",
		"asn.1-W9C_7tsY.js", "show-hint-C8Xz_jHS.css", "main.3f9a2c1b.js",
		"remoteEntry.9077b3d2deaffb329dfc.js", "main.3f9a2c1b.js.map", "app-DEHHRmXf.js", "chunk-8xoOdgiP.js",
		"SignIn-DBiyrvKS.js",
	}
	words := []string{
		"index.js", "Inter-SemiBold.woff2", "logo-Original.svg",
		"bootstrap.bundle.min.js", "service-worker.js", "index-template.js", "Roboto-BoldItalic.woff2",
		"openapi.json", "wp-login.php", "font-Regular.ttf", "swagger-ui-bundle.js", "runtime.js",
		"icons-HTMLPage.svg", "Lato-BoldItal.ttf",
	}
	for _, s := range values {
		if k := Classify(s, 2, "assets"); !k.IsID() {
			t.Errorf("Classify(%q) = %v, want a value", s, k)
		}
	}
	for _, s := range words {
		if k := Classify(s, 2, "assets"); k.IsID() {
			t.Errorf("Classify(%q) = %v, want a word", s, k)
		}
	}
}

// An empty segment (a stored state may hold one as a key) is no version,
// code or id, and no classifier panics on it (FuzzLoadHost found
// isVersionLiteral("") indexing past the end).
func TestEmptySegmentClassifiers(t *testing.T) {
	if isVersionLiteral("") || isSemver("") || isUpperCode("") || isCrockford("") {
		t.Error("an empty segment classified as a version, code or id")
	}
	_ = classOf("", literalKind(""))
}
