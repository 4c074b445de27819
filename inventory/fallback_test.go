package inventory

import (
	"bytes"
	"compress/gzip"
	"reflect"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/reassembly"
)

const spaPage = `<!doctype html><html><head><title>App</title><script src="/static/index-a1.js"></script></head><body><div id="app"></div></body></html>`

// page builds a 2xx exchange answered with an HTML page.
func page(target, html string, opts ...string) *reassembly.Exchange {
	x := ex("GET", target, 200, opts...)
	x.ResponseContentType = "text/html"
	x.ResponseHeader.Set("Content-Type", "text/html; charset=utf-8")
	x.ResponseBody = []byte(html)
	x.ResponseBodySize = int64(len(html))
	return x
}

// A single-page application's server answers unknown paths (client routes,
// scanner probes) with its index page: they are one route, /{path}. The
// root page, API endpoints and other pages stay routes of their own, and
// later paths with the same page land on the fallback.
func TestSPAFallbackIsOneRoute(t *testing.T) {
	inv := New(Config{})
	inv.Observe(page("/", spaPage))
	for _, p := range []string{"/projects/default/features/banner", "/.env", "/HNAP1"} {
		inv.Observe(page(p, spaPage))
	}
	// the same page gzip-encoded for a browser is the same page
	var zb bytes.Buffer
	zw := gzip.NewWriter(&zb)
	zw.Write([]byte(spaPage))
	zw.Close()
	gz := page("/settings/profile", spaPage)
	gz.ResponseBody, gz.ResponseBodySize, gz.ResponseContentEncoding = zb.Bytes(), int64(zb.Len()), "gzip"
	inv.Observe(gz)
	inv.Observe(page("/login", `<!doctype html><html><body><form method="post">A different, server-rendered login page</form></body></html>`))
	inv.Observe(ex("GET", "/api/features", 200))
	inv.Observe(ex("GET", "/health", 200))
	want := []string{"GET /", "GET /api/features", "GET /health", "GET /login", "GET /{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
	// the same page on a new path joins the fallback; an API answer on a new
	// path is a route of its own
	inv.Observe(page("/archive/old-banner", spaPage))
	inv.Observe(ex("GET", "/metrics", 200))
	want = []string{"GET /", "GET /api/features", "GET /health", "GET /login", "GET /metrics", "GET /{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates after more traffic:\n got %q\nwant %q", got, want)
	}
	for _, e := range inv.Endpoints() {
		if e.Path == "/{path}" {
			if e.Hits != 5 || len(e.PathParams) != 1 || !e.PathParams[0].MultiSegment {
				t.Errorf("fallback: hits %d params %+v, want 5 hits and one multi-segment parameter", e.Hits, e.PathParams)
			}
		}
	}
	// the fallback survives storage, and a reload keeps routing by page
	b, err := inv.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "<div id=") {
		t.Fatal("page bytes stored")
	}
	inv2 := New(Config{})
	if err := inv2.LoadHost("api.example.test", b); err != nil {
		t.Fatal(err)
	}
	inv2.Observe(page("/new/client/route", spaPage))
	inv2.Observe(ex("GET", "/version", 200))
	want = []string{"GET /", "GET /api/features", "GET /health", "GET /login", "GET /metrics", "GET /version", "GET /{}"}
	if got := templates(inv2); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates after reload:\n got %q\nwant %q", got, want)
	}
}

