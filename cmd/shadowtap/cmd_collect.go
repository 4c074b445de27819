package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/fleet"
	"github.com/shadowtap/shadowtap/sensor"
	"github.com/shadowtap/shadowtap/storage"
	"github.com/shadowtap/shadowtap/webui"
)

// natsFlags are the NATS connection and stream settings shared by
// `run --publish` and `collect`.
type natsFlags struct {
	creds, tlsCA, tlsCert, tlsKey string
	stream                        fleet.Stream
}

func (f *natsFlags) addFlags(fs *pflag.FlagSet) {
	d := fleet.DefaultStream()
	fs.StringVar(&f.creds, "nats-creds", "", "NATS credentials `file` (user JWT and nkey seed)")
	fs.StringVar(&f.tlsCA, "nats-tls-ca", "", "PEM `file` of the CAs that sign the NATS server's certificate (default: system roots; a tls:// URL or a server requiring TLS turns TLS on)")
	fs.StringVar(&f.tlsCert, "nats-tls-cert", "", "client certificate `file` for NATS mutual TLS (with --nats-tls-key)")
	fs.StringVar(&f.tlsKey, "nats-tls-key", "", "client key `file` for NATS mutual TLS")
	fs.StringVar(&f.stream.Name, "nats-stream", d.Name, "JetStream stream of the deltas (created when absent; the fleet salt is kept in the KV bucket STREAM_FLEET)")
	fs.StringVar(&f.stream.Subject, "nats-subject", d.Subject, "subject prefix: a sensor publishes on PREFIX.delta.SENSOR_ID")
	fs.DurationVar(&f.stream.MaxAge, "stream-max-age", d.MaxAge, "when creating the stream: drop deltas older than this")
	fs.Int64Var(&f.stream.MaxBytes, "stream-max-bytes", d.MaxBytes, "when creating the stream: its size bound in bytes, oldest dropped first (-1: none)")
	fs.IntVar(&f.stream.Replicas, "stream-replicas", d.Replicas, "when creating the stream and the salt bucket: replicas in a JetStream cluster")
}

func (f *natsFlags) conn(url string) fleet.Conn {
	return fleet.Conn{URL: url, Creds: f.creds, TLSCA: f.tlsCA, TLSCert: f.tlsCert, TLSKey: f.tlsKey}
}

// publishFlags are run's fleet flags.
type publishFlags struct {
	url, sensorID string
	noResync      bool
	nats          natsFlags
}

func (f *publishFlags) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&f.url, "publish", "", "publish each committed inventory delta to NATS JetStream at `URL` (nats://HOST:4222; several comma-separated) for 'shadowtap collect'")
	fs.StringVar(&f.sensorID, "sensor-id", "", "this sensor's `name` in the fleet (letters, digits, '-', '_'; default: the host name)")
	fs.BoolVar(&f.noResync, "publish-no-resync", false, "do not republish the whole stored inventory at start (only what changes)")
	f.nats.addFlags(fs)
}

// publisher returns the sensor's publisher, or nil without --publish.
func (f *publishFlags) publisher(stderr io.Writer) (*fleet.Publisher, error) {
	if f.url == "" {
		return nil, nil
	}
	return fleet.NewPublisher(fleet.PublisherOptions{Conn: f.nats.conn(f.url), Stream: f.nats.stream,
		SensorID: f.sensorID, NoResync: f.noResync, Logf: logTo(stderr, "fleet: ")})
}

func logTo(w io.Writer, prefix string) func(string, ...any) {
	return func(format string, args ...any) {
		fmt.Fprintf(w, "shadowtap: "+prefix+format+"\n", args...)
	}
}

// DefaultCollectListen is collect's API address: beside a sensor's
// default one, so both can run on one machine.
const DefaultCollectListen = "127.0.0.1:7781"

type collectOptions struct {
	url, name      string
	db             dbFlag
	specs          []string
	listen         string
	tokenFile      string
	inv            invFlags
	coveredOnly    bool
	lenientMethods bool
	batch          int
	nats           natsFlags
}

