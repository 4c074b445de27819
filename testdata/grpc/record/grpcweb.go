package main

import (
	"context"
	"errors"
	"log"
	"net/http"
	"strings"
	"time"

	"connectrpc.com/connect"
	"google.golang.org/protobuf/types/known/wrapperspb"
)

// grpc-web over HTTP/1.1 with connect-go, both ends: a server that speaks
// gRPC, gRPC-Web and Connect on every handler, and a client set to
// gRPC-Web (status in a trailer frame at the end of the body).

type sv = wrapperspb.StringValue

func serveGRPCWeb(addr string, d time.Duration) {
	mux := http.NewServeMux()
	unary := func(proc string, needAuth bool) {
		mux.Handle(proc, connect.NewUnaryHandler(proc, func(ctx context.Context, r *connect.Request[sv]) (*connect.Response[sv], error) {
			if needAuth && r.Header().Get("Authorization") == "" {
				return nil, connect.NewError(connect.CodePermissionDenied, errors.New("credentials required"))
			}
			if strings.Contains(r.Msg.GetValue(), "404") {
				return nil, connect.NewError(connect.CodeNotFound, errors.New("no such item"))
			}
			return connect.NewResponse(wrapperspb.String("item " + r.Msg.GetValue())), nil
		}))
	}
	unary("/shop.v1.Catalog/GetItem", false)
	unary("/shop.v1.Catalog/DeleteItem", true)
	unary("/shop.v1.Admin/DumpUsers", false)
	srv := &http.Server{Addr: addr, Handler: mux}
	go func() { time.Sleep(d); srv.Close() }()
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Fatal(err)
	}
}

func callGRPCWeb(addr string) {
	base := "http://" + addr
	call := func(proc, v string, auth bool) {
		c := connect.NewClient[sv, sv](http.DefaultClient, base+proc, connect.WithGRPCWeb())
		req := connect.NewRequest(wrapperspb.String(v))
		if auth {
			req.Header().Set("Authorization", "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln")
		}
		_, err := c.CallUnary(context.Background(), req)
		log.Printf("grpc-web %s %s: %v", proc, v, err)
	}
	call("/shop.v1.Catalog/GetItem", "1", true)
	call("/shop.v1.Catalog/GetItem", "2", false) // answered without credentials
	call("/shop.v1.Catalog/GetItem", "404", true)
	call("/shop.v1.Catalog/DeleteItem", "3", true)
	call("/shop.v1.Catalog/DeleteItem", "4", false) // refused
	call("/shop.v1.Admin/DumpUsers", "all", false)  // undocumented, open
	call("/shop.v1.Catalog/NoSuchMethod", "x", true)
}
