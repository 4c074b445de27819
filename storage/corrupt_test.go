package storage

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"
)

var update = flag.Bool("update", false, "rewrite testdata fixtures")

const pageSize = 4096 // bbolt's page size for files written on this OS (checked in makeSample)

// makeSample writes a database with enough data for several levels of pages
// and returns its path and bytes.
func makeSample(t testing.TB) (string, []byte) {
	t.Helper()
	db, path := openTest(t, Options{})
	for i := 0; i < 4; i++ {
		hosts := map[string][]byte{}
		for j := 0; j < 60; j++ {
			hosts[fmt.Sprintf("host%03d.example.com", j)] = []byte(strings.Repeat(fmt.Sprintf("%d-%d;", i, j), 60))
		}
		if err := db.Commit(Batch{Hosts: hosts, Stats: map[string]uint64{"packets": 1}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.MarkEmitted([]string{"a", "b"}, t0); err != nil {
		t.Fatal(err)
	}
	db.Close()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if os.Getpagesize() != pageSize {
		t.Skipf("page size %d: fixtures assume %d", os.Getpagesize(), pageSize)
	}
	return path, data
}

// metaOf decodes the meta page bbolt would use.
func metaOf(t testing.TB, data []byte) boltMeta {
	m0, _ := decodeMeta(data)
	m1, _ := decodeMeta(data[pageSize:])
	if m1.txid > m0.txid {
		return m1
	}
	return m0
}

func zeroPage(data []byte, id uint64) {
	clear(data[id*pageSize : (id+1)*pageSize])
}

func TestCorruptFiles(t *testing.T) {
	_, sample := makeSample(t)
	m := metaOf(t, sample)
	if m.pgid < 8 {
		t.Fatalf("sample too small: %d pages", m.pgid)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	garbage := make([]byte, 64<<10)
	for i := range garbage {
		garbage[i] = byte(rng.Uint32())
	}
	mut := func(f func(b []byte) []byte) []byte {
		return f(append([]byte(nil), sample...))
	}
	tests := []struct {
		name   string
		data   []byte
		detail string // expected in the message
	}{
		{"garbage", garbage, "no valid meta page"},
		{"text_file", []byte("host,method,path\napi,GET,/users\n"), "too short"},
		{"one_byte", []byte{0xED}, "too short"},
		{"truncated_to_half", sample[:len(sample)/2], "truncated"},
		{"truncated_to_three_pages", sample[:3*pageSize], "truncated"},
		{"truncated_inside_meta", sample[:pageSize+100], "truncated"},
		{"both_meta_pages_zeroed", mut(func(b []byte) []byte { zeroPage(b, 0); zeroPage(b, 1); return b }), "no valid meta page"},
		{"both_checksums_wrong", mut(func(b []byte) []byte { b[16+56]++; b[pageSize+16+56]++; return b }), "checksum"},
		{"root_page_zeroed", mut(func(b []byte) []byte { zeroPage(b, m.root); return b }), "zeroed or overwritten"},
		{"all_data_pages_zeroed", mut(func(b []byte) []byte {
			for id := uint64(2); id < m.pgid; id++ {
				zeroPage(b, id)
			}
			return b
		}), "zeroed or overwritten"},
		{"root_page_type_meta", mut(func(b []byte) []byte { ne.PutUint16(b[m.root*pageSize+8:], flagMeta); return b }), "unexpected page type"},
		{"root_element_out_of_bounds", mut(func(b []byte) []byte {
			ne.PutUint32(b[m.root*pageSize+pageHeaderSize+4:], 1<<30) // pos of element 0
			return b
		}), "out of bounds"},
		{"root_element_empty_key", mut(func(b []byte) []byte {
			ne.PutUint32(b[m.root*pageSize+pageHeaderSize+8:], 0) // ksize of element 0
			return b
		}), "empty key"},
		{"meta_page_header_damaged", mut(func(b []byte) []byte {
			ne.PutUint64(b[pageSize:], 67108865) // page 1's header id; its payload stays valid
			return b
		}), "meta page 1: header says page 67108865"},
		{"root_count_huge", mut(func(b []byte) []byte { ne.PutUint16(b[m.root*pageSize+10:], 0xFFFF); return b }), "do not fit"},
		{"newer_bbolt_format", mut(func(b []byte) []byte {
			for _, off := range []int{0, pageSize} {
				ne.PutUint32(b[off+16+4:], 3)
				resum(b[off:])
			}
			return b
		}), "format version 3"},
		{"insane_page_size", mut(func(b []byte) []byte {
			for _, off := range []int{0, pageSize} {
				ne.PutUint32(b[off+16+8:], 12345)
				resum(b[off:])
			}
			return b
		}), "insane page size 12345"},
		// bbolt takes meta 0's page size even when it is 0 (found by
		// FuzzOpenResummed).
		{"meta0_page_size_zero", mut(func(b []byte) []byte {
			ne.PutUint32(b[16+8:], 0)
			resum(b)
			return b
		}), "insane page size 0"},
		// bbolt picks the newest meta by magic, version and checksum alone;
		// checking the older, sane one instead would let bbolt read past
		// the end of the file (found by FuzzOpen).
		{"newest_meta_beyond_eof", mut(func(b []byte) []byte {
			off := 0
			if m1, _ := decodeMeta(b[pageSize:]); m1.txid == m.txid {
				off = pageSize
			}
			ne.PutUint64(b[off+16+40:], m.pgid+1000)
			resum(b[off:])
			return b
		}), "truncated: high-water mark"},
		{"newest_meta_root_above_hwm", mut(func(b []byte) []byte {
			off := 0
			if m1, _ := decodeMeta(b[pageSize:]); m1.txid == m.txid {
				off = pageSize
			}
			ne.PutUint64(b[off+16+16:], m.pgid)
			resum(b[off:])
			return b
		}), "root page"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, ro := range []bool{false, true} {
				path := filepath.Join(t.TempDir(), "bad.db")
				if err := os.WriteFile(path, tt.data, 0o600); err != nil {
					t.Fatal(err)
				}
				db, err := Open(path, Options{ReadOnly: ro})
				if err == nil {
					db.Close()
					t.Fatalf("Open(readOnly=%v) succeeded on a corrupt file", ro)
				}
				var ce *CorruptError
				if !errors.Is(err, ErrCorrupt) || !errors.As(err, &ce) {
					t.Fatalf("Open(readOnly=%v) = %v, want ErrCorrupt", ro, err)
				}
				msg := err.Error()
				if !strings.Contains(msg, tt.detail) || !strings.Contains(msg, "restore it from a backup") || !strings.Contains(msg, path) {
					t.Errorf("message %q: want %q, the path and the hint", msg, tt.detail)
				}
				// The file is left as it was.
				if got, _ := os.ReadFile(path); string(got) != string(tt.data) {
					t.Errorf("Open modified the corrupt file")
				}
			}
		})
	}
}

// resum recomputes a meta page's checksum after an edit.
func resum(page []byte) {
	h := fnvSum(page[pageHeaderSize : pageHeaderSize+metaSumLen])
	ne.PutUint64(page[pageHeaderSize+metaSumLen:], h)
}

// TestOneMetaPageDamaged: bbolt keeps two meta pages so that one torn write
// is survivable; so must we.
func TestOneMetaPageDamaged(t *testing.T) {
	_, sample := makeSample(t)
	for _, id := range []uint64{0, 1} {
		t.Run(fmt.Sprintf("meta%d_zeroed", id), func(t *testing.T) {
			data := append([]byte(nil), sample...)
			zeroPage(data, id)
			path := filepath.Join(t.TempDir(), "x.db")
			os.WriteFile(path, data, 0o600)
			db, err := Open(path, Options{})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer db.Close()
			if _, err := db.LoadHosts(); err != nil {
				t.Fatal(err)
			}
			if err := db.Commit(Batch{Stats: map[string]uint64{"x": 1}}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestGuardRecoversBbolt: with the page walk off, damage reaches bbolt,
// which panics; reads must turn that into ErrCorrupt, not a crash.
func TestGuardRecoversBbolt(t *testing.T) {
	_, sample := makeSample(t)
	m := metaOf(t, sample)
	data := append([]byte(nil), sample...)
	for id := uint64(2); id < m.pgid; id++ {
		if id != m.root {
			zeroPage(data, id)
		}
	}
	path := filepath.Join(t.TempDir(), "x.db")
	os.WriteFile(path, data, 0o600)
	// Read-only: bbolt does not rebuild the freelist (that runs in a
	// goroutine of bbolt's that no recover can reach).
	db, err := Open(path, Options{ReadOnly: true, NoVerify: true})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer db.Close()
	_, err = db.LoadHosts()
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("LoadHosts on zeroed pages = %v, want ErrCorrupt", err)
	}
	// The handle is now refused: bbolt's state after a panic is not trusted.
	if _, err := db.Stats(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("Stats after a recovered panic = %v, want ErrCorrupt", err)
	}
}

func TestLockedInProcess(t *testing.T) {
	db, path := openTest(t, Options{})
	defer db.Close()
	for _, ro := range []bool{false, true} {
		_, err := Open(path, Options{ReadOnly: ro, Timeout: 100e6})
		var le *LockedError
		if !errors.Is(err, ErrLocked) || !errors.As(err, &le) {
			t.Fatalf("second Open(readOnly=%v) = %v, want ErrLocked", ro, err)
		}
		if !strings.Contains(err.Error(), "locked by another process") || !strings.Contains(err.Error(), path) {
			t.Errorf("message %q", err)
		}
		if _, statErr := os.Stat("/proc/locks"); statErr == nil && le.PID != os.Getpid() {
			t.Errorf("PID = %d, want this process %d", le.PID, os.Getpid())
		}
	}
	// The first handle still works after the failed opens.
	if err := db.Commit(Batch{Stats: map[string]uint64{"a": 1}}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db2, err := Open(path, Options{Timeout: 100e6})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	db2.Close()
}

func setSchema(t *testing.T, path string, v []byte) {
	t.Helper()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	err = b.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketMeta).Put(metaKeySchema, v) })
	if err != nil {
		t.Fatal(err)
	}
}

func TestSchemaErrors(t *testing.T) {
	tests := []struct {
		name   string
		schema []byte
		want   error
		msg    string
	}{
		{"newer", u64(99), ErrNewerSchema, "schema v99, this build reads up to v1"},
		{"short_value", []byte{1, 2, 3}, ErrCorrupt, "schema version is 3 bytes"},
		{"implausible", u64(1 << 40), ErrCorrupt, "implausible schema version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, path := openTest(t, Options{})
			db.Commit(Batch{Hosts: map[string][]byte{"h": []byte("x")}})
			db.Close()
			setSchema(t, path, tt.schema)
			before, _ := os.ReadFile(path)
			for _, ro := range []bool{false, true} {
				_, err := Open(path, Options{ReadOnly: ro})
				if !errors.Is(err, tt.want) || !strings.Contains(err.Error(), tt.msg) {
					t.Errorf("Open(readOnly=%v) = %v; want %v with %q", ro, err, tt.want, tt.msg)
				}
			}
			if after, _ := os.ReadFile(path); string(after) != string(before) {
				t.Errorf("a refused Open modified the file")
			}
		})
	}
}

// v0Fixture is a schema v0 file (see migrate0to1), made by
// TestMakeV0Fixture -update.
const v0Fixture = "testdata/v0.db"

var v0Hosts = map[string][]byte{
	"api.example.com":       []byte("\x01opaque-blob-1"),
	"billing.internal:8443": []byte("\x01opaque-blob-2"),
	"legacy.example.org":    []byte("\x01opaque-blob-3"),
}

var v0Stats = map[string]string{"packets": "123456", "exchanges": "789", "weird_http_gap_in_headers": "0"}

// TestMakeV0Fixture writes testdata/v0.db with plain bbolt, as the
// pre-versioning layout did (synced freelist, default options).
func TestMakeV0Fixture(t *testing.T) {
	if !*update {
		t.Skip("run with -update to rewrite " + v0Fixture)
	}
	os.Remove(v0Fixture)
	b, err := bolt.Open(v0Fixture, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		hb, _ := tx.CreateBucket(bucketHosts)
		for k, v := range v0Hosts {
			hb.Put([]byte(k), v)
		}
		sb, _ := tx.CreateBucket(bucketStats)
		for k, v := range v0Stats {
			sb.Put([]byte(k), []byte(v))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	b.Close()
}

func copyFixture(t *testing.T, src string) string {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	out, _ := os.Create(dst)
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
	return dst
}

func TestMigrateV0(t *testing.T) {
	if len(migrations) != SchemaVersion() {
		t.Fatalf("%d migrations for schema v%d", len(migrations), SchemaVersion())
	}
	for i, m := range migrations {
		if m.from != i {
			t.Fatalf("migrations[%d].from = %d", i, m.from)
		}
	}
	path := copyFixture(t, v0Fixture)
	if _, err := Open(path, Options{ReadOnly: true}); !errors.Is(err, ErrNeedsMigration) {
		t.Fatalf("read-only Open of v0 = %v, want ErrNeedsMigration", err)
	}
	db := openAt(t, path, Options{Version: "test"})
	m, _ := db.Meta()
	if m.Schema != 1 || m.UpdatedBy != "test" {
		t.Errorf("Meta() after migration = %+v", m)
	}
	hosts, err := db.LoadHosts()
	if err != nil || !reflect.DeepEqual(hosts, v0Hosts) {
		t.Errorf("LoadHosts() = %q, %v; want %q", hosts, err, v0Hosts)
	}
	stats, err := db.Stats()
	want := map[string]uint64{"packets": 123456, "exchanges": 789, "weird_http_gap_in_headers": 0}
	if err != nil || !reflect.DeepEqual(stats, want) {
		t.Errorf("Stats() = %v, %v; want %v", stats, err, want)
	}
	// Migrated files take every v1 write.
	if err := db.Commit(Batch{Capture: &CaptureRecord{Hash: hashOf("x")}, Stats: map[string]uint64{"packets": 1}}); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkEmitted([]string{"f"}, t0); err != nil {
		t.Fatal(err)
	}
	db.Close()
	// And a second open finds v1: no second migration.
	db = openAt(t, path, Options{ReadOnly: true})
	defer db.Close()
	if st, _ := db.Stats(); st["packets"] != 123457 {
		t.Errorf("packets = %d after reopen", st["packets"])
	}
}

func TestMigrationFailureLeavesFile(t *testing.T) {
	path := copyFixture(t, v0Fixture)
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	b.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketStats).Put([]byte("bad"), []byte("12x")) })
	b.Close()
	before, _ := os.ReadFile(path)
	_, err = Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "migrate") || !strings.Contains(err.Error(), `"bad"`) {
		t.Fatalf("Open = %v, want a migration error naming the bad counter", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Errorf("a failed migration modified the file")
	}
}

// TestGuardRecoversFault: a file truncated under an open database makes
// bbolt touch mmapped memory past the end of the file (SIGBUS); the guard
// turns that fault into ErrCorrupt instead of a crash.
func TestGuardRecoversFault(t *testing.T) {
	path, _ := makeSample(t)
	db := openAt(t, path, Options{ReadOnly: true})
	defer db.Close()
	if err := os.Truncate(path, 2*pageSize); err != nil {
		t.Fatal(err)
	}
	_, err := db.LoadHosts()
	if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "bbolt failed reading the file") {
		t.Fatalf("LoadHosts on a file truncated underneath = %v, want ErrCorrupt from a fault", err)
	}
	t.Log(err)
}
