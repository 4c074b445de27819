package sensor

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

// TestDeriveEndpointsMatchesInventory: endpoints derived off the lock from
// host blobs equal the live inventory's Endpoints, in the same order; a
// blob that does not load falls back to the live inventory.
func TestDeriveEndpointsMatchesInventory(t *testing.T) {
	inv := benchInventory(3)
	blobs := map[string][]byte{}
	for h := 0; h < 3; h++ {
		name := fmt.Sprintf("h%d.test", h)
		b, err := inv.MarshalHost(name)
		if err != nil {
			t.Fatal(err)
		}
		blobs[name] = b
	}
	want, _ := json.Marshal(inv.Endpoints())
	tests := []struct {
		name  string
		blobs map[string][]byte
	}{
		{"all_hosts", blobs},
		{"corrupt_blob_falls_back", map[string][]byte{"h1.test": []byte("not a blob")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Sensor{icfg: inventory.DefaultConfig(), inv: inv, epCache: map[string][]inventory.Endpoint{}}
			s.deriveEndpoints(tt.blobs)
			got, _ := json.Marshal(s.cachedEndpoints())
			if string(got) != string(want) {
				t.Errorf("derived endpoints differ from the inventory's:\n got %.300s\nwant %.300s", got, want)
			}
		})
	}
	// Incremental: only one host re-derived, the others from the cache.
	s := &Sensor{icfg: inventory.DefaultConfig(), inv: inv, epCache: map[string][]inventory.Endpoint{}}
	s.deriveEndpoints(blobs)
	s.deriveEndpoints(map[string][]byte{"h2.test": blobs["h2.test"]})
	if got, _ := json.Marshal(s.cachedEndpoints()); string(got) != string(want) {
		t.Error("incremental derivation differs")
	}
}
