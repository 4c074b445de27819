package fleet

import (
	"encoding/json"
	"github.com/shadowtap/shadowtap/sensor"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"
)

func TestCollectorAPI(t *testing.T) {
	salt := []byte("0123456789abcdef")
	c, db := openCollectorDB(t, filepath.Join(t.TempDir(), "c.db"))
	defer db.Close()
	a := ingestDelta(t, "s1", 1, salt, extraCaptures[:1])
	b := ingestDelta(t, "s2", 1, salt, extraCaptures[1:])
	if err := c.Apply(a.Encode(), b.Encode()); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(c.Handler("tok"))
	defer srv.Close()
	get := func(path string, auth bool, v any) int {
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if auth {
			req.Header.Set("Authorization", "Bearer tok")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if v != nil && resp.StatusCode == 200 {
			if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
				t.Fatal(err)
			}
		}
		return resp.StatusCode
	}
	if code := get("/api/v1/sensors", false, nil); code != 401 {
		t.Errorf("sensors without the token: %d", code)
	}
	var sens []SensorHealth
	if code := get("/api/v1/sensors", true, &sens); code != 200 || len(sens) != 2 || sens[0].Sensor != "s1" || sens[0].Hosts == 0 ||
		sens[0].Endpoints == 0 || time.Since(sens[0].LastReceived) > time.Minute {
		t.Errorf("sensors: %d %+v", code, sens)
	}
	var all, one []Endpoint
	get("/api/v1/endpoints", true, &all)
	get("/api/v1/endpoints?sensor=s2", true, &one)
	if len(all) == 0 || len(one) == 0 || len(one) >= len(all) {
		t.Fatalf("endpoints: all %d, s2 %d", len(all), len(one))
	}
	for _, e := range one {
		if len(e.Sensors) != 1 || e.Sensors[0] != "s2" {
			t.Errorf("%s %s %s: sensors %v", e.Host, e.Method, e.Path, e.Sensors)
		}
	}
	var st map[string]any
	if code := get("/api/v1/stats", true, &st); code != 200 || st["endpoints"].(float64) != float64(len(all)) {
		t.Errorf("stats: %d %v", code, st["endpoints"])
	}
	if code := get("/api/v1/findings", true, nil); code != 200 {
		t.Errorf("findings: %d", code)
	}
}

// The collector serves a UI given to it, behind the same token rule, and
// keeps its own routes.
func TestCollectorUI(t *testing.T) {
	c, db := openCollectorDB(t, filepath.Join(t.TempDir(), "c.db"))
	defer db.Close()
	ui := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("the ui")) })
	srv := httptest.NewServer(c.Handler("tok", sensor.WithUI(ui)))
	defer srv.Close()
	for _, tc := range []struct {
		path string
		auth bool
		code int
	}{{"/", true, 200}, {"/", false, 401}, {"/api/v1/sensors", true, 200}, {"/api/v1/nope", true, 404}} {
		req, _ := http.NewRequest("GET", srv.URL+tc.path, nil)
		if tc.auth {
			req.Header.Set("Authorization", "Bearer tok")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tc.code {
			t.Errorf("GET %s (token %v): %d, want %d", tc.path, tc.auth, resp.StatusCode, tc.code)
		}
	}
}
