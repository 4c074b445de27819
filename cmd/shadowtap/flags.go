package main

import (
	"errors"
	"fmt"
	"io"
	"net/netip"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"golang.org/x/net/bpf"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/reassembly"
)

// filterFlags are the structured capture filter flags shared by every
// command that reads traffic.
type filterFlags struct {
	ports   []uint
	ips     []string
	nets    []string
	vlans   []uint
	bpfFile string
}

func (f *filterFlags) addFlags(fs *pflag.FlagSet) {
	fs.UintSliceVar(&f.ports, "port", nil, "keep only TCP traffic to or from `port` (can be repeated)")
	ips := &addrList{list: &f.ips}
	fs.Var(ips, "ip", "keep only traffic to or from IP `address` (can be repeated)")
	// --ip was --host, which on endpoints and export names a Host header:
	// the old name still works here, hidden, with a warning.
	fs.Var(&deprecatedName{Value: ips, newName: "ip",
		note: " (an IP address filter; --host on endpoints and export openapi selects a host name)"},
		"host", "deprecated: use --ip")
	fs.MarkHidden("host")
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
	for _, h := range f.ips {
		a, err := netip.ParseAddr(h)
		if err != nil {
			return flt, withHint(fmt.Errorf("--ip %q: not an IP address", h),
				"to list the endpoints of a host name: shadowtap endpoints --host NAME")
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
		"filter files with --port, --ip, --net and --vlan, or filter the capture first: tcpdump -r in.pcap -w out.pcap 'EXPRESSION'")
}

// addrList is the value of --ip: every use appends ("a,b" or the flag
// repeated), also through the deprecated --host.
type addrList struct {
	list *[]string
}

func (v *addrList) Set(s string) error {
	for _, a := range strings.Split(s, ",") {
		*v.list = append(*v.list, strings.TrimSpace(a))
	}
	return nil
}

func (v *addrList) String() string { return strings.Join(*v.list, ",") }
func (v *addrList) Type() string   { return "strings" }

// deprecatedName is the value of an old flag name kept so that scripts go
// on working: it sets the new flag's value and remembers it was used, for
// warnDeprecatedFlags. pflag's MarkDeprecated is not used: cobra prints its
// message to the command's output, stdout.
type deprecatedName struct {
	pflag.Value
	newName, note string
	used          bool
}

func (d *deprecatedName) Set(s string) error {
	d.used = true
	return d.Value.Set(s)
}

// warnDeprecatedFlags prints one line to stderr per deprecated flag name
// the command line used.
func warnDeprecatedFlags(c *cobra.Command) {
	c.Flags().VisitAll(func(f *pflag.Flag) {
		if d, ok := f.Value.(*deprecatedName); ok && d.used {
			fmt.Fprintf(c.ErrOrStderr(), "shadowtap: warning: --%s is deprecated on '%s', use --%s%s\n", f.Name, c.CommandPath(), d.newName, d.note)
		}
	})
}

// apiTokenFileEnv is the fallback of --api-token-file.
const apiTokenFileEnv = "SHADOWTAP_API_TOKEN_FILE"

// addAPITokenFileFlag gives a command that asks a running sensor's API
// (when the sensor holds --db) the --api-token-file flag. The token is read
// by sensorToken (cmd_run.go), which knows only $SHADOWTAP_API_TOKEN_FILE:
// the flag reaches it through that variable, set for the command's run.
func addAPITokenFileFlag(c *cobra.Command) {
	var file string
	c.Flags().StringVar(&file, "api-token-file", "", "`file` holding the bearer token of the running sensor's API, used when a sensor (shadowtap run) holds the database (default $"+apiTokenFileEnv+")")
	run := c.RunE
	c.RunE = func(c *cobra.Command, args []string) error {
		apiTokenFile = file
		defer func() { apiTokenFile = "" }() // commands run in-process one after another (tests)
		return run(c, args)
	}
}

// apiTokenFile is the --api-token-file of the command being run; empty
// means $SHADOWTAP_API_TOKEN_FILE (see sensorToken).
var apiTokenFile string

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
	fs.IntVar(&c.cfg.MaxFlows, "max-flows", c.cfg.MaxFlows, "TCP connections tracked at once; a new one beyond it replaces the oldest that has no payload yet, or else is not tracked (flows_dropped)")
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

// isTerminal tells whether w is a terminal (progress bars); a variable so
// that tests can pretend.
var isTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	return termIsTerminal(int(f.Fd()))
}

// parseBPF reads a raw program as printed by tcpdump -ddd.
func parseBPF(text string) ([]bpf.RawInstruction, error) { return capture.ParseBPF(text) }
