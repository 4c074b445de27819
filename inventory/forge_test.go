package inventory

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/reassembly"
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

// forgeWeb records a forge's API and web UI: owners and repositories the
// API names, a contents API whose paths it names, and the web pages of
// files on branches (/kim/site/src/branch/main/docs/install.md). listEach
// settles the trie in place after every page, as a host past half its
// node cap is settled (or one a release before session 15 stored).
func forgeWeb(inv *Inventory, branches []string, listEach, pageLast bool) {
	xs, pages := forgeWebStream(branches, pageLast)
	for i, x := range xs {
		inv.Observe(x)
		if listEach && pages[i] {
			settleInPlace(inv)
		}
	}
}

// forgeWebStream returns forgeWeb's exchanges, and which are web pages.
func forgeWebStream(branches []string, pageLast bool) ([]*reassembly.Exchange, []bool) {
	files := []string{"README.md", "docs/install.md", "docs/guide/deploy/k8s.md", "src/main.go", "go.mod"}
	repos := []struct{ owner, name string }{{"kim", "site"}, {"kim", "dotfiles"}, {"northwind", "billing"}, {"northwind", "web-shop"}, {"ops-team", "infra"}}
	var xs []*reassembly.Exchange
	var pages []bool
	obs := func(x *reassembly.Exchange) {
		xs = append(xs, x)
		pages = append(pages, false)
	}
	page := func(p string) {
		xs = append(xs, ex("GET", p, 200, "ctype:text/html", "body:<html><head><title>"+p+"</title></head><body>a page of the forge's web UI</body></html>"))
		pages = append(pages, true)
	}
	var bl []byte
	for i, b := range branches {
		if i > 0 {
			bl = append(bl, ',')
		}
		bl = append(bl, `{"name":"`+b+`"}`...)
	}
	for _, r := range repos {
		base := "/api/v1/repos/" + r.owner + "/" + r.name
		obs(ex("GET", "/api/v1/users/"+r.owner, 200, `body:{"id":3,"login":"`+r.owner+`"}`))
		obs(ex("GET", base, 200, `body:{"id":5,"name":"`+r.name+`","default_branch":"main"}`))
		obs(ex("GET", base+"/branches", 200, "body:["+string(bl)+"]"))
		obs(ex("GET", base+"/contents", 200, `body:[{"name":"README.md","path":"README.md","type":"file"},{"name":"docs","path":"docs","type":"dir"}]`))
		if !pageLast {
			page("/" + r.owner + "/" + r.name)
		}
		for i, f := range files {
			if (i+len(r.name))%2 == 0 {
				obs(ex("GET", base+"/contents/"+f, 200, `body:{"name":"x","path":"`+f+`","type":"file"}`))
				page("/" + r.owner + "/" + r.name + "/src/branch/" + branches[i%len(branches)] + "/" + f)
			}
		}
		if pageLast {
			page("/" + r.owner + "/" + r.name)
		}
	}
	for _, b := range branches {
		obs(ex("GET", "/api/v1/repos/kim/site/branches/"+b, 200, `body:{"name":"`+b+`"}`))
	}
	return xs, pages
}

