package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/reassembly"
	"github.com/shadowtap/shadowtap/sensor"
	"github.com/shadowtap/shadowtap/storage"
)

type endpointsOptions struct {
	db     dbFlag
	host   string
	method string
	path   string
	unauth bool
	since  string
	sortBy string
	format string
	noise  bool
	tls    bool
	specs  []string
}

func (o *endpointsOptions) addFlags(fs *pflag.FlagSet) {
	o.db.addFlags(fs)
	fs.StringVar(&o.host, "host", "", "only endpoints of `host`")
	fs.StringVar(&o.method, "method", "", "only endpoints with HTTP `method`")
	fs.StringVar(&o.path, "path", "", "only path templates matching `glob` (* within one segment, a final /** any further segments)")
	fs.BoolVar(&o.unauth, "unauthenticated", false, "only endpoints called at least once without credentials")
	fs.StringVar(&o.since, "since", "", "only endpoints seen at or after `time` (RFC 3339, or a duration such as 24h meaning that long ago)")
	fs.StringVar(&o.sortBy, "sort", "path", "sort `key`: path, hits, last-seen, first-seen, unauthenticated")
	fs.StringVar(&o.format, "format", "table", "output `format`: table, json, ndjson or csv")
	fs.BoolVar(&o.noise, "noise", false, "list the noise instead: requests that never reached an endpoint (only 404/405/501 answers)")
	fs.BoolVar(&o.tls, "tls", false, "list the encrypted services instead: per server address and SNI, TLS versions, ALPN, ciphers, JA4 client fingerprints, certificate")
	fs.StringArrayVar(&o.specs, "spec", nil, "also say how OpenAPI/Swagger `file` documents each endpoint, as diff matches it (host1,host2=file binds it to hosts; can be repeated)")
}

