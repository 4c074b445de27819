// Command devserver is `temporal server start-dev` of the Temporal CLI v1.9.1 without the rest of the CLI.
//
// The CLI's module (github.com/temporalio/cli@v1.9.1) requires github.com/temporalio/cli/cliext through a
// `replace => ./cliext` whose directory is not in the module zip (it is a module of its own, which the Go module
// proxy does not serve), so cmd/temporal cannot be built from the proxy. setup.sh copies the module, drops that one
// requirement and builds this file as lab/devserver inside the copy: it starts the dev server through the CLI's own
// internal/devserver package with the same options as internal/temporalcli/commands.server.go (same dynamic config
// defaults, cluster names, failover version, log level warn), so the gRPC frontend, the HTTP API and the UI server
// are the CLI's.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/google/uuid"

	"github.com/temporalio/cli/internal/devserver"
)

type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(v string) error { *m = append(*m, v); return nil }

func main() {
	ip := flag.String("ip", "127.0.0.1", "IP address bound to the front-end gRPC service, the HTTP API and the UI")
	port := flag.Int("port", 7233, "port of the front-end gRPC service")
	httpPort := flag.Int("http-port", 0, "port of the HTTP API")
	metricsPort := flag.Int("metrics-port", 0, "port of /metrics")
	uiPort := flag.Int("ui-port", 0, "port of the web UI (default --port + 1000)")
	db := flag.String("db-filename", "", "SQLite file")
	var ns multi
	flag.Var(&ns, "namespace", "namespace to create at launch (repeatable)")
	flag.Parse()

	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	opts := devserver.StartOptions{
		FrontendIP:             *ip,
		FrontendPort:           *port,
		Namespaces:             append([]string{"default"}, ns...),
		Logger:                 logger,
		LogLevel:               slog.LevelWarn,
		DatabaseFile:           *db,
		MetricsPort:            *metricsPort,
		FrontendHTTPPort:       *httpPort,
		ClusterID:              uuid.NewString(),
		MasterClusterName:      "active",
		CurrentClusterName:     "active",
		InitialFailoverVersion: 1,
		UIIP:                   *ip,
		UIPort:                 *uiPort,
		// the CLI's defaultDynamicConfigValues (internal/temporalcli/commands.server.go)
		DynamicConfigValues: map[string]any{
			"system.forceSearchAttributesCacheRefreshOnRead": true,
			"system.forceNexusEndpointRefreshOnRead":         true,
			"frontend.persistenceMaxQPS":                     10000,
			"history.persistenceMaxQPS":                      45000,
		},
	}
	if opts.UIPort == 0 {
		opts.UIPort = *port + 1000
	}
	if opts.MetricsPort == 0 {
		opts.MetricsPort = devserver.MustGetFreePort(opts.FrontendIP)
	}
	for _, p := range []int{opts.FrontendPort, opts.FrontendHTTPPort, opts.UIPort, opts.MetricsPort} {
		if p > 0 {
			if err := devserver.CheckPortFree(opts.FrontendIP, p); err != nil {
				fmt.Fprintf(os.Stderr, "port %d: %v\n", p, err)
				os.Exit(1)
			}
		}
	}
	s, err := devserver.Start(opts)
	if err != nil {
		fmt.Fprintln(os.Stderr, "failed starting server:", err)
		os.Exit(1)
	}
	fmt.Printf("Temporal Server: %s:%d\nTemporal HTTP: %s:%d\nTemporal UI: http://%s:%d\nMetrics: http://%s:%d/metrics\n",
		*ip, *port, *ip, opts.FrontendHTTPPort, *ip, opts.UIPort, *ip, opts.MetricsPort)
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGINT, syscall.SIGTERM)
	<-c
	s.Stop()
}