// Distinct pages, two paths with one page, or tiny bodies are no fallback.
func TestNoFallbackWithoutEvidence(t *testing.T) {
	inv := New(Config{})
	for i, p := range []string{"/about", "/pricing", "/contact"} {
		inv.Observe(page(p, spaPage+strings.Repeat(" ", i)))
	}
	inv.Observe(page("/docs/a", spaPage+"x"))
	inv.Observe(page("/docs/b", spaPage+"x"))
	for _, p := range []string{"/ok1", "/ok2", "/ok3"} {
		inv.Observe(page(p, "OK"))
	}
	want := []string{"GET /about", "GET /contact", "GET /docs/a", "GET /docs/b", "GET /ok1", "GET /ok2", "GET /ok3", "GET /pricing"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
}

// Below a prefix, the fallback is below the prefix (/ui/tree/{path}).
func TestFallbackBelowPrefix(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/ui/tree/notes/a.txt", "/ui/tree/b", "/ui/tree/c/d/e"} {
		inv.Observe(page(p, spaPage))
	}
	inv.Observe(ex("GET", "/ui/api/contents", 200))
	want := []string{"GET /ui/api/contents", "GET /ui/tree/{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
}

// Hashed bundle names collapse on their id shape before the file rule sees
// the directory; names without a digit join the same parameter.
func TestBundleFilesOneParameter(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/static/index-DcWBU_a4.js", "/static/style-BfdqROT6.css", "/static/vendor-Q9x2ab7K.js",
		"/static/chunk-8fHq1zP3.js", "/static/RoleCell-CjVCxBgl.js", "/static/index-DMSjiFEm.js"} {
		inv.Observe(ex("GET", p, 200))
	}
	want := []string{"GET /static/{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
}

// Another method answered with the fallback's page is the fallback's too,
// whether it came before the fallback was found or after; a POST answered
// otherwise stays a route.
func TestSPAFallbackTakesOtherMethods(t *testing.T) {
	for _, postFirst := range []bool{true, false} {
		inv := New(Config{})
		post := func(target string) {
			x := page(target, spaPage)
			x.Method = "POST"
			inv.Observe(x)
		}
		if postFirst {
			post("/wp-login.php")
		}
		inv.Observe(page("/", spaPage))
		for _, p := range []string{"/archived", "/.env", "/memos/abc"} {
			inv.Observe(page(p, spaPage))
		}
		templates(inv) // settle: the fallback exists
		if !postFirst {
			post("/wp-login.php")
		}
		post("/xmlrpc.php")
		inv.Observe(ex("POST", "/api/v1/memos", 200))
		want := []string{"GET /", "GET /{}", "POST /api/v1/memos", "POST /{}"}
		if got := templates(inv); !reflect.DeepEqual(got, want) {
			t.Errorf("postFirst=%v templates:\n got %q\nwant %q", postFirst, got, want)
		}
	}
}

// An SPA served with its bundles at the same level (a static handler and a
// history fallback, one route: GET /{path*}): the pages fold into the
// bundles' parameter with the other files beside it (favicon.ico), and it
// takes later files and pages alike, also after a reload; a JSON answer on
// a new path is still a route.
func TestSPAFallbackWithStaticFiles(t *testing.T) {
	inv := New(Config{})
	inv.Observe(page("/", spaPage))
	for _, f := range []string{"/chunk-2ATI5RL3.js", "/chunk-4TYE7FOW.js", "/chunk-IJB6PBR5.js", "/main-XS5676NQ.js", "/polyfills-K2Q7LJ3A.js"} {
		x := ex("GET", f, 200, "body:")
		x.ResponseContentType = "application/javascript"
		inv.Observe(x)
	}
	ico := ex("GET", "/favicon.ico", 200, "body:")
	ico.ResponseContentType = "image/x-icon"
	inv.Observe(ico)
	for _, p := range []string{"/login", "/settings", "/.env", "/wp-login.php"} {
		inv.Observe(page(p, spaPage))
	}
	inv.Observe(ex("GET", "/api/status", 200))
	want := []string{"GET /", "GET /api/status", "GET /{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
	b, err := inv.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	inv2 := New(Config{})
	if err := inv2.LoadHost("api.example.test", b); err != nil {
		t.Fatal(err)
	}
	x := ex("GET", "/chunk-Z9Y8X7W6.js", 200, "body:")
	x.ResponseContentType = "application/javascript"
	inv2.Observe(x)
	inv2.Observe(page("/accessories", spaPage))
	inv2.Observe(ex("GET", "/version", 200))
	want = []string{"GET /", "GET /api/status", "GET /version", "GET /{}"}
	if got := templates(inv2); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates after reload:\n got %q\nwant %q", got, want)
	}
}

// The static handler of an SPA's fallback serves the directories below it
// too: /assets/icon.png and /media/hap-1.svg beside the root's bundles are
// the fallback's files, also when they arrive after a reload. A directory
// that serves anything but files (/api) stays, and so does one whose files
// sit beside an API endpoint.
func TestSPAFallbackTakesStaticDirectories(t *testing.T) {
	file := func(p, ct string) *reassembly.Exchange {
		x := ex("GET", p, 200, "body:")
		x.ResponseContentType = ct
		return x
	}
	inv := New(Config{})
	inv.Observe(page("/", spaPage))
	for _, f := range []string{"/chunk-2ATI5RL3.js", "/chunk-4TYE7FOW.js", "/main-XS5676NQ.js", "/polyfills-K2Q7LJ3A.js"} {
		inv.Observe(file(f, "application/javascript"))
	}
	for _, f := range []string{"/assets/hb-icon.png", "/assets/logo.svg", "/assets/manifest.webmanifest", "/media/hap-24356SU3.svg"} {
		inv.Observe(file(f, "image/png"))
	}
	inv.Observe(file("/docs/guide.pdf", "application/pdf"))
	inv.Observe(ex("GET", "/docs/search", 200))
	for _, p := range []string{"/login", "/settings", "/.env", "/wp-login.php"} {
		inv.Observe(page(p, spaPage))
	}
	inv.Observe(ex("GET", "/api/status", 200))
	want := []string{"GET /", "GET /api/status", "GET /docs/guide.pdf", "GET /docs/search", "GET /{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
	inv2 := reloaded(t, inv, "api.example.test")
	inv2.Observe(file("/assets/fonts/inter.woff2", "font/woff2"))
	if got := templates(inv2); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates after reload:\n got %q\nwant %q", got, want)
	}
}

// A PWA's manifest is a file: its extension is longer than most.
func TestWebManifestIsAFile(t *testing.T) {
	if !fileName("manifest.webmanifest") || fileName("john.smithson") {
		t.Fatal("manifest.webmanifest must be a file name and john.smithson not")
	}
}

// Page routes are not a fallback: single words answered with one page and
// nothing else (Prometheus' /query, /alerts, /targets, no catch-all) stay
// routes; one probe answered with the page shows the catch-all.
func TestPageRoutesWithoutCatchAllEvidence(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/query", "/alerts", "/targets", "/rules", "/status"} {
		inv.Observe(page(p, spaPage))
	}
	inv.Observe(ex("GET", "/api/v1/labels", 200))
	want := []string{"GET /alerts", "GET /api/v1/labels", "GET /query", "GET /rules", "GET /status", "GET /targets"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
	inv.Observe(page("/wp-login.php", spaPage))
	want = []string{"GET /api/v1/labels", "GET /{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates with a probe:\n got %q\nwant %q", got, want)
	}
}

