package storage

import (
	"encoding/binary"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// A migration upgrades a database from schema version `from` to from+1
// inside the read-write transaction that opens it, so a migration either
// completes with the new version recorded, or leaves the file untouched.
type migration struct {
	from int
	name string
	up   func(tx *bolt.Tx) error
}

// migrations[i] upgrades version i to i+1; len(migrations) == schemaVersion.
var migrations = []migration{
	{from: 0, name: "version the layout: add meta, captures and emitted buckets; stats as uint64 big-endian", up: migrate0to1},
}

// Schema v0 is the pre-release layout (before the meta bucket): bucket
// "hosts" (host -> blob, as in v1) and bucket "stats" holding counters as
// ASCII decimal. testdata/v0.db is a v0 file.
func migrate0to1(tx *bolt.Tx) error {
	for _, name := range [][]byte{bucketMeta, bucketHosts, bucketCaptures, bucketStats, bucketEmitted} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	st := tx.Bucket(bucketStats)
	type kv struct {
		k []byte
		v uint64
	}
	var conv []kv
	err := st.ForEach(func(k, v []byte) error {
		n, err := strconv.ParseUint(string(v), 10, 64)
		if err != nil {
			return fmt.Errorf("stats %q: value is not a decimal counter: %w", trim(k), err)
		}
		conv = append(conv, kv{append([]byte(nil), k...), n})
		return nil
	})
	if err != nil {
		return err
	}
	// Rewrite after the scan: never modify under a cursor.
	for _, c := range conv {
		if err := st.Put(c.k, u64(c.v)); err != nil {
			return err
		}
	}
	return nil
}

// readSchema returns the file's schema version: -1 for a file with no
// buckets at all (new), 0 for a v0 file (buckets but no meta).
func readSchema(tx *bolt.Tx, path string) (int, error) {
	m := tx.Bucket(bucketMeta)
	if m == nil {
		empty := true
		_ = tx.ForEach(func([]byte, *bolt.Bucket) error { empty = false; return nil })
		if empty {
			return -1, nil
		}
		return 0, nil
	}
	v := m.Get(metaKeySchema)
	if len(v) != 8 {
		return 0, &CorruptError{Path: path, Detail: fmt.Sprintf("meta bucket: schema version is %d bytes, want 8", len(v))}
	}
	n := binary.BigEndian.Uint64(v)
	if n > 1<<20 {
		return 0, &CorruptError{Path: path, Detail: fmt.Sprintf("meta bucket: implausible schema version %d", n)}
	}
	return int(n), nil
}

// initSchema creates a new file's buckets, refuses a newer schema and
// migrates an older one, all in one transaction.
func (db *DB) initSchema() error {
	if db.opts.ReadOnly {
		return db.view(func(tx *bolt.Tx) error {
			v, err := readSchema(tx, db.path)
			switch {
			case err != nil:
				return err
			case v > schemaVersion:
				return &SchemaError{Path: db.path, Found: v, Supported: schemaVersion}
			case v >= 0 && v < schemaVersion:
				return fmt.Errorf("%w (%s has schema v%d, this build uses v%d)", ErrNeedsMigration, db.path, v, schemaVersion)
			}
			return nil
		})
	}
	return db.update(func(tx *bolt.Tx) error {
		v, err := readSchema(tx, db.path)
		if err != nil {
			return err
		}
		if v > schemaVersion {
			return &SchemaError{Path: db.path, Found: v, Supported: schemaVersion}
		}
		if v == schemaVersion {
			// Nothing to write: keep a plain open free of commits.
			for _, name := range allBuckets {
				if tx.Bucket(name) == nil {
					return &CorruptError{Path: db.path, Detail: fmt.Sprintf("bucket %q missing", name)}
				}
			}
			return nil
		}
		now := db.stamp()
		if v < 0 { // a new file
			for _, name := range allBuckets {
				if _, err := tx.CreateBucket(name); err != nil {
					return err
				}
			}
			m := tx.Bucket(bucketMeta)
			if err := m.Put(metaKeyCreated, now); err != nil {
				return err
			}
			if err := m.Put(metaKeyCreatedBy, []byte(db.opts.Version)); err != nil {
				return err
			}
		} else {
			for ; v < schemaVersion; v++ {
				mg := migrations[v]
				if err := mg.up(tx); err != nil {
					return fmt.Errorf("storage: migrate %s from schema v%d to v%d (%s): %w", db.path, v, v+1, mg.name, err)
				}
			}
		}
		m := tx.Bucket(bucketMeta)
		for _, kv := range [][2][]byte{
			{metaKeySchema, u64(schemaVersion)},
			{metaKeyUpdated, now},
			{metaKeyUpdatedBy, []byte(db.opts.Version)},
		} {
			if err := m.Put(kv[0], kv[1]); err != nil {
				return err
			}
		}
		return nil
	})
}
