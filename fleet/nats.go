package fleet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/shadowtap/shadowtap/storage"
)

// Conn says how to reach NATS.
type Conn struct {
	// URL is the server URL, or several separated by commas
	// (nats://h1:4222,nats://h2:4222); tls:// forces TLS.
	URL string
	// Creds is a NATS credentials file (user JWT and nkey seed).
	Creds string
	// TLSCA is a PEM file of the CAs that sign the server certificate
	// (default: the system roots); TLSCert and TLSKey a client
	// certificate for mutual TLS.
	TLSCA, TLSCert, TLSKey string
	// Name is the connection name shown by the server's monitoring.
	Name string
}

// connect dials NATS. The connection retries in the background forever:
// a sensor keeps capturing (and spooling) while NATS is away.
func (c Conn) connect(logf func(string, ...any)) (*nats.Conn, error) {
	if c.URL == "" {
		return nil, errors.New("fleet: no NATS URL")
	}
	opts := []nats.Option{
		nats.Name(c.Name),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(time.Second),
		nats.ReconnectJitter(200*time.Millisecond, time.Second),
		// Publishes made while disconnected would pile up in the client's
		// buffer: fail them at once instead, the publisher retries.
		nats.ReconnectBufSize(-1),
		nats.DisconnectErrHandler(func(_ *nats.Conn, err error) {
			if err != nil {
				logf("disconnected from NATS: %v", err)
			}
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) { logf("reconnected to NATS at %s", nc.ConnectedUrlRedacted()) }),
	}
	if c.Creds != "" {
		opts = append(opts, nats.UserCredentials(c.Creds))
	}
	if c.TLSCA != "" {
		opts = append(opts, nats.RootCAs(c.TLSCA))
	}
	if c.TLSCert != "" || c.TLSKey != "" {
		if c.TLSCert == "" || c.TLSKey == "" {
			return nil, errors.New("fleet: --nats-tls-cert and --nats-tls-key go together")
		}
		opts = append(opts, nats.ClientCert(c.TLSCert, c.TLSKey))
	}
	nc, err := nats.Connect(c.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("fleet: connect to NATS %s: %w", c.URL, err)
	}
	return nc, nil
}

// Stream configures the JetStream stream the deltas go through. The tool
// creates it when absent; an existing stream is used as it is (change its
// settings with the nats CLI).
type Stream struct {
	// Name of the stream (default "SHADOWTAP"). The fleet's salt lives in
	// the KV bucket Name+"_FLEET".
	Name string
	// Subject is the subject prefix (default "shadowtap"): sensor S
	// publishes on Subject+".delta."+S.
	Subject string
	// MaxAge drops deltas older than this (default 7 days; a collector
	// down longer misses them until each sensor's next start republishes
	// its inventory). MaxBytes bounds the stream (default -1: no bound,
	// MaxAge only).
	MaxAge   time.Duration
	MaxBytes int64
	// Replicas is the stream's replication in a JetStream cluster
	// (default 1).
	Replicas int
	// Duplicates is the de-duplication window for Nats-Msg-Id (default 2
	// minutes).
	Duplicates time.Duration
}

// DefaultStream returns the default stream settings.
func DefaultStream() Stream {
	return Stream{Name: "SHADOWTAP", Subject: "shadowtap", MaxAge: 7 * 24 * time.Hour, MaxBytes: -1, Replicas: 1, Duplicates: 2 * time.Minute}
}

func (s Stream) withDefaults() Stream {
	d := DefaultStream()
	if s.Name == "" {
		s.Name = d.Name
	}
	if s.Subject == "" {
		s.Subject = d.Subject
	}
	if s.MaxAge == 0 {
		s.MaxAge = d.MaxAge
	}
	if s.MaxBytes == 0 {
		s.MaxBytes = d.MaxBytes
	}
	if s.Replicas == 0 {
		s.Replicas = d.Replicas
	}
	if s.Duplicates == 0 {
		s.Duplicates = d.Duplicates
	}
	return s
}

func (s Stream) subjectOf(sensor string) string { return s.Subject + ".delta." + sensor }
func (s Stream) allSubjects() string            { return s.Subject + ".delta.>" }
func (s Stream) kvBucket() string               { return s.Name + "_FLEET" }

