package fleet

import (
	"crypto/subtle"
	"encoding/json"
	"net/http"
	"net/url"
	"time"

	"github.com/shadowtap/shadowtap/sensor"
)

// Handler returns the collector's HTTP API: sensor.NewAPIHandler's routes
// over the merged inventory, where
//
//	GET /api/v1/endpoints  also gives each endpoint "sensors" (which sensors saw it)
//	                       and takes sensor=ID to keep those one sensor saw
//	GET /api/v1/sensors    JSON array of SensorHealth (last delta, lag, counters, drops)
//
// with the same token rule (every path but /healthz needs the bearer token
// when token is set) and GET/HEAD only. opts go to sensor.NewAPIHandler (the
// web UI: sensor.WithUI).
func (c *Collector) Handler(token string, opts ...sensor.APIOption) http.Handler {
	base := sensor.NewAPIHandler(c, token, opts...)
	want := []byte("Bearer " + token)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/sensors", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, c.Sensors())
	})
	mux.HandleFunc("GET /api/v1/endpoints", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		id := q.Get("sensor")
		rest := url.Values{}
		for k, v := range q {
			if k != "sensor" {
				rest[k] = v
			}
		}
		f, err := sensor.ParseEndpointFilter(rest, time.Now())
		if err != nil {
			writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
			return
		}
		all := c.FleetEndpoints(id)
		out := make([]Endpoint, 0, len(all))
		for i := range all {
			if f.Match(&all[i].Endpoint) {
				out = append(out, all[i])
			}
		}
		writeJSON(w, http.StatusOK, out)
	})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ours := r.URL.Path == "/api/v1/sensors" || r.URL.Path == "/api/v1/endpoints"
		okMethod := r.Method == http.MethodGet || r.Method == http.MethodHead
		okToken := token == "" || subtle.ConstantTimeCompare([]byte(r.Header.Get("Authorization")), want) == 1
		if ours && okMethod && okToken {
			mux.ServeHTTP(w, r)
			return
		}
		base.ServeHTTP(w, r) // its answers, including 401 and 405
	})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	_ = enc.Encode(v)
}

// The collector is what the sensor API serves; the publisher is the
// sensor's hook.
var (
	_ sensor.DataSource = (*Collector)(nil)
	_ sensor.Publisher  = (*Publisher)(nil)
)
