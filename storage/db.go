package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// schemaVersion is the layout this build writes. Bump it with a new entry in
// migrations.
const schemaVersion = 1

// SchemaVersion returns the database schema version this build writes and
// reads. Files with an older version are migrated on a read-write Open;
// newer ones are refused with ErrNewerSchema.
func SchemaVersion() int { return schemaVersion }

// DefaultTimeout is how long Open waits for the file lock when
// Options.Timeout is zero.
const DefaultTimeout = time.Second

// Bucket names (schema v1). Keys are chosen for bbolt's byte order: host
// names and hex content hashes sort naturally, integers are 8-byte
// big-endian, times in meta are RFC 3339 in UTC.
var (
	bucketMeta     = []byte("meta")     // metaKey* -> value
	bucketHosts    = []byte("hosts")    // host -> opaque inventory blob
	bucketCaptures = []byte("captures") // sha256 hex -> CaptureRecord JSON
	bucketStats    = []byte("stats")    // counter name -> uint64 big-endian
	bucketEmitted  = []byte("emitted")  // finding id -> unix nanoseconds, int64 big-endian (any sink; see sinks.go)
	allBuckets     = [][]byte{bucketMeta, bucketHosts, bucketCaptures, bucketStats, bucketEmitted}
)

// Keys of the meta bucket.
var (
	metaKeySchema    = []byte("schema")     // uint64 big-endian
	metaKeyCreated   = []byte("created")    // RFC 3339 UTC
	metaKeyUpdated   = []byte("updated")    // RFC 3339 UTC, set by every commit and migration
	metaKeyCreatedBy = []byte("created_by") // Options.Version of the creator
	metaKeyUpdatedBy = []byte("updated_by") // Options.Version of the last writer
)

// Options configure Open. The zero value is a read-write open waiting 1 s
// for the lock.
type Options struct {
	// Timeout is how long to wait for the file lock before failing with
	// ErrLocked. Zero means DefaultTimeout (1 s); there is no "wait
	// forever".
	Timeout time.Duration
	// ReadOnly opens with a shared lock; writes fail with ErrReadOnly. A
	// read-only open still conflicts with a read-write one (flock).
	ReadOnly bool
	// CreateDir creates a missing parent directory (mode 0700). Without
	// it a missing parent directory is an error naming the path, except
	// for DefaultPath(), whose directory Open always creates.
	CreateDir bool
	// Version is the shadowtap version recorded in meta (created_by,
	// updated_by). Empty records "unknown".
	Version string
	// NoVerify skips the walk of every B+tree page on open; the meta pages
	// and the file size are still checked. The walk reads the used part of
	// the file once (see BenchmarkOpen). Without it, damage inside the tree
	// reaches bbolt: reads still fail with ErrCorrupt, but a read-write
	// open rebuilds the freelist in a bbolt goroutine that no recover
	// reaches, so a damaged file can crash the process. Use only for large
	// files known to be sound.
	NoVerify bool
	// MaxSize caps the file size in bytes (bbolt Options.MaxSize); a
	// commit that would grow past it fails. Zero means no limit.
	MaxSize int

	// now is the clock (tests).
	now func() time.Time
	// skipSchema opens without checking or migrating the schema (Compact).
	skipSchema bool
}

// DB is an open inventory database. Its methods are safe for concurrent use.
type DB struct {
	path string
	opts Options
	bolt *bolt.DB

	mu      sync.Mutex
	closed  bool
	broken  error // set when bbolt panicked: the handle is no longer trusted
	writers []*Writer
}

