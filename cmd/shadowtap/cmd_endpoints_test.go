package main

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/sensor"
)

// idleAfterEOF serves a capture file, then blocks like an idle interface
// until Close. The file is closed by the reading goroutine (Files is not
// safe for concurrent use).
type idleAfterEOF struct {
	capture.Source
	closed chan struct{}
	once   sync.Once
}

func (s *idleAfterEOF) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	data, ci, lt, err := s.Source.ReadPacket()
	if err == io.EOF {
		<-s.closed
		s.Source.Close()
	}
	return data, ci, lt, err
}

func (s *idleAfterEOF) Close() error {
	s.once.Do(func() { close(s.closed) })
	return nil
}

// TestEndpointsNoiseFromRunningSensor: while a sensor holds the database,
// 'endpoints --noise' asks its API and prints what the same command prints
// for a database holding the same traffic.
func TestEndpointsNoiseFromRunningSensor(t *testing.T) {
	want, errOut, code := shadowtap(t, "endpoints", "--db", ingestSample(t), "--noise", "--format", "json")
	if code != 0 {
		t.Fatalf("endpoints --noise on a database: exit %d: %s", code, errOut)
	}
	var wantNoise []inventory.Noise
	if err := json.Unmarshal([]byte(want), &wantNoise); err != nil || len(wantNoise) == 0 {
		t.Fatalf("no noise in the sample (%v): %s", err, want)
	}

	src, err := capture.OpenFiles(samplePcap)
	if err != nil {
		t.Fatal(err)
	}
	cfg := sensor.DefaultConfig()
	cfg.Source = &idleAfterEOF{Source: src, closed: make(chan struct{})}
	cfg.DBPath = filepath.Join(t.TempDir(), "inv.db")
	cfg.Listen = "127.0.0.1:0"
	cfg.CommitInterval = 20 * time.Millisecond
	ready := make(chan sensor.Discovery, 1)
	cfg.Ready = func(d sensor.Discovery) { ready <- d }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sensor.Run(ctx, cfg, io.Discard) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("sensor: %v", err)
		}
	}()
	var d sensor.Discovery
	select {
	case d = <-ready:
	case err := <-done:
		t.Fatalf("sensor stopped: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("sensor not ready")
	}
	// Wait until the whole capture is observed and committed.
	deadline := time.Now().Add(20 * time.Second)
	for {
		ns, err := sensor.QueryNoise(context.Background(), d, "")
		if err != nil {
			t.Fatal(err)
		}
		if len(ns) == len(wantNoise) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the sensor lists %d noise entries, want %d", len(ns), len(wantNoise))
		}
		time.Sleep(20 * time.Millisecond)
	}

	got, errOut, code := shadowtap(t, "endpoints", "--db", cfg.DBPath, "--noise", "--format", "json")
	if code != 0 {
		t.Fatalf("endpoints --noise with a running sensor: exit %d: %s", code, errOut)
	}
	if got != want {
		t.Errorf("noise from the sensor differs from the database's:\n got %.400s\nwant %.400s", got, want)
	}
	table, _, code := shadowtap(t, "endpoints", "--db", cfg.DBPath, "--noise")
	if code != 0 || !strings.HasPrefix(table, "HOST") {
		t.Errorf("table: exit %d: %.200s", code, table)
	}
}