// empty builds an exchange answered with no body and no type, as an
// access decision API answers "allowed".
func empty(method, target string, status int) *reassembly.Exchange {
	x := ex(method, target, status, "ctype:", "body:")
	x.ResponseHeader.Del("Content-Type")
	return x
}

// A decision API answers every path below its prefix, any method, with an
// empty 200 (allowed) or an error (refused): one route per method,
// /decisions/{path}, however REST-like the paths it is asked about. An
// endpoint below it that answered with a document stays a route.
func TestEmptyAnswerFallback(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/api/orders", "/api/orders/7", "/api/orders/7/items", "/v1/users/42", "/v1/users/42/addresses",
		"/billing/invoices", "/billing/invoices/INV-1/pdf", "/static/app.js"} {
		inv.Observe(empty("GET", "/decisions"+p, 200))
	}
	inv.Observe(empty("POST", "/decisions/api/orders", 200))
	// the answer may carry the request's type (copied headers), and HEAD
	// never has a body
	post := empty("POST", "/decisions/hooks/github", 200)
	post.ResponseContentType = "application/json"
	inv.Observe(post)
	inv.Observe(empty("HEAD", "/decisions/albums/summer/photos/p_12/download", 200))
	inv.Observe(empty("DELETE", "/decisions/api/orders/7", 200))
	inv.Observe(ex("DELETE", "/decisions/v1/users/42", 403, `body:{"error":{"code":403,"status":"Forbidden"}}`))
	inv.Observe(ex("GET", "/decisions/stats", 200, `body:{"allowed":3,"denied":1,"rules":27}`))
	inv.Observe(ex("GET", "/rules/r-1", 200, `body:{"id":"r-1"}`))
	sameSet(t, templates(inv), []string{"GET /decisions/stats", "GET /decisions/{}", "POST /decisions/{}", "DELETE /decisions/{}",
		"HEAD /decisions/{}", "GET /rules/{}"})
}

