package storage

import (
	"errors"
	"path/filepath"
	"testing"
)

func TestAuxBuckets(t *testing.T) {
	path := filepath.Join(t.TempDir(), "a.db")
	db, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	err = db.AuxView(func(tx AuxTx) error {
		b, err := tx.Bucket("x")
		if err != nil {
			return err
		}
		if b.Get([]byte("k")) != nil {
			t.Error("value in a missing bucket")
		}
		return b.ForEach(nil, func(k, v []byte) error { t.Error("key in a missing bucket"); return nil })
	})
	if err != nil {
		t.Fatal(err)
	}
	err = db.AuxUpdate(func(tx AuxTx) error {
		b, err := tx.Bucket("x")
		if err != nil {
			return err
		}
		for _, k := range []string{"a\x00h1", "a\x00h2", "b\x00h1"} {
			if err := b.Put([]byte(k), []byte(k)); err != nil {
				return err
			}
		}
		return b.Delete([]byte("a\x00h2"))
	})
	if err != nil {
		t.Fatal(err)
	}
	// A failing update changes nothing.
	boom := errors.New("boom")
	if err := db.AuxUpdate(func(tx AuxTx) error {
		b, _ := tx.Bucket("x")
		b.Put([]byte("c"), nil)
		return boom
	}); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	db.Close()
	if db, err = Open(path, Options{ReadOnly: true}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var keys []string
	err = db.AuxView(func(tx AuxTx) error {
		b, err := tx.Bucket("x")
		if err != nil {
			return err
		}
		return b.ForEach([]byte("a\x00"), func(k, v []byte) error { keys = append(keys, string(k)); return nil })
	})
	if err != nil || len(keys) != 1 || keys[0] != "a\x00h1" {
		t.Fatalf("keys %q, err %v", keys, err)
	}
}

func TestSetSalt(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "s.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Salt(); err != nil {
		t.Fatal(err)
	}
	fleet := []byte("fleet-salt-16byt")
	if err := db.SetSalt(fleet); err != nil {
		t.Fatal(err)
	}
	if s, _ := db.Salt(); string(s) != string(fleet) {
		t.Fatalf("salt %q", s)
	}
	if err := db.Commit(Batch{Hosts: map[string][]byte{"h": []byte("blob")}}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetSalt(fleet); err != nil {
		t.Fatalf("same salt again: %v", err)
	}
	if err := db.SetSalt([]byte("another-salt-16b")); !errors.Is(err, ErrSaltInUse) {
		t.Fatalf("another salt over hosts: %v", err)
	}
	if has, err := db.HasHosts(); !has || err != nil {
		t.Fatalf("HasHosts %v %v", has, err)
	}
}
