package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/netip"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/sensor"
	"github.com/shadowtap/shadowtap/storage"
	"github.com/shadowtap/shadowtap/webui"
)

// defaultUIListen is the ui command's address: loopback, beside the
// sensor's default 7780 so that both can run on one machine.
const defaultUIListen = "127.0.0.1:7781"

type uiOptions struct {
	db          dbFlag
	specs       []string
	listen      string
	tokenFile   string
	coveredOnly bool
	lenient     bool
}

func newUICmd() *cobra.Command {
	var o uiOptions
	c := &cobra.Command{
		Use:   "ui --db DB [--spec SPEC...] [--listen ADDR]",
		Short: "Serve the web UI for a stored inventory",
		Long: `Serve the web UI (overview, inventory, endpoints, findings and their
downloads) for a database that no sensor holds, such as one filled by
'shadowtap ingest'. The database is read once, at start: restart to see
later ingests. A running sensor (shadowtap run) serves the same UI on its
own --listen address.

Anything but a loopback --listen needs --api-token-file. A browser then
opens http://ADDR/?token=TOKEN once, or types the token in the login form:
the token is swapped for an HttpOnly cookie that opens the UI only, and
dropped from the address. The JSON API (/api/v1/...) is served as by run;
with a token it needs the bearer header.

EXIT STATUS
  0 stopped by a signal; 1 error.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return runUI(c.Context(), o, c.ErrOrStderr())
		},
	}
	fs := c.Flags()
	o.db.addFlags(fs)
	fs.StringArrayVar(&o.specs, "spec", nil, "OpenAPI/Swagger `file`, optionally bound to hosts as host1,host2=file (can be repeated)")
	fs.StringVar(&o.listen, "listen", defaultUIListen, "`address` to serve the UI on; anything but loopback needs --api-token-file")
	fs.StringVar(&o.tokenFile, "api-token-file", "", "`file` holding the token the UI (and its API) requires")
	fs.BoolVar(&o.coveredOnly, "covered-hosts-only", false, "ignore endpoints on hosts no spec applies to (by default they are shadow)")
	fs.BoolVar(&o.lenient, "lenient-methods", false, "let HEAD count as the documented GET and CORS preflights (OPTIONS) pass")
	return c
}

// uiReady, when set (tests), is called with the address the UI listens on.
var uiReady func(addr net.Addr)

func runUI(ctx context.Context, o uiOptions, stderr io.Writer) error {
	dbPath, err := o.db.resolve()
	if err != nil {
		return err
	}
	var token string
	if o.tokenFile != "" {
		if token, err = sensor.ReadTokenFile(o.tokenFile); err != nil {
			return err
		}
	}
	if err := sensor.CheckListen(o.listen, token); err != nil {
		return withHint(err, "give --api-token-file, or listen on 127.0.0.1")
	}
	df := diffFlags{specs: o.specs, coveredOnly: o.coveredOnly, lenient: o.lenient}
	var specs []*diff.Spec
	if len(o.specs) > 0 {
		if specs, err = df.loadSpecs(stderr); err != nil {
			return err
		}
	}
	src, err := loadStoredSource(dbPath, specs, df, stderr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.listen)
	if err != nil {
		return fmt.Errorf("ui: listen on %s: %w", o.listen, err)
	}
	// The name may resolve anywhere: the token rule holds for the address
	// bound, as for run.
	if token == "" && !isLoopbackAddr(ln.Addr()) {
		ln.Close()
		return withHint(fmt.Errorf("%w (bound %s)", sensor.ErrTokenRequired, ln.Addr()), "give --api-token-file, or listen on 127.0.0.1")
	}
	srv := &http.Server{
		Handler:           sensor.NewAPIHandler(src, token, sensor.WithUI(webui.New(src))),
		ReadHeaderTimeout: 10 * time.Second, WriteTimeout: time.Minute, IdleTimeout: time.Minute,
	}
	fmt.Fprintf(stderr, "shadowtap: web UI for %s at http://%s/ (%d endpoints, %d findings; Ctrl-C stops)\n",
		dbPath, ln.Addr(), len(src.eps), len(src.fs))
	if token != "" {
		fmt.Fprintf(stderr, "shadowtap: the UI needs the token of %s: open http://%s/?token=TOKEN once, or type it in the login form\n", o.tokenFile, ln.Addr())
	}
	if uiReady != nil {
		uiReady(ln.Addr())
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(sctx)
	return nil
}

// storedSource is a sensor.DataSource over a database read once: what
// `shadowtap ui` serves.
type storedSource struct {
	eps    []inventory.Endpoint
	noise  []inventory.Noise
	tls    []inventory.TLSService
	fs     []diff.Finding
	specs  []*diff.Spec
	stats  sensor.Stats
	notice string
}

func (s *storedSource) Endpoints() []inventory.Endpoint { return s.eps }
func (s *storedSource) Noise() []inventory.Noise        { return s.noise }
func (s *storedSource) TLS() []inventory.TLSService     { return s.tls }
func (s *storedSource) Findings() []diff.Finding        { return s.fs }
func (s *storedSource) Stats() sensor.Stats             { return s.stats }

// Specs implements webui.SpecSource.
func (s *storedSource) Specs() []*diff.Spec { return s.specs }

// Notice implements webui.Noticer.
func (s *storedSource) Notice() string { return s.notice }

// loadStoredSource reads the inventory at dbPath and diffs it against specs.
// A missing database is no error: the UI explains it on every page. A
// database a sensor holds is: that sensor serves the UI itself.
func loadStoredSource(dbPath string, specs []*diff.Spec, df diffFlags, stderr io.Writer) (*storedSource, error) {
	src := &storedSource{specs: specs}
	var inv *inventory.Inventory
	if _, err := os.Stat(dbPath); errors.Is(err, fs.ErrNotExist) {
		src.notice = "There is no database at " + dbPath + " yet: fill it with 'shadowtap ingest --db " + dbPath +
			" CAPTURE.pcap' (or run a sensor with --db " + dbPath + "), then restart 'shadowtap ui'."
		fmt.Fprintf(stderr, "shadowtap: warning: no database at %s yet; the UI says how to make one\n", dbPath)
	} else {
		inv, err = openStoredInventory(dbPath, func() error {
			d, ok, err := sensor.ReadDiscovery(dbPath)
			if err != nil || !ok {
				return errors.New("another shadowtap (ingest or run) holds it; wait for it to finish")
			}
			return fmt.Errorf("a sensor (pid %d) holds it and serves this UI itself at %s/", d.PID, d.URL())
		})
		switch {
		case errors.Is(err, storage.ErrLocked):
			return nil, err
		case err != nil:
			// A damaged or unreadable database: the pages say why, as
			// the other commands would.
			src.notice = "The database " + dbPath + " cannot be read: " + err.Error()
			var h interface{ Hint() string }
			if errors.As(err, &h) && h.Hint() != "" {
				src.notice += " (" + h.Hint() + ")"
			}
			fmt.Fprintf(stderr, "shadowtap: warning: %s\n", src.notice)
			inv = inventory.New(inventory.DefaultConfig())
		case inv == nil:
			return nil, errors.New("ui: the database is held by a running sensor") // not reached: fromSensor always fails
		}
		src.eps, src.noise, src.tls = inv.Endpoints(), inv.Noise(), inv.TLSServices()
		if db, err := storage.Open(dbPath, storage.Options{ReadOnly: true}); err == nil {
			if m, err := db.Meta(); err == nil {
				src.stats.LastCommit = m.Updated
			}
			db.Close()
		}
		if len(src.eps) == 0 && src.notice == "" {
			src.notice = "The database " + dbPath + " holds no endpoint yet: ingest a capture into it ('shadowtap ingest --db " +
				dbPath + " CAPTURE.pcap'), then restart 'shadowtap ui'."
		}
	}
	src.fs = diff.Diff(src.eps, specs, diff.Options{
		IncludeUncoveredHosts: !df.coveredOnly,
		LenientMethods:        df.lenient,
		TLS:                   src.tls,
		Noise:                 src.noise,
		Warn:                  func(s string) { fmt.Fprintf(stderr, "shadowtap: warning: %s\n", s) },
	})
	hosts := map[string]bool{}
	for i := range src.eps {
		hosts[src.eps[i].Host] = true
	}
	src.stats.Endpoints, src.stats.Hosts = uint64(len(src.eps)), uint64(len(hosts))
	src.stats.Noise, src.stats.Findings = uint64(len(src.noise)), uint64(len(src.fs))
	return src, nil
}

// isLoopbackAddr reports whether a bound address is an IP loopback one.
func isLoopbackAddr(a net.Addr) bool {
	ap, err := netip.ParseAddrPort(a.String())
	return err == nil && ap.Addr().Unmap().IsLoopback()
}
