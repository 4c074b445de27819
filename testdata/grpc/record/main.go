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

var known = map[string]bool{
	"/shop.v1.Catalog/GetItem": true, "/shop.v1.Catalog/ListItems": true, "/shop.v1.Catalog/DeleteItem": true,
	"/shop.v1.Catalog/LegacySearch": true, "/shop.v1.Catalog/ImportItems": true, "/shop.v1.Orders/PlaceOrder": true,
	"/shop.v1.Catalog/PurgeAll": true, "/shop.v1.Admin/DumpUsers": true,
}

func handler(_ any, st grpc.ServerStream) error {
	m, _ := grpc.MethodFromServerStream(st)
	if !known[m] {
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
	switch m {
	case "/shop.v1.Catalog/DeleteItem", "/shop.v1.Catalog/PurgeAll":
		if len(md.Get("authorization")) == 0 {
			return status.Error(codes.PermissionDenied, "credentials required")
		}
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
	flag.Parse()
	if !*calls {
		ln, err := net.Listen("tcp", *listen)
		if err != nil {
			log.Fatal(err)
		}
		s := grpc.NewServer(grpc.UnknownServiceHandler(handler), grpc.ForceServerCodec(raw{}))
		go func() { time.Sleep(*serve); s.Stop() }()
		s.Serve(ln)
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
