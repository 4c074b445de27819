package storage

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// The fuzzer minimises every input that finds new code, at a cost that
// grows with the square of its length, and a database file is at least
// three pages of 1 KiB or more: fed 24 KiB files, FuzzOpen and
// FuzzOpenResummed stood still from their first seconds. So both read the
// file in a compact form (expandDB) in which the zeros that fill most of
// each page are implicit, and cap that form.
const (
	// dbBlock is the unit of the compact form: the seeds' page size.
	dbBlock = pageSize
	// maxFuzzDB holds every seed's compact form (the largest, with_data,
	// is 1 KiB) and two of the four past crashers; TestFuzzCorpusOverCap
	// runs the other two.
	maxFuzzDB = 1024
	// maxFuzzDBBlocks bounds the file (64 KiB; the seeds have 7 pages).
	maxFuzzDBBlocks = 16
)

// expandDB turns the compact form into a file. The form is a sequence of
// blocks, each a 2-byte big-endian length n and n bytes padded with zeros
// to dbBlock bytes. A length with the top bit set marks the last block,
// shorter than dbBlock: 2 more bytes give its size, up to which its bytes
// are padded. Only the one form compactDB gives is accepted (ok false
// otherwise: the bytes of a block do not end in a zero, lengths fit, the
// last block ends the input), so that the byte deletions of minimisation
// are refused in a microsecond instead of costing a database open each.
func expandDB(data []byte) (file []byte, ok bool) {
	size := 0
	for rest, blocks := data, 0; len(rest) > 0; blocks++ {
		if len(rest) < 2 || blocks == maxFuzzDBBlocks {
			return nil, false
		}
		n, m := int(binary.BigEndian.Uint16(rest)), dbBlock
		rest = rest[2:]
		if n&0x8000 != 0 { // the last block
			if len(rest) < 2 {
				return nil, false
			}
			n, m = n&0x7fff, int(binary.BigEndian.Uint16(rest))
			rest = rest[2:]
			if m == 0 || m >= dbBlock || n > m || n != len(rest) {
				return nil, false
			}
		}
		if n > m || n > len(rest) || n > 0 && rest[n-1] == 0 {
			return nil, false
		}
		rest = rest[n:]
		size += m
	}
	file = make([]byte, 0, size)
	for len(data) > 0 {
		n, m := int(binary.BigEndian.Uint16(data)), dbBlock
		data = data[2:]
		if n&0x8000 != 0 {
			n, m = n&0x7fff, int(binary.BigEndian.Uint16(data))
			data = data[2:]
		}
		file = append(file, data[:n]...)
		file = append(file, make([]byte, m-n)...)
		data = data[n:]
	}
	return file, true
}

// compactDB gives the compact form of a file of up to maxFuzzDBBlocks
// blocks: each block without its trailing zeros.
func compactDB(b []byte) []byte {
	out := []byte{}
	for len(b) > 0 {
		blk := b[:min(dbBlock, len(b))]
		b = b[len(blk):]
		n := len(bytes.TrimRight(blk, "\x00"))
		if len(blk) < dbBlock { // the short end of the file
			out = binary.BigEndian.AppendUint16(out, uint16(n|0x8000))
			out = binary.BigEndian.AppendUint16(out, uint16(len(blk)))
		} else {
			out = binary.BigEndian.AppendUint16(out, uint16(n))
		}
		out = append(out, blk[:n]...)
	}
	return out
}

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
	// A compact copy: no stale pages left by the commits, a smaller seed.
	if err := Compact(path, path+".compact"); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path + ".compact")
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

