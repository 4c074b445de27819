package inventory

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

func shapeOf(t *testing.T, bodies ...string) *Shape {
	t.Helper()
	var s *Shape
	for _, b := range bodies {
		p := shapeParser{b: []byte(b), maxDepth: 8, maxProps: 64}
		p.skipWS()
		s = p.parse(s, 0, nil)
	}
	return s
}

func TestShapeInference(t *testing.T) {
	tests := []struct {
		name   string
		bodies []string
		want   string
	}{
		{"object", []string{`{"id":1,"name":"x","ok":true,"score":1.5,"tags":["a"],"n":null}`},
			`{"type":"object","properties":{"id":{"type":"integer"},"n":{"type":"null"},"name":{"type":"string"},"ok":{"type":"boolean"},"score":{"type":"number"},"tags":{"type":"array","items":{"type":"string"}}}}`},
		{"merge_int_number_and_null", []string{`{"a":1,"b":"x"}`, `{"a":2.5,"b":null,"c":{"d":"2024-01-02"}}`},
			`{"type":"object","properties":{"a":{"type":"number"},"b":{"type":"string","nullable":true},"c":{"type":"object","properties":{"d":{"type":"string","format":"date"}}}}}`},
		{"formats", []string{`{"e":"a@b.io","u":"e24e0ba2-9fa1-4dc5-a472-ba9149ac4038","t":"2024-02-29T10:00:00Z"}`},
			`{"type":"object","properties":{"e":{"type":"string","format":"email"},"t":{"type":"string","format":"date-time"},"u":{"type":"string","format":"uuid"}}}`},
		{"format_conflict_clears", []string{`{"e":"a@b.io"}`, `{"e":"plain"}`},
			`{"type":"object","properties":{"e":{"type":"string"}}}`},
		{"array_of_objects", []string{`[{"id":1},{"id":2,"x":"y"}]`},
			`{"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"x":{"type":"string"}}}}`},
		{"escapes", []string{`{"a\"b":"c\\\"d"}`}, `{"type":"object","properties":{"a\\\"b":{"type":"string"}}}`},
		{"type_conflict_keeps_first", []string{`{"a":1}`, `{"a":"x"}`}, `{"type":"object","properties":{"a":{"type":"integer"}}}`},
		{"id_keys_are_kinds", []string{`{"212227000":{"name":"x"},"e24e0ba2-9fa1-4dc5-a472-ba9149ac4038":{"n":1},"line1":"a","sha256":"b","p95":3}`},
			`{"type":"object","properties":{"line1":{"type":"string"},"p95":{"type":"integer"},"sha256":{"type":"string"},"{integer}":{"type":"object","properties":{"name":{"type":"string"}}},"{uuid}":{"type":"object","properties":{"n":{"type":"integer"}}}}}`},
		{"truncated_body_keeps_prefix", []string{`{"a":1,"b":{"c":`}, `{"type":"object","properties":{"a":{"type":"integer"},"b":{"type":"object"}}}`},
	}
	for _, tt := range tests {
		b, _ := json.Marshal(shapeOf(t, tt.bodies...))
		if string(b) != tt.want {
			t.Errorf("%s:\n got %s\nwant %s", tt.name, b, tt.want)
		}
	}
}

func TestShapeBounds(t *testing.T) {
	deep := strings.Repeat(`{"a":`, 100000) + "1" + strings.Repeat("}", 100000)
	s := shapeOf(t, deep)
	d := 0
	for x := s; x != nil; x = x.Properties["a"] {
		d++
	}
	if d > 8 {
		t.Errorf("depth %d > 8", d)
	}
	var wide strings.Builder
	wide.WriteString("{")
	for i := 0; i < 1000; i++ {
		if i > 0 {
			wide.WriteString(",")
		}
		wide.WriteString(`"k` + strconv.Itoa(i) + `":1`)
	}
	wide.WriteString("}")
	if s := shapeOf(t, wide.String()); len(s.Properties) != 64 {
		t.Errorf("width %d, want 64", len(s.Properties))
	}
	// a deeply nested array must not exhaust the stack when skipped
	_ = shapeOf(t, strings.Repeat("[", 1<<20))
}

func TestQueryParams(t *testing.T) {
	inv := New(DefaultConfig())
	for _, q := range []string{"page=1&limit=10&q=anna&active=true", "page=2&limit=20&active=false&from=2024-01-02", "page=3&q=piet&lat=52.1"} {
		inv.Observe(ex("GET", "/search?"+q, 200))
	}
	e := inv.Endpoints()[0]
	got := map[string]string{}
	for _, p := range e.QueryParams {
		got[p.Name] = p.Type + "/" + strconv.Itoa(int(p.Count))
	}
	want := map[string]string{"page": "integer/3", "limit": "integer/2", "q": "string/2", "active": "boolean/2", "from": "date/1", "lat": "number/1"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("query %s = %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}

// An error's body is not the resource's shape: a 404's {"error"} stays out
// of the endpoint's response shape (and out of the features that compare
// siblings), while its sensitive data is still scanned.
func TestResponseShapeFrom2xxOnly(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/things/1", 200, `body:{"id":1,"name":"x"}`))
	inv.Observe(ex("GET", "/things/2", 404, `body:{"error":"no such thing","contact":"ops@example.com"}`))
	eps := inv.Endpoints()
	if len(eps) != 1 {
		t.Fatalf("endpoints: %d", len(eps))
	}
	b, _ := json.Marshal(eps[0].ResponseShape)
	if want := `{"type":"object","properties":{"id":{"type":"integer"},"name":{"type":"string"}}}`; string(b) != want {
		t.Errorf("response shape:\n got %s\nwant %s", b, want)
	}
	if eps[0].Sensitive["response.email"] == 0 {
		t.Errorf("sensitive kinds %v: the error body's email not counted", eps[0].Sensitive)
	}
}

// A body whose type names no media type ("*", echoed from the client's
// Accept by a gateway) is sniffed: JSON gives a shape, as with no type.
func TestShapeOfWildcardType(t *testing.T) {
	for _, ct := range []string{"*", "*/*", "json"} {
		inv := New(Config{})
		inv.Observe(ex("GET", "/api/v1/namespaces", 200, "ctype:"+ct, `body:{"namespaces":[{"name":"billing"}]}`))
		eps := inv.Endpoints()
		if len(eps) != 1 || eps[0].ResponseShape == nil || eps[0].ResponseShape.Properties["namespaces"] == nil {
			t.Errorf("%q: no response shape: %+v", ct, eps)
		}
	}
}
