package storage

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

func TestSinkEmitted(t *testing.T) {
	db, path := openTest(t, Options{})
	if err := db.RegisterSinks([]string{"ndjson:a", "webhook:b"}, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSinkEmitted(map[string][]string{"ndjson:a": {"f1", "f2"}}, t0); err != nil {
		t.Fatal(err)
	}
	// A second mark keeps the first time; the other sink's record is its own.
	if err := db.MarkSinkEmitted(map[string][]string{"ndjson:a": {"f2", "f3"}, "webhook:b": {"f2"}}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []map[string][]string{{"": {"f"}}, {"k": {""}}} {
		if err := db.MarkSinkEmitted(bad, t0); !errors.Is(err, ErrInvalidBatch) {
			t.Errorf("MarkSinkEmitted(%q) = %v, want ErrInvalidBatch", bad, err)
		}
	}
	if err := db.RegisterSinks([]string{""}, t0); !errors.Is(err, ErrInvalidBatch) {
		t.Errorf("RegisterSinks(\"\") = %v, want ErrInvalidBatch", err)
	}
	db.Close()
	db = openAt(t, path, Options{ReadOnly: true})
	defer db.Close()
	want := map[string]map[string]time.Time{
		"ndjson:a":  {"f1": t0, "f2": t0, "f3": t0.Add(time.Hour)},
		"webhook:b": {"f2": t0.Add(time.Hour)},
		"syslog:c":  {},
	}
	for k, w := range want {
		if got, err := db.SinkEmittedSet(k); err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("SinkEmittedSet(%q) = %v, %v; want %v", k, got, err, w)
		}
	}
	// The global record: accepted by at least one sink, first time.
	if got, _ := db.EmittedSet(); !reflect.DeepEqual(got, want["ndjson:a"]) {
		t.Errorf("EmittedSet() = %v, want %v", got, want["ndjson:a"])
	}
	if keys, err := db.SinkKeys(); err != nil || !reflect.DeepEqual(keys, []string{"ndjson:a", "webhook:b"}) {
		t.Errorf("SinkKeys() = %v, %v", keys, err)
	}
	if err := db.RegisterSinks([]string{"x"}, t0); !errors.Is(err, ErrReadOnly) {
		t.Errorf("RegisterSinks on read-only: %v, want ErrReadOnly", err)
	}
	if err := db.MarkSinkEmitted(map[string][]string{"x": {"f"}}, t0); !errors.Is(err, ErrReadOnly) {
		t.Errorf("MarkSinkEmitted on read-only: %v, want ErrReadOnly", err)
	}
}

// TestRegisterSinksAdoptsLegacy: a file of an earlier build has only the
// global emitted record; it counts as emitted to every sink registered
// first, and to no sink added later.
func TestRegisterSinksAdoptsLegacy(t *testing.T) {
	db, path := openTest(t, Options{})
	// An earlier build: global record only.
	if err := db.MarkEmitted([]string{"old1", "old2"}, t0); err != nil {
		t.Fatal(err)
	}
	// No sinks yet: the record stays global.
	if err := db.RegisterSinks(nil, t0); err != nil {
		t.Fatal(err)
	}
	if keys, _ := db.SinkKeys(); len(keys) != 0 {
		t.Fatalf("sink records after RegisterSinks(nil): %v", keys)
	}
	if err := db.RegisterSinks([]string{"a", "b"}, t0.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openAt(t, path, Options{})
	defer db.Close()
	if err := db.RegisterSinks([]string{"a", "b", "c"}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	legacy := map[string]time.Time{"old1": t0, "old2": t0}
	for k, w := range map[string]map[string]time.Time{"a": legacy, "b": legacy, "c": {}} {
		if got, err := db.SinkEmittedSet(k); err != nil || !reflect.DeepEqual(got, w) {
			t.Errorf("SinkEmittedSet(%q) = %v, %v; want %v", k, got, err, w)
		}
	}
}

// TestRegisterSinksBound: records of sinks no longer registered are kept up
// to MaxRetiredSinks, the most recently registered ones; the registered
// ones are never dropped.
func TestRegisterSinksBound(t *testing.T) {
	db, _ := openTest(t, Options{})
	defer db.Close()
	n := MaxRetiredSinks + 5
	for i := 0; i < n; i++ {
		k := fmt.Sprintf("s%02d", i)
		if err := db.RegisterSinks([]string{k}, t0.Add(time.Duration(i)*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := db.MarkSinkEmitted(map[string][]string{k: {"f"}}, t0); err != nil {
			t.Fatal(err)
		}
	}
	keys, err := db.SinkKeys()
	if err != nil {
		t.Fatal(err)
	}
	// The live one plus the MaxRetiredSinks registered last before it.
	var want []string
	for i := n - 1 - MaxRetiredSinks; i < n; i++ {
		want = append(want, fmt.Sprintf("s%02d", i))
	}
	if !reflect.DeepEqual(keys, want) {
		t.Errorf("SinkKeys() = %v\nwant %v", keys, want)
	}
	// A dropped sink that comes back starts empty.
	if err := db.RegisterSinks([]string{"s00"}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.SinkEmittedSet("s00"); len(got) != 0 {
		t.Errorf("SinkEmittedSet(s00) = %v, want empty", got)
	}
}

func TestSinkEmittedCorrupt(t *testing.T) {
	db, path := openTest(t, Options{})
	if err := db.RegisterSinks([]string{"a"}, t0); err != nil {
		t.Fatal(err)
	}
	db.Close()
	b, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = b.Update(func(tx *bolt.Tx) error {
		sb := tx.Bucket(bucketSinks)
		if err := sb.Bucket([]byte("a")).Put([]byte("f"), []byte("short")); err != nil {
			return err
		}
		return sb.Put([]byte("v"), []byte("not a bucket"))
	})
	b.Close()
	if err != nil {
		t.Fatal(err)
	}
	db = openAt(t, path, Options{ReadOnly: true})
	defer db.Close()
	if _, err := db.SinkEmittedSet("a"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("SinkEmittedSet on a short value = %v, want ErrCorrupt", err)
	}
	if _, err := db.SinkKeys(); !errors.Is(err, ErrCorrupt) {
		t.Errorf("SinkKeys with a plain value = %v, want ErrCorrupt", err)
	}
}

// TestForgetSinkEmitted: a resolved finding leaves the records of the sinks
// that were told, and only those; the global record keeps it; a later mark
// records it again.
func TestForgetSinkEmitted(t *testing.T) {
	db, path := openTest(t, Options{})
	if err := db.RegisterSinks([]string{"a", "b"}, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.MarkSinkEmitted(map[string][]string{"a": {"f1", "f2"}, "b": {"f1"}}, t0); err != nil {
		t.Fatal(err)
	}
	if err := db.ForgetSinkEmitted(map[string][]string{"a": {"f1", "never"}, "gone": {"f1"}}); err != nil {
		t.Fatal(err)
	}
	if err := db.ForgetSinkEmitted(map[string][]string{"a": {""}}); !errors.Is(err, ErrInvalidBatch) {
		t.Errorf("ForgetSinkEmitted with an empty id = %v, want ErrInvalidBatch", err)
	}
	if got, _ := db.SinkEmittedSet("a"); !reflect.DeepEqual(got, map[string]time.Time{"f2": t0}) {
		t.Errorf("a after forget = %v", got)
	}
	if got, _ := db.SinkEmittedSet("b"); !reflect.DeepEqual(got, map[string]time.Time{"f1": t0}) {
		t.Errorf("b after forget = %v", got)
	}
	if err := db.MarkSinkEmitted(map[string][]string{"a": {"f1"}}, t0.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db = openAt(t, path, Options{ReadOnly: true})
	defer db.Close()
	if got, _ := db.SinkEmittedSet("a"); !reflect.DeepEqual(got, map[string]time.Time{"f1": t0.Add(time.Hour), "f2": t0}) {
		t.Errorf("a after a new mark = %v", got)
	}
	if got, _ := db.EmittedSet(); !reflect.DeepEqual(got, map[string]time.Time{"f1": t0, "f2": t0}) {
		t.Errorf("global record = %v", got)
	}
	if keys, _ := db.SinkKeys(); !reflect.DeepEqual(keys, []string{"a", "b"}) {
		t.Errorf("SinkKeys = %v: a forget must not create records", keys)
	}
	if err := db.ForgetSinkEmitted(map[string][]string{"a": {"f1"}}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("ForgetSinkEmitted on read-only: %v, want ErrReadOnly", err)
	}
}
