package sensor

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/reassembly"
	"github.com/shadowtap/shadowtap/storage"
)

// pacedSource pauses before every frame that opens a connection, so that
// the sensor commits between exchanges.
type pacedSource struct {
	*liveLike
	pause time.Duration
}

func (p *pacedSource) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	if fs := p.fs; fs.i < len(fs.frames) && fs.i%9 == 0 { // buildSource: nine frames a connection
		time.Sleep(p.pause)
	}
	return p.liveLike.ReadPacket()
}

// contentsTraffic is a contents API of files with sub-routes, written and
// read, the listings naming the paths, and a new file's sub-route last.
func contentsTraffic() []synthExchange {
	xs := []synthExchange{
		{"GET", "/api/files", true, 200, "", `{"content":[{"name":"Report.ipynb","path":"Report.ipynb"},{"name":"data","path":"data"},{"name":"notes.md","path":"notes.md"}]}`},
		{"GET", "/api/files/data", true, 200, "", `{"content":[{"name":"sales.csv","path":"data/sales.csv"},{"name":"raw","path":"data/raw"}]}`},
		{"GET", "/api/files/data/raw", true, 200, "", `{"content":[{"name":"q1.json","path":"data/raw/q1.json"}]}`},
	}
	for _, p := range []string{"Report.ipynb", "notes.md", "data/sales.csv", "data/raw/q1.json"} {
		xs = append(xs, synthExchange{"GET", "/api/files/" + p, true, 200, "", `{"type":"file"}`},
			synthExchange{"PUT", "/api/files/" + p, true, 200, "", `{"type":"file"}`})
	}
	return append(xs,
		synthExchange{"GET", "/api/files/Report.ipynb/revisions", true, 200, "", `[{"id":"r1"}]`},
		synthExchange{"POST", "/api/files/notes.md/revisions", true, 201, "", `{"id":"r2"}`},
		synthExchange{"GET", "/api/files/data/raw/q2.json/revisions", true, 200, "", `[]`},
	)
}

// A sensor that commits while it records (here before every exchange)
// ends with the templates one batch ingest of the same traffic gives: a
// commit stores the trie as recorded, never a settled one the next
// exchanges would build on.
func TestCommitsWhileRecordingChangeNoTemplate(t *testing.T) {
	xs := contentsTraffic()
	batch := inventory.New(inventory.DefaultConfig())
	if _, err := reassembly.Process(context.Background(), buildSource(t, xs), nil, reassembly.DefaultConfig(), batch.Observe); err != nil {
		t.Fatal(err)
	}
	want := routes(batch.Endpoints())

	cfg := DefaultConfig()
	cfg.Source = &pacedSource{liveLike: newLiveLike(buildSource(t, xs)), pause: 30 * time.Millisecond}
	cfg.DBPath = filepath.Join(t.TempDir(), "inv.db")
	cfg.Listen = "127.0.0.1:0"
	cfg.CommitInterval = 5 * time.Millisecond
	d, stop, stderr := startSensor(t, cfg)
	n := uint64(len(xs))
	st := waitStats(t, d, func(s Stats) bool { return s.Exchanges == n })
	if st.Commits < n/4 {
		t.Fatalf("%d commits for %d exchanges: the sensor did not commit while recording", st.Commits, n)
	}
	if err := stop(); err != nil {
		t.Fatalf("Run = %v\n%s", err, stderr.String())
	}
	stored := storedInventory(t, cfg.DBPath)
	if got := routes(stored.Endpoints()); !slices.Equal(got, want) {
		t.Errorf("after %d commits the stored endpoints are\n%q\none batch gives\n%q", st.Commits, got, want)
	}
}

// storedInventory loads every host stored in the database at path, with
// the database's salt (value provenance compares salted hashes).
func storedInventory(t *testing.T, path string) *inventory.Inventory {
	t.Helper()
	db, err := storage.Open(path, storage.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	blobs, err := db.LoadHosts()
	if err != nil {
		t.Fatal(err)
	}
	icfg := inventory.DefaultConfig()
	if err := ApplyStoredSettings(db, &icfg, false); err != nil {
		t.Fatal(err)
	}
	inv := inventory.New(icfg)
	for h, b := range blobs {
		if err := inv.LoadHost(h, b); err != nil {
			t.Fatal(err)
		}
	}
	return inv
}

func routes(eps []inventory.Endpoint) []string {
	var out []string
	for _, e := range eps {
		out = append(out, e.Method+" "+e.Path)
	}
	return out
}
