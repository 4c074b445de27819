package sensor

import (
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/diff"
)

// uiStub stands for the web UI: it answers every request it gets with its
// path.
var uiStub = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain")
	_, _ = w.Write([]byte("ui:" + r.URL.Path))
})

func do(h http.Handler, method, target string, hdr map[string]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// TestWithUIRoutes: the UI takes the paths the API does not own; unknown API
// paths keep their JSON 404 and the method rule holds for the UI too.
func TestWithUIRoutes(t *testing.T) {
	h := NewAPIHandler(&fakeSource{}, "", WithUI(uiStub))
	for path, want := range map[string]string{
		"/":                 "ui:/",
		"/inventory":        "ui:/inventory",
		"/api/v1/nothing":   `{"error":"not found`,
		"/api":              `{"error":"not found`,
		"/api/v1/endpoints": "[]",
		"/healthz":          "ok",
	} {
		rec := do(h, "GET", path, nil)
		if !strings.HasPrefix(rec.Body.String(), want) {
			t.Errorf("GET %s: %d %q, want %q...", path, rec.Code, rec.Body.String(), want)
		}
	}
	if rec := do(h, "POST", "/inventory", nil); rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST to the UI: %d", rec.Code)
	}
	// Without the option, "/" is still the API's JSON 404.
	if rec := do(NewAPIHandler(&fakeSource{}, ""), "GET", "/", nil); rec.Code != 404 || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("no UI: GET / %d %q", rec.Code, rec.Body.String())
	}
}

// TestWithUIToken: a browser logs in with ?token= once and then holds an
// HttpOnly, SameSite=Strict cookie that opens the UI but not the API.
func TestWithUIToken(t *testing.T) {
	const tok = "tok-123"
	h := NewAPIHandler(&fakeSource{}, tok, WithUI(uiStub))

	// No credentials: the login page for the UI, JSON 401 for the API.
	rec := do(h, "GET", "/inventory?host=a", nil)
	if rec.Code != 401 || !strings.Contains(rec.Body.String(), `name="token"`) || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Errorf("UI without a token: %d %q", rec.Code, rec.Body.String())
	}
	if rec := do(h, "GET", "/api/v1/stats", nil); rec.Code != 401 || !strings.Contains(rec.Body.String(), "bearer token") {
		t.Errorf("API without a token: %d %q", rec.Code, rec.Body.String())
	}
	// The bearer header opens both.
	auth := map[string]string{"Authorization": "Bearer " + tok}
	if rec := do(h, "GET", "/inventory", auth); rec.Code != 200 || rec.Body.String() != "ui:/inventory" {
		t.Errorf("UI with the header: %d %q", rec.Code, rec.Body.String())
	}
	// A wrong token: the login page again, and no cookie.
	rec = do(h, "GET", "/?token=wrong", nil)
	if rec.Code != 401 || len(rec.Result().Cookies()) != 0 || !strings.Contains(rec.Body.String(), "not this sensor's token") {
		t.Errorf("wrong token: %d, cookies %v", rec.Code, rec.Result().Cookies())
	}
	// The right one: a cookie and a redirect to the page without the token.
	rec = do(h, "GET", "/inventory?host=a&token="+tok, nil)
	cs := rec.Result().Cookies()
	if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != "/inventory?host=a" || len(cs) != 1 {
		t.Fatalf("login: %d, Location %q, cookies %v", rec.Code, rec.Header().Get("Location"), cs)
	}
	c := cs[0]
	if c.Name != UITokenCookie || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" || strings.Contains(c.Value, tok) {
		t.Errorf("cookie %+v", c)
	}
	cookie := map[string]string{"Cookie": c.Name + "=" + c.Value}
	if rec := do(h, "GET", "/inventory", cookie); rec.Code != 200 || rec.Body.String() != "ui:/inventory" {
		t.Errorf("UI with the cookie: %d %q", rec.Code, rec.Body.String())
	}
	// The cookie is not an API credential.
	for _, p := range []string{"/api/v1/endpoints", "/metrics"} {
		if rec := do(h, "GET", p, cookie); rec.Code != 401 {
			t.Errorf("%s with the UI cookie: %d", p, rec.Code)
		}
	}
	if rec := do(h, "GET", "/", map[string]string{"Cookie": UITokenCookie + "=" + tok}); rec.Code != 401 {
		t.Errorf("the raw token as cookie: %d", rec.Code)
	}
	// The redirect never leaves the server.
	for target, want := range map[string]string{"//evil.example/x?token=" + tok: "/", "/a?token=" + tok: "/a"} {
		rec := do(h, "GET", target, nil)
		if loc := rec.Header().Get("Location"); loc != want {
			t.Errorf("GET %s: Location %q, want %q", target, loc, want)
		}
	}
	if rec := do(h, "GET", "/healthz", nil); rec.Code != 200 {
		t.Errorf("/healthz: %d", rec.Code)
	}
}

// TestConfigUI: run's server serves Config.UI, built over the sensor itself
// (which also tells its specs).
func TestConfigUI(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Source = newLiveLike(&frameSource{})
	cfg.DBPath = filepath.Join(t.TempDir(), "inv.db")
	cfg.Listen = "127.0.0.1:0"
	var built DataSource
	cfg.UI = func(src DataSource) http.Handler { built = src; return uiStub }
	s, _, ready := openSensor(t, cfg)
	_, stop := runOpened(t, s, ready)
	defer stop()
	if built != DataSource(s) {
		t.Fatalf("the UI was built over %T, want the sensor", built)
	}
	if _, ok := built.(interface{ Specs() []*diff.Spec }); !ok {
		t.Error("the sensor does not tell its specs")
	}
	if rec := do(s.srv.Handler, "GET", "/findings", nil); rec.Body.String() != "ui:/findings" {
		t.Errorf("GET /findings: %d %q", rec.Code, rec.Body.String())
	}
	if rec := do(s.srv.Handler, "GET", "/api/v1/x", nil); rec.Code != 404 || !strings.Contains(rec.Body.String(), `"error"`) {
		t.Errorf("GET /api/v1/x: %d %q", rec.Code, rec.Body.String())
	}
}
