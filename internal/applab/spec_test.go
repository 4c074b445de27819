package applab

import (
	"os"
	"path/filepath"
	"testing"
)

func TestSpecRules(t *testing.T) {
	v3 := []byte(`openapi: 3.0.3
info: {title: t, version: "1"}
servers:
  - url: https://{host}/api/{ver}
    variables:
      host: {default: example.com}
      ver: {default: v2}
security: []
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: x-api-key}
    q: {type: apiKey, in: query, name: token}
paths:
  /a:
    get: {responses: {"200": {description: ok}}}
  /b/{id}:
    get:
      security: [{key: []}]
      responses: {"200": {description: ok}}
    post:
      security: [{}, {key: []}]
      deprecated: true
      responses: {"200": {description: ok}}
`)
	s, err := ParseSpec(v3, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.BasePath != "/api/v2" || len(s.Ops) != 3 {
		t.Fatalf("base %q, %d ops", s.BasePath, len(s.Ops))
	}
	want := map[string][2]bool{"GET /api/v2/a": {true, false}, "GET /api/v2/b/{id}": {false, false}, "POST /api/v2/b/{id}": {true, true}}
	for _, o := range s.Ops {
		w, ok := want[o.Method+" "+o.Path]
		if !ok || w[0] != o.Public || w[1] != o.Deprecated {
			t.Errorf("%s %s: public=%v deprecated=%v", o.Method, o.Path, o.Public, o.Deprecated)
		}
	}
	if len(s.KeyHeaders) != 1 || s.KeyHeaders[0] != "X-Api-Key" || len(s.KeyQuery) != 1 || s.KeyQuery[0] != "token" {
		t.Errorf("keys %v %v", s.KeyHeaders, s.KeyQuery)
	}
	v2 := []byte(`swagger: "2.0"
info: {title: t, version: "1"}
basePath: /api/v1/
securityDefinitions:
  k: {type: apiKey, in: query, name: api_key}
paths:
  /x/{id}:
    get:
      responses:
        200: {description: ok}
    delete:
      security: []
      responses:
        204: {description: gone}
`)
	s, err = ParseSpec(v2, "")
	if err != nil {
		t.Fatal(err)
	}
	if s.BasePath != "/api/v1" || len(s.Ops) != 2 || s.Ops[0].Path != "/api/v1/x/{id}" || s.Ops[0].Public || !s.Ops[1].Public {
		t.Errorf("swagger 2: base %q ops %+v %+v", s.BasePath, s.Ops[0], s.Ops[1])
	}
	if len(s.KeyQuery) != 1 || s.KeyQuery[0] != "api_key" {
		t.Errorf("swagger 2 keys: %v", s.KeyQuery)
	}
	if s, _ = ParseSpec(v2, "/other/"); s.BasePath != "/other" || s.Ops[0].Path != "/other/x/{id}" {
		t.Errorf("app.json base_path not applied: %q", s.BasePath)
	}
}

func TestFloors(t *testing.T) {
	p := filepath.Join(t.TempDir(), "floors.tsv")
	os.WriteFile(p, []byte("app\tvariant\tcategory\tfloor\nx\tbase\toverall\t0.9\n*\t*\tshadow\t0.5\n"), 0o644)
	f, err := readFloors(p)
	if err != nil {
		t.Fatal(err)
	}
	if v, ok := floorFor(f, "x", "base", "overall"); !ok || v != 0.9 {
		t.Error("x base overall")
	}
	if _, ok := floorFor(f, "x", "impaired", "overall"); ok {
		t.Error("x impaired overall has no floor")
	}
	if v, ok := floorFor(f, "y", "midstream", "shadow"); !ok || v != 0.5 {
		t.Error("wildcard")
	}
}
