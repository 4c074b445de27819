package inventory

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/reassembly"
)

// forgeStream builds a stream with two consecutive name positions
// (/repos/{owner}/{repo}/...) and a few real literals around them.
func forgeStream(seed uint64) []*reassembly.Exchange {
	r := rand.New(rand.NewPCG(seed, 3))
	owners := strings.Fields("chloedoe red-dev lukassilva mkovacs infra-team priya")
	repos := strings.Fields("web-sdk infra mobile-config search billing docs-site api")
	var xs []*reassembly.Exchange
	for i := 0; i < 400; i++ {
		o, rp := owners[r.IntN(len(owners))], repos[r.IntN(len(repos))]
		base := "/api/v3/repos/" + o + "/" + rp
		switch r.IntN(7) {
		case 0:
			xs = append(xs, ex("GET", base, 200, "auth:bearer"))
		case 1:
			xs = append(xs, ex("GET", base+"/issues", 200, "auth:bearer"))
		case 2:
			xs = append(xs, ex("GET", fmt.Sprintf("%s/issues/%d", base, 1+r.IntN(300)), 200, "auth:bearer"))
		case 3:
			xs = append(xs, ex("GET", fmt.Sprintf("%s/pulls/%d/files", base, 1+r.IntN(300)), 200, "auth:bearer"))
		case 4:
			xs = append(xs, ex("GET", "/api/v3/users/"+o, 200, "auth:bearer"))
		case 5:
			xs = append(xs, ex("GET", "/api/v3/meta", 200))
		default:
			xs = append(xs, ex("GET", "/api/v3/user", 200, "auth:bearer"))
		}
	}
	return xs
}

// TestOrderIndependence: the same exchanges in different orders give the
// same endpoints (reassembly shards interleave exchanges differently on
// every run).
func TestOrderIndependence(t *testing.T) {
	hr, _ := hrStream(1)
	streams := map[string][]*reassembly.Exchange{"hr": hr, "forge": forgeStream(1)}
	for name, xs := range streams {
		t.Run(name, func(t *testing.T) {
			var first string
			for i := 0; i < 8; i++ {
				order := append([]*reassembly.Exchange(nil), xs...)
				r := rand.New(rand.NewPCG(uint64(i), 9))
				r.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
				inv := New(DefaultConfig())
				for _, x := range order {
					inv.Observe(x)
				}
				eps := inv.Endpoints()
				for i := range eps {
					eps[i].Examples = nil // the first paths seen: order-dependent by design
					for j := range eps[i].PathParams {
						// a 404 seen before its endpoint existed is folded
						// into the endpoint's hits, not the value count
						eps[i].PathParams[j].Count = 0
					}
				}
				b, err := json.Marshal(eps)
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					first = string(b)
					t.Logf("%d endpoints: %v", len(inv.Endpoints()), templates(inv))
					continue
				}
				if string(b) != first {
					t.Errorf("order %d: endpoints differ:\n%s\n%s", i, b, first)
				}
			}
		})
	}
}
