package inventory

import (
	"maps"
	"slices"
	"testing"
)

// The router's miss page, as a Go mux and a JSON API router write them.
const (
	routerMiss = "404 page not found\n"
	apiMiss    = `{"error":"Not Found","errorCode":404,"errorDescription":"page not found"}`
)

// observe404 feeds a 404 with the given body.
func observe404(inv *Inventory, method, target, body, ct string) {
	x := ex(method, target, 404, "body:"+body)
	x.ResponseContentType = ct
	inv.Observe(x)
}

// A sub-router's miss page can differ from the one scanners got (an HTML
// page at the root, JSON below /api): a 404 on a path with two or more
// segments no route knows is the router's, and its page a miss page.
func TestSubRouterMissPage(t *testing.T) {
	inv := New(Config{})
	observe404(inv, "GET", "/wp-login.php", "<html>not found</html>", "text/html")
	inv.Observe(ex("GET", "/api/v1/repos", 200))
	inv.Observe(ex("GET", "/api/v1/version", 200))
	apiMiss := `{"message":"not found","errors":null}`
	observe404(inv, "GET", "/api/v1/legacy/hooks", apiMiss, "application/json") // dead: two unknown segments
	observe404(inv, "GET", "/api/v1/legacy", apiMiss, "application/json")       // its parent: the same miss
	observe404(inv, "GET", "/api/v1/repos/kim", `{"message":"repository not found","errors":["kim"]}`, "application/json")
	sameSet(t, templates(inv), []string{"GET /api/v1/repos", "GET /api/v1/repos/{}", "GET /api/v1/version"})
	if got := noiseKeys(inv); !slices.Equal(got, []string{"GET /api/v1/legacy", "GET /api/v1/legacy/hooks", "GET /wp-login.php"}) {
		t.Errorf("noise %q", got)
	}
}

// A view word under a collection stays a route.
func TestHandledNotFoundViewWord(t *testing.T) {
	inv := New(Config{})
	observe404(inv, "GET", "/.git/config", routerMiss, "text/plain")
	inv.Observe(ex("GET", "/strategies", 200))
	observe404(inv, "GET", "/strategies/search", `{"message":"nothing matched"}`, "application/json")
	sameSet(t, templates(inv), []string{"GET /strategies", "GET /strategies/search"})
}

func noiseKeys(inv *Inventory) []string {
	var out []string
	for _, n := range inv.Noise() {
		out = append(out, n.Method+" "+n.Path)
	}
	slices.Sort(out)
	return out
}

// A 404 whose answer is not the host's miss page came from a route's
// handler: the route exists. Which page is the miss page, a scanner's probe
// shows.
func TestHandledNotFoundPromoted(t *testing.T) {
	for _, probeFirst := range []bool{true, false} {
		inv := New(Config{})
		probe := func() {
			observe404(inv, "GET", "/.env", apiMiss, "application/json")
			observe404(inv, "GET", "/wp-login.php", apiMiss, "application/json")
		}
		if probeFirst {
			probe()
		}
		inv.Observe(ex("GET", "/plugins", 200))
		for _, p := range []string{"/plugins/1/config", "/plugins/3/config", "/plugins/2/config"} {
			observe404(inv, "GET", p, `{"error":"Not Found","errorCode":404,"errorDescription":"unknown plugin"}`, "application/json")
		}
		// the router's page on an unrouted path stays noise
		observe404(inv, "GET", "/plugins/1/nothing", apiMiss, "application/json")
		if !probeFirst {
			probe()
		}
		sameSet(t, templates(inv), []string{"GET /plugins", "GET /plugins/{}/config"})
		if got := noiseKeys(inv); !slices.Equal(got, []string{"GET /.env", "GET /plugins/1/nothing", "GET /wp-login.php"}) {
			t.Errorf("probeFirst=%v: noise %q", probeFirst, got)
		}
		// one promoted; the other two then fold into its endpoint
		if n := inv.Stats().HandledNotFound; n != 1 {
			t.Errorf("probeFirst=%v: HandledNotFound=%d, want 1", probeFirst, n)
		}
	}
}

