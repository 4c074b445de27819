package inventory

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
)

type req struct {
	method, path string
	status       int
}

func reqs(method string, status int, paths ...string) []req {
	out := make([]req, len(paths))
	for i, p := range paths {
		out[i] = req{method, p, status}
	}
	return out
}

func many(method string, status, n int, f func(i int) string) []req {
	out := make([]req, n)
	for i := range out {
		out[i] = req{method, f(i), status}
	}
	return out
}

func TestTemplating(t *testing.T) {
	r := newRand(3)
	tests := []struct {
		name  string
		reqs  []req
		want  []string
		hints []Hint
	}{
		{
			name: "ids_become_params",
			reqs: slices.Concat(reqs("GET", 200, "/users/1", "/users/2", "/users/3"), reqs("GET", 200, "/orders/e24e0ba2-9fa1-4dc5-a472-ba9149ac4038")),
			want: []string{"GET /users/{}", "GET /orders/{}"},
		},
		{
			name: "constants_beat_params",
			reqs: slices.Concat(reqs("GET", 200, "/users/1", "/users/me", "/users/2", "/users/search"), reqs("GET", 200, "/users/me")),
			want: []string{"GET /users/{}", "GET /users/me", "GET /users/search"},
		},
		{
			name: "static_next_to_employee_ids",
			reqs: slices.Concat(many("GET", 200, 50, func(i int) string { return fmt.Sprintf("/employees/E%06d", 100000+i*7) }),
				reqs("GET", 200, "/employees/export", "/employees/me", "/employees/search", "/employees")),
			want: []string{"GET /employees", "GET /employees/{}", "GET /employees/export", "GET /employees/me", "GET /employees/search"},
		},
		{
			name: "scanner_404s_never_make_templates",
			reqs: slices.Concat(reqs("GET", 404, "/api/.env", "/api/wp-login.php", "/api/config.json", "/api/swagger.json",
				"/api/graphql", "/api/admin", "/api/backup", "/api/test", "/api/debug", "/api/old", "/api/v1", "/api/staging"),
				reqs("GET", 200, "/api/jobs", "/api/jobs")),
			want: []string{"GET /api/jobs"},
		},
		{
			name: "scanner_probe_with_401_is_noise",
			reqs: slices.Concat(reqs("GET", 401, "/.env", "/.git/HEAD", "/wp-admin/install.php", "/phpmyadmin/index.php"),
				reqs("GET", 401, "/api/private")),
			want: []string{"GET /api/private"},
		},
		{
			name: "slugs_collapse_on_evidence",
			reqs: slices.Concat(many("GET", 200, 12, func(int) string { return "/jobs/" + genSlug(r) }), reqs("GET", 200, "/jobs")),
			want: []string{"GET /jobs", "GET /jobs/{}"},
		},
		{
			name: "few_slugs_stay_literal",
			reqs: reqs("GET", 200, "/jobs/senior-backend-engineer", "/jobs/junior-legal-counsel"),
			want: []string{"GET /jobs/senior-backend-engineer", "GET /jobs/junior-legal-counsel"},
		},
		{
			name: "logins_collapse",
			reqs: reqs("POST", 200, "/admin/impersonate/anna.jansen", "/admin/impersonate/piet.devries", "/admin/impersonate/sanne.bakker"),
			want: []string{"POST /admin/impersonate/{}"},
		},
		{
			name: "country_codes_with_years",
			reqs: many("GET", 200, 30, func(i int) string {
				return fmt.Sprintf("/holidays/%s/%d", []string{"NL", "DE", "BE", "FR", "GB", "ES"}[i%6], 2020+i%5)
			}),
			want: []string{"GET /holidays/{}/{}"},
		},
		{
			name: "versions_never_collapse",
			reqs: slices.Concat(many("GET", 200, 30, func(i int) string { return fmt.Sprintf("/v%d/users", 1+i%6) })),
			want: []string{"GET /v1/users", "GET /v2/users", "GET /v3/users", "GET /v4/users", "GET /v5/users", "GET /v6/users"},
		},
		{
			name: "twelve_resources_stay_distinct",
			reqs: many("GET", 200, 12*30, func(i int) string {
				return "/api/" + []string{"users", "orders", "products", "invoices", "customers", "payments",
					"shipments", "refunds", "coupons", "reviews", "carts", "stores"}[i%12]
			}),
			want: []string{"GET /api/users", "GET /api/orders", "GET /api/products", "GET /api/invoices", "GET /api/customers",
				"GET /api/payments", "GET /api/shipments", "GET /api/refunds", "GET /api/coupons", "GET /api/reviews",
				"GET /api/carts", "GET /api/stores"},
		},
		{
			name: "hyphenated_resources_with_traffic_stay_distinct",
			reqs: many("GET", 200, 6*20, func(i int) string {
				return "/api/" + []string{"leave-requests", "time-sheets", "bank-accounts", "pay-runs", "cost-centres", "job-titles"}[i%6]
			}),
			want: []string{"GET /api/leave-requests", "GET /api/time-sheets", "GET /api/bank-accounts", "GET /api/pay-runs",
				"GET /api/cost-centres", "GET /api/job-titles"},
		},
		{
			name: "trailing_slash_and_double_slash_merge",
			reqs: reqs("GET", 200, "/a/b/", "//a//b", "/a/b;v=1"),
			want: []string{"GET /a/b"},
		},
		{
			name: "405_on_other_method_is_noise",
			reqs: slices.Concat(reqs("POST", 201, "/jobs/1/applications"), reqs("PUT", 405, "/jobs/2/applications")),
			want: []string{"POST /jobs/{}/applications"},
		},
		{
			name: "404_first_then_endpoint",
			reqs: slices.Concat(reqs("GET", 404, "/items/99"), reqs("GET", 200, "/items/1")),
			want: []string{"GET /items/{}"},
		},
		{
			name: "no_response_alone_is_not_an_endpoint",
			reqs: slices.Concat(reqs("GET", 0, "/lonely"), reqs("GET", 0, "/items/5"), reqs("GET", 200, "/items/1")),
			want: []string{"GET /items/{}"},
		},
		{
			name: "dead_path_404s",
			reqs: slices.Concat(many("GET", 404, 8, func(int) string { return "/hr/api/notifications" }), reqs("GET", 200, "/hr/api/jobs")),
			want: []string{"GET /hr/api/jobs"},
		},
		{
			name:  "hint_forces_param",
			reqs:  reqs("GET", 200, "/api/v1/files/report", "/api/v1/files/summary", "/api/v1/files/readme"),
			want:  []string{"GET /api/v1/files/{}"},
			hints: []Hint{{Prefix: "/api/v1/files", Param: "fileName"}},
		},
		{
			name:  "hint_keeps_literal",
			reqs:  reqs("GET", 200, "/api/2/issue", "/api/3/issue", "/rel/123", "/rel/456"),
			want:  []string{"GET /api/2/issue", "GET /api/3/issue", "GET /rel/123", "GET /rel/456"},
			hints: []Hint{{Prefix: "/rel", Literal: true}},
		},
		{
			name:  "hint_with_param_prefix",
			reqs:  reqs("GET", 200, "/t/acme/docs/intro", "/t/globex/docs/setup"),
			want:  []string{"GET /t/acme/docs/{}", "GET /t/globex/docs/{}"},
			hints: []Hint{{Prefix: "/t/*/docs", Param: "doc"}},
		},
		{
			name: "encoded_slash_is_one_segment",
			reqs: reqs("GET", 200, "/files/a%2Fb/meta"),
			want: []string{"GET /files/{}/meta"},
		},
		{
			name: "dates_and_weeks",
			reqs: reqs("GET", 200, "/reports/2024-01-02", "/reports/2024-01-03", "/timesheets/2024-W07", "/stats/2024-11"),
			want: []string{"GET /reports/{}", "GET /timesheets/{}", "GET /stats/{}"},
		},
		{
			name: "store_codes_letters_and_digits",
			reqs: many("GET", 200, 9, func(i int) string {
				return "/api/v2/stores/" + []string{"ATL02", "ATL20", "CHI27", "DEN19", "DEN23", "MIA19", "NYC16", "NYC22", "SFO21"}[i]
			}),
			want: []string{"GET /api/v2/stores/{}"},
		},
		{
			name: "usernames_collapse_me_stays",
			reqs: slices.Concat(reqs("GET", 200, "/api/v3/users/anna.jansen"), many("GET", 200, 12, func(i int) string {
				return "/api/v3/users/" + []string{"asilva", "cjansen", "edoe", "esilva", "fsmith", "lhaddad",
					"ljansen", "lpetrov", "mrossi", "nsilva", "nsmith", "pbecker"}[i]
			}), many("GET", 200, 6, func(i int) string {
				return "/api/v3/users/" + []string{"edoe", "esilva", "fsmith", "ymartin", "ypatel", "pkhan"}[i] + "/orders"
			}), reqs("GET", 200, "/api/v3/users/me", "/api/v3/users/me", "/api/v3/users/maria.silva")),
			want: []string{"GET /api/v3/users/{}", "GET /api/v3/users/{}/orders", "GET /api/v3/users/me"},
		},
		{
			name: "collection_members_collapse",
			reqs: slices.Concat(reqs("GET", 200, "/notes-api/v1/tags/travel", "/notes-api/v1/tags/ideas", "/notes-api/v1/tags/work",
				"/notes-api/v1/tags/personal", "/notes-api/v1/tags"), reqs("DELETE", 204, "/notes-api/v1/tags/travel")),
			want: []string{"GET /notes-api/v1/tags", "GET /notes-api/v1/tags/{}", "DELETE /notes-api/v1/tags/{}"},
		},
		{
			name: "views_next_to_slugs_stay",
			reqs: slices.Concat(many("GET", 200, 30, func(int) string { return "/products/" + genSlug(r) }),
				many("GET", 200, 12, func(i int) string { return "/products/" + []string{"featured", "new", "clearance"}[i%3] })),
			want: []string{"GET /products/{}", "GET /products/featured", "GET /products/new", "GET /products/clearance"},
		},
		{
			name: "short_base62_driver_ids",
			reqs: many("GET", 200, 40, func(i int) string {
				ids := []string{"JWBc228", "LB76e4G", "i6nF62vV", "iEW21Je", "n28KVADh", "CUTQG4", "GObIBU8", "GXByBq9",
					"7OxGIL", "9hGMoT", "Hkty7X", "MdG0NA", "ssZe1L", "Qp3zXr", "t9KwLm2"}
				return "/fleet/v1/drivers/" + ids[i%len(ids)]
			}),
			want: []string{"GET /fleet/v1/drivers/{}"},
		},
		{
			// fixed-length base62 ids, one of which happens to have no
			// digit; a camelCase word of that length stays a route
			name: "fixed_length_ids_one_without_digit",
			reqs: slices.Concat(many("GET", 200, 12, func(i int) string {
				ids := []string{"P4nKq8ZrTb2LmXwA", "r7YtQe1VxNc9GhJs", "Wm3aZk6PdLq0FyBn", "h2XvRt9MsKe5JqLp", "Bd8NwQ1zYc4TgVmR", "k5LpHs7XaZ0qWnEr"}
				return "/rest/workflows/" + ids[i%len(ids)]
			}), reqs("GET", 200, "/rest/workflows/iQpLiDMoBozjeJHX", "/rest/workflows/getStatusSummary")),
			want: []string{"GET /rest/workflows/{}", "GET /rest/workflows/getStatusSummary"},
		},
		{
			name: "root_and_metrics",
			reqs: reqs("GET", 200, "/", "/metrics"),
			want: []string{"GET /", "GET /metrics"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Hints = tt.hints
			inv := New(cfg)
			for _, q := range tt.reqs {
				var opts []string
				if q.status == 405 {
					opts = append(opts, "allow:POST") // a router's 405 names the path's methods
				}
				inv.Observe(ex(q.method, q.path, q.status, opts...))
			}
			sameSet(t, templates(inv), tt.want)
		})
	}
}

