// Command grpcrecord serves and calls gRPC with grpc-go, for record.sh.
// Its own module (testdata is outside the shadowtap module): shadowtap
// does not depend on grpc-go.
//
// The server takes every method (an unknown-service handler, raw bytes):
// the documented ones of ../shop.proto plus an undocumented service
// (shop.v1.Admin) and method (Catalog/PurgeAll); DeleteItem wants an
// authorization metadata entry (PERMISSION_DENIED without), the rest
// answers anyone; an unknown name gets UNIMPLEMENTED.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand"
	"net"
	"strings"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"
)

// raw passes bytes through: the messages are hand-encoded protobuf.
type raw struct{}

func (raw) Marshal(v any) ([]byte, error)   { return *(v.(*[]byte)), nil }
func (raw) Unmarshal(b []byte, v any) error { *(v.(*[]byte)) = append([]byte(nil), b...); return nil }
func (raw) Name() string                    { return "proto" }

// item encodes Item{id, name}.
func item(id, name string) []byte {
	b := []byte{0x0a, byte(len(id))}
	b = append(b, id...)
	b = append(b, 0x12, byte(len(name)))
	return append(b, name...)
}

// known is the server's method table (../routes.txt lists it): true when
// the method wants an authorization metadata entry.
var known = map[string]bool{
	"/shop.v1.Catalog/GetItem": false, "/shop.v1.Catalog/ListItems": false, "/shop.v1.Catalog/DeleteItem": true,
	"/shop.v1.Catalog/LegacySearch": false, "/shop.v1.Catalog/ImportItems": false, "/shop.v1.Catalog/SearchItems": false,
	"/shop.v1.Orders/PlaceOrder": true, "/shop.v1.Orders/GetOrder": true, "/shop.v1.Orders/CancelOrder": true,
	"/shop.v1.Orders/RefundOrder": true, "/shop.v1.Users/GetProfile": true, "/shop.v1.Users/UpdateProfile": true,
	// served, not in shop.proto
	"/shop.v1.Catalog/PurgeAll": true, "/shop.v1.Admin/DumpUsers": false, "/shop.v1.Admin/ResetCache": true,
	"/grpc.health.v1.Health/Check": false,
}

func handler(_ any, st grpc.ServerStream) error {
	m, _ := grpc.MethodFromServerStream(st)
	needAuth, ok := known[m]
	if !ok {
		return status.Errorf(codes.Unimplemented, "unknown method %s", m)
	}
	md, _ := metadata.FromIncomingContext(st.Context())
	var in []byte
	switch m {
	case "/shop.v1.Catalog/ImportItems":
		n := 0
		for {
			if err := st.RecvMsg(&in); err == io.EOF {
				break
			} else if err != nil {
				return err
			}
			n++
		}
		out := item(fmt.Sprint(n), "imported")
		return st.SendMsg(&out)
	default:
		if err := st.RecvMsg(&in); err != nil {
			return err
		}
	}
	if needAuth && len(md.Get("authorization")) == 0 {
		if strings.HasPrefix(m, "/shop.v1.Users/") {
			return status.Error(codes.Unauthenticated, "log in first")
		}
		return status.Error(codes.PermissionDenied, "credentials required")
	}
	switch m {
	case "/shop.v1.Catalog/ListItems":
		for i := 0; i < 3; i++ {
			out := item(fmt.Sprint(i), "thing")
			if err := st.SendMsg(&out); err != nil {
				return err
			}
		}
		return nil
	case "/shop.v1.Catalog/GetItem":
		if strings.Contains(string(in), "404") {
			return status.Error(codes.NotFound, "no such item")
		}
	}
	out := item("42", "widget")
	return st.SendMsg(&out)
}

func main() {
	listen := flag.String("listen", "127.0.0.1:50051", "address")
	serve := flag.Duration("serve", 0, "serve for this long")
	calls := flag.Bool("calls", false, "make the client calls, then exit")
	workload := flag.Int("workload", 0, "make this many seeded calls over several connections (the scenario), then exit")
	seed := flag.Int64("seed", 1, "the workload's seed")
	web := flag.Bool("grpc-web", false, "serve (or with -calls, call) gRPC-Web over HTTP/1.1 with connect-go instead")
	flag.Parse()
	if *web {
		if *calls {
			callGRPCWeb(*listen)
		} else {
			serveGRPCWeb(*listen, *serve)
		}
		return
	}
	if !*calls && *workload == 0 {
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			log.Fatal(err)
		}
		s := grpc.NewServer(grpc.UnknownServiceHandler(handler), grpc.ForceServerCodec(raw{}))
		go func() { time.Sleep(*serve); s.Stop() }()
		s.Serve(ln)
		return
	}
	if *workload > 0 {
		runWorkload(*listen, *workload, *seed)
		return
	}
	conn, err := grpc.NewClient(*listen, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithDefaultCallOptions(grpc.ForceCodec(raw{})))
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	bg := context.Background()
	authed := metadata.AppendToOutgoingContext(bg, "authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")
	unary := func(ctx context.Context, m, id string) {
		req := []byte{0x0a, byte(len(id))}
		req = append(req, id...)
		var out []byte
		err := conn.Invoke(ctx, m, &req, &out)
		log.Printf("%s %s: %v", m, id, status.Code(err))
	}
	for i := 0; i < 3; i++ {
		unary(authed, "/shop.v1.Catalog/GetItem", fmt.Sprint(i))
		unary(bg, "/shop.v1.Catalog/GetItem", fmt.Sprint(10+i)) // answered without credentials
	}
	unary(authed, "/shop.v1.Catalog/GetItem", "404")
	unary(authed, "/shop.v1.Catalog/DeleteItem", "7")
	unary(bg, "/shop.v1.Catalog/DeleteItem", "8") // refused
	unary(authed, "/shop.v1.Catalog/LegacySearch", "9")
	unary(authed, "/shop.v1.Orders/PlaceOrder", "1")
	unary(authed, "/shop.v1.Catalog/PurgeAll", "x")
	unary(bg, "/shop.v1.Admin/DumpUsers", "all")
	unary(authed, "/shop.v1.Catalog/NoSuchMethod", "1") // UNIMPLEMENTED
	// server streaming
	st, err := conn.NewStream(authed, &grpc.StreamDesc{ServerStreams: true}, "/shop.v1.Catalog/ListItems")
	if err != nil {
		log.Fatal(err)
	}
	req := []byte{0x08, 0x01}
	st.SendMsg(&req)
	st.CloseSend()
	for {
		var out []byte
		if err := st.RecvMsg(&out); err != nil {
			break
		}
	}
	// client streaming
	cs, err := conn.NewStream(authed, &grpc.StreamDesc{ClientStreams: true}, "/shop.v1.Catalog/ImportItems")
	if err != nil {
		log.Fatal(err)
	}
	for i := 0; i < 4; i++ {
		m := item(fmt.Sprint(i), "x")
		cs.SendMsg(&m)
	}
	cs.CloseSend()
	var out []byte
	cs.RecvMsg(&out)
}

