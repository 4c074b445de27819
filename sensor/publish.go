package sensor

import (
	"context"
	"fmt"

	"github.com/shadowtap/shadowtap/storage"
)

// Publisher takes the sensor's committed inventory deltas elsewhere (the
// fleet package publishes them to NATS JetStream for a central collector).
// The sensor calls it from its own goroutines, never concurrently with
// itself for one method; it must never hold capture back.
type Publisher interface {
	// Attach is called once by Open, right after the database is opened
	// and before its stored settings (salt, hints) are read, so a publisher
	// may adjust them (the fleet's shared salt) or refuse the database. An
	// error fails Open.
	Attach(db *storage.DB) error
	// Publish is called on the commit goroutine after each commit that
	// held, with the blobs of the hosts just committed (possibly none) and
	// the sensor's cumulative counters. It must return at once: a publisher
	// queues (and spools) internally. The blobs must not be modified.
	Publish(hosts map[string][]byte, counters map[string]uint64)
	// Close is called at shutdown after the final commit and before the
	// database closes (or when Open fails after Attach); it may publish
	// what is pending until ctx is done, and must keep what it could not
	// send for the next start. Closing twice is harmless.
	Close(ctx context.Context) error
}

// attachPublisher attaches cfg.Publisher to the freshly opened database.
func (s *Sensor) attachPublisher() error {
	if s.cfg.Publisher == nil {
		return nil
	}
	if err := s.cfg.Publisher.Attach(s.db); err != nil {
		return fmt.Errorf("sensor: publisher: %w", err)
	}
	s.pub = s.cfg.Publisher
	return nil
}

// publish hands a committed delta to the publisher with the counters a
// fleet reports per sensor. Commit goroutine only.
func (s *Sensor) publish(hosts map[string][]byte) {
	if s.pub == nil {
		return
	}
	c := map[string]uint64{
		"packets":   s.packets.Load(),
		"bytes":     s.bytes.Load(),
		"exchanges": s.exchanges.Load(),
		"commits":   s.commits.Load() + 1,
	}
	if ks := s.kernel.Load(); ks != nil {
		c["kernel_drops"] = ks.Drops
	}
	if e := s.engine.Load(); e != nil {
		st := e.Stats()
		c["flows_dropped"] = st.FlowsDropped
		c["gaps"] = st.Gaps
	}
	s.pub.Publish(hosts, c)
}

// closePublisher closes the publisher once (shutdown or a failed Open).
func (s *Sensor) closePublisher(ctx context.Context) {
	if s.pub == nil {
		return
	}
	if err := s.pub.Close(ctx); err != nil {
		fmt.Fprintf(s.stderr, "shadowtap: warning: publisher: %v\n", err)
	}
	s.pub = nil
}