func TestParamNames(t *testing.T) {
	inv := New(DefaultConfig())
	for _, p := range []string{"/users/1", "/categories/7/items/9", "/employees/E104233/payslips/01HQ3V8Z6M2K7X4N9P5R1T3W8Y",
		"/holidays/NL/2024", "/holidays/DE/2025", "/holidays/BE/2024", "/holidays/FR/2023", "/holidays/GB/2024", "/holidays/ES/2022", "/leave-requests/e24e0ba2-9fa1-4dc5-a472-ba9149ac4038",
		"/a/1/2/3", "/people/5", "/statuses/3", "/addresses/4", "/api/1.2.15/e24e0ba2-9fa1-4dc5-a472-ba9149ac4038"} {
		inv.Observe(ex("GET", p, 200))
	}
	var got []string
	for _, e := range inv.Endpoints() {
		got = append(got, e.Path)
	}
	want := []string{"/a/{aId}/{aSubId}/{aSubSubId}", "/addresses/{addressId}", "/api/1.2.15/{id}", "/categories/{categoryId}/items/{itemId}",
		"/employees/{employeeId}/payslips/{payslipId}", "/holidays/{holidayId}/{year}", "/leave-requests/{leaveRequestId}",
		"/people/{personId}", "/statuses/{statusId}", "/users/{userId}"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("paths:\n got %q\nwant %q", got, want)
	}
	for _, e := range inv.Endpoints() {
		seen := map[string]bool{}
		for _, p := range e.PathParams {
			if seen[p.Name] {
				t.Errorf("%s: duplicate parameter name %q", e.Path, p.Name)
			}
			seen[p.Name] = true
		}
		if e.Path == "/employees/{employeeId}/payslips/{payslipId}" {
			if len(e.PathParams) != 2 || e.PathParams[0].Type != "id" || e.PathParams[1].Type != "ulid" {
				t.Errorf("param types: %+v", e.PathParams)
			}
		}
	}
}

// Retroactive collapse: everything observed before the collapse moves
// under the template, counts and statuses merged.
func TestRetroactiveCollapse(t *testing.T) {
	inv := New(DefaultConfig())
	total := 0
	for i := 0; i < 10; i++ {
		st := 200
		if i == 3 {
			st = 500
		}
		inv.Observe(ex("GET", "/jobs/"+[]string{"alpha-beta-gamma", "delta-epsilon-zeta", "eta-theta-iota",
			"kappa-lambda-mu", "nu-xi-omicron", "pi-rho-sigma", "tau-upsilon-phi", "chi-psi-omega",
			"one-two-three", "four-five-six"}[i], st, "auth:cookie"))
		total++
	}
	inv.Observe(ex("GET", "/jobs/seven-eight-nine", 404)) // after the collapse: a hit
	total++
	eps := inv.Endpoints()
	if len(eps) != 1 || canon(eps[0].Path) != "/jobs/{}" {
		t.Fatalf("endpoints: %v", templates(inv))
	}
	e := eps[0]
	if e.Hits != uint64(total) || e.Statuses["200"] != 9 || e.Statuses["500"] != 1 || e.Statuses["404"] != 1 {
		t.Errorf("hits %d statuses %v", e.Hits, e.Statuses)
	}
	if e.UnauthenticatedHits != 1 || e.AuthKinds["session_cookie"] != 10 || e.Authenticated {
		t.Errorf("auth: unauth %d kinds %v authenticated %v", e.UnauthenticatedHits, e.AuthKinds, e.Authenticated)
	}
	if len(e.Examples) != 5 {
		t.Errorf("examples: %q", e.Examples)
	}
	if st := inv.Stats(); st.Collapses != 1 {
		t.Errorf("collapses = %d", st.Collapses)
	}
}

