package inventory

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/reassembly"
)

// Names handed out in responses and then used in paths are values, even
// with two or three of them and dictionary words among them
// (/projects/{owner}/{project}/branches).
func TestProvenanceLowCardinalityNames(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/owners", 200, `body:[{"login":"northwind"},{"login":"kim"}]`))
	inv.Observe(ex("GET", "/api/owners/northwind/projects", 200, `body:[{"name":"billing"},{"name":"website"}]`))
	inv.Observe(ex("GET", "/api/owners/kim/projects", 200, `body:[{"name":"site"}]`))
	for _, p := range []string{
		"/api/owners/northwind/projects/billing/branches",
		"/api/owners/northwind/projects/website/branches",
		"/api/owners/northwind/projects/website/issues",
		"/api/owners/kim/projects/site/branches",
		"/api/owners/kim/projects/site/issues",
	} {
		inv.Observe(ex("GET", p, 200, `body:[{"id":1}]`))
	}
	inv.Observe(ex("GET", "/api/owners/kim/projects/site", 200, `body:{"name":"site"}`))
	got := templates(inv)
	want := []string{
		"GET /api/owners",
		"GET /api/owners/{}/projects",
		"GET /api/owners/{}/projects/{}",
		"GET /api/owners/{}/projects/{}/branches",
		"GET /api/owners/{}/projects/{}/issues",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A single value under a collection is templated when it came from data
// and is no dictionary word.
func TestProvenanceSingleton(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/runtimes", 200, `body:{"default":"python3","specs":[{"name":"python3"}]}`))
	inv.Observe(ex("GET", "/api/runtimes/python3", 200, `body:{"name":"python3"}`))
	got := templates(inv)
	want := []string{"GET /api/runtimes", "GET /api/runtimes/{}"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// Two leaves the data names are two routes when one answers a page and the
// other plain text: one handler answers all values of a parameter alike.
// Leaves answered alike still are values.
func TestProvenanceLeavesAnsweredDifferentlyStay(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1/status/flags", 200, `body:[{"name":"config"},{"name":"version"},{"name":"kim"},{"name":"alice"}]`))
	inv.Observe(ex("GET", "/config", 200, "ctype:text/html", "body:<html></html>"))
	inv.Observe(ex("GET", "/version", 200, "ctype:text/plain", "body:3.1.0"))
	sameSet(t, templates(inv), []string{"GET /api/v1/status/flags", "GET /config", "GET /version"})

	inv = New(Config{})
	inv.Observe(ex("GET", "/api/v1/status/flags", 200, `body:[{"name":"config"},{"name":"version"},{"name":"kim"},{"name":"alice"}]`))
	inv.Observe(ex("GET", "/kim", 200, "ctype:text/html", "body:<html>kim</html>"))
	inv.Observe(ex("GET", "/alice", 200, "ctype:text/html", "body:<html>alice</html>"))
	sameSet(t, templates(inv), []string{"GET /api/v1/status/flags", "GET /{}"})
}

// A "value" key holds data (a context field's legal values, a setting's
// value): a segment that was one is a value of the parameter beside it.
func TestProvenanceValueKey(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/context/region", 200, `body:{"name":"region","legalValues":[{"value":"emea"},{"value":"apac"}]}`))
	inv.Observe(ex("DELETE", "/api/context/region/legal-values/emea", 200))
	inv.Observe(ex("DELETE", "/api/context/region/legal-values/apac", 200))
	sameSet(t, templates(inv), []string{"GET /api/context/region", "DELETE /api/context/region/legal-values/{}"})
}

// Route names that also occur as values (token types "admin", "client")
// stay literal when their sub-structures differ, and nothing is templated
// from values never seen in a message.
func TestProvenanceRouteWordsStay(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/admin/api-tokens", 200, `body:{"tokens":[{"type":"admin"},{"type":"client"},{"type":"frontend"}]}`))
	for _, p := range []string{
		"/api/admin/projects", "/api/admin/features", "/api/admin/events", "/api/admin/user",
		"/api/client/features", "/api/client/register", "/api/client/metrics",
		"/api/frontend",
	} {
		inv.Observe(ex("GET", p, 200))
	}
	for _, tpl := range templates(inv) {
		if strings.Contains(tpl, "{}") {
			t.Errorf("templated a route word: %s", tpl)
		}
	}
}

// Values are kept only as salted hashes: the encoded host state holds no
// value text, and a reloaded inventory still knows the values.
func TestProvenanceStoredAsHashes(t *testing.T) {
	inv := New(Config{Salt: []byte("s1")})
	inv.Observe(ex("GET", "/api/owners", 200, `body:[{"login":"northwind-traders"},{"login":"kimberly"}]`))
	b, err := inv.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "northwind-traders") || strings.Contains(string(b), "kimberly") {
		t.Fatal("a value is stored in clear")
	}
	inv2 := New(Config{Salt: []byte("s1")})
	if err := inv2.LoadHost("api.example.test", b); err != nil {
		t.Fatal(err)
	}
	inv2.Observe(ex("GET", "/api/owners/northwind-traders/projects", 200))
	inv2.Observe(ex("GET", "/api/owners/kimberly/projects", 200))
	got := templates(inv2)
	want := []string{"GET /api/owners", "GET /api/owners/{}/projects"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates after reload:\n got %q\nwant %q", got, want)
	}
}

// A tree of files below one prefix is one multi-segment parameter; API
// resources next to each other are not, even when one is a file name.
func TestFileTreeIsOneParameter(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{
		"/ui/static/js/main.js", "/ui/static/js/vendor.js", "/ui/static/css/app.css",
		"/ui/static/media/logo.svg", "/ui/static/favicon.ico",
		"/api/v1/users", "/api/v1/users/export.csv", "/api/v1/orders", "/api/v1/reports/summary.pdf",
	} {
		inv.Observe(ex("GET", p, 200))
	}
	got := templates(inv)
	want := []string{
		"GET /api/v1/orders", "GET /api/v1/reports/summary.pdf", "GET /api/v1/users", "GET /api/v1/users/export.csv",
		"GET /ui/static/{}",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
	// a new file at any depth lands on the same endpoint
	inv.Observe(ex("GET", "/ui/static/fonts/inter/inter-400.woff2", 200))
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("after a deeper file:\n got %q\nwant %q", got, want)
	}
	eps := inv.Endpoints()
	for _, e := range eps {
		if e.Path == "/ui/static/{path}" && e.Hits != 6 {
			t.Errorf("hits of %s = %d, want 6", e.Path, e.Hits)
		}
	}
}

// Directories of a contents API are paths the API handed out: with the
// files below them they make one multi-segment parameter.
func TestContentsPathsFromValues(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/contents", 200, `body:[{"path":"docs","type":"directory"},{"path":"README.md"}]`))
	inv.Observe(ex("GET", "/api/contents/docs", 200, `body:[{"path":"docs/guide","type":"directory"},{"path":"docs/intro.md"}]`))
	inv.Observe(ex("GET", "/api/contents/docs/guide", 200, `body:[{"path":"docs/guide/setup.md"}]`))
	for _, p := range []string{"/api/contents/README.md", "/api/contents/docs/intro.md", "/api/contents/docs/guide/setup.md"} {
		inv.Observe(ex("GET", p, 200, `body:{"type":"file"}`))
	}
	got := templates(inv)
	want := []string{"GET /api/contents", "GET /api/contents/{}"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A lone known value that is an English word is an item when it has
// sub-resources (/projects/default/...), and values whose own path was
// never fetched still match values that were (environments).
func TestProvenanceWordItemAndUnfetchedValues(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/projects", 200, `body:[{"id":"default"}]`))
	inv.Observe(ex("GET", "/api/projects/default/envs", 200, `body:[{"name":"development"},{"name":"production"}]`))
	for _, p := range []string{
		"/api/projects/default/features", "/api/projects/default/members", "/api/projects/default/settings",
		"/api/projects/default/envs/development/rules", "/api/projects/default/envs/production/rules",
		"/api/projects/default/envs/production",
	} {
		inv.Observe(ex("GET", p, 200))
	}
	want := []string{
		"GET /api/projects", "GET /api/projects/{}/envs", "GET /api/projects/{}/envs/{}", "GET /api/projects/{}/envs/{}/rules",
		"GET /api/projects/{}/features", "GET /api/projects/{}/members", "GET /api/projects/{}/settings",
	}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A value that filled a parameter elsewhere on the host is a value where it
// stands alone (/environments/project/default) or beside a parameter with
// the same sub-resources; a lone route word never seen as a value stays.
// The parameters' values survive storage.
func TestEchoedParameterValues(t *testing.T) {
	inv := New(Config{Salt: []byte("s")})
	inv.Observe(ex("GET", "/api/projects", 200, `body:[{"id":"default"},{"id":"mobile-app"}]`))
	for _, p := range []string{"default", "mobile-app"} {
		for _, sub := range []string{"features", "members", "settings", "environments"} {
			inv.Observe(ex("GET", "/api/projects/"+p+"/"+sub, 200))
		}
	}
	for _, f := range []string{"3f1a8d52-0c4e-4b7e-9d0a-2b6f5c1e7a90", "b2c4e6f8-1a3c-4e5a-8c7e-9f1b3d5a7c9e", "mobile-app"} {
		inv.Observe(ex("GET", "/api/features/"+f+"/variants", 200))
	}
	b, err := inv.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	inv2 := New(Config{Salt: []byte("s")})
	if err := inv2.LoadHost("api.example.test", b); err != nil {
		t.Fatal(err)
	}
	inv2.Observe(ex("GET", "/api/environments/project/mobile-app", 200))
	inv2.Observe(ex("GET", "/api/admin/settings", 200)) // lone route word, never a value
	got := templates(inv2)
	want := []string{
		"GET /api/admin/settings", "GET /api/environments/project/{}", "GET /api/features/{}/variants",
		"GET /api/projects", "GET /api/projects/{}/environments", "GET /api/projects/{}/features",
		"GET /api/projects/{}/members", "GET /api/projects/{}/settings",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// Values that span segments (image references handed out as "RepoTags")
// are one multi-segment parameter when their runs differ in length; the
// routes beside them and after them stay.
func TestProvenanceMultiSegmentValues(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/v1/images/json", 200, `body:[{"Id":"sha256:1","RepoTags":["busybox:1.36","acme/web:1.2"]},{"Id":"sha256:2","RepoTags":["internal/tools/builder:2"]}]`))
	for _, p := range []string{"/v1/images/busybox:1.36/json", "/v1/images/acme/web:1.2/json", "/v1/images/acme/web:1.2/history",
		"/v1/images/internal/tools/builder:2/json", "/v1/images/busybox:1.36/history"} {
		inv.Observe(ex("GET", p, 200, `body:{"Id":"sha256:1"}`))
	}
	inv.Observe(ex("DELETE", "/v1/images/internal/tools/builder:2", 200, `body:[]`))
	inv.Observe(ex("POST", "/v1/images/create", 200, `body:{}`))
	sameSet(t, templates(inv), []string{"GET /v1/images/json", "POST /v1/images/create",
		"GET /v1/images/{}/json", "GET /v1/images/{}/history", "DELETE /v1/images/{}"})
	for _, e := range inv.Endpoints() {
		if strings.HasSuffix(e.Path, "}/json") && (len(e.PathParams) != 1 || !e.PathParams[0].MultiSegment) {
			t.Errorf("%s: params %+v, want one multi-segment parameter", e.Path, e.PathParams)
		}
	}
}

// Runs of one length, each segment its own value (owner/repo with a
// "full_name" beside "login" and "name"), stay single parameters.
func TestProvenanceUniformRunsStaySingle(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/repos", 200, `body:[{"full_name":"kim/site","name":"site","owner":{"login":"kim"}},{"full_name":"northwind/billing","name":"billing","owner":{"login":"northwind"}}]`))
	for _, p := range []string{"/api/repos/kim/site/branches", "/api/repos/northwind/billing/branches", "/api/repos/kim/site/issues", "/api/repos/northwind/billing/issues"} {
		inv.Observe(ex("GET", p, 200, `body:[{"id":1}]`))
	}
	sameSet(t, templates(inv), []string{"GET /api/repos", "GET /api/repos/{}/{}/branches", "GET /api/repos/{}/{}/issues"})
}

// Multi-segment values come out the same whatever the order of the
// exchanges and wherever the trie was settled on the way (a query of the
// endpoints mid-ingest, or a restart that stored and loaded it): a parameter that took first segments of the
// values early (the namespaces acme and internal look like members of
// the images collection before the runs below them are seen whole) takes
// the rest of them once their tails show they go on below it, and a run
// no answer named joins by the suffix it ends before.
func TestProvenanceMultiSegmentAnyOrder(t *testing.T) {
	xs := []*reassembly.Exchange{
		ex("GET", "/v1/images/json", 200, `body:[{"Id":"sha256:1","RepoTags":["busybox:1.36","acme/web:1.2"]},{"Id":"sha256:2","RepoTags":["internal/tools/builder:2","acme/db:9"]}]`),
		ex("POST", "/v1/images/create", 200, `body:{}`),
		ex("DELETE", "/v1/images/internal/tools/builder:2", 200, `body:[]`),
	}
	for _, p := range []string{"/v1/images/busybox:1.36/json", "/v1/images/acme/web:1.2/json", "/v1/images/acme/web:1.2/history",
		"/v1/images/internal/tools/builder:2/json", "/v1/images/busybox:1.36/history", "/v1/images/acme/db:9/json",
		// a name the host normalised in its answers: never a known value,
		// a value by where its run ends
		"/v1/images/library/alpine:3/json"} {
		xs = append(xs, ex("GET", p, 200, `body:{"Id":"sha256:1"}`))
	}
	want := []string{"GET /v1/images/json", "POST /v1/images/create",
		"GET /v1/images/{}/json", "GET /v1/images/{}/history", "DELETE /v1/images/{}"}
	rng := rand.New(rand.NewPCG(7, 8))
	for round := 0; round < 40; round++ {
		order := rng.Perm(len(xs))
		mid := rng.IntN(len(xs) + 1)
		inv := New(Config{})
		for i, j := range order {
			if i == mid {
				settleInPlace(inv) // on what came so far
				if round%2 == 1 {
					// a restart: stored and loaded, tails included
					inv = loadedCopy(t, inv)
				}
			}
			inv.Observe(xs[j])
		}
		got := templates(inv)
		if !equalSets(got, want) {
			t.Fatalf("order %v, settled after %d: got %v, want %v", order, mid, got, want)
		}
	}
}

func equalSets(a, b []string) bool {
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}

// The segment-wise hash restWalk uses is the hash of the joined value.
func TestValueHashOfSegs(t *testing.T) {
	for _, segs := range [][]string{{"a"}, {"acme", "web:1.2"}, {"internal", "tools", "builder:2"}, {"", "x"}} {
		if got, want := valueHashOfSegs(42, segs), valueHashOf(42, strings.Join(segs, "/")); got != want {
			t.Errorf("%q: %x, want %x", segs, got, want)
		}
	}
}

// A run no answer named (a name the host normalised in its answers)
// joins the multi-segment parameter by the suffix it ends before, also
// when it came before the parameter was made.
func TestRestJoinBySuffix(t *testing.T) {
	for _, early := range []bool{true, false} {
		inv := New(Config{})
		unknown := ex("GET", "/v1/images/library/alpine:3/json", 200, `body:{"Id":"sha256:3"}`)
		if early {
			inv.Observe(unknown)
		}
		inv.Observe(ex("GET", "/v1/images/json", 200, `body:[{"Id":"sha256:1","RepoTags":["busybox:1.36","acme/web:1.2"]}]`))
		inv.Observe(ex("GET", "/v1/images/busybox:1.36/json", 200, `body:{"Id":"sha256:1"}`))
		inv.Observe(ex("GET", "/v1/images/acme/web:1.2/json", 200, `body:{"Id":"sha256:2"}`))
		inv.Observe(ex("POST", "/v1/images/load", 200, `body:{}`))
		settleInPlace(inv)
		if !early {
			inv.Observe(unknown)
		}
		sameSet(t, templates(inv), []string{"GET /v1/images/json", "GET /v1/images/{}/json", "POST /v1/images/load"})
	}
}

// Values of one length that the host handed out whole, with halves that
// are no values on their own (scoped package names), are one
// multi-segment parameter too: nothing says the halves are two.
func TestProvenanceUniformScopedNames(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/plugins", 200, `body:[{"id":"@acme/editor:theme"},{"id":"@acme/editor:keys"},{"id":"@tools/lint:rules"}]`))
	for _, p := range []string{"/api/plugins/@acme/editor:theme", "/api/plugins/@acme/editor:keys", "/api/plugins/@tools/lint:rules"} {
		inv.Observe(ex("GET", p, 200, `body:{"schema":{}}`))
		inv.Observe(ex("GET", p+"/settings", 200, `body:{"raw":""}`))
	}
	sameSet(t, templates(inv), []string{"GET /api/plugins", "GET /api/plugins/{}", "GET /api/plugins/{}/settings"})
	for _, e := range inv.Endpoints() {
		if e.Path != "/api/plugins" && (len(e.PathParams) != 1 || !e.PathParams[0].MultiSegment) {
			t.Errorf("%s %s: params %+v, want one multi-segment parameter", e.Method, e.Path, e.PathParams)
		}
	}
}

// A value may begin with the literal the runs hang below: git references
// handed out as refs/heads/main are called as /git/refs/heads/main, the
// parameter being what follows "refs".
func TestProvenanceValueStartsAtParent(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/repos/7/git/refs", 200, `body:[{"ref":"refs/heads/main"},{"ref":"refs/heads/feature/login"},{"ref":"refs/tags/v1.2"}]`))
	for _, p := range []string{"/api/repos/7/git/refs/heads/main", "/api/repos/7/git/refs/heads/feature/login", "/api/repos/7/git/refs/tags/v1.2"} {
		inv.Observe(ex("GET", p, 200, `body:{"ref":"x","object":{"sha":"1"}}`))
	}
	sameSet(t, templates(inv), []string{"GET /api/repos/{}/git/refs", "GET /api/repos/{}/git/refs/{}"})
}

// Two values the host handed out, one fetched itself, the other only
// through items below it, are values of one parameter: which of them a
// client happened to fetch is chance.
func TestProvenanceLeafBesideItemsOfAValue(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/admin/tag-types", 200, `body:[{"name":"simple"},{"name":"team"}]`))
	inv.Observe(ex("GET", "/api/admin/tags/simple", 200, `body:{"tags":[]}`))
	inv.Observe(ex("GET", "/api/admin/tags/team/0199e6a4-1c5f-7a7e-9b1e-4f1d2c3b4a59", 200, `body:{"tag":{}}`))
	inv.Observe(ex("DELETE", "/api/admin/tags/team/0199e6a4-1c5f-7a7e-9b1e-4f1d2c3b4a59", 200, ``))
	sameSet(t, templates(inv), []string{"GET /api/admin/tag-types", "GET /api/admin/tags/{}", "GET /api/admin/tags/{}/{}", "DELETE /api/admin/tags/{}/{}"})
}

// One value is enough where the position already is a parameter: a name
// that filled a parameter elsewhere (/images/{name} took acme) made one
// of its first segment, and the value's tail below it says it spans.
func TestProvenanceOneValueBelowAParameter(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/v1/images/json", 200, `body:[{"RepoTags":["busybox:1.36","acme/web:1.2","internal/tools/builder:2"]}]`))
	for _, p := range []string{"/v1/images/busybox:1.36/json", "/v1/images/acme/web:1.2/json", "/v1/images/internal/tools/builder:2/json"} {
		inv.Observe(ex("GET", p, 200, `body:{"Id":"sha256:1"}`))
	}
	inv.Observe(ex("GET", "/v1/distribution/acme/web:1.2/json", 200, `body:{"Descriptor":{}}`))
	sameSet(t, templates(inv), []string{"GET /v1/images/json", "GET /v1/images/{}/json", "GET /v1/distribution/{}/json"})
}

// A file the data names, alone below an item, is the item's file, not a
// route; a word alone there stays a route.
func TestProvenanceFileBelowAnItem(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("POST", "/files", 200, `body:{"data":{"id":"4aea5e14-3565-463a-b5cf-129b41f6879e","filename_download":"meetup-flyer.txt","title":"environment"}}`))
	inv.Observe(ex("GET", "/assets/4aea5e14-3565-463a-b5cf-129b41f6879e", 200, `body:{"x":1}`))
	inv.Observe(ex("GET", "/assets/3d5b2028-ddfe-460d-aa64-2ae76b1e800e", 200, `body:{"x":1}`))
	inv.Observe(ex("GET", "/assets/4aea5e14-3565-463a-b5cf-129b41f6879e/meetup-flyer.txt", 200, `body:{"x":1}`))
	inv.Observe(ex("GET", "/reports/3d5b2028-ddfe-460d-aa64-2ae76b1e800e/environment", 200, `body:{"x":1}`))
	sameSet(t, templates(inv), []string{"POST /files", "GET /assets/{}", "GET /assets/{}/{}", "GET /reports/{}/environment"})
}

func TestIdentifierKey(t *testing.T) {
	for _, k := range []string{"id", "userId", "project_name", "appName", "file", "filename_download", "fileNameDisk", "repoTags", "login", "path",
		"default_branch", "targetBranch", "topics", "kafkaTopic", "prefix"} {
		if !identifierKey(k) {
			t.Errorf("identifierKey(%q) = false, want true", k)
		}
	}
	for _, k := range []string{"type", "state", "title", "description", "file_size", "status", "filesize",
		"pluralName", "singularName", "modelName", "apiName", "plugin_name", "apiID", // a type's names: routes are mounted under them
		"pathPrefix", "routePrefix"} { // where routes are mounted

		if identifierKey(k) {
			t.Errorf("identifierKey(%q) = true, want false", k)
		}
	}
}

// An API key is addressed by the prefix its listing gives (the key itself
// is never listed): short random letters that no class rule would take,
// values all the same.
func TestProvenanceKeyPrefixes(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1/apikey", 200, `body:{"apiKeys":[{"id":"1","prefix":"tGesRnF"},{"id":"2","prefix":"XICUr-7"},{"id":"3","prefix":"pQmwZte"}]}`))
	inv.Observe(ex("POST", "/api/v1/apikey/expire", 200, `body:{}`))
	inv.Observe(ex("DELETE", "/api/v1/apikey/tGesRnF", 200, `body:{}`))
	inv.Observe(ex("DELETE", "/api/v1/apikey/XICUr-7", 200, `body:{}`))
	sameSet(t, templates(inv), []string{"GET /api/v1/apikey", "POST /api/v1/apikey/expire", "DELETE /api/v1/apikey/{}"})
}

// A word the data names (a section's "id") that a client only POSTs to,
// beside a parameter nobody POSTs to, is a collection or an action.
func TestProvenancePostOnlyLiteralBesideAnItem(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/settings", 200, `body:{"data":[{"id":"files"},{"id":"folder"},{"id":"users"}]}`))
	inv.Observe(ex("POST", "/upload", 200, `body:{"data":{"id":"4aea5e14-3565-463a-b5cf-129b41f6879e","filename_download":"flyer.txt"}}`))
	inv.Observe(ex("GET", "/assets/4aea5e14-3565-463a-b5cf-129b41f6879e", 200, `body:{"x":1}`))
	inv.Observe(ex("GET", "/assets/3d5b2028-ddfe-460d-aa64-2ae76b1e800e", 200, `body:{"x":1}`))
	inv.Observe(ex("GET", "/assets/4aea5e14-3565-463a-b5cf-129b41f6879e/flyer.txt", 200, `body:{"x":1}`))
	inv.Observe(ex("POST", "/assets/files", 200, `body:{"x":1}`))
	inv.Observe(ex("POST", "/assets/folder/21238dd1-187f-44c3-9e89-7de126455ebc", 200, `body:{"x":1}`))
	sameSet(t, templates(inv), []string{"GET /settings", "POST /upload", "GET /assets/{}", "GET /assets/{}/{}",
		"POST /assets/files", "POST /assets/folder/{}"})
}

// An error answer names fields and rejected input, not the host's data: a
// validation error's "path": "scopes" does not make /api-keys/scopes a
// value beside the keys' ids.
func TestProvenanceIgnoresErrorAnswers(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("PATCH", "/rest/api-keys/mLrHpZzgiplFQcrz", 400, `body:{"errors":[{"path":"scopes","message":"Required"}]}`))
	inv.Observe(ex("DELETE", "/rest/api-keys/qWzKpLmNbVcXrTyu", 200))
	for i := 0; i < 3; i++ {
		inv.Observe(ex("GET", "/rest/api-keys/scopes", 200, `body:{"data":["workflow:read"]}`))
	}
	sameSet(t, templates(inv), []string{"PATCH /rest/api-keys/{}", "DELETE /rest/api-keys/{}", "GET /rest/api-keys/scopes"})
}

// Below a parameter, a literal with sub-resources that the data never
// named (a table created after the listing was fetched) joins a parameter
// whose values came from data when the parameter has every one of its
// children, as it would join one of collapsed words.
func TestProvenanceParamPullsUnnamedSibling(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/bases/p81kd0xq2mzt4ab/tables", 200, `body:{"list":[{"name":"customers"},{"name":"orders"}]}`))
	for _, p := range []string{
		"/api/data/acme/p81kd0xq2mzt4ab/customers",
		"/api/data/acme/p81kd0xq2mzt4ab/customers/count",
		"/api/data/acme/p81kd0xq2mzt4ab/customers/4",
		"/api/data/acme/p81kd0xq2mzt4ab/orders",
		"/api/data/acme/p81kd0xq2mzt4ab/orders/7",
		"/api/data/acme/p81kd0xq2mzt4ab/invoices",
		"/api/data/acme/p81kd0xq2mzt4ab/invoices/count",
		"/api/data/acme/p81kd0xq2mzt4ab/invoices/2",
	} {
		inv.Observe(ex("GET", p, 200, `body:{"list":[{"id":1}]}`))
	}

	got := templates(inv)
	want := []string{
		"GET /api/bases/{}/tables",
		"GET /api/data/acme/{}/{}",
		"GET /api/data/acme/{}/{}/count",
		"GET /api/data/acme/{}/{}/{}",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// Right below the API's prefix, a plural word over a parameter is a
// collection even when the host's data names it: a CMS lists its content
// types by name and routes each one literally (/api/articles/{id}). Below
// a collection of collections (/items/articles/{id}) the same names are
// values.
func TestProvenanceSectionLevelCollections(t *testing.T) {
	ids := []string{"qd8ndx3k0wq1v7h2l5a9c4ze", "h7c2m9v4x1b8n3k6p0q5r2ts", "w3e8r1t6y9u2i5o7p4a0s3df"}
	for _, prefix := range []string{"/api", "/items"} {
		t.Run(prefix, func(t *testing.T) {
			inv := New(Config{})
			inv.Observe(ex("GET", "/meta/types", 200, `body:{"data":[{"name":"articles"},{"name":"authors"},{"name":"categories"}]}`))
			for _, c := range []string{"articles", "authors", "categories"} {
				inv.Observe(ex("GET", prefix+"/"+c, 200, `body:{"data":[],"meta":{"total":0}}`))
				for _, id := range ids {
					inv.Observe(ex("GET", prefix+"/"+c+"/"+id, 200, `body:{"data":{"documentId":"x"},"meta":{}}`))
				}
			}
			want := []string{"GET /meta/types", "GET " + prefix + "/{}", "GET " + prefix + "/{}/{}"}
			if prefix == "/api" {
				want = []string{"GET /meta/types", "GET /api/articles", "GET /api/articles/{}", "GET /api/authors",
					"GET /api/authors/{}", "GET /api/categories", "GET /api/categories/{}"}
			}
			sameSet(t, templates(inv), want)
		})
	}
}

// A resource that answers in an envelope named after its own segment
// (GET /roles: {"roles": [...]}) is a route, even when the host's data
// names the word (a schema's attribute called "roles").
func TestProvenanceSelfNamedEnvelope(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/schema", 200, `body:{"attributes":[{"name":"roles","type":"relation"},{"name":"permissions","type":"relation"}]}`))
	inv.Observe(ex("GET", "/access/roles", 200, `body:{"roles":[{"id":1}]}`))
	inv.Observe(ex("GET", "/access/permissions", 200, `body:{"permissions":{"a":{}}}`))
	sameSet(t, templates(inv), []string{"GET /schema", "GET /access/roles", "GET /access/permissions"})
}

// A known value seen only at its own path joins a parameter that answers
// there too, although the parameter's other value had a sub-resource
// called (which sub-resources a client calls is chance).
func TestProvenanceLeafJoinsParameterWithSubResources(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/plugins", 200, `body:[{"name":"homebridge-dummy"},{"name":"@homebridge-plugins/homebridge-matter"}]`))
	for _, m := range []string{"GET", "POST"} {
		inv.Observe(ex(m, "/api/config/plugin/%40homebridge-plugins%2Fhomebridge-matter", 200))
		inv.Observe(ex(m, "/api/config/plugin/homebridge-dummy", 200))
	}
	inv.Observe(ex("PUT", "/api/config/plugin/%40homebridge-plugins%2Fhomebridge-matter/enable", 200))
	sameSet(t, templates(inv), []string{"GET /api/plugins", "GET /api/config/plugin/{}", "POST /api/config/plugin/{}",
		"PUT /api/config/plugin/{}/enable"})
}

// Below a literal that is no section level (/api/v1/label), a word with
// exactly the sub-resources of a parameter the data named joins it: the
// host listed job, instance and env, and /label/queue/values is one more
// label's values. A leaf word (/label/search) stays a route.
func TestProvenanceParamTakesSameShapeWords(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1/labels", 200, `body:[{"name":"job"},{"name":"instance"},{"name":"env"}]`))
	for _, p := range []string{"job", "instance", "env", "queue", "team"} {
		inv.Observe(ex("GET", "/api/v1/label/"+p+"/values", 200, `body:{"data":["a"]}`))
	}
	inv.Observe(ex("GET", "/api/v1/label/search", 200, `body:{"data":["a"]}`))
	want := []string{"GET /api/v1/label/search", "GET /api/v1/label/{}/values", "GET /api/v1/labels"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// Where many routes live and few of them are named by the data, the named
// ones are routes too: a menu that lists "plugins" and "providers" does
// not make /admin/plugins/{id} and /admin/providers/{id} one parameter
// beside eight other admin routes. With a few siblings the same two names
// are values.
func TestProvenanceRouteCrowdStays(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/admin/menu", 200, `body:[{"name":"plugins"},{"name":"providers"}]`))
	for _, r := range []string{"addons", "appstore", "backup", "logfiles", "restart", "settings", "vessel", "webapps"} {
		inv.Observe(ex("GET", "/admin/"+r, 200, `body:{"ok":true}`))
	}
	for _, r := range []string{"plugins", "providers"} {
		inv.Observe(ex("GET", "/admin/"+r, 200, `body:[{"id":"a1"}]`))
		inv.Observe(ex("GET", "/admin/"+r+"/nmea-in", 200, `body:{"id":"a1"}`))
		inv.Observe(ex("GET", "/admin/"+r+"/gps-one", 200, `body:{"id":"a1"}`))
		inv.Observe(ex("GET", "/admin/"+r+"/n2k-bus", 200, `body:{"id":"a1"}`))
	}
	for _, want := range []string{"GET /admin/plugins/{}", "GET /admin/providers/{}"} {
		if got := templates(inv); !slices.Contains(got, want) {
			t.Errorf("templates %q lack %q", got, want)
		}
	}
	inv = New(Config{})
	inv.Observe(ex("GET", "/admin/menu", 200, `body:[{"name":"plugins"},{"name":"providers"}]`))
	for _, r := range []string{"plugins", "providers"} {
		inv.Observe(ex("GET", "/admin/"+r+"/config", 200, `body:{"id":"a1"}`))
	}
	if got, want := templates(inv), []string{"GET /admin/menu", "GET /admin/{}/config"}; !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A lone literal that shares its name with a value taken elsewhere is a
// section, not a value, when it sits below a literal that names no
// collection and has a route tree of its own: an API's documents are named
// after its sections (/docs/course), and /navigation/course/_config,
// /arrivalCircle, /calcValues stay routes.
func TestEchoOfASectionName(t *testing.T) {
	inv := New(Config{Salt: []byte("s")})
	inv.Observe(ex("GET", "/docs", 200, `body:[{"name":"apps"},{"name":"course"},{"name":"plugins"}]`))
	for _, d := range []string{"apps", "course", "plugins"} {
		inv.Observe(ex("GET", "/docs/"+d, 200, `body:{"openapi":"3.0.0"}`))
	}
	for _, sub := range []string{"_config", "arrivalCircle", "calcValues"} {
		inv.Observe(ex("GET", "/vessels/self/navigation/course/"+sub, 200, `body:{"ok":true}`))
	}
	got := templates(inv)
	for _, want := range []string{"GET /docs/{}", "GET /vessels/self/navigation/course/_config"} {
		if !slices.Contains(got, want) {
			t.Errorf("templates %q lack %q", got, want)
		}
	}
}

// A view word that filled a parameter right below a literal of one name
// (/export/{} took txt, html, pdf) is a value below another literal of that
// name too (/docs/{}/{}/export/txt, a revision's export); below a literal of
// another name it stays a route.
func TestEchoOfAViewWordBelowTheSameLiteral(t *testing.T) {
	inv := New(Config{})
	for _, d := range []string{"x71kq2", "p93lz8"} {
		for _, f := range []string{"txt", "html", "pdf"} {
			inv.Observe(ex("GET", "/docs/"+d+"/export/"+f, 200, "ctype:text/plain", "body:hello"))
		}
	}
	inv.Observe(ex("GET", "/docs/x71kq2/3/export/txt", 200, "ctype:text/plain", "body:hello"))
	inv.Observe(ex("GET", "/docs/x71kq2/3/print/txt", 200, "ctype:text/plain", "body:hello"))
	sameSet(t, templates(inv), []string{"GET /docs/{}/export/{}", "GET /docs/{}/{}/export/{}", "GET /docs/{}/{}/print/txt"})
}

// An OpenAPI or Swagger document the API serves names its own operations
// and tags ("tags": [{"name": "history"}]): routes, not data. Its names are
// not values; the same names in an ordinary answer are.
func TestServedSpecNamesNoValues(t *testing.T) {
	spec := `body:{"swagger":"2.0","info":{"title":"API"},"tags":[{"name":"history"},{"name":"presence"},{"name":"rpc"}],"paths":{}}`
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/swagger.json", 200, spec))
	for _, m := range []string{"history", "presence", "rpc", "publish"} {
		inv.Observe(ex("POST", "/api/"+m, 200, `body:{"result":{}}`))
	}
	sameSet(t, templates(inv), []string{"GET /api/swagger.json", "POST /api/history", "POST /api/presence", "POST /api/rpc", "POST /api/publish"})

	inv = New(Config{})
	inv.Observe(ex("GET", "/api/rooms", 200, `body:{"rooms":[{"name":"lobby"},{"name":"kitchen"},{"name":"garage"}]}`))
	for _, r := range []string{"lobby", "kitchen", "garage"} {
		inv.Observe(ex("GET", "/api/rooms/"+r, 200, `body:{"result":{}}`))
	}
	sameSet(t, templates(inv), []string{"GET /api/rooms", "GET /api/rooms/{}"})
}

func TestAPIDescription(t *testing.T) {
	for body, want := range map[string]bool{
		`{"openapi":"3.0.3","info":{}}`:                          true,
		"{\n  \"swagger\": \"2.0\",\n  \"info\": {}}":            true,
		`{"info":{"title":"x","version":"1"},"openapi":"3.1.0"}`: true,
		`{"name":"openapi","version":"3.0"}`:                     false,
		`{"openapi":3}`:                                          false,
		`[{"openapi":"3.0.0"}]`:                                  false,
		`{"swagger":"yes"}`:                                      false,
		``:                                                       false,
		`{"openapi"`:                                             false,
	} {
		if got := apiDescription([]byte(body)); got != want {
			t.Errorf("apiDescription(%q) = %v, want %v", body, got, want)
		}
	}
}

func TestTypeValue(t *testing.T) {
	yes := [][2]string{{"type", "httpBasicAuth"}, {"queryType", "__stack_trace"}, {"query_type", "order-status"},
		{"credential-type", "oauth2_api"}, {"eventType", "push-hook"}}
	for _, kv := range yes {
		if !typeValue(kv[0], kv[1]) {
			t.Errorf("typeValue(%q, %q) = false, want true", kv[0], kv[1])
		}
	}
	no := [][2]string{{"type", "api"}, {"type", "directory"}, {"queryType", "status"}, {"prototype", "http-basic"},
		{"contentType", "application/json"}, {"type", "a-"}, {"type", "-ab"}, {"title", "orderStatus"}, {"type", "v1.2-beta"}}
	for _, kv := range no {
		if typeValue(kv[0], kv[1]) {
			t.Errorf("typeValue(%q, %q) = true, want false", kv[0], kv[1])
		}
	}
}

// Compound names under a type key are types an application's users or
// plugins define, which clients put into paths; plain words under type
// keys are enums that share words with routes.
func TestProvenanceTypeNames(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1/credentials", 200, `body:{"data":[{"id":"4","type":"httpBasicAuth"},{"id":"7","type":"httpHeaderAuth"}]}`))
	inv.Observe(ex("GET", "/api/v1/credentials/schema/httpBasicAuth", 200, `body:{"type":"object","properties":{"user":{"type":"string"}}}`))
	inv.Observe(ex("GET", "/api/v1/credentials/schema/httpHeaderAuth", 200, `body:{"type":"object","properties":{"name":{"type":"string"}}}`))
	sameSet(t, templates(inv), []string{"GET /api/v1/credentials", "GET /api/v1/credentials/schema/{}"})

	inv = New(Config{})
	inv.Observe(ex("GET", "/api/session", 200, `body:{"methods":[{"type":"password"},{"type":"token"}]}`))
	inv.Observe(ex("POST", "/api/login/password", 200, `body:{"ok":true}`))
	inv.Observe(ex("POST", "/api/login/token", 200, `body:{"ok":true}`))
	sameSet(t, templates(inv), []string{"GET /api/session", "POST /api/login/password", "POST /api/login/token"})
}

// An API that names its own request paths in its data (a token's creation
// path, a lease's) hands out routes, not values: below them lie mostly
// routes no value explains, and they stay routes. (Values handed out as
// names explain what lies below them: TestProvenanceMultiSegmentValues.)
func TestProvenanceEchoedRoutePathsStay(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/v1/auth/token/lookup-self", 200, `body:{"data":{"path":"auth/approle/login","meta":null}}`))
	inv.Observe(ex("GET", "/v1/sys/leases/lookup", 200, `body:{"data":{"path":"auth/userpass/login/olu.adeyemi"}}`))
	inv.Observe(ex("PUT", "/v1/sys/wrapping/lookup", 200, `body:{"data":{"creation_path":"x","path":"secret/data/apps/web/config"}}`))
	var want []string
	for _, p := range []string{"auth/approle/login", "auth/approle/role", "auth/approle/role/ci/secret-id", "auth/token/create",
		"auth/token/lookup", "auth/token/renew-self", "auth/userpass/login/olu.adeyemi", "auth/userpass/users", "auth/token/roles",
		"secret/config", "secret/data/apps/web/config", "secret/metadata", "secret/delete"} {
		inv.Observe(ex("PUT", "/v1/"+p, 200, `body:{"data":{}}`))
		want = append(want, "PUT /v1/"+p)
	}
	got := templates(inv)
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("missing %s; templates %q", w, got)
		}
	}
}

// A run of segments with a verb in it is a request path the API echoed
// (a token's "path": "auth/token/create/release-bot"), not a name it
// handed out, even where the mounts it starts below are named in the data
// too ("display_name": "approle"): the mounts stay routes.
func TestProvenanceEchoedRunsWithVerbs(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/v1/auth/token/lookup-self", 200, `body:{"data":{"path":"auth/approle/login","display_name":"approle"}}`))
	inv.Observe(ex("GET", "/v1/auth/token/lookup-self", 200, `body:{"data":{"path":"auth/token/create","display_name":"token"}}`))
	inv.Observe(ex("GET", "/v1/auth/token/lookup-self", 200, `body:{"data":{"path":"auth/token/create/release-bot","display_name":"token-release-bot"}}`))
	want := []string{"GET /v1/auth/token/lookup-self"}
	for _, p := range []string{"POST /v1/auth/approle/login", "GET /v1/auth/approle/role", "POST /v1/auth/token/create",
		"POST /v1/auth/token/create/release-bot", "POST /v1/auth/token/renew"} {
		m, path, _ := strings.Cut(p, " ")
		inv.Observe(ex(m, path, 200, `body:{"auth":{"client_token":"x"}}`))
		want = append(want, p)
	}
	sameSet(t, templates(inv), want)
}

// A value the data names, of which a client called a few of the
// sub-resources every value has, joins the parameter even when the
// parameter's own values came from no listing: its sub-resources are a
// subset of the parameter's (/instances/cache-redis-primary/state
// beside an {instance} with state, snapshots, logs, exec, backups, ...).
func TestProvenanceSubsetOfTheParameter(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/1.0/instances", 200, `body:{"metadata":[{"name":"cache-redis-primary"}]}`))
	subs := []string{"state", "snapshots", "logs", "exec", "backups", "console", "files", "metadata"}
	var want []string
	for _, i := range []string{"web-01", "web-02", "db-01", "ci-runner-01", "build-07"} {
		for _, sub := range subs {
			inv.Observe(ex("GET", "/1.0/instances/"+i+"/"+sub, 200, `body:{"metadata":{}}`))
		}
	}
	for _, sub := range subs {
		want = append(want, "GET /1.0/instances/{}/"+sub)
	}
	inv.Observe(ex("GET", "/1.0/instances/cache-redis-primary/state", 200, `body:{"metadata":{}}`))
	inv.Observe(ex("GET", "/1.0/instances/cache-redis-primary/snapshots", 200, `body:{"metadata":{}}`))
	want = append(want, "GET /1.0/instances")
	sameSet(t, templates(inv), want)
}

// Names with slashes sent unescaped (debian/12/cloud, then alpine/3.18)
// are one multi-segment parameter, also when the first had already made
// a parameter below its own first segment (debian/{path}) before the
// second was called.
func TestProvenanceRunsBesideTheirOwnPrefixParameter(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/1.0/images/aliases", 200, `body:{"metadata":[{"name":"alpine/3.18"},{"name":"debian/12/cloud"},{"name":"sre/toolbox"}]}`))
	inv.Observe(ex("GET", "/1.0/images/aliases/debian/12/cloud", 200, `body:{"metadata":{"target":"f00"}}`))
	settleInPlace(inv) // debian/12/cloud alone
	inv.Observe(ex("GET", "/1.0/images/aliases/alpine/3.18", 200, `body:{"metadata":{"target":"f00"}}`))
	sameSet(t, templates(inv), []string{"GET /1.0/images/aliases", "GET /1.0/images/aliases/{}"})
}

// A member the data named, with sub-resources of its own, joins the
// parameter beside it when that parameter took a name the data gave too,
// whichever sub-resources the client happened to call on each: the one
// zone deleted and the one zone browsed are both zones.
func TestNamedMemberJoinsAParameterOfNamedValues(t *testing.T) {
	inv := New(Config{})
	obs := func(m, p, body string) { inv.Observe(ex(m, p, 200, "body:"+body)) }
	obs("GET", "/api/zones", `[{"name":"corp.example.org"},{"name":"0.10.in-addr.arpa"}]`)
	obs("DELETE", "/api/zones/0.10.in-addr.arpa", `{}`)
	obs("GET", "/api/zones/corp.example.org", `{"name":"corp.example.org"}`)
	obs("PUT", "/api/zones/corp.example.org", `{}`)
	obs("GET", "/api/zones/corp.example.org/records", `[{"name":"www"}]`)
	obs("POST", "/api/zones/corp.example.org/records", `{"name":"db"}`)
	sameSet(t, templates(inv), []string{
		"GET /api/zones", "DELETE /api/zones/{}", "GET /api/zones/{}", "PUT /api/zones/{}",
		"GET /api/zones/{}/records", "POST /api/zones/{}/records",
	})
}

// A folder's name handed out with its slash ("path": "billing/") is the
// value its path segment holds (billing).
func TestProvenanceFolderNameWithSlash(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/admin/mounts", 200, `body:{"data":[{"path":"billing/","type":"kv"},{"path":"media/","type":"kv"}]}`))
	for _, p := range []string{"/api/admin/mounts/billing", "/api/admin/mounts/media"} {
		inv.Observe(ex("POST", p, 204, `body:`))
		inv.Observe(ex("GET", p+"/tune", 200, `body:{"ttl":0}`))
	}
	want := []string{"GET /api/admin/mounts", "GET /api/admin/mounts/{}/tune", "POST /api/admin/mounts/{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A store's folders, each level listed by the one above it, are one
// multi-segment parameter once three levels in a row answer: the store's
// router takes the rest of the path. Two levels (a team and its member)
// stay two parameters.
func TestValueChainIsOnePath(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/store?list=true", 200, `body:{"keys":["ops/","etl/"]}`))
	inv.Observe(ex("GET", "/api/store/ops?list=true", 200, `body:{"keys":["backup/","pager"]}`))
	inv.Observe(ex("GET", "/api/store/etl?list=true", 200, `body:{"keys":["loader","export/"]}`))
	inv.Observe(ex("GET", "/api/store/ops/backup?list=true", 200, `body:{"keys":["nightly","weekly"]}`))
	inv.Observe(ex("GET", "/api/store/etl/export?list=true", 200, `body:{"keys":["daily"]}`))
	for _, p := range []string{"/api/store/ops/backup/nightly", "/api/store/ops/backup/weekly", "/api/store/ops/pager",
		"/api/store/etl/loader", "/api/store/etl/export/daily"} {
		inv.Observe(ex("GET", p, 200, `body:{"data":{"url":"x"}}`))
		inv.Observe(ex("PUT", p, 204, `body:`))
	}
	inv.Observe(ex("GET", "/api/teams", 200, `body:[{"name":"ops","members":[{"login":"kim"},{"login":"ana"}]},{"name":"etl","members":[{"login":"lee"}]}]`))
	for _, p := range []string{"/api/teams/ops", "/api/teams/etl", "/api/teams/ops/kim", "/api/teams/ops/ana", "/api/teams/etl/lee"} {
		inv.Observe(ex("GET", p, 200, `body:{"id":1}`))
	}
	want := []string{"GET /api/store", "GET /api/store/{}", "GET /api/teams", "GET /api/teams/{}", "GET /api/teams/{}/{}", "PUT /api/store/{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
	for _, e := range inv.Endpoints() {
		if strings.HasPrefix(e.Path, "/api/store/") && (len(e.PathParams) != 1 || !e.PathParams[0].MultiSegment) {
			t.Errorf("%s %s: params %+v, want one multi-segment parameter", e.Method, e.Path, e.PathParams)
		}
	}
}

// Members of a collection the data named, each with the sub-resources a
// client happened to call (one pod inspected and listed, the other
// started and stopped), are values of one parameter when they share one
// sub-resource, or one method at their own path (three networks, each
// deleted); the collection's own routes beside them stay.
func TestNamedMembersSharingASubResource(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/libpod/pods/json", 200, `body:[{"Name":"billing-api","Id":"3f1c"},{"Name":"minio-cluster","Id":"9d2e"}]`))
	inv.Observe(ex("POST", "/libpod/pods/create", 201, `body:{"Id":"9d2e"}`))
	inv.Observe(ex("POST", "/libpod/pods/prune", 200, `body:[]`))
	inv.Observe(ex("GET", "/libpod/pods/stats", 200, `body:[]`))
	inv.Observe(ex("GET", "/libpod/pods/billing-api/json", 200, `body:{"Name":"billing-api"}`))
	inv.Observe(ex("GET", "/libpod/pods/billing-api/top", 200, `body:{"Titles":[]}`))
	inv.Observe(ex("GET", "/libpod/pods/minio-cluster/json", 200, `body:{"Name":"minio-cluster"}`))
	inv.Observe(ex("GET", "/libpod/pods/minio-cluster/exists", 204))
	inv.Observe(ex("POST", "/libpod/pods/minio-cluster/start", 200, `body:{}`))
	inv.Observe(ex("POST", "/libpod/pods/minio-cluster/stop", 200, `body:{}`))
	inv.Observe(ex("DELETE", "/libpod/pods/minio-cluster", 200, `body:[]`))
	// three networks, each deleted, each with another sub-resource called
	inv.Observe(ex("GET", "/libpod/networks/json", 200, `body:[{"name":"frontend-net"},{"name":"metricsInternal"},{"name":"payments_backend"}]`))
	inv.Observe(ex("POST", "/libpod/networks/create", 200, `body:{"name":"frontend-net"}`))
	inv.Observe(ex("POST", "/libpod/networks/frontend-net/connect", 200))
	inv.Observe(ex("GET", "/libpod/networks/metricsInternal/exists", 204))
	inv.Observe(ex("GET", "/libpod/networks/payments_backend/json", 200, `body:{"name":"payments_backend"}`))
	for _, n := range []string{"frontend-net", "metricsInternal", "payments_backend"} {
		inv.Observe(ex("DELETE", "/libpod/networks/"+n, 200, `body:[]`))
	}
	got := templates(inv)
	for _, want := range []string{"GET /libpod/pods/{}/json", "GET /libpod/pods/{}/top", "POST /libpod/pods/{}/stop", "DELETE /libpod/pods/{}",
		"POST /libpod/pods/create", "GET /libpod/pods/stats", "DELETE /libpod/networks/{}", "GET /libpod/networks/{}/exists",
		"POST /libpod/networks/create"} {
		if !slices.Contains(got, want) {
			t.Errorf("%s missing from %q", want, got)
		}
	}
}

// An API that lists its own resource kinds ({"name":"widgets",
// "singularName":"widget"}, as Kubernetes' discovery does) names routes,
// not data: the kinds stay literal below a parameter, and so do the API
// groups a discovery answer names beside its kinds, while the records the
// API lists ({"metadata":{"name":"blue"}}) are values.
func TestProvenanceTypeDescriptorsNameRoutes(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1", 200, `body:{"kind":"ResourceList","resources":[`+
		`{"name":"widgets","singularName":"widget","kind":"Widget","verbs":["get","list"]},`+
		`{"name":"gadgets","singularName":"gadget","kind":"Gadget","verbs":["get","list"]},`+
		`{"name":"sprockets","singularName":"sprocket","kind":"Sprocket","verbs":["get"]}]}`))
	inv.Observe(ex("GET", "/apis", 200, `body:{"items":[`+
		`{"metadata":{"name":"shop"},"versions":[{"version":"v1","resources":[{"resource":"carts","singularResource":"cart"}]}]},`+
		`{"metadata":{"name":"billing"},"versions":[{"version":"v1","resources":[{"resource":"invoices","singularResource":"invoice"}]}]}]}`))
	inv.Observe(ex("GET", "/api/v1/namespaces", 200, `body:{"items":[{"metadata":{"name":"blue"}},{"metadata":{"name":"green"}}]}`))
	for _, ns := range []string{"blue", "green"} {
		inv.Observe(ex("GET", "/apis/shop/v1/namespaces/"+ns+"/carts", 200, `body:{"kind":"CartList","items":[]}`))
		inv.Observe(ex("GET", "/apis/billing/v1/namespaces/"+ns+"/invoices", 200, `body:{"kind":"InvoiceList","items":[]}`))
		inv.Observe(ex("GET", "/api/v1/namespaces/"+ns+"/widgets", 200, `body:{"kind":"WidgetList","items":[{"metadata":{"name":"w1"}}]}`))
		inv.Observe(ex("GET", "/api/v1/namespaces/"+ns+"/gadgets", 200, `body:{"kind":"GadgetList","items":[]}`))
		inv.Observe(ex("GET", "/api/v1/namespaces/"+ns+"/sprockets", 200, `body:{"kind":"SprocketList","items":[]}`))
	}
	got := templates(inv)
	want := []string{
		"GET /api/v1",
		"GET /api/v1/namespaces",
		"GET /api/v1/namespaces/{}/gadgets",
		"GET /api/v1/namespaces/{}/sprockets",
		"GET /api/v1/namespaces/{}/widgets",
		"GET /apis",
		"GET /apis/billing/v1/namespaces/{}/invoices",
		"GET /apis/shop/v1/namespaces/{}/carts",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// Right below an API's prefix, names only ever echoed by the answer to
// their own path (GET /apis/shop: {"name":"shop"}, an API group describing
// itself) seed no parameter, in this process and after a store and reload;
// the same names listed by another answer are values.
func TestProvenanceEchoOnlyNamesBelowThePrefix(t *testing.T) {
	observe := func(inv *Inventory, listed bool) {
		if listed {
			inv.Observe(ex("GET", "/apis/catalog", 200, `body:{"items":[{"name":"shop"},{"name":"billing"}]}`))
		}
		for _, g := range []string{"shop", "billing"} {
			inv.Observe(ex("GET", "/apis/"+g, 200, `body:{"kind":"Group","name":"`+g+`","versions":[{"version":"v1"}]}`))
			inv.Observe(ex("GET", "/apis/"+g+"/v1", 200, `body:{"kind":"ResourceList","items":[]}`))
		}
	}
	inv := New(Config{Salt: []byte("s")})
	observe(inv, false)
	want := []string{"GET /apis/billing", "GET /apis/billing/v1", "GET /apis/shop", "GET /apis/shop/v1"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("echoed names:\n got %q\nwant %q", got, want)
	}
	// stored before the trie settled, reloaded in another process
	fresh := New(Config{Salt: []byte("s")})
	observe(fresh, false)
	b, err := fresh.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	again := New(Config{Salt: []byte("s")})
	if err := again.LoadHost("api.example.test", b); err != nil {
		t.Fatal(err)
	}
	if got := templates(again); !reflect.DeepEqual(got, want) {
		t.Errorf("echoed names after a reload:\n got %q\nwant %q", got, want)
	}
	listed := New(Config{Salt: []byte("s")})
	observe(listed, true)
	want = []string{"GET /apis/catalog", "GET /apis/{}", "GET /apis/{}/v1"}
	if got := templates(listed); !reflect.DeepEqual(got, want) {
		t.Errorf("listed names:\n got %q\nwant %q", got, want)
	}
	// a state that echoed the names and one that listed them, merged in
	// either order (a central collector loading two sensors' states): the
	// names were listed
	lister := New(Config{Salt: []byte("s")})
	lister.Observe(ex("GET", "/apis/catalog", 200, `body:{"items":[{"name":"shop"},{"name":"billing"}]}`))
	lb, err := lister.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	for _, order := range [][][]byte{{b, lb}, {lb, b}} {
		merged := New(Config{Salt: []byte("s")})
		for _, blob := range order {
			if err := merged.LoadHost("api.example.test", blob); err != nil {
				t.Fatal(err)
			}
		}
		if got := templates(merged); !reflect.DeepEqual(got, want) {
			t.Errorf("merged states:\n got %q\nwant %q", got, want)
		}
	}
}
