package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/storage"
)

// startUI runs `shadowtap ui args...` in-process until the test ends, and
// returns its base URL. stop ends it and returns its exit code and stderr.
func startUI(t *testing.T, args ...string) (base string, stop func() (int, string)) {
	t.Helper()
	addrs := make(chan net.Addr, 1)
	uiReady = func(a net.Addr) { addrs <- a }
	t.Cleanup(func() { uiReady = nil })
	ctx, cancel := context.WithCancel(context.Background())
	var errb bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, append([]string{"ui", "--listen", "127.0.0.1:0"}, args...), strings.NewReader(""), io.Discard, &errb)
	}()
	var code int
	exited := false
	stop = func() (int, string) {
		cancel()
		if !exited {
			code, exited = <-done, true
		}
		return code, errb.String()
	}
	t.Cleanup(func() { stop() })
	select {
	case a := <-addrs:
		return "http://" + a.String(), stop
	case code = <-done:
		exited = true
		t.Fatalf("ui exited %d before listening: %s", code, errb.String())
	case <-time.After(20 * time.Second):
		t.Fatal("ui never listened")
	}
	return "", stop
}

func httpGet(t *testing.T, u string, hdr ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", u, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestUICommand: `shadowtap ui` serves the UI and the API of a stored
// database, with the spec's coverage, and stops cleanly on a signal.
func TestUICommand(t *testing.T) {
	db := ingestSample(t)
	base, stop := startUI(t, "--db", db, "--spec", sampleSpec)
	for path, want := range map[string]string{
		"/":                      "88.0%",
		"/inventory":             "30 endpoints match",
		"/findings?severity=low": "findings match",
		"/api/v1/stats":          `"endpoints":30`,
	} {
		if code, body := httpGet(t, base+path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("GET %s: %d, no %q in:\n%.400s", path, code, want, body)
		}
	}
	if code, body := httpGet(t, base+"/api/v1/nothing"); code != 404 || !strings.Contains(body, `"error"`) {
		t.Errorf("GET /api/v1/nothing: %d %q", code, body)
	}
	code, errOut := stop()
	if code != 0 || !strings.Contains(errOut, "web UI for "+db) {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestUICommandMissingDB: without a database the UI still starts and says
// how to make one.
func TestUICommandMissingDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "none.db")
	base, _ := startUI(t, "--db", db)
	code, body := httpGet(t, base+"/")
	if code != 200 || !strings.Contains(body, "There is no database at") || !strings.Contains(body, "shadowtap ingest --db") {
		t.Errorf("GET /: %d\n%s", code, body)
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("ui created the database")
	}
}

// TestUICommandToken: the token rule of run: beyond loopback a token is
// required; with one, the UI asks a browser for it and the API wants the
// bearer header.
func TestUICommandToken(t *testing.T) {
	db := ingestSample(t)
	if _, errOut, code := shadowtap(t, "ui", "--db", db, "--listen", "0.0.0.0:0"); code != exitError || !strings.Contains(errOut, "without a bearer token") {
		t.Errorf("non-loopback without a token: exit %d, %q", code, errOut)
	}
	tok := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tok, []byte("s3cret\n"), 0o600)
	base, _ := startUI(t, "--db", db, "--api-token-file", tok)
	if code, body := httpGet(t, base+"/inventory"); code != 401 || !strings.Contains(body, `name="token"`) {
		t.Errorf("UI without the token: %d %.200q", code, body)
	}
	if code, _ := httpGet(t, base+"/inventory", "Authorization", "Bearer s3cret"); code != 200 {
		t.Errorf("UI with the bearer header: %d", code)
	}
	if code, _ := httpGet(t, base+"/?token=s3cret"); code != http.StatusSeeOther {
		t.Errorf("UI login: %d", code)
	}
	if code, _ := httpGet(t, base+"/api/v1/endpoints"); code != 401 {
		t.Errorf("API without the token: %d", code)
	}
}

// TestUICommandHeldDB: a database a sensor holds is the sensor's to show.
func TestUICommandHeldDB(t *testing.T) {
	db := ingestSample(t)
	sensorHoldingDB(t, db)
	_, errOut, code := shadowtap(t, "ui", "--db", db, "--listen", "127.0.0.1:0")
	if code != exitError || !strings.Contains(errOut, "serves this UI itself") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
}

// TestUICommandEmptyAndDamagedDB: a database without endpoints, or one that
// cannot be read, is explained on the page, not a failure.
func TestUICommandEmptyAndDamagedDB(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	held, err := storage.Open(empty, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	held.Close()
	damaged := filepath.Join(dir, "damaged.db")
	os.WriteFile(damaged, nil, 0o600)
	for db, want := range map[string]string{empty: "holds no endpoint yet", damaged: "cannot be read"} {
		base, _ := startUI(t, "--db", db)
		for _, p := range []string{"/", "/inventory", "/findings"} {
			if code, body := httpGet(t, base+p); code != 200 || !strings.Contains(body, want) {
				t.Errorf("%s %s: %d, no %q", db, p, code, want)
			}
		}
	}
}
