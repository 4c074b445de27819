package inventory

import (
	"testing"

	"github.com/shadowtap/shadowtap/reassembly"
)

// A request whose header block was cut may have lost its credential: it is
// neither authenticated nor unauthenticated.
func TestPartialHeadersAreAuthUnknown(t *testing.T) {
	inv := New(DefaultConfig())
	inv.Observe(ex("GET", "/files/1/download", 200, "auth:cookie"))
	cut := ex("GET", "/files/2/download", 200)
	cut.Flags |= reassembly.FlagTruncated | reassembly.FlagPartialRequestHeaders
	inv.Observe(cut)
	eps := inv.Endpoints()
	if len(eps) != 1 {
		t.Fatalf("%d endpoints", len(eps))
	}
	if e := eps[0]; e.UnauthenticatedHits != 0 || e.Unauthenticated2xx != 0 || !e.Authenticated {
		t.Errorf("cut request counted as unauthenticated: %+v", e)
	}
	if inv.Stats().AuthUnknown != 1 {
		t.Errorf("auth_unknown %d, want 1", inv.Stats().AuthUnknown)
	}
}