// The files a forge's web UI shows below a repository
// (/{owner}/{repo}/src/branch/{path}) are a path after route words, not a
// tree of files starting at the repository: its name, the words after it
// and a folder named src elsewhere (a contents path src/main.go) stay out
// of the path. Branch names with slashes (feature/login, release/v2) and
// the folders of files on them are more of the path, and so is the one
// branch name when no other was seen (a router's src/branch/*). The same
// when the trie settled in place on every part of the traffic, and whether
// the repository's page came before its files or after.
func TestForgeWebFilesBelowRouteWords(t *testing.T) {
	for _, tc := range []struct {
		branches           []string
		listEach, pageLast bool
		files              string
	}{
		{[]string{"main", "develop"}, false, false, "GET /{}/{}/src/branch/{}"},
		{[]string{"main", "develop", "feature/login"}, false, false, "GET /{}/{}/src/branch/{}"},
		{[]string{"main", "release/v2"}, false, false, "GET /{}/{}/src/branch/{}"},
		{[]string{"main", "develop"}, true, false, "GET /{}/{}/src/branch/{}"},
		{[]string{"main"}, false, false, "GET /{}/{}/src/branch/{}"},
		{[]string{"main"}, true, true, "GET /{}/{}/src/branch/{}"},
		{[]string{"main", "develop", "feature/login"}, true, false, "GET /{}/{}/src/branch/{}"},
		{[]string{"main", "release/v2"}, true, false, "GET /{}/{}/src/branch/{}"},
		{[]string{"main", "develop", "feature/login"}, false, true, "GET /{}/{}/src/branch/{}"},
		{[]string{"main", "develop", "feature/login"}, true, true, "GET /{}/{}/src/branch/{}"},
		{[]string{"main", "release/v2"}, true, true, "GET /{}/{}/src/branch/{}"},
	} {
		inv := New(Config{})
		forgeWeb(inv, tc.branches, tc.listEach, tc.pageLast)
		got := slices.DeleteFunc(templates(inv), func(s string) bool { return strings.HasPrefix(s, "GET /api/") })
		if want := []string{"GET /{}/{}", tc.files}; !slices.Equal(got, want) {
			t.Errorf("branches %q, settled while recording %v, repository page last %v: web templates %q, want %q",
				tc.branches, tc.listEach, tc.pageLast, got, want)
		}
	}
	inv := New(Config{})
	forgeWeb(inv, []string{"main", "develop"}, false, false)
	sameSet(t, templates(inv), []string{
		"GET /api/v1/repos/{}/{}", "GET /api/v1/repos/{}/{}/branches", "GET /api/v1/repos/{}/{}/branches/{}",
		"GET /api/v1/repos/{}/{}/contents", "GET /api/v1/repos/{}/{}/contents/{}", "GET /api/v1/users/{}",
		"GET /{}/{}", "GET /{}/{}/src/branch/{}",
	})
}

// A branch name with a slash is one value below the branches collection,
// whatever word ends it (feature/login: names hold verbs there).
func TestBranchNamesEndingInVerbs(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1/repos/search", 200, `body:{"data":[{"name":"site","owner":{"login":"kim"}},{"name":"dotfiles","owner":{"login":"kim"}},{"name":"billing","owner":{"login":"northwind"}}]}`))
	inv.Observe(ex("GET", "/api/v1/repos/kim/site/branches", 200, `body:[{"name":"main"},{"name":"develop"},{"name":"feature/login"}]`))
	for _, b := range []string{"main", "develop", "feature/login"} {
		inv.Observe(ex("GET", "/api/v1/repos/kim/site/branches/"+b, 200, `body:{"name":"`+b+`"}`))
	}
	for _, r := range []string{"kim/dotfiles", "northwind/billing"} {
		inv.Observe(ex("GET", "/api/v1/repos/"+r+"/branches", 200, `body:[]`))
	}
	sameSet(t, templates(inv), []string{"GET /api/v1/repos/search", "GET /api/v1/repos/{}/{}/branches", "GET /api/v1/repos/{}/{}/branches/{}"})
}

// A repository's address with a suffix (site.git, for git over HTTP) is
// the repository parameter's value too: /{owner}/{repo}/info/refs, not one
// route per repository.
func TestSuffixedValuesJoinTheirParameter(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1/repos/search", 200, `body:{"data":[{"name":"site","owner":{"login":"kim"}},{"name":"dotfiles","owner":{"login":"kim"}},{"name":"billing","owner":{"login":"northwind"}},{"name":"web-shop","owner":{"login":"northwind"}}]}`))
	for _, r := range []string{"kim/site", "kim/dotfiles", "northwind/billing", "northwind/web-shop"} {
		inv.Observe(ex("GET", "/"+r, 200, "ctype:text/html", "body:<html><head><title>"+r+"</title></head><body>a repository's page</body></html>"))
		inv.Observe(ex("GET", "/"+r+"/issues", 200, "ctype:text/html", "body:<html><head><title>"+r+" issues</title></head><body>its issues</body></html>"))
		inv.Observe(ex("GET", "/"+r+".git/info/refs?service=git-upload-pack", 200, "ctype:application/x-git-upload-pack-advertisement", "body:001e# service=git-upload-pack"))
		inv.Observe(ex("POST", "/"+r+".git/git-upload-pack", 200, "ctype:application/x-git-upload-pack-result", "body:0008NAK"))
	}
	sameSet(t, templates(inv), []string{"GET /api/v1/repos/search", "GET /{}/{}", "GET /{}/{}/issues",
		"GET /{}/{}/info/refs", "POST /{}/{}/git-upload-pack"})
}

