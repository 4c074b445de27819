package storage

import (
	"bytes"
	"path/filepath"
	"testing"
)

// A new database gets a random salt once; a database that already holds
// hosts keeps the empty salt the stored hashes were made with; hints are
// stored and removed; read-only opens see both and create nothing.
func TestSaltAndHints(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "new.db")
	db, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s1, err := db.Salt()
	if err != nil || len(s1) != saltLen {
		t.Fatalf("salt %x, %v", s1, err)
	}
	if s2, _ := db.Salt(); !bytes.Equal(s1, s2) {
		t.Fatal("salt changed")
	}
	if err := db.SetHints([]byte(`[{"prefix":"/a","literal":true}]`)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	ro, err := Open(p, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if s, _ := ro.Salt(); !bytes.Equal(s, s1) {
		t.Fatalf("read-only salt %x, want %x", s, s1)
	}
	if h, _ := ro.Hints(); string(h) != `[{"prefix":"/a","literal":true}]` {
		t.Fatalf("hints %q", h)
	}
	ro.Close()

	// a database written before salts were stored
	old := filepath.Join(dir, "old.db")
	db, err = Open(old, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Commit(Batch{Hosts: map[string][]byte{"api.example": []byte("blob")}}); err != nil {
		t.Fatal(err)
	}
	if s, err := db.Salt(); err != nil || s == nil || len(s) != 0 {
		t.Fatalf("salt of a database with hosts = %x, %v; want empty", s, err)
	}
	if err := db.SetHints(nil); err != nil {
		t.Fatal(err)
	}
	if h, _ := db.Hints(); h != nil {
		t.Fatalf("hints after removal %q", h)
	}
	db.Close()
}
