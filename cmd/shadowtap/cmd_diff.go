package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/sensor"
)

type diffFlags struct {
	specs       []string
	format      string
	minSeverity string
	failOn      string
	coveredOnly bool
	lenient     bool
}

func (d *diffFlags) addFlags(fs *pflag.FlagSet, defaultFormat string) {
	fs.StringArrayVar(&d.specs, "spec", nil, "OpenAPI/Swagger `file`, optionally bound to hosts as host1,host2=file (can be repeated)")
	fs.StringVar(&d.format, "format", defaultFormat, "output `format`: table, json, ndjson, csv or sarif")
	fs.StringVar(&d.minSeverity, "min-severity", "info", "report findings at or above `severity` (info, low, medium, high, critical)")
	fs.StringVar(&d.failOn, "fail-on", "", "exit with status 3 when a finding at or above `severity` exists (for CI)")
	fs.BoolVar(&d.coveredOnly, "covered-hosts-only", false, "ignore endpoints on hosts no spec applies to (by default they are shadow: no spec documents them)")
	fs.BoolVar(&d.lenient, "lenient-methods", false, "let HEAD count as the documented GET and CORS preflights (OPTIONS) pass (by default a method the spec does not list is a shadow method)")
}

// loadSpecs loads every --spec, printing loader warnings to stderr.
func (d *diffFlags) loadSpecs(stderr io.Writer) ([]*diff.Spec, error) {
	if len(d.specs) == 0 {
		return nil, withHint(errors.New("no --spec given"), "name the OpenAPI or Swagger documents to compare with: --spec openapi.yaml")
	}
	var specs []*diff.Spec
	for _, arg := range d.specs {
		file, hosts := diff.ParseSpecArg(arg)
		s, warns, err := diff.LoadSpec(file, hosts)
		if err != nil {
			return nil, err
		}
		for _, w := range warns {
			fmt.Fprintf(stderr, "shadowtap: warning: %s: %s\n", file, w)
		}
		specs = append(specs, s)
	}
	return specs, nil
}

// report runs the diff and writes it; it returns errFindings when --fail-on
// is met.
func (d *diffFlags) report(eps []inventory.Endpoint, noise []inventory.Noise, tls []inventory.TLSService, specs []*diff.Spec, stdout, stderr io.Writer) error {
	if err := checkFormat(d.format, "table", "json", "ndjson", "csv", "sarif"); err != nil {
		return err
	}
	min, err := diff.ParseSeverity(d.minSeverity)
	if err != nil {
		return fmt.Errorf("--min-severity: %w", err)
	}
	var failOn diff.Severity
	if d.failOn != "" {
		if failOn, err = diff.ParseSeverity(d.failOn); err != nil {
			return fmt.Errorf("--fail-on: %w", err)
		}
	}
	// An endpoint on a host that no spec covers is documented nowhere: on a
	// mirror port that is exactly the undocumented service a user wants to
	// hear about, so it is shadow unless --covered-hosts-only.
	all := diff.Diff(eps, specs, diff.Options{
		IncludeUncoveredHosts: !d.coveredOnly,
		LenientMethods:        d.lenient,
		TLS:                   tls,
		Noise:                 noise,
		Warn:                  func(s string) { fmt.Fprintf(stderr, "shadowtap: warning: %s\n", s) },
	})
	fs := all[:0:0]
	for _, f := range all {
		if f.Severity >= min {
			fs = append(fs, f)
		}
	}
	if err := writeOutput(stdout, func(w io.Writer) error { return diff.Write(w, d.format, fs, specs) }); err != nil {
		return err
	}
	if d.failOn != "" {
		for _, f := range all {
			if f.Severity >= failOn {
				return errFindings
			}
		}
	}
	return nil
}

type diffOptions struct {
	db   dbFlag
	diff diffFlags
}

