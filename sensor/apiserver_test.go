package sensor

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/storage"
)

// httpGetOn sends a keep-alive GET on c and reads the status line, or
// returns the read error (a deadline).
func httpGetOn(c net.Conn, path string, wait time.Duration) (string, error) {
	if _, err := io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: sensor\r\n\r\n"); err != nil {
		return "", err
	}
	c.SetReadDeadline(time.Now().Add(wait))
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		return "", err
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.Status, nil
}

// TestAPIConnectionLimit: the API serves at most APIMaxConns connections at
// once (one more waits until one closes), and its server times out idle
// connections and slow writes.
func TestAPIConnectionLimit(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Source = newLiveLike(&frameSource{})
	cfg.DBPath = filepath.Join(t.TempDir(), "inv.db")
	cfg.Listen = "127.0.0.1:0"
	cfg.APIMaxConns = 2
	s, _, ready := openSensor(t, cfg)
	if s.srv.IdleTimeout <= 0 || s.srv.WriteTimeout <= 0 {
		t.Errorf("API server timeouts: idle %v, write %v; want both set", s.srv.IdleTimeout, s.srv.WriteTimeout)
	}
	d, stop := runOpened(t, s, ready)
	defer stop()

	var held []net.Conn
	for i := 0; i < 2; i++ {
		c, err := net.Dial("tcp", d.Addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if st, err := httpGetOn(c, "/healthz", 10*time.Second); err != nil || st != "200 OK" {
			t.Fatalf("connection %d: %q %v", i+1, st, err)
		}
		held = append(held, c) // idle keep-alive from now on
	}
	extra, err := net.Dial("tcp", d.Addr) // the kernel queues it
	if err != nil {
		t.Fatal(err)
	}
	defer extra.Close()
	if st, err := httpGetOn(extra, "/healthz", 300*time.Millisecond); err == nil {
		t.Fatalf("a third connection was served (%s) with APIMaxConns 2", st)
	}
	held[0].Close()
	// The request already sent is answered once a slot is free.
	extra.SetReadDeadline(time.Now().Add(10 * time.Second))
	resp, err := http.ReadResponse(bufio.NewReader(extra), nil)
	if err != nil {
		t.Fatalf("third connection after one closed: %v", err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("third connection: %s", resp.Status)
	}
}

// fakeAddrListener is a working listener that reports another address: a
// name that resolved somewhere else.
type fakeAddrListener struct {
	net.Listener
	addr net.Addr
}

func (l fakeAddrListener) Addr() net.Addr { return l.addr }

// TestListenNameCheckedOnBoundAddress: "localhost" is not trusted by name;
// the token rule holds for the address bound. One bound beyond loopback
// needs the token; one bound on loopback does not.
func TestListenNameCheckedOnBoundAddress(t *testing.T) {
	dir := t.TempDir()
	base := func() Config {
		c := DefaultConfig()
		c.Source = newLiveLike(&frameSource{})
		c.DBPath = filepath.Join(dir, "inv.db")
		c.Listen = "localhost:0"
		return c
	}
	t.Run("resolves_elsewhere", func(t *testing.T) {
		orig := listenTCP
		defer func() { listenTCP = orig }()
		listenTCP = func(network, _ string) (net.Listener, error) {
			ln, err := orig(network, "127.0.0.1:0")
			if err != nil {
				return nil, err
			}
			return fakeAddrListener{ln, &net.TCPAddr{IP: net.IPv4(192, 0, 2, 7), Port: 7780}}, nil
		}
		s, err := Open(base(), io.Discard)
		if err == nil {
			s.closeAll()
		}
		if !errors.Is(err, ErrTokenRequired) || !strings.Contains(err.Error(), "192.0.2.7") {
			t.Errorf("Open = %v, want ErrTokenRequired naming the bound address", err)
		}
		db, err := storage.Open(filepath.Join(dir, "inv.db"), storage.Options{Timeout: 100 * time.Millisecond})
		if err != nil {
			t.Fatalf("DB left locked: %v", err)
		}
		db.Close()
	})
	t.Run("loopback", func(t *testing.T) {
		d, stop, _ := startSensor(t, base())
		if d.TokenRequired {
			t.Error("loopback listener wants a token")
		}
		if err := stop(); err != nil {
			t.Fatal(err)
		}
	})
	for _, tt := range []struct {
		addr  net.Addr
		token string
		ok    bool
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 1}, "", true},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 1}, "", true},
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1).To16(), Port: 1}, "", true},
		{&net.TCPAddr{IP: net.IPv4(10, 0, 0, 5), Port: 1}, "", false},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 1}, "", false},
		{&net.TCPAddr{IP: net.IPv4(10, 0, 0, 5), Port: 1}, "tok", true},
	} {
		if err := checkBound(tt.addr, tt.token); (err == nil) != tt.ok {
			t.Errorf("checkBound(%v, %q) = %v", tt.addr, tt.token, err)
		}
	}
}

