package diff

import (
	"reflect"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

// Document names each endpoint as the diff reports it: a documented one by
// its operation and the documented template with the base path its calls
// used, an undocumented one below a documented prefix by the prefix's
// parameters (both explosions of one route get one template), a shadow
// method by the documented path, and an endpoint on a host no spec covers
// not at all.
func TestDocument(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: rows, version: '1'}
servers: [{url: 'http://db.example/api'}]
paths:
  /data/{org}/{base}/{table}:
    get: {operationId: listRows, responses: {'200': {description: ok}}}
  /data/{org}/{base}/{table}/{rowId}:
    get: {operationId: getRow, responses: {'200': {description: ok}}}
`)
	h := "db.example"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/api/data/acme/{acmeId}/{acmeSubId}", "200:9", 0, 0, "/api/data/acme/p81kd0x/customers"),
		ep(h, "GET", "/api/data/acme/{acmeId}/orders", "200:3", 0, 0, "/api/data/acme/p81kd0x/orders"),
		ep(h, "GET", "/api/data/acme/{acmeId}/{acmeSubId}/{rowId}", "200:9", 0, 0, "/api/data/acme/p81kd0x/customers/4"),
		ep(h, "GET", "/api/data/acme/{acmeId}/{acmeSubId}/count", "200:2", 0, 0, "/api/data/acme/p81kd0x/customers/count"),
		ep(h, "GET", "/api/data/acme/{acmeId}/orders/count", "200:1", 0, 0, "/api/data/acme/p81kd0x/orders/count"),
		ep(h, "DELETE", "/api/data/acme/{acmeId}/{acmeSubId}/{rowId}", "204:1", 0, 0, "/api/data/acme/p81kd0x/customers/4"),
		ep("other.example", "GET", "/health", "200:1", 1, 1),
	}
	type row struct{ covered, op, shadow, path string }
	var got []row
	for _, d := range Document(eps, []*Spec{spec}, Options{}) {
		r := row{path: d.Path, shadow: d.Shadow}
		if d.Covered {
			r.covered = "covered"
		}
		if d.Operation != nil {
			r.op = d.Operation.OperationID
		}
		got = append(got, r)
	}
	want := []row{
		{"covered", "listRows", "", "/api/data/{org}/{base}/{table}"},
		{"covered", "listRows", "", "/api/data/{org}/{base}/{table}"},
		{"covered", "getRow", "", "/api/data/{org}/{base}/{table}/{rowId}"},
		{"covered", "", ShadowPath, "/api/data/{org}/{base}/{table}/count"},
		{"covered", "", ShadowPath, "/api/data/{org}/{base}/{table}/count"},
		{"covered", "", ShadowMethod, "/api/data/{org}/{base}/{table}/{rowId}"},
		{"", "", "", ""},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// With uncovered hosts included (diff's default in the CLI), the other
	// host's endpoint is undocumented, on its own template.
	d := Document(eps, []*Spec{spec}, Options{IncludeUncoveredHosts: true})
	if last := d[len(d)-1]; !last.Covered || last.Shadow != ShadowPath || last.Path != "/health" {
		t.Errorf("uncovered host included: %+v", last)
	}
	// Diff's findings are the same whether or not Document ran.
	if a, b := summary(Diff(eps, []*Spec{spec}, Options{})), summary(run(eps, []*Spec{spec}, Options{}, map[*inventory.Endpoint]*Documentation{})); !reflect.DeepEqual(a, b) {
		t.Errorf("findings differ with docs recorded:\n%q\n%q", a, b)
	}
}
