package storage

import (
	"bytes"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// bucketAux holds one nested bucket per name given to AuxUpdate: small
// records that packages later in the data flow keep beside the inventory
// (the fleet's publish spool and sequence on a sensor, the per-sensor host
// blobs on a collector), so that they commit with the same durability as
// the hosts. Created on first use like bucketSinks; earlier builds ignore
// it, so the schema stays v1. storage never interprets the records.
var bucketAux = []byte("aux")

// AuxTx gives a transaction's access to named auxiliary buckets.
type AuxTx struct {
	tx       *bolt.Tx
	writable bool
}

// AuxBucket is one auxiliary bucket inside a transaction. Slices returned
// by Get and passed to ForEach are valid only during the transaction.
type AuxBucket struct{ b *bolt.Bucket }

// Bucket returns the named bucket, creating it in a writable transaction.
// In a read-only one a missing bucket is empty: Get finds nothing and
// ForEach visits nothing.
func (t AuxTx) Bucket(name string) (*AuxBucket, error) {
	if err := validKey("aux bucket", name); err != nil {
		return nil, err
	}
	if !t.writable {
		root := t.tx.Bucket(bucketAux)
		if root == nil {
			return &AuxBucket{}, nil
		}
		return &AuxBucket{b: root.Bucket([]byte(name))}, nil
	}
	root, err := t.tx.CreateBucketIfNotExists(bucketAux)
	if err != nil {
		return nil, err
	}
	b, err := root.CreateBucketIfNotExists([]byte(name))
	if err != nil {
		return nil, err
	}
	return &AuxBucket{b: b}, nil
}

// Get returns the value of key, or nil.
func (a *AuxBucket) Get(key []byte) []byte {
	if a.b == nil {
		return nil
	}
	return a.b.Get(key)
}

// Put stores value under key (a writable transaction only).
func (a *AuxBucket) Put(key, value []byte) error {
	if a.b == nil {
		return ErrReadOnly
	}
	return a.b.Put(key, value)
}

// Delete removes key (a writable transaction only).
func (a *AuxBucket) Delete(key []byte) error {
	if a.b == nil {
		return ErrReadOnly
	}
	return a.b.Delete(key)
}

// ForEach calls fn for every key with the given prefix (nil: all), in key
// order. fn must not modify the bucket.
func (a *AuxBucket) ForEach(prefix []byte, fn func(k, v []byte) error) error {
	if a.b == nil {
		return nil
	}
	c := a.b.Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if err := fn(k, v); err != nil {
			return err
		}
	}
	return nil
}

// AuxUpdate runs fn in one read-write transaction (one fsynced commit);
// an error from fn rolls everything back.
func (db *DB) AuxUpdate(fn func(tx AuxTx) error) error {
	return db.update(func(tx *bolt.Tx) error { return fn(AuxTx{tx: tx, writable: true}) })
}

// AuxView runs fn in a read transaction.
func (db *DB) AuxView(fn func(tx AuxTx) error) error {
	return db.view(func(tx *bolt.Tx) error { return fn(AuxTx{tx: tx}) })
}

// ErrSaltInUse is returned by SetSalt when the database already holds
// hosts fingerprinted with another salt.
var ErrSaltInUse = errors.New("storage: the database already holds hosts made with another salt")

// SetSalt makes salt the database's fingerprint salt, which is only
// possible while it holds no hosts (their blobs carry fingerprints made
// with the old salt) or when it already is that salt; otherwise it returns
// an error wrapping ErrSaltInUse and changes nothing. A shared salt lets
// blobs of several databases merge (the fleet).
func (db *DB) SetSalt(salt []byte) error {
	if len(salt) == 0 {
		return errors.New("storage: empty salt")
	}
	return db.update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil {
			return fmt.Errorf("storage: %s: no meta bucket", db.path)
		}
		if old := m.Get(metaKeySalt); old != nil && bytes.Equal(old, salt) {
			return nil
		}
		if h := tx.Bucket(bucketHosts); h != nil && firstKey(h) != nil {
			return fmt.Errorf("%w (%s)", ErrSaltInUse, db.path)
		}
		return m.Put(metaKeySalt, append([]byte{}, salt...))
	})
}

// HasHosts reports whether the database holds at least one host blob.
func (db *DB) HasHosts() (bool, error) {
	var has bool
	err := db.view(func(tx *bolt.Tx) error {
		if h := tx.Bucket(bucketHosts); h != nil {
			has = firstKey(h) != nil
		}
		return nil
	})
	return has, err
}