// runWorkload makes n calls from 6 clients, each its own connection, and
// a scanner that tries methods the server does not have. 85% of the
// clients' calls carry credentials.
func runWorkload(addr string, n int, seed int64) {
	r := rand.New(rand.NewSource(seed))
	type call struct {
		m      string
		weight int
	}
	// what the clients call (CancelOrder and RefundOrder: never)
	mix := []call{
		{"/shop.v1.Catalog/GetItem", 30}, {"/shop.v1.Catalog/ListItems", 8}, {"/shop.v1.Catalog/SearchItems", 10},
		{"/shop.v1.Catalog/DeleteItem", 4}, {"/shop.v1.Catalog/LegacySearch", 3}, {"/shop.v1.Catalog/ImportItems", 3},
		{"/shop.v1.Orders/PlaceOrder", 8}, {"/shop.v1.Orders/GetOrder", 8}, {"/shop.v1.Users/GetProfile", 8},
		{"/shop.v1.Users/UpdateProfile", 3}, {"/shop.v1.Catalog/PurgeAll", 1}, {"/shop.v1.Admin/DumpUsers", 1},
		{"/shop.v1.Admin/ResetCache", 1}, {"/grpc.health.v1.Health/Check", 6},
	}
	total := 0
	for _, c := range mix {
		total += c.weight
	}
	pick := func() string {
		x := r.Intn(total)
		for _, c := range mix {
			if x < c.weight {
				return c.m
			}
			x -= c.weight
		}
		return mix[0].m
	}
	var conns []*grpc.ClientConn
	for i := 0; i < 6; i++ {
		c, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithDefaultCallOptions(grpc.ForceCodec(raw{})))
		if err != nil {
			log.Fatal(err)
		}
		defer c.Close()
		conns = append(conns, c)
	}
	bearer := "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"
	for i := 0; i < n; i++ {
		conn := conns[r.Intn(len(conns))]
		ctx := context.Background()
		if r.Intn(100) < 85 {
			ctx = metadata.AppendToOutgoingContext(ctx, "authorization", bearer)
		}
		m := pick()
		id := fmt.Sprint(r.Intn(500))
		switch m {
		case "/shop.v1.Catalog/ListItems":
			st, err := conn.NewStream(ctx, &grpc.StreamDesc{ServerStreams: true}, m)
			if err != nil {
				log.Fatal(err)
			}
			req := []byte{0x08, byte(r.Intn(9) + 1)}
			st.SendMsg(&req)
			st.CloseSend()
			for {
				var out []byte
				if st.RecvMsg(&out) != nil {
					break
				}
			}
		case "/shop.v1.Catalog/ImportItems":
			st, err := conn.NewStream(ctx, &grpc.StreamDesc{ClientStreams: true}, m)
			if err != nil {
				log.Fatal(err)
			}
			for j := 0; j < 1+r.Intn(4); j++ {
				it := item(fmt.Sprint(j), "x")
				st.SendMsg(&it)
			}
			st.CloseSend()
			var out []byte
			st.RecvMsg(&out)
		default:
			if m == "/shop.v1.Catalog/GetItem" && r.Intn(20) == 0 {
				id = "404"
			}
			req := append([]byte{0x0a, byte(len(id))}, id...)
			var out []byte
			conn.Invoke(ctx, m, &req, &out)
		}
	}
	// a scanner: methods nobody serves, on a connection of its own
	sc, err := grpc.NewClient(addr, grpc.WithTransportCredentials(insecure.NewCredentials()), grpc.WithDefaultCallOptions(grpc.ForceCodec(raw{})))
	if err != nil {
		log.Fatal(err)
	}
	defer sc.Close()
	for _, m := range []string{"/admin.v1.Admin/Login", "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
		"/shop.v1.Catalog/ExportAll", "/shop.v1.Secrets/Get", "/internal.Debug/Pprof", "/shop.v1.Users/DeleteAll"} {
		req := []byte{0x0a, 0x01, 'x'}
		var out []byte
		sc.Invoke(context.Background(), m, &req, &out)
	}
}
