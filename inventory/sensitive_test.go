package inventory

import (
	"net/http"
	"net/netip"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestSensitiveKinds(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"nothing", `{"id":1,"name":"Anna"}`, nil},
		{"email", `{"email":"anna.jansen@brightlane.example"}`, []string{"email"}},
		{"email_no_tld", `user@localhost`, nil},
		{"visa_luhn", `card 4111 1111 1111 1111 ok`, []string{"card_number"}},
		{"visa_dashes", `4111-1111-1111-1111`, []string{"card_number"}},
		{"amex", `378282246310005`, []string{"card_number"}},
		{"bad_luhn", `4111111111111112`, nil},
		{"long_id_not_card", `id 1234567890123456789012`, nil},
		{"no_issuer_prefix", `0000000000000000`, nil},
		{"iban_nl", `IBAN NL91ABNA0417164300 here`, []string{"iban"}},
		{"iban_de", `"DE89370400440532013000"`, []string{"iban"}},
		{"iban_bad_check", `NL91ABNA0417164301`, nil},
		{"ssn", `ssn 123-45-6789`, []string{"us_ssn"}},
		{"ssn_invalid_area", `000-45-6789 666-12-3456`, nil},
		{"phone", `call +31 20 123 4567`, []string{"phone"}},
		{"phone_short", `+12`, nil},
		{"jwt", `token=` + testJWT, []string{"jwt"}},
		{"aws", `AKIAIOSFODNN7EXAMPLE`, []string{"aws_access_key"}},
		{"gcp", `key=AIzaSyA1234567890abcdefghijklmnopqrstuv`, []string{"gcp_api_key"}},
		{"slack", `xoxb-123456789012-abcdefghij`, []string{"slack_token"}},
		{"github", `ghp_16C7e42F292c6912E7710c838347Ae178B4a`, []string{"github_token"}},
		{"stripe", `sk_live_4eC39HqLyjWDarjtT1zdp7dc`, []string{"stripe_key"}},
		{"pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIB", []string{"private_key"}},
		{"public_pem", "-----BEGIN PUBLIC KEY-----\nMIIB", nil},
		{"date_not_card", `2024-11-27T10:00:00Z`, nil},
		{"decimal_not_card", `4111111111111111.5`, nil},
		{"many", `{"e":"a@b.io","c":"4111111111111111","k":"AKIAIOSFODNN7EXAMPLE"}`, []string{"aws_access_key", "card_number", "email"}},
	}
	for _, tt := range tests {
		got := SensitiveKinds([]byte(tt.in))
		sort.Strings(got)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: SensitiveKinds(%q) = %q, want %q", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestEndpointSensitive(t *testing.T) {
	inv := New(DefaultConfig())
	x := ex("POST", "/session?email=anna%40example.com", 200)
	x.RequestContentType = "application/json"
	x.RequestBody = []byte(`{"login":"anna","password":"hunter2","phone":"+31 6 1234 5678"}`)
	x.ResponseBody = []byte(`{"token":"` + testJWT + `","card":"4111111111111111"}`)
	x.RequestHeader.Set("Authorization", "Bearer "+testJWT) // credential, not leaked data
	inv.Observe(x)
	y := ex("POST", "/form", 200)
	y.RequestContentType = "application/x-www-form-urlencoded"
	y.RequestBody = []byte("user=anna&passwd=secret&mail=anna%40example.com")
	inv.Observe(y)
	got := map[string]map[string]uint64{}
	for _, e := range inv.Endpoints() {
		got[e.Path] = e.Sensitive
	}
	want := map[string]uint64{"request.email": 1, "request.password": 1, "request.phone": 1, "response.jwt": 1, "response.card_number": 1}
	if !reflect.DeepEqual(got["/session"], want) {
		t.Errorf("/session sensitive = %v, want %v", got["/session"], want)
	}
	if g := got["/form"]; g["request.password"] != 1 || g["request.email"] != 1 {
		t.Errorf("/form sensitive = %v", g)
	}
	// values never stored: nothing of the secrets appears in the output or the state
	blob, _ := inv.MarshalHost("api.example.test")
	for _, secret := range []string{"hunter2", "4111111111111111", "anna@example.com", "dXNlcjpwYXNz", "1234 5678", "secret"} {
		if strings.Contains(string(blob), secret) {
			t.Errorf("state contains %q", secret)
		}
		if strings.Contains(mustJSON(t, inv.Endpoints()), secret) {
			t.Errorf("endpoints contain %q", secret)
		}
	}
}

