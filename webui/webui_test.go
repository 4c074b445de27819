package webui

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

// TestPages: every view answers 200 with its content and the security
// headers; unknown pages answer an HTML 404.
func TestPages(t *testing.T) {
	h := New(sample)
	cases := []struct {
		path  string
		code  int
		wants []string
	}{
		{"/", 200, []string{"<h1>Overview</h1>", "hr.brightlane.example", "88.0%", "Sensor health", "No sensor is running", "stored database"}},
		{"/inventory", 200, []string{"30 endpoints match", `/hr/api/employees`}},
		{"/inventory?method=post", 200, []string{"endpoints match", "POST"}},
		{"/inventory?unauthenticated=true", 200, []string{"17 endpoints match"}},
		{"/inventory?since=2099-01-01", 200, []string{"No endpoint matches these filters"}},
		{"/inventory?path=%5B", 400, []string{"bad path glob"}},
		{"/inventory?page=999", 200, []string{"30 endpoints match"}},
		{"/inventory?page=-1", 200, []string{"30 endpoints match"}},
		{"/findings", 200, []string{"24 of 24 findings match", "/download/findings?format=sarif"}},
		{"/findings?severity=critical", 200, []string{"2 of 24 findings match"}},
		{"/findings?kind=nonsense", 200, []string{"No finding matches these filters"}},
		{"/endpoint?" + url.Values{"host": {"hr.brightlane.example"}, "method": {"GET"}, "path": {"/hr/api/employees/{employeeId}"}}.Encode(), 200,
			[]string{"Statuses", "class=\"hits-chart\"", "employeeId", "email", "Documented as <code>GET /hr/api/employees/{employeeId}</code> (getEmployee)"}},
		{"/endpoint?" + url.Values{"host": {"hr.brightlane.example"}, "method": {"DELETE"}, "path": {"/hr/api/leave-requests/{leaveRequestId}"}}.Encode(), 200,
			[]string{"the specs document <code>/hr/api/leave-requests/{requestId}</code>, but not this method"}},
		{"/endpoint?" + url.Values{"host": {"hr.brightlane.example"}, "method": {"GET"}, "path": {"/hr/api/employees/export"}}.Encode(), 200,
			[]string{"Undocumented: no operation in the specs matches."}},
		{"/endpoint?host=nowhere&method=GET&path=/x", 404, []string{"Endpoint not found"}},
		{"/no/such/page", 404, []string{"Page not found"}},
	}
	for _, c := range cases {
		code, body, hdr := get(t, h, c.path)
		if code != c.code {
			t.Errorf("%s: status %d, want %d", c.path, code, c.code)
		}
		for _, w := range c.wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q in the page", c.path, w)
			}
		}
		if csp := hdr.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", c.path, csp)
		}
		if hdr.Get("Content-Type") != "text/html; charset=utf-8" || hdr.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: headers %v", c.path, hdr)
		}
	}
}

// TestLiveHealth: a running sensor's overview shows its health.
func TestLiveHealth(t *testing.T) {
	code, body, _ := get(t, New(live()), "/")
	for _, w := range []string{"live sensor", "Packets", "Kernel drops", "Exchanges per second", "2.58", "Last commit", "Running since"} {
		if code != 200 || !strings.Contains(body, w) {
			t.Errorf("overview of a live sensor: %d, no %q", code, w)
		}
	}
}

// TestPagination: 10k endpoints are cut in pages of PageSize rows, and
// the pager links keep the filters.
func TestPagination(t *testing.T) {
	src := &memSource{}
	for i := range 10000 {
		src.eps = append(src.eps, inventory.Endpoint{Host: fmt.Sprintf("h%02d.example", i%20), Method: "GET",
			Path: fmt.Sprintf("/api/v1/r%04d/{id}", i), Hits: 1})
	}
	h := New(src)
	code, body, _ := get(t, h, "/inventory?method=GET&page=3")
	if code != 200 {
		t.Fatalf("status %d", code)
	}
	if n := strings.Count(body, `<tr class="ep">`); n != PageSize {
		t.Errorf("%d endpoint rows on a page, want %d", n, PageSize)
	}
	for _, w := range []string{"Page 3 of 100", `href="/inventory?method=GET&amp;page=2"`, `href="/inventory?method=GET&amp;page=4"`} {
		if !strings.Contains(body, w) {
			t.Errorf("no %q in the page", w)
		}
	}
	code, body, _ = get(t, h, "/")
	if code != 200 || !strings.Contains(body, "10,000") {
		t.Errorf("overview of 10k endpoints: %d", code)
	}
}

