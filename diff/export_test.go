package diff

import (
	"context"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

func TestExportOpenAPIRoundTrip(t *testing.T) {
	eps := peopleEndpoints()
	// Richer inventory data than the scenario model: types, shapes, bodies.
	for i := range eps {
		e := &eps[i]
		switch e.Path {
		case "/hr/api/employees/{id}":
			e.PathParams = []inventory.Param{{Name: "id", Type: "id"}}
			e.ResponseContentTypes = map[string]uint64{"application/json": 165}
			e.ResponseShape = &inventory.Shape{Type: "object", Properties: map[string]*inventory.Shape{
				"id": {Type: "string"}, "work_email": {Type: "string", Format: "email"},
				"tags":    {Type: "array", Items: &inventory.Shape{Type: "string"}},
				"manager": {Type: "object", Nullable: true}, "gone": {Type: "null"}, "list": {Type: "array"},
			}}
		case "/hr/api/leave-requests/{uuid}":
			e.PathParams = []inventory.Param{{Name: "uuid", Type: "uuid"}}
		case "/hr/api/legacy/staff/{staffNumber}":
			e.PathParams = []inventory.Param{{Name: "staffNumber", Type: "integer"}}
		case "/hr/api/holidays/{param1}/{year}":
			// A wrong inferred type: the examples do not fit, so it is dropped.
			e.PathParams = []inventory.Param{{Name: "param1", Type: "integer"}, {Name: "year", Type: "integer"}}
		case "/hr/api/leave-requests":
			e.RequestContentTypes = map[string]uint64{"application/json": 41}
			e.RequestShape = &inventory.Shape{Type: "object", Properties: map[string]*inventory.Shape{"days": {Type: "integer"}}}
		case "/hr/api/session":
			e.AuthKinds = map[string]uint64{"basic": 1, "bearer_jwt": 2, "api_key_header": 1, "token_query": 1, "mystery": 1}
		}
	}
	eps = append(eps,
		ep("other.example:8080", "GET", "/v2/items/{sid}.json", "200:3", 0, 0, "/v2/items/AB12.json"),
		ep("other.example:8080", "PROPFIND", "/dav", "207:1", 0, 0),
	)
	doc, err := ExportOpenAPI(eps, "")
	if err != nil {
		t.Fatalf("ExportOpenAPI: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("exported document does not validate: %v", err)
	}
	if got := doc.Extensions["x-shadowtap-skipped-endpoints"]; got != 1 {
		t.Errorf("skipped = %v, want 1 (PROPFIND)", got)
	}
	if len(doc.Servers) != 2 {
		t.Errorf("servers: %d", len(doc.Servers))
	}
	spec, warns, err := NewSpec(doc, "exported.yaml", nil)
	if err != nil || len(warns) != 0 {
		t.Fatalf("NewSpec: %v %q", err, warns)
	}
	fs := Diff(eps, []*Spec{spec}, Options{})
	for _, f := range fs {
		switch f.Kind {
		case KindShadow:
			if f.Method != "PROPFIND" {
				t.Errorf("round trip shadow: %s %s %s (%s)", f.Method, f.Host, f.Path, f.Detail)
			}
		case KindUnauthenticated, KindZombie, KindUnused, KindUndocumentedQueryParam, KindUndocumentedStatus, KindUndocumentedContentType:
			if f.Method != "PROPFIND" {
				t.Errorf("round trip finding: %s %s %s (%s)", f.Kind, f.Method, f.Path, f.Detail)
			}
		}
	}
	// Types that fit the examples survive; the wrong one is dropped.
	p := doc.Paths.Find("/hr/api/legacy/staff/{staffNumber}")
	if p == nil || p.Get.Parameters[0].Value.Schema.Value.Type.Slice()[0] != "integer" {
		t.Errorf("staffNumber parameter: %+v", p)
	}
	h := doc.Paths.Find("/hr/api/holidays/{param1}/{year}")
	if h == nil || h.Get.Parameters[0].Value.Schema.Value.Type.Slice()[0] != "string" || h.Get.Parameters[1].Value.Schema.Value.Type.Slice()[0] != "integer" {
		t.Errorf("holiday parameters: %+v", h)
	}
	if _, ok := doc.Components.SecuritySchemes["mystery"]; ok {
		t.Error("an unknown credential kind became a scheme")
	}
	for _, n := range []string{"basic", "bearer_jwt", "api_key_header", "token_query", "session_cookie"} {
		if _, ok := doc.Components.SecuritySchemes[n]; !ok {
			t.Errorf("no security scheme for %s", n)
		}
	}
}

func TestExportOpenAPIEmpty(t *testing.T) {
	doc, err := ExportOpenAPI(nil, "empty")
	if err != nil {
		t.Fatal(err)
	}
	if doc.Paths.Len() != 0 || doc.Info.Title != "empty" {
		t.Errorf("empty export: %+v", doc)
	}
}
