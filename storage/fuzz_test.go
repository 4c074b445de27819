package storage

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// fuzzSeeds returns small database files: a new one, one with data, and
// damaged copies.
func fuzzSeeds(t testing.TB) map[string][]byte {
	seeds := map[string][]byte{}
	db, path := openTest(t, Options{})
	db.Close()
	empty, _ := os.ReadFile(path)
	seeds["new_v1"] = trimToHWM(t, empty)

	db = openAt(t, path, Options{})
	db.Commit(Batch{
		Hosts:   map[string][]byte{"api.example.com": []byte("blob"), "b": make([]byte, 5000)},
		Capture: &CaptureRecord{Hash: hashOf("s"), Name: "s.pcap"},
		Stats:   map[string]uint64{"packets": 3},
	})
	db.MarkEmitted([]string{"f1"}, t0)
	db.Close()
	data, _ := os.ReadFile(path)
	data = trimToHWM(t, data)
	seeds["with_data"] = data

	v0, _ := os.ReadFile(v0Fixture)
	v0 = trimToHWM(t, v0)
	seeds["v0"] = v0

	for name, base := range map[string][]byte{"with_data": data, "v0": v0} {
		m := metaOf(t, base)
		z := append([]byte(nil), base...)
		zeroPage(z, m.root)
		seeds[name+"_root_zeroed"] = z
		seeds[name+"_truncated"] = base[:len(base)*3/4]
		c := append([]byte(nil), base...)
		ne.PutUint32(c[m.root*pageSize+pageHeaderSize+4:], 1<<20)
		seeds[name+"_bad_element"] = c
	}
	seeds["short"] = []byte("not a database")
	return seeds
}

// trimToHWM cuts a file after its high-water mark (the rest is unused
// space bbolt preallocated) to keep seeds small.
func trimToHWM(t testing.TB, b []byte) []byte {
	return b[:metaOf(t, b).pgid*pageSize]
}

// TestWriteFuzzSeeds rewrites testdata/fuzz/FuzzOpen/seed_* (-update).
func TestWriteFuzzSeeds(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the FuzzOpen seed corpus")
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzOpen")
	os.MkdirAll(dir, 0o755)
	for name, b := range fuzzSeeds(t) {
		body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(b)) + ")\n"
		if err := os.WriteFile(filepath.Join(dir, "seed_"+name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FuzzOpen feeds arbitrary bytes as a database file: Open must return an
// error or a database that reads, takes a commit and reopens, and never
// panic or fault.
func FuzzOpen(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(fuzzOpen)
}

// FuzzOpenResummed is FuzzOpen with both meta checksums recomputed, so
// mutations of meta fields (page size, root, freelist, high-water mark,
// txid) reach the page walk and bbolt instead of failing the checksum.
func FuzzOpenResummed(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, off := range []int{0, pageSize} {
			if len(data) >= off+pageHeaderSize+metaSize {
				resum(data[off:])
			}
		}
		fuzzOpen(t, data)
	})
}

func fuzzOpen(t *testing.T, data []byte) {
	{
		path := filepath.Join(t.TempDir(), "f.db")
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, ro := range []bool{true, false} {
			db, err := Open(path, Options{ReadOnly: ro})
			if err != nil {
				continue
			}
			_, err1 := db.LoadHosts()
			_, err2 := db.Stats()
			_, err3 := db.Captures()
			_, err4 := db.EmittedSet()
			_, err5 := db.Meta()
			keys, err6 := db.SinkKeys()
			for _, k := range keys {
				if _, err := db.SinkEmittedSet(k); err != nil && err6 == nil {
					err6 = err
				}
			}
			readErr := firstErr(err1, err2, err3, err4, err5, err6)
			if !ro && bothMetasValid(data, db.bolt.Info().PageSize) {
				// Differential: a file our check accepts, bbolt's own
				// full consistency check accepts too. (tx.Check also
				// asserts on a damaged spare meta page, which bbolt
				// otherwise ignores and so do we.)
				if errs := boltCheck(db); len(errs) > 0 {
					t.Errorf("Open accepted a file bbolt's tx.Check rejects: %v", errs)
				}
			}
			if !ro && readErr == nil {
				err := db.Commit(Batch{Hosts: map[string][]byte{"fuzz": []byte("x")}, Stats: map[string]uint64{"n": 1}})
				if err != nil {
					t.Errorf("Commit on a file that opened and read: %v", err)
				}
			}
			db.Close()
			if !ro && readErr == nil {
				db, err := Open(path, Options{})
				if err != nil {
					t.Fatalf("reopen after a commit: %v", err)
				}
				if h, err := db.LoadHosts(); err != nil || string(h["fuzz"]) != "x" {
					t.Errorf("after reopen: %q, %v", h["fuzz"], err)
				}
				db.Close()
			}
		}
	}
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return fmt.Errorf("%w", e)
		}
	}
	return nil
}

// boltCheck runs bbolt's tx.Check (every page, key order, freelist).
func boltCheck(db *DB) []error {
	var errs []error
	err := db.view(func(tx *bolt.Tx) error {
		for err := range tx.Check() { // drain: the checker uses tx
			if len(errs) < 5 {
				errs = append(errs, err)
			}
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return errs
}

// bothMetasValid reports whether both meta pages pass bbolt's validation.
func bothMetasValid(data []byte, pageSize int) bool {
	for i := 0; i < 2; i++ {
		off := i * pageSize
		if off+pageHeaderSize+metaSize > len(data) {
			return false
		}
		m, _ := decodeMeta(data[off:])
		if m.boltValid(data[off:]) != "" {
			return false
		}
	}
	return true
}