// TestTokenFileModeWarning: a token file others can read is warned about
// once at start (as ssh does for keys), not refused.
func TestTokenFileModeWarning(t *testing.T) {
	for _, tt := range []struct {
		mode os.FileMode
		warn bool
	}{
		{0o600, false},
		{0o400, false},
		{0o640, true},
		{0o644, true},
	} {
		t.Run(tt.mode.String(), func(t *testing.T) {
			dir := t.TempDir()
			tok := filepath.Join(dir, "tok")
			if err := os.WriteFile(tok, []byte("t0ken\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(tok, tt.mode); err != nil {
				t.Fatal(err)
			}
			cfg := DefaultConfig()
			cfg.Source = newLiveLike(&frameSource{})
			cfg.DBPath = filepath.Join(dir, "inv.db")
			cfg.Listen = "127.0.0.1:0"
			cfg.APITokenFile = tok
			_, stop, stderr := startSensor(t, cfg)
			if err := stop(); err != nil {
				t.Fatal(err)
			}
			n := strings.Count(stderr.String(), "accessible by group or others")
			if tt.warn && (n != 1 || !strings.Contains(stderr.String(), tok)) {
				t.Errorf("mode %v: want one warning naming the file, stderr:\n%s", tt.mode, stderr.String())
			}
			if !tt.warn && n != 0 {
				t.Errorf("mode %v: unexpected warning:\n%s", tt.mode, stderr.String())
			}
		})
	}
}

// TestAPINoise: GET /api/v1/noise serves the data source's noise, [] when
// there is none, and wants the token like the other routes.
func TestAPINoise(t *testing.T) {
	h := NewAPIHandler(newFakeSource(), "")
	code, body := get(t, h, "/api/v1/noise", "")
	var ns []inventory.Noise
	if code != 200 || json.Unmarshal([]byte(body), &ns) != nil || len(ns) != 1 || ns[0].Path != "/wp-login.php" || ns[0].Statuses["404"] != 3 {
		t.Errorf("noise: %d %s", code, body)
	}
	if _, body := get(t, NewAPIHandler(&fakeSource{}, ""), "/api/v1/noise", ""); strings.TrimSpace(body) != "[]" {
		t.Errorf("empty noise = %q, want []", body)
	}
	h = NewAPIHandler(newFakeSource(), "s3cret")
	if code, _ := get(t, h, "/api/v1/noise", ""); code != 401 {
		t.Errorf("noise without token: %d", code)
	}
	if code, _ := get(t, h, "/api/v1/noise", "s3cret"); code != 200 {
		t.Errorf("noise with token: %d", code)
	}
}

// TestSensorServesNoise: a running sensor serves the noise of its last
// commit, equal to what the stored inventory lists once it stopped.
func TestSensorServesNoise(t *testing.T) {
	xs := append(synthTraffic(),
		synthExchange{"GET", "/wp-login.php", false, 404, "", ""},
		synthExchange{"POST", "/.env", false, 404, "", ""},
	)
	cfg := DefaultConfig()
	cfg.Source = newLiveLike(buildSource(t, xs))
	cfg.DBPath = filepath.Join(t.TempDir(), "inv.db")
	cfg.Listen = "127.0.0.1:0"
	cfg.CommitInterval = 20 * time.Millisecond
	d, stop, stderr := startSensor(t, cfg)
	n := uint64(len(xs))
	waitStats(t, d, func(s Stats) bool { return s.Exchanges == n && s.Noise == 2 && !s.LastCommit.IsZero() })
	var got []inventory.Noise
	deadline := time.Now().Add(10 * time.Second)
	for len(got) < 2 && time.Now().Before(deadline) {
		var err error
		if got, err = QueryNoise(context.Background(), d, ""); err != nil {
			t.Fatal(err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Fatalf("Run = %v\n%s", err, stderr.String())
	}
	inv := storedInventory(t, cfg.DBPath)
	gotJSON, _ := json.Marshal(got)
	wantJSON, _ := json.Marshal(inv.Noise())
	if len(got) != 2 || string(gotJSON) != string(wantJSON) {
		t.Errorf("API noise:\n %s\nstored noise:\n %s", gotJSON, wantJSON)
	}
}
