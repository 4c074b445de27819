package main

import (
	"context"
	"encoding/json"
	"io"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/diff"
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

// endpoints --spec names each endpoint as diff reports it: the documented
// operation's template (the spec's parameter names, the base path the
// calls used), an undocumented method on the documented path, or an
// undocumented endpoint. Filters apply after matching, and the listing
// without --spec keeps its columns.
func TestEndpointsWithSpec(t *testing.T) {
	db := ingestSample(t)
	out, errOut, code := shadowtap(t, "endpoints", "--db", db, "--spec", sampleSpec, "--format", "json", "--path", "/hr/api/leave-requests/**")
	if code != 0 {
		t.Fatalf("endpoints --spec exit %d: %s", code, errOut)
	}
	var eps []struct {
		Method, Path string
		Spec         *diff.Documentation
	}
	if err := json.Unmarshal([]byte(out), &eps); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range eps {
		if e.Spec == nil {
			t.Fatalf("%s %s: no spec member", e.Method, e.Path)
		}
		s := e.Spec.Path
		if e.Spec.Operation != nil {
			s += " " + e.Spec.Operation.OperationID
		}
		got[e.Method+" "+e.Path] = s + " " + e.Spec.Shadow
	}
	want := map[string]string{
		"GET /hr/api/leave-requests":                           "/hr/api/leave-requests listLeaveRequests ",
		"POST /hr/api/leave-requests":                          "/hr/api/leave-requests createLeaveRequest ",
		"GET /hr/api/leave-requests/{leaveRequestId}":          "/hr/api/leave-requests/{requestId} getLeaveRequest ",
		"POST /hr/api/leave-requests/{leaveRequestId}/approve": "/hr/api/leave-requests/{requestId}/approve decideLeaveRequest ",
		"DELETE /hr/api/leave-requests/{leaveRequestId}":       "/hr/api/leave-requests/{requestId} method",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}

	out, _, code = shadowtap(t, "endpoints", "--db", db, "--spec", sampleSpec, "--path", "/hr/api/employees/**")
	if code != 0 || !strings.Contains(out, "DOCUMENTED AS") ||
		!regexp.MustCompile(`GET +/hr/api/employees/export .* undocumented\n`).MatchString(out) ||
		!regexp.MustCompile(`GET +/hr/api/employees/\{employeeId\} .* /hr/api/employees/\{employeeId\} \(getEmployee\)\n`).MatchString(out) {
		t.Errorf("table (exit %d):\n%s", code, out)
	}
	out, _, _ = shadowtap(t, "endpoints", "--db", db, "--format", "csv")
	if strings.Contains(out, "spec_path") {
		t.Errorf("csv without --spec has the spec columns:\n%s", out)
	}
	out, _, _ = shadowtap(t, "endpoints", "--db", db, "--format", "csv", "--spec", sampleSpec)
	if first, _, _ := strings.Cut(out, "\n"); !strings.HasSuffix(first, ",documented,spec_path,operation_id") {
		t.Errorf("csv header with --spec: %q", first)
	}
	if _, errOut, code := shadowtap(t, "endpoints", "--db", db, "--spec", filepath.Join(t.TempDir(), "none.yaml")); code != 1 || !strings.Contains(errOut, "none.yaml") {
		t.Errorf("missing spec: exit %d, %q", code, errOut)
	}
}
