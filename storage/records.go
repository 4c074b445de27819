package storage

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// CaptureRecord is what storage remembers of one ingested capture file,
// keyed by the sha256 of its content, so a re-ingested file is recognised
// whatever its name. JSON names are the on-disk format.
type CaptureRecord struct {
	// Hash is the lowercase hex sha256 of the file content (the key).
	Hash string `json:"hash"`
	// Name is the file name as given on the command line (last ingest).
	Name string `json:"name"`
	// Size is the file size in bytes.
	Size int64 `json:"size"`
	// Started and Finished bound the ingest run (Finished is zero while
	// it runs or if it was killed).
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished,omitzero"`
	// Complete is true once every packet of the file was ingested and
	// committed. A capture killed mid-way stays false, with its progress.
	Complete bool `json:"complete"`
	// Packets and Exchanges count what was committed so far.
	Packets   uint64 `json:"packets"`
	Exchanges uint64 `json:"exchanges"`
	// Stopped is set when a run was interrupted cleanly: every one of
	// Packets was processed and its exchanges committed, so a later run
	// can go on after them. A killed run leaves it false.
	Stopped bool `json:"stopped,omitempty"`
	// Offset is the byte offset in the file up to which packets were
	// processed when this record was committed (progress).
	Offset int64 `json:"offset,omitempty"`
	// Attempts counts ingest runs of this content (the caller increments).
	Attempts int `json:"attempts,omitempty"`
	// Version is the shadowtap version that ingested it.
	Version string `json:"version,omitempty"`
}

// Batch is one atomic write: Commit stores all of it in one transaction or
// none of it.
type Batch struct {
	// Hosts maps a host to its full inventory blob (inventory.MarshalHost);
	// it replaces the stored blob. Keys are 1..32768 bytes.
	Hosts map[string][]byte
	// Capture, if set, replaces the record stored under Capture.Hash.
	Capture *CaptureRecord
	// Stats are counter increments added to the cumulative counters.
	Stats map[string]uint64
}

// maxKey is bbolt's key size limit.
const maxKey = bolt.MaxKeySize

// Commit writes b in one fsynced transaction. An invalid batch (see
// ErrInvalidBatch) writes nothing.
func (db *DB) Commit(b Batch) error {
	var caps []CaptureRecord
	if b.Capture != nil {
		caps = []CaptureRecord{*b.Capture}
	}
	return db.commit(b.Hosts, caps, b.Stats)
}

func validKey(kind string, k string) error {
	if len(k) == 0 || len(k) > maxKey {
		return fmt.Errorf("%w: %s key of %d bytes (want 1..%d)", ErrInvalidBatch, kind, len(k), maxKey)
	}
	return nil
}

func (db *DB) commit(hosts map[string][]byte, caps []CaptureRecord, stats map[string]uint64) error {
	for h, blob := range hosts {
		if err := validKey("host", h); err != nil {
			return err
		}
		if int64(len(blob)) > bolt.MaxValueSize {
			return fmt.Errorf("%w: host %q blob of %d bytes", ErrInvalidBatch, trim([]byte(h)), len(blob))
		}
	}
	capJSON := make([][]byte, len(caps))
	for i, c := range caps {
		if err := validKey("capture hash", c.Hash); err != nil {
			return err
		}
		j, err := json.Marshal(c)
		if err != nil {
			return fmt.Errorf("%w: capture record: %v", ErrInvalidBatch, err)
		}
		capJSON[i] = j
	}
	for k := range stats {
		if err := validKey("stats", k); err != nil {
			return err
		}
	}
	// Sorted keys: bbolt inserts in order are cheapest.
	hostKeys := sortedKeys(hosts)
	statKeys := sortedKeys(stats)
	return db.update(func(tx *bolt.Tx) error {
		hb := tx.Bucket(bucketHosts)
		for _, h := range hostKeys {
			if err := hb.Put([]byte(h), hosts[h]); err != nil {
				return err
			}
		}
		cb := tx.Bucket(bucketCaptures)
		for i, c := range caps {
			if err := cb.Put([]byte(c.Hash), capJSON[i]); err != nil {
				return err
			}
		}
		sb := tx.Bucket(bucketStats)
		for _, k := range statKeys {
			var old uint64
			if v := sb.Get([]byte(k)); len(v) == 8 {
				old = binary.BigEndian.Uint64(v)
			}
			if err := sb.Put([]byte(k), u64(old+stats[k])); err != nil {
				return err
			}
		}
		mb := tx.Bucket(bucketMeta)
		if err := mb.Put(metaKeyUpdatedBy, []byte(db.opts.Version)); err != nil {
			return err
		}
		return mb.Put(metaKeyUpdated, db.stamp())
	})
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// LoadHosts returns every stored host blob, copied out of the transaction.
func (db *DB) LoadHosts() (map[string][]byte, error) {
	out := map[string][]byte{}
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketHosts)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			blob := make([]byte, len(v))
			copy(blob, v)
			out[string(k)] = blob
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Capture returns the record of the capture with content hash hash, and
// whether there is one.
func (db *DB) Capture(hash string) (CaptureRecord, bool, error) {
	var rec CaptureRecord
	found := false
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCaptures)
		if b == nil || hash == "" || len(hash) > maxKey {
			return nil
		}
		v := b.Get([]byte(hash))
		if v == nil {
			return nil
		}
		found = true
		return db.decodeCapture(hash, v, &rec)
	})
	return rec, found && err == nil, err
}

