package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/reassembly"
)

type exchangesOptions struct {
	iface   string
	snaplen int
	format  string
	filter  filterFlags
	caps    capFlags
}

func (o *exchangesOptions) addFlags(fs *pflag.FlagSet) {
	fs.StringVarP(&o.iface, "interface", "i", "", "capture live from network `interface` (needs CAP_NET_RAW) instead of files")
	fs.IntVar(&o.snaplen, "snaplen", 262144, "bytes captured per packet on a live interface")
	fs.StringVar(&o.format, "format", "table", "output `format`: table or ndjson")
	o.filter.addFlags(fs)
	o.caps.addFlags(fs)
}

func newExchangesCmd() *cobra.Command {
	var o exchangesOptions
	c := &cobra.Command{
		Use:   "exchanges [FILE...]",
		Short: "Print the HTTP request/response exchanges in captures or live traffic",
		Long: `Print every HTTP/1.x exchange found in capture files (pcap, pcapng, gzip or
zstd compressed or not; "-" reads stdin) or on a live interface. A summary of
packets, flows, exchanges, gaps and skipped bytes goes to stderr at the end.

EXIT STATUS
  0 ok; 1 error (a corrupt capture still prints what was read before it);
  130 interrupted.`,
		RunE: func(c *cobra.Command, args []string) error {
			return runExchanges(c.Context(), o, args, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.addFlags(c.Flags())
	return c
}

// liveSource is a live capture: capture.Live, or a fake in tests.
type liveSource interface {
	capture.Source
	Stats() (capture.LiveStats, error)
}

// openLive opens a live capture; tests replace it to run exchanges without
// an interface.
var openLive = func(iface string, opts capture.LiveOptions) (liveSource, error) {
	l, err := capture.OpenLive(iface, opts)
	if err != nil {
		return nil, err // not a typed nil
	}
	return l, nil
}

// openSource opens the live interface or the files a command was given; the
// second value is the live capture, nil for files.
func openSource(iface string, snaplen int, ff *filterFlags, files []string) (capture.Source, liveSource, error) {
	if iface != "" {
		if len(files) > 0 {
			return nil, nil, withHint(errors.New("--interface and capture files cannot be used together"), "read files or an interface, one at a time")
		}
		flt, err := ff.filter()
		if err != nil {
			return nil, nil, err
		}
		opts := capture.LiveOptions{Snaplen: snaplen, Promiscuous: true}
		if ff.bpfFile != "" {
			text, err := os.ReadFile(ff.bpfFile)
			if err != nil {
				return nil, nil, err
			}
			if opts.BPF, err = capture.ParseBPF(string(text)); err != nil {
				return nil, nil, fmt.Errorf("--bpf-file %s: %w", ff.bpfFile, err)
			}
		} else if !flt.Empty() {
			if opts.BPF, err = flt.LiveBPF(); err != nil {
				return nil, nil, err
			}
		}
		l, err := openLive(iface, opts)
		if err != nil {
			return nil, nil, withHint(err, "live capture needs root or CAP_NET_RAW (and CAP_NET_ADMIN for promiscuous mode)")
		}
		return l, l, nil
	}
	if len(files) == 0 {
		return nil, nil, withHint(errors.New("no capture files given"), `name pcap/pcapng files, "-" for stdin, or --interface IF`)
	}
	if err := ff.refuseBPFFile(); err != nil {
		return nil, nil, err
	}
	src, err := capture.OpenFiles(files...)
	return src, nil, err
}

func runExchanges(ctx context.Context, o exchangesOptions, files []string, stdout, stderr io.Writer) error {
	if err := checkFormat(o.format, "table", "ndjson"); err != nil {
		return err
	}
	flt, err := o.filter.filter()
	if err != nil {
		return err
	}
	src, liveSrc, err := openSource(o.iface, o.snaplen, &o.filter, files)
	if err != nil {
		return err
	}
	defer src.Close()
	signals := ctx // canceled by SIGINT/SIGTERM (main)
	// Canceled when the output fails: reading on would only lose more.
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	live := liveSrc != nil
	var kernel *capture.LiveStats
	closed := make(chan struct{})
	if live {
		// A live source blocks until traffic arrives: closing it is what
		// ends the read loop on SIGINT/SIGTERM. Its kernel counters are
		// read first, as run does: a closed socket has none.
		go func() {
			defer close(closed)
			<-ctx.Done()
			if ks, err := liveSrc.Stats(); err == nil {
				kernel = &ks
			}
			liveSrc.Close()
		}()
		o.caps.cfg.Live = true
	}

	out := &outputWriter{w: stdout}
	bw := bufio.NewWriterSize(out, 64<<10)
	flush := bw.Flush
	var emit func(*reassembly.Exchange)
	switch o.format {
	case "ndjson":
		var line []byte
		emit = func(x *reassembly.Exchange) {
			line = appendExchangeJSON(line[:0], x)
			bw.Write(line)
			if live {
				bw.Flush()
			}
			if out.err != nil {
				stop()
			}
		}
	default:
		tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
		flush = func() error {
			tw.Flush()
			return bw.Flush()
		}
		fmt.Fprintln(tw, "TIME\tCLIENT\tSERVER\tMETHOD\tHOST\tURI\tSTATUS\tFLAGS")
		emit = func(x *reassembly.Exchange) {
			method, uri, flags := x.Method, truncate(x.Target, 80), flagNames(x.Flags)
			if t := x.TLS; t != nil {
				// a TLS handshake: what it showed, in the URI column
				method, uri = "TLS", tlsSummary(t)
				if t.Partial {
					flags = "partial"
				}
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\n", exchangeTime(x).Format("2006-01-02T15:04:05.000Z07:00"),
				x.Client, x.Server, method, x.Host, uri, x.Status, flags)
			if live {
				flush()
			}
			if out.err != nil {
				stop()
			}
		}
	}
	var match func(*capture.Segment) bool
	if !flt.Empty() && o.iface == "" {
		match = flt.Match
	}
	// Neither format prints a body: frame and count them, keep none.
	cfg := o.caps.cfg
	cfg.DiscardBodies = true
	stats, err := reassembly.Process(ctx, src, match, cfg, emit)
	if live {
		stop() // a capture error ends Process with the socket still open
		<-closed
	}
	flush()
	printTrafficSummary(stderr, "summary", stats)
	if kernel != nil {
		printKernelCounters(stderr, *kernel)
	}
	if out.err != nil {
		return outputError(out.err)
	}
	if err == nil {
		// A live capture closed on a signal ends like a finished file
		// (io.EOF): still an interruption, exit status 130.
		err = signals.Err()
	}
	return err
}

// exchangeJSON is the ndjson record of one exchange: a public contract
// (README "exchanges ndjson").
type exchangeRecord struct {
	TS           string   `json:"ts"`
	ResponseTS   string   `json:"response_ts,omitempty"`
	Client       string   `json:"client"`
	Server       string   `json:"server"`
	VLAN         uint64   `json:"vlan,omitempty"`
	Method       string   `json:"method"`
	Host         string   `json:"host"`
	URI          string   `json:"uri"`
	Status       int      `json:"status"`
	ReqType      string   `json:"request_content_type,omitempty"`
	RespType     string   `json:"response_content_type,omitempty"`
	ReqBodySize  int64    `json:"request_body_size"`
	RespBodySize int64    `json:"response_body_size"`
	Flags        []string `json:"flags,omitempty"`
	// TLS is set on the record of a TLS handshake (method and uri empty).
	TLS *reassembly.TLSInfo `json:"tls,omitempty"`
}

// tlsSummary is a handshake in one table cell.
func tlsSummary(t *reassembly.TLSInfo) string {
	parts := []string{t.Version}
	if t.ALPN != "" {
		parts = append(parts, t.ALPN)
	}
	if t.JA4 != "" {
		parts = append(parts, t.JA4)
	}
	if len(t.Certificates) > 0 {
		parts = append(parts, "cert "+t.Certificates[0].Subject)
	}
	return strings.Join(parts, " ")
}

func exchangeTime(x *reassembly.Exchange) time.Time {
	if !x.RequestTime.IsZero() {
		return x.RequestTime
	}
	return x.ResponseTime
}

func exchangeJSON(x *reassembly.Exchange) exchangeRecord {
	r := exchangeRecord{
		TS:           exchangeTime(x).UTC().Format(time.RFC3339Nano),
		Client:       x.Client.String(),
		Server:       x.Server.String(),
		VLAN:         x.VLAN,
		Method:       x.Method,
		Host:         x.Host,
		URI:          x.Target,
		Status:       x.Status,
		ReqType:      x.RequestContentType,
		RespType:     x.ResponseContentType,
		ReqBodySize:  x.RequestBodySize,
		RespBodySize: x.ResponseBodySize,
		TLS:          x.TLS,
	}
	if !x.ResponseTime.IsZero() {
		r.ResponseTS = x.ResponseTime.UTC().Format(time.RFC3339Nano)
	}
	if f := flagNames(x.Flags); f != "" {
		r.Flags = strings.Split(f, ",")
	}
	return r
}

var flagNameList = []struct {
	f    reassembly.Flags
	name string
}{
	{reassembly.FlagUnpaired, "unpaired"},
	{reassembly.FlagGap, "gap"},
	{reassembly.FlagTruncated, "truncated"},
	{reassembly.FlagNoRequest, "no_request"},
	{reassembly.FlagNoResponse, "no_response"},
	{reassembly.FlagUpgrade, "upgrade"},
	{reassembly.FlagPartialRequestHeaders, "partial_request_headers"},
	{reassembly.FlagPartialResponseHeaders, "partial_response_headers"},
}

func flagNames(f reassembly.Flags) string {
	var names []string
	for _, n := range flagNameList {
		if f&n.f != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, ",")
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}
