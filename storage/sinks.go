package storage

import (
	"encoding/binary"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// bucketSinks holds one nested bucket per sink key: finding id -> unix
// nanoseconds (int64 big-endian) of the sink's first acceptance, as in
// bucketEmitted. A nested bucket's sequence is the last time (unix
// nanoseconds) the sink was registered. The bucket is created on first use:
// files of earlier builds lack it, which marks their emitted record as
// global (see RegisterSinks), and earlier builds ignore it, so the schema
// stays v1.
var bucketSinks = []byte("sinks")

// MaxRetiredSinks is how many delivery records of sinks that are no longer
// registered RegisterSinks keeps (the most recently registered ones), so a
// sink that comes back is not sent everything again while sink churn cannot
// grow the file without bound.
const MaxRetiredSinks = 16

// RegisterSinks prepares the per-sink delivery records of the sinks now
// configured (keys, 1..MaxKeySize bytes each), in one transaction:
//
//   - on the first call with at least one key on a file that has no
//     per-sink records yet (a file of an earlier build), every id of the
//     global emitted record is copied to each key's record, with its time:
//     what earlier builds marked emitted went to every sink configured then;
//   - a key without a record gets an empty one, and every key's record is
//     stamped as registered at time at;
//   - records of other keys beyond the MaxRetiredSinks most recently
//     registered are deleted.
func (db *DB) RegisterSinks(keys []string, at time.Time) error {
	for _, k := range keys {
		if err := validKey("sink", k); err != nil {
			return err
		}
	}
	if len(keys) == 0 {
		return nil // leaves an earlier build's record global until sinks appear
	}
	return db.update(func(tx *bolt.Tx) error {
		sb, err := adoptLegacy(tx, keys)
		if err != nil {
			return err
		}
		live := make(map[string]bool, len(keys))
		for _, k := range keys {
			live[k] = true
			b, err := sb.CreateBucketIfNotExists([]byte(k))
			if err != nil {
				return err
			}
			if err := b.SetSequence(uint64(at.UnixNano())); err != nil {
				return err
			}
		}
		type retired struct {
			key  []byte
			seen uint64
		}
		var old []retired
		err = sb.ForEachBucket(func(k []byte) error {
			if !live[string(k)] {
				old = append(old, retired{append([]byte(nil), k...), sb.Bucket(k).Sequence()})
			}
			return nil
		})
		if err != nil || len(old) <= MaxRetiredSinks {
			return err
		}
		sort.Slice(old, func(i, j int) bool {
			if old[i].seen != old[j].seen {
				return old[i].seen > old[j].seen
			}
			return string(old[i].key) < string(old[j].key)
		})
		for _, r := range old[MaxRetiredSinks:] {
			if err := sb.DeleteBucket(r.key); err != nil {
				return err
			}
		}
		return nil
	})
}

// adoptLegacy returns the sinks bucket, creating it on a file that has none
// and seeding each of keys with the global emitted record.
func adoptLegacy(tx *bolt.Tx, keys []string) (*bolt.Bucket, error) {
	if sb := tx.Bucket(bucketSinks); sb != nil {
		return sb, nil
	}
	sb, err := tx.CreateBucket(bucketSinks)
	if err != nil {
		return nil, err
	}
	type kv struct{ k, v []byte }
	var legacy []kv
	if eb := tx.Bucket(bucketEmitted); eb != nil {
		err := eb.ForEach(func(k, v []byte) error {
			legacy = append(legacy, kv{append([]byte(nil), k...), append([]byte(nil), v...)})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	for _, key := range keys {
		b, err := sb.CreateBucketIfNotExists([]byte(key))
		if err != nil {
			return nil, err
		}
		for _, e := range legacy {
			if err := b.Put(e.k, e.v); err != nil {
				return nil, err
			}
		}
	}
	return sb, nil
}

// MarkSinkEmitted records, in one transaction, that each sink (a key of
// bySink) accepted the findings listed under it, at time at. An id already
// recorded for a sink keeps its first time. Each id also joins the global
// emitted record (Emitted, EmittedSet: emitted to at least one sink). A
// sink without a record gets one (register sinks first: on a file of an
// earlier build the first record written decides which sinks inherit the
// global record, see RegisterSinks).
func (db *DB) MarkSinkEmitted(bySink map[string][]string, at time.Time) error {
	for k, ids := range bySink {
		if err := validKey("sink", k); err != nil {
			return err
		}
		for _, id := range ids {
			if err := validKey("finding id", id); err != nil {
				return err
			}
		}
	}
	if len(bySink) == 0 {
		return nil
	}
	ts := make([]byte, 8)
	binary.BigEndian.PutUint64(ts, uint64(at.UnixNano()))
	keys := sortedKeys(bySink)
	return db.update(func(tx *bolt.Tx) error {
		sb, err := adoptLegacy(tx, keys)
		if err != nil {
			return err
		}
		eb := tx.Bucket(bucketEmitted)
		for _, k := range keys {
			b, err := sb.CreateBucketIfNotExists([]byte(k))
			if err != nil {
				return err
			}
			for _, id := range bySink[k] {
				for _, bk := range []*bolt.Bucket{b, eb} {
					if bk == nil || bk.Get([]byte(id)) != nil {
						continue
					}
					if err := bk.Put([]byte(id), ts); err != nil {
						return err
					}
				}
			}
		}
		return nil
	})
}

// ForgetSinkEmitted removes, in one transaction, the findings listed under
// each sink key of bySink from that sink's record: the sink was told they
// were resolved, so one that comes back is delivered to it again. Ids the
// record lacks are ignored. The global emitted record keeps them (emitted
// to at least one sink, once).
func (db *DB) ForgetSinkEmitted(bySink map[string][]string) error {
	for k, ids := range bySink {
		if err := validKey("sink", k); err != nil {
			return err
		}
		for _, id := range ids {
			if err := validKey("finding id", id); err != nil {
				return err
			}
		}
	}
	if len(bySink) == 0 {
		return nil
	}
	keys := sortedKeys(bySink)
	return db.update(func(tx *bolt.Tx) error {
		// As in MarkSinkEmitted: a file of an earlier build hands its
		// global record over first, so the removal is not undone later.
		sb, err := adoptLegacy(tx, keys)
		if err != nil {
			return err
		}
		for _, k := range keys {
			b := sb.Bucket([]byte(k))
			if b == nil {
				continue
			}
			for _, id := range bySink[k] {
				if err := b.Delete([]byte(id)); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// SinkEmittedSet returns the finding ids the sink key accepted, with the
// time of the first acceptance; empty for a sink without a record.
func (db *DB) SinkEmittedSet(key string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	err := db.view(func(tx *bolt.Tx) error {
		sb := tx.Bucket(bucketSinks)
		if sb == nil || key == "" || len(key) > maxKey {
			return nil
		}
		b := sb.Bucket([]byte(key))
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if len(v) != 8 {
				return &CorruptError{Path: db.path, Detail: fmt.Sprintf("sink %q emitted %q: value of %d bytes, want 8", trim([]byte(key)), trim(k), len(v))}
			}
			out[string(k)] = time.Unix(0, int64(binary.BigEndian.Uint64(v))).UTC()
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SinkKeys returns the keys of the sinks that have a delivery record,
// sorted.
func (db *DB) SinkKeys() ([]string, error) {
	var out []string
	err := db.view(func(tx *bolt.Tx) error {
		sb := tx.Bucket(bucketSinks)
		if sb == nil {
			return nil
		}
		return sb.ForEach(func(k, v []byte) error {
			if v != nil {
				return &CorruptError{Path: db.path, Detail: fmt.Sprintf("sinks: %q is a value, want a bucket", trim(k))}
			}
			out = append(out, string(k))
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
