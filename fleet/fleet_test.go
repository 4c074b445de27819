package fleet

import (
	"context"
	"fmt"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/storage"
)

// runCollector runs an in-process collector on a database until the test
// ends.
func runCollector(t testing.TB, url, path, name string) *Collector {
	t.Helper()
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := OpenCollector(CollectorOptions{Conn: Conn{URL: url}, Name: name, DB: db,
		Inventory: inventory.DefaultConfig(), Batch: 16, DiffInterval: 50 * time.Millisecond, Logf: safeLogf(t, name+": ")})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
		db.Close()
	})
	return c
}

func sensorHealth(c *Collector, id string) SensorHealth {
	for _, h := range c.Sensors() {
		if h.Sensor == id {
			return h
		}
	}
	return SensorHealth{}
}

// TestFleet: three sensors replay different captures into one collector
// through a real nats-server (JetStream, file storage); the server is
// restarted between the first two sensors, and the third is cut from NATS
// halfway through its capture (it spools, keeps capturing, then catches
// up); a delta is delivered twice. The central inventory equals one ingest
// of all the captures: same endpoints, same hit counts.
func TestFleet(t *testing.T) {
	ns := startNATS(t)
	per := sensorCaptures(t)
	want := ingestAll(t, allCaptures(per))
	dir := t.TempDir()
	col := runCollector(t, ns.url(), filepath.Join(dir, "central.db"), "central")

	// s1 replays its captures to the end (its shutdown publishes the rest).
	src1, err := capture.OpenFiles(per[0]...)
	if err != nil {
		t.Fatal(err)
	}
	startSensor(t, dir, "s1", ns.url(), src1).wait(t)

	// The server restarts: same store, same port.
	ns.stop()
	ns.start()

	src2, err := capture.OpenFiles(per[1]...)
	if err != nil {
		t.Fatal(err)
	}
	startSensor(t, dir, "s2", ns.url(), src2).wait(t)

	// s3 through a proxy, cut halfway.
	px := startProxy(t, fmt.Sprintf("127.0.0.1:%d", ns.port))
	g := newGatedSource(t, countPackets(t, per[2]...)/2, per[2]...)
	s3 := startSensor(t, dir, "s3", px.url(), g)
	<-g.paused
	eventually(t, 10*time.Second, "s3's first deltas", func() bool {
		st := s3.pub.Stats()
		return st.Published > 0 && st.Pending == 0
	})
	px.cut()
	g.open()
	<-g.drained
	eventually(t, 10*time.Second, "s3 to spool while cut off", func() bool {
		st := s3.pub.Stats()
		return st.Pending > 0 && st.Failures > 0
	})
	time.Sleep(300 * time.Millisecond) // a few more commits while cut off
	t.Logf("s3 cut off: %+v", s3.pub.Stats())
	px.restore()
	eventually(t, 20*time.Second, "s3 to catch up", func() bool { return s3.pub.Stats().Pending == 0 })
	s3.stop(t)

	converged := func() bool {
		return totalHits(col.Endpoints()) == totalHits(want) && len(col.Endpoints()) == len(want)
	}
	for end := time.Now().Add(20 * time.Second); !converged() && time.Now().Before(end); {
		time.Sleep(20 * time.Millisecond)
	}
	if !converged() {
		// say how it differs: a delivery lost or a template merged apart
		t.Logf("central: %d endpoints, %d hits; want %d, %d; collector %+v", len(col.Endpoints()), totalHits(col.Endpoints()),
			len(want), totalHits(want), col.Stats())
		sameInventory(t, col.Endpoints(), want)
		t.Fatal("timed out waiting for the central inventory")
	}
	sameInventory(t, col.Endpoints(), want)

	// The same delta delivered twice: stored again under a new message id
	// (JetStream's de-duplication would drop the same id).
	nc, err := nats.Connect(ns.url())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	st, err := js.Stream(ctx, "SHADOWTAP")
	if err != nil {
		t.Fatal(err)
	}
	stale := col.Stats().Detail["fleet.messages_stale"]
	for seq := uint64(1); seq <= 3; seq++ {
		m, err := st.GetMsg(ctx, seq)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := js.Publish(ctx, m.Subject, m.Data, jetstream.WithMsgID("again-"+strconv.FormatUint(seq, 10))); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, 10*time.Second, "the redelivered deltas", func() bool {
		return col.Stats().Detail["fleet.messages_stale"] >= stale+3
	})
	sameInventory(t, col.Endpoints(), want)

	for _, id := range []string{"s1", "s2", "s3"} {
		h := sensorHealth(col, id)
		if h.LastSeq == 0 || h.Hosts == 0 || h.Counters["packets"] == 0 || h.LastReceived.IsZero() {
			t.Errorf("sensor %s health: %+v", id, h)
		}
	}
	if len(col.Findings()) == 0 {
		t.Error("no findings over the fleet (every endpoint is shadow without specs)")
	}
}
