package diff

import (
	"slices"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

const serversSpec = `openapi: 3.0.3
info: {title: servers, version: '1'}
servers:
  - url: https://api.example.com/v1
  - url: '{scheme}://{env}.example.com:{port}/{base}'
    variables:
      scheme: {default: https, enum: [https, http]}
      env: {default: prod, enum: [prod, staging]}
      port: {default: '443'}
      base: {default: v2, enum: [v2, v2beta]}
  - url: /relative/api
  - url: //cdn.example.com/cdn/
paths:
  /users/{id}:
    get: {operationId: getUser, responses: {'200': {description: ok}}}
  /users/me:
    get: {operationId: getMe, responses: {'200': {description: ok}}}
  /files/{name}.json:
    get: {operationId: getJSONFile, responses: {'200': {description: ok}}}
  /files/{name}:
    get: {operationId: getFile, responses: {'200': {description: ok}}}
  /things/:
    get: {operationId: listThings, responses: {'200': {description: ok}}}
  /Case/Sensitive:
    get: {operationId: caseSensitive, responses: {'200': {description: ok}}}
  /a/{x}/{y}:
    get: {operationId: aParams, responses: {'200': {description: ok}}}
  /{p}/b/c:
    get: {operationId: bcLiterals, responses: {'200': {description: ok}}}
  /ops:
    servers: [{url: 'https://ops.example.com/internal'}]
    get: {operationId: ops, responses: {'200': {description: ok}}}
  /op-level:
    get:
      operationId: opLevel
      servers: [{url: /oplevel}]
      responses: {'200': {description: ok}}
`

// matchOne classifies one endpoint: "op ID", "shadow/TYPE PATH...", or
// "ignored" (OPTIONS on a documented path).
func matchOne(t *testing.T, specs []*Spec, opts Options, e inventory.Endpoint) string {
	t.Helper()
	d := &differ{specs: specs, opts: opts, applies: map[string][]specUse{}, tmplMemo: map[*inventory.Endpoint]lookupResult{}}
	h := normHost(e.Host)
	d.bindHosts([]string{h}, map[string][]*inventory.Endpoint{h: {&e}})
	aggs := map[opKey]*opAgg{}
	seen := map[*operation]bool{}
	var shadows []shadowItem
	d.classify(&e, h, aggs, seen, &shadows)
	var out []string
	for k := range aggs {
		out = append(out, "op "+k.op.operationID)
	}
	for _, s := range shadows {
		out = append(out, "shadow/"+s.typ+" "+s.path)
	}
	if len(out) == 0 {
		return "ignored"
	}
	slices.Sort(out)
	return strings.Join(out, "; ")
}

func TestMatchingRules(t *testing.T) {
	spec := loadText(t, serversSpec)
	h := "api.example.com"
	cases := []struct {
		name, method, path string
		examples           []string
		opts               Options
		want               string
	}{
		{"absolute_server", "GET", "/v1/users/42", nil, Options{}, "op getUser"},
		{"server_var_enum", "GET", "/v2beta/users/42", nil, Options{}, "op getUser"},
		{"server_var_default", "GET", "/v2/users/42", nil, Options{}, "op getUser"},
		{"server_var_enum_enforced", "GET", "/api/users/42", nil, Options{}, "shadow/path /api/users/42"},
		{"relative_server", "GET", "/relative/api/users/me", nil, Options{}, "op getMe"},
		{"scheme_relative_server", "GET", "/cdn/users/me", nil, Options{}, "op getMe"},
		{"literal_beats_param", "GET", "/v1/users/me", nil, Options{}, "op getMe"},
		{"template_param_vs_param", "GET", "/v1/users/{userId}", nil, Options{}, "op getUser"},
		{"colon_param", "GET", "/v1/users/:userId", nil, Options{}, "op getUser"},
		{"suffix_pattern", "GET", "/v1/files/report.json", nil, Options{}, "op getJSONFile"},
		{"suffix_pattern_template", "GET", "/v1/files/{name}.json", nil, Options{}, "op getJSONFile"},
		{"param_when_suffix_differs", "GET", "/v1/files/report.csv", nil, Options{}, "op getFile"},
		{"trailing_slash_in_spec", "GET", "/v1/things", nil, Options{}, "op listThings"},
		{"trailing_slash_observed", "GET", "/v1/things/", nil, Options{}, "op listThings"},
		{"double_slash", "GET", "/v1//users//42", nil, Options{}, "op getUser"},
		{"percent_decoded", "GET", "/v1/users/%6De", nil, Options{}, "op getMe"},
		{"case_sensitive", "GET", "/v1/case/sensitive", nil, Options{}, "shadow/path /v1/case/sensitive"},
		{"case_exact", "GET", "/v1/Case/Sensitive", nil, Options{}, "op caseSensitive"},
		{"fewer_params_win", "GET", "/v1/a/b/c", nil, Options{}, "op bcLiterals"},
		{"param_one_segment_only", "GET", "/v1/users/a/b", nil, Options{}, "shadow/path /v1/users/a/b"},
		{"path_level_servers", "GET", "/internal/ops", nil, Options{}, "op ops"},
		{"path_level_servers_override", "GET", "/v1/ops", nil, Options{}, "shadow/path /v1/ops"},
		{"op_level_servers", "GET", "/oplevel/op-level", nil, Options{}, "op opLevel"},
		{"op_level_servers_override", "GET", "/v1/op-level", nil, Options{}, "shadow/path /v1/op-level"},
		{"shadow_method", "DELETE", "/v1/users/42", nil, Options{}, "shadow/method /v1/users/42"},
		{"head_lenient", "HEAD", "/v1/users/42", nil, Options{LenientMethods: true}, "op getUser"},
		{"head_undocumented", "HEAD", "/v1/users/42", nil, Options{}, "shadow/method /v1/users/42"},
		{"options_lenient", "OPTIONS", "/v1/users/42", nil, Options{LenientMethods: true}, "ignored"},
		{"options_undocumented", "OPTIONS", "/v1/users/42", nil, Options{}, "shadow/method /v1/users/42"},
		{"options_undocumented_path", "OPTIONS", "/v1/nope", nil, Options{}, "shadow/path /v1/nope"},
		{"root_not_documented", "GET", "/", nil, Options{}, "shadow/path /"},
		// Inventory param vs spec literal: examples decide.
		{"examples_pick_literal", "GET", "/v1/users/{x}", []string{"/v1/users/me"}, Options{}, "op getMe"},
		{"examples_split_template_wins", "GET", "/v1/users/{x}", []string{"/v1/users/me", "/v1/users/42"}, Options{}, "op getUser"},
		{"masked_example", "GET", "/v1/users/{x}", []string{"/v1/users/{token}"}, Options{}, "op getUser"},
		{"star_masked_example", "GET", "/v1/users/{x}", []string{"/v1/users/****"}, Options{}, "op getUser"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := ep(h, tc.method, tc.path, "200:1", 0, 0, tc.examples...)
			if got := matchOne(t, []*Spec{spec}, tc.opts, e); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// Concrete values are checked against the documented parameter schemas.
func TestMatchingParamSchemas(t *testing.T) {
	spec := mustLoad(t, "people-openapi.yaml")
	h := hrHost
	cases := []struct {
		name, method, path string
		examples           []string
		opts               Options
		want               string
	}{
		{"pattern_rejects_word", "GET", "/hr/api/employees/export", nil, Options{}, "shadow/path /hr/api/employees/export"},
		{"no_schema_checks", "GET", "/hr/api/employees/export", nil, Options{NoParamSchemas: true}, "op getEmployee"},
		{"pattern_accepts", "GET", "/hr/api/employees/E104233", nil, Options{}, "op getEmployee"},
		{"integer_minimum", "GET", "/hr/api/holidays/NL/1999", nil, Options{}, "shadow/path /hr/api/holidays/NL/1999"},
		{"integer_type", "GET", "/hr/api/holidays/NL/twenty", nil, Options{}, "shadow/path /hr/api/holidays/NL/twenty"},
		{"pattern_case", "GET", "/hr/api/holidays/nl/2024", nil, Options{}, "shadow/path /hr/api/holidays/nl/2024"},
		{"all_fit", "GET", "/hr/api/holidays/NL/2024", nil, Options{}, "op listPublicHolidays"},
		{"uuid_format", "GET", "/hr/api/leave-requests/not-a-uuid", nil, Options{}, "shadow/path /hr/api/leave-requests/not-a-uuid"},
		{"length_bounds", "GET", "/hr/api/employees/E104233/payslips/SHORT", nil, Options{}, "shadow/path /hr/api/employees/E104233/payslips/SHORT"},
		{"template_trusted_without_examples", "GET", "/hr/api/employees/{x}", nil, Options{}, "op getEmployee"},
		{"example_beats_template", "GET", "/hr/api/employees/{x}", []string{"/hr/api/employees/me"}, Options{}, "op getMyProfile"},
		{"literal_exception_in_template", "GET", "/hr/api/employees/{x}", []string{"/hr/api/employees/E100001", "/hr/api/employees/export"}, Options{}, "op getEmployee; shadow/path /hr/api/employees/export"},
		{"no_example_fits", "GET", "/hr/api/employees/{x}", []string{"/hr/api/employees/export"}, Options{}, "shadow/path /hr/api/employees/{x}"},
		{"template_values_out_of_schema", "GET", "/hr/api/employees/{x}", []string{"/hr/api/employees/ana", "/hr/api/employees/ben"}, Options{}, "op getEmployee"},
		{"literal_slug_joins_template", "GET", "/hr/api/jobs/senior-engineer", []string{"/hr/api/jobs/senior-engineer"}, Options{}, "op getJob"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := ep(h, tc.method, tc.path, "200:1", 0, 0, tc.examples...)
			if got := matchOne(t, []*Spec{spec}, tc.opts, e); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSwaggerBasePath(t *testing.T) {
	pet := mustLoad(t, "oai-v2.0-petstore-expanded.yaml")
	forge := mustLoad(t, "forge-api-v1.yaml")
	twilio := mustLoad(t, "twilio-api-v2010.json")
	slack := mustLoad(t, "slack-web-api-v2.json")
	cases := []struct {
		spec         *Spec
		host, method string
		path, want   string
	}{
		{pet, "petstore.swagger.io", "GET", "/api/pets/7", "op find pet by id"},
		{pet, "petstore.swagger.io", "GET", "/pets/7", "op find pet by id"}, // base-path fallback: no traffic under /api
		{forge, "git.internal:3000", "GET", "/api/v1/repos/{owner}/{repo}/issues", "op issueListIssues"},
		{twilio, "api.twilio.com", "GET", "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Calls/CA0123456789abcdef0123456789abcdef.json", "op FetchCall"},
		{slack, "slack.com", "POST", "/api/chat.postMessage", "op chat_postMessage"},
	}
	for _, tc := range cases {
		e := ep(tc.host, tc.method, tc.path, "200:1", 0, 0)
		if got := matchOne(t, []*Spec{tc.spec}, Options{}, e); got != tc.want {
			t.Errorf("%s %s %s: got %q, want %q", tc.spec.File, tc.method, tc.path, got, tc.want)
		}
	}
}

// A literal the inventory kept apart from a templated sibling is a static
// route of its own, unless the parameter's schema vouches for the value.
func TestLiteralException(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: shop, version: '1'}
paths:
  /products/{slug}:
    get: {responses: {'200': {description: ok}}}
  /products/{slug}/reviews:
    get: {responses: {'200': {description: ok}}}
  /items/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string, pattern: '^[a-z]+$'}}]
      responses: {'200': {description: ok}}
`)
	h := "shop.example"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/products/{productId}", "200:50", 50, 50, "/products/classic-sneakers", "/products/blue-chair"),
		ep(h, "GET", "/products/clearance", "200:6", 6, 6, "/products/clearance"),
		ep(h, "GET", "/items/{id}", "200:5", 0, 0, "/items/abc"), ep(h, "GET", "/items/sale", "200:5", 0, 0), // the pattern vouches for "sale"
		ep(h, "GET", "/jobs/senior-engineer", "200:1", 0, 0), // no spec path
		// The inventory templates each Host header value on its own: a
		// literal under another host state has no sibling.
		ep(h+":8080", "GET", "/products/outlet", "200:1", 0, 0),
		// A code, not a word: a value the inventory left literal.
		ep(h, "GET", "/products/CUTQG4", "200:1", 0, 0),
	}
	// Many literals beside the template are unfolded values, not routes.
	eps = append(eps, ep(h, "GET", "/products/{id}/reviews", "200:1", 0, 0))
	for _, u := range []string{"asilva", "cjansen", "edoe", "fsmith"} {
		eps = append(eps, ep(h, "GET", "/products/"+u+"/reviews", "200:1", 0, 0))
	}
	got := summary(Diff(eps, []*Spec{spec}, Options{Kinds: []string{KindShadow, KindUnauthenticated, KindUnused}}))
	want := []string{
		"shadow/path high GET /products/clearance",
		"shadow/path medium GET /jobs/senior-engineer",
		"unauthenticated high GET /products/clearance",
		"unauthenticated low GET /products/{slug}", // the spec states no security
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// A literal beside a templated sibling is a value, not a route, when it was
// seen as a value elsewhere, when its subtree repeats the sibling's, or when
// the spec's template explains its whole subtree.
func TestLiteralValue(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: forge, version: '1'}
paths:
  /repos/{owner}/{repo}:
    get: {responses: {'200': {description: ok}}}
  /repos/{owner}/{repo}/issues:
    get: {responses: {'200': {description: ok}}}
  /repos/{owner}/{repo}/issues/{number}:
    get: {responses: {'200': {description: ok}}}
  /repos/{owner}/{repo}/downloads:
    get: {responses: {'200': {description: ok}}}
`)
	h := "git.example"
	base := []inventory.Endpoint{
		ep(h, "GET", "/repos/{owner}/{repo}", "200:40", 0, 0, "/repos/ana/billing", "/repos/bo/infra"),
		ep(h, "GET", "/repos/{owner}/{repo}/issues", "200:20", 0, 0, "/repos/ana/billing/issues"),
		ep(h, "GET", "/repos/{owner}/{repo}/issues/{number}", "200:20", 0, 0, "/repos/ana/billing/issues/12"),
	}
	cases := []struct {
		name string
		eps  []inventory.Endpoint
		want []string
	}{
		{"lone_leaf_literal_is_a_route",
			[]inventory.Endpoint{ep(h, "GET", "/repos/{owner}/search", "200:1", 0, 0)},
			[]string{"shadow/path medium GET /repos/{owner}/search"}},
		{"seen_as_value_in_an_example",
			[]inventory.Endpoint{ep(h, "GET", "/repos/{owner}/search", "200:1", 0, 0),
				ep(h, "GET", "/repos/{owner}/{repo}/downloads", "200:3", 0, 0, "/repos/cy/search/downloads")},
			nil},
		{"value_at_another_position_does_not_count",
			[]inventory.Endpoint{ep(h, "GET", "/repos/{owner}/search", "200:1", 0, 0),
				ep(h, "GET", "/repos/{owner}/{repo}/downloads", "200:3", 0, 0, "/repos/search/cy/downloads")},
			[]string{"shadow/path medium GET /repos/{owner}/search"}},
		{"subtree_explained_by_the_spec",
			[]inventory.Endpoint{ep(h, "GET", "/repos/{owner}/search", "200:1", 0, 0),
				ep(h, "GET", "/repos/{owner}/search/issues/{number}", "200:2", 0, 0),
				ep(h, "GET", "/repos/{owner}/search/downloads", "200:1", 0, 0)},
			nil},
		{"descendant_alone_explained",
			[]inventory.Endpoint{ep(h, "GET", "/repos/{owner}/search/issues", "200:2", 0, 0)},
			nil},
		{"subtree_not_explained_stays_a_route",
			[]inventory.Endpoint{ep(h, "GET", "/repos/{owner}/search", "200:1", 0, 0),
				ep(h, "GET", "/repos/{owner}/search/reindex", "200:1", 0, 0)},
			[]string{"shadow/path medium GET /repos/{owner}/search", "shadow/path medium GET /repos/{owner}/search/reindex"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			eps := append(append([]inventory.Endpoint(nil), base...), tc.eps...)
			got := summary(Diff(eps, []*Spec{spec}, Options{Kinds: []string{KindShadow}}))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// The subtree rule on its own, against a spec that documents only the
// parent: the literal's children repeat the templated sibling's.
func TestLiteralSubtreeRepeats(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: shop, version: '1'}
paths:
  /shops/{shop}:
    get: {responses: {'200': {description: ok}}}
`)
	h := "shop.example"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/shops/{shop}", "200:40", 0, 0),
		ep(h, "GET", "/shops/{shop}/stats", "200:10", 0, 0),
		ep(h, "GET", "/shops/outlet", "200:2", 0, 0),
		ep(h, "GET", "/shops/outlet/stats", "200:1", 0, 0),
	}
	fs := Diff(eps, []*Spec{spec}, Options{Kinds: []string{KindShadow}})
	got := summary(fs)
	// The undocumented stats route under the value outlet is the templated
	// one: one finding, evidence merged.
	want := []string{"shadow/path medium GET /shops/{shop}/stats"}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	if ev := fs[0].Evidence; ev.Hits != 11 || !slices.Equal(ev.ObservedPaths, []string{"/shops/outlet/stats", "/shops/{shop}/stats"}) {
		t.Errorf("merged evidence: hits %d, observed %q", ev.Hits, ev.ObservedPaths)
	}
	// A method the templated sibling never had below: outlet's subtree no
	// longer repeats the sibling's, so outlet is a route and nothing folds.
	eps2 := append(eps[:3:3], ep(h, "POST", "/shops/outlet/stats", "200:1", 0, 0))
	got = summary(Diff(eps2, []*Spec{spec}, Options{Kinds: []string{KindShadow}}))
	want = []string{"shadow/path medium GET /shops/outlet", "shadow/path medium GET /shops/{shop}/stats", "shadow/path medium POST /shops/outlet/stats"}
	if !slices.Equal(got, want) {
		t.Errorf("other method: got %q\nwant %q", got, want)
	}
	// Without the repeated child, outlet is a static route.
	got = summary(Diff(append(eps[:1:1], eps[2]), []*Spec{spec}, Options{Kinds: []string{KindShadow}}))
	if !slices.Equal(got, []string{"shadow/path medium GET /shops/outlet"}) {
		t.Errorf("leaf outlet: got %q", got)
	}
}

// A shadow literal is not folded into a documented sibling: the spec
// rejected the value there, so it is a route of its own.
func TestFoldValueNotIntoDocumented(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: shop, version: '1'}
paths:
  /shops/{shop}:
    get: {responses: {'200': {description: ok}}}
  /shops/{shop}/stats:
    get:
      parameters: [{name: shop, in: path, required: true, schema: {type: string, pattern: '^S[0-9]+$'}}]
      responses: {'200': {description: ok}}
`)
	h := "shop.example"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/shops/{shop}", "200:40", 0, 0, "/shops/S1"),
		ep(h, "GET", "/shops/{shop}/stats", "200:10", 0, 0, "/shops/S1/stats"),
		ep(h, "GET", "/shops/outlet/stats", "200:1", 0, 0),
	}
	got := summary(Diff(eps, []*Spec{spec}, Options{Kinds: []string{KindShadow}}))
	if want := []string{"shadow/path medium GET /shops/outlet/stats"}; !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// A method the documented path lacks, on a literal the inventory kept apart
// from a templated sibling of that path, is a route of its own: a shadow
// path at the literal, not a shadow method of the documented template.
// Without a templated sibling it stays a shadow method.
func TestLiteralExceptionOfAnotherMethod(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: files, version: '1'}
paths:
  /assets/{id}:
    get: {responses: {'200': {description: ok}}}
  /folders/{id}:
    get: {responses: {'200': {description: ok}}}
`)
	h := "cms.example"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/assets/{assetId}", "200:9", 0, 0, "/assets/4aea5e14-3565-463a-b5cf-129b41f6879e"),
		ep(h, "POST", "/assets/files", "200:1", 0, 0, "/assets/files"),
		ep(h, "POST", "/folders/archive", "200:1", 0, 0, "/folders/archive"),
	}
	got := summary(Diff(eps, []*Spec{spec}, Options{Kinds: []string{KindShadow}}))
	want := []string{
		"shadow/method medium POST /folders/{id}",
		"shadow/path medium POST /assets/files",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// Prefix alignment also takes literal exceptions (a route word beside a
// templated sibling, /count beside /{rowId}) and names every position the
// spec parametrises by the spec: the inventory's two explosions of one
// undocumented route, one with the table kept literal, give one finding on
// the documented prefix.
func TestAlignLiteralException(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: rows, version: '1'}
paths:
  /data/{org}/{base}/{table}:
    get: {responses: {'200': {description: ok}}}
  /data/{org}/{base}/{table}/{rowId}:
    get: {responses: {'200': {description: ok}}}
`)
	h := "db.example"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/data/acme/{acmeId}/{acmeSubId}", "200:9", 0, 0, "/data/acme/p81kd0x/customers"),
		ep(h, "GET", "/data/acme/{acmeId}/orders", "200:3", 0, 0, "/data/acme/p81kd0x/orders"),
		ep(h, "GET", "/data/acme/{acmeId}/{acmeSubId}/{rowId}", "200:9", 0, 0, "/data/acme/p81kd0x/customers/4"),
		ep(h, "GET", "/data/acme/{acmeId}/{acmeSubId}/count", "200:2", 0, 0, "/data/acme/p81kd0x/customers/count"),
		ep(h, "GET", "/data/acme/{acmeId}/orders/count", "200:1", 0, 0, "/data/acme/p81kd0x/orders/count"),
	}
	got := summary(Diff(eps, []*Spec{spec}, Options{Kinds: []string{KindShadow}}))
	want := []string{"shadow/path medium GET /data/{org}/{base}/{table}/count"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// An endpoint that answered only 501 is a shadow route when the method was
// GET or HEAD (a handler refused it: inventory.Exists), noise otherwise.
func TestNotImplementedGETIsAnswered(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: c, version: '1'}
paths:
  /containers/{id}/json:
    get: {responses: {'200': {description: ok}}}
`)
	h := "engine.example"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/containers/{id}/json", "200:4", 0, 0),
		ep(h, "GET", "/containers/{id}/checkpoints", "501:1", 0, 0),
		ep(h, "PATCH", "/containers/{id}/json", "501:1", 0, 0),
	}
	got := summary(Diff(eps, []*Spec{spec}, Options{Kinds: []string{KindShadow}}))
	want := []string{"shadow/path medium GET /containers/{id}/checkpoints"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

// An inventory template whose values all fail the documented parameter's
// schema is the documented operation when the inventory's evidence for a
// parameter is more than one word (two values, or sub-resources): the
// spec's type drifted, reported as path_value_out_of_schema.
func TestPathValueOutOfSchema(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: r, version: '1'}
paths:
  /relations:
    get: {operationId: listRelations, responses: {'200': {description: ok}}}
  /relations/{id}:
    get:
      operationId: getRelation
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses: {'200': {description: ok}}
`)
	h := "cms.example"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/relations/{relationId}", "200:2", 0, 0, "/relations/articles"),
		ep(h, "GET", "/relations/{relationId}/{relationSubId}", "200:1", 0, 0, "/relations/articles/author"),
	}
	got := summary(Diff(eps, []*Spec{spec}, Options{}))
	want := []string{
		"path_value_out_of_schema low GET /relations/{id}",
		"shadow/path medium GET /relations/{relationId}/{relationSubId}",
		"unused info GET /relations",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
