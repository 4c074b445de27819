package reassembly

import (
	"context"
	"fmt"
	"os"
	"testing"

	"github.com/shadowtap/shadowtap/capture"
)

// TestDump prints the exchanges of $DUMP_PCAP (a debugging aid; skipped
// when unset).
func TestDump(t *testing.T) {
	name := os.Getenv("DUMP_PCAP")
	if name == "" {
		t.Skip("DUMP_PCAP not set")
	}
	src, err := capture.OpenFiles(name)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	cfg := DefaultConfig()
	cfg.Shards = 1
	st, err := Process(context.Background(), src, nil, cfg, func(ex *Exchange) {
		fmt.Printf("%s %s -> %s %s %q host=%q st=%d flags=%06b reqB=%d respB=%d rt=%s\n", ex.RequestTime.Format("15:04:05.000000"), ex.Client, ex.Server, ex.Method, ex.Target, ex.Host, ex.Status, ex.Flags, ex.RequestBodySize, ex.ResponseBodySize, ex.ResponseTime.Format("15:04:05.000000"))
	})
	fmt.Printf("%+v err=%v\n", st, err)
}
