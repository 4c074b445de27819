package sensor

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"
	"golang.org/x/net/bpf"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/reassembly"
)

// Defaults of the sensor's own settings.
const (
	// DefaultCommitInterval is how often the inventory is committed and the
	// findings re-evaluated.
	DefaultCommitInterval = 5 * time.Second
	// DefaultShutdownTimeout bounds a graceful shutdown (stop capture,
	// flush, commit, deliver queued findings).
	DefaultShutdownTimeout = 10 * time.Second
	// DefaultUnusedAfter is how long the sensor observes before it emits
	// "unused" findings.
	DefaultUnusedAfter = time.Hour
	// DefaultAPIMaxConns caps the API's simultaneous connections: enough
	// for scrapers and CLI queries, far below the file descriptor limit.
	DefaultAPIMaxConns = 256
)

// Config is everything `shadowtap run` takes, from flags or a config file
// (LoadConfigFile). Start from DefaultConfig or LoadConfigFile, then let the
// flags the user set override fields (flags win).
type Config struct {
	// Interface is the interface to capture on (required).
	Interface string
	// Promiscuous puts the interface in promiscuous mode (needed on a
	// mirror port).
	Promiscuous bool
	// Filter is the structured capture filter (--port, --host, --net,
	// --vlan). It is compiled to BPF for the socket and also applied to
	// decoded segments.
	Filter capture.Filter
	// BPF, when set, is a raw program (tcpdump -ddd) attached instead of the
	// one compiled from Filter.
	BPF []bpf.RawInstruction
	// Live tunes the capture ring (sizes, poll timeout, fanout); Interface,
	// Promiscuous and the BPF above override its fields.
	Live capture.LiveOptions

	// DBPath is the bbolt database (required).
	DBPath string
	// DBMaxSize caps the database file in bytes (0: no cap). A commit that
	// would grow it past the cap fails: counted (Stats.CommitErrors), the
	// inventory stays in memory and the commit is retried.
	DBMaxSize int
	// Specs are --spec values: "file.yaml" or "host1,host2=file.yaml".
	Specs []string
	// HintsFile is an optional inventory hints file (see inventory.ParseHints).
	HintsFile string

	// Listen is the API address (default DefaultListen, loopback only).
	// "off" disables the API (and the discovery file).
	Listen string
	// APITokenFile holds the bearer token the API requires; required when
	// Listen is not a loopback address.
	APITokenFile string
	// UI, when set, builds the web UI served beside the API (every path
	// but /api/, /metrics and /healthz; see WithUI). The CLI sets it to
	// webui.New, which this package cannot import.
	UI func(DataSource) http.Handler
	// APIMaxConns caps the API's simultaneous connections (default
	// DefaultAPIMaxConns). Further clients wait in the kernel's accept
	// queue until a connection closes (idle ones close after a minute).
	APIMaxConns int

	// CommitInterval is how often the inventory is committed and findings
	// re-evaluated (default DefaultCommitInterval).
	CommitInterval time.Duration
	// ShutdownTimeout bounds the graceful shutdown (default
	// DefaultShutdownTimeout), the final commit aside; a sink or capture
	// that has not returned by then is left behind (see the package doc).
	ShutdownTimeout time.Duration
	// Sinks receive new findings. None: findings are only served by the API.
	Sinks []SinkConfig
	// UnusedAfter holds back "unused" findings (documented operations never
	// seen) from the sinks until the sensor has run this long (default
	// DefaultUnusedAfter): right after a start every operation is unused.
	// The API serves them at all times. Zero means the default; negative:
	// never emit them.
	UnusedAfter time.Duration
	// CoveredHostsOnly ignores endpoints on hosts no spec applies to; by
	// default they are shadow (documented nowhere), as in `shadowtap diff`.
	CoveredHostsOnly bool
	// LenientMethods lets HEAD match a documented GET and keeps CORS
	// preflights (OPTIONS) on documented paths out of the findings; by
	// default a method the spec does not list is a shadow method, as in
	// `shadowtap diff`.
	LenientMethods bool

	// Reassembly holds the reassembly caps (Live is forced on).
	Reassembly reassembly.Config
	// Inventory holds the inventory's settings (hints, credential names,
	// salt, caps); a zero value means inventory.DefaultConfig(). Use the
	// same Salt as the ingest command so that stored states merge.
	Inventory inventory.Config
	// Caps override Inventory's host and endpoint caps when non-zero.
	Caps InventoryCaps

	// Source, when set, is read instead of opening Interface: a capture
	// file replayed through the sensor (it stops at the file's end, as
	// after a cancel), or a test source. Run closes it.
	Source capture.Source

	// Stdout is where an NDJSON sink without a path writes (default
	// os.Stdout).
	Stdout io.Writer
	// Reload, when set, is called on SIGHUP to re-read the configuration
	// (the CLI re-reads the file and re-applies its flags). Specs, sinks,
	// the commit interval and UnusedAfter are replaced; capture, database,
	// API, hints and caps settings need a restart (a change is reported on
	// stderr). Without Reload, SIGHUP reloads the current settings: the
	// spec files are read again and the sinks reopened (log rotation).
	Reload func() (Config, error)
	// Ready, when set, is called once the sensor is capturing and its API
	// listens, with the discovery record (tests and the CLI use it).
	Ready func(Discovery)
	// Publisher, when set, is handed every committed inventory delta (the
	// fleet: `run --publish`). See Publisher; not reloadable.
	Publisher Publisher
}