// ensureStream returns the stream, creating it when absent.
func ensureStream(ctx context.Context, js jetstream.JetStream, s Stream) (jetstream.Stream, error) {
	st, err := js.Stream(ctx, s.Name)
	if err == nil {
		return st, nil
	}
	if !errors.Is(err, jetstream.ErrStreamNotFound) {
		return nil, err
	}
	st, err = js.CreateStream(ctx, jetstream.StreamConfig{
		Name:        s.Name,
		Description: "shadowtap fleet: inventory deltas of the sensors",
		Subjects:    []string{s.allSubjects()},
		Retention:   jetstream.LimitsPolicy,
		Storage:     jetstream.FileStorage,
		MaxAge:      s.MaxAge,
		MaxBytes:    s.MaxBytes,
		Replicas:    s.Replicas,
		Duplicates:  s.Duplicates,
		Discard:     jetstream.DiscardOld,
	})
	if errors.Is(err, jetstream.ErrStreamNameAlreadyInUse) {
		return js.Stream(ctx, s.Name) // another party was first
	}
	return st, err
}

// saltKey is the key of the fleet salt in the KV bucket.
const saltKey = "salt"

// fleetSalt returns the fleet's fingerprint salt from the KV bucket,
// storing mine there when the fleet has none yet (the first party wins;
// KeyValue.Create is atomic).
func fleetSalt(ctx context.Context, js jetstream.JetStream, s Stream, mine []byte) ([]byte, error) {
	kv, err := js.KeyValue(ctx, s.kvBucket())
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		kv, err = js.CreateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: s.kvBucket(),
			Description: "shadowtap fleet settings", Replicas: s.Replicas, Storage: jetstream.FileStorage})
		if errors.Is(err, jetstream.ErrBucketExists) {
			kv, err = js.KeyValue(ctx, s.kvBucket())
		}
	}
	if err != nil {
		return nil, fmt.Errorf("fleet settings bucket %s: %w", s.kvBucket(), err)
	}
	e, err := kv.Get(ctx, saltKey)
	if err == nil {
		return e.Value(), nil
	}
	if !errors.Is(err, jetstream.ErrKeyNotFound) {
		return nil, err
	}
	if len(mine) == 0 {
		return nil, errors.New("no salt to give the fleet")
	}
	if _, err := kv.Create(ctx, saltKey, mine); err != nil {
		if !errors.Is(err, jetstream.ErrKeyExists) {
			return nil, err
		}
		e, err := kv.Get(ctx, saltKey)
		if err != nil {
			return nil, err
		}
		return e.Value(), nil
	}
	return mine, nil
}

// ErrSaltMismatch: the database holds hosts fingerprinted with a salt that
// is not the fleet's, so its blobs would not merge with the others'.
var ErrSaltMismatch = errors.New("fleet: the database's fingerprint salt is not the fleet's")

// adoptFleetSalt makes db use the fleet's salt: it offers db's own salt
// (created when missing) as the fleet's first, then stores the fleet's in
// db, which is refused when db already holds hosts made with another.
func adoptFleetSalt(ctx context.Context, js jetstream.JetStream, s Stream, db *storage.DB) error {
	mine, err := db.Salt()
	if err != nil {
		return err
	}
	if len(mine) == 0 {
		// A database made before salts were stored uses the empty salt,
		// which the KV cannot hold; its hosts must then stay out.
		return fmt.Errorf("%w: %s predates stored salts; use a fresh database for the fleet", ErrSaltMismatch, db.Path())
	}
	fs, err := fleetSalt(ctx, js, s, mine)
	if err != nil {
		return err
	}
	if bytes.Equal(fs, mine) {
		return nil
	}
	if err := db.SetSalt(fs); err != nil {
		if errors.Is(err, storage.ErrSaltInUse) {
			return fmt.Errorf("%w: %s already holds hosts fingerprinted with its own salt; publish from a fresh --db (or keep this one out of the fleet)", ErrSaltMismatch, db.Path())
		}
		return err
	}
	return nil
}
