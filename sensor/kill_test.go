package sensor

import (
	"context"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/shadowtap/shadowtap/capture"
)

// holdingSource replays its frames, then blocks as an idle interface does.
type holdingSource struct{ capture.Source }

func (h holdingSource) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	data, ci, lt, err := h.Source.ReadPacket()
	if err == io.EOF {
		select {} // wait for SIGKILL
	}
	return data, ci, lt, err
}

// TestSIGKILLThenRestart kills a real sensor process with SIGKILL after it
// committed and emitted, then runs the sensor again over the same DB and
// sink: the DB opens, counts continue from what was committed, and no
// finding is emitted a second time.
func TestSIGKILLThenRestart(t *testing.T) {
	if os.Getenv("SHADOWTAP_SENSOR_CHILD") != "" {
		t.Skip("child process")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "inv.db")
	first := filepath.Join(dir, "first.ndjson")
	cmd := exec.Command(os.Args[0], "-test.run=^TestSensorChild$")
	cmd.Env = append(os.Environ(), "SHADOWTAP_SENSOR_CHILD="+dbPath, "SHADOWTAP_SENSOR_SINK="+first)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait for the findings (and the resolutions of the "unused" ones the
	// traffic calls) to stop coming, then for a few more commit intervals
	// so that they are recorded as emitted, then kill.
	deadline := time.Now().Add(30 * time.Second)
	var size int64
	for still := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		if fi, err := os.Stat(first); err == nil && fi.Size() != size {
			size, still = fi.Size(), time.Now()
		}
		if size > 0 && time.Since(still) > 500*time.Millisecond {
			break
		}
		if time.Now().After(deadline) {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatal("the child sensor emitted nothing in 30 s")
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	got1 := readEvents(t, first)

	// "unused" findings come and go (resolved) as the traffic arrives: the
	// global record holds every id ever opened.
	eps1, emitted1 := dbEndpoints(t, dbPath) // the DB opens after SIGKILL
	if opened := openedIDs(got1); len(eps1) == 0 || len(emitted1) != len(opened) {
		t.Fatalf("after SIGKILL: %d endpoints, %d ids marked emitted, %d findings opened", len(eps1), len(emitted1), len(opened))
	}

	log := runReplay(t, dbPath, first, synthTraffic())
	if got2 := readEvents(t, first)[len(got1):]; len(got2) != 0 {
		t.Errorf("the restarted sensor emitted %d events again: %v\n%s", len(got2), got2, log)
	}
	eps2, _ := dbEndpoints(t, dbPath)
	for _, e := range eps1 {
		for _, e2 := range eps2 {
			if e.Host == e2.Host && e.Method == e2.Method && e.Path == e2.Path && e2.Hits != 2*e.Hits {
				t.Errorf("%s %s: %d hits after the restart, want %d (counts continue)", e.Method, e.Path, e2.Hits, 2*e.Hits)
			}
		}
	}
}

// TestSensorChild is the child of TestSIGKILLThenRestart.
func TestSensorChild(t *testing.T) {
	dbPath := os.Getenv("SHADOWTAP_SENSOR_CHILD")
	if dbPath == "" {
		t.Skip("only run as the child of TestSIGKILLThenRestart")
	}
	cfg := DefaultConfig()
	cfg.Source = holdingSource{buildSource(t, synthTraffic())}
	cfg.DBPath = dbPath
	cfg.Specs = []string{e2eSpec}
	cfg.Listen = "off"
	cfg.CommitInterval = 50 * time.Millisecond
	cfg.UnusedAfter = time.Nanosecond
	cfg.Sinks = []SinkConfig{{Type: "ndjson", Path: os.Getenv("SHADOWTAP_SENSOR_SINK")}}
	Run(context.Background(), cfg, io.Discard)
}
