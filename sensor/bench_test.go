package sensor

import (
	"fmt"
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/reassembly"
)

var words = []string{"users", "orders", "items", "carts", "invoices", "payments", "reports", "teams",
	"projects", "tickets", "comments", "files", "events", "alerts", "rules", "tokens", "devices", "sites",
	"groups", "roles"}

// benchInventory builds an inventory of about hosts×len(words)×3 endpoints.
func benchInventory(hosts int) *inventory.Inventory {
	inv := inventory.New(inventory.DefaultConfig())
	t0 := time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)
	for h := 0; h < hosts; h++ {
		for i, w := range words {
			for j, p := range []string{"/api/" + w, "/api/" + w + "/%d", "/api/" + w + "/%d/history"} {
				for k := 0; k < 4; k++ {
					path := p
					if j > 0 {
						path = fmt.Sprintf(p, 1000+k*17+i)
					}
					x := &reassembly.Exchange{
						RequestTime: t0, ResponseTime: t0.Add(time.Millisecond),
						Client: netip.MustParseAddrPort("10.0.0.2:40000"), Server: netip.MustParseAddrPort("10.0.0.1:80"),
						Method: "GET", Host: fmt.Sprintf("h%d.test", h), Target: path, Path: path, Proto: "HTTP/1.1",
						RequestHeader:  http.Header{"Authorization": {"Bearer abcdefghijklmnop"}},
						ResponseHeader: http.Header{"Content-Type": {"application/json"}},
						Status:         200, ResponseContentType: "application/json",
						ResponseBody: []byte(`{"id":1,"name":"x","email":"a@b.example"}`),
					}
					inv.Observe(x)
				}
			}
		}
	}
	return inv
}

// BenchmarkCommit measures one commit with every host dirty: "locked" is
// what runs under the inventory lock (and so holds back exchange
// observation): marshalling the hosts; "derive" is the endpoint derivation
// that runs off the lock (blobs loaded into scratch inventories).
func BenchmarkCommit(b *testing.B) {
	for _, hosts := range []int{1, 10, 50} {
		inv := benchInventory(hosts)
		n := len(inv.Endpoints())
		blobs := map[string][]byte{}
		var size int64
		for h := 0; h < hosts; h++ {
			name := fmt.Sprintf("h%d.test", h)
			blob, err := inv.MarshalHost(name)
			if err != nil {
				b.Fatal(err)
			}
			blobs[name] = blob
			size += int64(len(blob))
		}
		b.Run(fmt.Sprintf("locked/hosts=%d/endpoints=%d", hosts, n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			for b.Loop() {
				for h := range blobs {
					if _, err := inv.MarshalHost(h); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
		b.Run(fmt.Sprintf("derive/hosts=%d/endpoints=%d", hosts, n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(size)
			s := &Sensor{icfg: inventory.DefaultConfig(), inv: inv, epCache: map[string][]inventory.Endpoint{}}
			for b.Loop() {
				s.deriveEndpoints(blobs)
				_ = s.cachedEndpoints()
			}
		})
	}
}
