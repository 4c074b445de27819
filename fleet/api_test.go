package fleet

import (
	"encoding/json"
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