func TestScanHeadersSkipsCredentials(t *testing.T) {
	h := http.Header{"Authorization": {"Bearer " + testJWT}, "X-Api-Key": {"AKIAIOSFODNN7EXAMPLE"},
		"X-Forwarded-For": {"10.0.0.1"}, "X-User-Email": {"a@b.io"}}
	m := scanHeaders(h, map[string]bool{"X-Api-Key": true}, looksLikeAPIKeyHeader)
	if m != 1<<sensEmail {
		t.Errorf("scanHeaders = %b, want only email", m)
	}
}

func TestNationalIDFields(t *testing.T) {
	inv := New(DefaultConfig())
	x := ex("POST", "/people", 201, `body:{"name":"x","bsn":"123456782","tax_id":123456789,"ssn_note":"none"}`)
	inv.Observe(x)
	if e := inv.Endpoints()[0]; e.Sensitive["response.national_id"] != 1 {
		t.Errorf("sensitive = %v", e.Sensitive)
	}
}

func TestLatencyAndClients(t *testing.T) {
	inv := New(DefaultConfig())
	for i := 1; i <= 100; i++ {
		x := ex("GET", "/a", 200)
		x.ResponseTime = x.RequestTime.Add(time.Duration(i) * time.Millisecond)
		x.Client = netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 0, byte(i % 10), 1}), 1000)
		inv.Observe(x)
	}
	e := inv.Endpoints()[0]
	l := e.Latency
	if l.Count != 100 || l.MinMS != 1 || l.MaxMS != 100 || l.AvgMS != 50.5 {
		t.Errorf("latency = %+v", l)
	}
	if l.P50MS < 45 || l.P50MS > 55 || l.P95MS < 85 || l.P95MS > 105 {
		t.Errorf("quantiles p50 %.1f p95 %.1f", l.P50MS, l.P95MS)
	}
	if e.Clients != 10 {
		t.Errorf("clients = %d, want 10", e.Clients)
	}
	var h hll
	for i := 0; i < 5000; i++ {
		h.add(fnv64([]byte("salt"), []byte(strconv.Itoa(i))))
	}
	if est := h.estimate(); est < 4250 || est > 5750 {
		t.Errorf("hll estimate %d for 5000", est)
	}
}