// InventoryCaps bound the inventory's memory. Zero means the inventory's
// default. Reaching a cap is counted (Stats.HostOverflow,
// Stats.EndpointOverflow) and never a crash.
type InventoryCaps struct {
	// MaxHosts caps distinct hosts.
	MaxHosts int `yaml:"max_hosts"`
	// MaxEndpointsPerHost caps endpoints per host.
	MaxEndpointsPerHost int `yaml:"max_endpoints_per_host"`
	// MaxNodesPerHost caps the path-trie nodes of one host
	// (inventory.Config.MaxNodesPerHost).
	MaxNodesPerHost int `yaml:"max_nodes_per_host"`
}

// DefaultConfig returns a Config with every default filled in except
// Interface and DBPath.
func DefaultConfig() Config {
	return Config{
		// As the CLI: a mirror port delivers frames addressed to other
		// hosts, which a non-promiscuous interface drops.
		Promiscuous:     true,
		Listen:          DefaultListen,
		APIMaxConns:     DefaultAPIMaxConns,
		CommitInterval:  DefaultCommitInterval,
		ShutdownTimeout: DefaultShutdownTimeout,
		UnusedAfter:     DefaultUnusedAfter,
		Reassembly:      reassembly.DefaultConfig(),
		// A mirror port bursts: 256 x 1 MiB blocks ride out about 5 s of
		// stall at 100k packets/s, where capture's 64 MiB default held
		// about 1.3 s and dropped in the soak benchmark (bench/README.md).
		Live: capture.LiveOptions{NumBlocks: DefaultRingBlocks},
	}
}

// DefaultRingBlocks is the sensor's default number of 1 MiB ring blocks.
const DefaultRingBlocks = 256

// ErrConfig marks configuration errors (bad file, bad value, missing
// required setting).
var ErrConfig = errors.New("sensor: bad configuration")

func configErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
}