func newDiffCmd() *cobra.Command {
	var o diffOptions
	c := &cobra.Command{
		Use:   "diff --db DB --spec SPEC...",
		Short: "Compare the inventory with OpenAPI/Swagger documents and report findings",
		Long: `Compare the discovered endpoints with OpenAPI 3.x / Swagger 2.0 documents and
report shadow endpoints and methods (served, undocumented), zombies
(deprecated yet called), unauthenticated access, drift, and documented
operations nobody calls (unused).

A --spec bound to hosts (api.example.com=orders.yaml) applies to those hosts
only; an unbound one applies to the hosts its servers/host name, or to all
hosts when it names none or none of them was seen.

While a sensor (shadowtap run) holds the database, the endpoints are asked
from its API; --api-token-file (or $SHADOWTAP_API_TOKEN_FILE) names the file
holding its token when it requires one.

EXIT STATUS
  0 ok; 1 error; 3 a finding at or above --fail-on exists.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			dbPath, err := o.db.resolve()
			if err != nil {
				return err
			}
			specs, err := o.diff.loadSpecs(c.ErrOrStderr())
			if err != nil {
				return err
			}
			inv, eps, err := loadInventory(c.Context(), dbPath, sensor.EndpointFilter{})
			if err != nil {
				return err
			}
			return o.diff.report(eps, noiseOf(inv), tlsOf(inv), specs, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.db.addFlags(c.Flags())
	o.diff.addFlags(c.Flags(), "table")
	addAPITokenFileFlag(c)
	return c
}

type scanOptions struct {
	ingestOptions
	diff diffFlags
}

func newScanCmd() *cobra.Command {
	var o scanOptions
	c := &cobra.Command{
		Use:   "scan FILE... --spec SPEC...",
		Short: "Ingest captures and diff them against specs in one step",
		Long: `Ingest the captures and report findings against the specs in one step. Without
--db a temporary database is used and removed afterwards.

EXIT STATUS
  0 ok; 1 error; 3 a finding at or above --fail-on exists; 130 interrupted.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.stdin = c.InOrStdin()
			return runScan(c.Context(), o, args, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.ingestOptions.addFlags(c.Flags())
	o.diff.addFlags(c.Flags(), "table")
	return c
}

func runScan(ctx context.Context, o scanOptions, files []string, stdout, stderr io.Writer) error {
	specs, err := o.diff.loadSpecs(stderr)
	if err != nil {
		return err
	}
	if o.db.path == "" {
		dir, err := os.MkdirTemp("", "shadowtap-scan-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		o.db.path = filepath.Join(dir, "scan.db")
	}
	dbPath, ierr := runIngest(ctx, o.ingestOptions, files, stderr)
	if ierr != nil && dbPath == "" {
		return ierr
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	inv, eps, err := loadInventory(ctx, dbPath, sensor.EndpointFilter{})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "shadowtap: %d endpoints discovered\n", len(eps))
	if err := o.diff.report(eps, noiseOf(inv), tlsOf(inv), specs, stdout, stderr); err != nil {
		return err
	}
	return ierr
}

type exportOptions struct {
	db     dbFlag
	host   string
	title  string
	output string
}

func newExportCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "export",
		Short: "Export the inventory in other formats",
	}
	var o exportOptions
	oc := &cobra.Command{
		Use:   "openapi --db DB [--host H]",
		Short: "Write an OpenAPI 3.0 document generated from the observed inventory",
		Long: `Write an OpenAPI 3.0 document describing what was observed: paths, methods,
parameters with types, inferred request and response schemas and the
security schemes seen. Teams can start documenting what they found from it.

EXIT STATUS
  0 ok; 1 error.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			dbPath, err := o.db.resolve()
			if err != nil {
				return err
			}
			_, eps, err := loadInventory(c.Context(), dbPath, sensor.EndpointFilter{})
			if err != nil {
				return err
			}
			if o.host != "" {
				eps = sensor.FilterEndpoints(eps, sensor.EndpointFilter{Host: o.host})
			}
			title := o.title
			if title == "" {
				title = "Observed API"
				if o.host != "" {
					title = "Observed API of " + o.host
				}
			}
			doc, err := diff.ExportOpenAPI(eps, title)
			if err != nil {
				return err
			}
			b, err := doc.MarshalJSON()
			if err != nil {
				return err
			}
			b = append(indentJSON(b), '\n')
			if o.output == "" || o.output == "-" {
				return writeOutput(c.OutOrStdout(), func(w io.Writer) error {
					_, err := w.Write(b)
					return err
				})
			}
			return writeFileAtomic(o.output, b)
		},
	}
	o.db.addFlags(oc.Flags())
	oc.Flags().StringVar(&o.host, "host", "", "only endpoints of `host` (the host name endpoints lists: Host header, or ip:port without one)")
	oc.Flags().StringVar(&o.title, "title", "", "the document's info.title")
	oc.Flags().StringVarP(&o.output, "output", "o", "", "write to `file` instead of stdout (written whole or not at all)")
	addAPITokenFileFlag(oc)
	c.AddCommand(oc)
	return c
}

// noiseOf returns the inventory's noise (nil when the endpoints came from a
// running sensor's API, which serves no noise to match).
func noiseOf(inv *inventory.Inventory) []inventory.Noise {
	if inv == nil {
		return nil
	}
	return inv.Noise()
}

// tlsOf is the inventory's TLS services (nil without an inventory: the
// endpoints came from a running sensor, which reports its own).
func tlsOf(inv *inventory.Inventory) []inventory.TLSService {
	if inv == nil {
		return nil
	}
	return inv.TLSServices()
}
