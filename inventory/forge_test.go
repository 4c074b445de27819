package inventory

import (
	"reflect"
	"testing"
)

// A forge's web UI puts owners and repositories at the root
// (/kim/site/issues). Their names are values the API handed out; a route
// whose name happens to be a value too (a repository called "api") keeps
// its route, and an owner seen only on its profile page joins the owners.
func TestRootOwnersBesideRouteNamesThatAreValues(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1/repos/search", 200, `body:{"data":[{"name":"site","owner":{"login":"kim"}},{"name":"billing","owner":{"login":"northwind"}},{"name":"api","owner":{"login":"kim"}}]}`))
	inv.Observe(ex("GET", "/api/v1/users/search", 200, `body:{"data":[{"login":"kim"},{"login":"northwind"},{"login":"olga"}]}`))
	for _, p := range []string{"/kim/site", "/kim/site/issues", "/northwind/billing", "/northwind/billing/issues", "/kim/api/issues", "/kim/api", "/kim", "/northwind", "/olga"} {
		inv.Observe(ex("GET", p, 200))
	}
	for _, p := range []string{"/admin/users", "/admin/repos", "/admin/config", "/api/v1/version", "/explore/repos"} {
		inv.Observe(ex("GET", p, 200))
	}
	got := templates(inv)
	want := []string{
		"GET /admin/config", "GET /admin/repos", "GET /admin/users",
		"GET /api/v1/repos/search", "GET /api/v1/users/search", "GET /api/v1/version",
		"GET /explore/repos", "GET /{}", "GET /{}/{}", "GET /{}/{}/issues",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// The same when the web pages come first and the API call whose first
// segment is a value arrives once the owners are a parameter.
func TestRootSectionNamedLikeAValueArrivingLate(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/user/search", 200, `body:{"data":[{"login":"kim"},{"login":"northwind"},{"name":"api"},{"name":"site"},{"name":"billing"}]}`))
	for _, p := range []string{"/kim/site", "/kim/site/issues", "/northwind/billing", "/northwind/billing/issues", "/kim/api/issues"} {
		inv.Observe(ex("GET", p, 200))
	}
	if got := templates(inv); !reflect.DeepEqual(got, []string{"GET /user/search", "GET /{}/{}", "GET /{}/{}/issues"}) {
		t.Fatalf("templates before the API call: %q", got)
	}
	inv.Observe(ex("GET", "/api/v1/version", 200))
	want := []string{"GET /api/v1/version", "GET /user/search", "GET /{}/{}", "GET /{}/{}/issues"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A lone value under a collection is a value even when it is an English
// word (branches/main, labels/bug); view words stay (releases/latest).
func TestLoneWordValuesUnderCollections(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/repos/site/branches", 200, `body:[{"name":"main"}]`))
	inv.Observe(ex("GET", "/api/repos/site/labels", 200, `body:[{"id":4,"name":"bug"}]`))
	inv.Observe(ex("GET", "/api/repos/site/releases", 200, `body:[{"id":1,"name":"latest"}]`))
	inv.Observe(ex("GET", "/api/repos/site/branches/main", 200))
	inv.Observe(ex("GET", "/api/repos/site/labels/bug", 200))
	inv.Observe(ex("GET", "/api/repos/site/releases/latest", 200))
	want := []string{
		"GET /api/repos/site/branches", "GET /api/repos/site/branches/{}", "GET /api/repos/site/labels",
		"GET /api/repos/site/labels/{}", "GET /api/repos/site/releases", "GET /api/repos/site/releases/latest",
	}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// Beside a parameter of identifiers (logins with digits), a non-word login
// with exactly the parameter's sub-resources is one more value; a
// dictionary word with them stays a route.
func TestLiteralShapedLikeTheParameter(t *testing.T) {
	inv := New(Config{})
	for _, o := range []string{"fpatel47", "lsilva27", "msmith80", "okhan54", "rpatel85"} {
		inv.Observe(ex("GET", "/api/orgs/"+o+"/members", 200, `body:[{"id":1}]`))
	}
	for _, o := range []string{"omardoe", "yukismith", "billing"} {
		inv.Observe(ex("GET", "/api/orgs/"+o+"/members", 200, `body:[{"id":1}]`))
	}
	sameSet(t, templates(inv), []string{"GET /api/orgs/{}/members", "GET /api/orgs/billing/members"})
}
