package sensor

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
)

type fakeSource struct {
	eps   []inventory.Endpoint
	noise []inventory.Noise
	fs    []diff.Finding
	st    Stats
}

func (f *fakeSource) Endpoints() []inventory.Endpoint { return f.eps }
func (f *fakeSource) Noise() []inventory.Noise        { return f.noise }
func (f *fakeSource) TLS() []inventory.TLSService     { return nil }
func (f *fakeSource) Findings() []diff.Finding        { return f.fs }
func (f *fakeSource) Stats() Stats                    { return f.st }

var t0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)

func newFakeSource() *fakeSource {
	return &fakeSource{
		eps: []inventory.Endpoint{
			{Host: "api.example.com", Method: "GET", Path: "/users/{userId}", Hits: 10, LastSeen: t0, UnauthenticatedHits: 0},
			{Host: "api.example.com", Method: "DELETE", Path: "/users/{userId}", Hits: 2, LastSeen: t0.Add(48 * time.Hour), UnauthenticatedHits: 2},
			{Host: "api.example.com", Method: "GET", Path: "/users/{userId}/orders/{orderId}", Hits: 1, LastSeen: t0},
			{Host: "admin.example.com", Method: "POST", Path: "/debug/vars", Hits: 5, LastSeen: t0.Add(72 * time.Hour), UnauthenticatedHits: 5},
		},
		noise: []inventory.Noise{
			{Host: "api.example.com", Method: "GET", Path: "/wp-login.php", Hits: 3, Statuses: map[string]uint64{"404": 3}, FirstSeen: t0, LastSeen: t0},
		},
		fs: []diff.Finding{
			testFinding("f1", "shadow", "high", "admin.example.com", "POST", "/debug/vars"),
			testFinding("f2", "unused", "info", "api.example.com", "GET", "/health"),
		},
		st: Stats{Packets: 123, Bytes: 4567, KernelDrops: 1, Exchanges: 17, Endpoints: 4, Noise: 3,
			Detail: map[string]uint64{"reassembly.weird_http_gap_in_headers": 2, "sink1.pending": 0, "sink2.pending": 3, "sinks.pending": 3}},
	}
}

