// Command routedump prints the route table of Headscale v0.27.1 as its two HTTP listeners have it, built from the
// lab's config.yaml exactly as `headscale serve` builds them: types.LoadConfig + types.LoadServerConfig, then
// hscontrol.NewHeadscale (cmd/headscale/cli/utils.go), then the routers Serve makes, read by
// hscontrol.ShadowtapRouteDump (hscontrol_routedump.go, added to a copy of the package by routes.sh). It opens the
// SQLite database named by the config (a scratch one) and starts no listener. Output: one line per route,
// "LISTENER METHOD PATH<TAB>SOURCE", with the templates as registered (gorilla {var}, grpc-gateway {field},
// ServeMux patterns); routes.sh turns them into routes.txt.
package main

import (
	"fmt"
	"os"

	"github.com/juanfont/headscale/hscontrol"
	"github.com/juanfont/headscale/hscontrol/types"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: routedump config.yaml")
		os.Exit(2)
	}
	if err := types.LoadConfig(os.Args[1], true); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	cfg, err := types.LoadServerConfig()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	h, err := hscontrol.NewHeadscale(cfg)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	lines, err := hscontrol.ShadowtapRouteDump(h)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	for _, l := range lines {
		fmt.Printf("%s %s %s\t%s\n", l.Listener, l.Method, l.Path, l.Source)
	}
}
