package sensor

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
)

// Stats is what GET /api/v1/stats returns and /metrics exports. Names are
// API (JSON, Prometheus, README).
type Stats struct {
	Started       time.Time `json:"started"`
	UptimeSeconds float64   `json:"uptime_seconds"`

	// Capture.
	Packets      uint64 `json:"packets"`
	Bytes        uint64 `json:"bytes"`
	KernelDrops  uint64 `json:"kernel_drops"`
	KernelFreeze uint64 `json:"kernel_queue_freezes"`

	// Reassembly. Exchanges is live; Flows, Gaps, SkippedBytes and the
	// reassembly.* detail counters are reassembly's totals, known once
	// capture stops (reassembly has no live snapshot yet).
	Flows        uint64 `json:"flows"`
	Exchanges    uint64 `json:"exchanges"`
	Gaps         uint64 `json:"gaps"`
	SkippedBytes uint64 `json:"skipped_bytes"`

	// Inventory.
	Endpoints    uint64 `json:"endpoints"`
	Hosts        uint64 `json:"hosts"`
	Noise        uint64 `json:"noise"`
	HostOverflow uint64 `json:"host_overflow"`
	// NoiseHostOverflow counts noise for new hosts refused because as many
	// noise-only hosts are tracked as the host cap (junk Host headers).
	NoiseHostOverflow uint64 `json:"noise_host_overflow"`
	EndpointOverflow  uint64 `json:"endpoint_overflow"`

	// Storage and findings.
	Commits      uint64    `json:"commits"`
	CommitErrors uint64    `json:"commit_errors"`
	LastCommit   time.Time `json:"last_commit,omitzero"`
	Findings     uint64    `json:"findings"`
	// FindingsNew counts findings accepted by a first sink (each once,
	// however many sinks take it).
	FindingsNew uint64 `json:"findings_emitted"`
	// SinkErrors counts failed deliveries (each offered again later).
	SinkErrors   uint64 `json:"sink_errors"`
	Reloads      uint64 `json:"reloads"`
	ReloadErrors uint64 `json:"reload_errors"`

	// Detail holds every other named counter from the stages (reassembly
	// weirds, decoder and inventory counters), flattened as
	// "stage.counter_name", and per sink as configured sinkN.emitted,
	// .failed, .dropped, .retries (since the last reload) and the gauge
	// sinkN.pending (current findings, and resolutions of findings no
	// longer current, the sink has not accepted yet), with
	// sinks.* in all.
	Detail map[string]uint64 `json:"detail,omitempty"`
}

// DataSource is what the API serves. The handler only reads what the
// methods return (it may be shared with other readers); calls come from
// many goroutines at once.
type DataSource interface {
	Endpoints() []inventory.Endpoint
	// Noise is the requests that never reached an endpoint, as
	// inventory.Inventory.Noise lists them.
	Noise() []inventory.Noise
	// TLS is the encrypted services, as inventory.Inventory.TLSServices
	// lists them.
	TLS() []inventory.TLSService
	Findings() []diff.Finding
	Stats() Stats
}

// EndpointFilter selects endpoints, with the same meaning as the CLI's
// `shadowtap endpoints` flags. Zero fields do not filter.
type EndpointFilter struct {
	// Host matches the endpoint host exactly (case-insensitive); any of the
	// loopback's names matches the loopback's host with the same port.
	Host string
	// Method matches the method exactly (case-insensitive).
	Method string
	// Path is a glob over the path template: '*' matches within one
	// segment, '?' one character, [...] a class (path.Match), and a final
	// "/**" matches any number of further segments (including none).
	Path string
	// Unauthenticated keeps endpoints that served at least one request
	// without credentials (UnauthenticatedHits > 0).
	Unauthenticated bool
	// Since keeps endpoints seen at or after this time (LastSeen).
	Since time.Time
}

// ParseEndpointFilter reads an EndpointFilter from query parameters: host,
// method, path, unauthenticated (true/false/1/0, or present with no value),
// since (RFC 3339 time, or a Go duration like 24h meaning "that long before
// now").
func ParseEndpointFilter(q url.Values, now time.Time) (EndpointFilter, error) {
	f := EndpointFilter{Host: q.Get("host"), Method: q.Get("method"), Path: q.Get("path")}
	if f.Path != "" {
		if _, err := path.Match(strings.TrimSuffix(f.Path, "/**"), "/"); err != nil {
			return f, fmt.Errorf("bad path glob %q: %w", f.Path, err)
		}
	}
	if q.Has("unauthenticated") {
		v := q.Get("unauthenticated")
		if v == "" {
			f.Unauthenticated = true
		} else {
			b, err := strconv.ParseBool(v)
			if err != nil {
				return f, fmt.Errorf("bad unauthenticated value %q (want true or false)", v)
			}
			f.Unauthenticated = b
		}
	}
	if s := q.Get("since"); s != "" {
		t, err := ParseSince(s, now)
		if err != nil {
			return f, err
		}
		f.Since = t
	}
	return f, nil
}