// Open opens (or creates, unless opts.ReadOnly) the database at path,
// checks the file, and migrates an older schema. See the package doc for
// the errors it returns.
func Open(path string, opts Options) (*DB, error) {
	if path == "" {
		return nil, errors.New("storage: empty database path")
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Version == "" {
		opts.Version = "unknown"
	}
	if opts.now == nil {
		opts.now = time.Now
	}
	if err := checkDir(path, opts); err != nil {
		return nil, err
	}
	if opts.ReadOnly {
		if _, err := os.Stat(path); err != nil {
			return nil, fmt.Errorf("storage: open database %s read-only: %w", path, err)
		}
	}

	// The OpenFile hook runs inside bolt.Open before bbolt reads a byte: it
	// takes the lock on the descriptor bbolt will use (so the check below
	// cannot race a writer) and verifies the file.
	var hookErr error
	var hooked *os.File
	bopts := &bolt.Options{
		Timeout:        opts.Timeout,
		NoFreelistSync: true,
		FreelistType:   bolt.FreelistMapType,
		ReadOnly:       opts.ReadOnly,
		MaxSize:        opts.MaxSize,
		OpenFile: func(name string, flag int, mode os.FileMode) (*os.File, error) {
			f, err := os.OpenFile(name, flag, mode)
			if err != nil {
				hookErr = fmt.Errorf("storage: open database: %w", err)
				return nil, hookErr
			}
			if err := lockFile(f, !opts.ReadOnly, opts.Timeout); err != nil {
				f.Close()
				hookErr = err
				return nil, err
			}
			fi, err := f.Stat()
			if err == nil {
				if fi.Size() == 0 && opts.ReadOnly {
					err = &CorruptError{Path: name, Detail: "empty file"}
				} else {
					err = verifyFile(f, fi.Size(), name, !opts.NoVerify)
				}
			}
			if err != nil {
				f.Close()
				hookErr = err
				return nil, err
			}
			hooked = f
			return f, nil
		},
	}
	var bdb *bolt.DB
	err := guard(path, func() error {
		var err error
		bdb, err = bolt.Open(path, 0o600, bopts)
		return err
	})
	if err != nil {
		if hooked != nil {
			// After a recovered panic bbolt did not close the file: do it,
			// which releases the lock. (After an error it did; a second
			// Close is harmless.)
			_ = hooked.Close()
		}
		if hookErr != nil {
			return nil, hookErr
		}
		return nil, translateOpenErr(path, opts.Timeout, err)
	}
	db := &DB{path: path, opts: opts, bolt: bdb}
	if !opts.skipSchema {
		if err := db.initSchema(); err != nil {
			bdb.Close()
			return nil, err
		}
	}
	return db, nil
}

// checkDir reports (or, with CreateDir, creates) a missing parent directory.
func checkDir(path string, opts Options) error {
	dir := filepath.Dir(path)
	fi, err := os.Stat(dir)
	switch {
	case err == nil && !fi.IsDir():
		return fmt.Errorf("storage: database %s: parent %s is not a directory", path, dir)
	case err == nil:
		return nil
	case errors.Is(err, fs.ErrNotExist) && (opts.CreateDir || isDefaultPath(path)) && !opts.ReadOnly:
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("storage: create directory for database %s: %w", path, err)
		}
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("storage: database %s: directory %s does not exist: %w", path, dir, fs.ErrNotExist)
	default:
		return fmt.Errorf("storage: database %s: %w", path, err)
	}
}

// translateOpenErr maps bbolt's errors to ours.
func translateOpenErr(path string, timeout time.Duration, err error) error {
	switch {
	case errors.Is(err, ErrCorrupt), errors.Is(err, ErrLocked):
		return err
	case errors.Is(err, berrors.ErrTimeout):
		return &LockedError{Path: path, Waited: timeout}
	case errors.Is(err, berrors.ErrInvalid), errors.Is(err, berrors.ErrChecksum),
		errors.Is(err, berrors.ErrVersionMismatch), errors.Is(err, berrors.ErrInvalidMapping):
		return &CorruptError{Path: path, Detail: "bbolt refused the file", Err: err}
	}
	return fmt.Errorf("storage: open database %s: %w", path, err)
}

// guard runs fn, turning a panic or a memory fault inside bbolt (it trusts
// its mmapped file) into a *CorruptError.
func guard(path string, fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer debug.SetPanicOnFault(old)
	defer func() {
		if r := recover(); r != nil {
			err = &CorruptError{Path: path, Detail: "bbolt failed reading the file", Err: fmt.Errorf("%v", r)}
		}
	}()
	return fn()
}

// view runs fn in a read transaction, guarded.
func (db *DB) view(fn func(tx *bolt.Tx) error) error {
	if err := db.usable(); err != nil {
		return err
	}
	err := guard(db.path, func() error { return db.bolt.View(fn) })
	if errors.Is(err, berrors.ErrDatabaseNotOpen) {
		return ErrClosed
	}
	return db.noteBroken(err)
}

