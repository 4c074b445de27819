package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/sensor"
	"github.com/shadowtap/shadowtap/webui"
)

type runOptions struct {
	iface          string
	snaplen        int
	noPromisc      bool
	filter         filterFlags
	caps           capFlags
	db             dbFlag
	specs          []string
	listen         string
	tokenFile      string
	apiMaxConns    int
	configFile     string
	sinks          []string
	commitInterval time.Duration
	hints          string
	maxHosts       int
	maxEndpoints   int
	maxNodes       int
	unusedAfter    time.Duration
	exampleConfig  bool
	coveredOnly    bool
	lenientMethods bool
}

func (o *runOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVarP(&o.iface, "interface", "i", "", "capture on network `interface` (the mirror/SPAN port)")
	fs.IntVar(&o.snaplen, "snaplen", 262144, "bytes captured per packet")
	fs.BoolVar(&o.noPromisc, "no-promisc", false, "do not put the interface in promiscuous mode")
	o.filter.addFlags(fs)
	o.caps.addFlags(fs)
	// What reassembly does at the cap (reassembly.Config.MaxFlows); the
	// shared text in flags.go says idle connections are flushed, they are not.
	fs.Lookup("max-flows").Usage = "TCP connections tracked at once (split over the shards); a new one beyond it replaces the oldest " +
		"connection without payload yet, or else is not tracked (counted in flows_dropped)"
	o.db.addFlags(fs)
	fs.StringArrayVar(&o.specs, "spec", nil, "OpenAPI/Swagger `file`, optionally bound to hosts as host1,host2=file (can be repeated)")
	fs.StringVar(&o.listen, "listen", sensor.DefaultListen, "API `address`; anything but loopback needs --api-token-file; \"off\" disables the API")
	fs.StringVar(&o.tokenFile, "api-token-file", "", "`file` holding the bearer token the API requires")
	fs.IntVar(&o.apiMaxConns, "api-max-conns", sensor.DefaultAPIMaxConns, "simultaneous API connections; more wait until one closes (idle ones close after a minute)")
	fs.StringVar(&o.configFile, "config", "", "YAML config `file` holding any of these settings (flags win)")
	fs.StringArrayVar(&o.sinks, "sink", nil, "where findings and their resolutions go: ndjson, ndjson:FILE, webhook:URL, syslog:udp://HOST:PORT (can be repeated)")
	fs.DurationVar(&o.commitInterval, "commit-interval", sensor.DefaultCommitInterval, "how often the inventory is committed and findings re-evaluated")
	fs.StringVar(&o.hints, "hints", "", "path-template hints `file` (YAML)")
	fs.IntVar(&o.maxHosts, "max-hosts", 0, "cap on distinct hosts in the inventory (0: the inventory's default)")
	fs.IntVar(&o.maxEndpoints, "max-endpoints-per-host", 0, "cap on endpoints per host (0: the inventory's default)")
	fs.IntVar(&o.maxNodes, "max-nodes-per-host", 0, "cap on path-trie nodes per host, one per path segment (0: the inventory's default, 20000); past half of it a host is stored settled")
	fs.BoolVar(&o.coveredOnly, "covered-hosts-only", false, "ignore endpoints on hosts no spec applies to (by default they are shadow)")
	fs.BoolVar(&o.lenientMethods, "lenient-methods", false, "let HEAD count as the documented GET and CORS preflights (OPTIONS) pass (by default an unlisted method is a shadow method)")
	fs.BoolVar(&o.exampleConfig, "example-config", false, "print an example config file (every key, with example values) and exit")
	fs.DurationVar(&o.unusedAfter, "unused-after", sensor.DefaultUnusedAfter, "observe this long before emitting 'unused' findings to sinks (negative: never)")
}

