package storage

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

var t0 = time.Date(2026, 11, 27, 8, 0, 0, 0, time.UTC)

// openTest opens a new database in a temp dir with a fixed clock.
func openTest(t testing.TB, opts Options) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "inv.db")
	return openAt(t, path, opts), path
}

func openAt(t testing.TB, path string, opts Options) *DB {
	t.Helper()
	if opts.now == nil {
		opts.now = func() time.Time { return t0 }
	}
	db, err := Open(path, opts)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	return db
}

func hashOf(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestOpenNewRecordsMeta(t *testing.T) {
	db, path := openTest(t, Options{Version: "v0.1.0-test"})
	m, err := db.Meta()
	if err != nil {
		t.Fatal(err)
	}
	want := Meta{Schema: SchemaVersion(), Created: t0, Updated: t0, CreatedBy: "v0.1.0-test", UpdatedBy: "v0.1.0-test"}
	if m != want {
		t.Errorf("Meta() = %+v, want %+v", m, want)
	}
	if db.Path() != path {
		t.Errorf("Path() = %q, want %q", db.Path(), path)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	if _, err := db.LoadHosts(); !errors.Is(err, ErrClosed) {
		t.Errorf("LoadHosts after Close: %v, want ErrClosed", err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v, want 0600", fi.Mode().Perm())
	}
	// A plain reopen writes nothing and keeps the creation record.
	db = openAt(t, path, Options{Version: "v0.2.0", now: func() time.Time { return t0.Add(time.Hour) }})
	defer db.Close()
	m, _ = db.Meta()
	if m.CreatedBy != "v0.1.0-test" || m.Schema != 1 {
		t.Errorf("after reopen Meta() = %+v", m)
	}
}

func TestCommitAndReload(t *testing.T) {
	h1, h2 := hashOf("a.pcap"), hashOf("b.pcap")
	tests := []struct {
		name      string
		steps     []Batch
		wantHosts map[string][]byte
		wantStats map[string]uint64
		wantCaps  []CaptureRecord
	}{
		{
			name:      "empty_batch",
			steps:     []Batch{{}},
			wantHosts: map[string][]byte{},
			wantStats: map[string]uint64{},
		},
		{
			name: "one_batch",
			steps: []Batch{{
				Hosts:   map[string][]byte{"api.example.com": []byte("blob1"), "b.example.com:8080": []byte("blob2")},
				Capture: &CaptureRecord{Hash: h1, Name: "a.pcap", Size: 100, Started: t0, Packets: 5, Exchanges: 2},
				Stats:   map[string]uint64{"packets": 5, "exchanges": 2},
			}},
			wantHosts: map[string][]byte{"api.example.com": []byte("blob1"), "b.example.com:8080": []byte("blob2")},
			wantStats: map[string]uint64{"packets": 5, "exchanges": 2},
			wantCaps:  []CaptureRecord{{Hash: h1, Name: "a.pcap", Size: 100, Started: t0, Packets: 5, Exchanges: 2}},
		},
		{
			name: "second_capture_adds_counts_and_replaces_blobs",
			steps: []Batch{
				{
					Hosts:   map[string][]byte{"api.example.com": []byte("v1")},
					Capture: &CaptureRecord{Hash: h1, Name: "a.pcap", Started: t0, Complete: true, Finished: t0.Add(time.Minute)},
					Stats:   map[string]uint64{"packets": 10},
				},
				{
					Hosts:   map[string][]byte{"api.example.com": []byte("v2"), "new.example.com": {}},
					Capture: &CaptureRecord{Hash: h2, Name: "b.pcap", Started: t0.Add(time.Hour)},
					Stats:   map[string]uint64{"packets": 7, "weird_http_gap": 1},
				},
			},
			wantHosts: map[string][]byte{"api.example.com": []byte("v2"), "new.example.com": {}},
			wantStats: map[string]uint64{"packets": 17, "weird_http_gap": 1},
			wantCaps: []CaptureRecord{
				{Hash: h1, Name: "a.pcap", Started: t0, Complete: true, Finished: t0.Add(time.Minute)},
				{Hash: h2, Name: "b.pcap", Started: t0.Add(time.Hour)},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, path := openTest(t, Options{})
			for _, b := range tt.steps {
				if err := db.Commit(b); err != nil {
					t.Fatalf("Commit: %v", err)
				}
			}
			db.Close()
			db = openAt(t, path, Options{ReadOnly: true})
			defer db.Close()
			hosts, err := db.LoadHosts()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(hosts, tt.wantHosts) {
				t.Errorf("LoadHosts() = %q, want %q", hosts, tt.wantHosts)
			}
			stats, err := db.Stats()
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(stats, tt.wantStats) {
				t.Errorf("Stats() = %v, want %v", stats, tt.wantStats)
			}
			caps, err := db.Captures()
			if err != nil {
				t.Fatal(err)
			}
			if len(caps) != len(tt.wantCaps) {
				t.Fatalf("Captures() = %+v, want %+v", caps, tt.wantCaps)
			}
			for i := range caps {
				if !capEqual(caps[i], tt.wantCaps[i]) {
					t.Errorf("Captures()[%d] = %+v, want %+v", i, caps[i], tt.wantCaps[i])
				}
				got, ok, err := db.Capture(tt.wantCaps[i].Hash)
				if err != nil || !ok || !capEqual(got, tt.wantCaps[i]) {
					t.Errorf("Capture(%s) = %+v, %v, %v", tt.wantCaps[i].Hash, got, ok, err)
				}
			}
		})
	}
}

func capEqual(a, b CaptureRecord) bool {
	return a.Started.Equal(b.Started) && a.Finished.Equal(b.Finished) &&
		a.Hash == b.Hash && a.Name == b.Name && a.Size == b.Size && a.Complete == b.Complete &&
		a.Packets == b.Packets && a.Exchanges == b.Exchanges && a.Offset == b.Offset
}

func TestCaptureLookup(t *testing.T) {
	db, _ := openTest(t, Options{})
	defer db.Close()
	h := hashOf("x")
	if _, ok, err := db.Capture(h); ok || err != nil {
		t.Fatalf("Capture on empty DB: ok=%v err=%v", ok, err)
	}
	if _, ok, err := db.Capture(""); ok || err != nil {
		t.Fatalf("Capture(\"\"): ok=%v err=%v", ok, err)
	}
	// Killed mid-way: progress recorded, incomplete.
	rec := CaptureRecord{Hash: h, Name: "x.pcap", Started: t0, Packets: 1000, Offset: 65536}
	if err := db.Commit(Batch{Capture: &rec}); err != nil {
		t.Fatal(err)
	}
	got, ok, err := db.Capture(h)
	if err != nil || !ok || got.Complete || got.Offset != 65536 || got.Packets != 1000 {
		t.Fatalf("partial Capture = %+v, %v, %v", got, ok, err)
	}
	rec.Complete, rec.Finished, rec.Packets = true, t0.Add(time.Second), 2000
	if err := db.Commit(Batch{Capture: &rec}); err != nil {
		t.Fatal(err)
	}
	got, ok, err = db.Capture(h)
	if err != nil || !ok || !got.Complete || got.Packets != 2000 {
		t.Fatalf("complete Capture = %+v, %v, %v", got, ok, err)
	}
}

func TestCommitInvalidBatch(t *testing.T) {
	db, _ := openTest(t, Options{})
	defer db.Close()
	long := strings.Repeat("h", bolt.MaxKeySize+1)
	tests := []struct {
		name string
		b    Batch
	}{
		{"empty_host", Batch{Hosts: map[string][]byte{"": []byte("x")}}},
		{"long_host", Batch{Hosts: map[string][]byte{long: []byte("x")}}},
		{"capture_without_hash", Batch{Capture: &CaptureRecord{Name: "a.pcap"}}},
		{"empty_stat_name", Batch{Stats: map[string]uint64{"": 1}}},
		{"valid_host_with_invalid_stat", Batch{Hosts: map[string][]byte{"ok": []byte("x")}, Stats: map[string]uint64{"": 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := db.Commit(tt.b); !errors.Is(err, ErrInvalidBatch) {
				t.Errorf("Commit = %v, want ErrInvalidBatch", err)
			}
		})
	}
	hosts, _ := db.LoadHosts()
	if len(hosts) != 0 {
		t.Errorf("an invalid batch wrote hosts: %q", hosts)
	}
}

func TestReadOnly(t *testing.T) {
	db, path := openTest(t, Options{})
	db.Close()
	db = openAt(t, path, Options{ReadOnly: true})
	defer db.Close()
	if err := db.Commit(Batch{Stats: map[string]uint64{"a": 1}}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Commit on read-only: %v, want ErrReadOnly", err)
	}
	if err := db.MarkEmitted([]string{"x"}, t0); !errors.Is(err, ErrReadOnly) {
		t.Errorf("MarkEmitted on read-only: %v, want ErrReadOnly", err)
	}
	// A second read-only opener shares the lock.
	db2 := openAt(t, path, Options{ReadOnly: true})
	db2.Close()

	if _, err := Open(filepath.Join(t.TempDir(), "missing.db"), Options{ReadOnly: true}); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("read-only Open of a missing file: %v, want fs.ErrNotExist", err)
	}
}

func TestEmitted(t *testing.T) {
	db, path := openTest(t, Options{})
	if err := db.MarkEmitted([]string{"shadow:api.example.com:GET:/a", "zombie:x"}, t0); err != nil {
		t.Fatal(err)
	}
	// A second mark keeps the first time.
	if err := db.MarkEmitted([]string{"zombie:x", "unauth:y"}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkEmitted([]string{""}, t0); !errors.Is(err, ErrInvalidBatch) {
		t.Errorf("MarkEmitted(\"\") = %v, want ErrInvalidBatch", err)
	}
	db.Close()
	db = openAt(t, path, Options{})
	defer db.Close()
	got, err := db.EmittedSet()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]time.Time{
		"shadow:api.example.com:GET:/a": t0,
		"zombie:x":                      t0,
		"unauth:y":                      t0.Add(time.Hour),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("EmittedSet() = %v, want %v", got, want)
	}
	for id, want := range map[string]bool{"zombie:x": true, "nope": false, "": false} {
		if ok, err := db.Emitted(id); ok != want || err != nil {
			t.Errorf("Emitted(%q) = %v, %v; want %v", id, ok, err, want)
		}
	}
}

func TestMissingParentDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "no", "such")
	path := filepath.Join(dir, "inv.db")
	_, err := Open(path, Options{})
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), path) {
		t.Fatalf("Open in a missing dir: %v; want fs.ErrNotExist naming %s", err, path)
	}
	db, err := Open(path, Options{CreateDir: true})
	if err != nil {
		t.Fatalf("Open with CreateDir: %v", err)
	}
	db.Close()
	fi, err := os.Stat(dir)
	if err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("created dir: %v, %v; want mode 0700", fi.Mode(), err)
	}

	// The default path's directory is created without CreateDir.
	xdg := filepath.Join(t.TempDir(), "xdg")
	t.Setenv("SHADOWTAP_DB", "")
	t.Setenv("XDG_DATA_HOME", xdg)
	def, err := DefaultPath()
	if err != nil {
		t.Fatal(err)
	}
	db, err = Open(def, Options{})
	if err != nil {
		t.Fatalf("Open(DefaultPath()): %v", err)
	}
	db.Close()
	if fi, err := os.Stat(filepath.Dir(def)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("default dir: %v, %v; want mode 0700", fi, err)
	}
}

