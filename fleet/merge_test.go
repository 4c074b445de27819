package fleet

import (
	"context"
	"errors"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/ingest"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/storage"
)

// sensorCaptures are the captures of three sensors: the sample split
// three ways, and one extra capture for each of the first two.
func sensorCaptures(t testing.TB) [][]string {
	parts := splitCapture(t, sampleCapture, 3)
	return [][]string{{parts[0], extraCaptures[0]}, {parts[1], extraCaptures[1]}, {parts[2]}}
}

func allCaptures(per [][]string) []string {
	var all []string
	for _, p := range per {
		all = append(all, p...)
	}
	return all
}

// ingestDelta ingests files into a fresh database with the given salt and
// returns its whole inventory as one delta of sensor id.
func ingestDelta(t testing.TB, id string, seq uint64, salt []byte, files []string) *Delta {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), id+".db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.SetSalt(salt); err != nil {
		t.Fatal(err)
	}
	cfg := inventory.DefaultConfig()
	cfg.Salt = salt
	if _, err := ingest.Files(context.Background(), db, files, ingest.Options{Inventory: cfg}); err != nil {
		t.Fatal(err)
	}
	blobs, err := db.LoadHosts()
	if err != nil {
		t.Fatal(err)
	}
	return &Delta{Sensor: id, Incarnation: 1, Seq: seq, Time: time.Now(), Hosts: blobs,
		Counters: map[string]uint64{"packets": 1}}
}

func openCollectorDB(t testing.TB, path string) (*Collector, *storage.DB) {
	t.Helper()
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := OpenCollector(CollectorOptions{DB: db, Inventory: inventory.DefaultConfig(), Logf: t.Logf})
	if err != nil {
		db.Close()
		t.Fatal(err)
	}
	return c, db
}

// TestMergeEqualsOneIngest: the blobs of three sensors, merged, give the
// inventory one ingest of all their captures gives; applying the deltas
// again, in another order, or an older one after a newer one, changes
// nothing; a restarted collector rebuilds the same from its database.
func TestMergeEqualsOneIngest(t *testing.T) {
	per := sensorCaptures(t)
	want := ingestAll(t, allCaptures(per))
	if len(want) < 20 {
		t.Fatalf("only %d endpoints in the captures", len(want))
	}
	t.Logf("one ingest: %d endpoints, %d hits", len(want), totalHits(want))
	salt := []byte("0123456789abcdef")
	var deltas [][]byte
	for i, files := range per {
		deltas = append(deltas, ingestDelta(t, []string{"s1", "s2", "s3"}[i], 5, salt, files).Encode())
	}
	path := filepath.Join(t.TempDir(), "central.db")
	c, db := openCollectorDB(t, path)
	if err := c.Apply(deltas...); err != nil {
		t.Fatal(err)
	}
	sameInventory(t, c.Endpoints(), want)
	// Twice, reversed.
	if err := c.Apply(deltas[2], deltas[1], deltas[0], deltas[0]); err != nil {
		t.Fatal(err)
	}
	sameInventory(t, c.Endpoints(), want)
	// An older delta of s1 (seq 4) holding only part of its state.
	old := ingestDelta(t, "s1", 4, salt, per[0][1:])
	if err := c.Apply(old.Encode()); err != nil {
		t.Fatal(err)
	}
	sameInventory(t, c.Endpoints(), want)
	if got := c.Stats().Detail["fleet.messages_stale"]; got != 5 {
		t.Errorf("stale messages %d, want 5", got)
	}
	db.Close()
	c2, db2 := openCollectorDB(t, path)
	defer db2.Close()
	sameInventory(t, c2.Endpoints(), want)
	// The central database's merged hosts read like any database.
	sameInventory(t, dbEndpoints(t, db2), want)
	// Which sensors saw what: the sample's endpoints were seen by all
	// three (split by connection), the extra captures' by one.
	for _, e := range c2.FleetEndpoints("") {
		if len(e.Sensors) == 0 {
			t.Errorf("%s %s %s: no sensor", e.Host, e.Method, e.Path)
		}
	}
	if len(c2.FleetEndpoints("s3")) >= len(c2.FleetEndpoints("")) {
		t.Errorf("sensor s3 (sample part only) sees every endpoint")
	}
}

// A newer delta whose blob does not load is counted and leaves the
// sensor's last good state of the host in place.
func TestCorruptBlobKeepsState(t *testing.T) {
	salt := []byte("0123456789abcdef")
	c, db := openCollectorDB(t, filepath.Join(t.TempDir(), "c.db"))
	defer db.Close()
	good := ingestDelta(t, "s1", 1, salt, extraCaptures[:1])
	if err := c.Apply(good.Encode()); err != nil {
		t.Fatal(err)
	}
	before := c.Endpoints()
	bad := &Delta{Sensor: "s1", Incarnation: 1, Seq: 2, Time: time.Now(), Hosts: map[string][]byte{}}
	for h := range good.Hosts {
		bad.Hosts[h] = []byte("garbage, not an inventory blob")
	}
	if err := c.Apply(bad.Encode(), []byte("not a delta at all")); err != nil {
		t.Fatal(err)
	}
	if after := c.Endpoints(); !reflect.DeepEqual(after, before) {
		t.Errorf("a corrupt blob changed the inventory: %d endpoints, had %d", len(after), len(before))
	}
	st := c.Stats()
	if st.Detail["fleet.blob_errors"] != uint64(len(good.Hosts)) || st.Detail["fleet.messages_bad"] == 0 {
		t.Errorf("counters %v", st.Detail)
	}
}

// FuzzDecodeDelta: any message decodes or is refused, never panics, and
// what decodes encodes back to a message that decodes the same.
func FuzzDecodeDelta(f *testing.F) {
	d := &Delta{Sensor: "dc1-a", Incarnation: 7, Seq: 3, Time: time.Unix(1764000000, 0).UTC(),
		Counters: map[string]uint64{"packets": 10, "kernel_drops": 1}, Hosts: map[string][]byte{"api.example": []byte("blob")}}
	f.Add(d.Encode())
	f.Add([]byte("STD\x01"))
	f.Add([]byte("STD\x02garbage"))
	f.Fuzz(func(t *testing.T, msg []byte) {
		d, err := DecodeDelta(msg)
		if err != nil {
			if !errors.Is(err, ErrBadDelta) {
				t.Fatalf("error %v does not wrap ErrBadDelta", err)
			}
			return
		}
		d2, err := DecodeDelta(d.Encode())
		if err != nil || !reflect.DeepEqual(d, d2) {
			t.Fatalf("round trip: %v\n%+v\n%+v", err, d, d2)
		}
	})
}