// scanTextRef is the straightforward scanText (before the byte-class
// table), kept as the reference the fast one is checked against.
func scanTextRef(b []byte) uint32 {
	var m uint32
	n := len(b)
	for i := 0; i < n; i++ {
		c := b[i]
		prevWord := i > 0 && isWordByte(b[i-1])
		switch {
		case c == '@':
			if emailAround(b, i) {
				m |= 1 << sensEmail
			}
		case c >= '0' && c <= '9':
			if prevWord || (i > 0 && (b[i-1] == '.' || b[i-1] == '-')) {
				continue
			}
			j, kind := digitRun(b, i)
			m |= kind
			if j > i {
				i = j - 1
			}
		case c == '+':
			if !prevWord && phoneAt(b, i+1) {
				m |= 1 << sensPhone
			}
		case c >= 'A' && c <= 'Z':
			if prevWord {
				continue
			}
			m |= upperToken(b, i)
		case c == 'e':
			if !prevWord && jwtAt(b, i) {
				m |= 1 << sensJWT
			}
		case c == 'x':
			if !prevWord && i+5 < n && b[i+1] == 'o' && b[i+2] == 'x' && strings.IndexByte("bpars", b[i+3]) >= 0 && b[i+4] == '-' && tokenLen(b, i+5) >= 10 {
				m |= 1 << sensSlackToken
			}
		case c == 'g':
			if !prevWord && i+4 < n && b[i+1] == 'h' && strings.IndexByte("pousr", b[i+2]) >= 0 && b[i+3] == '_' && tokenLen(b, i+4) >= 30 {
				m |= 1 << sensGitHubToken
			} else if !prevWord && hasPrefixAt(b, i, "github_pat_") && tokenLen(b, i+11) >= 30 {
				m |= 1 << sensGitHubToken
			}
		case c == 's' || c == 'r':
			if !prevWord && (hasPrefixAt(b, i, "sk_live_") || hasPrefixAt(b, i, "rk_live_")) && tokenLen(b, i+8) >= 16 {
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

// sensCorpus are inputs for the scanText/scanTextRef comparison.
var sensCorpus = []string{
	`{"id":1,"name":"Anna"}`, `{"email":"anna.jansen@brightlane.example"}`, `card 4111 1111 1111 1111 ok`,
	`4111-1111-1111-1111`, `378282246310005`, `IBAN NL91ABNA0417164300 here`, `ssn 123-45-6789`,
	`call +31 20 123 4567`, `token=` + testJWT, `AKIAIOSFODNN7EXAMPLE`, `key=AIzaSyA1234567890abcdefghijklmnopqrstuv`,
	`xoxb-123456789012-abcdefghij`, `ghp_16C7e42F292c6912E7710c838347Ae178B4a`, `sk_live_4eC39HqLyjWDarjtT1zdp7dc`,
	"-----BEGIN RSA PRIVATE KEY-----\nMIIB", `x4111111111111111 a.4111111111111111 _AKIAIOSFODNN7EXAMPLE`,
	`{"e":"a@b.io","c":"4111111111111111","k":"AKIAIOSFODNN7EXAMPLE"}`, `a+31201234567 (+31201234567)`,
	`github_pat_11ABCDEFG0123456789abcdefghijklmnopqrstuv`, `rk_live_4eC39HqLyjWDarjtT1zdp7dc`,
}

// The table-driven scanText finds exactly what the reference finds.
func TestScanTextMatchesReference(t *testing.T) {
	r := newRand(5)
	alphabet := []byte("0123456789 -+.@_:\"{}AKIASZNLDEexgsrkhpob\n")
	inputs := append([]string(nil), sensCorpus...)
	for i := 0; i < 3000; i++ {
		base := []byte(sensCorpus[r.IntN(len(sensCorpus))])
		for k := 0; k < 1+r.IntN(4); k++ { // mutate a few bytes
			base[r.IntN(len(base))] = alphabet[r.IntN(len(alphabet))]
		}
		inputs = append(inputs, string(base))
	}
	for _, in := range inputs {
		if got, want := scanText([]byte(in)), scanTextRef([]byte(in)); got != want {
			t.Errorf("scanText(%q) = %b, reference %b", in, got, want)
		}
	}
}

// FuzzScanText checks scanText against the reference implementation.
func FuzzScanText(f *testing.F) {
	for _, s := range sensCorpus {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if got, want := scanText(b), scanTextRef(b); got != want {
			t.Errorf("scanText(%q) = %b, reference %b", b, got, want)
		}
	})
}

// Sensitive counts past Config.SensitiveSamples are estimated from one
// scanned exchange in SensitiveSampleEvery; path kinds stay exact.
func TestSensitiveSampling(t *testing.T) {
	for _, every := range []int{1, 8} {
		cfg := DefaultConfig()
		cfg.SensitiveSampleEvery = every
		inv := New(cfg)
		for i := 0; i < 200; i++ {
			inv.Observe(ex("GET", "/v1/people/anna@example.com", 200, `body:{"card":"4111 1111 1111 1111"}`))
		}
		eps := inv.Endpoints()
		if len(eps) != 1 {
			t.Fatalf("every=%d: %d endpoints", every, len(eps))
		}
		s := eps[0].Sensitive
		if s["response.card_number"] != 200 || s["request.email"] != 200 {
			t.Errorf("every=%d: sensitive = %v, want 200 each", every, s)
		}
	}
}

// The sampling interval doubles as an endpoint's hits double, up to a
// bound; counts stay estimates of the real ones.
func TestSampleEveryWidens(t *testing.T) {
	for _, c := range []struct {
		hits uint64
		want uint64
	}{{33, 8}, {511, 8}, {512, 16}, {1023, 16}, {1024, 32}, {1 << 20, 256}, {1 << 40, 256}} {
		if got := sampleEvery(c.hits, 32, 8); got != c.want {
			t.Errorf("sampleEvery(%d, 32, 8) = %d, want %d", c.hits, got, c.want)
		}
	}
	if got := sampleEvery(1<<30, 32, 1); got != 1 {
		t.Errorf("every 1 widened to %d", got)
	}
	cfg := DefaultConfig()
	inv := New(cfg)
	const n = 20000
	for i := 0; i < n; i++ {
		inv.Observe(ex("GET", "/v1/people/7", 200, `body:{"card":"4111 1111 1111 1111"}`))
	}
	got := inv.Endpoints()[0].Sensitive["response.card_number"]
	if got < n*9/10 || got > n*11/10 {
		t.Errorf("card_number estimate %d of %d calls", got, n)
	}
}
