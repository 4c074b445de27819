package scenariolab

// The lab tests build cmd/shadowtap in a subprocess, which go test's cache
// does not see: without these imports a cached pass would outlive a change
// to the packages the binary is made of. Importing them makes the test
// binary, and so the cache key, change with them.
import (
	_ "github.com/shadowtap/shadowtap/capture"
	_ "github.com/shadowtap/shadowtap/diff"
	_ "github.com/shadowtap/shadowtap/ingest"
	_ "github.com/shadowtap/shadowtap/inventory"
	_ "github.com/shadowtap/shadowtap/reassembly"
	_ "github.com/shadowtap/shadowtap/sensor"
	_ "github.com/shadowtap/shadowtap/storage"
)