// Two files, one of them in a folder (README.md, docs/install.md), are a
// file path already: a raw-file API called twice.
func TestTwoFilesAtTwoDepths(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1/repos/search", 200, `body:{"data":[{"name":"site","owner":{"login":"kim"}},{"name":"billing","owner":{"login":"northwind"}}]}`))
	for _, r := range []string{"kim/site", "northwind/billing"} {
		inv.Observe(ex("GET", "/api/v1/repos/"+r, 200, `body:{"id":5}`))
		inv.Observe(ex("GET", "/api/v1/repos/"+r+"/raw/README.md", 200, "ctype:text/plain", "body:# readme"))
		inv.Observe(ex("GET", "/api/v1/repos/"+r+"/raw/docs/install.md", 200, "ctype:text/plain", "body:# install"))
	}
	sameSet(t, templates(inv), []string{"GET /api/v1/repos/search", "GET /api/v1/repos/{}/{}", "GET /api/v1/repos/{}/{}/raw/{}"})
}

// A wiki's pages are named by their relative links ("sub_url": "Home"),
// which is what a client puts into the path: values, not routes.
func TestRelativeLinksNameValues(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1/repos/search", 200, `body:{"data":[{"name":"site","owner":{"login":"kim"}},{"name":"billing","owner":{"login":"northwind"}}]}`))
	for _, r := range []string{"kim/site", "northwind/billing"} {
		b := "/api/v1/repos/" + r + "/wiki"
		inv.Observe(ex("GET", b+"/pages", 200, `body:[{"title":"Home","sub_url":"Home"},{"title":"Getting Started","sub_url":"Getting-Started"},{"title":"FAQ","sub_url":"FAQ"}]`))
		for _, p := range []string{"Home", "Getting-Started", "FAQ"} {
			inv.Observe(ex("GET", b+"/page/"+p, 200, `body:{"title":"x","content_base64":"eA=="}`))
		}
	}
	sameSet(t, templates(inv), []string{"GET /api/v1/repos/search", "GET /api/v1/repos/{}/{}/wiki/page/{}", "GET /api/v1/repos/{}/{}/wiki/pages"})
	for _, c := range []struct {
		k, v string
		want bool
	}{
		{"sub_url", "Home", true}, {"subUrl", "Getting-Started", true}, {"url", "x", true},
		{"html_url", "http://forge.test/kim/site", false}, {"sub_url", "a/b", false}, {"curl", "x", false},
		{"sub_url", "", false}, {"avatarURL", "x", true}, {"hurl", "x", false},
	} {
		if got := relativeURLValue(c.k, c.v); got != c.want {
			t.Errorf("relativeURLValue(%q, %q) = %v", c.k, c.v, got)
		}
	}
}

// The one repository a client called is a value below its owner all the
// same: the data names it, and routes lie below it. A word the data also
// names that leads to a value stays a route
// (/instances/{app}/environment/{environment}).
func TestLoneNamedValueBelowAnItem(t *testing.T) {
	inv := New(Config{})
	obs := func(m, p, body string) { inv.Observe(ex(m, p, 200, "body:"+body)) }
	obs("GET", "/api/v1/user/repos", `[{"id":1,"name":"site","owner":{"login":"kim"}}]`)
	b := "/api/v1/repos/kim/site"
	obs("GET", b, `{"id":1,"name":"site"}`)
	obs("GET", b+"/issues", `[{"number":1}]`)
	obs("GET", b+"/issues/1", `{"number":1}`)
	obs("GET", b+"/issues/2", `{"number":2}`)
	obs("GET", b+"/labels", `[]`)
	obs("GET", "/api/admin/context", `[{"name":"environment"},{"name":"userId"},{"name":"appName"}]`)
	obs("GET", "/api/admin/environments", `{"environments":[{"name":"development"},{"name":"production"}]}`)
	obs("GET", "/api/admin/metrics/applications", `{"applications":[{"appName":"website"},{"appName":"billing"}]}`)
	obs("GET", "/api/admin/metrics/instances/website/environment/development", `{"instances":[]}`)
	obs("GET", "/api/admin/metrics/instances/billing", `{"instances":[]}`)
	sameSet(t, templates(inv), []string{
		"GET /api/admin/context", "GET /api/admin/environments", "GET /api/admin/metrics/applications", "GET /api/admin/metrics/instances/{}",
		"GET /api/admin/metrics/instances/{}/environment/development",
		"GET /api/v1/repos/{}/{}", "GET /api/v1/repos/{}/{}/issues", "GET /api/v1/repos/{}/{}/issues/{}",
		"GET /api/v1/repos/{}/{}/labels", "GET /api/v1/user/repos",
	})
}

