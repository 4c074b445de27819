package diff

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

// A protobuf descriptor set (protoc --descriptor_set_out) is a spec of
// gRPC methods: POST /package.Service/Method each, deprecated where the
// .proto says so.
func TestProtosetSpec(t *testing.T) {
	s := mustLoad(t, "shop.protoset")
	if s.OpenAPI != "protoset" || s.NumOperations() != 12 {
		t.Fatalf("OpenAPI %q, %d operations", s.OpenAPI, s.NumOperations())
	}
	const h = "10.0.0.5:50051"
	grpcEP := func(path string, unauth2xx uint64) (e inventory.Endpoint) {
		e = ep(h, "POST", path, "200:3", unauth2xx, unauth2xx)
		e.RequestContentTypes = map[string]uint64{"application/grpc": 3}
		e.ResponseContentTypes = map[string]uint64{"application/grpc": 3}
		return e
	}
	eps := []inventory.Endpoint{
		grpcEP("/shop.v1.Catalog/GetItem", 2),
		grpcEP("/shop.v1.Catalog/ListItems", 0),
		grpcEP("/shop.v1.Catalog/DeleteItem", 0),
		grpcEP("/shop.v1.Catalog/ImportItems", 0),
		grpcEP("/shop.v1.Catalog/LegacySearch", 0),
		grpcEP("/shop.v1.Orders/PlaceOrder", 0),
		grpcEP("/shop.v1.Catalog/PurgeAll", 0),
		grpcEP("/shop.v1.Admin/DumpUsers", 1),
	}
	got := summary(Diff(eps, []*Spec{s}, Options{}))
	want := []string{
		"shadow/path high POST /shop.v1.Admin/DumpUsers",
		"unauthenticated high POST /shop.v1.Admin/DumpUsers",
		"zombie medium POST /shop.v1.Catalog/LegacySearch",
		"shadow/path medium POST /shop.v1.Catalog/PurgeAll",
		"unauthenticated low POST /shop.v1.Catalog/GetItem",
		"unused info POST /shop.v1.Catalog/SearchItems",
		"unused info POST /shop.v1.Orders/CancelOrder",
		"unused info POST /shop.v1.Orders/GetOrder",
		"unused info POST /shop.v1.Orders/RefundOrder",
		"unused info POST /shop.v1.Users/GetProfile",
		"unused info POST /shop.v1.Users/UpdateProfile",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
}

// A broken descriptor set is an error, not a panic, and not an empty spec.
func TestProtosetBroken(t *testing.T) {
	good, err := os.ReadFile(filepath.Join("testdata", "specs", "shop.protoset"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{
		"cut.protoset":   good[:len(good)/2],
		"empty.protoset": {},
		"text.pb":        []byte("openapi: 3.0.0\n"),
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if s, _, err := LoadSpec(p, nil); err == nil || s != nil {
			t.Errorf("%s: loaded (%v)", name, err)
		}
	}
}
