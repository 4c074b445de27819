// This file is added by the lab's routes.sh to a copy of the package hscontrol of Headscale v0.27.1 (module
// github.com/juanfont/headscale from the Go module proxy), so that it can call the unexported methods that build the
// server's handlers: (*Headscale).createRouter, the gorilla/mux router of the main listener, and
// (*Headscale).debugHTTPServer, the net/http.ServeMux of the metrics/debug listener. It changes nothing else in the
// package. ShadowtapRouteDump builds both exactly as (*Headscale).Serve does (the grpc-gateway ServeMux with
// v1.RegisterHeadscaleServiceHandler, then createRouter(grpcGatewayMux); debugHTTPServer()) and reads their routes:
// gorilla/mux through Router.Walk (path templates and methods as registered), the grpc-gateway ServeMux and
// net/http.ServeMux by read-only reflection on their unexported route tables.
package hscontrol

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"sort"
	"strings"
	"unsafe"

	"github.com/gorilla/mux"
	grpcRuntime "github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	v1 "github.com/juanfont/headscale/gen/go/headscale/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
)

// RouteLine is one route: the listener, the method ("*" for any), the template as registered and where it comes from.
type RouteLine struct {
	Listener, Method, Path, Source string
}

func exported(v reflect.Value) reflect.Value {
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

// ShadowtapRouteDump returns the routes of the main and the debug listener, in registration order.
func ShadowtapRouteDump(h *Headscale) ([]RouteLine, error) {
	var out []RouteLine
	ctx := context.Background()
	// as Serve: the grpc-gateway mux and its client connection (grpc.NewClient does not connect until used)
	grpcGatewayMux := grpcRuntime.NewServeMux()
	conn, err := grpc.NewClient("passthrough:///"+h.cfg.UnixSocket, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	if err := v1.RegisterHeadscaleServiceHandler(ctx, grpcGatewayMux, conn); err != nil {
		return nil, err
	}
	router := h.createRouter(grpcGatewayMux)
	err = router.Walk(func(route *mux.Route, r *mux.Router, ancestors []*mux.Route) error {
		if route.GetHandler() == nil {
			return nil // a subrouter's own route: its routes are walked next
		}
		tpl, err := route.GetPathTemplate()
		if err != nil {
			return err
		}
		methods, err := route.GetMethods()
		if err != nil {
			methods = []string{"*"}
		}
		kind := "gorilla/mux Path"
		if re, _ := route.GetPathRegexp(); re != "" && !strings.HasSuffix(re, "$") {
			kind = "gorilla/mux PathPrefix"
		}
		for _, m := range methods {
			out = append(out, RouteLine{"main", m, tpl, kind})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// the grpc-gateway patterns behind PathPrefix("/api/v1/") (map[string][]handler{pat Pattern, h HandlerFunc})
	hm := exported(reflect.ValueOf(grpcGatewayMux).Elem().FieldByName("handlers"))
	var gw []RouteLine
	it := hm.MapRange()
	for it.Next() {
		method := it.Key().String()
		hs := it.Value()
		for i := 0; i < hs.Len(); i++ {
			pat := exported(hs.Index(i).FieldByName("pat")).Interface().(grpcRuntime.Pattern)
			gw = append(gw, RouteLine{"main", method, pat.String(), "grpc-gateway pattern"})
		}
	}
	sort.Slice(gw, func(i, j int) bool {
		if gw[i].Path != gw[j].Path {
			return gw[i].Path < gw[j].Path
		}
		return gw[i].Method < gw[j].Method
	})
	out = append(out, gw...)
	// the debug listener: net/http.ServeMux patterns from its routing index (every registered pattern is there)
	dm, ok := h.debugHTTPServer().Handler.(*http.ServeMux)
	if !ok {
		return nil, fmt.Errorf("debug handler is not a ServeMux")
	}
	idx := exported(reflect.ValueOf(dm).Elem().FieldByName("index"))
	seen := map[string]bool{}
	var dbg []string
	add := func(p reflect.Value) {
		s := exported(p.Elem().FieldByName("str")).String()
		if !seen[s] {
			seen[s] = true
			dbg = append(dbg, s)
		}
	}
	segs := idx.FieldByName("segments")
	si := segs.MapRange()
	for si.Next() {
		ps := si.Value()
		for i := 0; i < ps.Len(); i++ {
			add(ps.Index(i))
		}
	}
	multis := idx.FieldByName("multis")
	for i := 0; i < multis.Len(); i++ {
		add(multis.Index(i))
	}
	sort.Strings(dbg)
	for _, s := range dbg {
		method, path := "*", s
		if i := strings.IndexByte(s, ' '); i > 0 {
			method, path = s[:i], strings.TrimSpace(s[i+1:])
		}
		out = append(out, RouteLine{"debug", method, path, "net/http.ServeMux pattern"})
	}
	return out, nil
}