// Two names the data gives, the only literals below an item, each with
// routes of its own (other ones: one volume's snapshots and state, the
// other's backups and snapshots), are values as one such name alone is.
func TestNamedValuesBelowAnItem(t *testing.T) {
	inv := New(Config{})
	obs := func(m, p, body string) { inv.Observe(ex(m, p, 200, "body:"+body)) }
	obs("GET", "/api/v1/owners", `[{"login":"kim"},{"login":"ana"},{"login":"raj"}]`)
	obs("GET", "/api/v1/volumes", `[{"name":"mysql_data"},{"name":"vm_storage"}]`)
	for _, o := range []string{"kim", "ana", "raj"} {
		obs("GET", "/api/v1/owners/"+o, `{"login":"x"}`)
	}
	b := "/api/v1/owners/kim/"
	obs("GET", b+"mysql_data/snapshots", `[]`)
	obs("GET", b+"mysql_data/state", `{"size":1}`)
	obs("GET", b+"vm_storage/backups", `[]`)
	obs("POST", b+"vm_storage/snapshots", `{"ok":true}`)
	sameSet(t, templates(inv), []string{
		"GET /api/v1/owners", "GET /api/v1/owners/{}", "GET /api/v1/volumes",
		"GET /api/v1/owners/{}/{}/snapshots", "GET /api/v1/owners/{}/{}/state", "GET /api/v1/owners/{}/{}/backups",
		"POST /api/v1/owners/{}/{}/snapshots",
	})
}

// Where the branch follows the route word directly (/{repo}/src/master/...)
// and its root page is called too (/{repo}/src/master), branch and file
// are one path below the word (a router's src/*), whichever was settled
// first: the branch names collapsed into a parameter before the files
// were seen, or not.
func TestBranchRootAndFilesAreOnePath(t *testing.T) {
	for _, listEach := range []bool{false, true} {
		for _, root := range []bool{false, true} {
			inv := New(Config{})
			page := func(p string) {
				inv.Observe(ex("GET", p, 200, "ctype:text/html", "body:<html><head><title>"+p+"</title></head><body>a page of the forge's web UI</body></html>"))
				if listEach {
					settleInPlace(inv)
				}
			}
			inv.Observe(ex("GET", "/api/v1/repos/search", 200, `body:{"data":[{"name":"site","owner":{"login":"kim"}},{"name":"dotfiles","owner":{"login":"kim"}},{"name":"billing","owner":{"login":"northwind"}}]}`))
			for _, r := range []string{"kim/site", "kim/dotfiles", "northwind/billing"} {
				inv.Observe(ex("GET", "/api/v1/repos/"+r+"/branches", 200, `body:[{"name":"master"}]`))
				inv.Observe(ex("GET", "/api/v1/repos/"+r+"/contents", 200, `body:[{"name":"README.md","path":"README.md"},{"name":"docs","path":"docs"}]`))
				page("/" + r)
				if root {
					page("/" + r + "/src/master")
				}
				page("/" + r + "/src/master/README.md")
				page("/" + r + "/src/master/docs/install.md")
				page("/" + r + "/src/master/docs/guide/" + strings.ReplaceAll(r, "/", "-") + ".md")
			}
			got := slices.DeleteFunc(templates(inv), func(s string) bool { return strings.HasPrefix(s, "GET /api/") })
			if want := []string{"GET /{}/{}", "GET /{}/{}/src/{}"}; !slices.Equal(got, want) {
				t.Errorf("listed while recording %v, branch root page %v: web templates %q, want %q", listEach, root, got, want)
			}
		}
	}
}

// A collection whose members' names start with its own word (/git/refs
// lists refs/heads/main and refs/tags/v1.0) keeps its route: the path
// parameter lies below it. Topics a repository lists ("topics": ["go",
// "cli"]) are values below /topics.
func TestRefsBelowTheirListingAndTopics(t *testing.T) {
	inv := New(Config{})
	obs := func(m, p, body string) { inv.Observe(ex(m, p, 200, "body:"+body)) }
	obs("GET", "/api/v1/repos/search", `{"data":[{"name":"site","owner":{"login":"kim"}},{"name":"billing","owner":{"login":"northwind"}}]}`)
	obs("GET", "/api/v1/repos/kim/site/git/refs", `[{"ref":"refs/heads/main"},{"ref":"refs/tags/v1.0"}]`)
	obs("GET", "/api/v1/repos/kim/site/git/refs/heads/main", `[{"ref":"refs/heads/main"}]`)
	obs("GET", "/api/v1/repos/northwind/billing/git/refs/tags/v1.0", `[{"ref":"refs/tags/v1.0"}]`)
	obs("GET", "/api/v1/repos/kim/site/topics", `{"topics":["go","cli"]}`)
	obs("PUT", "/api/v1/repos/kim/site/topics/go", ``)
	obs("DELETE", "/api/v1/repos/kim/site/topics/cli", ``)
	sameSet(t, templates(inv), []string{"GET /api/v1/repos/search", "GET /api/v1/repos/{}/{}/git/refs", "GET /api/v1/repos/{}/{}/git/refs/{}",
		"GET /api/v1/repos/{}/{}/topics", "PUT /api/v1/repos/{}/{}/topics/{}", "DELETE /api/v1/repos/{}/{}/topics/{}"})
}

