package inventory

import (
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A literal beside a parameter that only ever got 400/404/422 is a value
// the parameter's handler refused; one answered 2xx or 403 is a route,
// unless the 403 quoted it as what was refused.
func TestRejectedLiteralJoinsParameter(t *testing.T) {
	inv := New(Config{})
	for _, id := range []string{"0b9a7c6e-1d2f-4a3b-8c9d-0e1f2a3b4c5d", "7e6d5c4b-3a29-4817-9f0e-d1c2b3a49586", "f00dbabe-0000-4000-8000-000000000001"} {
		inv.Observe(ex("GET", "/api/silence/"+id, 200))
		inv.Observe(ex("GET", "/api/apps/"+id+"/message", 200))
	}
	inv.Observe(ex("GET", "/api/silence/not-a-uuid", 422))
	inv.Observe(ex("GET", "/api/apps/abc/message", 400))
	inv.Observe(ex("GET", "/api/silence/export", 200)) // a route
	inv.Observe(ex("GET", "/api/silence/locked", 403)) // a route that refused the caller
	inv.Observe(ex("POST", "/api/silence/bogus", 422)) // no POST on the parameter: not a value of it
	// a 403 that names the literal as what it refused judged a value
	inv.Observe(ex("GET", "/api/silence/no_such_silence", 403, `body:{"errors":[{"message":"You don't have permission to access silence \"no_such_silence\" or it does not exist."}]}`))
	inv.Observe(ex("GET", "/api/silence/archived", 403, `body:{"errors":[{"message":"You don't have permission to access this."}]}`))
	want := []string{
		"GET /api/apps/{}/message", "GET /api/silence/archived", "GET /api/silence/export", "GET /api/silence/locked", "GET /api/silence/{}",
		"POST /api/silence/bogus",
	}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
	for _, e := range inv.Endpoints() {
		for _, x := range e.Examples {
			if x == "/api/silence/not-a-uuid" || x == "/api/apps/abc/message" {
				t.Errorf("%s %s keeps the refused example %s", e.Method, e.Path, x)
			}
		}
		if e.Method == "GET" && canon(e.Path) == "/api/silence/{}" && e.Statuses["422"] != 1 {
			t.Errorf("%s statuses %v, want the 422 counted", e.Path, e.Statuses)
		}
	}
	if st := inv.Stats(); st.RejectedFolds != 3 {
		t.Errorf("rejected folds = %d, want 3", st.RejectedFolds)
	}
}

// A leaf with an odd compound name beside a parameter of names joins it;
// dictionary and view words stay routes.
func TestOddCompoundLeafJoinsNames(t *testing.T) {
	inv := New(Config{})
	for _, k := range []string{"edge-tokens", "partner-webhooks", "payments-signing", "support-desk-signing", "webhook-signing", "mobile-encryption"} {
		inv.Observe(ex("POST", "/admin/keys/"+k, 201))
		inv.Observe(ex("GET", "/admin/keys/"+k, 200))
	}
	inv.Observe(ex("GET", "/admin/keys/hydra.openid.id-token", 200))
	inv.Observe(ex("GET", "/admin/keys/rotation", 200))
	inv.Observe(ex("GET", "/admin/keys/search", 200))
	want := []string{"GET /admin/keys/rotation", "GET /admin/keys/search", "GET /admin/keys/{}", "POST /admin/keys/{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
}

// A flood of junk Host headers answered 404 does not take the slots of real
// hosts, in memory or after a reload of what was stored; it is counted.
func TestJunkHostFloodKeepsRealHosts(t *testing.T) {
	cfg := Config{MaxHosts: 8}
	inv := New(cfg)
	inv.Observe(ex("GET", "/api/users", 200, "host:api.example.test"))
	for i := 0; i < 50; i++ {
		inv.Observe(ex("GET", "/x", 404, "host:junk"+strconv.Itoa(i)+".invalid"))
	}
	inv.Observe(ex("GET", "/api/orders", 200, "host:shop.example.test"))
	st := inv.Stats()
	if st.NoiseHostOverflow != 50-8 {
		t.Errorf("noise host overflow = %d, want 42", st.NoiseHostOverflow)
	}
	if st.HostOverflow != 0 {
		t.Errorf("host overflow = %d, want 0", st.HostOverflow)
	}
	hosts := map[string]bool{}
	for _, e := range inv.Endpoints() {
		hosts[e.Host] = true
	}
	if !hosts["api.example.test"] || !hosts["shop.example.test"] {
		t.Fatalf("real hosts lost: %v", hosts)
	}
	// what storage holds reloads the same way: the junk hosts stay apart
	inv2 := New(cfg)
	for name := range inv.hosts {
		b, err := inv.MarshalHost(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := inv2.LoadHost(name, b); err != nil {
			t.Fatalf("reload %s: %v", name, err)
		}
	}
	for i := 0; i < 6; i++ {
		inv2.Observe(ex("GET", "/v1/items", 200, "host:new"+strconv.Itoa(i)+".example.test"))
	}
	if n := len(inv2.Endpoints()); n != 8 {
		t.Errorf("endpoints after reload and 6 new hosts = %d, want 8", n)
	}
	// a noise-only host that serves an endpoint later becomes real
	inv2.Observe(ex("GET", "/health", 200, "host:junk1.invalid"))
	if st := inv2.Stats(); st.HostOverflow != 1 {
		t.Errorf("host overflow after the real cap is full = %d, want 1", st.HostOverflow)
	}
}

// Path parameter counts belong to each endpoint, not to the shared node.
func TestPathParamCountsPerEndpoint(t *testing.T) {
	inv := New(Config{})
	for i := 0; i < 10; i++ {
		inv.Observe(ex("GET", "/users/"+strconv.Itoa(1000+i), 200))
	}
	for i := 0; i < 3; i++ {
		inv.Observe(ex("GET", "/users/"+strconv.Itoa(1000+i)+"/orders", 200))
	}
	for _, e := range inv.Endpoints() {
		if len(e.PathParams) != 1 || e.PathParams[0].Count != e.Hits {
			t.Errorf("%s %s: params %+v, hits %d", e.Method, e.Path, e.PathParams, e.Hits)
		}
	}
}

// A contents API whose files have sub-routes (/files/{path}/revisions)
// and are written as well as read is one multi-segment parameter with the
// sub-route as a literal suffix; ids the API hands out whole with a slash
// in them span segments too.
func TestContentsTreeWithSuffixRoutes(t *testing.T) {
	inv := New(Config{})
	obs := func(m, p string, st int, opts ...string) { inv.Observe(ex(m, p, st, opts...)) }
	files := contentsStream()
	last := files[len(files)-1] // a new file's sub-route, observed below
	for _, x := range files[:len(files)-1] {
		inv.Observe(x)
	}
	obs("GET", "/ui/settings", 200, `body:{"settings":[{"id":"@acme/editor-plugin:theme"},{"id":"@acme/editor-plugin:keys"},{"id":"@acme/viewer:layout"}]}`)
	for _, id := range []string{"@acme/editor-plugin:theme", "@acme/editor-plugin:keys", "@acme/viewer:layout"} {
		obs("GET", "/ui/settings/"+id, 200)
	}
	obs("PUT", "/ui/settings/@acme/viewer:layout", 204)
	want := []string{
		"GET /api/files", "GET /api/files/{}", "GET /api/files/{}/revisions", "GET /ui/settings", "GET /ui/settings/{}",
		"POST /api/files/{}/revisions", "PUT /api/files/{}", "PUT /ui/settings/{}",
	}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
	for _, e := range inv.Endpoints() {
		if e.Method == "GET" && canon(e.Path) == "/api/files/{}" && (e.Hits != 6 || !e.PathParams[0].MultiSegment) {
			t.Errorf("%s: hits %d params %+v", e.Path, e.Hits, e.PathParams)
		}
	}
	// a new file, at any depth, with its sub-route, lands on the same routes
	inv.Observe(last)
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("after a new file's sub-route:\n got %q\nwant %q", got, want)
	}
}

// A literal leaf redirected the way its parameter sibling is (the same
// Location with the value in it) is a value; a route redirected elsewhere
// stays a route.
func TestRedirectFold(t *testing.T) {
	inv := New(Config{})
	redirect := func(path, loc string) {
		x := ex("GET", path, 307)
		x.ResponseHeader.Set("Location", loc)
		inv.Observe(x)
	}
	inv.Observe(ex("GET", "/admin/schemas", 200))
	for _, id := range []string{"1f0c2a9e-6b7d-4e3a-9c51-2d8e7f0a1b23", "7e6d5c4b-3a29-4817-9f0e-d1c2b3a49586"} {
		redirect("/admin/schemas/"+id, "http://public:4433/schemas/"+id)
	}
	redirect("/admin/schemas/employee", "http://public:4433/schemas/employee")
	redirect("/admin/schemas/login", "http://public:4433/sso/start")
	sameSet(t, templates(inv), []string{"GET /admin/schemas", "GET /admin/schemas/{}", "GET /admin/schemas/login"})
	if n := inv.Stats().RedirectFolds; n != 1 {
		t.Errorf("RedirectFolds=%d, want 1", n)
	}
}

// One file name in every directory is a route after a value, not a tree
// of files: the feed of each user (the users' names are the host's data).
// A user name with digits (okoro42) is an id from the start, so one of the
// directories is a parameter: its file name counts the same.
func TestOneFileNameInEveryDirectory(t *testing.T) {
	for _, users := range [][]string{{"marco-rossi", "priya-nair", "lena-fischer"}, {"jmartinez", "okoro42", "dvo"}} {
		inv := New(Config{})
		inv.Observe(ex("GET", "/api/v1/users", 200, `body:{"users":[{"username":"`+strings.Join(users, `"},{"username":"`)+`"}]}`))
		for _, u := range users {
			x := ex("GET", "/u/"+u+"/rss.xml", 200, `body:<rss></rss>`)
			x.ResponseContentType = "application/rss+xml"
			inv.Observe(x)
		}
		for _, f := range []string{"js/app.js", "css/app.css", "img/logo.svg"} {
			inv.Observe(ex("GET", "/static/"+f, 200))
		}
		sameSet(t, templates(inv), []string{"GET /api/v1/users", "GET /u/{}/rss.xml", "GET /static/{}"})
	}
}

// People name things in every style: under a collection, compound names of
// several shapes (kebab, snake, camel) that serve alike (same methods and
// response keys) are values, also beside a parameter a name with a year
// made (app-enc-2026 looks like an id) when it serves alike too; a view
// word stays a route.
func TestCollectionOfMixedStyleNames(t *testing.T) {
	inv := New(Config{})
	jwks := `body:{"keys":[{"kid":"k1","kty":"RSA"}]}`
	for _, k := range []string{"app-enc-2026", "fare-signing", "resellerWebhooks", "cdn_edge", "callback-signing"} {
		inv.Observe(ex("POST", "/admin/keys/"+k, 201, jwks))
		inv.Observe(ex("GET", "/admin/keys/"+k, 200, jwks))
	}
	inv.Observe(ex("GET", "/admin/keys/retired-2023", 404, `body:{"error":"Not Found"}`))
	inv.Observe(ex("DELETE", "/admin/keys/cdn_edge", 204, "body:"))
	inv.Observe(ex("GET", "/admin/keys/search", 200, `body:{"items":[]}`))
	want := []string{"DELETE /admin/keys/{}", "GET /admin/keys/search", "GET /admin/keys/{}", "POST /admin/keys/{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
}

// A parameter of file names (an SPA's hashed bundles under /admin) takes
// no words beside it: a word the data names is no file.
func TestFileParamTakesNoWords(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/admin/init", 200, `body:{"data":{"menu":[{"name":"users"},{"name":"roles"}]}}`))
	for _, f := range []string{"Table-D5ZaETT9.js", "index-B-0Nha0E.js", "layout-T1vETH42.js", "sortBy-Dqjn07Fj.js", "App-CrlxvzDs.js"} {
		inv.Observe(ex("GET", "/admin/"+f, 200, "body:"))
	}
	inv.Observe(ex("GET", "/admin/users", 200, `body:{"data":{"results":[]}}`))
	inv.Observe(ex("GET", "/admin/roles", 200, `body:{"data":[]}`))
	sameSet(t, templates(inv), []string{"GET /admin/init", "GET /admin/{}", "GET /admin/users", "GET /admin/roles"})
}

// A bundler's chunk whose hash has no digit (one Vite hash in five) reads
// like a word alone; beside hashed siblings of the same form it is one more,
// whether it came first or last.
func TestHashedBundleWithoutDigit(t *testing.T) {
	for _, first := range []bool{true, false} {
		inv := New(Config{})
		if first {
			inv.Observe(ex("GET", "/assets/index-BMvxgixg.js", 200, "body:"))
		}
		for _, f := range []string{"Table-D5ZaETT9.js", "layout-T1vETH42.js", "sortBy-Dqjn07Fj.js", "App-Crlxv2Ds.js"} {
			inv.Observe(ex("GET", "/assets/"+f, 200, "body:"))
		}
		if !first {
			inv.Observe(ex("GET", "/assets/index-BMvxgixg.js", 200, "body:"))
		}
		inv.Observe(ex("GET", "/assets/RelativeTime-DGciyqza.js", 200, "body:"))
		for _, w := range []string{"init", "information", "project-type", "webhooks"} {
			inv.Observe(ex("GET", "/assets/"+w, 200, `body:{"data":{}}`))
		}
		sameSet(t, templates(inv), []string{"GET /assets/{}", "GET /assets/init", "GET /assets/information",
			"GET /assets/project-type", "GET /assets/webhooks"})
	}
}

// Two files of one type in a plural collection are its members when no
// dictionary word names them (/locales/de.json, /locales/pt-br.json); named
// by words they are routes (/types/nodes.json, /types/credentials.json),
// and two files elsewhere stay (/static/app.js beside /static/vendor.js
// is left to the rules that need three).
func TestPluralPairOfFiles(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/locales/de.json", "/locales/pt-br.json", "/types/nodes.json", "/types/credentials.json", "/static/app.js", "/static/vendor.js"} {
		inv.Observe(ex("GET", p, 200, `body:{"ok":true}`))
	}
	want := []string{"GET /locales/{}", "GET /static/app.js", "GET /static/vendor.js", "GET /types/credentials.json", "GET /types/nodes.json"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A path that walks into the JSON document its prefix answered is one
// multi-segment parameter (Signal K's data API, a JSON pointer); REST
// sub-resources named like fields of their parent (/users/{id}/repos beside
// a "repos" field) are not a document: no walk goes on below them.
func TestDocumentPath(t *testing.T) {
	inv := New(Config{})
	doc := `{"navigation":{"position":{"value":{"latitude":52.1,"longitude":4.3}},"speed":{"value":3.2}},"environment":{"wind":{"speed":{"value":7}}},"name":"Nova"}`
	inv.Observe(ex("GET", "/data/vessels/self", 200, "body:"+doc))
	for p, b := range map[string]string{
		"/data/vessels/self/navigation":                         `{"position":{"value":{"latitude":52.1,"longitude":4.3}},"speed":{"value":3.2}}`,
		"/data/vessels/self/navigation/position":                `{"value":{"latitude":52.1,"longitude":4.3}}`,
		"/data/vessels/self/navigation/position/value":          `{"latitude":52.1,"longitude":4.3}`,
		"/data/vessels/self/environment/wind/speed":             `{"value":7}`,
		"/data/vessels/self/name":                               `"Nova"`,
		"/data/vessels/self/navigation/speed":                   `{"value":3.2}`,
		"/data/vessels/self/navigation/position/value/latitude": `52.1`,
	} {
		inv.Observe(ex("GET", p, 200, "body:"+b))
	}
	inv.Observe(ex("GET", "/users/7", 200, `body:{"id":7,"repos":[{"id":1}],"settings":{"theme":"dark"}}`))
	inv.Observe(ex("GET", "/users/7/repos", 200, `body:[{"id":1}]`))
	inv.Observe(ex("GET", "/users/7/settings", 200, `body:{"theme":"dark"}`))
	want := []string{"GET /data/vessels/self", "GET /data/vessels/self/{}", "GET /users/{}", "GET /users/{}/repos", "GET /users/{}/settings"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
	inv2 := reloaded(t, inv, "api.example.test")
	inv2.Observe(ex("GET", "/data/vessels/self/steering/rudderAngle", 200, "body:0.1"))
	if got := templates(inv2); !reflect.DeepEqual(got, want) {
		t.Errorf("templates after reload:\n got %q\nwant %q", got, want)
	}
}

// File and folder names with spaces (a drive's "Team
// Docs/Q3 report.pdf") are free text, a parameter at once; the tree
// they make is still one multi-segment path, as it is without spaces:
// the host named the folders and files ("path": ...), and the suffix
// after a file stays a route.
func TestFileTreeNamesWithSpaces(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/files", 200, `body:{"content":[{"name":"Team Docs","path":"Team Docs","type":"directory"},{"name":"notes","path":"notes","type":"directory"},{"name":"budget.xlsx","path":"budget.xlsx","type":"file"}]}`))
	inv.Observe(ex("GET", "/api/files/Team%20Docs", 200, `body:{"content":[{"name":"budget.xlsx","path":"Team Docs/budget.xlsx"},{"name":"Q3 report.pdf","path":"Team Docs/Q3 report.pdf"}]}`))
	inv.Observe(ex("GET", "/api/files/notes", 200, `body:{"content":[{"name":"todo.md","path":"notes/todo.md","type":"file"}]}`))
	for _, p := range []string{"Team%20Docs/budget.xlsx", "Team%20Docs/Q3%20report.pdf", "notes/todo.md", "budget.xlsx"} {
		inv.Observe(ex("GET", "/api/files/"+p, 200, `body:{"name":"x","type":"file"}`))
		inv.Observe(ex("GET", "/download/"+p, 200, `body:{"size":1}`))
	}
	inv.Observe(ex("POST", "/api/files/Team%20Docs/Q3%20report.pdf/versions", 201, `body:{"id":"v2"}`))
	want := []string{"GET /api/files", "GET /api/files/{}", "GET /download/{}", "POST /api/files/{}/versions"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
	// one parameter of any depth: a deeper path is one more value of it
	inv.Observe(ex("GET", "/api/files/Team%20Docs/Old%20Drafts/Q2%20report.pdf", 200, `body:{"name":"x","type":"file"}`))
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates after a deeper path:\n got %q\nwant %q", got, want)
	}
}

// A key store addressed by several operations (a KV engine's data,
// metadata and destroy paths) has the same keys below each: below each
// operation the keys are one multi-segment parameter, whatever their
// depth, and the operations stay routes (no file tree takes them). The
// same API mounted twice shares its route paths but they end in route
// words, not in names the data handed out, and stays as it is.
func TestParallelKeyPaths(t *testing.T) {
	inv := New(Config{})
	list := func(p, keys string) {
		inv.Observe(ex("GET", "/v1/secret/metadata/"+p+"?list=true", 200, `body:{"data":{"keys":[`+keys+`]}}`))
	}
	list("teams", `"payments/","data/"`)
	list("teams/payments", `"adyen","stripe/"`)
	list("teams/payments/stripe", `"live","test"`)
	list("teams/data/warehouse", `"snowflake","bigquery"`)
	list("shared", `"smtp","observability/"`)
	keys := []string{"teams/payments/adyen", "teams/payments/stripe/live", "teams/payments/stripe/test", "teams/data/warehouse/snowflake", "shared/smtp"}
	for _, k := range keys {
		inv.Observe(ex("GET", "/v1/secret/data/"+k, 200, `body:{"data":{"data":{"x":"y"}}}`))
		inv.Observe(ex("PUT", "/v1/secret/data/"+k, 200, `body:{"data":{"version":2}}`))
		inv.Observe(ex("GET", "/v1/secret/metadata/"+k, 200, `body:{"data":{"versions":{}}}`))
	}
	inv.Observe(ex("PUT", "/v1/secret/destroy/teams/data/warehouse/snowflake", 204))
	inv.Observe(ex("PUT", "/v1/secret/undelete/teams/payments/adyen", 204))
	want := []string{"GET /v1/secret/data/{}", "GET /v1/secret/metadata/{}", "PUT /v1/secret/data/{}", "PUT /v1/secret/destroy/{}", "PUT /v1/secret/undelete/{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
	// one parameter of any depth: a new, deeper key is one more value; a
	// new route beside the operations leaves them routes
	inv.Observe(ex("GET", "/v1/secret/data/teams/payments/stripe/live/webhooks/signing", 200, `body:{"data":{"data":{}}}`))
	inv.Observe(ex("GET", "/v1/secret/config", 200, `body:{"data":{"max_versions":0}}`))
	want = append(want, "GET /v1/secret/config")
	slices.Sort(want)
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("a deeper key:\n got %q\nwant %q", got, want)
	}
	// the mark that keeps the operations routes is stored with the host
	// (a loaded host nothing was recorded into is stored settled)
	if p := reloaded(t, reloaded(t, inv, "api.example.test"), "api.example.test").hosts["api.example.test"].root.lit["v1"].lit["secret"].lit["data"].param; p == nil || !p.keyed {
		t.Error("keyed mark lost in storage")
	}

	inv = New(Config{})
	inv.Observe(ex("GET", "/internal/users", 200, `body:[{"id":"u1","name":"kim"}]`))
	var want2 []string
	for _, mount := range []string{"internal", "external"} {
		for _, p := range []string{"users/me/settings", "orders/recent", "auth/login/callback", "reports/daily/summary/export"} {
			inv.Observe(ex("GET", "/"+mount+"/"+p, 200, `body:{"ok":true}`))
			want2 = append(want2, "GET /"+mount+"/"+p)
		}
	}
	want2 = append(want2, "GET /internal/users")
	slices.Sort(want2)
	if got := templates(inv); !reflect.DeepEqual(got, want2) {
		t.Errorf("an API mounted twice:\n got %q\nwant %q", got, want2)
	}
}

// A web application's files below its own page (/console/ answering its
// index.html, /console/favicon.ico, /console/static/ holding the bundles)
// are one file server's path; the API routes beside them stay. Below a
// prefix that is no page (/api/v1) files and directories stay the other
// rules' to judge.
func TestStaticMountBelowItsPage(t *testing.T) {
	inv := New(Config{})
	html := "<html><head><title>console</title></head><body><div id=app></div><script src=static/app.js></script></body></html>"
	inv.Observe(ex("GET", "/console/", 200, "ctype:text/html", "body:"+html))
	inv.Observe(ex("GET", "/console/favicon.ico", 200, "ctype:image/x-icon", "body:ico"))
	for _, f := range []string{"app-3f9a2c.js", "app-8d1e4b.css", "vendor-1c2d3e.js"} {
		inv.Observe(ex("GET", "/console/static/"+f, 200, "ctype:text/javascript", "body:x"))
	}
	inv.Observe(ex("POST", "/console/graphql", 200, `body:{"data":{}}`))
	inv.Observe(ex("GET", "/api/v1", 200, `body:{"version":"1"}`))
	inv.Observe(ex("GET", "/api/v1/openapi.json", 200, `body:{"paths":{}}`))
	inv.Observe(ex("GET", "/api/v1/docs/swagger-ui.css", 200, "ctype:text/css", "body:x"))
	inv.Observe(ex("GET", "/api/v1/docs/swagger-ui-bundle.js", 200, "ctype:text/javascript", "body:x"))
	for _, p := range []string{"/api/v1/users", "/api/v1/users/7", "/api/v1/users/9", "/api/v1/groups", "/api/v1/groups/3"} {
		inv.Observe(ex("GET", p, 200, `body:{"id":1}`))
	}
	sameSet(t, templates(inv), []string{"GET /console", "GET /console/{}", "POST /console/graphql",
		"GET /api/v1", "GET /api/v1/openapi.json", "GET /api/v1/docs/swagger-ui.css", "GET /api/v1/docs/swagger-ui-bundle.js",
		"GET /api/v1/users", "GET /api/v1/users/{}", "GET /api/v1/groups", "GET /api/v1/groups/{}"})
}

// A literal beside a parameter that only got 500s made the parameter's
// handler fail on it (a key no record has, where the API maps "not found"
// to an internal error): a value too. A 500 beside no parameter, or one
// from a route that also answered, stays a route.
func TestFailedLiteralJoinsParameter(t *testing.T) {
	inv := New(Config{})
	for _, id := range []string{"0b9a7c6e-1d2f-4a3b-8c9d-0e1f2a3b4c5d", "7e6d5c4b-3a29-4817-9f0e-d1c2b3a49586", "f00dbabe-0000-4000-8000-000000000001"} {
		inv.Observe(ex("DELETE", "/api/v1/apikey/"+id, 200))
	}
	inv.Observe(ex("DELETE", "/api/v1/apikey/nosuchk", 500, `body:{"code":2,"message":"record not found"}`))
	inv.Observe(ex("POST", "/api/v1/apikey/expire", 200))
	inv.Observe(ex("POST", "/api/v1/apikey/expire", 500))
	inv.Observe(ex("GET", "/api/v1/health/database", 500))
	want := []string{"DELETE /api/v1/apikey/{}", "GET /api/v1/health/database", "POST /api/v1/apikey/expire"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// Three or more leaves below one literal that answered one media type of
// their own (a configuration profile per platform) are values of one
// parameter; a refused one joins it. Pages, and two documents of a kind,
// stay routes.
func TestMediaLeavesAreValues(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/apple", 200, "ctype:text/html", "body:<html></html>"))
	for _, p := range []string{"ios", "macos-app-store", "macos-standalone"} {
		inv.Observe(ex("GET", "/apple/"+p, 200, "ctype:application/x-apple-aspen-config", "body:<?xml version=\"1.0\"?><plist/>"))
	}
	inv.Observe(ex("GET", "/apple/tvos", 400, "ctype:text/plain", "body:unsupported platform"))
	for _, p := range []string{"install", "usage", "faq"} {
		inv.Observe(ex("GET", "/docs/"+p, 200, "ctype:text/html", "body:<html></html>"))
	}
	for _, p := range []string{"monthly", "yearly"} {
		inv.Observe(ex("GET", "/exports/"+p, 200, "ctype:text/csv", "body:a,b"))
	}
	want := []string{"GET /apple", "GET /apple/{}", "GET /docs/faq", "GET /docs/install", "GET /docs/usage",
		"GET /exports/monthly", "GET /exports/yearly"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A registry's repositories (names of one or two segments) each have the
// same sub-resources below them: route words ending in parameters
// (blobs/uploads/{upload}, manifests/{reference}, tags/list). Those tails
// repeat below values, so they are no key paths, and the repositories do
// not become operations over keys (parallelTailsCollapse): the manifests
// and blobs routes stay routes below one repository parameter.
func TestRepeatedSubResourcesAreNoKeyPaths(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/v2/library/busybox/tags/list", 200, `body:{"name":"library/busybox","tags":["1.36.1"]}`))
	inv.Observe(ex("GET", "/v2/library/nginx/tags/list", 200, `body:{"name":"library/nginx","tags":["1.27"]}`))
	uploads := []string{"152ea1a1-2a78-4dd2-b5d5-d8517e080585", "7d66fd68-049a-4f33-9001-3ef01e0441be", "1dd0fe0f-7d82-46a8-bb5f-7650bf41f3f3", "bb50b093-d474-45c3-955d-a4b2df0f7b47"}
	digests := []string{"sha256:60dfc589f0b7e1c0d6a5a0c4b9d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0", "sha256:23cc68bf7a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7a8b9c"}
	for i, repo := range []string{"library/busybox", "library/nginx"} {
		tag := []string{"1.36.1", "1.27"}[i]
		for _, u := range uploads[2*i : 2*i+2] {
			inv.Observe(ex("POST", "/v2/"+repo+"/blobs/uploads", 202))
			inv.Observe(ex("PATCH", "/v2/"+repo+"/blobs/uploads/"+u, 202))
			inv.Observe(ex("PUT", "/v2/"+repo+"/blobs/uploads/"+u, 201))
		}
		for _, d := range digests {
			inv.Observe(ex("HEAD", "/v2/"+repo+"/blobs/"+d, 200))
		}
		inv.Observe(ex("PUT", "/v2/"+repo+"/manifests/"+tag, 201))
		inv.Observe(ex("GET", "/v2/"+repo+"/manifests/"+tag, 200, `body:{"schemaVersion":2}`))
		inv.Observe(ex("GET", "/v2/"+repo+"/manifests/"+digests[i], 200, `body:{"schemaVersion":2}`))
	}
	for _, e := range inv.Endpoints() {
		if strings.Contains(e.Path, "/blobs/uploads/") && !strings.HasSuffix(e.Path, "}") || strings.HasSuffix(canon(e.Path), "/v2/{}") {
			t.Errorf("%s %s: a repository's sub-resource folded into a key path", e.Method, e.Path)
		}
	}
	got := templates(inv)
	for _, want := range []string{"PATCH /v2/{}/{}/blobs/uploads/{}", "PUT /v2/{}/{}/manifests/{}", "HEAD /v2/{}/{}/blobs/{}"} {
		if !slices.Contains(got, want) && !slices.Contains(got, strings.Replace(want, "/v2/{}/{}/", "/v2/{}/", 1)) {
			t.Errorf("%s missing from %q", want, got)
		}
	}
}

// A word behind a leading underscore is a system namespace (a registry's
// /v2/_catalog and /v2/_zot/ext/search beside its repositories), never a
// repository name: not even once the repositories made a multi-segment
// parameter. A static tree's /_nuxt/ or /_next/ folder still holds files.
func TestUnderscoreNamespaceIsNoValue(t *testing.T) {
	inv := New(Config{})
	repos := []string{"library/busybox", "library/nginx", "team-a/web", "team-b/api", "payments/ledger", "alpine"}
	// the registry lists its extensions' routes: its own paths as data
	inv.Observe(ex("GET", "/v2/_oci/ext/discover", 200, `body:{"extensions":[{"name":"_zot","endpoints":["/v2/_zot/ext/search"]}]}`))
	for i, repo := range repos {
		tag := "1." + strconv.Itoa(i)
		inv.Observe(ex("GET", "/v2/"+repo+"/tags/list", 200, `body:{"name":"`+repo+`","tags":["`+tag+`"]}`))
		inv.Observe(ex("GET", "/v2/"+repo+"/manifests/"+tag, 200, `body:{"schemaVersion":2}`))
		inv.Observe(ex("HEAD", "/v2/"+repo+"/blobs/sha256:60dfc589f0b7e1c0d6a5a0c4b9d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d"+strconv.Itoa(i), 200))
		// the registry's own search, called between pushes
		inv.Observe(ex("POST", "/v2/_zot/ext/search", 200, `body:{"data":{}}`))
	}
	inv.Endpoints() // the repositories settle into a parameter first
	for i := 0; i < 3; i++ {
		inv.Observe(ex("GET", "/v2/_oci/ext/discover", 200, `body:{"extensions":[]}`))
		inv.Observe(ex("GET", "/v2/_catalog", 200, `body:{"repositories":["library/busybox"]}`))
	}
	for _, f := range []string{"index.html", "favicon.ico", "_nuxt/entry.4f1c2a.js", "_nuxt/app.9b3e77.css", "_nuxt/builds/latest.json", "_nuxt/builds/meta/5e1f0c2d.json", "_nuxt/fonts/inter.woff2"} {
		inv.Observe(ex("GET", "/dashboard/"+f, 200, "type:application/javascript"))
	}
	got := templates(inv)
	for _, want := range []string{"POST /v2/_zot/ext/search", "GET /v2/_oci/ext/discover", "GET /v2/_catalog", "GET /dashboard/{}"} {
		if !slices.Contains(got, want) {
			t.Errorf("%s missing from %q", want, got)
		}
	}
	for _, g := range got {
		if strings.Contains(g, "_nuxt") {
			t.Errorf("%s: a static tree's underscore folder split from its files", g)
		}
	}

	// A folder the host's data names is a name, underscore or not: a
	// site's _posts in a contents API.
	inv = New(Config{})
	base := "/api/v1/repos/kim/site/contents"
	inv.Observe(ex("GET", base, 200, `body:[{"name":"_posts","path":"_posts","type":"dir"},{"name":"docs","path":"docs","type":"dir"},{"name":"README.md","path":"README.md","type":"file"}]`))
	inv.Observe(ex("GET", base+"/_posts", 200, `body:[{"name":"2024-01-hello.md","path":"_posts/2024-01-hello.md"},{"name":"2024-02-bye.md","path":"_posts/2024-02-bye.md"}]`))
	inv.Observe(ex("GET", base+"/docs", 200, `body:[{"name":"guide.md","path":"docs/guide.md"},{"name":"faq.md","path":"docs/faq.md"}]`))
	for _, p := range []string{"_posts/2024-01-hello.md", "_posts/2024-02-bye.md", "docs/guide.md", "docs/faq.md", "README.md"} {
		inv.Observe(ex("GET", base+"/"+p, 200, `body:{"type":"file","encoding":"base64"}`))
	}
	for _, g := range templates(inv) {
		if strings.Contains(g, "_posts") {
			t.Errorf("%s: a folder the data names was taken for a system namespace", g)
		}
	}
}

// A write the parameter beside it takes, refused with 403 at a literal, is
// a policy on that one resource (pushing one tag): the literal joins. A
// read refused with 403 may be a route of its own and stays. A 401 says
// nothing of the path: the literal joins, unless it is a view or action
// word.
func TestRefusedWriteJoinsParameter(t *testing.T) {
	inv := New(Config{})
	for _, id := range []string{"0b9a7c6e-1d2f-4a3b-8c9d-0e1f2a3b4c5d", "7e6d5c4b-3a29-4817-9f0e-d1c2b3a49586", "f00dbabe-0000-4000-8000-000000000001"} {
		inv.Observe(ex("PUT", "/api/items/"+id, 201))
		inv.Observe(ex("GET", "/api/items/"+id, 200, `body:{"size":1}`))
	}
	inv.Observe(ex("PUT", "/api/items/hotfix", 403, `body:{"errors":[{"code":"DENIED"}]}`))
	inv.Observe(ex("GET", "/api/items/audit", 403, `body:{"errors":[{"code":"DENIED"}]}`))
	// refused for want of credentials, before any route was looked at
	inv.Observe(ex("PUT", "/api/items/abc", 401, `body:{"message":"unauthorized"}`))
	inv.Observe(ex("GET", "/api/items/export", 401, `body:{"message":"unauthorized"}`))
	want := []string{"GET /api/items/audit", "GET /api/items/export", "GET /api/items/{}", "PUT /api/items/{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A view word the host named as a value (a registry's tag "latest", a
// policy called "default") is one of the parameter's values when written
// at its own path with a method the parameter serves, or read with the
// answer its values give. A view word that answers otherwise stays a
// route, even when the host's data names it, and so does the caller's own
// record (/users/me), however alike it reads.
func TestNamedMemberJoinsParameter(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/v2/web/tags/list", 200, `body:{"name":"web","tags":["latest","1.2"]}`))
	for _, d := range []string{"sha256:60dfc589f0b7e1c0d6a5a0c4b9d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0", "sha256:23cc68bf7a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7a8b9c"} {
		inv.Observe(ex("PUT", "/v2/web/manifests/"+d, 201))
		inv.Observe(ex("GET", "/v2/web/manifests/"+d, 200, `body:{"schemaVersion":2}`))
		inv.Observe(ex("DELETE", "/v2/web/manifests/"+d, 202))
	}
	inv.Observe(ex("PUT", "/v2/web/manifests/latest", 201))
	inv.Observe(ex("GET", "/v2/web/manifests/latest", 200, `body:{"schemaVersion":2}`))
	inv.Observe(ex("OPTIONS", "/v2/web/manifests/latest", 204))
	inv.Observe(ex("GET", "/posts/recent", 200, `body:{"feeds":["recent","all"]}`))
	for _, id := range []string{"5081", "5117", "6620"} {
		inv.Observe(ex("GET", "/posts/"+id, 200, `body:{"title":"t"}`))
		inv.Observe(ex("PUT", "/posts/"+id, 200, `body:{"title":"t"}`))
	}
	inv.Observe(ex("GET", "/posts/latest", 200, `body:{"title":"t"}`))
	for _, id := range []string{"0b9a7c6e-1d2f-4a3b-8c9d-0e1f2a3b4c5d", "7e6d5c4b-3a29-4817-9f0e-d1c2b3a49586", "f00dbabe-0000-4000-8000-000000000001"} {
		inv.Observe(ex("GET", "/policies/"+id, 200, `body:{"name":"x","rules":"path"}`))
	}
	inv.Observe(ex("GET", "/policies", 200, `body:[{"name":"default"},{"name":"ci-deployer"}]`))
	inv.Observe(ex("GET", "/policies/default", 200, `body:{"name":"x","rules":"path"}`))
	for _, u := range []string{"kim", "ana", "me"} {
		// (the caller is kim: /users/me answers kim's record)
		inv.Observe(ex("GET", "/users/"+u, 200, `body:{"username":"kim","email":"e"}`))
	}
	inv.Observe(ex("GET", "/users", 200, `body:[{"username":"kim"},{"username":"ana"}]`))
	got := templates(inv)
	for _, want := range []string{"PUT /v2/web/manifests/{}", "OPTIONS /v2/web/manifests/{}", "GET /posts/latest", "GET /posts/recent",
		"GET /users/me", "GET /users/{}"} {
		if !slices.Contains(got, want) {
			t.Errorf("%s missing from %q", want, got)
		}
	}
	for _, g := range got {
		if strings.HasSuffix(g, "/manifests/latest") || strings.HasSuffix(g, "/policies/default") {
			t.Errorf("%s: a named member stayed a route", g)
		}
	}
}

// A repository name whose second segment a class rule made a parameter
// before the names were seen whole (ci_images/{id}: cross_gcc-arm64 reads
// as an identifier at once) still joins the registry's multi-segment
// name parameter: below it lie the same routes after a name.
func TestRestJoinThroughAParameter(t *testing.T) {
	inv := New(Config{})
	blob := "sha256:" + strings.Repeat("3f9a", 16)
	for _, r := range []string{"ci_images/cross_gcc-arm64", "golden/os/debian12", "golden/os/toolbox"} {
		inv.Observe(ex("POST", "/v2/"+r+"/blobs/uploads", 202))
		inv.Observe(ex("HEAD", "/v2/"+r+"/blobs/"+blob, 200))
		inv.Observe(ex("GET", "/v2/"+r+"/tags/list", 200, `body:{"name":"`+r+`","tags":["2.4.0-r1"]}`))
	}
	inv.Observe(ex("GET", "/v2/_catalog", 200, `body:{"repositories":["ci_images/cross_gcc-arm64","golden/os/debian12","golden/os/toolbox","settlement","tracking-ui/backend","erp/payables/batchjob"]}`))
	for _, r := range []string{"settlement", "tracking-ui/backend", "erp/payables/batchjob"} {
		inv.Observe(ex("POST", "/v2/"+r+"/blobs/uploads", 202))
		inv.Observe(ex("HEAD", "/v2/"+r+"/blobs/"+blob, 200))
		inv.Observe(ex("GET", "/v2/"+r+"/tags/list", 200, `body:{"name":"`+r+`","tags":["1.4.0"]}`))
	}
	want := []string{"GET /v2/_catalog", "GET /v2/{}/tags/list", "HEAD /v2/{}/blobs/{}", "POST /v2/{}/blobs/uploads"}
	sameSet(t, templates(inv), want)
}