// config builds the sensor configuration: the config file first, then every
// flag the user set on top of it.
func (o *runOptions) config(fs *pflag.FlagSet) (sensor.Config, error) {
	cfg := sensor.DefaultConfig()
	if o.configFile != "" {
		var err error
		if cfg, err = sensor.LoadConfigFile(o.configFile); err != nil {
			return cfg, err
		}
	}
	set := fs.Changed
	if set("interface") || cfg.Interface == "" {
		cfg.Interface = o.iface
	}
	if set("snaplen") || cfg.Live.Snaplen == 0 {
		cfg.Live.Snaplen = o.snaplen
	}
	if set("no-promisc") {
		cfg.Promiscuous = !o.noPromisc
	}
	if set("port") || set("ip") || set("host") || set("net") || set("vlan") {
		flt, err := o.filter.filter()
		if err != nil {
			return cfg, err
		}
		cfg.Filter = flt
	}
	if set("bpf-file") {
		text, err := os.ReadFile(o.filter.bpfFile)
		if err != nil {
			return cfg, err
		}
		if cfg.BPF, err = parseBPF(string(text)); err != nil {
			return cfg, fmt.Errorf("--bpf-file %s: %w", o.filter.bpfFile, err)
		}
	}
	// Cap by cap: the file's other caps (shards, flow_timeout, ...) stay.
	rc, fc := &cfg.Reassembly, o.caps.cfg
	if set("max-buffered-bytes") {
		rc.MaxBufferedBytes = fc.MaxBufferedBytes
	}
	if set("max-conn-buffered-bytes") {
		rc.MaxBufferedPerConn = fc.MaxBufferedPerConn
	}
	if set("max-pending-bytes") {
		rc.MaxPendingBytes = fc.MaxPendingBytes
	}
	if set("max-body-bytes") {
		rc.MaxBodyBytes = fc.MaxBodyBytes
	}
	if set("max-header-bytes") {
		rc.MaxHeaderBytes = fc.MaxHeaderBytes
	}
	if set("max-flows") {
		rc.MaxFlows = fc.MaxFlows
	}
	if set("db") || cfg.DBPath == "" {
		p, err := o.db.resolve()
		if err != nil {
			return cfg, err
		}
		cfg.DBPath = p
	}
	if set("spec") {
		cfg.Specs = o.specs
	}
	if set("listen") || cfg.Listen == "" {
		cfg.Listen = o.listen
	}
	if set("api-token-file") {
		cfg.APITokenFile = o.tokenFile
	}
	if set("api-max-conns") {
		cfg.APIMaxConns = o.apiMaxConns
	}
	if set("sink") {
		cfg.Sinks = nil
		for _, s := range o.sinks {
			sc, err := sensor.ParseSinkArg(s)
			if err != nil {
				return cfg, fmt.Errorf("--sink %q: %w", s, err)
			}
			cfg.Sinks = append(cfg.Sinks, sc)
		}
	}
	if set("commit-interval") {
		cfg.CommitInterval = o.commitInterval
	}
	if set("hints") {
		cfg.HintsFile = o.hints
	}
	if set("max-hosts") {
		cfg.Caps.MaxHosts = o.maxHosts
	}
	if set("max-endpoints-per-host") {
		cfg.Caps.MaxEndpointsPerHost = o.maxEndpoints
	}
	if set("max-nodes-per-host") {
		cfg.Caps.MaxNodesPerHost = o.maxNodes
	}
	if set("covered-hosts-only") {
		cfg.CoveredHostsOnly = o.coveredOnly
	}
	if set("lenient-methods") {
		cfg.LenientMethods = o.lenientMethods
	}
	if set("unused-after") {
		cfg.UnusedAfter = o.unusedAfter
	}
	if cfg.Interface == "" {
		return cfg, withHint(errors.New("no --interface given"), "name the mirror (SPAN/TAP) interface: shadowtap run --interface eth1")
	}
	return cfg, nil
}

