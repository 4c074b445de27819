package storage

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors. Match them with errors.Is; the typed errors below carry
// details and match the corresponding sentinel.
var (
	// ErrLocked means another process (or another Open in this process)
	// holds the database file lock. The error is a *LockedError.
	ErrLocked = errors.New("storage: database is locked by another process")
	// ErrCorrupt means the file is not a bbolt database, or is truncated or
	// damaged. The error is a *CorruptError whose message ends with a hint.
	ErrCorrupt = errors.New("storage: database is corrupt")
	// ErrNewerSchema means the file was written by a newer shadowtap with a
	// schema this build does not understand. The error is a *SchemaError.
	ErrNewerSchema = errors.New("storage: database was written by a newer shadowtap")
	// ErrNeedsMigration means the file has an older schema and was opened
	// read-only, so it cannot be migrated: open it read-write once.
	ErrNeedsMigration = errors.New("storage: database needs a schema migration; open it read-write once")
	// ErrReadOnly is returned by writes on a database opened read-only.
	ErrReadOnly = errors.New("storage: database is open read-only")
	// ErrClosed is returned by calls on a closed DB.
	ErrClosed = errors.New("storage: database is closed")
	// ErrInvalidBatch is returned by Commit for a batch that cannot be
	// stored (empty or oversized host key, oversized blob, capture record
	// without a hash); nothing of the batch is written.
	ErrInvalidBatch = errors.New("storage: invalid batch")
)

// corruptHint ends every CorruptError message.
const corruptHint = "restore it from a backup, or delete the file to start a new inventory"

// LockedError reports a database file locked by another process.
type LockedError struct {
	Path string
	// PID is the process that holds the lock as reported by /proc/locks
	// (Linux), or 0 when unknown. It is a hint: a lock inherited across
	// fork reports the original locker.
	PID int
	// Waited is how long Open waited for the lock.
	Waited time.Duration
}

// Error implements error.
func (e *LockedError) Error() string {
	who := "pid unknown"
	if e.PID > 0 {
		who = fmt.Sprintf("pid %d?", e.PID)
	}
	return fmt.Sprintf("storage: database is locked by another process (%s): %s (waited %s; is a shadowtap sensor or ingest running on this file?)",
		who, e.Path, e.Waited.Round(time.Millisecond))
}

// Is makes errors.Is(err, ErrLocked) true.
func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// CorruptError reports a file that is not a usable bbolt database.
type CorruptError struct {
	Path string
	// Detail says what was found wrong ("bad magic", "truncated: ...").
	Detail string
	// Err is the underlying error, if any (a bbolt error, or a recovered
	// panic turned into an error).
	Err error
}

// Error implements error.
func (e *CorruptError) Error() string {
	s := fmt.Sprintf("storage: database %s is corrupt: %s", e.Path, e.Detail)
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s + " (" + corruptHint + ")"
}

// Is makes errors.Is(err, ErrCorrupt) true.
func (e *CorruptError) Is(target error) bool { return target == ErrCorrupt }

// Unwrap returns the underlying error.
func (e *CorruptError) Unwrap() error { return e.Err }

// SchemaError reports a database schema newer than this build supports.
type SchemaError struct {
	Path      string
	Found     int // schema version in the file
	Supported int // SchemaVersion() of this build
}

// Error implements error.
func (e *SchemaError) Error() string {
	return fmt.Sprintf("storage: database %s was written by a newer shadowtap (schema v%d, this build reads up to v%d): upgrade shadowtap",
		e.Path, e.Found, e.Supported)
}

// Is makes errors.Is(err, ErrNewerSchema) true.
func (e *SchemaError) Is(target error) bool { return target == ErrNewerSchema }