// Property: 10k random ids of each kind give one endpoint.
func TestNoTemplateExplosion(t *testing.T) {
	r := newRand(11)
	gens := map[string]func() string{
		"int":      func() string { return strconv.Itoa(r.IntN(1 << 40)) },
		"uuid":     func() string { return genUUID(r) },
		"ulid":     func() string { return genULID(r) },
		"token":    func() string { return genToken(r, 20+r.IntN(40)) },
		"hex":      func() string { return genHex(r, 8+r.IntN(32)) },
		"objectid": func() string { return genHex(r, 24) },
		"email":    func() string { return genLogin(r) + strconv.Itoa(r.IntN(1000)) + "@example.com" },
		"date":     func() string { return fmt.Sprintf("20%02d-%02d-%02d", r.IntN(30), 1+r.IntN(12), 1+r.IntN(28)) },
		"mixed":    func() string { return fmt.Sprintf("ENG-%04d", r.IntN(10000)) },
		"slug":     func() string { return genSlug(r) },
		"login":    func() string { return genLogin(r) + strconv.Itoa(r.IntN(100)) },
		"word":     func() string { return randWord(r) },
		"code":     func() string { return string([]byte{byte('A' + r.IntN(26)), byte('A' + r.IntN(26))}) },
	}
	for name, gen := range gens {
		t.Run(name, func(t *testing.T) {
			inv := New(DefaultConfig())
			for i := 0; i < 10000; i++ {
				inv.Observe(ex("GET", "/api/things/"+gen()+"/detail", 200))
			}
			if got := templates(inv); len(got) != 1 || got[0] != "GET /api/things/{}/detail" {
				if len(got) > 5 {
					got = got[:5]
				}
				t.Errorf("%d endpoints, first: %q", len(inv.Endpoints()), got)
			}
			if e := inv.Endpoints()[0]; e.Hits != 10000 {
				t.Errorf("hits = %d", e.Hits)
			}
		})
	}
}

func randWord(r interface{ IntN(int) int }) string {
	const letters = "abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 4+r.IntN(8))
	for i := range b {
		b[i] = letters[r.IntN(26)]
	}
	return string(b)
}

// Property: caps hold under adversarial random paths.
func TestCapsHold(t *testing.T) {
	r := newRand(5)
	cfg := DefaultConfig()
	cfg.MaxNodesPerHost = 2000
	cfg.MaxEndpointsPerHost = 500
	cfg.MaxChildrenPerNode = 50
	cfg.MaxNoisePerHost = 100
	cfg.MaxHosts = 4
	inv := New(cfg)
	for i := 0; i < 50000; i++ {
		depth := 1 + r.IntN(8)
		var b strings.Builder
		for d := 0; d < depth; d++ {
			b.WriteByte('/')
			switch r.IntN(4) {
			case 0:
				b.WriteString(randWord(r))
			case 1:
				b.WriteString(genSlug(r))
			case 2:
				b.WriteString(string([]byte{byte('a' + r.IntN(26))}))
			default:
				b.WriteString([]string{"api", "v1", "users", "x"}[r.IntN(4)])
			}
		}
		st := []int{200, 404, 0, 403, 500}[r.IntN(5)]
		methods := []string{"GET", "POST", "PUT", "DELETE", "PATCH", "X-" + randWord(r)}
		x := ex(methods[r.IntN(len(methods))], b.String(), st, "host:h"+strconv.Itoa(r.IntN(8)))
		inv.Observe(x)
	}
	st := inv.Stats()
	real := 0
	for _, h := range inv.hosts {
		if h.real {
			real++
		}
	}
	if real > cfg.MaxHosts || len(inv.hosts)-real > cfg.MaxHosts || real != inv.realHosts || len(inv.hosts)-real != inv.noiseHosts {
		t.Errorf("hosts %d (real %d, tracked %d/%d) over the caps %d", len(inv.hosts), real, inv.realHosts, inv.noiseHosts, cfg.MaxHosts)
	}
	for name, h := range inv.hosts {
		nodes, eps := h.root.countSubtree()
		if nodes > cfg.MaxNodesPerHost+1 || nodes != h.nodes {
			t.Errorf("%s: nodes %d (tracked %d), cap %d", name, nodes, h.nodes, cfg.MaxNodesPerHost)
		}
		if eps > cfg.MaxEndpointsPerHost || eps != h.endpoints {
			t.Errorf("%s: endpoints %d (tracked %d), cap %d", name, eps, h.endpoints, cfg.MaxEndpointsPerHost)
		}
		if len(h.noise) > cfg.MaxNoisePerHost {
			t.Errorf("%s: noise %d", name, len(h.noise))
		}
		var check func(n *node)
		check = func(n *node) {
			if len(n.lit) > cfg.MaxChildrenPerNode {
				t.Errorf("%s: node with %d literal children", name, len(n.lit))
			}
			for _, c := range n.lit {
				check(c)
			}
			if n.param != nil {
				check(n.param)
			}
		}
		check(h.root)
	}
	if st.HostOverflow == 0 || st.NoiseOverflow == 0 || st.EndpointOverflow+st.NodeOverflow+st.ChildOverflow == 0 {
		t.Errorf("overflows not counted: %+v", st)
	}
	t.Logf("stats: %+v", st)
}

func TestParseHints(t *testing.T) {
	yamlDoc := `hints:
  - prefix: /api/v1/files
    param: fileName
  - host: API.example.com:80
    prefix: /api/v1/releases
    literal: true
`
	hs, err := ParseHints(strings.NewReader(yamlDoc))
	if err != nil {
		t.Fatal(err)
	}
	if len(hs) != 2 || hs[0].Param != "fileName" || hs[1].Host != "api.example.com" || !hs[1].Literal {
		t.Errorf("yaml hints: %+v", hs)
	}
	js, err := ParseHints(strings.NewReader(`[{"prefix":"/a/{x}/b","param":"bId"}]`))
	if err != nil || len(js) != 1 || js[0].Prefix != "/a/{x}/b" {
		t.Errorf("json hints: %+v %v", js, err)
	}
	for _, bad := range []string{
		`hints: [{prefix: "no-slash", param: x}]`,
		`hints: [{prefix: "/a"}]`,
		`hints: [{prefix: "/a", param: x, literal: true}]`,
		`hints: [{prefix: "/a", param: "x y"}]`,
		`{{{`,
	} {
		if _, err := ParseHints(strings.NewReader(bad)); err == nil {
			t.Errorf("ParseHints(%q) accepted", bad)
		}
	}
	// a parsed hint drives templating
	cfg := DefaultConfig()
	cfg.Hints = hs
	inv := New(cfg)
	for _, p := range []string{"/api/v1/files/report", "/api/v1/files/summary"} {
		inv.Observe(ex("GET", p, 200))
	}
	if got := inv.Endpoints(); len(got) != 1 || got[0].Path != "/api/v1/files/{fileName}" {
		t.Errorf("endpoints: %v", templates(inv))
	}
}