// fileConfig is the YAML file layout. Every key is optional.
type fileConfig struct {
	Interface   string `yaml:"interface"`
	Promiscuous *bool  `yaml:"promiscuous"`
	Filter      struct {
		Ports []uint16 `yaml:"ports"`
		Hosts []string `yaml:"hosts"`
		Nets  []string `yaml:"nets"`
		VLANs []uint16 `yaml:"vlans"`
	} `yaml:"filter"`
	BPFFile string `yaml:"bpf_file"`
	Ring    struct {
		BlockSize   int           `yaml:"block_size"`
		NumBlocks   int           `yaml:"num_blocks"`
		PollTimeout time.Duration `yaml:"poll_timeout"`
		FanoutGroup uint16        `yaml:"fanout_group"`
	} `yaml:"ring"`

	DB        string   `yaml:"db"`
	DBMaxSize int      `yaml:"db_max_size"`
	Specs     []string `yaml:"specs"`
	HintsFile string   `yaml:"hints_file"`

	Listen            string `yaml:"listen"`
	APITokenFile      string `yaml:"api_token_file"`
	APIMaxConnections int    `yaml:"api_max_connections"`

	CommitInterval  time.Duration `yaml:"commit_interval"`
	UnusedAfter     time.Duration `yaml:"unused_after"`
	CoveredOnly     *bool         `yaml:"covered_hosts_only"`
	LenientMethods  *bool         `yaml:"lenient_methods"`
	ShutdownTimeout time.Duration `yaml:"shutdown_timeout"`
	Sinks           []SinkConfig  `yaml:"sinks"`

	Caps struct {
		MaxHosts            int           `yaml:"max_hosts"`
		MaxEndpointsPerHost int           `yaml:"max_endpoints_per_host"`
		MaxNodesPerHost     int           `yaml:"max_nodes_per_host"`
		MaxFlows            int           `yaml:"max_flows"`
		MaxBufferedBytes    int64         `yaml:"max_buffered_bytes"`
		MaxBufferedPerConn  int64         `yaml:"max_buffered_per_conn"`
		MaxPendingBytes     int64         `yaml:"max_pending_bytes"`
		MaxBodyBytes        int           `yaml:"max_body_bytes"`
		MaxHeaderBytes      int           `yaml:"max_header_bytes"`
		MaxPendingRequests  int           `yaml:"max_pending_requests"`
		FlowTimeout         time.Duration `yaml:"flow_timeout"`
		GapTimeout          time.Duration `yaml:"gap_timeout"`
		Shards              int           `yaml:"shards"`
	} `yaml:"caps"`
}

