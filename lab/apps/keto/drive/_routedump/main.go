// Command routedump builds the Ory Keto v0.13.0-alpha.0 service registry from the lab's keto.yml exactly as
// `keto serve` does (driver.NewDefaultRegistry, the same call cmd/helpers.NewRegistry makes), registers the routes of
// the four HTTP listeners on fresh julienschmidt/httprouter routers with the same calls internal/driver/daemon.go
// makes in ReadRouter, WriteRouter, OPLSyntaxRouter and metricsRouter (metrics handler, healthx alive/ready,
// healthx version, then each API handler's RegisterReadRoutes / RegisterWriteRoutes / RegisterSyntaxRoutes, in the
// order of RegistryDefault.allHandlers), and walks the routers' radix trees (read-only reflection on unexported
// fields) to print every registered METHOD and path. routes.sh copies this file into the keto module source tree
// (package main in ./shadowtap_routedump) and runs it there, so it links the very same packages.
package main

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	"github.com/julienschmidt/httprouter"
	"github.com/spf13/pflag"

	"github.com/ory/keto/internal/check"
	"github.com/ory/keto/internal/driver"
	"github.com/ory/keto/internal/expand"
	"github.com/ory/keto/internal/namespace/namespacehandler"
	"github.com/ory/keto/internal/relationtuple"
	"github.com/ory/keto/internal/schema"
	"github.com/ory/keto/internal/x"
	"github.com/ory/x/configx"
)

func walk(n reflect.Value, prefix string, out *[]string) {
	if n.IsNil() {
		return
	}
	n = n.Elem()
	p := prefix + n.FieldByName("path").String()
	if !n.FieldByName("handle").IsNil() {
		*out = append(*out, p)
	}
	ch := n.FieldByName("children")
	for i := 0; i < ch.Len(); i++ {
		walk(ch.Index(i), p, out)
	}
}

func convert(p string) string {
	segs := strings.Split(p, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, ":") {
			segs[i] = "{" + s[1:] + "}"
		} else if strings.HasPrefix(s, "*") {
			segs[i] = "{" + s[1:] + "*}"
		}
	}
	return strings.Join(segs, "/")
}

// dump prints the router's routes; with HandleOPTIONS on (httprouter.New's default) the router itself answers
// OPTIONS on every registered path that has no OPTIONS route of its own: those are listed too, marked "auto".
func dump(r *httprouter.Router) []string {
	trees := reflect.ValueOf(r).Elem().FieldByName("trees")
	var lines []string
	paths := map[string]bool{}
	explicit := map[string]bool{}
	iter := trees.MapRange()
	for iter.Next() {
		method := iter.Key().String()
		var ps []string
		walk(iter.Value(), "", &ps)
		for _, p := range ps {
			lines = append(lines, fmt.Sprintf("%s %s", method, convert(p)))
			paths[p] = true
			if method == "OPTIONS" {
				explicit[p] = true
			}
		}
	}
	if r.HandleOPTIONS {
		for p := range paths {
			if !explicit[p] {
				lines = append(lines, fmt.Sprintf("OPTIONS %s\t# auto (httprouter HandleOPTIONS)", convert(p)))
			}
		}
	}
	sort.Slice(lines, func(i, j int) bool {
		a, b := strings.SplitN(lines[i], " ", 2), strings.SplitN(lines[j], " ", 2)
		if a[1] != b[1] {
			return a[1] < b[1]
		}
		return a[0] < b[0]
	})
	return lines
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: routedump keto.yml")
		os.Exit(2)
	}
	ctx := context.Background()
	flags := pflag.NewFlagSet("keto", pflag.ContinueOnError)
	configx.RegisterConfigFlag(flags, nil)
	if err := flags.Parse([]string{"-c", os.Args[1]}); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	reg, err := driver.NewDefaultRegistry(ctx, flags, true, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	r := reg.(*driver.RegistryDefault)
	// the order of RegistryDefault.allHandlers (internal/driver/daemon.go)
	handlers := []any{
		relationtuple.NewHandler(r),
		check.NewHandler(r),
		expand.NewHandler(r),
		namespacehandler.New(r),
		schema.NewHandler(r),
	}
	common := func(rt *httprouter.Router) {
		r.PrometheusManager().RegisterRouter(rt)
		r.MetricsHandler().SetRoutes(rt)
		r.HealthHandler().SetHealthRoutes(rt, false)
		r.HealthHandler().SetVersionRoutes(rt)
	}

	read := &x.ReadRouter{Router: httprouter.New()}
	common(read.Router)
	write := &x.WriteRouter{Router: httprouter.New()}
	common(write.Router)
	opl := &x.OPLSyntaxRouter{Router: httprouter.New()}
	common(opl.Router)
	for _, h := range handlers {
		if h, ok := h.(interface{ RegisterReadRoutes(*x.ReadRouter) }); ok {
			h.RegisterReadRoutes(read)
		}
		if h, ok := h.(interface{ RegisterWriteRoutes(*x.WriteRouter) }); ok {
			h.RegisterWriteRoutes(write)
		}
		if h, ok := h.(interface{ RegisterSyntaxRoutes(*x.OPLSyntaxRouter) }); ok {
			h.RegisterSyntaxRoutes(opl)
		}
	}
	metrics := httprouter.New()
	r.PrometheusManager().RegisterRouter(metrics)
	r.MetricsHandler().SetRoutes(metrics)

	for _, l := range []struct {
		title string
		rt    *httprouter.Router
	}{
		{"read API (serve.read, 127.0.0.1:14466)", read.Router},
		{"write API (serve.write, 127.0.0.1:14467)", write.Router},
		{"OPL syntax API (serve.opl, 127.0.0.1:14469)", opl.Router},
		{"metrics (serve.metrics, 127.0.0.1:14468)", metrics},
	} {
		fmt.Println("# " + l.title)
		for _, line := range dump(l.rt) {
			fmt.Println(line)
		}
	}
}