// ParseSince parses an RFC 3339 time or a duration before now.
func ParseSince(s string, now time.Time) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t, nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return time.Time{}, fmt.Errorf("bad since value %q (want an RFC 3339 time, a date, or a duration such as 24h)", s)
}

// Values encodes the filter as query parameters (the inverse of
// ParseEndpointFilter).
func (f EndpointFilter) Values() url.Values {
	q := url.Values{}
	if f.Host != "" {
		q.Set("host", f.Host)
	}
	if f.Method != "" {
		q.Set("method", f.Method)
	}
	if f.Path != "" {
		q.Set("path", f.Path)
	}
	if f.Unauthenticated {
		q.Set("unauthenticated", "true")
	}
	if !f.Since.IsZero() {
		q.Set("since", f.Since.UTC().Format(time.RFC3339))
	}
	return q
}

// Match reports whether e passes the filter.
func (f EndpointFilter) Match(e *inventory.Endpoint) bool {
	if f.Host != "" && !strings.EqualFold(f.Host, e.Host) && !inventory.SameLoopbackHost(f.Host, e.Host) {
		return false
	}
	if f.Method != "" && !strings.EqualFold(f.Method, e.Method) {
		return false
	}
	if f.Path != "" && !globPath(f.Path, e.Path) {
		return false
	}
	if f.Unauthenticated && e.UnauthenticatedHits == 0 {
		return false
	}
	if !f.Since.IsZero() && e.LastSeen.Before(f.Since) {
		return false
	}
	return true
}

func globPath(pattern, p string) bool {
	prefix, deep := strings.CutSuffix(pattern, "/**")
	if !deep {
		ok, _ := path.Match(pattern, p)
		return ok
	}
	if ok, _ := path.Match(prefix, p); ok {
		return true
	}
	// Match the prefix against p cut before its (n+1)-th '/', where n is
	// the number of '/' in the prefix: the prefix's segments, then more.
	n := strings.Count(prefix, "/")
	seen := 0
	for i := 0; i < len(p); i++ {
		if p[i] != '/' {
			continue
		}
		if seen == n {
			ok, _ := path.Match(prefix, p[:i])
			return ok
		}
		seen++
	}
	return false
}

// FilterEndpoints returns the endpoints passing f, in their input order.
func FilterEndpoints(es []inventory.Endpoint, f EndpointFilter) []inventory.Endpoint {
	out := make([]inventory.Endpoint, 0, len(es))
	for i := range es {
		if f.Match(&es[i]) {
			out = append(out, es[i])
		}
	}
	return out
}

// apiError is the JSON body of every error answer.
type apiError struct {
	Error string `json:"error"`
}

// NewAPIHandler returns the sensor's HTTP API:
//
//	GET /api/v1/endpoints  JSON array of inventory.Endpoint (filters: host, method, path, unauthenticated, since)
//	GET /api/v1/noise      JSON array of inventory.Noise (as `endpoints --noise --format json`)
//	GET /api/v1/tls        JSON array of inventory.TLSService (as `endpoints --tls --format json`)
//	GET /api/v1/findings   JSON array of findings (filters: kind, severity, host)
//	GET /api/v1/stats      JSON Stats
//	GET /metrics           Prometheus text exposition
//	GET /healthz           "ok" (never needs the token)
//
// When token is not empty every path but /healthz needs the header
// "Authorization: Bearer TOKEN", compared in constant time; a missing or
// wrong token gets 401. Only GET and HEAD are allowed.
//
// With WithUI, every other path outside /api/ is the web UI's, behind the
// same rules (see WithUI for how a browser presents the token).
func NewAPIHandler(src DataSource, token string, opts ...APIOption) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(newStatsCollector(src))
	reg.MustRegister(collectors.NewGoCollector())
	reg.MustRegister(collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return newAPIHandler(src, token, reg, opts...)
}

func newAPIHandler(src DataSource, token string, reg *prometheus.Registry, opts ...APIOption) http.Handler {
	var o apiOptions
	for _, opt := range opts {
		opt(&o)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /api/v1/endpoints", func(w http.ResponseWriter, r *http.Request) {
		f, err := ParseEndpointFilter(r.URL.Query(), time.Now())
		if err != nil {
			writeJSON(w, http.StatusBadRequest, apiError{Error: err.Error()})
			return
		}
		writeJSON(w, http.StatusOK, FilterEndpoints(src.Endpoints(), f))
	})
	mux.HandleFunc("GET /api/v1/noise", func(w http.ResponseWriter, r *http.Request) {
		ns := src.Noise()
		if ns == nil {
			ns = []inventory.Noise{} // [] rather than null, as for a database
		}
		writeJSON(w, http.StatusOK, ns)
	})
	mux.HandleFunc("GET /api/v1/tls", func(w http.ResponseWriter, r *http.Request) {
		ts := src.TLS()
		if ts == nil {
			ts = []inventory.TLSService{}
		}
		writeJSON(w, http.StatusOK, ts)
	})
	mux.HandleFunc("GET /api/v1/findings", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, FilterFindings(src.Findings(), r.URL.Query()))
	})
	mux.HandleFunc("GET /api/v1/stats", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, src.Stats())
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if o.ui != nil && isUIPath(r.URL.Path) {
			o.ui.ServeHTTP(w, r)
			return
		}
		writeJSON(w, http.StatusNotFound, apiError{Error: "not found: see /api/v1/endpoints, /api/v1/noise, /api/v1/tls, /api/v1/findings, /api/v1/stats, /metrics, /healthz"})
	})
	want := []byte("Bearer " + token)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeJSON(w, http.StatusMethodNotAllowed, apiError{Error: "method not allowed"})
			return
		}
		if token != "" && r.URL.Path != "/healthz" {
			got := []byte(r.Header.Get("Authorization"))
			switch {
			case subtle.ConstantTimeCompare(got, want) == 1:
			case o.ui != nil && isUIPath(r.URL.Path):
				// A browser cannot send the header: the UI's token
				// cookie, or a login page.
				if !uiAuthorized(w, r, token) {
					return
				}
			default:
				w.Header().Set("WWW-Authenticate", `Bearer realm="shadowtap"`)
				writeJSON(w, http.StatusUnauthorized, apiError{Error: "missing or wrong bearer token"})
				return
			}
		}
		mux.ServeHTTP(w, r)
	})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(code)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// ---------------------------------------------------------------- listen rule

