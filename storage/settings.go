package storage

import (
	"crypto/rand"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Settings every command that reads or writes the database must share:
// the salt of the inventory's fingerprints (value hashes, client
// addresses, page fingerprints) and the path-template hints. Both live in
// the meta bucket.
var (
	metaKeySalt  = []byte("salt")  // 16 random bytes, or empty (see Salt)
	metaKeyHints = []byte("hints") // the hints as a JSON list (inventory.ParseHints)
)

// saltLen is the size of a new database's salt.
const saltLen = 16

// Salt returns the database's fingerprint salt, creating it on first use in
// a read-write database: 16 random bytes for a database that holds no
// hosts yet, and the empty salt for one that already does (every version
// before salts were stored used it, so the stored hashes keep matching).
// A read-only database that has none returns the empty salt.
func (db *DB) Salt() ([]byte, error) {
	var salt []byte
	found := false
	err := db.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketMeta); b != nil {
			if v := b.Get(metaKeySalt); v != nil {
				salt, found = append([]byte{}, v...), true
			}
		}
		return nil
	})
	if err != nil || found || db.opts.ReadOnly {
		return salt, err
	}
	err = db.update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil {
			return fmt.Errorf("storage: %s: no meta bucket", db.path)
		}
		if v := m.Get(metaKeySalt); v != nil {
			salt = append([]byte{}, v...) // another writer was first
			return nil
		}
		salt = []byte{}
		if h := tx.Bucket(bucketHosts); h == nil || firstKey(h) == nil {
			salt = make([]byte, saltLen)
			if _, err := rand.Read(salt); err != nil {
				return err
			}
		}
		return m.Put(metaKeySalt, salt)
	})
	return salt, err
}

// Hints returns the stored path-template hints (a JSON list), or nil.
func (db *DB) Hints() ([]byte, error) {
	var out []byte
	err := db.view(func(tx *bolt.Tx) error {
		if b := tx.Bucket(bucketMeta); b != nil {
			if v := b.Get(metaKeyHints); v != nil {
				out = append([]byte{}, v...)
			}
		}
		return nil
	})
	return out, err
}

// SetHints stores the path-template hints (a JSON list; nil removes them),
// so that every later command templates the stored hosts the same way.
func (db *DB) SetHints(hints []byte) error {
	return db.update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil {
			return fmt.Errorf("storage: %s: no meta bucket", db.path)
		}
		if hints == nil {
			return m.Delete(metaKeyHints)
		}
		return m.Put(metaKeyHints, hints)
	})
}

func firstKey(b *bolt.Bucket) []byte {
	k, _ := b.Cursor().First()
	return k
}

// AdoptSettings gives a database that has none yet the salt and hints of
// another (a salvaged copy must keep the salt its host blobs were made
// with). Settings it already has are kept.
func (db *DB) AdoptSettings(salt, hints []byte) error {
	return db.update(func(tx *bolt.Tx) error {
		m := tx.Bucket(bucketMeta)
		if m == nil {
			return fmt.Errorf("storage: %s: no meta bucket", db.path)
		}
		if m.Get(metaKeySalt) == nil && salt != nil {
			if err := m.Put(metaKeySalt, salt); err != nil {
				return err
			}
		}
		if m.Get(metaKeyHints) == nil && hints != nil {
			return m.Put(metaKeyHints, hints)
		}
		return nil
	})
}