// Empty answers are weaker evidence than one page: a few GETs answered
// so (an API's pings) stay routes, as do checks answered 204 No Content.
func TestEmptyAnswersNeedMorePaths(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/api/ping", "/api/v1/ping", "/api/v1/health/live"} {
		inv.Observe(empty("GET", p, 200))
	}
	for _, p := range []string{"/api/user/following/kim", "/api/user/following/alice", "/api/user/starred/kim/site",
		"/api/user/starred/alice/blog", "/api/user/starred/bob/tools", "/api/orgs/acme/members/kim", "/api/orgs/acme/public_members/kim"} {
		inv.Observe(empty("GET", p, 204))
	}
	// HEAD never has a body: HEADs alone make no fallback
	for _, p := range []string{"/api/v1/ping", "/api/v1/health/live", "/api/v1/health/ready", "/api/v1/status/build", "/api/v1/status/config", "/api/v1/status/flags"} {
		inv.Observe(empty("HEAD", p, 200))
	}
	// (names without provenance stay literal here: no fallback took them)
	sameSet(t, templates(inv), []string{"GET /api/ping", "GET /api/v1/ping", "GET /api/v1/health/live",
		"GET /api/user/following/kim", "GET /api/user/following/alice", "GET /api/user/starred/kim/site",
		"GET /api/user/starred/alice/blog", "GET /api/user/starred/bob/tools", "GET /api/orgs/acme/members/kim",
		"GET /api/orgs/acme/public_members/kim", "HEAD /api/v1/ping", "HEAD /api/v1/health/live", "HEAD /api/v1/health/ready",
		"HEAD /api/v1/status/build", "HEAD /api/v1/status/config", "HEAD /api/v1/status/flags"})
}

// An answer whose bytes were lost in the capture says nothing about the
// page: a parser resynchronising after a gap gave this HEAD a body, and it
// must not keep the endpoint out of the fallback the clean answers make.
func TestDamagedAnswerIsNoPage(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/api/orders/7", "/api/orders/7/items", "/v1/users/42", "/v1/users/42/addresses", "/billing/invoices", "/billing/invoices/INV-1/pdf"} {
		inv.Observe(empty("GET", "/decisions"+p, 200))
	}
	for _, f := range []string{"a.pdf", "b.png", "c.har"} {
		inv.Observe(empty("HEAD", "/decisions/api/tickets/48240/attachments/"+f, 200))
	}
	x := empty("HEAD", "/decisions/api/tickets/48341/attachments/d.pdf", 200)
	x.ResponseBodySize, x.Flags = 34227, reassembly.FlagGap|reassembly.FlagTruncated
	inv.Observe(x)
	sameSet(t, templates(inv), []string{"GET /decisions/{}", "HEAD /decisions/{}"})
}

// An admin SPA below a prefix: the prefix's own page counts as the third
// path answered with the page (/admin beside /admin/auth/login and
// /admin/license), so the bundles' parameter becomes the fallback and takes
// the client routes; /admin stays a route. Two pages below the root beside
// the root's own, or one below a prefix, are no such evidence.
func TestFallbackCountsThePrefixPage(t *testing.T) {
	inv := New(Config{})
	for _, f := range []string{"/admin/index-DXo1M2.js", "/admin/vendor-Bq81zR.js", "/admin/strapi-9Fk2aa.js", "/admin/runtime-xK29PQ.js"} {
		x := ex("GET", f, 200, "body:")
		x.ResponseContentType = "application/javascript"
		inv.Observe(x)
	}
	for _, p := range []string{"/admin", "/admin/auth/login", "/admin/license-limit-information"} {
		inv.Observe(page(p, spaPage))
	}
	inv.Observe(ex("GET", "/api/articles", 200))
	sameSet(t, templates(inv), []string{"GET /admin", "GET /admin/{}", "GET /api/articles"})

	inv = New(Config{})
	for _, p := range []string{"/", "/alerts", "/status/config"} {
		inv.Observe(page(p, spaPage))
	}
	sameSet(t, templates(inv), []string{"GET /", "GET /alerts", "GET /status/config"})

	inv = New(Config{})
	for _, p := range []string{"/app", "/app/home/feed"} {
		inv.Observe(page(p, spaPage))
	}
	sameSet(t, templates(inv), []string{"GET /app", "GET /app/home/feed"})
}
