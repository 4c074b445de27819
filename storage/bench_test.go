package storage

import (
	"fmt"
	"math/rand/v2"
	"os"
	"testing"
)

// hostBlob is a stand-in for inventory.MarshalHost output: about size bytes
// of JSON-like text that compresses like the real thing (not at all).
func hostBlob(rng *rand.Rand, size int) []byte {
	const alpha = `{"method":"GET","path":"/users/{userId}","hits":12345,"statuses":{"200":1},"auth_kinds":{"bearer_jwt":3}}`
	b := make([]byte, size)
	for i := range b {
		b[i] = alpha[rng.IntN(len(alpha))]
	}
	return b
}

func benchBatch(rng *rand.Rand, hosts, size, round int) (Batch, int64) {
	b := Batch{Hosts: make(map[string][]byte, hosts), Stats: map[string]uint64{"packets": 1000, "exchanges": 100}}
	var n int64
	for i := 0; i < hosts; i++ {
		blob := hostBlob(rng, size)
		b.Hosts[fmt.Sprintf("svc%04d.prod.example.com", (i+round)%(hosts*2))] = blob
		n += int64(len(blob))
	}
	b.Capture = &CaptureRecord{Hash: hashOf("bench"), Packets: uint64(round)}
	return b, n
}

// BenchmarkCommit measures one fsynced Update per batch of N host blobs of
// 16 KiB (a host with a few dozen endpoints), replacing existing blobs half
// of the time.
func BenchmarkCommit(b *testing.B) {
	for _, hosts := range []int{1, 10, 100} {
		b.Run(fmt.Sprintf("hosts=%d/blob=16KiB", hosts), func(b *testing.B) {
			db, _ := openTest(b, Options{})
			defer db.Close()
			rng := rand.New(rand.NewPCG(1, 2))
			batches := make([]Batch, 8)
			var size int64
			for i := range batches {
				batches[i], size = benchBatch(rng, hosts, 16<<10, i)
			}
			b.SetBytes(size)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				if err := db.Commit(batches[i%len(batches)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// BenchmarkWriterSubmit measures Submit, the call on the capture path.
func BenchmarkWriterSubmit(b *testing.B) {
	db, _ := openTest(b, Options{})
	defer db.Close()
	w := db.StartWriter()
	rng := rand.New(rand.NewPCG(1, 2))
	batch, _ := benchBatch(rng, 10, 16<<10, 0)
	// No SetBytes: Submit merges references, it copies no blob.
	b.ReportAllocs()
	for b.Loop() {
		w.Submit(batch)
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkOpen measures Open of a 200-host file, dominated by the page
// walk (compare NoVerify).
func BenchmarkOpen(b *testing.B) {
	db, path := openTest(b, Options{})
	rng := rand.New(rand.NewPCG(1, 2))
	batch, _ := benchBatch(rng, 200, 16<<10, 0)
	if err := db.Commit(batch); err != nil {
		b.Fatal(err)
	}
	db.Close()
	fi, _ := os.Stat(path)
	for _, noVerify := range []bool{false, true} {
		b.Run(fmt.Sprintf("noverify=%v", noVerify), func(b *testing.B) {
			b.SetBytes(fi.Size())
			b.ReportAllocs()
			for b.Loop() {
				db, err := Open(path, Options{NoVerify: noVerify})
				if err != nil {
					b.Fatal(err)
				}
				db.Close()
			}
		})
	}
}

// BenchmarkLoadHosts measures reading every blob back (start of a run).
func BenchmarkLoadHosts(b *testing.B) {
	db, _ := openTest(b, Options{})
	defer db.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	batch, size := benchBatch(rng, 200, 16<<10, 0)
	if err := db.Commit(batch); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := db.LoadHosts(); err != nil {
			b.Fatal(err)
		}
	}
}
