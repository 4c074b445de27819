package fleet

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/storage"
)

// TestCollectorChild is the collector process of TestCollectorKill9.
func TestCollectorChild(t *testing.T) {
	url, path := os.Getenv("FLEET_CHILD_NATS"), os.Getenv("FLEET_CHILD_DB")
	if url == "" {
		t.Skip("run by TestCollectorKill9")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	db, err := storage.Open(path, storage.Options{Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := OpenCollector(CollectorOptions{Conn: Conn{URL: url}, Name: "central", DB: db,
		Inventory: inventory.DefaultConfig(), Batch: 4, AckWait: 2 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Run(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestCollectorKill9: a collector killed with SIGKILL in the middle of the
// stream and restarted loses nothing and counts nothing twice.
func TestCollectorKill9(t *testing.T) {
	ns := startNATS(t)
	per := sensorCaptures(t)
	want := ingestAll(t, allCaptures(per))
	nc, err := nats.Connect(ns.url())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	ctx := context.Background()
	s := DefaultStream()
	salt := []byte("kill9-fleet-salt")
	if _, err := fleetSalt(ctx, js, s, salt); err != nil {
		t.Fatal(err)
	}
	if _, err := ensureStream(ctx, js, s); err != nil {
		t.Fatal(err)
	}
	// Every sensor publishes its whole state 30 times, one host per
	// message, under increasing sequence numbers: 30 x 5 messages.
	total := 0
	for i, files := range per {
		id := fmt.Sprintf("s%d", i+1)
		full := ingestDelta(t, id, 0, salt, files)
		var seq uint64
		for round := 0; round < 30; round++ {
			for _, h := range sortedKeys(full.Hosts) {
				seq++
				d := Delta{Sensor: id, Incarnation: 1, Seq: seq, Time: time.Now(), Counters: map[string]uint64{"packets": seq},
					Hosts: map[string][]byte{h: full.Hosts[h]}}
				if _, err := js.Publish(ctx, s.subjectOf(id), d.Encode(), jetstream.WithMsgID(d.MsgID())); err != nil {
					t.Fatal(err)
				}
				total++
			}
		}
	}
	path := filepath.Join(t.TempDir(), "central.db")
	start := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCollectorChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "FLEET_CHILD_NATS="+ns.url(), "FLEET_CHILD_DB="+path)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		return cmd
	}
	info := func() *jetstream.ConsumerInfo {
		cons, err := js.Consumer(ctx, s.Name, "central")
		if err != nil {
			return nil
		}
		ci, err := cons.Info(ctx)
		if err != nil {
			return nil
		}
		return ci
	}
	child := start()
	eventually(t, 30*time.Second, "the collector to be midway", func() bool {
		ci := info()
		return ci != nil && ci.AckFloor.Consumer >= uint64(total/4)
	})
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	ci := info()
	t.Logf("killed at ack floor %d of %d messages (%d pending)", ci.AckFloor.Consumer, total, ci.NumPending)
	if ci.NumPending == 0 {
		t.Fatal("the collector was killed after the end of the stream")
	}
	child = start()
	eventually(t, 30*time.Second, "the restarted collector to drain the stream", func() bool {
		ci := info()
		return ci != nil && ci.NumPending == 0 && ci.NumAckPending == 0
	})
	child.Process.Signal(syscall.SIGTERM)
	if err := child.Wait(); err != nil {
		t.Fatalf("collector: %v", err)
	}
	db, err := storage.Open(path, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c, err := OpenCollector(CollectorOptions{DB: db, Inventory: inventory.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	sameInventory(t, c.Endpoints(), want)
	sameInventory(t, dbEndpoints(t, db), want)
	for _, h := range c.Sensors() {
		if h.Counters["packets"] != h.LastSeq || h.LastSeq == 0 {
			t.Errorf("sensor %s: last seq %d, counters %v", h.Sensor, h.LastSeq, h.Counters)
		}
	}
}