// Without a known miss page nothing tells a handler's 404 from the
// router's: everything stays noise.
func TestHandledNotFoundNeedsMissPage(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/plugins", 200))
	observe404(inv, "GET", "/plugins/1/config", `{"error":"unknown plugin"}`, "application/json")
	sameSet(t, templates(inv), []string{"GET /plugins"})
	if n := len(inv.Noise()); n != 1 {
		t.Errorf("noise: %d entries, want 1", n)
	}
}

// A router that names the path it could not route shows its miss page
// itself; ids and the echoed path do not split that page.
func TestPathEchoIsMissPage(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v2/alerts", 200))
	observe404(inv, "POST", "/api/v2/alerts/bulk", `{"code":404,"message":"path /api/v2/alerts/bulk was not found"}`, "application/json")
	observe404(inv, "GET", "/api/v2/admin/users", `{"code":404,"message":"path /api/v2/admin/users was not found"}`, "application/json")
	// a different request id in each answer is one page too
	observe404(inv, "GET", "/api/v2/status/x", `{"id":"4cf4c25b-6c20","message":"path /api/v2/status/x was not found"}`, "application/json")
	observe404(inv, "GET", "/api/v2/status/y", `{"id":"8f81cfd7-fb78","message":"path /api/v2/status/y was not found"}`, "application/json")
	// a handler's answer, naming a record, not the path
	observe404(inv, "GET", "/api/v2/alerts/abc", `{"code":404,"message":"alert abc not found"}`, "application/json")
	sameSet(t, templates(inv), []string{"GET /api/v2/alerts", "GET /api/v2/alerts/{}"})
	if n := inv.Stats().HandledNotFound; n != 1 {
		t.Errorf("HandledNotFound=%d, want 1", n)
	}
	a, _, _, _ := inv.notFoundPrint(ex("GET", "/apps/13", 404, `body:{"e":"app with id 13 doesn't exist"}`))
	b, _, _, _ := inv.notFoundPrint(ex("GET", "/apps/9", 404, `body:{"e":"app with id 9 doesn't exist"}`))
	c, _, _, _ := inv.notFoundPrint(ex("GET", "/apps/9", 404, `body:{"e":"user 9 doesn't exist"}`))
	if a != b || a == c {
		t.Errorf("fingerprints: ids should not split a page (%x %x), messages should (%x)", a, b, c)
	}
}

// A promoted path may not split a parameter's values apart: only its last
// segment may be new. A record key under a collection becomes the
// collection's parameter; a missing file is a file server's miss.
func TestHandledNotFoundShape(t *testing.T) {
	inv := New(Config{})
	observe404(inv, "GET", "/.git/config", routerMiss, "text/plain")
	for _, p := range []string{"/features", "/features/dark-mode", "/strategies"} {
		inv.Observe(ex("GET", p, 200))
	}
	handler := `{"name":"NotFoundError","message":"no such record"}`
	observe404(inv, "GET", "/projects/billing/features/invoice-pdf", `{"name":"NotFoundError","message":"no such feature"}`, "application/json")
	observe404(inv, "GET", "/strategies/gradualRollout", handler, "application/json")
	observe404(inv, "GET", "/features/logo.png", handler, "application/json")
	sameSet(t, templates(inv), []string{"GET /features", "GET /features/dark-mode", "GET /strategies", "GET /strategies/{}"})
	if got := noiseKeys(inv); !slices.Equal(got, []string{"GET /.git/config", "GET /features/logo.png", "GET /projects/billing/features/invoice-pdf"}) {
		t.Errorf("noise %q", got)
	}
}

