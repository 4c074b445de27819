package reassembly

import (
	"strings"
	"testing"
	"time"
)

func TestNoLoopOnLongStartLines(t *testing.T) {
	for _, in := range []string{
		"HTTP/1.1 200 " + strings.Repeat("x", 600),
		"HTTP/1.1 200 " + strings.Repeat("x", 9000),
		"GET /" + strings.Repeat("x", 9000),
	} {
		done := make(chan bool)
		go func() {
			runFramer(Config{MaxHeaderBytes: 512}, []step{s2c(in), c2s(in)}, whole)
			runFramer(Config{}, []step{s2c(in), c2s(in)}, whole)
			runFramer(Config{}, []step{s2c(in), c2s(in)}, pieces(100))
			done <- true
		}()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatalf("framer does not progress on %q...", in[:20])
		}
	}
}
