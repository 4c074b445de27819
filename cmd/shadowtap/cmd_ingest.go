package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"sync"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/ingest"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/sensor"
	"github.com/shadowtap/shadowtap/storage"
)

type dbFlag struct{ path string }

func (d *dbFlag) addFlags(fs *pflag.FlagSet) {
	fs.StringVar(&d.path, "db", "", "inventory database `file` (default: $SHADOWTAP_DB, else $XDG_DATA_HOME/shadowtap/inventory.db, else ~/.local/share/shadowtap/inventory.db)")
}

func (d *dbFlag) resolve() (string, error) {
	if d.path != "" {
		return d.path, nil
	}
	return storage.DefaultPath()
}

// invFlags are the inventory settings of ingest: hints and the caps.
type invFlags struct {
	hintsFile                                      string
	maxHosts, maxEndpointsPerHost, maxNodesPerHost int
}

func (f *invFlags) addFlags(fs *pflag.FlagSet) {
	d := inventory.DefaultConfig()
	fs.StringVar(&f.hintsFile, "hints", "", "path-template hints `file` (YAML): force a parameter or keep a segment literal per host and prefix")
	fs.IntVar(&f.maxHosts, "max-hosts", d.MaxHosts, "hosts with endpoints kept in the inventory, and apart from them hosts with only noise; more are counted and dropped")
	fs.IntVar(&f.maxEndpointsPerHost, "max-endpoints-per-host", d.MaxEndpointsPerHost, "endpoints kept per host; more are counted and dropped")
	fs.IntVar(&f.maxNodesPerHost, "max-nodes-per-host", d.MaxNodesPerHost, "path-trie nodes kept per host (a node is one path segment); past it a new segment goes to the parameter beside it, or the exchange is counted and dropped; past half of it a host is stored settled")
}

func (f *invFlags) config() (inventory.Config, error) {
	cfg := inventory.DefaultConfig()
	if f.maxHosts < 1 || f.maxEndpointsPerHost < 1 || f.maxNodesPerHost < 1 {
		return cfg, errors.New("--max-hosts, --max-endpoints-per-host and --max-nodes-per-host must be at least 1")
	}
	cfg.MaxHosts, cfg.MaxEndpointsPerHost, cfg.MaxNodesPerHost = f.maxHosts, f.maxEndpointsPerHost, f.maxNodesPerHost
	if f.hintsFile == "" {
		return cfg, nil
	}
	fh, err := os.Open(f.hintsFile)
	if err != nil {
		return cfg, err
	}
	defer fh.Close()
	hints, err := inventory.ParseHints(fh)
	if err != nil {
		return cfg, fmt.Errorf("--hints %s: %w", f.hintsFile, err)
	}
	cfg.Hints = hints
	return cfg, nil
}

type ingestOptions struct {
	db     dbFlag
	filter filterFlags
	caps   capFlags
	inv    invFlags
	force  bool
	stdin  io.Reader // read for "-"
}

func (o *ingestOptions) addFlags(fs *pflag.FlagSet) {
	o.db.addFlags(fs)
	o.filter.addFlags(fs)
	fs.MarkHidden("bpf-file") // files only: always refused, see refuseBPFFile
	o.caps.addFlags(fs)
	o.inv.addFlags(fs)
	fs.BoolVar(&o.force, "force", false, "ingest captures the database already holds (their traffic is counted again)")
}