// TestWriteFuzzSeeds rewrites testdata/fuzz/FuzzOpen*/seed_*, in the
// compact form (-update).
func TestWriteFuzzSeeds(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite the FuzzOpen seed corpus")
	}
	for _, target := range []string{"FuzzOpen", "FuzzOpenResummed"} {
		dir := filepath.Join("testdata", "fuzz", target)
		os.MkdirAll(dir, 0o755)
		for name, b := range fuzzSeeds(t) {
			body := "go test fuzz v1\n[]byte(" + strconv.Quote(string(compactDB(b))) + ")\n"
			if err := os.WriteFile(filepath.Join(dir, "seed_"+name), []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// TestCompactDB: the compact form gives back every seed byte for byte and
// fits the cap; a byte deleted from it is refused.
func TestCompactDB(t *testing.T) {
	seeds := fuzzSeeds(t)
	for _, b := range [][]byte{nil, {0}, make([]byte, dbBlock), append(make([]byte, dbBlock), 1), make([]byte, dbBlock+1)} {
		seeds[fmt.Sprintf("%d bytes", len(b))] = b
	}
	for name, b := range seeds {
		c := compactDB(b)
		if got, ok := expandDB(c); !ok || !bytes.Equal(got, b) {
			t.Errorf("%s: compact form does not expand to the file (%v)", name, ok)
		}
		if len(c) > maxFuzzDB {
			t.Errorf("%s: compact form %d bytes > %d", name, len(c), maxFuzzDB)
		}
	}
	c := compactDB(seeds["with_data"])
	taken := 0
	for i := range c {
		if _, ok := expandDB(append(c[:i:i], c[i+1:]...)); ok {
			taken++
		}
	}
	if taken > len(c)/20 {
		t.Errorf("%d of %d single-byte deletions accepted", taken, len(c))
	}
}

// FuzzOpen feeds arbitrary bytes as a database file (in the compact form,
// see expandDB): Open must return an error or a database that reads, takes
// a commit and reopens, and never panic or fault.
func FuzzOpen(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		f.Add(compactDB(b))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// A few pages in the compact form fit in 1 KiB; longer inputs stalled minimisation.
		if len(data) > maxFuzzDB {
			return
		}
		openCompact(t, data, false)
	})
}

// FuzzOpenResummed is FuzzOpen (on the same compact form) with both meta
// checksums recomputed, so mutations of meta fields (page size, root,
// freelist, high-water mark, txid) reach the page walk and bbolt instead of
// failing the checksum.
func FuzzOpenResummed(f *testing.F) {
	for _, b := range fuzzSeeds(f) {
		f.Add(compactDB(b))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		// A few pages in the compact form fit in 1 KiB; longer inputs stalled minimisation.
		if len(data) > maxFuzzDB {
			return
		}
		openCompact(t, data, true)
	})
}

// openCompact runs fuzzOpen on the file data is the compact form of, with
// both meta checksums recomputed if resummed.
func openCompact(t *testing.T, data []byte, resummed bool) {
	file, ok := expandDB(data)
	if !ok {
		return
	}
	if resummed {
		for _, off := range []int{0, pageSize} {
			if len(file) >= off+pageHeaderSize+metaSize {
				resum(file[off:])
			}
		}
	}
	fuzzOpen(t, file)
}

// TestFuzzCorpusOverCap runs once the corpus entries that the fuzz targets
// skip as longer than maxFuzzDB: past crashers kept as regression inputs
// (FuzzOpen/e129f28d70f29363, 9 KiB in the compact form, and
// FuzzOpenResummed/2735b71f5cd75a45, 1.7 KiB).
func TestFuzzCorpusOverCap(t *testing.T) {
	for _, target := range []string{"FuzzOpen", "FuzzOpenResummed"} {
		paths, err := filepath.Glob(filepath.Join("testdata", "fuzz", target, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			data := corpusBytes(t, p)
			if len(data) <= maxFuzzDB {
				continue
			}
			t.Run(target+"/"+filepath.Base(p), func(t *testing.T) {
				if _, ok := expandDB(data); !ok {
					t.Fatal("not in the compact form")
				}
				openCompact(t, data, target == "FuzzOpenResummed")
			})
		}
	}
}

// corpusBytes reads a corpus file holding one []byte.
func corpusBytes(t *testing.T, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s, ok1 := strings.CutPrefix(string(b), "go test fuzz v1\n[]byte(")
	s, ok2 := strings.CutSuffix(strings.TrimSpace(s), ")")
	if !ok1 || !ok2 {
		t.Fatalf("%s: not one []byte", path)
	}
	v, err := strconv.Unquote(s)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return []byte(v)
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
