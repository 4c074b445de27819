package inventory

import (
	"fmt"
	"net/http"
	"testing"
)

// gRPC methods are names, never values, however many a service has; the
// grpc-status decides the status recorded; UNIMPLEMENTED is the server's
// "no such method" (noise), NOT_FOUND the method's own answer.
func TestGRPCInventory(t *testing.T) {
	inv := New(Config{})
	call := func(path, grpcStatus string, opts ...string) {
		x := ex("POST", path, 200, opts...)
		x.RequestContentType = "application/grpc"
		x.ResponseContentType = "application/grpc"
		x.ResponseHeader = http.Header{"Content-Type": {"application/grpc"}, "Grpc-Status": {grpcStatus}}
		x.ResponseBody = []byte{0, 0, 0, 0, 2, 8, 1}
		inv.Observe(x)
	}
	var want []string
	for _, svc := range []string{"shop.v1.Catalog", "shop.v1.Orders", "billing.v2.Invoices"} {
		for _, m := range []string{"GetItem", "ListItems", "CreateItem", "UpdateItem", "DeleteItem", "SearchItems", "BatchGetItems"} {
			for i := 0; i < 3; i++ {
				call(fmt.Sprintf("/%s/%s", svc, m), "0", "auth:bearer")
			}
			want = append(want, "POST /"+svc+"/"+m)
		}
	}
	call("/shop.v1.Catalog/Missing", "12")             // UNIMPLEMENTED: no such method
	call("/shop.v1.Orders/Refund", "5", "auth:bearer") // NOT_FOUND from the handler: the method exists
	want = append(want, "POST /shop.v1.Orders/Refund")
	call("/shop.v1.Catalog/GetItem", "16") // UNAUTHENTICATED without credentials
	sameSet(t, templates(inv), want)
	for _, e := range inv.Endpoints() {
		switch e.Path {
		case "/shop.v1.Catalog/GetItem":
			if e.Statuses["401"] != 1 || e.Statuses["200"] != 3 || e.Unauthenticated2xx != 0 || e.UnauthenticatedHits != 1 {
				t.Errorf("GetItem: statuses %v, unauth %d/%d", e.Statuses, e.UnauthenticatedHits, e.Unauthenticated2xx)
			}
		case "/shop.v1.Orders/Refund":
			if e.Statuses["404"] != 1 {
				t.Errorf("Refund: statuses %v", e.Statuses)
			}
		}
	}
	if n := len(inv.Noise()); n != 1 {
		t.Errorf("noise: %d entries, want the UNIMPLEMENTED call", n)
	}
	// the mark survives storage
	blob, err := inv.MarshalHost("api.example.test")
	if err != nil {
		t.Fatal(err)
	}
	again := New(Config{})
	if err := again.LoadHost("api.example.test", blob); err != nil {
		t.Fatal(err)
	}
	if !again.hosts["api.example.test"].root.lit["shop.v1.Catalog"].rpc {
		t.Error("service mark lost in storage")
	}
}
