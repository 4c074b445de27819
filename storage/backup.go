package storage

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// Backup writes a consistent copy of the whole database file to w while the
// database stays in use (a hot backup: one read transaction, tx.WriteTo).
// The copy opens with Open like the original.
func (db *DB) Backup(w io.Writer) error {
	return db.view(func(tx *bolt.Tx) error {
		if _, err := tx.WriteTo(w); err != nil {
			return fmt.Errorf("storage: backup %s: %w", db.path, err)
		}
		return nil
	})
}

// compactTxMax bounds the size of each transaction Compact writes.
const compactTxMax = 1 << 20

// Compact copies the database at src into a new, compact file at dst
// (bbolt never shrinks a file; a copy does). It is offline: src must not be
// open read-write elsewhere (ErrLocked). dst must not exist; it is written
// to dst+".tmp" and renamed on success, so a failure leaves no dst.
func Compact(src, dst string) error {
	if filepath.Clean(src) == filepath.Clean(dst) {
		return fmt.Errorf("storage: compact: source and destination are the same file %s", src)
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("storage: compact: destination %s already exists: %w", dst, fs.ErrExist)
	}
	if err := checkDir(dst, Options{}); err != nil {
		return err
	}
	in, err := Open(src, Options{ReadOnly: true, skipSchema: true})
	if err != nil {
		return err
	}
	defer in.Close()

	tmp := dst + ".tmp"
	_ = os.Remove(tmp)
	out, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: DefaultTimeout, NoFreelistSync: true, FreelistType: bolt.FreelistMapType})
	if err != nil {
		return fmt.Errorf("storage: compact: create %s: %w", tmp, err)
	}
	err = guard(src, func() error { return bolt.Compact(out, in.bolt, compactTxMax) })
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		_ = os.Remove(tmp)
		if errors.Is(err, ErrCorrupt) {
			return err
		}
		return fmt.Errorf("storage: compact %s to %s: %w", src, dst, err)
	}
	syncDir(filepath.Dir(dst))
	return nil
}

// syncDir fsyncs a directory so a rename in it survives a crash; best effort.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}
