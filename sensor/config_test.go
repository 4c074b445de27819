package sensor

import (
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseConfigExample(t *testing.T) {
	cfg, err := ParseConfig([]byte(ExampleConfig), "/etc/shadowtap")
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"interface", cfg.Interface, "eth1"},
		{"promiscuous", cfg.Promiscuous, true},
		{"ports", len(cfg.Filter.Ports), 2},
		{"host", cfg.Filter.Hosts[0], netip.MustParseAddr("10.0.0.10")},
		{"net", cfg.Filter.Nets[0], netip.MustParsePrefix("10.1.0.0/16")},
		{"vlan", cfg.Filter.VLANs[0], uint16(100)},
		{"ring", cfg.Live.NumBlocks, 256},
		{"poll", cfg.Live.PollTimeout, 100 * time.Millisecond},
		{"db", cfg.DBPath, "/var/lib/shadowtap/inventory.db"},
		{"spec_rel", cfg.Specs[0], "/etc/shadowtap/openapi.yaml"},
		{"spec_bound", cfg.Specs[1], "api.example.com,api2.example.com=/etc/shadowtap/orders.yaml"},
		{"listen", cfg.Listen, "127.0.0.1:7780"},
		{"api_max_connections", cfg.APIMaxConns, 256},
		{"commit", cfg.CommitInterval, 5 * time.Second},
		{"shutdown", cfg.ShutdownTimeout, 10 * time.Second},
		{"sinks", len(cfg.Sinks), 3},
		{"sink0", cfg.Sinks[0].Path, "/var/log/shadowtap/findings.ndjson"},
		{"sink1", cfg.Sinks[1].Headers["X-Api-Key"], "change-me"},
		{"sink2", cfg.Sinks[2].Addr, "siem.example.com:514"},
		{"max_hosts", cfg.Caps.MaxHosts, 10000},
		{"max_eph", cfg.Caps.MaxEndpointsPerHost, 5000},
		{"max_nph", cfg.Caps.MaxNodesPerHost, 20000},
		{"max_flows", cfg.Reassembly.MaxFlows, 100000},
		{"flow_timeout", cfg.Reassembly.FlowTimeout, 2 * time.Minute},
		{"shards", cfg.Reassembly.Shards, 2},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	if err := cfg.Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

func TestParseConfigDefaults(t *testing.T) {
	cfg, err := ParseConfig([]byte(""), "")
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultConfig()
	if cfg.Listen != d.Listen || cfg.CommitInterval != d.CommitInterval || cfg.Reassembly.MaxFlows != d.Reassembly.MaxFlows ||
		cfg.APIMaxConns != DefaultAPIMaxConns || !cfg.Promiscuous {
		t.Errorf("empty file did not give defaults: %+v", cfg)
	}
	if err := cfg.Validate(); !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), "--interface") {
		t.Errorf("Validate without interface = %v", err)
	}
}

func TestParseConfigErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown_key", "interfce: eth0\n", "interfce"},
		{"bad_host", "filter: {hosts: [not-an-ip]}\n", "not-an-ip"},
		{"bad_net", "filter: {nets: [10.0.0.0/99]}\n", "10.0.0.0/99"},
		{"bad_vlan", "filter: {vlans: [5000]}\n", "vlan"},
		{"bad_port", "filter: {ports: [70000]}\n", "70000"},
		{"bad_duration", "commit_interval: soon\n", "soon"},
		{"negative_duration", "commit_interval: -5s\n", "negative"},
		{"bad_sink", "sinks: [{type: kafka}]\n", "kafka"},
		{"webhook_no_url", "sinks: [{type: webhook}]\n", "url"},
		{"syslog_bad_net", "sinks: [{type: syslog, network: sctp, addr: x:1}]\n", "sctp"},
		{"negative_cap", "caps: {max_flows: -1}\n", "negative"},
		{"negative_api_conns", "api_max_connections: -1\n", "api_max_connections"},
		{"not_yaml", "{{{", "yaml"},
		{"missing_bpf", "bpf_file: /nonexistent/x.bpf\n", "bpf_file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tt.yaml), "")
			if err == nil || !errors.Is(err, ErrConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want ErrConfig mentioning %q", err, tt.want)
			}
		})
	}
}

func TestLoadConfigFileRelativePaths(t *testing.T) {
	dir := t.TempDir()
	bpfText := "4\n40 0 0 12\n21 0 1 2048\n6 0 0 262144\n6 0 0 0\n"
	if err := os.WriteFile(filepath.Join(dir, "f.bpf"), []byte(bpfText), 0o600); err != nil {
		t.Fatal(err)
	}
	conf := "interface: lo\ndb: data/inv.db\nspecs: [specs/a.yaml]\nbpf_file: f.bpf\napi_token_file: tok\nsinks: [{type: ndjson, path: out.ndjson}, {type: ndjson}]\n"
	name := filepath.Join(dir, "shadowtap.yaml")
	if err := os.WriteFile(name, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err := LoadConfigFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DBPath != filepath.Join(dir, "data/inv.db") || cfg.Specs[0] != filepath.Join(dir, "specs/a.yaml") ||
		cfg.APITokenFile != filepath.Join(dir, "tok") || cfg.Sinks[0].Path != filepath.Join(dir, "out.ndjson") || cfg.Sinks[1].Path != "" {
		t.Errorf("paths not resolved: %+v", cfg)
	}
	if len(cfg.BPF) != 4 {
		t.Errorf("bpf: %d instructions, want 4", len(cfg.BPF))
	}
	if _, err := LoadConfigFile(filepath.Join(dir, "missing.yaml")); !errors.Is(err, ErrConfig) {
		t.Errorf("missing file: %v", err)
	}
}