func addRunCmd(root *cobra.Command) {
	var o runOptions
	var pf publishFlags // the fleet: run --publish
	c := &cobra.Command{
		Use:   "run --interface IF [--db DB] [--spec SPEC...] [--listen ADDR]",
		Short: "Run the always-on sensor on a mirror port",
		Long: `Capture live traffic, keep the inventory in memory, commit it to the database
every --commit-interval, re-evaluate findings against the specs and deliver
each finding at least once to every sink (what a sink refused is retried at
later commits and after a restart), and likewise its resolution ("status":
"resolved", same id) to the sinks that had it once it is no longer current.
An HTTP API on --listen
serves /api/v1/endpoints, /api/v1/noise, /api/v1/findings, /api/v1/stats,
/metrics and /healthz (at most --api-max-conns connections at once), and
the web UI at / (a browser gives the token as /?token=TOKEN once); while
it runs, 'shadowtap endpoints --db DB' (also with --noise) and 'shadowtap
diff --db DB' ask it instead of opening the database.

SIGINT/SIGTERM stop capture, flush and commit, then exit 0 within the
shutdown timeout (a sink that has not answered by then is given up). SIGHUP
reloads the specs and the config file without losing state.

EXIT STATUS
  0 stopped by a signal after a clean shutdown; 1 error.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			if o.exampleConfig {
				_, err := io.WriteString(c.OutOrStdout(), sensor.ExampleConfig)
				return err
			}
			cfg, err := o.config(c.Flags())
			if err != nil {
				return err
			}
			cfg.Stdout = c.OutOrStdout()
			cfg.UI = webui.New // the web UI at / on --listen
			if o.configFile != "" {
				fs := c.Flags()
				cfg.Reload = func() (sensor.Config, error) { return o.config(fs) }
			}
			pub, err := pf.publisher(c.ErrOrStderr())
			if err != nil {
				return err
			}
			if pub != nil {
				cfg.Publisher = pub
				defer pub.Close(context.Background()) // closed by the sensor unless Open failed before attaching it
			}
			err = sensor.Run(c.Context(), cfg, c.ErrOrStderr())
			if err == nil || errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		},
	}
	o.addFlags(c.Flags())
	pf.addFlags(c.Flags())
	root.AddCommand(c)
}

// runningSensor finds the running sensor that holds dbPath through the
// discovery file it writes beside the DB, and the token it needs.
func runningSensor(dbPath string) (sensor.Discovery, string, error) {
	d, ok, err := sensor.ReadDiscovery(dbPath)
	if err != nil {
		return d, "", err
	}
	if !ok {
		return d, "", errors.New("no running sensor API is recorded beside this database (" + sensor.DiscoveryPath(dbPath) + ")")
	}
	token, err := sensorToken(d)
	return d, token, err
}

// endpointsFromSensor asks the running sensor that holds dbPath for its
// endpoints.
func endpointsFromSensor(ctx context.Context, dbPath string, flt sensor.EndpointFilter) ([]inventory.Endpoint, error) {
	d, token, err := runningSensor(dbPath)
	if err != nil {
		return nil, err
	}
	eps, err := sensor.QueryEndpoints(ctx, d, token, flt.Values())
	if err != nil {
		return nil, fmt.Errorf("the sensor holding the database (pid %d) answers at %s, but: %w", d.PID, d.URL(), err)
	}
	return eps, nil
}

// noiseFromSensor asks the running sensor that holds dbPath for its noise.
func noiseFromSensor(ctx context.Context, dbPath string) ([]inventory.Noise, error) {
	d, token, err := runningSensor(dbPath)
	if err != nil {
		return nil, err
	}
	ns, err := sensor.QueryNoise(ctx, d, token)
	var ae *sensor.APIError
	if errors.As(err, &ae) && ae.Status == http.StatusNotFound {
		// A sensor started from an older build has no noise route.
		return nil, fmt.Errorf("the sensor holding the database (pid %d) at %s does not serve the noise (an older version): stop it to read --noise from the database", d.PID, d.URL())
	}
	if err != nil {
		return nil, fmt.Errorf("the sensor holding the database (pid %d) answers at %s, but: %w", d.PID, d.URL(), err)
	}
	return ns, nil
}

// sensorToken reads the API token from $SHADOWTAP_API_TOKEN_FILE when the
// sensor requires one.
func sensorToken(d sensor.Discovery) (string, error) {
	if !d.TokenRequired {
		return "", nil
	}
	f := apiTokenFile
	if f == "" {
		f = os.Getenv("SHADOWTAP_API_TOKEN_FILE")
	}
	if f == "" {
		return "", fmt.Errorf("the sensor at %s requires a token: give --api-token-file (or set SHADOWTAP_API_TOKEN_FILE) the file given to its --api-token-file", d.URL())
	}
	return sensor.ReadTokenFile(f)
}