// Resource names outside the vocabulary, seen round-robin from the start
// of a capture (one hit each when the check runs), stay distinct when their
// responses differ.
func TestUnknownResourceNamesWithDifferentShapes(t *testing.T) {
	names := []string{"gadgets", "sprockets", "widgetz", "doohickeys", "gizmos", "thingamajigs", "whatsits", "flanges"}
	inv := New(DefaultConfig())
	for i := 0; i < 10*len(names); i++ {
		n := names[i%len(names)]
		inv.Observe(ex("GET", "/api/"+n, 200, `body:{"`+n+`_count":1,"`+n+`":[]}`))
	}
	var want []string
	for _, n := range names {
		want = append(want, "GET /api/"+n)
	}
	sameSet(t, templates(inv), want)
}

// Nested value positions: owners collapse, then repositories below the
// owner parameter (hit once per owner each), and literal siblings with the
// same sub-structure join the parameter.
func TestNestedValuePositions(t *testing.T) {
	r := newRand(1)
	inv := New(DefaultConfig())
	owners := []string{"torvalds", "golang", "kubernetes", "facebook", "google", "microsoft", "apple", "mozilla", "hashicorp", "grafana", "prometheus"}
	repos := []string{"linux", "go", "kubernetes", "rust", "react", "guava", "vscode", "swift", "gecko-dev", "terraform", "grafana", "prometheus", "tools", "website", "docs"}
	for i := 0; i < 400; i++ {
		o, rp := owners[r.IntN(len(owners))], repos[r.IntN(len(repos))]
		switch r.IntN(4) {
		case 0:
			inv.Observe(ex("GET", "/repos/"+o+"/"+rp, 200))
		case 1:
			inv.Observe(ex("GET", fmt.Sprintf("/repos/%s/%s/issues/%d", o, rp, r.IntN(5000)), 200))
		case 2:
			inv.Observe(ex("GET", "/repos/"+o+"/"+rp+"/pulls", 200))
		case 3:
			inv.Observe(ex("GET", "/users/"+o, 200))
		}
	}
	inv.Observe(ex("GET", "/user", 200))
	inv.Observe(ex("GET", "/users/search", 200))
	sameSet(t, templates(inv), []string{"GET /repos/{}/{}", "GET /repos/{}/{}/issues/{}", "GET /repos/{}/{}/pulls",
		"GET /user", "GET /users/{}", "GET /users/search"})
}

func TestPatternFixedLengthCapitals(t *testing.T) {
	inv := New(DefaultConfig())
	vins := []string{"1HGCM82633A004352", "JH4KA7561PC008269", "WVWZZZ1JZXW000001", "5YJ3E1EA7KF317000", "2T1BURHE0JC074123", "WJHEHFJAXUWKPAYVX"}
	for _, v := range vins {
		inv.Observe(ex("GET", "/vehicles/"+v, 200))
	}
	inv.Observe(ex("GET", "/vehicles/SETTINGSXYZAB", 200)) // not 17 long: stays literal
	sameSet(t, templates(inv), []string{"GET /vehicles/{}", "GET /vehicles/SETTINGSXYZAB"})
}

// Upper-case codes are values at once, even with two distinct values; the
// first segment (a namespace) and long capitals stay literal.
func TestUpperCodesAreValues(t *testing.T) {
	inv := New(DefaultConfig())
	for _, p := range []string{"/api/v1/balances/USDT", "/api/v1/balances/BTC", "/api/v1/admin/markets/DOGE-USD/halt",
		"/api/v1/admin/markets/DOT-USDT/halt", "/holidays/NL/2024", "/holidays/DE/2025", "/SAP/odata/ZSERVICE_SRV",
		"/api/v1/status/OK", "/api/v2/SMS/send", "/api/OTP/verify"} {
		inv.Observe(ex("GET", p, 200))
	}
	sameSet(t, templates(inv), []string{"GET /api/v1/balances/{}", "GET /api/v1/admin/markets/{}/halt",
		"GET /holidays/{}/{}", "GET /SAP/odata/ZSERVICE_SRV", "GET /api/v1/status/{}",
		"GET /api/v2/SMS/send", "GET /api/OTP/verify"})
}

// Generated ids with one prefix and one length are values even when no
// method is shared by most of them (one is read, another deleted); names
// sharing a prefix, words and ids outside a collection stay literal.
func TestPrefixedIDs(t *testing.T) {
	r := newRand(7)
	rnd := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('a' + r.IntN(26))
		}
		return string(b)
	}
	inv := New(DefaultConfig())
	for i := 0; i < 4; i++ {
		inv.Observe(ex("GET", "/api/v1/orders/ord_"+rnd(12), 200))
		inv.Observe(ex("DELETE", "/api/v1/orders/ord_"+rnd(12), 204))
	}
	for _, p := range []string{"/api/v1/user_settings", "/api/v1/user_profiles", "/api/v1/user_accounts",
		"/api/v1/config/job_abcdefghij", "/api/v1/config/job_klmnopqrst", "/api/v1/config/job_uvwxyzabcd"} {
		inv.Observe(ex("GET", p, 200))
	}
	sameSet(t, templates(inv), []string{"GET /api/v1/orders/{}", "DELETE /api/v1/orders/{}",
		"GET /api/v1/user_settings", "GET /api/v1/user_profiles", "GET /api/v1/user_accounts",
		"GET /api/v1/config/job_abcdefghij", "GET /api/v1/config/job_klmnopqrst", "GET /api/v1/config/job_uvwxyzabcd"})
}

func TestSplitPrefixedID(t *testing.T) {
	for _, c := range []struct {
		key, prefix string
		ok          bool
	}{
		{"ord_cyfttlgimyol", "ord_", true},
		{"cus_NffrFeUfNV2Hib", "cus_", true},
		{"inv-AB12CD34", "inv-", true},
		{"user_settings", "", false},    // a word
		{"ord_abc", "", false},          // too short
		{"ord_abc-defghijk", "", false}, // two separators
		{"verylongprefix_abcdefghij", "", false},
		{"_abcdefghij", "", false},
	} {
		p, _, ok := splitPrefixedID(c.key)
		if ok != c.ok || p != c.prefix {
			t.Errorf("splitPrefixedID(%q) = %q, %v; want %q, %v", c.key, p, ok, c.prefix, c.ok)
		}
	}
}

// Non-word siblings of mixed classes (names and slugs) below a collection
// with the same sub-structure are values; dictionary words with the same
// sub-structure (resources with a count view) are not, nor are siblings
// outside a collection.
func TestSameShapeValues(t *testing.T) {
	inv := New(DefaultConfig())
	for _, org := range []string{"chloebecker", "dark-labs", "johnsmith", "light-works", "red-dev"} {
		inv.Observe(ex("GET", "/api/v3/orgs/"+org+"/members", 200))
		inv.Observe(ex("GET", "/api/v3/orgs/"+org+"/members", 200))
	}
	for _, res := range []string{"users", "orders", "products", "invoices", "customers"} {
		// real resources answer with their own keys
		inv.Observe(ex("GET", "/api/v3/stats/"+res+"/count", 200, `body:{"`+res+`":1}`))
	}
	for _, name := range []string{"alpha-one", "bravo-two", "charlie-x", "delta-y"} {
		inv.Observe(ex("GET", "/api/v3/"+name+"/info", 200))
	}
	want := []string{"GET /api/v3/orgs/{}/members"}
	for _, res := range []string{"users", "orders", "products", "invoices", "customers"} {
		want = append(want, "GET /api/v3/stats/"+res+"/count")
	}
	for _, name := range []string{"alpha-one", "bravo-two", "charlie-x", "delta-y"} {
		want = append(want, "GET /api/v3/"+name+"/info")
	}
	sameSet(t, templates(inv), want)
}

