package storage

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// helperEnv selects what TestHelperProcess does when the test binary is
// re-executed as a child: "commit" or "hold".
const helperEnv = "SHADOWTAP_STORAGE_HELPER"

// TestHelperProcess is not a test: it is the child process of
// TestCrashSafety and TestLockedByOtherProcess.
//
//	commit DB START: commit batches START, START+1, ... forever, printing
//	                 "committed N" after each Commit returns.
//	hold DB:         open DB, print "ready", sleep until killed.
func TestHelperProcess(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		t.Skip("helper process for TestCrashSafety")
	}
	args := strings.Fields(mode)
	db, err := Open(args[1], Options{Timeout: 5 * time.Second})
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		os.Exit(3)
	}
	switch args[0] {
	case "hold":
		fmt.Println("ready")
		time.Sleep(time.Minute)
	case "commit":
		n, _ := strconv.Atoi(args[2])
		for ; ; n++ {
			blob := []byte(strings.Repeat(strconv.Itoa(n)+",", 200))
			b := Batch{
				Hosts:   map[string][]byte{fmt.Sprintf("host%06d", n): blob, fmt.Sprintf("shared%d", n%5): blob},
				Capture: &CaptureRecord{Hash: "live", Packets: uint64(n)},
				Stats:   map[string]uint64{"batches": 1},
			}
			if err := db.Commit(b); err != nil {
				fmt.Fprintln(os.Stderr, "helper:", err)
				os.Exit(4)
			}
			// One write(2) per line: the parent sees whole lines only.
			os.Stdout.WriteString("committed " + strconv.Itoa(n) + "\n")
		}
	}
	os.Exit(5)
}

// startHelper re-executes the test binary as a helper child.
func startHelper(t *testing.T, mode string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return cmd, bufio.NewScanner(out)
}

// TestCrashSafety kills a committing child with SIGKILL, several times on
// the same file, and checks after each kill that the file opens and holds
// every batch the child reported committed.
func TestCrashSafety(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns child processes")
	}
	db0, path := openTest(t, Options{})
	db0.Close() // the children own the file from now on
	next := 1
	for round, killAfter := range []int{1, 7, 40, 113} {
		cmd, sc := startHelper(t, fmt.Sprintf("commit %s %d", path, next))
		var reported []int
		for sc.Scan() {
			var n int
			if _, err := fmt.Sscanf(sc.Text(), "committed %d", &n); err != nil {
				t.Fatalf("child said %q", sc.Text())
			}
			reported = append(reported, n)
			if len(reported) == killAfter {
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				break
			}
		}
		// Lines written before the kill may still be in the pipe.
		for sc.Scan() {
			var n int
			if _, err := fmt.Sscanf(sc.Text(), "committed %d", &n); err == nil {
				reported = append(reported, n)
			}
		}
		err := cmd.Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
			t.Fatalf("round %d: child ended with %v, want killed by SIGKILL", round, err)
		}
		if len(reported) < killAfter {
			t.Fatalf("round %d: child reported %d commits, want at least %d", round, len(reported), killAfter)
		}

		db, err := Open(path, Options{})
		if err != nil {
			t.Fatalf("round %d: reopen after SIGKILL: %v", round, err)
		}
		hosts, err := db.LoadHosts()
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range reported {
			want := strings.Repeat(strconv.Itoa(n)+",", 200)
			if got := string(hosts[fmt.Sprintf("host%06d", n)]); got != want {
				t.Errorf("round %d: batch %d reported committed but missing after SIGKILL", round, n)
			}
		}
		last := reported[len(reported)-1]
		st, _ := db.Stats()
		rec, ok, _ := db.Capture("live")
		// The child may have committed one batch more than it printed.
		if !ok || rec.Packets < uint64(last) || rec.Packets > uint64(last)+1 {
			t.Errorf("round %d: capture progress %d, last reported %d", round, rec.Packets, last)
		}
		if st["batches"] != rec.Packets {
			t.Errorf("round %d: batches counter %d, capture progress %d: one commit wrote only part of a batch", round, st["batches"], rec.Packets)
		}
		next = int(rec.Packets) + 1
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: killed after %d reported commits, %d in the file", round, len(reported), rec.Packets)
	}
}

// TestLockedByOtherProcess: a second process holding the file gives
// ErrLocked quickly, naming the holder's pid.
func TestLockedByOtherProcess(t *testing.T) {
	if testing.Short() {
		t.Skip("spawns a child process")
	}
	db, path := openTest(t, Options{})
	db.Close()
	cmd, sc := startHelper(t, "hold "+path)
	if !sc.Scan() || sc.Text() != "ready" {
		t.Fatalf("child did not get ready: %q %v", sc.Text(), sc.Err())
	}
	_, err := Open(path, Options{Timeout: 200 * time.Millisecond})
	var le *LockedError
	if !errors.As(err, &le) || !errors.Is(err, ErrLocked) {
		t.Fatalf("Open while a child holds the file = %v, want ErrLocked", err)
	}
	if _, statErr := os.Stat("/proc/locks"); statErr == nil {
		if le.PID != cmd.Process.Pid {
			t.Errorf("PID = %d, want the child's %d", le.PID, cmd.Process.Pid)
		}
		if want := fmt.Sprintf("(pid %d?)", cmd.Process.Pid); !strings.Contains(err.Error(), want) {
			t.Errorf("message %q does not contain %q", err, want)
		}
	}
	t.Logf("%v", err)
}
