// routedump runs kube-apiserver v1.37.2 in-process, as cmd/kube-apiserver does (same options, flags, NewConfig,
// CreateServerChain, PrepareRun, Run), waits until it is ready (its own /readyz, so the aggregator's APIService
// handlers and the CRD handler are installed) and until the file $ROUTEDUMP_WAIT_FILE exists (routes.sh has
// created the CRD by then), and prints the route table of every server in the delegation chain
// (aggregator -> kube-apiserver -> apiextensions-apiserver), one line each:
//
//	SERVER <tab> KIND <tab> METHOD <tab> PATH
//
// KIND "restful": a go-restful route (Container.RegisteredWebServices, Route.Method and Route.Path with go-restful's
// {param} and {param:*} syntax); "path": an exact path of the NonGoRestfulMux (PathRecorderMux.pathToHandler: every
// method); "prefix": a prefix of it (prefixToHandler: the path and everything below it, every method); "listed":
// a path the mux lists at GET / (for information). The mux's two maps are unexported: read with reflect+unsafe.
// Flags are kube-apiserver's own (routes.sh passes the ones record.sh starts the server with).
package main

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"sort"
	"time"
	"unsafe"

	"github.com/spf13/pflag"
	genericapiserver "k8s.io/apiserver/pkg/server"
	"k8s.io/apiserver/pkg/server/flagz"
	"k8s.io/apiserver/pkg/server/mux"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/component-base/cli/globalflag"
	basecompatibility "k8s.io/component-base/compatibility"
	"k8s.io/component-base/logs"
	logsapi "k8s.io/component-base/logs/api/v1"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	"k8s.io/component-base/version/verflag"
	"k8s.io/kubernetes/cmd/kube-apiserver/app"
	"k8s.io/kubernetes/cmd/kube-apiserver/app/options"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "routedump:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

func run() error {
	s := options.NewServerRunOptions()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	featureGate := s.GenericServerRunOptions.ComponentGlobalsRegistry.FeatureGateFor(basecompatibility.DefaultKubeComponent)
	fs := pflag.NewFlagSet("kube-apiserver", pflag.ContinueOnError)
	namedFlagSets := s.Flags()
	s.Flagz = flagz.NamedFlagSetsReader{FlagSets: namedFlagSets}
	verflag.AddFlags(namedFlagSets.FlagSet("global"))
	globalflag.AddGlobalFlags(namedFlagSets.FlagSet("global"), "kube-apiserver", logs.SkipLoggingConfigurationFlags())
	for _, f := range namedFlagSets.FlagSets {
		fs.AddFlagSet(f)
	}
	if err := fs.Parse(os.Args[1:]); err != nil {
		return err
	}
	if err := s.GenericServerRunOptions.ComponentGlobalsRegistry.Set(); err != nil {
		return err
	}
	rest.SetDefaultWarningHandler(rest.NoWarnings{})
	if err := logsapi.ValidateAndApply(s.Logs, featureGate); err != nil {
		return err
	}
	completed, err := s.Complete(ctx)
	if err != nil {
		return err
	}
	if errs := completed.Validate(); len(errs) != 0 {
		return fmt.Errorf("%v", errs)
	}
	informerName, err := cache.NewInformerName("kube-apiserver")
	if err != nil {
		return err
	}
	completed.InformerName = informerName
	config, err := app.NewConfig(completed)
	if err != nil {
		return err
	}
	cc, err := config.Complete()
	if err != nil {
		return err
	}
	server, err := app.CreateServerChain(cc)
	if err != nil {
		return err
	}
	prepared, err := server.PrepareRun()
	if err != nil {
		return err
	}
	go func() {
		if err := prepared.Run(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "routedump: run:", err)
		}
	}()
	// wait for readiness on the server's own port
	token := os.Getenv("ROUTEDUMP_TOKEN")
	url := fmt.Sprintf("https://127.0.0.1:%d/readyz", s.SecureServing.BindPort)
	cl := &http.Client{Timeout: 3 * time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	ready := false
	for i := 0; i < 240 && !ready; i++ {
		time.Sleep(500 * time.Millisecond)
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		if resp, err := cl.Do(req); err == nil {
			resp.Body.Close()
			ready = resp.StatusCode == 200
		}
	}
	if !ready {
		return fmt.Errorf("server not ready at %s", url)
	}
	// routes.sh creates the CRD, then touches ROUTEDUMP_WAIT_FILE; let the APIService and CRD controllers settle
	if f := os.Getenv("ROUTEDUMP_WAIT_FILE"); f != "" {
		for i := 0; i < 600; i++ {
			if _, err := os.Stat(f); err == nil {
				break
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	time.Sleep(5 * time.Second)
	names := []string{"aggregator", "kube-apiserver", "apiextensions-apiserver"}
	var d genericapiserver.DelegationTarget = server.GenericAPIServer
	for i := 0; d != nil; i++ {
		g, ok := d.(*genericapiserver.GenericAPIServer)
		if !ok {
			break // the empty delegate at the end (its not-found handler)
		}
		name := fmt.Sprintf("server%d", i)
		if i < len(names) {
			name = names[i]
		}
		dump(name, g)
		d = d.NextDelegate()
	}
	return nil
}

func dump(name string, g *genericapiserver.GenericAPIServer) {
	var lines []string
	for _, ws := range g.Handler.GoRestfulContainer.RegisteredWebServices() {
		for _, r := range ws.Routes() {
			lines = append(lines, fmt.Sprintf("%s\trestful\t%s\t%s", name, r.Method, r.Path))
		}
	}
	paths, prefixes := muxMaps(g.Handler.NonGoRestfulMux)
	for _, p := range paths {
		lines = append(lines, fmt.Sprintf("%s\tpath\t*\t%s", name, p))
	}
	for _, p := range prefixes {
		lines = append(lines, fmt.Sprintf("%s\tprefix\t*\t%s", name, p))
	}
	for _, p := range g.Handler.NonGoRestfulMux.ListedPaths() {
		lines = append(lines, fmt.Sprintf("%s\tlisted\tGET\t%s", name, p))
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
}

// muxMaps reads PathRecorderMux's unexported pathToHandler and prefixToHandler keys.
func muxMaps(m *mux.PathRecorderMux) (paths, prefixes []string) {
	v := reflect.ValueOf(m).Elem()
	keys := func(field string) []string {
		f := v.FieldByName(field)
		f = reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem()
		var out []string
		for _, k := range f.MapKeys() {
			out = append(out, k.String())
		}
		sort.Strings(out)
		return out
	}
	return keys("pathToHandler"), keys("prefixToHandler")
}
