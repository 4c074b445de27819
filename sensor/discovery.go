package sensor

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
)

// Discovery is the small JSON file a running sensor writes beside its
// database (DiscoveryPath), so that `shadowtap endpoints --db DB` and
// `shadowtap diff --db DB`, which cannot open the locked DB, can find the
// sensor's API instead. It never holds the token itself.
type Discovery struct {
	// Addr is the API's address as host:port (the bound address, so a
	// ":0" listen is resolved).
	Addr string `json:"addr"`
	// PID is the sensor's process id.
	PID int `json:"pid"`
	// TokenRequired says the API wants a bearer token (--api-token-file).
	TokenRequired bool `json:"token_required"`
	// Started is when the sensor started.
	Started time.Time `json:"started"`
	// DB is the absolute database path, for messages.
	DB string `json:"db,omitempty"`
}

// URL is the API base URL (http://Addr).
func (d Discovery) URL() string { return "http://" + d.Addr }

// DiscoveryPath is the discovery file for a DB: DB + ".sensor.json".
func DiscoveryPath(dbPath string) string { return dbPath + ".sensor.json" }

// WriteDiscovery writes the discovery file atomically (temp file + rename),
// mode 0600.
func WriteDiscovery(dbPath string, d Discovery) error {
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		return err
	}
	name := DiscoveryPath(dbPath)
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp*")
	if err != nil {
		return fmt.Errorf("sensor: writing discovery file: %w", err)
	}
	_, werr := tmp.Write(append(b, '\n'))
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o600)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), name)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("sensor: writing discovery file: %w", werr)
	}
	return nil
}

// ReadDiscovery reads the discovery file for dbPath. found is false (and
// err nil) when there is none. A file whose process is gone is reported as
// not found (stale, left by a killed sensor); use ReadDiscoveryFile to see
// it anyway.
func ReadDiscovery(dbPath string) (d Discovery, found bool, err error) {
	d, found, err = ReadDiscoveryFile(DiscoveryPath(dbPath))
	if err != nil || !found {
		return d, found, err
	}
	if !processAlive(d.PID) {
		return d, false, nil
	}
	return d, true, nil
}

// ReadDiscoveryFile reads a discovery file without checking the process.
func ReadDiscoveryFile(name string) (Discovery, bool, error) {
	var d Discovery
	b, err := os.ReadFile(name)
	if errors.Is(err, os.ErrNotExist) {
		return d, false, nil
	}
	if err != nil {
		return d, false, fmt.Errorf("sensor: reading discovery file: %w", err)
	}
	if err := json.Unmarshal(b, &d); err != nil {
		return d, false, fmt.Errorf("sensor: discovery file %s is damaged: %w", name, err)
	}
	if d.Addr == "" {
		return d, false, fmt.Errorf("sensor: discovery file %s names no address", name)
	}
	return d, true, nil
}

// RemoveDiscovery removes the discovery file; a missing file is not an
// error.
func RemoveDiscovery(dbPath string) error {
	err := os.Remove(DiscoveryPath(dbPath))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("sensor: removing discovery file: %w", err)
	}
	return nil
}

func processAlive(pid int) bool {
	if pid <= 0 {
		return false
	}
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// ---------------------------------------------------------------- client

// APIError is an error answer from a sensor's API.
type APIError struct {
	URL     string
	Status  int
	Message string
}

func (e *APIError) Error() string {
	msg := e.Message
	if e.Status == http.StatusUnauthorized {
		msg += " (pass the sensor's token with --api-token-file)"
	}
	return fmt.Sprintf("sensor API %s: %d %s: %s", e.URL, e.Status, http.StatusText(e.Status), msg)
}

// ErrTokenNeeded: the discovery file says the sensor wants a token and none
// was given.
var ErrTokenNeeded = errors.New("sensor: the running sensor requires a bearer token: pass --api-token-file")

var apiClient = &http.Client{Timeout: 30 * time.Second}

func query(ctx context.Context, d Discovery, token, p string, q url.Values, v any) error {
	if d.TokenRequired && token == "" {
		return ErrTokenNeeded
	}
	u := d.URL() + p
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := apiClient.Do(req)
	if err != nil {
		return fmt.Errorf("sensor: querying the running sensor (pid %d) at %s: %w", d.PID, d.URL(), err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var ae apiError
		b, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
		if json.Unmarshal(b, &ae) != nil || ae.Error == "" {
			ae.Error = strings.TrimSpace(string(b))
		}
		return &APIError{URL: u, Status: resp.StatusCode, Message: ae.Error}
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		return fmt.Errorf("sensor: bad answer from %s: %w", u, err)
	}
	return nil
}

// QueryEndpoints asks a running sensor for its endpoints. query holds the
// filters (see EndpointFilter.Values).
func QueryEndpoints(ctx context.Context, d Discovery, token string, q url.Values) ([]inventory.Endpoint, error) {
	var es []inventory.Endpoint
	err := query(ctx, d, token, "/api/v1/endpoints", q, &es)
	return es, err
}

// QueryNoise asks a running sensor for its noise: the requests that never
// reached an endpoint, as of its last commit.
func QueryNoise(ctx context.Context, d Discovery, token string) ([]inventory.Noise, error) {
	var ns []inventory.Noise
	err := query(ctx, d, token, "/api/v1/noise", nil, &ns)
	return ns, err
}

// QueryTLS asks a running sensor for its TLS services as of its last
// commit.
func QueryTLS(ctx context.Context, d Discovery, token string) ([]inventory.TLSService, error) {
	var ts []inventory.TLSService
	err := query(ctx, d, token, "/api/v1/tls", nil, &ts)
	return ts, err
}

// QueryFindings asks a running sensor for its current findings (filters:
// kind, severity, host).
func QueryFindings(ctx context.Context, d Discovery, token string, q url.Values) ([]diff.Finding, error) {
	var fs []diff.Finding
	err := query(ctx, d, token, "/api/v1/findings", q, &fs)
	return fs, err
}

// QueryStats asks a running sensor for its counters.
func QueryStats(ctx context.Context, d Discovery, token string) (Stats, error) {
	var s Stats
	err := query(ctx, d, token, "/api/v1/stats", nil, &s)
	return s, err
}