func TestDefaultPath(t *testing.T) {
	home := t.TempDir()
	tests := []struct {
		name, db, xdg, home string
		want                string
		wantErr             bool
	}{
		{name: "env_db", db: "/srv/x.db", xdg: "/xdg", home: home, want: "/srv/x.db"},
		{name: "xdg", xdg: "/xdg", home: home, want: "/xdg/shadowtap/inventory.db"},
		{name: "relative_xdg_ignored", xdg: "rel", home: home, want: filepath.Join(home, ".local/share/shadowtap/inventory.db")},
		{name: "home", home: home, want: filepath.Join(home, ".local/share/shadowtap/inventory.db")},
		{name: "nothing", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("SHADOWTAP_DB", tt.db)
			t.Setenv("XDG_DATA_HOME", tt.xdg)
			t.Setenv("HOME", tt.home)
			got, err := DefaultPath()
			if (err != nil) != tt.wantErr || got != tt.want {
				t.Errorf("DefaultPath() = %q, %v; want %q (error %v)", got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestBackupAndCompact(t *testing.T) {
	db, path := openTest(t, Options{})
	blob := bytes.Repeat([]byte("shape"), 2000)
	for i := 0; i < 20; i++ {
		hosts := map[string][]byte{}
		for j := 0; j < 10; j++ {
			hosts[fmt.Sprintf("h%02d.example.com", j)] = append(blob, byte(i))
		}
		if err := db.Commit(Batch{Hosts: hosts, Stats: map[string]uint64{"batches": 1}}); err != nil {
			t.Fatal(err)
		}
	}
	want, _ := db.LoadHosts()

	var buf bytes.Buffer
	if err := db.Backup(&buf); err != nil { // hot: db stays open read-write
		t.Fatal(err)
	}
	bpath := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(bpath, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	cpath := filepath.Join(t.TempDir(), "compact.db")
	if err := Compact(path, cpath); !errors.Is(err, ErrLocked) {
		t.Errorf("Compact of an open DB: %v, want ErrLocked", err)
	}
	db.Close()
	if err := Compact(path, cpath); err != nil {
		t.Fatalf("Compact: %v", err)
	}
	if err := Compact(path, cpath); !errors.Is(err, fs.ErrExist) {
		t.Errorf("Compact onto an existing file: %v, want fs.ErrExist", err)
	}
	if err := Compact(path, path); err == nil {
		t.Errorf("Compact onto itself: no error")
	}
	fiSrc, _ := os.Stat(path)
	fiDst, _ := os.Stat(cpath)
	if fiDst.Size() > fiSrc.Size() {
		t.Errorf("compacted file is bigger: %d > %d", fiDst.Size(), fiSrc.Size())
	}
	for _, p := range []string{bpath, cpath} {
		c := openAt(t, p, Options{})
		got, err := c.LoadHosts()
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: LoadHosts differs (err %v)", filepath.Base(p), err)
		}
		st, _ := c.Stats()
		if st["batches"] != 20 {
			t.Errorf("%s: Stats = %v", filepath.Base(p), st)
		}
		c.Close()
	}
}

func TestWriter(t *testing.T) {
	db, path := openTest(t, Options{})
	w := db.StartWriter()
	const n = 300
	h := hashOf("live")
	for i := 1; i <= n; i++ {
		w.Submit(Batch{
			Hosts:   map[string][]byte{fmt.Sprintf("h%d", i%7): []byte(fmt.Sprint(i))},
			Capture: &CaptureRecord{Hash: h, Packets: uint64(i)},
			Stats:   map[string]uint64{"packets": 2},
		})
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	w.Submit(Batch{}) // nothing to write: Flush must still return
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	w.Submit(Batch{Stats: map[string]uint64{"packets": 1}})
	c := w.Counters()
	if c.Submitted != n+1 || c.Dropped != 1 || c.Failed != 0 || c.Commits == 0 || c.Commits > n {
		t.Errorf("Counters() = %+v", c)
	}
	if c.Superseded+7*c.Commits < n {
		t.Errorf("Counters() = %+v: commits plus superseded blobs should cover the batches", c)
	}
	db.Close()

	db = openAt(t, path, Options{ReadOnly: true})
	defer db.Close()
	hosts, _ := db.LoadHosts()
	for j := 0; j < 7; j++ {
		// the last i with i%7 == j
		last := n - ((n-j)%7+7)%7
		if got := string(hosts[fmt.Sprintf("h%d", j)]); got != fmt.Sprint(last) {
			t.Errorf("host h%d = %q, want %d (newest blob wins)", j, got, last)
		}
	}
	st, _ := db.Stats()
	if st["packets"] != 2*n {
		t.Errorf("packets = %d, want %d (increments add up)", st["packets"], 2*n)
	}
	rec, ok, _ := db.Capture(h)
	if !ok || rec.Packets != n {
		t.Errorf("capture = %+v, %v; want the newest record", rec, ok)
	}
}

func TestWriterCommitError(t *testing.T) {
	db, _ := openTest(t, Options{})
	w := db.StartWriter()
	w.Submit(Batch{Hosts: map[string][]byte{"": []byte("x")}})
	if err := w.Flush(); !errors.Is(err, ErrInvalidBatch) {
		t.Errorf("Flush = %v, want ErrInvalidBatch", err)
	}
	w.Submit(Batch{Hosts: map[string][]byte{"ok": []byte("x")}})
	// DB.Close closes the writer, flushing it, and reports its error.
	if err := db.Close(); !errors.Is(err, ErrInvalidBatch) {
		t.Errorf("DB.Close = %v, want the writer's ErrInvalidBatch", err)
	}
	if c := w.Counters(); c.Failed != 1 || c.Commits != 1 {
		t.Errorf("Counters() = %+v, want 1 failed, 1 commit", c)
	}
}

// TestImports keeps storage free of other shadowtap packages: it stores
// opaque blobs and must not depend on inventory internals.
func TestImports(t *testing.T) {
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(src, []byte(`"github.com/shadowtap/shadowtap/`)) {
			t.Errorf("%s imports a shadowtap package", f)
		}
	}
}

func TestVerify(t *testing.T) {
	path, _ := makeSample(t)
	for _, ro := range []bool{false, true} {
		db := openAt(t, path, Options{ReadOnly: ro})
		if err := db.Verify(); err != nil {
			t.Errorf("Verify(readOnly=%v) on a sound file: %v", ro, err)
		}
		db.Close()
		if err := db.Verify(); !errors.Is(err, ErrClosed) {
			t.Errorf("Verify after Close = %v, want ErrClosed", err)
		}
	}
}

// TestConcurrentReadersAndWriter runs reads beside the writer (run with
// -race).
func TestConcurrentReadersAndWriter(t *testing.T) {
	db, _ := openTest(t, Options{})
	w := db.StartWriter()
	done := make(chan struct{})
	errc := make(chan error, 2)
	for r := 0; r < 2; r++ {
		go func() {
			for {
				select {
				case <-done:
					errc <- nil
					return
				default:
				}
				if _, err := db.LoadHosts(); err != nil {
					errc <- err
					return
				}
				if _, err := db.Stats(); err != nil {
					errc <- err
					return
				}
			}
		}()
	}
	stats := map[string]uint64{"n": 1} // reused: Submit copies map entries
	for i := 0; i < 200; i++ {
		w.Submit(Batch{Hosts: map[string][]byte{fmt.Sprint("h", i%10): []byte(fmt.Sprint(i))}, Stats: stats})
		if i%50 == 0 {
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
		}
	}
	close(done)
	for r := 0; r < 2; r++ {
		if err := <-errc; err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil { // closes the writer too
		t.Fatal(err)
	}
	db = openAt(t, db.Path(), Options{ReadOnly: true})
	defer db.Close()
	if st, _ := db.Stats(); st["n"] != 200 {
		t.Errorf("n = %d, want 200", st["n"])
	}
}
