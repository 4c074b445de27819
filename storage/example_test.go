package storage_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/shadowtap/shadowtap/storage"
)

// An ingest run as the CLI does it: refuse a capture already ingested,
// stream batches through the writer, record completion.
func Example_ingest() {
	dir, _ := os.MkdirTemp("", "shadowtap-example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "data", "inventory.db") // or storage.DefaultPath()

	db, err := storage.Open(path, storage.Options{CreateDir: true, Version: "v0.1.0"})
	switch {
	case errors.Is(err, storage.ErrLocked):
		fmt.Println("another shadowtap has the database open:", err)
		return
	case err != nil:
		fmt.Println(err) // ErrCorrupt, ErrNewerSchema... carry a hint
		return
	}
	defer db.Close()

	hash := "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" // sha256 of the file
	if rec, ok, _ := db.Capture(hash); ok && rec.Complete {
		fmt.Println("already ingested")
		return
	}
	rec := storage.CaptureRecord{Hash: hash, Name: "people.pcap", Size: 1234, Started: time.Now()}
	w := db.StartWriter()
	for i := 1; i <= 3; i++ { // one batch per second of capture, say
		rec.Packets = uint64(100 * i)
		r := rec
		w.Submit(storage.Batch{
			Hosts:   map[string][]byte{"api.example.com": []byte(fmt.Sprintf("blob v%d", i))},
			Capture: &r,
			Stats:   map[string]uint64{"packets": 100},
		})
	}
	rec.Complete, rec.Finished = true, time.Now()
	w.Submit(storage.Batch{Capture: &rec})
	if err := w.Close(); err != nil {
		fmt.Println(err)
		return
	}

	hosts, _ := db.LoadHosts()
	stats, _ := db.Stats()
	got, _, _ := db.Capture(hash)
	fmt.Printf("%s packets=%d complete=%v blob=%q\n", got.Name, stats["packets"], got.Complete, hosts["api.example.com"])
	// Output: people.pcap packets=300 complete=true blob="blob v3"
}
