package sensor

import (
	"encoding/json"
	"fmt"
	"net/netip"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/reassembly"
)

// TestDeriveEndpointsMatchesInventory: endpoints (and noise) derived off
// the lock from host blobs equal the live inventory's Endpoints (and
// Noise), in the same order; a blob that does not load falls back to the
// live inventory.
func TestDeriveEndpointsMatchesInventory(t *testing.T) {
	inv := benchInventory(3)
	for _, p := range []string{"/wp-login.php", "/.env", "/cgi-bin/x"} {
		inv.Observe(&reassembly.Exchange{
			Client: netip.MustParseAddrPort("10.0.0.2:40000"), Server: netip.MustParseAddrPort("10.0.0.1:80"),
			Method: "GET", Host: "h1.test", Target: p, Path: p, Proto: "HTTP/1.1", Status: 404,
		})
	}
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
	wantNoise, _ := json.Marshal(inv.Noise())
	if len(inv.Noise()) == 0 {
		t.Fatal("no noise to derive")
	}
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
			s.storeNoise()
			if got, _ := json.Marshal(s.Noise()); string(got) != string(wantNoise) {
				t.Errorf("derived noise differs from the inventory's:\n got %.300s\nwant %.300s", got, wantNoise)
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