func newEndpointsCmd() *cobra.Command {
	var o endpointsOptions
	c := &cobra.Command{
		Use:   "endpoints --db DB",
		Short: "List the discovered API endpoints",
		Long: `List the endpoints in the inventory: host, method, path template, hits,
whether every call carried credentials, statuses, auth and sensitive-data
kinds. While a sensor (shadowtap run) holds the database, the list (and the
--noise list) is asked from its API.

With --spec, each endpoint also gets the template the specs give it, as diff
matches and reports it: the documented operation's path (and operationId),
or for an undocumented endpoint its shadow template, with the parameters of
a documented prefix named as the spec names them.

EXIT STATUS
  0 ok; 1 error.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return runEndpoints(c.Context(), o, c.OutOrStdout(), c.ErrOrStderr())
		},
	}
	o.addFlags(c.Flags())
	addAPITokenFileFlag(c)
	return c
}

// loadInventory reads the stored inventory. While a running sensor holds the
// database it asks the sensor instead.
// flt is passed to a running sensor's API; the caller filters stored
// endpoints itself.
func loadInventory(ctx context.Context, dbPath string, flt sensor.EndpointFilter) (*inventory.Inventory, []inventory.Endpoint, error) {
	var eps []inventory.Endpoint
	inv, err := openStoredInventory(dbPath, func() (err error) {
		eps, err = endpointsFromSensor(ctx, dbPath, flt)
		return err
	})
	if err != nil || inv == nil {
		return nil, eps, err
	}
	return inv, inv.Endpoints(), nil
}

// loadNoise reads the noise from the stored inventory, or from the running
// sensor that holds the database.
func loadNoise(ctx context.Context, dbPath string) ([]inventory.Noise, error) {
	var ns []inventory.Noise
	inv, err := openStoredInventory(dbPath, func() (err error) {
		ns, err = noiseFromSensor(ctx, dbPath)
		return err
	})
	if err != nil || inv == nil {
		return ns, err
	}
	return inv.Noise(), nil
}

// loadTLS reads the TLS services from the stored inventory, or from the
// running sensor that holds the database.
func loadTLS(ctx context.Context, dbPath string) ([]inventory.TLSService, error) {
	var ts []inventory.TLSService
	inv, err := openStoredInventory(dbPath, func() error {
		d, token, err := runningSensor(dbPath)
		if err != nil {
			return err
		}
		ts, err = sensor.QueryTLS(ctx, d, token)
		if err != nil {
			return fmt.Errorf("the sensor holding the database (pid %d) answers at %s, but: %w", d.PID, d.URL(), err)
		}
		return nil
	})
	if err != nil || inv == nil {
		return ts, err
	}
	return inv.TLSServices(), nil
}

// openStoredInventory rebuilds the stored inventory. While a running sensor
// holds the database it calls fromSensor instead and returns a nil
// inventory.
func openStoredInventory(dbPath string, fromSensor func() error) (*inventory.Inventory, error) {
	db, err := storage.Open(dbPath, storage.Options{ReadOnly: true})
	if err != nil {
		if errors.Is(err, storage.ErrLocked) {
			if serr := fromSensor(); serr != nil {
				return nil, withHint(err, serr.Error())
			}
			return nil, nil
		}
		if errors.Is(err, fs.ErrNotExist) {
			return nil, withHint(err, "no inventory at "+dbPath+" yet: run 'shadowtap ingest --db "+dbPath+" CAPTURE' first")
		}
		return nil, dbOpenError(dbPath, err)
	}
	defer db.Close()
	blobs, err := db.LoadHosts()
	if err != nil {
		return nil, err
	}
	cfg := inventory.DefaultConfig()
	if err := sensor.ApplyStoredSettings(db, &cfg, false); err != nil {
		return nil, fmt.Errorf("%s: %w", dbPath, err)
	}
	inv := inventory.New(cfg)
	for h, b := range blobs {
		if err := inv.LoadHost(h, b); err != nil {
			err = fmt.Errorf("%s: stored inventory for host %q: %w", dbPath, h, err)
			if errors.Is(err, inventory.ErrNewerState) {
				return nil, withHint(err, "a later shadowtap release wrote "+dbPath+": read it with that release or a later one (nothing is damaged)")
			}
			return nil, withHint(err, "'shadowtap db check --db "+dbPath+"' lists the damage; 'shadowtap db salvage' copies the rest")
		}
	}
	return inv, nil
}

func runEndpoints(ctx context.Context, o endpointsOptions, stdout, stderr io.Writer) error {
	if err := checkFormat(o.format, "table", "json", "ndjson", "csv"); err != nil {
		return err
	}
	dbPath, err := o.db.resolve()
	if err != nil {
		return err
	}
	flt, err := o.endpointFilter()
	if err != nil {
		return err
	}
	if o.tls {
		ts, err := loadTLS(ctx, dbPath)
		if err != nil {
			return err
		}
		if o.host != "" {
			ts = slices.DeleteFunc(ts, func(s inventory.TLSService) bool {
				return !strings.EqualFold(s.ServerName, o.host) && s.Server != o.host
			})
		}
		return writeOutput(stdout, func(w io.Writer) error { return writeTLS(w, ts, o.format) })
	}
	if o.noise {
		ns, err := loadNoise(ctx, dbPath)
		if err != nil {
			return err
		}
		return writeOutput(stdout, func(w io.Writer) error { return writeNoise(w, ns, o.format) })
	}
	var specs []*diff.Spec
	if len(o.specs) > 0 {
		df := diffFlags{specs: o.specs}
		if specs, err = df.loadSpecs(stderr); err != nil {
			return err
		}
		// how a host's endpoints match its spec depends on all of them
		// (values that filled documented parameters, a version prefix):
		// the whole inventory is matched, then filtered
		flt, err = sensor.EndpointFilter{}, nil
	}
	_, eps, err := loadInventory(ctx, dbPath, flt)
	if err != nil {
		return err
	}
	var docs map[endpointKey]diff.Documentation
	if specs != nil {
		docs = map[endpointKey]diff.Documentation{}
		for i, d := range diff.Document(eps, specs, diff.Options{
			IncludeUncoveredHosts: true,
			Warn:                  func(s string) { fmt.Fprintf(stderr, "shadowtap: warning: %s\n", s) },
		}) {
			docs[keyOf(&eps[i])] = d
		}
		if flt, err = o.endpointFilter(); err != nil {
			return err
		}
	}
	eps = sensor.FilterEndpoints(eps, flt)
	if err := sortEndpoints(eps, o.sortBy); err != nil {
		return err
	}
	return writeOutput(stdout, func(w io.Writer) error { return writeEndpoints(w, eps, docs, o.format) })
}

// endpointKey identifies an endpoint in a listing.
type endpointKey struct{ host, method, path string }

func keyOf(e *inventory.Endpoint) endpointKey { return endpointKey{e.Host, e.Method, e.Path} }

// documentedEndpoint is an endpoint with how the specs document it
// (endpoints --spec, JSON).
type documentedEndpoint struct {
	*inventory.Endpoint
	Spec *diff.Documentation `json:"spec,omitempty"`
}

// documentedAs renders a Documentation for the table.
func documentedAs(e *inventory.Endpoint, d diff.Documentation) string {
	switch {
	case !d.Covered:
		return "-"
	case d.Operation != nil:
		if d.Operation.OperationID != "" {
			return d.Path + " (" + d.Operation.OperationID + ")"
		}
		return d.Path
	case d.Shadow == diff.ShadowMethod:
		return "undocumented method on " + d.Path
	case d.Shadow == diff.ShadowPath && d.Path != e.Path:
		return "undocumented, as " + d.Path
	case d.Shadow == diff.ShadowPath:
		return "undocumented"
	}
	return "-" // neither answered nor documented: not diffed
}

// endpointFilter turns the filter flags into the filter the sensor's API
// shares, so both apply the same rules.
func (o endpointsOptions) endpointFilter() (sensor.EndpointFilter, error) {
	q := url.Values{}
	for k, v := range map[string]string{"host": o.host, "method": o.method, "path": o.path, "since": o.since} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if o.unauth {
		q.Set("unauthenticated", "true")
	}
	f, err := sensor.ParseEndpointFilter(q, time.Now())
	if err != nil {
		return f, withHint(err, "see 'shadowtap endpoints --help'")
	}
	return f, nil
}

func sortEndpoints(eps []inventory.Endpoint, key string) error {
	var less func(a, b *inventory.Endpoint) bool
	switch key {
	case "path":
		less = func(a, b *inventory.Endpoint) bool { return false }
	case "hits":
		less = func(a, b *inventory.Endpoint) bool { return a.Hits > b.Hits }
	case "last-seen":
		less = func(a, b *inventory.Endpoint) bool { return a.LastSeen.After(b.LastSeen) }
	case "first-seen":
		less = func(a, b *inventory.Endpoint) bool { return a.FirstSeen.Before(b.FirstSeen) }
	case "unauthenticated":
		less = func(a, b *inventory.Endpoint) bool { return a.UnauthenticatedHits > b.UnauthenticatedHits }
	default:
		return withHint(fmt.Errorf("--sort %q is not supported", key), "valid keys: path, hits, last-seen, first-seen, unauthenticated")
	}
	sort.SliceStable(eps, func(i, j int) bool {
		a, b := &eps[i], &eps[j]
		if less(a, b) {
			return true
		}
		if less(b, a) {
			return false
		}
		if a.Host != b.Host {
			return a.Host < b.Host
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Method < b.Method
	})
	return nil
}

// writeEndpoints writes the listing; docs (endpoints --spec) adds how the
// specs document each endpoint.
func writeEndpoints(w io.Writer, eps []inventory.Endpoint, docs map[endpointKey]diff.Documentation, format string) error {
	switch format {
	case "json", "ndjson":
		rows := make([]any, len(eps))
		for i := range eps {
			if docs == nil {
				rows[i] = &eps[i]
				continue
			}
			d := docs[keyOf(&eps[i])]
			rows[i] = documentedEndpoint{&eps[i], &d}
		}
		enc := json.NewEncoder(w)
		if format == "json" {
			enc.SetIndent("", "  ")
			return enc.Encode(rows)
		}
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		head := []string{"host", "method", "path", "hits", "authenticated", "unauthenticated_hits", "unauthenticated_2xx", "first_seen", "last_seen", "statuses", "auth_kinds", "sensitive"}
		if docs != nil {
			head = append(head, "documented", "spec_path", "operation_id")
		}
		cw.Write(head)
		for _, e := range eps {
			row := []string{e.Host, e.Method, e.Path, strconv.FormatUint(e.Hits, 10), strconv.FormatBool(e.Authenticated),
				strconv.FormatUint(e.UnauthenticatedHits, 10), strconv.FormatUint(e.Unauthenticated2xx, 10),
				e.FirstSeen.UTC().Format(time.RFC3339), e.LastSeen.UTC().Format(time.RFC3339),
				countsString(e.Statuses), countsString(e.AuthKinds), countsString(e.Sensitive)}
			if docs != nil {
				d := docs[keyOf(&e)]
				documented, id := "", ""
				if d.Covered && (d.Operation != nil || d.Shadow != "") {
					documented = strconv.FormatBool(d.Operation != nil)
				}
				if d.Operation != nil {
					id = d.Operation.OperationID
				}
				row = append(row, documented, d.Path, id)
			}
			cw.Write(row)
		}
		cw.Flush()
		return cw.Error()
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		head := "HOST\tMETHOD\tPATH\tHITS\tAUTH\tNO-CREDS\tSTATUSES\tSENSITIVE\tLAST SEEN"
		if docs != nil {
			head += "\tDOCUMENTED AS"
		}
		fmt.Fprintln(tw, head)
		for _, e := range eps {
			auth := "yes"
			if !e.Authenticated {
				auth = "no"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%d\t%s\t%s\t%s", e.Host, e.Method, e.Path, e.Hits, auth,
				e.UnauthenticatedHits, countsString(e.Statuses), keysString(e.Sensitive), e.LastSeen.UTC().Format(time.RFC3339))
			if docs != nil {
				fmt.Fprintf(tw, "\t%s", documentedAs(&e, docs[keyOf(&e)]))
			}
			fmt.Fprintln(tw)
		}
		return tw.Flush()
	}
}

func writeNoise(w io.Writer, ns []inventory.Noise, format string) error {
	switch format {
	case "json", "ndjson":
		if format == "json" {
			if ns == nil {
				ns = []inventory.Noise{}
			}
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(ns)
		}
		enc := json.NewEncoder(w)
		for i := range ns {
			if err := enc.Encode(&ns[i]); err != nil {
				return err
			}
		}
		return nil
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "HOST\tMETHOD\tPATH\tHITS\tSTATUSES")
		for _, n := range ns {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", n.Host, n.Method, n.Path, n.Hits, countsString(n.Statuses))
		}
		return tw.Flush()
	}
}

// writeTLS writes the TLS services.
func writeTLS(w io.Writer, ts []inventory.TLSService, format string) error {
	switch format {
	case "json":
		if ts == nil {
			ts = []inventory.TLSService{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ts)
	case "ndjson":
		enc := json.NewEncoder(w)
		for i := range ts {
			if err := enc.Encode(&ts[i]); err != nil {
				return err
			}
		}
		return nil
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write([]string{"server", "server_name", "handshakes", "versions", "alpn", "ciphers", "ja4", "cert_subject", "cert_issuer", "cert_not_after", "cert_self_signed", "first_seen", "last_seen"})
		for _, s := range ts {
			subj, iss, na, self := certCols(s.Certificate)
			cw.Write([]string{csvSafe(s.Server), csvSafe(s.ServerName), strconv.FormatUint(s.Handshakes, 10), countsString(s.Versions),
				csvSafe(countsString(s.ALPN)), countsString(s.Ciphers), csvSafe(countsString(s.JA4)), csvSafe(subj), csvSafe(iss), na, self,
				s.FirstSeen.Format(time.RFC3339), s.LastSeen.Format(time.RFC3339)})
		}
		cw.Flush()
		return cw.Error()
	default:
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "SERVER	SNI	HANDSHAKES	VERSIONS	ALPN	CERTIFICATE	EXPIRES	LAST SEEN")
		for _, s := range ts {
			subj, _, na, self := certCols(s.Certificate)
			if self == "true" {
				subj += " (self-signed)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", s.Server, dashIfEmpty(s.ServerName), s.Handshakes, countsString(s.Versions),
				dashIfEmpty(countsString(s.ALPN)), dashIfEmpty(subj), dashIfEmpty(na), s.LastSeen.Format(time.RFC3339))
		}
		return tw.Flush()
	}
}

func certCols(c *reassembly.TLSCert) (subject, issuer, notAfter, selfSigned string) {
	if c == nil {
		return "", "", "", ""
	}
	return c.Subject, c.Issuer, c.NotAfter.Format(time.RFC3339), strconv.FormatBool(c.SelfSigned)
}

// csvSafe keeps a cell a spreadsheet would take for a formula (=, +, -,
// @ first: SNI and certificate names come from the wire) as text.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func dashIfEmpty(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// countsString renders a count map as "k=v,k=v" in key order.
func countsString(m map[string]uint64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%d", k, m[k])
	}
	return b.String()
}

func keysString(m map[string]uint64) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return strings.Join(keys, ",")
}
