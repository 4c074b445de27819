package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/pflag"

	"github.com/shadowtap/shadowtap/reassembly"
	"github.com/shadowtap/shadowtap/sensor"
)

// runConfig builds run's configuration from args as the command does.
func runConfig(t *testing.T, args ...string) sensor.Config {
	t.Helper()
	var o runOptions
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	o.addFlags(fs)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	cfg, err := o.config(fs)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

// TestRunConfigFileCapsKeptUnderFlags: a cap flag overrides that cap only;
// the config file's other caps (shards, flow_timeout, ...) and settings win
// over the flag defaults.
func TestRunConfigFileCapsKeptUnderFlags(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "sensor.yaml")
	yaml := `interface: lo
db: inv.db
api_max_connections: 32
caps:
  shards: 3
  flow_timeout: 7m
  gap_timeout: 3s
  max_flows: 5000
  max_body_bytes: 999
  max_pending_requests: 7
  max_nodes_per_host: 3000
`
	if err := os.WriteFile(conf, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	def := reassembly.DefaultConfig()

	cfg := runConfig(t, "--config", conf, "--max-body-bytes", "1234")
	r := cfg.Reassembly
	checks := []struct {
		name      string
		got, want any
	}{
		{"shards (file)", r.Shards, 3},
		{"flow_timeout (file)", r.FlowTimeout, 7 * time.Minute},
		{"gap_timeout (file)", r.GapTimeout, 3 * time.Second},
		{"max_flows (file)", r.MaxFlows, 5000},
		{"max_pending_requests (file)", r.MaxPendingRequests, 7},
		{"max_body_bytes (flag)", r.MaxBodyBytes, 1234},
		{"max_header_bytes (default)", r.MaxHeaderBytes, def.MaxHeaderBytes},
		{"api_max_connections (file)", cfg.APIMaxConns, 32},
		{"promiscuous (default, not in the file)", cfg.Promiscuous, true},
		{"max_nodes_per_host (file)", cfg.Caps.MaxNodesPerHost, 3000},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}

	cfg = runConfig(t, "--config", conf, "--max-flows", "77", "--api-max-conns", "8", "--no-promisc")
	if cfg.Reassembly.MaxFlows != 77 || cfg.Reassembly.Shards != 3 || cfg.Reassembly.MaxBodyBytes != 999 ||
		cfg.APIMaxConns != 8 || cfg.Promiscuous {
		t.Errorf("flags over the file: max_flows %d shards %d max_body_bytes %d api conns %d promiscuous %v",
			cfg.Reassembly.MaxFlows, cfg.Reassembly.Shards, cfg.Reassembly.MaxBodyBytes, cfg.APIMaxConns, cfg.Promiscuous)
	}

	// Without a file: the defaults.
	cfg = runConfig(t, "--interface", "lo", "--db", filepath.Join(dir, "x.db"))
	if cfg.APIMaxConns != sensor.DefaultAPIMaxConns || !cfg.Promiscuous || cfg.Reassembly.MaxFlows != def.MaxFlows {
		t.Errorf("defaults: api conns %d promiscuous %v max_flows %d", cfg.APIMaxConns, cfg.Promiscuous, cfg.Reassembly.MaxFlows)
	}
}

// TestRunHelpMaxFlows: --max-flows is described as reassembly applies it
// (new connections are refused and counted), and the connection cap is
// documented.
func TestRunHelpMaxFlows(t *testing.T) {
	out, _, code := shadowtap(t, "run", "--help")
	if code != 0 {
		t.Fatalf("run --help: exit %d", code)
	}
	i := strings.Index(out, "--max-flows")
	if i < 0 {
		t.Fatalf("no --max-flows in:\n%s", out)
	}
	line := out[i:]
	if j := strings.Index(line, "\n      --"); j > 0 {
		line = line[:j]
	}
	if strings.Contains(line, "oldest idle") || !strings.Contains(line, "flows_dropped") {
		t.Errorf("--max-flows help contradicts reassembly: %q", line)
	}
	if !strings.Contains(out, "--api-max-conns") || !strings.Contains(out, "/api/v1/noise") {
		t.Errorf("run help lacks --api-max-conns or /api/v1/noise:\n%s", out)
	}
}
