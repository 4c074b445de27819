package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"sort"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/net/bpf"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/reassembly"
)

// filterFlags are the structured capture filter flags shared by every
// command that reads traffic.
type filterFlags struct {
	ports   []uint
	hosts   []string
	nets    []string
	vlans   []uint
	bpfFile string
}

func (f *filterFlags) addFlags(fs *pflag.FlagSet) {
	fs.UintSliceVar(&f.ports, "port", nil, "keep only TCP traffic to or from `port` (can be repeated)")
	fs.StringSliceVar(&f.hosts, "host", nil, "keep only traffic to or from IP `address` (can be repeated)")
	fs.StringSliceVar(&f.nets, "net", nil, "keep only traffic to or from `prefix` such as 10.1.0.0/16 (can be repeated)")
	fs.UintSliceVar(&f.vlans, "vlan", nil, "keep only traffic tagged with VLAN `id` (can be repeated)")
	fs.StringVar(&f.bpfFile, "bpf-file", "", "attach the raw BPF program in `file` (tcpdump -ddd output) to a live capture")
}

func (f *filterFlags) filter() (capture.Filter, error) {
	var flt capture.Filter
	for _, p := range f.ports {
		if p == 0 || p > 65535 {
			return flt, fmt.Errorf("--port %d: not a TCP port", p)
		}
		flt.Ports = append(flt.Ports, uint16(p))
	}
	for _, h := range f.hosts {
		a, err := netip.ParseAddr(h)
		if err != nil {
			return flt, fmt.Errorf("--host %q: not an IP address", h)
		}
		flt.Hosts = append(flt.Hosts, a)
	}
	for _, n := range f.nets {
		p, err := netip.ParsePrefix(n)
		if err != nil {
			return flt, fmt.Errorf("--net %q: not a prefix such as 10.0.0.0/8", n)
		}
		flt.Nets = append(flt.Nets, p.Masked())
	}
	for _, v := range f.vlans {
		if v > 4095 {
			return flt, fmt.Errorf("--vlan %d: VLAN ids are 0-4095", v)
		}
		flt.VLANs = append(flt.VLANs, uint16(v))
	}
	return flt, nil
}

// refuseBPFFile rejects --bpf-file when reading capture files: the program
// is only attached to a live socket and capture has no pure-Go BPF VM to run
// it on file frames, so accepting it would silently filter nothing.
func (f *filterFlags) refuseBPFFile() error {
	if f.bpfFile == "" {
		return nil
	}
	return withHint(errors.New("--bpf-file applies to live capture (--interface) only, not to capture files"),
		"filter files with --port, --host, --net and --vlan, or filter the capture first: tcpdump -r in.pcap -w out.pcap 'EXPRESSION'")
}

// capFlags are the reassembly caps shared by every command that reads
// traffic. Defaults come from reassembly.DefaultConfig.
type capFlags struct {
	cfg reassembly.Config
}

func (c *capFlags) addFlags(fs *pflag.FlagSet) {
	c.cfg = reassembly.DefaultConfig()
	fs.Int64Var(&c.cfg.MaxBufferedBytes, "max-buffered-bytes", c.cfg.MaxBufferedBytes, "cap on out-of-order bytes buffered over all connections")
	fs.Int64Var(&c.cfg.MaxBufferedPerConn, "max-conn-buffered-bytes", c.cfg.MaxBufferedPerConn, "cap on out-of-order bytes buffered per connection")
	fs.Int64Var(&c.cfg.MaxPendingBytes, "max-pending-bytes", c.cfg.MaxPendingBytes, "cap on header blocks and kept bodies of messages in flight, over all connections")
	fs.IntVar(&c.cfg.MaxBodyBytes, "max-body-bytes", c.cfg.MaxBodyBytes, "body bytes kept per message for inspection (the rest is counted, not kept)")
	fs.IntVar(&c.cfg.MaxHeaderBytes, "max-header-bytes", c.cfg.MaxHeaderBytes, "largest header block parsed; longer ones are skipped and counted")
	fs.IntVar(&c.cfg.MaxFlows, "max-flows", c.cfg.MaxFlows, "TCP connections tracked at once; the oldest idle ones are flushed beyond it")
}

// formatFlag validates a --format value against the allowed ones.
func checkFormat(got string, allowed ...string) error {
	for _, a := range allowed {
		if got == a {
			return nil
		}
	}
	return withHint(fmt.Errorf("--format %q is not supported", got), "valid formats: "+strings.Join(allowed, ", "))
}

// printSummary writes the non-zero counters of a stats value (any struct
// with JSON tags) to w, one "name value" per line, nested names joined with
// dots, so every command reports the same counter names.
func printSummary(w io.Writer, title string, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		return
	}
	var m map[string]any
	if json.Unmarshal(b, &m) != nil {
		return
	}
	var lines []string
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch t := v.(type) {
		case map[string]any:
			for k, x := range t {
				name := k
				if prefix != "" {
					name = prefix + "." + k
				}
				walk(name, x)
			}
		case float64:
			if t != 0 {
				lines = append(lines, fmt.Sprintf("  %-40s %v", prefix, json.Number(fmt.Sprint(int64(t)))))
			}
		case string:
			if t != "" {
				lines = append(lines, fmt.Sprintf("  %-40s %s", prefix, t))
			}
		case []any:
			for i, x := range t {
				walk(fmt.Sprintf("%s[%d]", prefix, i), x)
			}
		}
	}
	walk("", m)
	sort.Strings(lines)
	fmt.Fprintf(w, "shadowtap: %s\n", title)
	for _, l := range lines {
		fmt.Fprintln(w, l)
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return termIsTerminal(int(f.Fd()))
}

// parseBPF reads a raw program as printed by tcpdump -ddd.
func parseBPF(text string) ([]bpf.RawInstruction, error) { return capture.ParseBPF(text) }