func (db *DB) decodeCapture(key string, v []byte, rec *CaptureRecord) error {
	if err := json.Unmarshal(v, rec); err != nil {
		return &CorruptError{Path: db.path, Detail: fmt.Sprintf("capture record %q", trim([]byte(key))), Err: err}
	}
	return nil
}

// Captures returns every capture record, oldest Started first.
func (db *DB) Captures() ([]CaptureRecord, error) {
	var out []CaptureRecord
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketCaptures)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			var rec CaptureRecord
			if err := db.decodeCapture(string(k), v, &rec); err != nil {
				return err
			}
			out = append(out, rec)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].Started.Equal(out[j].Started) {
			return out[i].Started.Before(out[j].Started)
		}
		return out[i].Hash < out[j].Hash
	})
	return out, nil
}

// Stats returns the cumulative counters added by every commit.
func (db *DB) Stats() (map[string]uint64, error) {
	out := map[string]uint64{}
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketStats)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if len(v) != 8 {
				return &CorruptError{Path: db.path, Detail: fmt.Sprintf("stats %q: value of %d bytes, want 8", trim(k), len(v))}
			}
			out[string(k)] = binary.BigEndian.Uint64(v)
			return nil
		})
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// MarkEmitted records findings in the global emitted record at time at, in
// one transaction, without touching any sink's record (MarkSinkEmitted
// writes both). An id already recorded keeps its first time.
func (db *DB) MarkEmitted(ids []string, at time.Time) error {
	for _, id := range ids {
		if err := validKey("finding id", id); err != nil {
			return err
		}
	}
	ts := make([]byte, 8)
	binary.BigEndian.PutUint64(ts, uint64(at.UnixNano()))
	return db.update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEmitted)
		for _, id := range ids {
			if b.Get([]byte(id)) != nil {
				continue
			}
			if err := b.Put([]byte(id), ts); err != nil {
				return err
			}
		}
		return nil
	})
}

// Emitted reports whether the finding id is in the global emitted record
// (MarkEmitted, or MarkSinkEmitted for any sink).
func (db *DB) Emitted(id string) (bool, error) {
	found := false
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEmitted)
		if b != nil && id != "" && len(id) <= maxKey {
			found = b.Get([]byte(id)) != nil
		}
		return nil
	})
	return found, err
}

// EmittedSet returns every id of the global emitted record with its first
// time: findings accepted by at least one sink (by every sink, in files of
// earlier builds). SinkEmittedSet is the record of one sink.
func (db *DB) EmittedSet() (map[string]time.Time, error) {
	out := map[string]time.Time{}
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketEmitted)
		if b == nil {
			return nil
		}
		return b.ForEach(func(k, v []byte) error {
			if len(v) != 8 {
				return &CorruptError{Path: db.path, Detail: fmt.Sprintf("emitted %q: value of %d bytes, want 8", trim(k), len(v))}
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
