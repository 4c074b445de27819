package diff

import (
	"slices"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

// multiEP is ep with the named path parameters marked MultiSegment, as the
// inventory reports a file-path parameter.
func multiEP(host, method, path string, multi []string, examples ...string) inventory.Endpoint {
	e := ep(host, method, path, "200:1", 0, 0, examples...)
	for _, s := range parseObserved(path) {
		if s.kind == segParam && len(s.names) == 1 {
			e.PathParams = append(e.PathParams, inventory.Param{Name: s.names[0], Type: "string", MultiSegment: slices.Contains(multi, s.names[0])})
		}
	}
	return e
}

// Multi-segment parameters against a code-hosting spec (forge-api-v1.yaml,
// written for these tests), whose contents, raw and editorconfig operations
// take a file path in {filepath}.
func TestSpanForge(t *testing.T) {
	forge := mustLoad(t, "forge-api-v1.yaml")
	h := "git.internal:3000"
	const r = "/api/v1/repos/kim/site"
	const tr = "/api/v1/repos/{owner}/{repo}"
	cases := []struct {
		name string
		e    inventory.Endpoint
		want string
	}{
		// Literal paths with more segments than the template.
		{"contents_file", ep(h, "GET", r+"/contents/docs/guide/a.md", "200:1", 0, 0), "op repoGetContents"},
		{"contents_file_put", ep(h, "PUT", r+"/contents/docs/a.md", "200:1", 0, 0), "op repoUpdateFile"},
		{"contents_file_delete", ep(h, "DELETE", r+"/contents/src/pkg/main.go", "200:1", 0, 0), "op repoDeleteFile"},
		{"raw_file", ep(h, "GET", r+"/raw/src/pkg/main.go", "200:1", 0, 0), "op repoGetRawFile"},
		{"raw_file_examples", ep(h, "GET", r+"/raw/assets/{file}", "200:1", 0, 0, r+"/raw/assets/logo.png", r+"/raw/assets/img/bg.jpg"), "op repoGetRawFile"},
		{"raw_masked_file", ep(h, "GET", r+"/raw/build/{x}", "200:1", 0, 0, r+"/raw/build/js/app.****.js"), "op repoGetRawFile"},
		{"editorconfig_file", ep(h, "GET", r+"/editorconfig/sub/dir/main.go", "200:1", 0, 0), "op repoGetEditorConfig"},
		{"head_spans_undocumented", ep(h, "HEAD", r+"/raw/docs/a.md", "200:1", 0, 0), "shadow/method " + r + "/raw/docs/a.md"},
		{"undocumented_method_on_spanned_path", ep(h, "PATCH", r+"/contents/docs/a.md", "200:1", 0, 0), "shadow/method " + r + "/contents/docs/a.md"},
		// One segment: the exact match, as before.
		{"exact_single_segment", ep(h, "GET", r+"/contents/README.md", "200:1", 0, 0), "op repoGetContents"},
		// The inventory's MultiSegment parameter: its examples span, files
		// and directories alike.
		{"multi_template_file_examples", multiEP(h, "GET", tr+"/contents/{path}", []string{"path"}, r+"/contents/docs/guide/a.md", r+"/contents/docs/b.md"), "op repoGetContents"},
		{"multi_template_directory_example", multiEP(h, "GET", tr+"/contents/{path}", []string{"path"}, r+"/contents/docs/guide"), "op repoGetContents"},
		{"multi_template_raw", multiEP(h, "GET", tr+"/raw/{path}", []string{"path"}, r+"/raw/main/docs", r+"/raw/main/docs/a.md"), "op repoGetRawFile"},
		// Without the mark, the spec's name says {filepath} is a path, so
		// a directory spans too (a generic {id} does not: TestSpanRules).
		{"directory_by_parameter_name", ep(h, "GET", tr+"/contents/{path}", "200:1", 0, 0, r+"/contents/docs/guide"), "op repoGetContents"},
		{"literal_directory", ep(h, "GET", r+"/contents/docs/guide", "200:1", 0, 0), "op repoGetContents"},
		// No span swallows undocumented sub-resources: a file has no
		// children, even under a parameter named a path.
		{"non_file_tail_under_repo", ep(h, "GET", r+"/secret-admin/export", "200:1", 0, 0), "shadow/path " + r + "/secret-admin/export"},
		{"non_file_tail_under_filepath", ep(h, "GET", r+"/contents/docs/a.md/blame", "200:1", 0, 0), "shadow/path " + r + "/contents/docs/a.md/blame"},
		// {repo} documents dozens of sub-resources: a file under an unknown
		// one (a later /media/{filepath}) is not a repository name.
		{"file_tail_under_identifier", ep(h, "GET", r+"/media/docs/logo.png", "200:1", 0, 0), "shadow/path " + r + "/media/docs/logo.png"},
		{"file_tail_under_user", ep(h, "GET", "/api/v1/users/kim/avatar/big.png", "200:1", 0, 0), "shadow/path /api/v1/users/kim/avatar/big.png"},
		// A MultiSegment mark covers only its own segments.
		{"multi_mark_not_elsewhere", multiEP(h, "GET", tr+"/media/{path}", []string{"path"}, r+"/media/docs/logo.png"), "shadow/path " + tr + "/media/{path}"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := matchOne(t, []*Spec{forge}, Options{}, tc.e); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	// Lenient methods: HEAD spans to the documented GET.
	if got := matchOne(t, []*Spec{forge}, Options{LenientMethods: true}, ep(h, "HEAD", r+"/raw/docs/a.md", "200:1", 0, 0)); got != "op repoGetRawFile" {
		t.Errorf("lenient HEAD: got %q, want op repoGetRawFile", got)
	}
}

const spanSpec = `openapi: 3.0.3
info: {title: span, version: '1'}
paths:
  /notebooks/{path}:
    get: {operationId: getNotebook, responses: {'200': {description: ok}}}
  /notebooks/{path}/checkpoints:
    get: {operationId: listCheckpoints, responses: {'200': {description: ok}}}
  /downloads/{name}:
    get: {operationId: getDownload, responses: {'200': {description: ok}}}
  /users/{id}:
    get: {operationId: getUser, responses: {'200': {description: ok}}}
  /blobs/{id}:
    get:
      operationId: getBlob
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses: {'200': {description: ok}}
  /items/{itemId}:
    get:
      operationId: getItem
      parameters: [{name: itemId, in: path, required: true, schema: {type: string, format: uuid}}]
      responses: {'200': {description: ok}}
  /days/{day}:
    get:
      operationId: getDay
      parameters: [{name: day, in: path, required: true, schema: {type: string, format: date}}]
      responses: {'200': {description: ok}}
  /keys/{key}:
    get:
      operationId: getKey
      parameters: [{name: key, in: path, required: true, schema: {type: string, pattern: '^[a-z0-9.-]+$'}}]
      responses: {'200': {description: ok}}
  /paths/{p}:
    get:
      operationId: getPath
      parameters: [{name: p, in: path, required: true, schema: {type: string, pattern: '^docs/'}}]
      responses: {'200': {description: ok}}
  /modes/{mode}:
    get:
      operationId: getMode
      parameters: [{name: mode, in: path, required: true, schema: {type: string, enum: [fast, slow]}}]
      responses: {'200': {description: ok}}
  /objects/{Key+}:
    get:
      operationId: getObject
      parameters: [{name: Key, in: path, required: true, schema: {type: string}}]
      responses: {'200': {description: ok}}
  /orgs/{org}:
    get: {operationId: getOrg, responses: {'200': {description: ok}}}
  /orgs/{org}/{team}:
    get:
      operationId: getTeam
      parameters: [{name: team, in: path, required: true, schema: {type: integer}}]
      responses: {'200': {description: ok}}
  /files/{path}:
    get: {operationId: getFile, responses: {'200': {description: ok}}}
  /files/{dir}/{name}:
    get: {operationId: getDirFile, responses: {'200': {description: ok}}}
`

// spanExactSpec has a route of four parameters that matches any path of
// four segments.
const spanExactSpec = `openapi: 3.0.3
info: {title: span, version: '1'}
paths:
  /{tenant}/{app}/{env}/{file}:
    get: {operationId: getConfig, responses: {'200': {description: ok}}}
  /assets/cdn/{path}:
    get: {operationId: getAsset, responses: {'200': {description: ok}}}
`

// Span rules against a small spec: schemas that forbid a slash, greedy
// parameters, literal suffixes, and the precedence of exact matches.
func TestSpanRules(t *testing.T) {
	spec := loadText(t, spanSpec)
	h := "api.example.com"
	cases := []struct {
		name string
		e    inventory.Endpoint
		opts Options
		want string
	}{
		{"file_path", ep(h, "GET", "/notebooks/work/sub/analysis.ipynb", "200:1", 0, 0), Options{}, "op getNotebook"},
		{"literal_suffix_after_span", ep(h, "GET", "/notebooks/work/analysis.ipynb/checkpoints", "200:1", 0, 0), Options{}, "op listCheckpoints"},
		{"literal_suffix_multi_template", multiEP(h, "GET", "/notebooks/{path}/checkpoints", []string{"path"}, "/notebooks/work/sub/checkpoints"), Options{}, "op listCheckpoints"},
		{"multi_template_example_with_suffix", multiEP(h, "GET", "/notebooks/{path}", []string{"path"}, "/notebooks/work/a.ipynb/checkpoints"), Options{}, "op listCheckpoints"},
		// {path} is a path by name: a directory spans before a literal
		// suffix, but not past a file name.
		{"literal_suffix_after_directory", ep(h, "GET", "/notebooks/{path}/checkpoints", "200:1", 0, 0, "/notebooks/work/sub/checkpoints"), Options{}, "op listCheckpoints"},
		{"no_span_past_a_file", ep(h, "GET", "/notebooks/work/a.ipynb/raw/checkpoints", "200:1", 0, 0), Options{}, "shadow/path /notebooks/work/a.ipynb/raw/checkpoints"},
		{"exact_suffix", ep(h, "GET", "/notebooks/a.ipynb/checkpoints", "200:1", 0, 0), Options{}, "op listCheckpoints"},
		{"file_tail_under_leaf", ep(h, "GET", "/downloads/2024/q1/report.pdf", "200:1", 0, 0), Options{}, "op getDownload"},
		// A generic {id} takes no sub-resource path.
		{"id_non_file_tail", ep(h, "GET", "/users/42/secret-admin/export", "200:1", 0, 0), Options{}, "shadow/path /users/42/secret-admin/export"},
		{"id_non_file_tail_template", ep(h, "GET", "/users/{id}/secret-admin/export", "200:1", 0, 0, "/users/42/secret-admin/export"), Options{}, "shadow/path /users/{id}/secret-admin/export"},
		{"id_marked_multi", multiEP(h, "GET", "/users/{id}", []string{"id"}, "/users/a/b"), Options{}, "op getUser"},
		// Schemas that forbid a slash: never a span.
		{"integer_never_spans", ep(h, "GET", "/blobs/1/2.txt", "200:1", 0, 0), Options{}, "shadow/path /blobs/1/2.txt"},
		{"integer_never_spans_multi", multiEP(h, "GET", "/blobs/{id}", []string{"id"}, "/blobs/1/2"), Options{}, "shadow/path /blobs/{id}"},
		{"integer_never_spans_no_schemas", ep(h, "GET", "/blobs/1/2.txt", "200:1", 0, 0), Options{NoParamSchemas: true}, "shadow/path /blobs/1/2.txt"},
		{"uuid_never_spans", ep(h, "GET", "/items/3f2b8c1e-9d4a-4b7e-8f6a-1c2d3e4f5a6b/a.txt", "200:1", 0, 0), Options{}, "shadow/path /items/3f2b8c1e-9d4a-4b7e-8f6a-1c2d3e4f5a6b/a.txt"},
		{"uuid_never_spans_multi", multiEP(h, "GET", "/items/{itemId}", []string{"itemId"}, "/items/a/b.txt"), Options{}, "shadow/path /items/{itemId}"},
		{"date_format_never_spans", ep(h, "GET", "/days/2024/01.txt", "200:1", 0, 0), Options{}, "shadow/path /days/2024/01.txt"},
		{"pattern_without_slash", ep(h, "GET", "/keys/a/b.txt", "200:1", 0, 0), Options{}, "shadow/path /keys/a/b.txt"},
		{"pattern_without_slash_unchecked", ep(h, "GET", "/keys/a/b.txt", "200:1", 0, 0), Options{NoParamSchemas: true}, "op getKey"},
		{"pattern_with_slash", ep(h, "GET", "/paths/docs/a.md", "200:1", 0, 0), Options{}, "op getPath"},
		{"pattern_with_slash_fails", ep(h, "GET", "/paths/src/a.md", "200:1", 0, 0), Options{}, "shadow/path /paths/src/a.md"},
		{"enum_never_spans", ep(h, "GET", "/modes/fast/a.txt", "200:1", 0, 0), Options{}, "shadow/path /modes/fast/a.txt"},
		// A greedy parameter ({Key+}) spans without a file name.
		{"greedy_parameter", ep(h, "GET", "/objects/photos/2024/raw", "200:1", 0, 0), Options{}, "op getObject"},
		// {org} has a parameter below it: an identifier, not a path.
		{"param_child_blocks_span", ep(h, "GET", "/orgs/acme/docs/a.md", "200:1", 0, 0), Options{}, "shadow/path /orgs/acme/docs/a.md"},
		// Exact segment counts win. {path} beside {dir}/{name} has a
		// parameter below it and never spans; the leaf {name} may.
		{"exact_two_params", ep(h, "GET", "/files/a/b.txt", "200:1", 0, 0), Options{}, "op getDirFile"},
		{"exact_one_param", ep(h, "GET", "/files/b.txt", "200:1", 0, 0), Options{}, "op getFile"},
		{"no_span_beside_deeper_route", ep(h, "GET", "/files/a/b/c.txt", "200:1", 0, 0), Options{}, "op getDirFile"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := matchOne(t, []*Spec{spec}, tc.opts, tc.e); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// A match with one segment per parameter wins over any span, even one with
// more literals.
func TestSpanExactFirst(t *testing.T) {
	spec := loadText(t, spanExactSpec)
	h := "api.example.com"
	cases := []struct{ path, want string }{
		{"/assets/cdn/img/logo.png", "op getConfig"},
		{"/assets/cdn/img/2x/logo.png", "op getAsset"},
		{"/assets/cdn/logo.png", "op getAsset"},
	}
	for _, tc := range cases {
		if got := matchOne(t, []*Spec{spec}, Options{}, ep(h, "GET", tc.path, "200:1", 0, 0)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.path, got, tc.want)
		}
	}
}

// Spanned calls count for the unused rule (noise included) and as value
// evidence for prefix alignment.
func TestSpanDiff(t *testing.T) {
	forge := mustLoad(t, "forge-api-v1.yaml")
	h := "git.internal:3000"
	const r = "/api/v1/repos/kim/site"
	const tr = "/api/v1/repos/{owner}/{repo}"
	eps := []inventory.Endpoint{
		multiEP(h, "GET", tr+"/contents/{path}", []string{"path"}, r+"/contents/docs/guide/a.md", r+"/contents/docs/guide"),
		ep(h, "GET", r+"/raw/src/main.go", "200:3", 0, 0),
		ep(h, "GET", r+"/secret-admin/export", "200:2", 0, 0),
		ep(h, "GET", r+"/contents/docs/a.md/blame", "200:1", 0, 0),
	}
	noise := []inventory.Noise{{Host: h, Method: "PUT", Path: r + "/contents/docs/missing.md", Statuses: map[string]uint64{"404": 1}, Hits: 1}}
	fs := Diff(eps, []*Spec{forge}, Options{Noise: noise})
	unused := map[string]bool{}
	for _, f := range fs {
		if f.Kind == KindUnused && f.Operation != nil {
			unused[f.Operation.OperationID] = true
		}
	}
	for _, id := range []string{"repoGetContents", "repoGetRawFile", "repoUpdateFile"} {
		if unused[id] {
			t.Errorf("%s reported unused", id)
		}
	}
	if !unused["repoDeleteFile"] {
		t.Errorf("repoDeleteFile not reported unused")
	}
	got := summary(fs, KindShadow)
	want := []string{
		"shadow/path medium GET " + tr + "/contents/{filepath}/blame",
		"shadow/path medium GET " + tr + "/secret-admin/export",
	}
	if !slices.Equal(got, want) {
		t.Errorf("shadows: got %q\nwant %q", got, want)
	}
}

// The span walk stays bounded on long paths: a span takes at most maxSpan
// segments, one parameter spans per match, and the visits are capped, even
// when every parameter may span ({a+}/{b+}/...).
func TestSpanBounded(t *testing.T) {
	spec := loadText(t, spanSpec)
	h := "api.example.com"
	long := "/downloads/" + strings.Repeat("d/", 5000) + "f.txt"
	if got := matchOne(t, []*Spec{spec}, Options{}, ep(h, "GET", long, "200:1", 0, 0)); got != "shadow/path "+long {
		t.Errorf("a span longer than maxSpan: got %q", got)
	}
	within := "/downloads/" + strings.Repeat("d/", maxSpan-1) + "f.txt"
	if got := matchOne(t, []*Spec{spec}, Options{}, ep(h, "GET", within, "200:1", 0, 0)); got != "op getDownload" {
		t.Errorf("a span of maxSpan segments: got %q", got)
	}
	var tmpl strings.Builder
	for c := 'a'; c <= 'l'; c++ {
		tmpl.WriteString("/{" + string(c) + "+}")
	}
	greedy := loadText(t, "openapi: 3.0.3\ninfo: {title: g, version: '1'}\npaths:\n  "+tmpl.String()+":\n    get: {operationId: g, responses: {'200': {description: ok}}}\n")
	for _, n := range []int{13, 40, 400} {
		m := matcher{obs: parseObserved(strings.Repeat("/x", n-1) + "/f.txt"), checkSchema: true, span: true}
		m.walk(greedy.trie, 0)
		if m.visits > maxVisits+1 {
			t.Errorf("%d segments: %d visits", n, m.visits)
		}
		if want := n - 12 + 1; n-12+1 <= maxSpan && len(m.out) == 0 {
			t.Errorf("%d segments: no match for a span of %d", n, want)
		}
	}
}

// A file name after a generated record id is the record's file
// (/assets/{id}/{filename}), not a path the documented /assets/{id} takes
// whole: no span, a shadow path. A file name after directories people named
// still spans.
func TestSpanNotAfterRecordID(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: files, version: '1'}
paths:
  /assets/{id}:
    get: {operationId: getAsset, responses: {'200': {description: ok}}}
`)
	h := "cms.example"
	cases := []struct{ path, want string }{
		{"/assets/4aea5e14-3565-463a-b5cf-129b41f6879e/flyer.txt", "shadow/path /assets/4aea5e14-3565-463a-b5cf-129b41f6879e/flyer.txt"},
		{"/assets/65a1f0c2e4b0a1b2c3d4e5f6/flyer.txt", "shadow/path /assets/65a1f0c2e4b0a1b2c3d4e5f6/flyer.txt"},
		{"/assets/brand/logos/flyer.txt", "op getAsset"},
	}
	for _, tc := range cases {
		if got := matchOne(t, []*Spec{spec}, Options{}, ep(h, "GET", tc.path, "200:1", 0, 0)); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.path, got, tc.want)
		}
	}
}

// A parameter is a path by the last word of its name.
func TestPathName(t *testing.T) {
	for name, want := range map[string]bool{
		"path": true, "filepath": true, "file_path": true, "objectPath": true, "Path": true,
		"pathId": false, "paths": false, "id": false, "pat": false, "": false,
	} {
		if got := pathName(name); got != want {
			t.Errorf("pathName(%q) = %v, want %v", name, got, want)
		}
	}
}