// update runs fn in a read-write transaction (one commit, fsynced), guarded.
func (db *DB) update(fn func(tx *bolt.Tx) error) error {
	if err := db.usable(); err != nil {
		return err
	}
	if db.opts.ReadOnly {
		return ErrReadOnly
	}
	err := guard(db.path, func() error { return db.bolt.Update(fn) })
	switch {
	case errors.Is(err, berrors.ErrDatabaseReadOnly):
		return ErrReadOnly
	case errors.Is(err, berrors.ErrDatabaseNotOpen):
		return ErrClosed
	}
	return db.noteBroken(err)
}

func (db *DB) usable() error {
	db.mu.Lock()
	defer db.mu.Unlock()
	if db.closed {
		return ErrClosed
	}
	return db.broken
}

// noteBroken remembers a recovered bbolt panic: after one, bbolt's internal
// state (locks, freelist) cannot be trusted, so every later call fails.
func (db *DB) noteBroken(err error) error {
	var ce *CorruptError
	if errors.As(err, &ce) && ce.Detail == "bbolt failed reading the file" {
		db.mu.Lock()
		if db.broken == nil {
			db.broken = err
		}
		db.mu.Unlock()
	}
	return err
}

// Close stops any Writer still running (flushing it), then closes the file.
// It returns the first error met. Closing twice returns nil.
func (db *DB) Close() error {
	db.mu.Lock()
	if db.closed {
		db.mu.Unlock()
		return nil
	}
	ws := db.writers
	db.writers = nil
	db.mu.Unlock()
	var errs []error
	for _, w := range ws {
		if err := w.Close(); err != nil {
			errs = append(errs, err)
		}
	}
	db.mu.Lock()
	db.closed = true
	db.mu.Unlock()
	if err := db.bolt.Close(); err != nil {
		errs = append(errs, fmt.Errorf("storage: close %s: %w", db.path, err))
	}
	return errors.Join(errs...)
}

// Path returns the path the database was opened with.
func (db *DB) Path() string { return db.path }

// Meta describes the database file.
type Meta struct {
	Schema    int
	Created   time.Time
	Updated   time.Time
	CreatedBy string
	UpdatedBy string
}

// Meta returns the schema version and the creation and update records.
func (db *DB) Meta() (Meta, error) {
	var m Meta
	err := db.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketMeta)
		if b == nil {
			return nil
		}
		if v := b.Get(metaKeySchema); len(v) == 8 {
			m.Schema = int(binary.BigEndian.Uint64(v))
		}
		m.Created, _ = time.Parse(time.RFC3339, string(b.Get(metaKeyCreated)))
		m.Updated, _ = time.Parse(time.RFC3339, string(b.Get(metaKeyUpdated)))
		m.CreatedBy = string(b.Get(metaKeyCreatedBy))
		m.UpdatedBy = string(b.Get(metaKeyUpdatedBy))
		return nil
	})
	return m, err
}

func u64(v uint64) []byte {
	b := make([]byte, 8)
	binary.BigEndian.PutUint64(b, v)
	return b
}

func (db *DB) stamp() []byte {
	return []byte(db.opts.now().UTC().Format(time.RFC3339))
}

// Verify re-runs the open-time file check (meta pages and a walk of every
// page) on the file as last committed. It holds off writers while it runs
// (one read of the used part of the file). It returns a *CorruptError or
// nil.
func (db *DB) Verify() error {
	if err := db.usable(); err != nil {
		return err
	}
	run := func(tx *bolt.Tx) error {
		f, err := os.Open(db.path)
		if err != nil {
			return fmt.Errorf("storage: verify: %w", err)
		}
		defer f.Close()
		fi, err := f.Stat()
		if err != nil {
			return fmt.Errorf("storage: verify: %w", err)
		}
		return verifyFile(f, fi.Size(), db.path, true)
	}
	if db.opts.ReadOnly {
		// No writer can hold this file while we hold a shared lock.
		return db.view(run)
	}
	// An Update with no change commits nothing but excludes the writer.
	err := db.update(func(tx *bolt.Tx) error {
		if err := run(tx); err != nil {
			return err
		}
		return errRollback
	})
	if errors.Is(err, errRollback) {
		return nil
	}
	return err
}

// errRollback makes an Update roll back without reporting an error.
var errRollback = errors.New("storage: rollback")

// isDefaultPath reports whether path is DefaultPath(): its directory is
// ours to create.
func isDefaultPath(path string) bool {
	def, err := DefaultPath()
	if err != nil {
		return false
	}
	a, err1 := filepath.Abs(path)
	b, err2 := filepath.Abs(def)
	return err1 == nil && err2 == nil && a == b
}