// A collection's search route beside the one member called leaves the
// member alone among the collection's values: /repos/{owner} all the
// same.
func TestLoneMemberBesideASearchRoute(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/v1/repos/search", 200, `body:{"data":[{"name":"site","owner":{"login":"kim"}}]}`))
	inv.Observe(ex("GET", "/api/v1/repos/kim/site/releases", 200, `body:[{"id":1,"tag_name":"v1.0.0"}]`))
	inv.Observe(ex("GET", "/api/v1/repos/kim/site/releases/1", 200, `body:{"id":1,"tag_name":"v1.0.0"}`))
	sameSet(t, templates(inv), []string{"GET /api/v1/repos/search", "GET /api/v1/repos/{}/{}/releases", "GET /api/v1/repos/{}/{}/releases/{}"})
}

// The forge's traffic in any order gives the same templates (reassembly
// shards interleave exchanges differently on every run).
func TestForgeWebOrderIndependence(t *testing.T) {
	for _, br := range [][]string{{"main", "develop"}, {"main", "develop", "feature/login"}, {"main"}, {"main", "release/v2"}} {
		xs, _ := forgeWebStream(br, false)
		var first string
		for i := 0; i < 8; i++ {
			order := append([]*reassembly.Exchange(nil), xs...)
			r := rand.New(rand.NewPCG(uint64(i), 9))
			r.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
			inv := New(Config{})
			for _, x := range order {
				inv.Observe(x)
			}
			got := strings.Join(templates(inv), "\n")
			if i == 0 {
				first = got
				if !strings.Contains(got, "GET /{}/{}/src/branch/{}\n") && !strings.HasSuffix(got, "GET /{}/{}/src/branch/{}") {
					t.Errorf("branches %v: no file path below the route words:\n%s", br, got)
				}
				continue
			}
			if got != first {
				t.Errorf("branches %v, order %d:\n%s\nfirst order:\n%s", br, i, got, first)
			}
		}
	}
}

// One file the host named, seen once below a branch
// (/{owner}/{repo}/raw/branch/main/go.mod), is a path below the route
// words already; a file name the data never gave after a value is a route
// (/u/{user}/rss.xml, TestOneFileNameInEveryDirectory).
func TestOneNamedFileBelowAValue(t *testing.T) {
	for _, also := range []bool{false, true} { // (the branch's commits page called too, or not)
		inv := New(Config{})
		inv.Observe(ex("GET", "/api/v1/repos/search", 200, `body:{"data":[{"name":"site","owner":{"login":"kim"}},{"name":"billing","owner":{"login":"northwind"}}]}`))
		for _, r := range []string{"kim/site", "northwind/billing"} {
			inv.Observe(ex("GET", "/api/v1/repos/"+r+"/branches", 200, `body:[{"name":"main"}]`))
			inv.Observe(ex("GET", "/api/v1/repos/"+r+"/contents", 200, `body:[{"name":"go.mod","path":"go.mod"},{"name":"README.md","path":"README.md"}]`))
			inv.Observe(ex("GET", "/"+r, 200, "ctype:text/html", "body:<html><head><title>"+r+"</title></head><body>a repository's page</body></html>"))
			if also {
				inv.Observe(ex("GET", "/"+r+"/commits/branch/main", 200, "ctype:text/html", "body:<html><head><title>commits</title></head><body>its commits</body></html>"))
			}
		}
		inv.Observe(ex("GET", "/kim/site/raw/branch/main/go.mod", 200, "ctype:text/plain", "body:module x"))
		got := slices.DeleteFunc(templates(inv), func(s string) bool { return strings.HasPrefix(s, "GET /api/") || strings.Contains(s, "/commits/") })
		if want := []string{"GET /{}/{}", "GET /{}/{}/raw/branch/{}"}; !slices.Equal(got, want) {
			t.Errorf("branch also called elsewhere %v: web templates %q, want %q", also, got, want)
		}
	}
}
