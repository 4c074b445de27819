package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/storage"
)

// db check names a damaged host state and exits 1; db salvage copies the
// rest into a new database that checks clean and answers queries.
func TestDBCheckAndSalvage(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "inv.db"), filepath.Join(dir, "saved.db")
	if _, errOut, code := shadowtap(t, "ingest", "--db", db, samplePcap); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	if so, errOut, code := shadowtap(t, "db", "check", "--db", db); code != 0 || !strings.Contains(so, "ok") {
		t.Fatalf("check of a sound database: exit %d\n%s%s", code, so, errOut)
	}
	before, _, _ := shadowtap(t, "endpoints", "--db", db, "--format", "csv")
	s, err := storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(storage.Batch{Hosts: map[string][]byte{"broken.example": []byte("STINV\x05garbage")}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	so, errOut, code := shadowtap(t, "db", "check", "--db", db)
	if code != 1 || !strings.Contains(so, `damaged: host "broken.example"`) || !strings.Contains(errOut, "db salvage") {
		t.Fatalf("check of a damaged database: exit %d\n%s%s", code, so, errOut)
	}
	if _, errOut, code := shadowtap(t, "endpoints", "--db", db); code != 1 || !strings.Contains(errOut, "db check") {
		t.Errorf("endpoints on a damaged database: exit %d, no pointer to db check: %s", code, errOut)
	}
	so, errOut, code = shadowtap(t, "db", "salvage", "--db", db, "--out", out)
	if code != 0 || !strings.Contains(so, `skipped host "broken.example"`) {
		t.Fatalf("salvage: exit %d\n%s%s", code, so, errOut)
	}
	if so, errOut, code := shadowtap(t, "db", "check", "--db", out); code != 0 {
		t.Fatalf("check of the salvaged copy: exit %d\n%s%s", code, so, errOut)
	}
	after, _, _ := shadowtap(t, "endpoints", "--db", out, "--format", "csv")
	if after != before {
		t.Errorf("the salvaged copy answers differently:\n%s\nwant\n%s", after, before)
	}
	if _, _, code := shadowtap(t, "db", "salvage", "--db", db, "--out", out); code != 1 {
		t.Error("salvage over an existing file did not fail")
	}
}

// A host state a later release wrote (a format version this build does
// not know) is no damage: check says so and exits 0, endpoints says which
// release to use, and salvage copies it as it is.
func TestDBStateFromALaterRelease(t *testing.T) {
	dir := t.TempDir()
	db, out := filepath.Join(dir, "inv.db"), filepath.Join(dir, "saved.db")
	if _, errOut, code := shadowtap(t, "ingest", "--db", db, samplePcap); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	later := []byte("STINV\x7fwhatever a later release stores")
	s, err := storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Commit(storage.Batch{Hosts: map[string][]byte{"later.example": later}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	so, errOut, code := shadowtap(t, "db", "check", "--db", db)
	if code != 0 || !strings.Contains(so, `host "later.example": not checked`) || !strings.Contains(so, "newer shadowtap") {
		t.Fatalf("check: exit %d\n%s%s", code, so, errOut)
	}
	if _, errOut, code := shadowtap(t, "endpoints", "--db", db); code != 1 || !strings.Contains(errOut, "later shadowtap release") || strings.Contains(errOut, "db salvage") {
		t.Errorf("endpoints: exit %d: %s", code, errOut)
	}
	so, errOut, code = shadowtap(t, "db", "salvage", "--db", db, "--out", out)
	if code != 0 || strings.Contains(so, "skipped") {
		t.Fatalf("salvage: exit %d\n%s%s", code, so, errOut)
	}
	s, err = storage.Open(out, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	hosts, err := s.LoadHosts()
	if err != nil || string(hosts["later.example"]) != string(later) {
		t.Errorf("the later release's state was not copied as it is: %q, %v", hosts["later.example"], err)
	}
}
