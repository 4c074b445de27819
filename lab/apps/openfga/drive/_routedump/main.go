// Command routedump prints the HTTP route table of OpenFGA v1.23.0 as its listeners have it. routes.sh compiles it
// inside setup.sh's copy of the module github.com/openfga/openfga (as ./shadowtap_routedump), so it links the very
// packages `openfga run` links, and builds each router the way cmd/run/run.go builds it:
//
//   - the HTTP API listener (runHTTPServer): grpc_runtime.NewServeMux with the same ServeMuxOptions (among them
//     WithHealthzEndpoint, which registers GET /healthz), then openfgav1.RegisterOpenFGAServiceHandler and
//     authzenv1.RegisterAuthZenServiceHandler, exactly as run.go calls them; the mux is wrapped by rs/cors and the
//     panic-recovery handler, which register no route;
//   - the metrics listener: net/http.ServeMux with "/metrics" -> promhttp.Handler();
//   - the profiler listener: net/http.ServeMux with the five net/http/pprof patterns of run.go;
//   - the Playground listener (runPlaygroundServer): net/http.ServeMux with "/" -> the playground handler.
//
// runHTTPServer and runPlaygroundServer are unexported and open their listeners themselves, so the calls are made
// here again, with the same arguments, on fresh routers. The grpc-gateway mux and the ServeMuxes are then read by
// read-only reflection on their unexported route tables (grpc-gateway: handlers map[method][]handler{pat Pattern};
// net/http: the routing index). Nothing is served and no connection is made (grpc.NewClient does not dial).
// Output: one line per route, "LISTENER<TAB>METHOD<TAB>PATTERN<TAB>SOURCE", patterns as registered
// (grpc-gateway Pattern.String(), ServeMux patterns); routes.sh writes them in routes.txt's syntax.
package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/pprof"
	"os"
	"reflect"
	"sort"
	"strings"
	"unsafe"

	grpc_runtime "github.com/grpc-ecosystem/grpc-gateway/v2/runtime"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"
	healthv1pb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"

	authzenv1 "github.com/openfga/api/proto/authzen/v1"
	openfgav1 "github.com/openfga/api/proto/openfga/v1"

	httpmiddleware "github.com/openfga/openfga/pkg/middleware/http"
	"github.com/openfga/openfga/pkg/server"
	serverErrors "github.com/openfga/openfga/pkg/server/errors"
)

func exported(v reflect.Value) reflect.Value {
	return reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
}

func out(listener, method, pattern, source string) {
	fmt.Printf("%s\t%s\t%s\t%s\n", listener, method, pattern, source)
}

// gatewayRoutes builds the grpc-gateway ServeMux as (*ServerContext).runHTTPServer does and lists its patterns.
func gatewayRoutes(ctx context.Context) error {
	grpcConn, err := grpc.NewClient("passthrough:///shadowtap-routedump", grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		return err
	}
	defer grpcConn.Close()
	// the ServeMuxOptions of cmd/run/run.go runHTTPServer, verbatim
	muxOpts := []grpc_runtime.ServeMuxOption{
		grpc_runtime.WithForwardResponseOption(httpmiddleware.HTTPResponseModifier),
		grpc_runtime.WithErrorHandler(func(c context.Context, sr *grpc_runtime.ServeMux, mm grpc_runtime.Marshaler, w http.ResponseWriter, r *http.Request, e error) {
			intCode := serverErrors.ConvertToEncodedErrorCode(status.Convert(e))
			httpmiddleware.CustomHTTPErrorHandler(c, w, r, serverErrors.NewEncodedError(intCode, e.Error()))
		}),
		grpc_runtime.WithStreamErrorHandler(func(ctx context.Context, e error) *status.Status {
			intCode := serverErrors.ConvertToEncodedErrorCode(status.Convert(e))
			encodedErr := serverErrors.NewEncodedError(intCode, e.Error())
			return status.Convert(encodedErr)
		}),
		grpc_runtime.WithHealthzEndpoint(healthv1pb.NewHealthClient(grpcConn)),
		grpc_runtime.WithOutgoingHeaderMatcher(func(s string) (string, bool) { return s, true }),
		grpc_runtime.WithIncomingHeaderMatcher(func(key string) (string, bool) {
			if strings.EqualFold(key, server.AuthorizationModelIDHeader) {
				return strings.ToLower(key), true
			}
			return grpc_runtime.DefaultHeaderMatcher(key)
		}),
	}
	mux := grpc_runtime.NewServeMux(muxOpts...)
	if err := openfgav1.RegisterOpenFGAServiceHandler(ctx, mux, grpcConn); err != nil {
		return err
	}
	if err := authzenv1.RegisterAuthZenServiceHandler(ctx, mux, grpcConn); err != nil {
		return err
	}
	type line struct{ method, pat string }
	var ls []line
	hm := exported(reflect.ValueOf(mux).Elem().FieldByName("handlers"))
	it := hm.MapRange()
	for it.Next() {
		method := it.Key().String()
		hs := it.Value()
		for i := 0; i < hs.Len(); i++ {
			pat := exported(hs.Index(i).FieldByName("pat")).Interface().(grpc_runtime.Pattern)
			ls = append(ls, line{method, pat.String()})
		}
	}
	sort.Slice(ls, func(i, j int) bool {
		if ls[i].pat != ls[j].pat {
			return ls[i].pat < ls[j].pat
		}
		return ls[i].method < ls[j].method
	})
	for _, l := range ls {
		out("http", l.method, l.pat, "grpc-gateway pattern")
	}
	return nil
}

// serveMuxPatterns lists the patterns registered on a net/http.ServeMux, from its routing index.
func serveMuxPatterns(listener string, m *http.ServeMux) {
	idx := exported(reflect.ValueOf(m).Elem().FieldByName("index"))
	seen := map[string]bool{}
	var ps []string
	add := func(p reflect.Value) {
		s := exported(p.Elem().FieldByName("str")).String()
		if !seen[s] {
			seen[s] = true
			ps = append(ps, s)
		}
	}
	segs := idx.FieldByName("segments")
	si := segs.MapRange()
	for si.Next() {
		v := si.Value()
		for i := 0; i < v.Len(); i++ {
			add(v.Index(i))
		}
	}
	multis := idx.FieldByName("multis")
	for i := 0; i < multis.Len(); i++ {
		add(multis.Index(i))
	}
	sort.Strings(ps)
	for _, s := range ps {
		method, path := "*", s
		if i := strings.IndexByte(s, ' '); i > 0 {
			method, path = s[:i], strings.TrimSpace(s[i+1:])
		}
		out(listener, method, path, "net/http.ServeMux pattern")
	}
}

func main() {
	ctx := context.Background()
	if err := gatewayRoutes(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "routedump:", err)
		os.Exit(1)
	}
	// metrics listener, as Run builds it when config.Metrics.Enabled
	metrics := http.NewServeMux()
	metrics.Handle("/metrics", promhttp.Handler())
	serveMuxPatterns("metrics", metrics)
	// profiler listener, as Run builds it when config.Profiler.Enabled
	prof := http.NewServeMux()
	prof.HandleFunc("/debug/pprof/", pprof.Index)
	prof.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	prof.HandleFunc("/debug/pprof/profile", pprof.Profile)
	prof.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	prof.HandleFunc("/debug/pprof/trace", pprof.Trace)
	serveMuxPatterns("profiler", prof)
	// Playground listener, as runPlaygroundServer builds it: one pattern, "/", whose handler dispatches by path
	// (see routes.sh)
	pg := http.NewServeMux()
	pg.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	serveMuxPatterns("playground", pg)
}