func get(t *testing.T, h http.Handler, target, token string) (int, string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func TestAPIEndpointsFilters(t *testing.T) {
	h := NewAPIHandler(newFakeSource(), "")
	tests := []struct {
		name  string
		query string
		want  []string // method+path
		code  int
	}{
		{"all", "", []string{"GET /users/{userId}", "DELETE /users/{userId}", "GET /users/{userId}/orders/{orderId}", "POST /debug/vars"}, 200},
		{"host", "host=ADMIN.example.com", []string{"POST /debug/vars"}, 200},
		{"method", "method=delete", []string{"DELETE /users/{userId}"}, 200},
		{"glob_segment", "path=/users/*", []string{"GET /users/{userId}", "DELETE /users/{userId}"}, 200},
		{"glob_deep", "path=/users/**", []string{"GET /users/{userId}", "DELETE /users/{userId}", "GET /users/{userId}/orders/{orderId}"}, 200},
		{"glob_exact", "path=/debug/vars", []string{"POST /debug/vars"}, 200},
		{"unauth", "unauthenticated", []string{"DELETE /users/{userId}", "POST /debug/vars"}, 200},
		{"unauth_false", "unauthenticated=false", []string{"GET /users/{userId}", "DELETE /users/{userId}", "GET /users/{userId}/orders/{orderId}", "POST /debug/vars"}, 200},
		{"since", "since=2026-11-02T00:00:00Z", []string{"DELETE /users/{userId}", "POST /debug/vars"}, 200},
		{"combined", "since=2026-11-02&host=api.example.com&unauthenticated=1", []string{"DELETE /users/{userId}"}, 200},
		{"bad_since", "since=yesterday", nil, 400},
		{"bad_glob", "path=/[", nil, 400},
		{"bad_bool", "unauthenticated=maybe", nil, 400},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := get(t, h, "/api/v1/endpoints?"+tt.query, "")
			if code != tt.code {
				t.Fatalf("code = %d, want %d: %s", code, tt.code, body)
			}
			if code != 200 {
				var e apiError
				if json.Unmarshal([]byte(body), &e) != nil || e.Error == "" {
					t.Errorf("error body = %q", body)
				}
				return
			}
			var es []inventory.Endpoint
			if err := json.Unmarshal([]byte(body), &es); err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range es {
				got = append(got, e.Method+" "+e.Path)
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestAPIEndpointsEmptyIsArray(t *testing.T) {
	h := NewAPIHandler(&fakeSource{}, "")
	_, body := get(t, h, "/api/v1/endpoints", "")
	if strings.TrimSpace(body) != "[]" {
		t.Errorf("body = %q, want []", body)
	}
}

func TestAPIFindingsStatsHealthMetrics(t *testing.T) {
	h := NewAPIHandler(newFakeSource(), "")
	code, body := get(t, h, "/api/v1/findings?kind=shadow", "")
	var fs []diff.Finding
	if code != 200 || json.Unmarshal([]byte(body), &fs) != nil || len(fs) != 1 || fs[0].ID != "f1" {
		t.Errorf("findings: %d %s", code, body)
	}
	code, body = get(t, h, "/api/v1/stats", "")
	var st Stats
	if code != 200 || json.Unmarshal([]byte(body), &st) != nil || st.Packets != 123 || st.KernelDrops != 1 {
		t.Errorf("stats: %d %s", code, body)
	}
	for _, key := range []string{`"packets"`, `"bytes"`, `"kernel_drops"`, `"flows"`, `"exchanges"`, `"gaps"`, `"skipped_bytes"`, `"noise"`, `"endpoints"`, `"uptime_seconds"`} {
		if !strings.Contains(body, key) {
			t.Errorf("stats lacks %s", key)
		}
	}
	code, body = get(t, h, "/healthz", "")
	if code != 200 || body != "ok\n" {
		t.Errorf("healthz: %d %q", code, body)
	}
	code, body = get(t, h, "/metrics", "")
	for _, want := range []string{"shadowtap_packets_total 123", "shadowtap_kernel_drops_total 1", "shadowtap_endpoints 4",
		`shadowtap_stage_counter_total{counter="reassembly.weird_http_gap_in_headers"} 2`, "go_goroutines",
		`shadowtap_findings_current{kind="shadow",severity="high"} 1`,
		`shadowtap_sink_pending{sink="1"} 0`, `shadowtap_sink_pending{sink="2"} 3`, "shadowtap_sinks_pending 3"} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	if strings.Contains(body, `counter="sink2.pending"`) || strings.Contains(body, `counter="sinks.pending"`) {
		t.Errorf("a pending gauge is exported as a counter")
	}
	if code != 200 {
		t.Errorf("metrics code %d", code)
	}
	if code, _ := get(t, h, "/nope", ""); code != 404 {
		t.Errorf("unknown path: %d", code)
	}
	req := httptest.NewRequest(http.MethodPost, "/api/v1/endpoints", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", rec.Code)
	}
}

func TestAPIToken(t *testing.T) {
	h := NewAPIHandler(newFakeSource(), "s3cret")
	tests := []struct {
		path, token string
		code        int
	}{
		{"/api/v1/endpoints", "", 401},
		{"/api/v1/endpoints", "wrong", 401},
		{"/api/v1/endpoints", "s3cre", 401},
		{"/api/v1/endpoints", "s3cret", 200},
		{"/api/v1/findings", "", 401},
		{"/api/v1/stats", "", 401},
		{"/metrics", "", 401},
		{"/metrics", "s3cret", 200},
		{"/healthz", "", 200},
	}
	for _, tt := range tests {
		if code, body := get(t, h, tt.path, tt.token); code != tt.code {
			t.Errorf("%s token %q: %d, want %d (%s)", tt.path, tt.token, code, tt.code, body)
		}
	}
}

func TestListenRule(t *testing.T) {
	tests := []struct {
		addr, token string
		wantErr     error
		bad         bool
	}{
		{"127.0.0.1:7780", "", nil, false},
		{"127.1.2.3:0", "", nil, false},
		{"[::1]:7780", "", nil, false},
		{"localhost:7780", "", nil, false},
		{"0.0.0.0:7780", "", ErrTokenRequired, false},
		{":7780", "", ErrTokenRequired, false},
		{"[::]:7780", "", ErrTokenRequired, false},
		{"10.0.0.5:7780", "", ErrTokenRequired, false},
		{"sensor.internal:7780", "", ErrTokenRequired, false},
		{"0.0.0.0:7780", "tok", nil, false},
		{"no-port", "", nil, true},
	}
	for _, tt := range tests {
		err := CheckListen(tt.addr, tt.token)
		if tt.bad {
			if err == nil {
				t.Errorf("CheckListen(%q): no error", tt.addr)
			}
			continue
		}
		if !errors.Is(err, tt.wantErr) && !(err == nil && tt.wantErr == nil) {
			t.Errorf("CheckListen(%q, %q) = %v, want %v", tt.addr, tt.token, err, tt.wantErr)
		}
	}
}

func TestReadTokenFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := writeFile(p, s); err != nil {
			t.Fatal(err)
		}
		return p
	}
	if tok, err := ReadTokenFile(write("ok", "  abc123\n")); err != nil || tok != "abc123" {
		t.Errorf("ok: %q %v", tok, err)
	}
	if _, err := ReadTokenFile(write("empty", " \n")); !errors.Is(err, ErrEmptyToken) {
		t.Errorf("empty: %v", err)
	}
	if _, err := ReadTokenFile(write("two", "a\nb\n")); err == nil {
		t.Error("two lines: no error")
	}
	if _, err := ReadTokenFile(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing: no error")
	}
}

func TestDiscoveryRoundTripAndClient(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	if _, found, err := ReadDiscovery(db); found || err != nil {
		t.Fatalf("before write: found=%v err=%v", found, err)
	}
	src := newFakeSource()
	srv := httptest.NewServer(NewAPIHandler(src, "tok"))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	d := Discovery{Addr: u.Host, PID: osGetpid(), TokenRequired: true, Started: t0}
	if err := WriteDiscovery(db, d); err != nil {
		t.Fatal(err)
	}
	got, found, err := ReadDiscovery(db)
	if err != nil || !found || got.Addr != d.Addr || got.PID != d.PID || !got.TokenRequired || !got.Started.Equal(t0) {
		t.Fatalf("ReadDiscovery = %+v %v %v", got, found, err)
	}
	ctx := context.Background()
	if _, err := QueryEndpoints(ctx, got, "", nil); !errors.Is(err, ErrTokenNeeded) {
		t.Errorf("no token: %v", err)
	}
	var ae *APIError
	if _, err := QueryEndpoints(ctx, got, "bad", nil); !errors.As(err, &ae) || ae.Status != 401 {
		t.Errorf("bad token: %v", err)
	}
	es, err := QueryEndpoints(ctx, got, "tok", EndpointFilter{Host: "api.example.com", Unauthenticated: true}.Values())
	if err != nil || len(es) != 1 || es[0].Method != "DELETE" {
		t.Errorf("QueryEndpoints = %+v, %v", es, err)
	}
	fs, err := QueryFindings(ctx, got, "tok", url.Values{"severity": {"info"}})
	if err != nil || len(fs) != 1 || fs[0].ID != "f2" {
		t.Errorf("QueryFindings = %+v, %v", fs, err)
	}
	st, err := QueryStats(ctx, got, "tok")
	if err != nil || st.Packets != 123 {
		t.Errorf("QueryStats = %+v, %v", st, err)
	}
	if err := RemoveDiscovery(db); err != nil {
		t.Fatal(err)
	}
	if err := RemoveDiscovery(db); err != nil {
		t.Errorf("second remove: %v", err)
	}
	if _, found, _ := ReadDiscovery(db); found {
		t.Error("found after remove")
	}
}

func TestDiscoveryStaleAndDamaged(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	// A pid that cannot exist (above pid_max's hard limit of 2^22).
	if err := WriteDiscovery(db, Discovery{Addr: "127.0.0.1:1", PID: 1 << 23}); err != nil {
		t.Fatal(err)
	}
	if _, found, err := ReadDiscovery(db); found || err != nil {
		t.Errorf("stale: found=%v err=%v", found, err)
	}
	if _, found, err := ReadDiscoveryFile(DiscoveryPath(db)); !found || err != nil {
		t.Errorf("ReadDiscoveryFile stale: found=%v err=%v", found, err)
	}
	if err := writeFile(DiscoveryPath(db), "{not json"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := ReadDiscovery(db); err == nil {
		t.Error("damaged: no error")
	}
}

func TestQueryUnreachable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	addr := srv.Listener.Addr().String()
	srv.Close()
	_, err := QueryEndpoints(context.Background(), Discovery{Addr: addr, PID: 1}, "", nil)
	if err == nil || !strings.Contains(err.Error(), "querying the running sensor") {
		t.Errorf("err = %v", err)
	}
	_ = io.Discard
}

// The inventory keys the loopback's names as 127.0.0.1; a --host filter
// typed with another of them finds the host, on the same port only.
func TestEndpointFilterLoopbackHost(t *testing.T) {
	e := &inventory.Endpoint{Host: "127.0.0.1:3000", Method: "GET", Path: "/x"}
	for _, h := range []string{"127.0.0.1:3000", "localhost:3000", "LocalHost:3000", "[::1]:3000"} {
		if !(EndpointFilter{Host: h}).Match(e) {
			t.Errorf("host filter %q does not match %s", h, e.Host)
		}
	}
	for _, h := range []string{"localhost:3001", "localhost", "app.localhost:3000", "10.0.0.1:3000"} {
		if (EndpointFilter{Host: h}).Match(e) {
			t.Errorf("host filter %q matches %s", h, e.Host)
		}
	}
}
