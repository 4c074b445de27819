//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package storage

import (
	"os"
	"time"
)

// lockFile is a no-op where flock is unavailable: bbolt takes its own lock
// and a timeout from it is translated to a *LockedError by Open.
func lockFile(f *os.File, exclusive bool, timeout time.Duration) error { return nil }
