// Command routedump builds the Ory Kratos service registry from the lab's kratos.yml exactly as
// `kratos serve` does (driver.New), registers the public and admin routes on fresh routers with the
// same calls cmd/daemon/serve.go makes (RegisterPublicRoutes / RegisterAdminRoutes), and then walks
// the julienschmidt/httprouter radix trees (read-only reflection on the unexported fields) to print
// every registered METHOD and path. routes.sh copies this file into the kratos module source tree
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

	"github.com/ory/kratos/driver"
	"github.com/ory/kratos/x"
	"github.com/ory/x/configx"
	"github.com/ory/x/dbal"
	"github.com/ory/x/servicelocatorx"
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

func dump(label string, r *httprouter.Router) []string {
	trees := reflect.ValueOf(r).Elem().FieldByName("trees")
	var lines []string
	iter := trees.MapRange()
	for iter.Next() {
		method := iter.Key().String()
		var paths []string
		walk(iter.Value(), "", &paths)
		for _, p := range paths {
			lines = append(lines, fmt.Sprintf("%s %s", method, convert(p)))
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
		fmt.Fprintln(os.Stderr, "usage: routedump kratos.yml")
		os.Exit(2)
	}
	// same driver registration as cmd/root.go init()
	dbal.RegisterDriver(func() dbal.Driver { return driver.NewRegistryDefault() })
	ctx := context.Background()
	reg, err := driver.New(ctx, os.Stderr, servicelocatorx.NewOptions(), nil,
		[]configx.OptionModifier{configx.WithConfigFiles(os.Args[1]), configx.SkipValidation()})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	public := x.NewRouterPublic()
	admin := x.NewRouterAdmin()
	// as cmd/daemon/serve.go servePublic: CSRF handler wraps the public router
	reg.WithCSRFHandler(x.NewCSRFHandler(public, reg))
	reg.RegisterPublicRoutes(ctx, public)
	reg.RegisterAdminRoutes(ctx, admin)
	fmt.Println("# public port (serve.public, 19433)")
	for _, l := range dump("public", public.Router) {
		fmt.Println(l)
	}
	fmt.Println("# admin port (serve.admin, 19434)")
	for _, l := range dump("admin", admin.Router) {
		fmt.Println(l)
	}
}
