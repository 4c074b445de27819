package fleet

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"
)

// TestSpoolSurvivesRestart: a sensor cut from NATS replays its whole
// capture and stops; what it could not publish is in the spool of its
// database, and the next start (without the full republish) sends it.
func TestSpoolSurvivesRestart(t *testing.T) {
	ns := startNATS(t)
	files := []string{extraCaptures[0], extraCaptures[1]}
	want := ingestAll(t, files)
	dir := t.TempDir()
	col := runCollector(t, ns.url(), filepath.Join(dir, "central.db"), "central")
	px := startProxy(t, fmt.Sprintf("127.0.0.1:%d", ns.port))

	// First start: the salt is agreed, then NATS goes away before any
	// packet is read.
	g := newGatedSource(t, 0, files...)
	s := startSensorOpts(t, dir, "s1", px.url(), g, true)
	<-g.paused
	eventually(t, 10*time.Second, "the first (empty) delta", func() bool { return s.pub.Stats().Published > 0 })
	px.cut()
	g.open()
	<-g.drained
	eventually(t, 10*time.Second, "the spool to fill", func() bool { return s.pub.Stats().Pending > 0 })
	s.stop(t)
	if n := len(col.Endpoints()); n != 0 {
		t.Fatalf("the collector has %d endpoints while the sensor was cut off", n)
	}

	// Second start, connected, nothing new captured, no full republish:
	// only the spool can bring the endpoints.
	px.restore()
	g2 := newGatedSource(t, 0, files...)
	s2 := startSensorOpts(t, dir, "s1", px.url(), g2, true)
	eventually(t, 10*time.Second, "the spool to drain", func() bool { return s2.pub.Stats().Pending == 0 && s2.pub.Stats().Published > 0 })
	eventually(t, 10*time.Second, "the central inventory", func() bool { return totalHits(col.Endpoints()) == totalHits(want) })
	sameInventory(t, col.Endpoints(), want)
	s2.stop(t)
}