func newCollectCmd() *cobra.Command {
	var o collectOptions
	c := &cobra.Command{
		Use:   "collect --nats URL --db CENTRAL.db [--spec SPEC...] [--listen ADDR]",
		Short: "Merge the deltas of a fleet of sensors into one inventory",
		Long: `Consume the inventory deltas that 'shadowtap run --publish' sensors publish to
NATS JetStream (a durable consumer named --name, created with the stream
when absent), merge them into the central database idempotently (a delta
applied twice or out of order changes nothing), evaluate findings over the
whole fleet and serve the same API as 'run' on --listen, where
/api/v1/endpoints also lists the sensors that saw each endpoint (filter
sensor=ID) and /api/v1/sensors each sensor's health (last delta, lag,
packets, drops).

Run several collectors for availability, each with its own --name and
database: each gets every delta and holds the whole inventory.

SIGINT/SIGTERM stop it; what was not acknowledged is delivered again at the
next start.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			err := runCollect(c.Context(), o, c.ErrOrStderr())
			if errors.Is(err, context.Canceled) {
				return nil
			}
			return err
		},
	}
	fs := c.Flags()
	fs.StringVar(&o.url, "nats", "", "NATS server `URL` (nats://HOST:4222; several comma-separated)")
	fs.StringVar(&o.name, "name", "", "this collector's durable consumer `name`, one per collector (default: collector-HOSTNAME)")
	o.db.addFlags(fs)
	fs.StringArrayVar(&o.specs, "spec", nil, "OpenAPI/Swagger `file`, optionally bound to hosts as host1,host2=file (can be repeated)")
	fs.StringVar(&o.listen, "listen", DefaultCollectListen, "API `address`; anything but loopback needs --api-token-file; \"off\" disables the API")
	fs.StringVar(&o.tokenFile, "api-token-file", "", "`file` holding the bearer token the API requires")
	o.inv.addFlags(fs)
	fs.BoolVar(&o.coveredOnly, "covered-hosts-only", false, "ignore endpoints on hosts no spec applies to (by default they are shadow)")
	fs.BoolVar(&o.lenientMethods, "lenient-methods", false, "let HEAD count as the documented GET and CORS preflights (OPTIONS) pass")
	fs.IntVar(&o.batch, "batch", 256, "deltas fetched, stored and acknowledged at once")
	o.nats.addFlags(fs)
	_ = c.MarkFlagRequired("nats")
	return c
}

func runCollect(ctx context.Context, o collectOptions, stderr io.Writer) error {
	var token string
	if o.tokenFile != "" {
		var err error
		if token, err = sensor.ReadTokenFile(o.tokenFile); err != nil {
			return err
		}
	}
	if o.listen != "off" {
		if err := sensor.CheckListen(o.listen, token); err != nil {
			return err
		}
	}
	var specs []*diff.Spec
	if len(o.specs) > 0 {
		var err error
		if specs, err = (&diffFlags{specs: o.specs}).loadSpecs(stderr); err != nil {
			return err
		}
	}
	icfg, err := o.inv.config()
	if err != nil {
		return err
	}
	path, err := o.db.resolve()
	if err != nil {
		return err
	}
	db, err := storage.Open(path, storage.Options{CreateDir: true, Version: sensor.ProductVersion})
	if err != nil {
		return err
	}
	defer db.Close()
	if err := sensor.ApplyStoredSettings(db, &icfg, o.inv.hintsFile != ""); err != nil {
		return err
	}
	col, err := fleet.OpenCollector(fleet.CollectorOptions{Conn: o.nats.conn(o.url), Stream: o.nats.stream, Name: o.name,
		DB: db, Inventory: icfg, Specs: specs, CoveredHostsOnly: o.coveredOnly, LenientMethods: o.lenientMethods,
		Batch: o.batch, Logf: logTo(stderr, "collect: ")})
	if err != nil {
		return err
	}
	var srv *http.Server
	serveDone := make(chan struct{})
	if o.listen != "off" {
		ln, err := net.Listen("tcp", o.listen)
		if err != nil {
			return fmt.Errorf("collect: API listen on %s: %w", o.listen, err)
		}
		srv = &http.Server{Handler: col.Handler(token, sensor.WithUI(webui.New(col))), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
		go func() {
			defer close(serveDone)
			_ = srv.Serve(ln)
		}()
		abs, _ := filepath.Abs(path)
		if err := sensor.WriteDiscovery(path, sensor.Discovery{Addr: ln.Addr().String(), PID: os.Getpid(),
			TokenRequired: token != "", Started: time.Now().UTC(), DB: abs}); err != nil {
			fmt.Fprintf(stderr, "shadowtap: warning: %v\n", err)
		}
		fmt.Fprintf(stderr, "shadowtap: collecting from %s; API at http://%s\n", o.url, ln.Addr())
	} else {
		close(serveDone)
		fmt.Fprintf(stderr, "shadowtap: collecting from %s; API off\n", o.url)
	}
	runErr := col.Run(ctx)
	if srv != nil {
		sctx, cancel := context.WithTimeout(context.Background(), time.Second)
		_ = srv.Shutdown(sctx)
		cancel()
		_ = srv.Close()
		<-serveDone
		if err := sensor.RemoveDiscovery(path); err != nil {
			fmt.Fprintf(stderr, "shadowtap: warning: %v\n", err)
		}
	}
	st := col.Stats()
	fmt.Fprintf(stderr, "shadowtap: collector stopped: %d sensors, %d endpoints, %d findings, %d deltas applied\n",
		st.Detail["fleet.sensors"], st.Endpoints, st.Findings, st.Detail["fleet.messages_applied"])
	return runErr
}