// The fingerprints are stored with the noise: a later run that sees the
// miss page promotes what an earlier run kept.
func TestHandledNotFoundAcrossLoads(t *testing.T) {
	first := New(Config{})
	first.Observe(ex("GET", "/plugins", 200))
	observe404(first, "GET", "/plugins/1/config", `{"error":"unknown plugin"}`, "application/json")
	blob, err := first.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	second := New(Config{})
	if err := second.LoadHost("api.example.test", blob); err != nil {
		t.Fatal(err)
	}
	observe404(second, "GET", "/.env", apiMiss, "application/json")
	sameSet(t, templates(second), []string{"GET /plugins", "GET /plugins/{}/config"})
}

// A handler's 404 that quotes part of the path as the record it did not
// find says which segments are a value, so a path with two segments new
// to the trie is a route all the same; the router's page, which quotes
// nothing, keeps such a path noise.
func TestHandledNotFoundQuotesTheValue(t *testing.T) {
	inv := New(Config{})
	observe404(inv, "GET", "/wp-login.php", `{"message":"page not found"}`, "application/json")
	inv.Observe(ex("GET", "/v1/plugins", 200))
	inv.Observe(ex("GET", "/v1/containers/json", 200))
	observe404(inv, "GET", "/v1/plugins/does-not-exist/json", `{"message":"plugin \"does-not-exist\" not found"}`, "application/json")
	observe404(inv, "GET", "/v1/plugins/acme/plugin:1/json", `{"message":"plugin \"acme/plugin:1\" not found"}`, "application/json")
	observe404(inv, "GET", "/v1/containers/web-1/checkpoints", `{"message":"No such container: web-1"}`, "application/json")
	observe404(inv, "GET", "/v1/legacy/hooks", `{"message":"page not found"}`, "application/json")
	observe404(inv, "GET", "/v1/found/page", `{"message":"page not found"}`, "application/json")
	sameSet(t, templates(inv), []string{"GET /v1/plugins", "GET /v1/plugins/{}/json", "GET /v1/containers/json", "GET /v1/containers/{}/checkpoints"})
	// (does-not-exist stays a noise entry that Endpoints folds into the
	// endpoint its sibling made)
	if got := noiseKeys(inv); !slices.Equal(got, []string{"GET /v1/found/page", "GET /v1/legacy/hooks", "GET /v1/plugins/does-not-exist/json", "GET /wp-login.php"}) {
		t.Errorf("noise %q", got)
	}
}

func TestEchoedValue(t *testing.T) {
	tests := []struct {
		body, path string
		from, to   int
	}{
		{`plugin "acme/plugin:1" not found`, "/v1/plugins/acme/plugin:1/json", 2, 4},
		{`No such container: web-1`, "/v1/containers/web-1/json", 2, 3},
		{`No such file or directory: notes/a.ipynb`, "/api/contents/notes/a.ipynb", 2, 4},
		{`Cannot GET /api/x/y`, "/api/x/y", 0, 0},                  // the whole path: the router's echo
		{`"page not found"`, "/page/not/found", 0, 0},              // never quoted alone
		{`{"message":"no such key: web-1x"}`, "/keys/web-1", 0, 0}, // more of a word follows
		{`"ab"`, "/x/ab/y", 0, 0},                                  // too short
	}
	for _, tt := range tests {
		if f, to, _ := echoedValue([]byte(tt.body), tt.path); f != tt.from || to != tt.to {
			t.Errorf("echoedValue(%q, %q) = %d,%d, want %d,%d", tt.body, tt.path, f, to, tt.from, tt.to)
		}
	}
}

