package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/shadowtap/shadowtap/fleet"
	"github.com/shadowtap/shadowtap/storage"
)

func TestFleetFlags(t *testing.T) {
	var out bytes.Buffer
	if _, code := shadowtapTo(t, &out, "run", "--help"); code != 0 || !strings.Contains(out.String(), "--publish") ||
		!strings.Contains(out.String(), "--nats-tls-ca") || !strings.Contains(out.String(), "--sensor-id") {
		t.Fatalf("run --help: %d\n%s", code, out.String())
	}
	out.Reset()
	if _, code := shadowtapTo(t, &out, "collect", "--help"); code != 0 || !strings.Contains(out.String(), "--nats-creds") {
		t.Fatalf("collect --help: %d\n%s", code, out.String())
	}
	if errs, code := shadowtapTo(t, &out, "collect", "--db", filepath.Join(t.TempDir(), "c.db")); code != 1 || !strings.Contains(errs, "nats") {
		t.Fatalf("collect without --nats: %d %s", code, errs)
	}
}

// TestCollectCommand: `shadowtap collect` merges a published delta into
// its database, which then reads like any database.
func TestCollectCommand(t *testing.T) {
	ns, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: t.TempDir(), NoLog: true, NoSigs: true})
	if err != nil {
		t.Fatal(err)
	}
	go ns.Start()
	defer ns.Shutdown()
	if !ns.ReadyForConnections(10 * time.Second) {
		t.Fatal("nats-server did not start")
	}
	src := ingestSample(t)
	sdb, err := storage.Open(src, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := sdb.LoadHosts()
	sdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	central := filepath.Join(t.TempDir(), "central.db")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	var errb bytes.Buffer
	go func() {
		done <- run(ctx, []string{"collect", "--nats", ns.ClientURL(), "--db", central, "--listen", "off", "--name", "c1"}, strings.NewReader(""), &bytes.Buffer{}, &errb)
	}()
	nc, err := nats.Connect(ns.ClientURL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	js, _ := jetstream.New(nc)
	d := fleet.Delta{Sensor: "s1", Incarnation: 1, Seq: 1, Time: time.Now(), Hosts: blobs}
	end := time.Now().Add(20 * time.Second)
	for {
		// The collector creates the stream; publish once it exists.
		if _, err := js.Publish(ctx, "shadowtap.delta.s1", d.Encode(), jetstream.WithMsgID(d.MsgID())); err == nil {
			break
		}
		if time.Now().After(end) {
			t.Fatal("no stream")
		}
		time.Sleep(50 * time.Millisecond)
	}
	eventually := time.Now().Add(20 * time.Second)
	for {
		cons, err := js.Consumer(ctx, "SHADOWTAP", "c1")
		if err == nil {
			if ci, err := cons.Info(ctx); err == nil && ci.AckFloor.Stream >= 1 {
				break
			}
		}
		if time.Now().After(eventually) {
			t.Fatal("delta not merged")
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Fatalf("collect exited %d: %s", code, errb.String())
	}
	var out bytes.Buffer
	if errs, code := shadowtapTo(t, &out, "endpoints", "--db", central, "--format", "json"); code != 0 || !strings.Contains(out.String(), "\"hits\"") {
		t.Fatalf("endpoints on the central db: %d %s\n%.300s", code, errs, out.String())
	}
}
