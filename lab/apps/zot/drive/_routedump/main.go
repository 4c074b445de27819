// shadowtap_routedump: builds zot's gorilla/mux router the way (*api.Controller).Run does (same middleware order is
// irrelevant here; the routes come from api.NewRouteHandler with the recorded config) and prints every route with
// mux.Router.Walk: METHODS<TAB>PATH TEMPLATE<TAB>PATH REGEXP<TAB>KIND. It listens on nothing.
// Built inside a copy of the zotregistry.io/zot module (routes.sh), with the same build tags as the server.
package main

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/gorilla/mux"

	"zotregistry.io/zot/pkg/api"
	"zotregistry.io/zot/pkg/api/config"
	"zotregistry.io/zot/pkg/cli"
	"zotregistry.io/zot/pkg/extensions/monitoring"
)

func main() {
	cfg := config.New()
	if err := cli.LoadConfiguration(cfg, os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "config:", err)
		os.Exit(1)
	}
	ctlr := api.NewController(cfg)
	engine := mux.NewRouter()
	ctlr.Router = engine
	ctlr.Router.UseEncodedPath()
	enabled := cfg.Extensions != nil && cfg.Extensions.Metrics != nil && *cfg.Extensions.Metrics.Enable
	ctlr.Metrics = monitoring.NewMetricsServer(enabled, ctlr.Log)
	if err := ctlr.InitImageStore(context.Background()); err != nil {
		fmt.Fprintln(os.Stderr, "store:", err)
		os.Exit(1)
	}
	_ = api.NewRouteHandler(ctlr)
	_ = engine.Walk(func(route *mux.Route, router *mux.Router, ancestors []*mux.Route) error {
		tpl, err := route.GetPathTemplate()
		if err != nil {
			return nil
		}
		re, _ := route.GetPathRegexp()
		methods, err := route.GetMethods()
		m := "*"
		if err == nil {
			m = strings.Join(methods, ",")
		}
		kind := "Path"
		if !strings.HasSuffix(re, "$") {
			kind = "PathPrefix"
		}
		if route.GetHandler() == nil {
			kind += " (subrouter, no handler)"
		}
		fmt.Printf("%s\t%s\t%s\t%s\n", m, tpl, re, kind)
		return nil
	})
}