// A host that never showed a miss page (an SPA server answers unknown
// paths 200 with its page) still has handlers' 404s: one for another method
// on a path the host serves, or for an identifier below a collection it
// serves, is a route; another path stays noise, since nothing tells the
// router's page from a handler's there.
func TestHandledNotFoundWithoutMissPage(t *testing.T) {
	inv := New(Config{})
	for _, id := range []string{"Q7dtdhbBPqT7SAHsmDE5p8", "JxufQrm83PuUPPhehWJEJM", "Zb4pQ2mN8rT1vW6yX3cK9d"} {
		inv.Observe(ex("GET", "/api/v1/attachments/"+id, 200, `body:{"name":"attachments/x"}`))
	}
	observe404(inv, "DELETE", "/api/v1/attachments/Q7dtdhbBPqT7SAHsmDE5p8", `{"code":5,"message":"attachment not found"}`, "application/json")
	observe404(inv, "GET", "/api/v1/legacy/thing", `{"code":5,"message":"Not Found"}`, "application/json")
	inv.Observe(ex("GET", "/api/v1/users/5/webhooks", 200, `body:{"webhooks":[]}`))
	observe404(inv, "DELETE", "/api/v1/users/5/webhooks/1", `{"code":5,"message":"webhook not found"}`, "application/json")
	observe404(inv, "GET", "/api/v1/users/5/webhooks/export", `{"code":5,"message":"Not Found"}`, "application/json")
	sameSet(t, templates(inv), []string{"GET /api/v1/attachments/{}", "DELETE /api/v1/attachments/{}",
		"GET /api/v1/users/{}/webhooks", "DELETE /api/v1/users/{}/webhooks/{}"})
	if got := noiseKeys(inv); !slices.Equal(got, []string{"GET /api/v1/legacy/thing", "GET /api/v1/users/5/webhooks/export"}) {
		t.Errorf("noise %q", got)
	}
}

// A 501 to GET or HEAD is a handler's (every server recognises those
// methods): the route exists. To another method, with no reason but the
// status's words, it is how servers refuse a method they do not know, as
// 405 is: noise.
func TestNotImplementedGETIsARoute(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/v2/containers/web-1/checkpoints", 501, `body:{"message":"checkpoints need experimental mode"}`))
	inv.Observe(ex("PROPFIND", "/v2/containers/web-1/checkpoints", 501, "body:"))
	inv.Observe(ex("PATCH", "/v2/version", 501, "ctype:text/plain", "body:501 Not Implemented"))
	got := templates(inv)
	want := []string{"GET /v2/containers/web-1/checkpoints"}
	if !slices.Equal(got, want) {
		t.Errorf("templates: got %q, want %q", got, want)
	}
	if n := len(inv.Noise()); n != 2 {
		t.Errorf("noise: %d entries, want 2", n)
	}
}

// A handler's 404 is about a record. A new word below a literal that names
// no collection, asked with no identifier in its query (an RPC API's
// function it lacks: "no such function"), stays noise however its page
// looks; with ?padID= it names a record, and below a collection it is one.
func TestHandledNotFoundNeedsARecord(t *testing.T) {
	inv := New(Config{})
	observe404(inv, "GET", "/.git/config", routerMiss, "text/plain")
	inv.Observe(ex("GET", "/api/1/getText?apikey=k1&padID=standup", 200))
	inv.Observe(ex("GET", "/api/1/listPads?apikey=k1", 200))
	inv.Observe(ex("GET", "/api/1/teams", 200))
	noFunc := `{"code":3,"message":"no such function","data":null}`
	observe404(inv, "GET", "/api/1/listAllPads?apikey=k1", noFunc, "application/json")
	observe404(inv, "GET", "/api/1/getRevision?apikey=k1&padID=standup", noFunc, "application/json")
	observe404(inv, "GET", "/api/1/teams/ghosts", `{"message":"team not found"}`, "application/json")
	tpl := templates(inv)
	for _, want := range []string{"GET /api/1/getRevision", "GET /api/1/teams/{}"} {
		if !slices.Contains(tpl, want) {
			t.Errorf("templates %q lack %q", tpl, want)
		}
	}
	if slices.Contains(tpl, "GET /api/1/listAllPads") {
		t.Errorf("templates %q hold the unrouted function", tpl)
	}
}

