//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package storage

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// lockRetry is how often lockFile retries a held lock (bbolt uses 50 ms).
const lockRetry = 25 * time.Millisecond

// lockFile takes flock(LOCK_EX) (or LOCK_SH for readers) on f, retrying for
// up to timeout. bbolt later takes the same lock on the same open file
// description, which succeeds at once. It returns a *LockedError on timeout.
func lockFile(f *os.File, exclusive bool, timeout time.Duration) error {
	how := syscall.LOCK_SH
	if exclusive {
		how = syscall.LOCK_EX
	}
	start := time.Now()
	fd := int(f.Fd())
	for {
		err := syscall.Flock(fd, how|syscall.LOCK_NB)
		if err == nil {
			return nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			return fmt.Errorf("storage: lock %s: %w", f.Name(), err)
		}
		if time.Since(start)+lockRetry > timeout {
			return &LockedError{Path: f.Name(), PID: lockHolder(f), Waited: time.Since(start)}
		}
		time.Sleep(lockRetry)
	}
}

// lockHolder returns the pid /proc/locks gives for an flock on f's inode,
// or 0. Best effort, Linux only.
func lockHolder(f *os.File) int {
	fi, err := f.Stat()
	if err != nil {
		return 0
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return 0
	}
	pl, err := os.Open("/proc/locks")
	if err != nil {
		return 0
	}
	defer pl.Close()
	return parseProcLocks(bufio.NewScanner(pl), st.Ino, os.Getpid())
}

// parseProcLocks finds the holder of an FLOCK on inode ino in /proc/locks
// lines such as "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF". A holder
// other than self is preferred (self shows up when this process has the
// file open twice).
func parseProcLocks(sc *bufio.Scanner, ino uint64, self int) int {
	found := 0
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 6 || f[1] != "FLOCK" || f[2] == "->" {
			continue
		}
		dev := strings.Split(f[5], ":")
		if len(dev) != 3 {
			continue
		}
		n, err := strconv.ParseUint(dev[2], 10, 64)
		if err != nil || n != ino {
			continue
		}
		pid, err := strconv.Atoi(f[4])
		if err != nil || pid <= 0 {
			continue
		}
		if pid != self {
			return pid
		}
		found = pid
	}
	return found
}
