package main

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/sensor"
	"github.com/shadowtap/shadowtap/storage"
)

func newDBCmd() *cobra.Command {
	c := &cobra.Command{
		Use:   "db",
		Short: "Check a database, or copy what is readable out of a damaged one",
	}
	var d dbFlag
	check := &cobra.Command{
		Use:   "check --db DB",
		Short: "Verify every page, host state and capture record of a database",
		Long: `Verify the database file (meta pages and a walk of every page), decode every
stored host state and capture record, and say what is wrong. It only reads.

EXIT STATUS
  0 the database is sound; 1 something is damaged (see 'shadowtap db salvage').`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return runDBCheck(d, c.OutOrStdout())
		},
	}
	d.addFlags(check.Flags())
	var s dbFlag
	var out string
	salvage := &cobra.Command{
		Use:   "salvage --db DB --out NEW",
		Short: "Copy every readable host state and capture record into a new database",
		Long: `Copy what can still be read out of a damaged database into a new one: every
host state that decodes, every capture record, the counters, the salt and the
hints. Damaged host states are skipped and named. The damaged file is only read.`,
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return runDBSalvage(s, out, c.OutOrStdout())
		},
	}
	s.addFlags(salvage.Flags())
	salvage.Flags().StringVar(&out, "out", "", "the new database `file` (must not exist)")
	c.AddCommand(check, salvage)
	return c
}

// dbHosts decodes every stored host state; bad names the ones that do not.
func dbHosts(db *storage.DB) (blobs map[string][]byte, bad map[string]error, err error) {
	blobs, err = db.LoadHosts()
	if err != nil {
		return nil, nil, err
	}
	cfg := inventory.DefaultConfig()
	if err := sensor.ApplyStoredSettings(db, &cfg, false); err != nil {
		return nil, nil, err
	}
	bad = map[string]error{}
	for h, b := range blobs {
		if err := inventory.New(cfg).LoadHost(h, b); err != nil {
			bad[h] = err
		}
	}
	return blobs, bad, nil
}

func runDBCheck(d dbFlag, stdout io.Writer) error {
	path, err := d.resolve()
	if err != nil {
		return err
	}
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		return dbOpenError(path, err)
	}
	defer db.Close()
	return writeOutput(stdout, func(w io.Writer) error { return checkDB(db, path, w) })
}

func checkDB(db *storage.DB, path string, w io.Writer) error {
	var problems []string
	if err := db.Verify(); err != nil {
		problems = append(problems, "file: "+err.Error())
	} else {
		fmt.Fprintf(w, "file: every page reads back\n")
	}
	if m, err := db.Meta(); err == nil {
		fmt.Fprintf(w, "schema %d, created %s by %s, updated %s by %s\n", m.Schema,
			m.Created.Format("2006-01-02T15:04:05Z"), m.CreatedBy, m.Updated.Format("2006-01-02T15:04:05Z"), m.UpdatedBy)
	}
	blobs, bad, err := dbHosts(db)
	if err != nil {
		problems = append(problems, "hosts: "+err.Error())
	} else {
		// the TLS services are stored beside the hosts, under a key of
		// their own
		n, nbad := len(blobs), len(bad)
		if _, ok := blobs[inventory.TLSKey]; ok {
			n--
			if err := bad[inventory.TLSKey]; err != nil {
				nbad--
				problems = append(problems, "TLS services: "+err.Error())
			} else {
				fmt.Fprintf(w, "TLS services: decode\n")
			}
			delete(bad, inventory.TLSKey)
		}
		fmt.Fprintf(w, "hosts: %d stored, %d decode\n", n, n-nbad)
		for _, h := range slices.Sorted(maps.Keys(bad)) {
			if errors.Is(bad[h], inventory.ErrNewerState) {
				// not damage: a later release reads it
				fmt.Fprintf(w, "host %q: not checked: %v\n", h, bad[h])
				continue
			}
			problems = append(problems, fmt.Sprintf("host %q: %v", h, bad[h]))
		}
	}
	if recs, err := db.Captures(); err != nil {
		problems = append(problems, "capture records: "+err.Error())
	} else {
		fmt.Fprintf(w, "capture records: %d\n", len(recs))
	}
	if _, err := db.Stats(); err != nil {
		problems = append(problems, "counters: "+err.Error())
	}
	for _, p := range problems {
		fmt.Fprintf(w, "damaged: %s\n", p)
	}
	if len(problems) > 0 {
		return withHint(fmt.Errorf("%s: %d problem(s)", path, len(problems)),
			"'shadowtap db salvage --db "+path+" --out NEW' copies what is readable")
	}
	fmt.Fprintf(w, "ok\n")
	return nil
}

func runDBSalvage(d dbFlag, out string, stdout io.Writer) error {
	if out == "" {
		return errors.New("--out is required: the new database file")
	}
	if _, err := os.Stat(out); err == nil {
		return fmt.Errorf("--out %s exists: salvage writes a new database", out)
	}
	path, err := d.resolve()
	if err != nil {
		return err
	}
	src, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		return dbOpenError(path, err)
	}
	defer src.Close()
	blobs, bad, err := dbHosts(src)
	if err != nil {
		return fmt.Errorf("%s: reading host states: %w", path, err)
	}
	dst, err := storage.Open(out, storage.Options{CreateDir: true, Version: version})
	if err != nil {
		return dbOpenError(out, err)
	}
	defer dst.Close()
	salt, _ := src.Salt()
	hints, _ := src.Hints()
	if err := dst.AdoptSettings(salt, hints); err != nil {
		return err
	}
	b := storage.Batch{Hosts: map[string][]byte{}}
	for h, blob := range blobs {
		// a state a later release wrote is not damage: copied as it is
		if bad[h] == nil || errors.Is(bad[h], inventory.ErrNewerState) {
			b.Hosts[h] = blob
			delete(bad, h)
		}
	}
	if st, err := src.Stats(); err == nil {
		b.Stats = st
	}
	if err := dst.Commit(b); err != nil {
		return fmt.Errorf("%s: %w", out, err)
	}
	recs, rerr := src.Captures()
	for i := range recs {
		if err := dst.Commit(storage.Batch{Capture: &recs[i]}); err != nil {
			return fmt.Errorf("%s: %w", out, err)
		}
	}
	return writeOutput(stdout, func(w io.Writer) error {
		fmt.Fprintf(w, "copied %d of %d host states, %d capture records into %s\n", len(blobs)-len(bad), len(blobs), len(recs), out)
		for _, h := range slices.Sorted(maps.Keys(bad)) {
			fmt.Fprintf(w, "skipped host %q: %v\n", h, bad[h])
		}
		if rerr != nil {
			fmt.Fprintf(w, "capture records not copied: %v\n", rerr)
		}
		return nil
	})
}