// A noise entry answered only with the host's miss page is Unrouted: the
// router has no route there. One answered with a page of its own, or with
// mixed answers, is not.
func TestNoiseUnrouted(t *testing.T) {
	inv := New(Config{})
	observe404(inv, "GET", "/.env", routerMiss, "text/plain")
	observe404(inv, "GET", "/version", routerMiss, "text/plain")
	observe404(inv, "GET", "/version", routerMiss, "text/plain")
	observe404(inv, "GET", "/plugins/lookup/acme", `{"message":"plugin acme not found"}`, "application/json")
	observe404(inv, "GET", "/health", routerMiss, "text/plain")
	inv.Observe(ex("GET", "/health", 405, "body:method not allowed", "allow:POST"))
	inv.Observe(ex("GET", "/api/v1/items", 200))
	got := map[string]bool{}
	for _, nz := range inv.Noise() {
		got[nz.Method+" "+nz.Path] = nz.Unrouted
	}
	want := map[string]bool{"GET /.env": true, "GET /version": true, "GET /plugins/lookup/acme": false, "GET /health": false}
	if !maps.Equal(got, want) {
		t.Errorf("unrouted: got %v, want %v", got, want)
	}
}

// A 405 with no Allow header is the route's own handler refusing the method
// (a router names the path's methods): the route exists for that method,
// and the endpoint says its answers came from the route (Routed). A
// router's 405, with Allow, is noise.
func TestHandlerRefusalIsARoute(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("POST", "/-/quit", 200, "body:Requesting termination... Goodbye!"))
	inv.Observe(ex("GET", "/-/quit", 405, "body:Only POST or PUT requests allowed"))
	inv.Observe(ex("PUT", "/rules/r-7", 405, "allow:GET, OPTIONS", "body:Method Not Allowed"))
	inv.Observe(ex("GET", "/rules/r-7", 200, `body:{"id":"r-7"}`))
	sameSet(t, templates(inv), []string{"POST /-/quit", "GET /-/quit", "GET /rules/{}"})
	for _, e := range inv.Endpoints() {
		if want := e.Method == "GET" && e.Path == "/-/quit"; e.Routed != want {
			t.Errorf("%s %s: Routed %v, want %v", e.Method, e.Path, e.Routed, want)
		}
	}
	if got := noiseKeys(inv); !slices.Equal(got, []string{"PUT /rules/r-7"}) {
		t.Errorf("noise %q", got)
	}

	// routers that send no Allow send no reason of their own: no body
	// (gorilla/mux), the status's words (gin), a generic JSON error (echo),
	// or a server's HTML error page (nginx)
	inv = New(Config{})
	inv.Observe(ex("GET", "/api/items", 200, `body:[]`))
	inv.Observe(ex("PUT", "/api/items", 405, "body:"))
	inv.Observe(ex("DELETE", "/api/items", 405, "ctype:text/plain", "body:405 method not allowed"))
	inv.Observe(ex("PATCH", "/api/items", 405, `body:{"message":"Method Not Allowed"}`))
	inv.Observe(ex("POST", "/index.html", 405, "ctype:text/html", "body:<html><head><title>405 Not Allowed</title></head><body><center><h1>405 Not Allowed</h1></center><hr><center>nginx</center></body></html>"))
	sameSet(t, templates(inv), []string{"GET /api/items"})
}

// A 501 to another method than GET or HEAD that gives a reason of its own
// is the route's handler (grpc-gateway's UNIMPLEMENTED): the route exists,
// Routed. The status's words, or a server's HTML page for a method it does
// not know, stay noise.
func TestNotImplementedWithReasonIsARoute(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("POST", "/api/v1/jobs/j-1/pause", 501, `body:{"code":12,"message":"method PauseJob not implemented","details":[]}`))
	inv.Observe(ex("POST", "/api/v1/jobs/j-1/cancel", 200, `body:{}`))
	inv.Observe(ex("PUT", "/api/v1/jobs/j-1/cancel", 501, `body:{"message":"Not Implemented"}`))
	inv.Observe(ex("DELETE", "/api/v1/jobs/j-1/cancel", 501, `body:{"code":12,"message":"Method Not Allowed"}`)) // grpc-gateway's router
	inv.Observe(ex("PROPFIND", "/index.html", 501, "ctype:text/html", "body:<html><body><h1>Error response</h1><p>Error code: 501</p><p>Message: Unsupported method ('PROPFIND').</p></body></html>"))
	sameSet(t, templates(inv), []string{"POST /api/v1/jobs/j-1/pause", "POST /api/v1/jobs/j-1/cancel"})
	for _, e := range inv.Endpoints() {
		if want := e.Path == "/api/v1/jobs/j-1/pause"; e.Routed != want {
			t.Errorf("%s %s: Routed %v, want %v", e.Method, e.Path, e.Routed, want)
		}
	}
	if got := noiseKeys(inv); len(got) != 3 {
		t.Errorf("noise %q, want the PUT, the DELETE and the PROPFIND", got)
	}
}