// LoadConfigFile reads a YAML config file holding any of the `shadowtap
// run` settings (see ExampleConfig for every key). Relative paths in it
// (db, specs, bpf_file, hints_file, api_token_file, ndjson sink paths) are
// relative to the file's directory. Unknown keys are errors. The result
// starts from DefaultConfig; the CLI then applies the flags the user set.
func LoadConfigFile(path string) (Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	cfg, err := ParseConfig(b, filepath.Dir(path))
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// ParseConfig parses YAML config text; relative paths are resolved against
// dir ("" leaves them as they are).
func ParseConfig(data []byte, dir string) (Config, error) {
	cfg := DefaultConfig()
	var fc fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&fc); err != nil && !errors.Is(err, io.EOF) {
		return cfg, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	rel := func(p string) string {
		if p == "" || p == "-" || dir == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	cfg.Interface = fc.Interface
	if fc.Promiscuous != nil {
		cfg.Promiscuous = *fc.Promiscuous
	}
	cfg.Filter.Ports = fc.Filter.Ports
	cfg.Filter.VLANs = fc.Filter.VLANs
	for _, h := range fc.Filter.Hosts {
		a, err := netip.ParseAddr(h)
		if err != nil {
			return cfg, configErr("filter.hosts: %q is not an IP address", h)
		}
		cfg.Filter.Hosts = append(cfg.Filter.Hosts, a)
	}
	for _, n := range fc.Filter.Nets {
		p, err := netip.ParsePrefix(n)
		if err != nil {
			return cfg, configErr("filter.nets: %q is not a CIDR prefix", n)
		}
		cfg.Filter.Nets = append(cfg.Filter.Nets, p.Masked())
	}
	if err := cfg.Filter.Validate(); err != nil {
		return cfg, fmt.Errorf("%w: filter: %w", ErrConfig, err)
	}
	if fc.BPFFile != "" {
		text, err := os.ReadFile(rel(fc.BPFFile))
		if err != nil {
			return cfg, fmt.Errorf("%w: bpf_file: %w", ErrConfig, err)
		}
		prog, err := capture.ParseBPF(string(text))
		if err != nil {
			return cfg, fmt.Errorf("%w: bpf_file %s: %w", ErrConfig, fc.BPFFile, err)
		}
		cfg.BPF = prog
	}
	cfg.Live.BlockSize = fc.Ring.BlockSize
	if fc.Ring.NumBlocks != 0 {
		cfg.Live.NumBlocks = fc.Ring.NumBlocks
	}
	cfg.Live.PollTimeout = fc.Ring.PollTimeout
	cfg.Live.FanoutGroup = fc.Ring.FanoutGroup

	cfg.DBPath = rel(fc.DB)
	if fc.DBMaxSize < 0 {
		return cfg, configErr("db_max_size must not be negative")
	}
	cfg.DBMaxSize = fc.DBMaxSize
	for _, s := range fc.Specs {
		if hosts, file, ok := strings.Cut(s, "="); ok {
			cfg.Specs = append(cfg.Specs, hosts+"="+rel(file))
		} else {
			cfg.Specs = append(cfg.Specs, rel(s))
		}
	}
	cfg.HintsFile = rel(fc.HintsFile)
	if fc.Listen != "" {
		cfg.Listen = fc.Listen
	}
	cfg.APITokenFile = rel(fc.APITokenFile)
	if fc.APIMaxConnections < 0 {
		return cfg, configErr("api_max_connections must not be negative")
	}
	if fc.APIMaxConnections > 0 {
		cfg.APIMaxConns = fc.APIMaxConnections
	}
	if fc.CommitInterval < 0 || fc.ShutdownTimeout < 0 {
		return cfg, configErr("durations must not be negative")
	}
	if fc.CommitInterval > 0 {
		cfg.CommitInterval = fc.CommitInterval
	}
	if fc.LenientMethods != nil {
		cfg.LenientMethods = *fc.LenientMethods
	}
	if fc.CoveredOnly != nil {
		cfg.CoveredHostsOnly = *fc.CoveredOnly
	}
	if fc.UnusedAfter != 0 {
		cfg.UnusedAfter = fc.UnusedAfter
	}
	if fc.ShutdownTimeout > 0 {
		cfg.ShutdownTimeout = fc.ShutdownTimeout
	}
	for i, sc := range fc.Sinks {
		if sc.Type == "ndjson" {
			sc.Path = rel(sc.Path)
		}
		if err := sc.Validate(); err != nil {
			return cfg, fmt.Errorf("%w: sinks[%d]: %w", ErrConfig, i, err)
		}
		cfg.Sinks = append(cfg.Sinks, sc)
	}
	c := fc.Caps
	if c.MaxHosts < 0 || c.MaxEndpointsPerHost < 0 || c.MaxNodesPerHost < 0 || c.MaxFlows < 0 || c.MaxBufferedBytes < 0 ||
		c.MaxBufferedPerConn < 0 || c.MaxPendingBytes < 0 || c.MaxHeaderBytes < 0 || c.MaxPendingRequests < 0 || c.FlowTimeout < 0 ||
		c.GapTimeout < 0 || c.Shards < 0 {
		return cfg, configErr("caps must not be negative")
	}
	cfg.Caps = InventoryCaps{MaxHosts: c.MaxHosts, MaxEndpointsPerHost: c.MaxEndpointsPerHost, MaxNodesPerHost: c.MaxNodesPerHost}
	r := &cfg.Reassembly
	setIf(&r.MaxFlows, c.MaxFlows)
	setIf(&r.MaxBufferedBytes, c.MaxBufferedBytes)
	setIf(&r.MaxBufferedPerConn, c.MaxBufferedPerConn)
	setIf(&r.MaxPendingBytes, c.MaxPendingBytes)
	if c.MaxBodyBytes != 0 {
		r.MaxBodyBytes = c.MaxBodyBytes
	}
	setIf(&r.MaxHeaderBytes, c.MaxHeaderBytes)
	setIf(&r.MaxPendingRequests, c.MaxPendingRequests)
	setIf(&r.FlowTimeout, c.FlowTimeout)
	setIf(&r.GapTimeout, c.GapTimeout)
	setIf(&r.Shards, c.Shards)
	return cfg, nil
}

func setIf[T int | int64 | time.Duration](dst *T, v T) {
	if v > 0 {
		*dst = v
	}
}

// ExampleConfig is a config file that sets every key to an example value,
// with a comment per block: edit it before use.
const ExampleConfig = `# shadowtap run --config FILE: every key is optional; flags win.
interface: eth1
promiscuous: true
filter:            # OR within a kind, AND across kinds
  ports: [80, 8080]
  hosts: [10.0.0.10]
  nets: [10.1.0.0/16]
  vlans: [100]
# bpf_file: filter.bpf   # tcpdump -ddd output, replaces the compiled filter
ring:
  block_size: 1048576
  num_blocks: 256
  poll_timeout: 100ms
db: /var/lib/shadowtap/inventory.db
db_max_size: 1073741824   # bytes; commits past it fail (counted, retried)
specs:
  - openapi.yaml
  - api.example.com,api2.example.com=orders.yaml
# hints_file: hints.yaml
listen: 127.0.0.1:7780
# api_token_file: /etc/shadowtap/token   # required when listen is not loopback
api_max_connections: 256   # simultaneous API connections; more wait for one to close
commit_interval: 5s
shutdown_timeout: 10s
unused_after: 1h       # emit "unused" findings only after this much observation
covered_hosts_only: false   # true: ignore endpoints on hosts no spec covers (default: they are shadow)
lenient_methods: false      # true: HEAD counts as the documented GET, OPTIONS preflights are no finding
sinks:
  - type: ndjson                  # path "" or "-" = stdout
    path: /var/log/shadowtap/findings.ndjson
  - type: webhook
    url: https://siem.example.com/hooks/shadowtap
    headers: {X-Api-Key: change-me}
  - type: syslog
    network: udp                  # udp, tcp, unix, unixgram
    addr: siem.example.com:514
caps:
  max_hosts: 10000
  max_endpoints_per_host: 5000
  max_nodes_per_host: 20000       # path-trie nodes (one per path segment) per host
  max_flows: 100000
  max_buffered_bytes: 67108864
  max_buffered_per_conn: 4194304
  max_pending_bytes: 67108864     # header blocks and kept bodies of messages in flight
  max_body_bytes: 65536
  max_header_bytes: 65536
  max_pending_requests: 100
  flow_timeout: 2m
  gap_timeout: 10s
  shards: 2
`

// Validate checks the settings Run needs, without touching the system.
func (c *Config) Validate() error {
	if c.Interface == "" && c.Source == nil {
		return configErr("no interface: pass --interface IF (or interface: in the config file)")
	}
	if c.DBPath == "" {
		return configErr("no database: pass --db DB (or db: in the config file)")
	}
	if c.CommitInterval < 0 || c.ShutdownTimeout < 0 {
		return configErr("durations must not be negative")
	}
	if c.APIMaxConns < 0 {
		return configErr("the API connection cap must not be negative")
	}
	if err := c.Filter.Validate(); err != nil {
		return fmt.Errorf("%w: %w", ErrConfig, err)
	}
	for i, sc := range c.Sinks {
		if err := sc.Validate(); err != nil {
			return fmt.Errorf("%w: sink %d: %w", ErrConfig, i+1, err)
		}
	}
	if c.Listen != "off" && c.Listen != "" {
		if _, err := IsLoopbackListen(c.Listen); err != nil {
			return fmt.Errorf("%w: %w", ErrConfig, err)
		}
	}
	return nil
}