// A warm-up burst touching 50 real resources once each looks like 50
// identifiers; once they are busy it does not. Dictionary-word collapse is
// decided on all traffic so far (at settle), so the resources stay, while
// 50 words that stay rare still collapse.
func TestWarmupBurstOfResources(t *testing.T) {
	var vocab []string
	for _, w := range sortedKeys(vocabulary)[200:] {
		if !reservedWords[w] && classOf(w, KindWord) == clsPlain && len(vocab) < 50 {
			vocab = append(vocab, w)
		}
	}
	for _, busy := range []bool{true, false} {
		inv := New(DefaultConfig())
		for _, w := range vocab {
			inv.Observe(ex("GET", "/api/v1/"+w, 200))
		}
		if busy {
			for i := 0; i < 20; i++ {
				for _, w := range vocab {
					inv.Observe(ex("GET", "/api/v1/"+w, 200))
				}
			}
		} else {
			for _, w := range vocab {
				inv.Observe(ex("GET", "/api/v1/"+w, 200))
			}
		}
		got := templates(inv)
		if busy && len(got) != len(vocab) {
			t.Errorf("busy resources collapsed: %d templates %v", len(got), got[:min(5, len(got))])
		}
		if !busy && (len(got) != 1 || got[0] != "GET /api/v1/{}") {
			t.Errorf("rare words did not collapse: %d templates %v", len(got), got[:min(5, len(got))])
		}
	}
}

// The root is where an application's sections live: a handful of plural
// route words there that the classifier does not know (utils, revisions,
// panels, relations, presets: "names" to it) never collapse into a
// parameter by their word class, however alike their answers
// ({"data": ...} everywhere) and however few their hits at warm-up.
func TestRootSectionsNeverCollapseByClass(t *testing.T) {
	inv := New(Config{})
	for _, s := range []string{"utils", "revisions", "panels", "relations", "presets", "webhooks", "dashboards"} {
		inv.Observe(ex("GET", "/"+s, 200, `body:{"data":[]}`))
		inv.Observe(ex("GET", "/"+s+"/7", 200, `body:{"data":{}}`))
	}
	for _, tpl := range templates(inv) {
		if strings.HasPrefix(tpl, "GET /{") {
			t.Errorf("a section became a parameter: %s", tpl)
		}
	}
}

// At the root, plural words over a parameter are collections even when
// the host's data names them (a web app's menu configuration: "id":
// "files"); owners at the root (/kim/site) still come from the data.
func TestRootCollectionsNamedInData(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/settings", 200, `body:{"data":{"module_bar":[{"id":"files"},{"id":"fields"},{"id":"flows"}]}}`))
	for _, s := range []string{"files", "fields", "flows"} {
		inv.Observe(ex("GET", "/"+s+"/0d3f6a7e-1c5f-4a7e-9b1e-4f1d2c3b4a59", 200, `body:{"data":{}}`))
		inv.Observe(ex("PATCH", "/"+s+"/0d3f6a7e-1c5f-4a7e-9b1e-4f1d2c3b4a59", 200, `body:{"data":{}}`))
	}
	sameSet(t, templates(inv), []string{"GET /settings", "GET /files/{}", "PATCH /files/{}", "GET /fields/{}", "PATCH /fields/{}", "GET /flows/{}", "PATCH /flows/{}"})
}

// The same below the prefixes APIs are mounted under: plural words below
// a literal that names no collection are collections of their own.
func TestSectionsBelowAPrefix(t *testing.T) {
	for _, pre := range []string{"/api", "/api/v1", "/lab/api", "/api/admin"} {
		inv := New(Config{})
		for _, s := range []string{"utils", "revisions", "panels", "relations", "presets", "webhooks", "dashboards"} {
			inv.Observe(ex("GET", pre+"/"+s, 200, `body:{"data":[]}`))
			inv.Observe(ex("GET", pre+"/"+s+"/7", 200, `body:{"data":{}}`))
		}
		for _, tpl := range templates(inv) {
			if strings.HasPrefix(tpl, "GET "+pre+"/{") {
				t.Errorf("%s: a section became a parameter: %s", pre, tpl)
			}
		}
	}
}

// Names at the root (a forge's owners, seen only on HTML pages, so no
// value provenance) still collapse by their class: only plural words,
// collections, are kept out there.
func TestRootOwnersStillCollapseByClass(t *testing.T) {
	inv := New(Config{})
	for _, o := range []string{"kimberly", "northwind", "jdoe", "mariasilva", "tkowalski", "lwang", "ppatel"} {
		inv.Observe(ex("GET", "/"+o, 200, "body:<html>x</html>"))
		inv.Observe(ex("GET", "/"+o+"/site", 200, "body:<html>y</html>"))
	}
	inv.Observe(ex("GET", "/explore/repos", 200, "body:<html>z</html>"))
	sameSet(t, templates(inv), []string{"GET /explore/repos", "GET /{}", "GET /{}/site"})
}

// An upper-case constant longer than a code joins a parameter of codes,
// in any order; alone it stays a word.
func TestUpperConstantsJoinCodes(t *testing.T) {
	for _, order := range [][]string{{"GENERAL", "STORAGE", "MEMO_RELATED"}, {"MEMO_RELATED", "GENERAL", "STORAGE"}} {
		inv := New(DefaultConfig())
		for _, v := range order {
			inv.Observe(ex("GET", "/api/v1/instance/settings/"+v, 200))
		}
		inv.Observe(ex("GET", "/SAP/odata/ZSERVICE_SRV", 200))
		sameSet(t, templates(inv), []string{"GET /api/v1/instance/settings/{}", "GET /SAP/odata/ZSERVICE_SRV"})
	}
}

// Beside a parameter of names, a short lower-case non-word (a container
// named dbg) is one more name; a short dictionary word stays a route.
func TestShortNameJoinsNames(t *testing.T) {
	inv := New(DefaultConfig())
	for _, c := range []string{"web-1", "web-2", "queue-worker", "storefront-a", "shell", "kaniko-runner"} {
		inv.Observe(ex("GET", "/v2/containers/"+c+"/json", 200))
		inv.Observe(ex("DELETE", "/v2/containers/"+c, 204, "body:"))
	}
	inv.Observe(ex("DELETE", "/v2/containers/dbg", 204, "body:"))
	inv.Observe(ex("POST", "/v2/containers/new", 201))
	want := []string{"DELETE /v2/containers/{}", "GET /v2/containers/{}/json", "POST /v2/containers/new"}
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// Two or more format names of one shape are one format parameter's values,
// with the application's own format beside them (/export/etherpad); one
// format name alone stays a route, and so do format-like route words
// (/debug/log, /debug/map).
func TestFormatValues(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/pads/8f3a9c21/export/txt", "/pads/8f3a9c21/export/html", "/pads/77b1e0d4/export/etherpad",
		"/containers/4e1f09ab77c2/json", "/containers/4e1f09ab77c2/top", "/containers/4e1f09ab77c2/logs", "/debug/log", "/debug/map"} {
		inv.Observe(ex("GET", p, 200, `body:{"ok":true}`))
	}
	got := templates(inv)
	for _, want := range []string{"GET /pads/{}/export/{}", "GET /containers/{}/json", "GET /debug/log", "GET /debug/map"} {
		if !slices.Contains(got, want) {
			t.Errorf("templates %q lack %q", got, want)
		}
	}
	for _, bad := range []string{"GET /pads/{}/export/txt", "GET /pads/{}/export/etherpad"} {
		if slices.Contains(got, bad) {
			t.Errorf("templates %q hold %q", got, bad)
		}
	}
}