// TestEscaping: captured names reach the pages escaped, never as markup.
func TestEscaping(t *testing.T) {
	evil := `<script>alert(1)</script>"'><img src=x onerror=alert(2)>`
	src := &memSource{notice: evil, eps: []inventory.Endpoint{{
		Host: evil, Method: evil, Path: "/" + evil + "/{" + evil + "}", Hits: 1,
		Statuses: map[string]uint64{evil: 1}, AuthKinds: map[string]uint64{evil: 1}, Sensitive: map[string]uint64{"response." + evil: 1},
		PathParams: []inventory.Param{{Name: evil, Type: evil}}, QueryParams: []inventory.Param{{Name: evil, Type: evil}},
		Examples: []string{evil}, RequestContentTypes: map[string]uint64{evil: 1},
		RequestShape: &inventory.Shape{Type: "object", Properties: map[string]*inventory.Shape{evil: {Type: evil, Format: evil}}},
	}}}
	h := New(src)
	for _, p := range []string{"/", "/inventory", "/findings", "/inventory?host=" + url.QueryEscape(evil) + "&path=" + url.QueryEscape(evil),
		endpointURL(evil, evil, "/"+evil+"/{"+evil+"}"), "/endpoint?host=" + url.QueryEscape(evil)} {
		_, body, _ := get(t, h, p)
		for _, bad := range []string{"<script>alert", "<img src=x", `"'><img`} {
			if strings.Contains(body, bad) {
				t.Errorf("%s: unescaped %q in the page", p, bad)
			}
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the payload is not shown escaped", p)
		}
	}
}

// TestEmpty: a data source with nothing (an empty or missing database)
// explains itself on every page.
func TestEmpty(t *testing.T) {
	h := New(&memSource{notice: "No database at /x.db yet."})
	for _, p := range []string{"/", "/inventory", "/findings", "/endpoint", "/download/openapi", "/download/findings?format=json"} {
		code, body, _ := get(t, h, p)
		if code >= 500 {
			t.Errorf("%s: status %d: %s", p, code, body)
		}
		if strings.HasPrefix(p, "/download") {
			continue
		}
		if !strings.Contains(body, "No database at /x.db yet.") {
			t.Errorf("%s: the notice is not shown", p)
		}
	}
	_, body, _ := get(t, h, "/")
	if !strings.Contains(body, "No endpoints yet") || !strings.Contains(body, "shadowtap ingest") {
		t.Errorf("the empty overview does not explain: %s", body)
	}
}

// TestDownloads: the findings in package diff's formats, filtered as the
// page is, and the observed OpenAPI document.
func TestDownloads(t *testing.T) {
	h := New(sample)
	code, body, hdr := get(t, h, "/download/findings?format=json&severity=critical")
	var fs []map[string]any
	if code != 200 || json.Unmarshal([]byte(body), &fs) != nil || len(fs) != 2 {
		t.Errorf("JSON: %d, %d findings", code, len(fs))
	}
	if !strings.Contains(hdr.Get("Content-Disposition"), "attachment") {
		t.Errorf("JSON download disposition %q", hdr.Get("Content-Disposition"))
	}
	code, body, _ = get(t, h, "/download/findings?format=csv")
	rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
	if code != 200 || err != nil || len(rows) != 25 {
		t.Errorf("CSV: %d, %d rows, %v", code, len(rows), err)
	}
	code, body, hdr = get(t, h, "/download/findings?format=sarif")
	if code != 200 || !strings.Contains(body, `"version": "2.1.0"`) || hdr.Get("Content-Type") != "application/sarif+json" {
		t.Errorf("SARIF: %d %q", code, hdr.Get("Content-Type"))
	}
	if code, _, _ = get(t, h, "/download/findings?format=xml"); code != 400 {
		t.Errorf("unknown format: %d", code)
	}
	code, body, _ = get(t, h, "/download/openapi?host=hr.brightlane.example")
	var doc struct {
		OpenAPI string         `json:"openapi"`
		Paths   map[string]any `json:"paths"`
	}
	if code != 200 || json.Unmarshal([]byte(body), &doc) != nil || doc.OpenAPI == "" || len(doc.Paths) == 0 {
		t.Errorf("OpenAPI: %d, %q, %d paths", code, doc.OpenAPI, len(doc.Paths))
	}
}

// TestStatic: the embedded assets are served with their types.
func TestStatic(t *testing.T) {
	h := New(sample)
	for p, ct := range map[string]string{"/static/style.css": "text/css", "/static/app.js": "javascript", "/static/favicon.svg": "image/svg+xml"} {
		code, body, hdr := get(t, h, p)
		if code != 200 || len(body) == 0 || !strings.Contains(hdr.Get("Content-Type"), ct) {
			t.Errorf("%s: %d, %q", p, code, hdr.Get("Content-Type"))
		}
	}
	if code, _, _ := get(t, h, "/favicon.ico"); code != http.StatusMovedPermanently {
		t.Errorf("/favicon.ico: %d", code)
	}
}

// TestTree: shared segments are written once, above their endpoints.
func TestTree(t *testing.T) {
	rows := tree([]inventory.Endpoint{
		{Host: "a", Method: "GET", Path: "/"},
		{Host: "a", Method: "GET", Path: "/api/v1/users"},
		{Host: "a", Method: "POST", Path: "/api/v1/users"},
		{Host: "a", Method: "GET", Path: "/api/v1/users/{id}"},
		{Host: "b", Method: "GET", Path: "/api/x"},
	})
	var got []string
	for _, r := range rows {
		s := r.Kind + " " + r.Prefix + "|" + r.Seg + fmt.Sprint(" ", r.Depth)
		if r.Kind == "host" {
			s = "host " + r.Host
		}
		got = append(got, s)
	}
	want := []string{"host a", "endpoint |/ 0", "dir |/api 0", "dir /api|/v1 1", "endpoint /api/v1|/users 2",
		"endpoint /api/v1|/users 2", "endpoint /api/v1/users|/{id} 3", "host b", "dir |/api 0", "endpoint /api|/x 1"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("tree:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