// Listen errors.
var (
	// ErrTokenRequired: the API would listen beyond loopback without a token.
	ErrTokenRequired = errors.New("sensor: refusing to serve the API on a non-loopback address without a bearer token (use --api-token-file, or listen on 127.0.0.1)")
	// ErrEmptyToken: the token file holds no token.
	ErrEmptyToken = errors.New("sensor: API token file is empty")
)

// DefaultListen is the API's default address: loopback only.
const DefaultListen = "127.0.0.1:7780"

// IsLoopbackListen reports whether addr (host:port) names only this machine:
// an IP loopback address or "localhost". It judges the name alone, before
// anything is bound: "localhost" may resolve elsewhere, so Open checks the
// address it actually bound as well. An empty host (":7780") listens on
// every interface and is not loopback.
func IsLoopbackListen(addr string) (bool, error) {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false, fmt.Errorf("sensor: bad listen address %q: %w", addr, err)
	}
	if strings.EqualFold(host, "localhost") {
		return true, nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		// A host name other than localhost may resolve anywhere.
		return false, nil
	}
	return ip.IsLoopback(), nil
}

// CheckListen applies the token rule to the address as written: a
// non-loopback address needs a non-empty token. It lets a failure come
// before any setup; checkBound then judges the address bound.
func CheckListen(addr, token string) error {
	lo, err := IsLoopbackListen(addr)
	if err != nil {
		return err
	}
	if !lo && token == "" {
		return ErrTokenRequired
	}
	return nil
}

// checkBound applies the token rule to the address a listener actually
// bound: unless it is an IP loopback address, a non-empty token is needed.
// A name such as "localhost" is trusted only once it is known to resolve to
// loopback.
func checkBound(addr net.Addr, token string) error {
	if token != "" {
		return nil
	}
	var ip netip.Addr
	switch a := addr.(type) {
	case *net.TCPAddr:
		ip = a.AddrPort().Addr()
	default:
		ap, err := netip.ParseAddrPort(addr.String())
		if err != nil {
			return ErrTokenRequired
		}
		ip = ap.Addr()
	}
	if !ip.Unmap().IsLoopback() {
		return fmt.Errorf("%w (bound %s)", ErrTokenRequired, addr)
	}
	return nil
}

// tokenFileWarning returns a warning when the token file can be read or
// written by its group or by others (mode&0o077 != 0: what ssh refuses for
// keys), or "" when it cannot or its mode is unknown.
func tokenFileWarning(name string) string {
	fi, err := os.Stat(name)
	if err != nil || fi.Mode().Perm()&0o077 == 0 {
		return ""
	}
	return fmt.Sprintf("API token file %s is accessible by group or others (mode %04o); run chmod 600 %s", name, fi.Mode().Perm(), name)
}

// ReadTokenFile reads a bearer token: the file's content with surrounding
// white space trimmed. An empty token is an error.
func ReadTokenFile(name string) (string, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return "", fmt.Errorf("sensor: reading API token: %w", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("%w: %s", ErrEmptyToken, name)
	}
	if strings.ContainsAny(tok, "\r\n") {
		return "", fmt.Errorf("sensor: API token file %s holds more than one line", name)
	}
	return tok, nil
}

// FilterFindings keeps the findings matching the query parameters kind,
// severity and host (each case-insensitive, empty matches all), as GET
// /api/v1/findings and the web UI filter them.
func FilterFindings(fs []diff.Finding, q url.Values) []diff.Finding {
	kind, sev, host := q.Get("kind"), q.Get("severity"), q.Get("host")
	out := make([]diff.Finding, 0, len(fs))
	for _, f := range fs {
		if kind != "" && !strings.EqualFold(kind, f.Kind) {
			continue
		}
		if sev != "" && !strings.EqualFold(sev, f.Severity.String()) {
			continue
		}
		if host != "" && !strings.EqualFold(host, f.Host) {
			continue
		}
		out = append(out, f)
	}
	return out
}