// Names whose only child is a parameter of release versions are values of
// one parameter (an application's data per version); collections with an
// id parameter stay apart.
func TestVersionedNames(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/appdata/user/freeboard-sk/1.0.0", "/appdata/user/freeboard-sk/1.0.0/units", "/appdata/user/instrumentpanel/1.0.0",
		"/appdata/user/unitpreferences/1.0.0", "/users/4e1f09ab77c2", "/teams/9a8b7c6d5e4f"} {
		inv.Observe(ex("GET", p, 200, `body:{"ok":true}`))
	}
	want := []string{"GET /appdata/user/{}/{}", "GET /appdata/user/{}/{}/units", "GET /teams/{}", "GET /users/{}"}
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A leaf beside a parameter that answers with the parameter's own document
// (every member one the parameter's answers have, three or more) is one
// more value, also below a singular literal where the collection rule does
// not run; a view word, or an answer of another shape, stays a route.
func TestShapeLeaves(t *testing.T) {
	inv := New(Config{})
	doc := `body:{"openapi":"3.0.0","info":{"title":"x"},"paths":{}}`
	for _, d := range []string{"weather", "history", "latest", "apps", "course", "plugins"} {
		inv.Observe(ex("GET", "/api/openapi/"+d, 200, doc))
	}
	inv.Observe(ex("GET", "/api/openapi/plugins/nmea-out", 200, doc))
	inv.Observe(ex("GET", "/api/openapi/stats", 200, `body:{"count":2,"size":10,"updated":"2026-12-01"}`))
	inv.Observe(ex("GET", "/api/openapi", 200, `body:[{"name":"apps"},{"name":"course"},{"name":"plugins"}]`))
	want := []string{"GET /api/openapi", "GET /api/openapi/latest", "GET /api/openapi/stats", "GET /api/openapi/{}", "GET /api/openapi/{}/nmea-out"}
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// An answer with fewer than three top-level members still has a shape when
// the objects in it have members of their own: a leaf answering two of the
// parameter's sub-objects, members and all, is one more value (a queue
// nobody polls: no "pollers" in its answer). A leaf whose sub-object has
// members the parameter's lacks, or that says as little as {"ok":true},
// stays.
func TestShapeLeavesNestedMembers(t *testing.T) {
	inv := New(Config{})
	full := `body:{"limits":{"rps":10,"source":"api"},"pollers":[{"identity":"w1"}],"versioning":{"current":"v3","updated":"2026-12-01"}}`
	inv.Observe(ex("GET", "/api/ns/shop/task-queues", 200, `body:{"queues":[{"name":"order-fulfillment"},{"name":"customer-emails"},{"name":"billing-invoices"}]}`))
	for _, q := range []string{"order-fulfillment", "customer-emails", "billing-invoices"} {
		inv.Observe(ex("GET", "/api/ns/shop/task-queues/"+q, 200, full))
		inv.Observe(ex("GET", "/api/ns/shop/task-queues/"+q+"/rules", 200, `body:{"rules":[]}`))
	}
	inv.Observe(ex("GET", "/api/ns/shop/task-queues/order-fulfilment-typo", 200, `body:{"limits":{"rps":10,"source":"api"},"versioning":{"current":"","updated":"2026-12-01"}}`))
	inv.Observe(ex("GET", "/api/ns/shop/task-queues/health-summary", 200, `body:{"limits":{"total":4},"versioning":{"current":"v3"}}`))
	inv.Observe(ex("GET", "/api/ns/shop/task-queues/ping-check", 200, `body:{"ok":true}`))
	want := []string{"GET /api/ns/shop/task-queues", "GET /api/ns/shop/task-queues/health-summary", "GET /api/ns/shop/task-queues/ping-check",
		"GET /api/ns/shop/task-queues/{}", "GET /api/ns/shop/task-queues/{}/rules"}
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A format parameter made earlier takes a later leaf of its shape: the
// application's own format (/export/etherpad after /export/{type} took txt
// and html).
func TestFormatParameterTakesOwnFormat(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/pads/8f3a9c21/export/txt", "/pads/8f3a9c21/export/html", "/pads/77b1e0d4/export/txt"} {
		inv.Observe(ex("GET", p, 200, `body:{"ok":true}`))
	}
	if got, want := templates(inv), []string{"GET /pads/{}/export/{}"}; !slices.Equal(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
	inv.Observe(ex("GET", "/pads/5c2e9a10/export/etherpad", 200, `body:{"ok":true}`))
	if got, want := templates(inv), []string{"GET /pads/{}/export/{}"}; !slices.Equal(got, want) {
		t.Errorf("templates after the own format:\n got %q\nwant %q", got, want)
	}
}

// A domain beside a parameter of zone names is one more value when it
// answers the parameter's document, although it reads like a file name
// (example.org); a file of a known type answering the same stays.
func TestShapeLeavesDomain(t *testing.T) {
	inv := New(Config{})
	zone := func(n string) string {
		return `body:{"id":"` + n + `.","name":"` + n + `.","kind":"Native","serial":1,"rrsets":[]}`
	}
	for _, z := range []string{"shop.example.com", "mail.example.net", "corp.example"} {
		inv.Observe(ex("GET", "/api/servers/localhost/zones/"+z+".", 200, zone(z)))
		inv.Observe(ex("GET", "/api/servers/localhost/zones/"+z+"./export", 200, `body:{"zone":"x"}`))
	}
	inv.Observe(ex("GET", "/api/servers/localhost/zones/example.org", 200, zone("example.org")))
	inv.Observe(ex("GET", "/api/servers/localhost/zones/zone.json", 200, zone("x")))
	want := []string{"GET /api/servers/localhost/zones/zone.json", "GET /api/servers/localhost/zones/{}", "GET /api/servers/localhost/zones/{}/export"}
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A file beside a parameter that took only file names is one more of them
// (logo.svg beside logo-64x64.png, a value at once for its digits; an icon
// beside hashed bundles); a word beside it stays a route.
func TestFileSiblings(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/api/themes", 200, `body:[{"name":"solarized"}]`))
	inv.Observe(ex("GET", "/themes/solarized/logo-64x64.png", 200, "ctype:image/png", "body:PNG"))
	inv.Observe(ex("GET", "/themes/solarized/logo.svg", 200, "ctype:image/svg+xml", "body:<svg/>"))
	want := []string{"GET /api/themes", "GET /themes/{}/{}"}
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
	inv = New(Config{})
	for _, f := range []string{"index-BcgPhpnd.js", "vendor-3f9a2c1b.js", "main-Dx81kq2A.css"} {
		inv.Observe(ex("GET", "/ui/static/"+f, 200, "ctype:text/javascript", "body:x"))
	}
	inv.Observe(ex("GET", "/ui/static/favicon.ico", 200, "ctype:image/x-icon", "body:ico"))
	inv.Observe(ex("GET", "/ui/static/health", 200, `body:{"ok":true}`))
	want = []string{"GET /ui/static/health", "GET /ui/static/{}"}
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// Alone, a name no dictionary has whose only child is a parameter of
// release versions is the versioned thing's name too; a dictionary word so
// placed stays a route.
func TestVersionedNameAlone(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/appdata/global/tidewatch/1.0.0", "/appdata/global/tidewatch/1.2.0", "/sdk/release/2.3.1", "/sdk/release/2.4.0"} {
		inv.Observe(ex("GET", p, 200, `body:{"ok":true}`))
	}
	want := []string{"GET /appdata/global/{}/{}", "GET /sdk/release/{}"}
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// A leaf answering the parameter's own document joins it even when it was
// also deleted or replaced, which no other value was: those are an item's
// own methods. A leaf POSTed to, which the parameter never was, stays.
func TestShapeLeavesItemMethods(t *testing.T) {
	inv := New(Config{})
	doc := `body:{"schedule":{"spec":{}},"info":{"runs":3},"conflictToken":"x"}`
	for _, id := range []string{"sch-1001", "sch-1002", "sch-1003"} {
		inv.Observe(ex("GET", "/api/v1/ns/billing/schedules/"+id, 200, doc))
	}
	inv.Observe(ex("GET", "/api/v1/ns/billing/schedules/hourly-report", 200, doc))
	inv.Observe(ex("DELETE", "/api/v1/ns/billing/schedules/hourly-report", 200, `body:{}`))
	inv.Observe(ex("GET", "/api/v1/ns/billing/schedules/summary", 200, doc))
	inv.Observe(ex("POST", "/api/v1/ns/billing/schedules/summary", 200, `body:{}`))
	want := []string{"GET /api/v1/ns/billing/schedules/summary", "GET /api/v1/ns/billing/schedules/{}",
		"POST /api/v1/ns/billing/schedules/summary", "DELETE /api/v1/ns/billing/schedules/{}"}
	sameSet(t, templates(inv), want)
}

// Below a singular literal right after an item, three or more leaves with
// one set of methods whose names come in two or more styles are names
// people chose (a workflow's queries: rows_processed, whereIsIt, step);
// names the parameter there already took count too. One style, as an
// application names its own routes, stays literal.
func TestStyleMixValues(t *testing.T) {
	inv := New(Config{})
	for _, wf := range []string{"wf-1001", "wf-1002"} {
		for _, q := range []string{"rows_processed", "whereIsIt", "step"} {
			inv.Observe(ex("POST", "/api/workflows/"+wf+"/query/"+q, 200, `body:{"queryResult":{}}`))
		}
		for _, a := range []string{"terminate-run", "reset-run", "cancel-run"} {
			inv.Observe(ex("POST", "/api/workflows/"+wf+"/action/"+a, 200, `body:{}`))
		}
	}
	want := []string{"POST /api/workflows/{}/action/cancel-run", "POST /api/workflows/{}/action/reset-run",
		"POST /api/workflows/{}/action/terminate-run", "POST /api/workflows/{}/query/{}"}
	sameSet(t, templates(inv), want)
}

func TestNameStyle(t *testing.T) {
	for k, want := range map[string]int{"step": 0, "Step": 0, "rows_processed": 1, "__stack_trace": 1,
		"resend-code": 2, "whereIsIt": 3, "BankAck": 3, "URL": 0} {
		if got := nameStyle(k); got != want {
			t.Errorf("nameStyle(%q) = %d, want %d", k, got, want)
		}
	}
}

// Three or more leaves side by side that each answered with an API
// document are one document server's names (/openapi/{api}); two stay, as
// do file names and view words among them.
func TestAPIDocumentSiblings(t *testing.T) {
	doc := func(title string) string {
		return `body:{"openapi":"3.0.0","info":{"title":"` + title + `"},"paths":{"/` + title + `":{}}}`
	}
	inv := New(Config{})
	for _, d := range []string{"course", "weather", "radar"} {
		inv.Observe(ex("GET", "/server/openapi/"+d, 200, doc(d)))
	}
	for _, d := range []string{"latest", "openapi.json"} {
		inv.Observe(ex("GET", "/server/openapi/"+d, 200, doc(d)))
	}
	for _, d := range []string{"public", "admin"} {
		inv.Observe(ex("GET", "/docs/"+d, 200, doc(d)))
	}
	sameSet(t, templates(inv), []string{"GET /docs/admin", "GET /docs/public", "GET /server/openapi/latest", "GET /server/openapi/openapi.json", "GET /server/openapi/{}"})
}

// Beside integers, integers joined by dots are more values of the same
// parameter (MIME part numbers: part/2, part/2.1).
func TestDottedIntegersJoinIntegers(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"1", "2", "3", "2.1", "2.2"} {
		inv.Observe(ex("GET", "/api/v1/message/8fK2pQ9xLm3nRt7vWz1yA4/part/"+p, 200, "ctype:image/png", "body:"))
		inv.Observe(ex("GET", "/api/v1/message/8fK2pQ9xLm3nRt7vWz1yA4/part/"+p+"/thumb", 200, "ctype:image/png", "body:"))
	}
	sameSet(t, templates(inv), []string{"GET /api/v1/message/{}/part/{}", "GET /api/v1/message/{}/part/{}/thumb"})
}

// A view word beside a parameter whose children, two or more, all are the
// parameter's own (latest/headers, latest/raw beside {id}/headers,
// {id}/raw) is an alias of a value; with one shared child (me/orders) it
// stays a route of its own.
func TestAliasWordMirroringTheParameter(t *testing.T) {
	inv := New(Config{})
	for _, id := range []string{"57xH9hnEngJLrfZHk3CJ6w", "31G3loazCpejXVSngqcT1O", "0HATtKOJJn7oljYhBeP0nl"} {
		for _, sub := range []string{"", "/headers", "/raw"} {
			inv.Observe(ex("GET", "/api/v1/message/"+id+sub, 200))
		}
	}
	for _, sub := range []string{"/headers", "/raw"} {
		inv.Observe(ex("GET", "/api/v1/message/latest"+sub, 200))
	}
	for _, id := range []string{"8812", "9921", "7310"} {
		inv.Observe(ex("GET", "/api/v1/users/"+id+"/orders", 200))
		inv.Observe(ex("GET", "/api/v1/users/"+id+"/settings", 200))
	}
	inv.Observe(ex("GET", "/api/v1/users/me/orders", 200))
	sameSet(t, templates(inv), []string{
		"GET /api/v1/message/{}", "GET /api/v1/message/{}/headers", "GET /api/v1/message/{}/raw",
		"GET /api/v1/users/me/orders", "GET /api/v1/users/{}/orders", "GET /api/v1/users/{}/settings",
	})
	// a later call of the alias goes into the parameter
	inv.Observe(ex("GET", "/api/v1/message/latest/raw", 200))
	for _, e := range inv.Endpoints() {
		if strings.Contains(e.Path, "latest") {
			t.Errorf("alias came back: %s %s", e.Method, e.Path)
		}
	}
}

// Go's pprof Index serves the runtime's profiles by name: one
// /debug/pprof/{name}; cmdline and profile, handlers of their own, stay.
func TestGoRuntimeProfiles(t *testing.T) {
	inv := New(Config{})
	for _, p := range []string{"/debug/pprof/heap", "/debug/pprof/goroutine", "/debug/pprof/cmdline", "/debug/pprof/profile", "/api/v1/pprof/heap"} {
		inv.Observe(ex("GET", p, 200, "ctype:application/octet-stream", "body:"))
	}
	sameSet(t, templates(inv), []string{"GET /api/v1/pprof/{}", "GET /debug/pprof/cmdline", "GET /debug/pprof/profile", "GET /debug/pprof/{}"})

	// one profile asked for is a value as much as several are
	inv = New(Config{})
	inv.Observe(ex("GET", "/debug/pprof", 200, "ctype:text/html", "body:<html></html>"))
	inv.Observe(ex("GET", "/debug/pprof/goroutine", 200, "ctype:application/octet-stream", "body:"))
	sameSet(t, templates(inv), []string{"GET /debug/pprof", "GET /debug/pprof/{}"})
}

// Files at the root are the site's own (favicon.ico, robots.txt,
// manifest.json, its pages): routes or static files, one each, however
// many; below a directory, many files hit a few times each are values.
func TestRootFilesStay(t *testing.T) {
	files := []string{"favicon.ico", "robots.txt", "sitemap.xml", "manifest.json", "version.txt", "tv.html",
		"infographic.html", "dash-example.html", "api-spec.yaml", "app.conf", "offline.html", "humans.txt", "security.txt"}
	inv := New(Config{})
	var want []string
	for _, f := range files {
		inv.Observe(ex("GET", "/"+f, 200, "ctype:text/plain", "body:x"))
		inv.Observe(ex("GET", "/uploads/"+f, 200, "ctype:text/plain", "body:x"))
		want = append(want, "GET /"+f)
	}
	want = append(want, "GET /uploads/{}")
	slices.Sort(want)
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
}

// An action beside the action that undoes it (favourite and unfavourite)
// is a route, however many such pairs sit below an item; names that come
// in no pairs still collapse.
func TestUndoPairsStay(t *testing.T) {
	actions := []string{"favourite", "unfavourite", "reblog", "unreblog", "bookmark", "unbookmark", "mute", "unmute", "pin", "unpin"}
	inv := New(Config{})
	var want []string
	for _, id := range []string{"01M98CCA5B", "01M98CCA5M", "01M98CCA6X"} {
		for _, a := range actions {
			inv.Observe(ex("POST", "/api/v1/statuses/"+id+"/"+a, 200, `body:{"id":"01M98CCA5B","content":"x","favourited":true}`))
		}
	}
	for _, a := range actions {
		want = append(want, "POST /api/v1/statuses/{}/"+a)
	}
	slices.Sort(want)
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
	// (each status its own names: names seen below every status would be
	// sub-resources, TestSharedSubResourcesStay)
	inv = New(Config{})
	names := []string{"kjohnson", "mrossi", "aokafor", "ihalvor", "kwatanab", "nhaddad", "tbrandt", "lferreira", "ysato"}
	for i, id := range []string{"01M98CCA5B", "01M98CCA5M", "01M98CCA6X"} {
		for _, n := range names[i*3 : i*3+3] {
			inv.Observe(ex("POST", "/api/v1/statuses/"+id+"/"+n, 200, `body:{"id":"01M98CCA5B","content":"x"}`))
		}
	}
	if got := templates(inv); !slices.Equal(got, []string{"POST /api/v1/statuses/{}/{}"}) {
		t.Errorf("names: templates %q", got)
	}
}

// Literals seen below two or more values of a parameter are sub-resources
// every value has, routes however many of them share a word class (five
// hyphenated names below a role); the same literals below one value
// only are values. The evidence is stored with the host.
func TestSharedSubResourcesStay(t *testing.T) {
	subs := []string{"role-id", "secret-id", "token-ttl", "secret-id-num-uses", "secret-id-accessor"}
	inv := New(Config{})
	inv.Observe(ex("GET", "/v1/auth/approle/role", 200, `body:{"data":{"keys":["ci-deployer","etl-nightly"]}}`))
	for _, r := range []string{"ci-deployer", "etl-nightly"} {
		inv.Observe(ex("GET", "/v1/auth/approle/role/"+r, 200, `body:{"data":{"token_ttl":0}}`))
	}
	for _, s := range subs {
		inv.Observe(ex("GET", "/v1/auth/approle/role/ci-deployer/"+s, 200, `body:{"request_id":"x","data":{}}`))
		inv.Observe(ex("PUT", "/v1/auth/approle/role/ci-deployer/"+s, 204))
	}
	inv.Observe(ex("GET", "/v1/auth/approle/role/etl-nightly/role-id", 200, `body:{"request_id":"x","data":{}}`))
	inv.Observe(ex("GET", "/v1/auth/approle/role/etl-nightly/secret-id", 200, `body:{"request_id":"x","data":{}}`))
	want := []string{"GET /v1/auth/approle/role", "GET /v1/auth/approle/role/{}"}
	for _, s := range subs {
		want = append(want, "GET /v1/auth/approle/role/{}/"+s, "PUT /v1/auth/approle/role/{}/"+s)
	}
	slices.Sort(want)
	if got := templates(inv); !slices.Equal(got, want) {
		t.Errorf("templates:\n got %q\nwant %q", got, want)
	}
	// stored and loaded, the evidence stays (stored settled: a loaded
	// host nothing was recorded into settles before it is stored)
	b, err := reloaded(t, inv, "api.example.test").MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	again := New(Config{})
	if err := again.LoadHost("api.example.test", b); err != nil {
		t.Fatal(err)
	}
	role := again.hosts["api.example.test"].root.lit["v1"].lit["auth"].lit["approle"].lit["role"].param
	if role == nil || role.lit["role-id"] == nil || !role.lit["role-id"].shared || role.lit["token-ttl"].shared {
		t.Errorf("after a reload the shared sub-resources are not known")
	}
}

// Routes that are a sibling route's word and more words (renew-self and
// revoke-accessor beside renew and revoke) stay routes however few calls
// they got: the class rule's hit ceiling alone took five of them for
// values when a lossy capture lost a few calls. Names made of a word and
// something no dictionary has (web-1 beside web) still collapse, the word
// with them.
func TestRouteVariantsStay(t *testing.T) {
	inv := New(Config{})
	for _, w := range []string{"lookup", "renew", "revoke"} {
		inv.Observe(ex("POST", "/v1/auth/token/"+w, 200, `body:{"data":{}}`))
	}
	var want []string
	for _, w := range []string{"lookup-self", "renew-self", "revoke-self", "lookup-accessor", "revoke-accessor"} {
		for i := 0; i < 2; i++ {
			inv.Observe(ex("POST", "/v1/auth/token/"+w, 200, `body:{"data":{}}`))
		}
		want = append(want, "POST /v1/auth/token/"+w)
	}
	for _, w := range []string{"lookup", "renew", "revoke"} {
		want = append(want, "POST /v1/auth/token/"+w)
	}
	sameSet(t, templates(inv), want)

	inv = New(Config{})
	inv.Observe(ex("GET", "/v1/pools/web", 200, `body:{"name":"web"}`))
	for _, p := range []string{"web-1", "cache-eu", "queue-low", "batch-night", "edge-2"} {
		for i := 0; i < 2; i++ {
			inv.Observe(ex("GET", "/v1/pools/"+p, 200, `body:{"name":"x"}`))
		}
	}
	sameSet(t, templates(inv), []string{"GET /v1/pools/{}"})
}
