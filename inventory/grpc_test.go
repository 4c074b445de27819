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
	again := reloaded(t, inv, "api.example.test")
	if !again.hosts["api.example.test"].root.lit["shop.v1.Catalog"].rpc {
		t.Error("service mark lost in storage")
	}
}

// Per-method gRPC counts: statuses by name and the messages each way;
// grpc-web carries its status in a trailer frame at the end of the body.
func TestGRPCStats(t *testing.T) {
	inv := New(Config{})
	msg := func(n int, payload string) []byte {
		var b []byte
		for i := 0; i < n; i++ {
			b = append(b, 0, 0, 0, 0, byte(len(payload)))
			b = append(b, payload...)
		}
		return b
	}
	// a server-streaming call: one request, three responses
	x := ex("POST", "/shop.v1.Catalog/ListItems", 200, "auth:bearer")
	x.RequestContentType, x.ResponseContentType = "application/grpc", "application/grpc"
	x.RequestBody, x.ResponseBody = msg(1, "\x08\x01"), msg(3, "\x0a\x01a")
	x.ResponseHeader = http.Header{"Grpc-Status": {"0"}}
	inv.Observe(x)
	// grpc-web over HTTP/1.1: status 7 in the trailer frame, no header
	w := ex("POST", "/shop.v1.Catalog/ListItems", 200)
	w.RequestContentType, w.ResponseContentType = "application/grpc-web+proto", "application/grpc-web+proto"
	trailer := "grpc-status: 7\r\ngrpc-message: denied\r\n"
	w.RequestBody = msg(1, "\x08\x02")
	w.ResponseBody = append([]byte{0x80, 0, 0, 0, byte(len(trailer))}, trailer...)
	w.ResponseHeader = http.Header{}
	inv.Observe(w)
	eps := inv.Endpoints()
	if len(eps) != 1 {
		t.Fatalf("%d endpoints", len(eps))
	}
	g := eps[0].GRPC
	if g == nil || g.Statuses["OK"] != 1 || g.Statuses["PERMISSION_DENIED"] != 1 || g.RequestMessages != 2 || g.ResponseMessages != 3 {
		t.Errorf("grpc stats %+v", g)
	}
	if eps[0].Statuses["403"] != 1 || eps[0].Unauthenticated2xx != 0 {
		t.Errorf("statuses %v, unauth 2xx %d", eps[0].Statuses, eps[0].Unauthenticated2xx)
	}
	again := reloaded(t, inv, "api.example.test")
	if g2 := again.Endpoints()[0].GRPC; g2 == nil || g2.ResponseMessages != 3 || g2.Statuses["PERMISSION_DENIED"] != 1 {
		t.Errorf("after storage: %+v", g2)
	}
}

// A gRPC call whose trailers were lost (no grpc-status) has an unknown
// outcome: not a 2xx, so never an unauthenticated success, and it makes
// no endpoint by itself.
func TestGRPCLostTrailers(t *testing.T) {
	inv := New(Config{})
	call := func(path, grpcStatus string, opts ...string) {
		x := ex("POST", path, 200, opts...)
		x.RequestContentType, x.ResponseContentType = "application/grpc", "application/grpc"
		x.ResponseHeader = http.Header{}
		if grpcStatus != "" {
			x.ResponseHeader.Set("Grpc-Status", grpcStatus)
		}
		inv.Observe(x)
	}
	call("/shop.v1.Orders/GetOrder", "0", "auth:bearer")
	call("/shop.v1.Orders/GetOrder", "") // refused, we will never know
	call("/shop.v1.Orders/Lost", "")     // nothing else known of it
	eps := inv.Endpoints()
	if len(eps) != 1 || eps[0].Unauthenticated2xx != 0 || eps[0].Statuses["0"] != 1 {
		t.Errorf("endpoints %+v", eps)
	}
}

// Connect's unary calls carry no gRPC framing (application/proto or JSON
// bodies, HTTP statuses): the path's shape says they are RPC methods, which
// are names, never values, however many there are. REST paths with a dot
// stay to the templating.
func TestConnectMethodsAreNames(t *testing.T) {
	inv := New(Config{})
	var want []string
	for _, svc := range []string{"memos.api.v1.MemoService", "memos.api.v1.UserService", "memos.api.v1.AuthService"} {
		for _, m := range []string{"GetUser", "ListMemos", "CreateMemo", "ListUserSettings", "GetCurrentUser", "RefreshToken"} {
			x := ex("POST", "/"+svc+"/"+m, 200, "auth:bearer", `body:{"name":"users/2"}`)
			x.RequestContentType, x.ResponseContentType = "application/proto", "application/proto"
			inv.Observe(x)
			want = append(want, "POST /"+svc+"/"+m)
		}
	}
	for _, p := range []string{"/v1.2/Items", "/api/Users", "/Shop.Catalog/Get"} {
		if rpcShaped(splitNormalized(p)) {
			t.Errorf("rpcShaped(%q) = true", p)
		}
	}
	sameSet(t, templates(inv), want)
}

// gRPC service names that the host also lists as values in JSON (a
// reflection or admin endpoint) stay names: the value rules pick them, the
// collapse leaves services out, and nothing is left to merge (this used to
// dereference a parameter that was never made).
func TestGRPCServicesNamedInData(t *testing.T) {
	inv := New(Config{})
	inv.Observe(ex("GET", "/admin/services", 200, `body:{"services":[{"name":"shop.v1.Catalog"},{"name":"shop.v1.Orders"},{"name":"shop.v1.Carts"}]}`))
	want := []string{"GET /admin/services"}
	for _, svc := range []string{"shop.v1.Catalog", "shop.v1.Orders", "shop.v1.Carts"} {
		for _, m := range []string{"Get", "List"} {
			x := ex("POST", "/"+svc+"/"+m, 200)
			x.RequestContentType = "application/grpc"
			x.ResponseContentType = "application/grpc"
			x.ResponseHeader = http.Header{"Content-Type": {"application/grpc"}, "Grpc-Status": {"0"}}
			x.ResponseBody = []byte{0, 0, 0, 0, 2, 8, 1}
			inv.Observe(x)
			want = append(want, "POST /"+svc+"/"+m)
		}
	}
	sameSet(t, templates(inv), want)
}
