package ingest

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/storage"
)

const sample = "../testdata/sample/peoplehub.pcap" // 1547 exchanges

func openDB(t *testing.T, path string) *storage.DB {
	t.Helper()
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// totalHits is the sum of hits over the stored endpoints.
func totalHits(t *testing.T, db *storage.DB) uint64 {
	t.Helper()
	blobs, err := db.LoadHosts()
	if err != nil {
		t.Fatal(err)
	}
	inv := inventory.New(inventory.DefaultConfig())
	for h, b := range blobs {
		if err := inv.LoadHost(h, b); err != nil {
			t.Fatal(err)
		}
	}
	var n uint64
	for _, e := range inv.Endpoints() {
		n += e.Hits
	}
	return n
}

func TestReingestIsSkippedAndMergeAdds(t *testing.T) {
	dir := t.TempDir()
	db := openDB(t, filepath.Join(dir, "inv.db"))
	defer db.Close()
	res, err := Files(context.Background(), db, []string{sample}, Options{})
	if err != nil || len(res) != 1 || res[0].Err != nil || res[0].Skipped {
		t.Fatalf("first ingest: %+v, %v", res, err)
	}
	first := totalHits(t, db)
	if first == 0 || first > 1547 {
		t.Fatalf("hits after one ingest: %d", first)
	}

	res, err = Files(context.Background(), db, []string{sample}, Options{})
	if err != nil || !res[0].Skipped || !strings.Contains(res[0].SkipReason, "already ingested") {
		t.Fatalf("re-ingest: %+v, %v", res, err)
	}
	if got := totalHits(t, db); got != first {
		t.Fatalf("re-ingest changed the hits: %d, want %d", got, first)
	}

	// A different capture (here: the same traffic under another content
	// fingerprint) adds its counts.
	data, err := os.ReadFile(sample)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "copy.pcap")
	if err := os.WriteFile(other, append(data, make([]byte, 0)...), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err = Files(context.Background(), db, []string{other}, Options{Force: true})
	if err != nil || res[0].Skipped {
		t.Fatalf("forced ingest: %+v, %v", res, err)
	}
	if got := totalHits(t, db); got != 2*first {
		t.Fatalf("hits after a second capture: %d, want %d", got, 2*first)
	}
}

// TestKillDuringIngest kills a real child process with SIGKILL in the middle
// of an ingest: the DB must open and hold every batch the child reported
// committed.
func TestKillDuringIngest(t *testing.T) {
	if os.Getenv("SHADOWTAP_INGEST_CHILD") != "" {
		t.Skip("child process")
	}
	dbPath := filepath.Join(t.TempDir(), "inv.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestIngestChild$", "-test.v")
	cmd.Env = append(os.Environ(), "SHADOWTAP_INGEST_CHILD="+dbPath)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	var committed uint64
	commits := 0
	for sc.Scan() {
		var n uint64
		if _, err := fmt.Sscanf(sc.Text(), "committed %d", &n); err == nil {
			committed, commits = n, commits+1
			if commits == 5 {
				cmd.Process.Signal(syscall.SIGKILL)
				break
			}
		}
	}
	cmd.Wait()
	if commits < 5 {
		t.Fatalf("child reported only %d commits before it ended", commits)
	}
	db := openDB(t, dbPath)
	defer db.Close()
	// The capture record and the host states are written in one
	// transaction, so the record's progress says which batches survived.
	recs, err := db.Captures()
	if err != nil || len(recs) != 1 || recs[0].Complete {
		t.Fatalf("capture record after a kill: %+v, %v (want one, incomplete)", recs, err)
	}
	if recs[0].Exchanges < committed {
		t.Fatalf("after SIGKILL the DB holds %d exchanges, the child had committed %d", recs[0].Exchanges, committed)
	}
	if got := totalHits(t, db); got == 0 {
		t.Fatal("after SIGKILL the DB holds no endpoint hits")
	}
	// Ingesting it again is refused: its first batches are already counted.
	res, err := Files(context.Background(), db, []string{sample}, Options{})
	if err != nil || !res[0].Skipped || !strings.Contains(res[0].SkipReason, "partly ingested") {
		t.Fatalf("re-ingest after a kill: %+v, %v", res, err)
	}
}

// TestIngestChild is the child of TestKillDuringIngest: it ingests slowly,
// in small batches, printing each commit.
func TestIngestChild(t *testing.T) {
	dbPath := os.Getenv("SHADOWTAP_INGEST_CHILD")
	if dbPath == "" {
		t.Skip("only run as the child of TestKillDuringIngest")
	}
	db := openDB(t, dbPath)
	opts := Options{
		CommitEvery: 20,
		OnCommit: func(n uint64) {
			os.Stdout.WriteString("committed " + strconv.FormatUint(n, 10) + "\n")
			time.Sleep(20 * time.Millisecond) // leave the parent time to kill mid-run
		},
	}
	Files(context.Background(), db, []string{sample}, opts)
	db.Close()
}

func TestUnreadableFilesAreNotOpened(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.pcap")
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(text, []byte("not a capture, just words in a file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := openDB(t, filepath.Join(dir, "inv.db"))
	defer db.Close()
	names := []string{filepath.Join(dir, "missing.pcap"), empty, text, sample}
	res, err := Files(context.Background(), db, names, Options{})
	if err != nil || len(res) != len(names) {
		t.Fatalf("%d results, %v", len(res), err)
	}
	for _, r := range res[:3] {
		if r.Err == nil || r.Opened || r.Stats.Packets != 0 {
			t.Errorf("%s: err %v, opened %v, %d packets; want an error and not opened", r.Name, r.Err, r.Opened, r.Stats.Packets)
		}
	}
	if r := res[3]; r.Err != nil || !r.Opened || r.Exchanges != 1547 {
		t.Errorf("sample: err %v, opened %v, %d exchanges", r.Err, r.Opened, r.Exchanges)
	}
	// A file that never opened is not recorded as ingested.
	res, err = Files(context.Background(), db, []string{empty}, Options{})
	if err != nil || res[0].Skipped {
		t.Errorf("empty capture recorded as ingested: %+v, %v", res, err)
	}
}

// An interrupted ingest resumes where its last commit stopped: reading the
// capture again counts every exchange once.
func TestInterruptedIngestResumes(t *testing.T) {
	dir := t.TempDir()
	full := openDB(t, filepath.Join(dir, "full.db"))
	defer full.Close()
	if _, err := Files(context.Background(), full, []string{sample}, Options{}); err != nil {
		t.Fatal(err)
	}
	want := totalHits(t, full)

	db := openDB(t, filepath.Join(dir, "inv.db"))
	defer db.Close()
	res, err := Files(context.Background(), db, []string{sample}, Options{stopAfter: 2500})
	if err != nil || len(res) != 1 || res[0].Err == nil {
		t.Fatalf("first run was not interrupted: %v %v", err, res[0].Err)
	}
	recs, _ := db.Captures()
	if len(recs) != 1 || recs[0].Complete || recs[0].Packets == 0 || recs[0].Packets >= 5747 {
		t.Fatalf("records after the interrupted run: %+v", recs)
	}
	partial := totalHits(t, db)
	res, err = Files(context.Background(), db, []string{sample}, Options{})
	if err != nil || len(res) != 1 || res[0].Err != nil || res[0].Skipped || res[0].Resumed != recs[0].Packets || res[0].Resumed == 0 {
		t.Fatalf("second run: %+v, %v", res, err)
	}
	// connections open at the interruption are picked up mid-stream: a
	// few of their exchanges may be lost, none is counted twice
	if got := totalHits(t, db); got > want || got < want*98/100 || partial >= want {
		t.Errorf("hits after resuming = %d (partial %d), want %d (at least 98%%, never more)", got, partial, want)
	}
	recs, _ = db.Captures()
	if len(recs) != 1 || !recs[0].Complete {
		t.Errorf("records after resuming: %+v", recs)
	}
}