func newIngestCmd() *cobra.Command {
	var o ingestOptions
	c := &cobra.Command{
		Use:   "ingest --db DB FILE...",
		Short: "Read captures into the endpoint inventory",
		Long: `Read capture files (pcap, pcapng, gzip or zstd compressed or not; "-" reads stdin)
into the inventory database. Ingesting more captures adds to the counts; a
capture already ingested (recognised by content) is skipped with a message.
Work is committed in batches: an interrupted ingest keeps every batch
committed before it stopped.

EXIT STATUS
  0 ok; 1 error (a corrupt capture keeps what was read before it, and the
  command still exits 1); 130 interrupted.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			o.stdin = c.InOrStdin()
			_, err := runIngest(c.Context(), o, args, c.ErrOrStderr())
			return err
		},
	}
	o.addFlags(c.Flags())
	return c
}

func runIngest(ctx context.Context, o ingestOptions, files []string, stderr io.Writer) (string, error) {
	if err := o.filter.refuseBPFFile(); err != nil {
		return "", err
	}
	dbPath, err := o.db.resolve()
	if err != nil {
		return "", err
	}
	flt, err := o.filter.filter()
	if err != nil {
		return "", err
	}
	icfg, err := o.inv.config()
	if err != nil {
		return "", err
	}
	db, err := storage.Open(dbPath, storage.Options{CreateDir: true, Version: version})
	if err != nil {
		return dbPath, dbOpenError(dbPath, err)
	}
	defer db.Close()
	if err := sensor.ApplyStoredSettings(db, &icfg, o.inv.hintsFile != ""); err != nil {
		return dbPath, fmt.Errorf("%s: %w", dbPath, err)
	}

	opts := ingest.Options{Filter: flt, Reassembly: o.caps.cfg, Inventory: icfg, Force: o.force, Stdin: o.stdin}
	endProgress := func() {}
	if isTerminal(stderr) {
		opts.Progress, endProgress = progressPrinter(stderr)
	}
	start := time.Now()
	results, err := ingest.Files(ctx, db, files, opts)
	endProgress() // before any other line: errors, summaries
	var firstErr error
	var ingested, failed, skipped int
	for _, r := range results {
		switch {
		case r.Skipped:
			skipped++
			fmt.Fprintf(stderr, "shadowtap: %s: skipped: %s\n", r.Name, r.SkipReason)
		case r.Err != nil:
			failed++
			if firstErr == nil {
				firstErr = r.Err
			}
			// The error first; counters only for what was read before it.
			if !r.Opened {
				fmt.Fprintf(stderr, "shadowtap: %s\n", fileError(r.Name, r.Err))
				continue
			}
			fmt.Fprintf(stderr, "shadowtap: %s (everything before it was ingested)\n", fileError(r.Name, r.Err))
			printTrafficSummary(stderr, r.Name, r.Stats)
			printCapped(stderr, r.Capped)
		default:
			ingested++
			if r.Resumed > 0 {
				fmt.Fprintf(stderr, "shadowtap: %s: resumed after the %d packets an interrupted run committed\n", r.Name, r.Resumed)
			}
			printTrafficSummary(stderr, r.Name, r.Stats)
			printCapped(stderr, r.Capped)
		}
	}
	if err != nil {
		return dbPath, err
	}
	var tail string
	if skipped > 0 {
		tail += fmt.Sprintf("; %d skipped", skipped)
	}
	if failed > 0 {
		tail += fmt.Sprintf("; %d failed", failed)
	}
	fmt.Fprintf(stderr, "shadowtap: ingested %d file(s) into %s in %s%s\n", ingested, dbPath, time.Since(start).Round(time.Millisecond), tail)
	if failed > 1 {
		return dbPath, fmt.Errorf("%d of %d capture file(s) failed, the first: %w", failed, len(results), firstErr)
	}
	return dbPath, firstErr
}

// fileError prefixes err with the capture's name unless err names it
// already, as capture and os errors do.
func fileError(name string, err error) string {
	var ce *capture.CaptureError
	var pe *fs.PathError
	if (errors.As(err, &ce) && ce.File == name) || (errors.As(err, &pe) && pe.Path == name) {
		return err.Error()
	}
	return name + ": " + err.Error()
}

// progressPrinter draws a one-line progress bar on a terminal. finish ends
// a partly drawn line (a failed, interrupted or stdin capture never reaches
// 100%) so that the next line starts on its own, and stops the drawing:
// ingest's last update of a file may come after ingest has returned.
func progressPrinter(w io.Writer) (update func(read, total int64), finish func()) {
	start := time.Now()
	var mu sync.Mutex
	partial, done := false, false
	update = func(read, total int64) {
		mu.Lock()
		defer mu.Unlock()
		if done {
			return
		}
		mb := float64(read) / 1e6
		rate := mb / time.Since(start).Seconds()
		if total > 0 {
			pct := float64(read) * 100 / float64(total)
			if pct > 100 {
				pct = 100
			}
			n := int(pct / 5)
			bar := "[" + repeat('#', n) + repeat('.', 20-n) + "]"
			fmt.Fprintf(w, "\r%s %5.1f%% %8.1f MB %7.1f MB/s", bar, pct, mb, rate)
			partial = read < total
			if !partial {
				fmt.Fprintln(w)
			}
			return
		}
		fmt.Fprintf(w, "\r%8.1f MB %7.1f MB/s", mb, rate)
		partial = true
	}
	finish = func() {
		mu.Lock()
		defer mu.Unlock()
		if partial {
			fmt.Fprintln(w)
		}
		partial, done = false, true
	}
	return update, finish
}

func repeat(c byte, n int) string {
	if n <= 0 {
		return ""
	}
	b := make([]byte, n)
	for i := range b {
		b[i] = c
	}
	return string(b)
}

// dbOpenError adds a hint to the storage errors a person can act on.
func dbOpenError(path string, err error) error {
	switch {
	case errors.Is(err, storage.ErrLocked):
		return withHint(err, "another shadowtap (ingest or run) holds "+path+"; wait for it, or query a running sensor with the same --db")
	case errors.Is(err, storage.ErrCorrupt):
		return withHint(err, "restore "+path+" from a backup, or move it aside and ingest again")
	case errors.Is(err, storage.ErrNewerSchema):
		return withHint(err, "this database was written by a newer shadowtap; upgrade this binary")
	}
	return err
}

// printCapped lists what the inventory's caps refused while a file was
// read, with the flag that raises each cap, so a flood (junk Host headers,
// exploding paths) is visible where it happened.
func printCapped(w io.Writer, capped map[string]uint64) {
	if len(capped) == 0 {
		return
	}
	hints := map[string]string{
		"host_overflow":       "hosts with endpoints over --max-hosts",
		"noise_host_overflow": "noise for new hosts over --max-hosts noise-only hosts (junk Host headers)",
		"endpoint_overflow":   "endpoints over --max-endpoints-per-host",
		"node_overflow":       "path segments over --max-nodes-per-host",
	}
	keys := make([]string, 0, len(capped))
	for k := range capped {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		line := fmt.Sprintf("  inventory.%-22s %d", k, capped[k])
		if h := hints[k]; h != "" {
			line += "  (" + h + ")"
		}
		fmt.Fprintln(w, line)
	}
}
