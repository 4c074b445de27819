// Command fleet is the fleet load test: N simulated sensors publish
// inventory deltas to an in-process nats-server (JetStream, file storage)
// at a sensor's commit rate, and one collector merges them. It reports
// the collector's merge rate (deltas/s, endpoints/s), the end-to-end lag
// (sensor send to collector merge) and the process memory. Run it from
// the repository root:
//
//	go run ./bench/fleet -sensors 50 -interval 5s -duration 60s
//
// The simulated sensors publish what a sensor would: every interval one
// delta holding the blobs of the hosts that changed (by default all of
// them, the worst case: every sensor sees every service), encoded by the
// fleet package's wire format under the sensor's id and sequence. The
// blobs come from ingesting the bundled captures once. A second phase
// (-backlog) publishes that many deltas with the collector stopped and
// times the drain: the collector's maximum merge rate.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/shadowtap/shadowtap/fleet"
	"github.com/shadowtap/shadowtap/ingest"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/storage"
)

func main() {
	sensors := flag.Int("sensors", 50, "simulated sensors")
	interval := flag.Duration("interval", 5*time.Second, "each sensor's commit interval (shadowtap run's default is 5s)")
	duration := flag.Duration("duration", 60*time.Second, "steady phase length")
	backlog := flag.Int("backlog", 2000, "deltas published with the collector stopped, then drained (0: skip)")
	flag.Parse()

	dir, err := os.MkdirTemp("", "fleet-bench")
	must(err)
	defer os.RemoveAll(dir)
	blobs, eps := sampleBlobs(dir)
	fmt.Printf("hosts per delta: %d (%d endpoints, %d bytes of blobs)\n", len(blobs), eps, size(blobs))

	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: filepath.Join(dir, "js"), NoLog: true, NoSigs: true})
	must(err)
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		log.Fatal("nats-server did not start")
	}
	url := ns.ClientURL()
	nc, err := nats.Connect(url)
	must(err)
	js, err := jetstream.New(nc)
	must(err)

	db, err := storage.Open(filepath.Join(dir, "central.db"), storage.Options{})
	must(err)
	col, err := fleet.OpenCollector(fleet.CollectorOptions{Conn: fleet.Conn{URL: url}, Name: "bench", DB: db, Inventory: inventory.DefaultConfig()})
	must(err)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = col.Run(ctx); close(done) }()

	// Steady phase.
	seqs := make([]uint64, *sensors)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var lags []time.Duration
	end := time.Now().Add(*duration)
	for i := 0; i < *sensors; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// Spread the sensors' commits over the interval.
			time.Sleep(time.Duration(i) * *interval / time.Duration(*sensors))
			t := time.NewTicker(*interval)
			defer t.Stop()
			for time.Now().Before(end) {
				seqs[i]++
				publish(js, i, seqs[i], blobs)
				<-t.C
			}
		}(i)
	}
	// Sample the lag: for each sensor, received - sent of its last delta.
	var ms runtime.MemStats
	var peakHeap uint64
	sampler := time.NewTicker(time.Second)
	for time.Now().Before(end) {
		<-sampler.C
		for _, h := range col.Sensors() {
			mu.Lock()
			lags = append(lags, time.Duration(h.LagSeconds*float64(time.Second)))
			mu.Unlock()
		}
		runtime.ReadMemStats(&ms)
		peakHeap = max(peakHeap, ms.HeapInuse)
	}
	sampler.Stop()
	wg.Wait()
	var sent uint64
	for _, s := range seqs {
		sent += s
	}
	waitDrained(col, sent)
	st := col.Stats()
	fmt.Printf("steady: %d sensors every %s for %s: %d deltas (%.1f/s offered), applied %d, stale %d\n",
		*sensors, *interval, *duration, sent, float64(sent)/duration.Seconds(), st.Detail["fleet.messages_applied"], st.Detail["fleet.messages_stale"])
	fmt.Printf("steady: merged endpoints %d; lag p50 %s, p99 %s, max %s; peak Go heap in use %d MiB, sys %d MiB\n",
		st.Endpoints, pct(lags, 50), pct(lags, 99), pct(lags, 100), peakHeap>>20, ms.Sys>>20)

	if *backlog > 0 {
		stop()
		<-done
		for k := 0; k < *backlog; k++ {
			i := k % *sensors
			seqs[i]++
			publish(js, i, seqs[i], blobs)
		}
		ctx, stop = context.WithCancel(context.Background())
		done = make(chan struct{})
		before := col.Stats().Detail["fleet.messages_applied"]
		t0 := time.Now()
		go func() { _ = col.Run(ctx); close(done) }()
		waitDrained(col, before+uint64(*backlog))
		el := time.Since(t0)
		runtime.ReadMemStats(&ms)
		fmt.Printf("drain: %d deltas in %s: %.0f deltas/s, %.0f host blobs/s, %.0f endpoints/s merged; Go heap in use %d MiB, sys %d MiB\n",
			*backlog, el.Round(time.Millisecond), float64(*backlog)/el.Seconds(), float64(*backlog*len(blobs))/el.Seconds(),
			float64(*backlog*eps)/el.Seconds(), ms.HeapInuse>>20, ms.Sys>>20)
	}
	stop()
	<-done
	db.Close()
	nc.Close()
	ns.Shutdown()
}

// waitDrained waits until the collector applied n messages (at most 5 min).
func waitDrained(col *fleet.Collector, n uint64) {
	end := time.Now().Add(5 * time.Minute)
	for col.Stats().Detail["fleet.messages_applied"] < n && time.Now().Before(end) {
		time.Sleep(10 * time.Millisecond)
	}
}

func publish(js jetstream.JetStream, i int, seq uint64, blobs map[string][]byte) {
	id := fmt.Sprintf("sensor-%02d", i)
	d := fleet.Delta{Sensor: id, Incarnation: 1, Seq: seq, Time: time.Now(), Hosts: blobs,
		Counters: map[string]uint64{"packets": seq * 1000, "exchanges": seq * 100}}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := js.Publish(ctx, "shadowtap.delta."+id, d.Encode(), jetstream.WithMsgID(d.MsgID())); err != nil {
		log.Printf("publish: %v", err)
	}
}

// sampleBlobs ingests the bundled captures and returns their host blobs
// and endpoint count.
func sampleBlobs(dir string) (map[string][]byte, int) {
	db, err := storage.Open(filepath.Join(dir, "sample.db"), storage.Options{})
	must(err)
	defer db.Close()
	files := []string{"testdata/sample/peoplehub.pcap", "reassembly/testdata/corpus/ndpi-webdav.pcap",
		"reassembly/testdata/corpus/suricata-keepalive-8-requests.pcap"}
	_, err = ingest.Files(context.Background(), db, files, ingest.Options{Inventory: inventory.DefaultConfig()})
	must(err)
	blobs, err := db.LoadHosts()
	must(err)
	inv := inventory.New(inventory.DefaultConfig())
	for h, b := range blobs {
		must(inv.LoadHost(h, b))
	}
	return blobs, len(inv.Endpoints())
}

func size(m map[string][]byte) (n int) {
	for _, b := range m {
		n += len(b)
	}
	return n
}

func pct(d []time.Duration, p int) time.Duration {
	if len(d) == 0 {
		return 0
	}
	s := slices.Clone(d)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	k := (len(s) - 1) * p / 100
	return s[k].Round(time.Millisecond)
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
