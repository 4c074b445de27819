// Command shadowtap is a passive API-discovery sensor: it reads captures or
// a mirror port, builds an inventory of the HTTP APIs that really serve
// traffic, and diffs it against OpenAPI documents. It never sends a packet.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
)

// Exit codes, mapped in one place (main) and listed in the README.
const (
	exitOK          = 0
	exitError       = 1
	exitFindings    = 3
	exitInterrupted = 130
)

// errFindings is returned by diff and scan when a finding at or above
// --fail-on exists.
var errFindings = errors.New("findings at or above --fail-on")

func main() {
	tuneGC()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// tuneGC trades memory for CPU where the user has not chosen: the per-packet
// path allocates little, but exchanges and bodies are short-lived garbage, and
// a collection every few MiB costs 10-15% of an ingest. A soft memory limit
// keeps the trade inside the documented RSS budget; GOGC and GOMEMLIMIT in the
// environment win.
func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(192 << 20)
	}
}

// run executes one command line and returns the process exit code.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRootCmd(stdin, stdout, stderr)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings):
		return exitFindings
	case ctx.Err() != nil || errors.Is(err, context.Canceled):
		fmt.Fprintln(stderr, "shadowtap: interrupted")
		return exitInterrupted
	default:
		fmt.Fprintf(stderr, "shadowtap: error: %v\n", err)
		var h interface{ Hint() string }
		if errors.As(err, &h) && h.Hint() != "" {
			fmt.Fprintf(stderr, "shadowtap: hint: %s\n", h.Hint())
		}
		return exitError
	}
}

// hintError carries a hint line printed after the error.
type hintError struct {
	err  error
	hint string
}

func (e *hintError) Error() string { return e.err.Error() }
func (e *hintError) Unwrap() error { return e.err }
func (e *hintError) Hint() string  { return e.hint }

func withHint(err error, hint string) error { return &hintError{err: err, hint: hint} }