// A dot segment below which the host already served a live route is the
// application's own namespace (.backstage, .well-known): a refusal there is
// its route's answer. A dot segment with no live route below it, or a probe
// word after it, stays a scanner's.
func TestLiveDotPrefixIsNoProbe(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/catalog/.backstage/actions/v1/actions", 200))
	inv.Observe(ex("POST", "/api/catalog/.backstage/scheduler/v1/tasks/cleanup/trigger", 200, "body:"))
	inv.Observe(ex("GET", "/api/catalog/.backstage/actions/v1/status", 403, `body:{"error":{"name":"NotAllowedError"}}`))
	inv.Observe(ex("POST", "/api/catalog/.backstage/scheduler/v1/tasks/cleanup/cancel", 409, `body:{"error":{"name":"ConflictError"}}`))
	inv.Observe(ex("GET", "/api/catalog/.git/config", 403, `body:{"error":"forbidden"}`))
	inv.Observe(ex("GET", "/api/catalog/.backstage/admin.php", 403, `body:{"error":"forbidden"}`))
	tpl := templates(inv)
	for _, want := range []string{"GET /api/catalog/.backstage/actions/v1/status", "POST /api/catalog/.backstage/scheduler/v1/tasks/cleanup/cancel"} {
		if !slices.Contains(tpl, want) {
			t.Errorf("templates %q lack %q", tpl, want)
		}
	}
	for _, no := range []string{"GET /api/catalog/.git/config", "GET /api/catalog/.backstage/admin.php"} {
		if slices.Contains(tpl, no) {
			t.Errorf("templates %q hold the probe %q", tpl, no)
		}
	}
}

// A handler's 404 for a record below a value the host's data named (a
// namespace its listing gave) grafts onto the parameter that value went to,
// as a request would walk it: the route exists, only the record is gone.
func TestHandledNotFoundBelowNamedValues(t *testing.T) {
	inv := New(Config{})
	miss := `{"kind":"Status","message":"the server could not find the requested resource","reason":"NotFound","code":404}`
	observe404(inv, "GET", "/wp-login.php", miss, "application/json")
	inv.Observe(ex("GET", "/api/v1/namespaces", 200, `body:{"items":[{"metadata":{"name":"team-a"}},{"metadata":{"name":"payments-eu"}},{"metadata":{"name":"ml-research"}}]}`))
	for _, ns := range []string{"team-a", "payments-eu", "ml-research"} {
		inv.Observe(ex("GET", "/apis/scaling/v2/namespaces/"+ns+"/autoscalers", 200, `body:{"kind":"AutoscalerList","items":[]}`))
	}
	inv.Observe(ex("DELETE", "/apis/scaling/v2/namespaces/team-a/autoscalers/checkout-api", 200, `body:{"kind":"Status","status":"Success"}`))
	observe404(inv, "GET", "/apis/scaling/v2/namespaces/team-a/autoscalers/checkout-api",
		`{"kind":"Status","message":"autoscalers.scaling \"checkout-api\" not found","reason":"NotFound","details":{"name":"checkout-api"},"code":404}`, "application/json")
	sameSet(t, templates(inv), []string{"GET /api/v1/namespaces", "GET /apis/scaling/v2/namespaces/{}/autoscalers",
		"DELETE /apis/scaling/v2/namespaces/{}/autoscalers/checkout-api", "GET /apis/scaling/v2/namespaces/{}/autoscalers/checkout-api"})
}
