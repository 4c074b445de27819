package inventory

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/netip"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/reassembly"
)

var t0 = time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)

// ex builds an exchange. opts: "auth:basic", "auth:cookie", "auth:bearer",
// "auth:apikey", "client:N".
func ex(method, target string, status int, opts ...string) *reassembly.Exchange {
	path, query, _ := strings.Cut(target, "?")
	x := &reassembly.Exchange{
		RequestTime:   t0,
		ResponseTime:  t0.Add(3 * time.Millisecond),
		Client:        netip.MustParseAddrPort("10.0.0.1:40000"),
		Server:        netip.MustParseAddrPort("10.0.0.2:80"),
		Method:        method,
		Host:          "api.example.test",
		Target:        target,
		Path:          path,
		Query:         query,
		Proto:         "HTTP/1.1",
		RequestHeader: http.Header{"User-Agent": {"test/1.0"}, "Accept": {"*/*"}},
		ResponseHeader: http.Header{
			"Content-Type": {"application/json"},
		},
		Status:              status,
		ResponseContentType: "application/json",
		ResponseBody:        []byte(`{"id":1,"name":"x"}`),
	}
	for _, o := range opts {
		k, v, _ := strings.Cut(o, ":")
		switch k {
		case "auth":
			switch v {
			case "basic":
				x.RequestHeader.Set("Authorization", "Basic dXNlcjpwYXNz")
			case "cookie":
				x.RequestHeader.Set("Cookie", "locale=en-GB; app_sid=abcdef")
			case "bearer":
				x.RequestHeader.Set("Authorization", "Bearer "+testJWT)
			case "apikey":
				x.RequestHeader.Set("X-API-Key", "k-123456")
			}
		case "client":
			x.Client = netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, 1, byte(len(v)), v[0]}), 40000)
		case "host":
			x.Host = v
		case "body":
			x.ResponseBody = []byte(v)
		case "allow":
			x.ResponseHeader.Set("Allow", v)
		case "ctype":
			x.ResponseContentType = v
			x.ResponseHeader.Set("Content-Type", v)
		}
	}
	return x
}

// testJWT is {"alg":"HS256","typ":"JWT"}.{"sub":"1","iss":"x","exp":1}.sig
const testJWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiaXNzIjoieCIsImV4cCI6MX0.c2lnbmF0dXJlLXNpZ25hdHVyZQ"

func templates(inv *Inventory) []string {
	var out []string
	for _, e := range inv.Endpoints() {
		out = append(out, e.Method+" "+canon(e.Path))
	}
	sort.Strings(out)
	return out
}

// canon replaces parameter names by {} so tests do not depend on naming.
func canon(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}

func sameSet(t *testing.T, got, want []string) {
	t.Helper()
	g := map[string]bool{}
	for _, s := range got {
		g[s] = true
	}
	w := map[string]bool{}
	for _, s := range want {
		w[s] = true
	}
	var missing, extra []string
	for s := range w {
		if !g[s] {
			missing = append(missing, s)
		}
	}
	for s := range g {
		if !w[s] {
			extra = append(extra, s)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("templates differ:\n missing: %q\n extra:   %q", missing, extra)
	}
}

// id generators for property tests.
func genULID(r *rand.Rand) string {
	const a = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
	b := make([]byte, 26)
	b[0] = "01"[r.IntN(2)]
	for i := 1; i < 26; i++ {
		b[i] = a[r.IntN(len(a))]
	}
	return string(b)
}

func genUUID(r *rand.Rand) string {
	const h = "0123456789abcdef"
	b := make([]byte, 36)
	for i := range b {
		if i == 8 || i == 13 || i == 18 || i == 23 {
			b[i] = '-'
		} else {
			b[i] = h[r.IntN(16)]
		}
	}
	return string(b)
}

func genToken(r *rand.Rand, n int) string {
	const a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	b := make([]byte, n)
	for i := range b {
		b[i] = a[r.IntN(len(a))]
	}
	if !strings.ContainsAny(string(b), "0123456789") {
		b[0] = '7'
	}
	return string(b)
}

func genHex(r *rand.Rand, n int) string {
	const h = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = h[r.IntN(16)]
	}
	b[0] = 'a'
	b[1] = '1'
	return string(b)
}

var words = strings.Fields(`senior junior backend frontend engineer manager analyst legal counsel data
product designer sales support amsterdam utrecht rotterdam berlin london remote platform security
staff principal lead intern finance people ops marketing growth mobile cloud`)

func genSlug(r *rand.Rand) string {
	n := 3 + r.IntN(2)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = words[r.IntN(len(words))]
	}
	return strings.Join(parts, "-") + fmt.Sprint("")
}

var first = strings.Fields("anna piet jan kees sanne lotte daan emma noah sem lucas julia tess milan")
var last = strings.Fields("jansen devries bakker visser smit meijer mulder bos vos dekker")

func genLogin(r *rand.Rand) string {
	return first[r.IntN(len(first))] + "." + last[r.IntN(len(last))]
}

func mustAddrPort(s string) netip.AddrPort { return netip.MustParseAddrPort(s) }

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 2)) }

// reloaded stores host's state and loads it into a new inventory, as the
// next run would.
// settleInPlace settles every host of inv where it stands, as a host past
// half its node cap, or one loaded and read before it records, is
// settled: what is observed after builds on the settled trie.
func settleInPlace(inv *Inventory) {
	for _, h := range inv.hosts {
		inv.settle(h)
	}
}

func reloaded(t *testing.T, inv *Inventory, host string) *Inventory {
	t.Helper()
	blob, err := inv.MarshalHost(host)
	if err != nil {
		t.Fatal(err)
	}
	again := New(Config{})
	if err := again.LoadHost(host, blob); err != nil {
		t.Fatal(err)
	}
	return again
}
