package inventory

import (
	"errors"
	"fmt"
	"io"
	"strings"

	yaml "go.yaml.in/yaml/v4"
)

// Config tunes an Inventory. The zero value of a cap means its default (see
// DefaultConfig); every cap bounds memory and reaching it bumps a counter in
// Stats, never a crash.
type Config struct {
	// Hints are user overrides of path templating (see Hint).
	Hints []Hint

	// APIKeyHeaders are request header names (case-insensitive) whose
	// presence is an API-key credential. Any header whose name, lower-cased
	// without '-' and '_', contains "apikey" counts as well. Default:
	// X-API-Key, Api-Key, X-Api-Token, X-Auth-Token, X-Access-Token,
	// X-Token, X-Client-Secret, Ocp-Apim-Subscription-Key, X-RapidAPI-Key,
	// Private-Token, X-Goog-Api-Key, X-Amz-Security-Token.
	APIKeyHeaders []string
	// TokenQueryParams are query parameter names (case-insensitive) whose
	// presence is a credential ("token_query"). Default: api_key, apikey,
	// api-key, access_token, accesstoken, auth_token, token, key,
	// client_secret, id_token, refresh_token, sig, signature,
	// x-amz-signature (the last three count as "signed_url").
	TokenQueryParams []string
	// SessionCookies are cookie-name patterns (case-insensitive; a leading or
	// trailing '*' is a wildcard) that count as a session credential
	// ("session_cookie"). Default: session, sessionid, session_id, sess,
	// sid, *_sid, *sid, *sessid, jsessionid, phpsessid, connect.sid,
	// *_session, session_*, *-session, *session-token, *auth*, *token*,
	// jwt, keycloak_identity, laravel_session, _oauth2_proxy.
	SessionCookies []string
	// CookieOnlyIsCredential: a Cookie header whose cookies match none of
	// the SessionCookies patterns (only a locale, say) still counts as a
	// credential, of kind "cookie". Default true (DefaultConfig): a passive
	// sensor cannot know every application's cookie names, and scoring
	// conventions count any Cookie header as credentials. Set it false to
	// count such requests as unauthenticated.
	CookieOnlyIsCredential bool
	// Salt is mixed into every fingerprint (client addresses). Use the same
	// salt for inventories whose states are merged.
	Salt []byte

	// MaxHosts caps the hosts with endpoints (default 512), and apart from
	// them the hosts that only have noise so far: junk Host headers
	// answered 404 never take a real host's slot. Exchanges for further
	// hosts are counted (Stats.HostOverflow, Stats.NoiseHostOverflow) and
	// dropped.
	MaxHosts int
	// MaxEndpoints caps endpoints over all hosts (default 50000) and
	// MaxEndpointsPerHost per host (default 2000). A new endpoint past a cap
	// is counted in Stats.EndpointOverflow and its exchange dropped.
	MaxEndpoints        int
	MaxEndpointsPerHost int
	// MaxNodesPerHost caps the path-trie nodes of one host (default 20000).
	// Past it a new literal segment goes to its position's parameter when
	// there is one, else the exchange is dropped; both are counted in
	// Stats.NodeOverflow. Past half of it, a recording host settles in
	// place to make room instead of settling a copy (snapshot.go); the
	// copy, made only while the host is read, is at most that size.
	MaxNodesPerHost int
	// MaxChildrenPerNode is the hard cap on distinct literal children of one
	// trie node (default 200). Further distinct values at that position go to
	// the position's parameter (created if needed, named from the parent),
	// counted in Stats.ChildOverflow; existing literals stay.
	MaxChildrenPerNode int
	// MaxSegments caps the segments of a path (default 32); later segments
	// are dropped and counted in Stats.PathsTruncated. MaxSegmentLen caps a
	// segment's length in bytes (default 256), likewise.
	MaxSegments   int
	MaxSegmentLen int
	// MaxExamples caps the concrete example paths kept per endpoint
	// (default 5); further distinct paths are not kept.
	MaxExamples int
	// MaxQueryParams caps the distinct query parameter names per endpoint
	// (default 32); further names are counted in Stats.QueryParamOverflow.
	MaxQueryParams int
	// MaxNoisePerHost caps the distinct noise (method, path) entries per host
	// (default 2000); further noise is counted in Stats.NoiseOverflow only.
	MaxNoisePerHost int
	// MaxTLSServices caps the encrypted services tracked (server address
	// and SNI); more are counted in Stats.TLSServiceOverflow.
	MaxTLSServices int
	// MaxShapeDepth and MaxShapeProps bound inferred JSON shapes (defaults 8
	// and 64 properties per object); deeper or wider parts are cut and
	// counted in Stats.ShapeTruncated.
	MaxShapeDepth int
	MaxShapeProps int
	// MaxScanBytes caps the bytes of each body scanned for sensitive data
	// and shapes (default 64 KiB).
	MaxScanBytes int
	// ShapeSamples: the first ShapeSamples bodies of an endpoint are parsed
	// for shapes, then one in ShapeSampleEvery (defaults 32 and 16), the
	// interval doubling each time the endpoint's hits double past
	// ShapeSamples×ShapeSampleEvery, up to maxSampleEvery (sampleEvery).
	ShapeSamples     int
	ShapeSampleEvery int
	// SensitiveSamples: the sensitive-data scan (bodies, query values,
	// headers) runs on the first SensitiveSamples exchanges of an endpoint,
	// then on one in SensitiveSampleEvery (defaults 32 and 8), the interval
	// doubling as for shapes; a scan's findings count as many times as the
	// interval it was taken at. Endpoint.Sensitive counts are then
	// estimates: exact while an endpoint has had at most SensitiveSamples
	// hits. Kinds found in a path segment (e-mail, JWT) are always counted
	// exactly. SensitiveSampleEvery 1 scans everything.
	SensitiveSamples     int
	SensitiveSampleEvery int
}

// DefaultConfig returns the default configuration.
func DefaultConfig() Config {
	return Config{
		APIKeyHeaders: []string{"X-API-Key", "Api-Key", "X-Api-Token", "X-Auth-Token", "X-Access-Token",
			"X-Token", "X-Client-Secret", "Ocp-Apim-Subscription-Key", "X-RapidAPI-Key", "Private-Token",
			"X-Goog-Api-Key", "X-Amz-Security-Token"},
		TokenQueryParams: []string{"api_key", "apikey", "api-key", "access_token", "accesstoken",
			"auth_token", "token", "key", "client_secret", "id_token", "refresh_token", "sig",
			"signature", "x-amz-signature"},
		SessionCookies: []string{"session", "sessionid", "session_id", "sess", "sid", "*_sid", "*sid",
			"*sessid", "jsessionid", "phpsessid", "connect.sid", "*_session", "session_*", "*-session",
			"*session-token", "*auth*", "*token*", "jwt", "keycloak_identity", "laravel_session",
			"_oauth2_proxy"},
		CookieOnlyIsCredential: true,
		MaxHosts:               512,
		MaxEndpoints:           50000,
		MaxEndpointsPerHost:    2000,
		MaxNodesPerHost:        20000,
		MaxChildrenPerNode:     200,
		MaxSegments:            32,
		MaxSegmentLen:          256,
		MaxExamples:            5,
		MaxQueryParams:         32,
		MaxNoisePerHost:        2000,
		MaxTLSServices:         10000,
		MaxShapeDepth:          8,
		MaxShapeProps:          64,
		MaxScanBytes:           64 << 10,
		ShapeSamples:           32,
		ShapeSampleEvery:       16,
		SensitiveSamples:       32,
		SensitiveSampleEvery:   8,
	}
}

// withDefaults fills zero caps from DefaultConfig; nil lists get defaults.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.APIKeyHeaders == nil {
		c.APIKeyHeaders = d.APIKeyHeaders
	}
	if c.TokenQueryParams == nil {
		c.TokenQueryParams = d.TokenQueryParams
	}
	if c.SessionCookies == nil {
		c.SessionCookies = d.SessionCookies
	}
	def := func(v *int, dv int) {
		if *v <= 0 {
			*v = dv
		}
	}
	def(&c.MaxHosts, d.MaxHosts)
	def(&c.MaxEndpoints, d.MaxEndpoints)
	def(&c.MaxEndpointsPerHost, d.MaxEndpointsPerHost)
	def(&c.MaxNodesPerHost, d.MaxNodesPerHost)
	def(&c.MaxChildrenPerNode, d.MaxChildrenPerNode)
	def(&c.MaxSegments, d.MaxSegments)
	def(&c.MaxSegmentLen, d.MaxSegmentLen)
	def(&c.MaxExamples, d.MaxExamples)
	def(&c.MaxQueryParams, d.MaxQueryParams)
	def(&c.MaxNoisePerHost, d.MaxNoisePerHost)
	def(&c.MaxTLSServices, d.MaxTLSServices)
	def(&c.MaxShapeDepth, d.MaxShapeDepth)
	def(&c.MaxShapeProps, d.MaxShapeProps)
	def(&c.MaxScanBytes, d.MaxScanBytes)
	def(&c.ShapeSamples, d.ShapeSamples)
	def(&c.ShapeSampleEvery, d.ShapeSampleEvery)
	def(&c.SensitiveSamples, d.SensitiveSamples)
	def(&c.SensitiveSampleEvery, d.SensitiveSampleEvery)
	return c
}

// Hint overrides templating at one position of a host's paths: the segment
// right after Prefix. Prefix is a path template: literal segments match
// themselves, and "{name}" or "*" segments match any segment (parameter or
// literal). Hints are tried in order; the first that matches a position wins.
type Hint struct {
	// Host limits the hint to one host (as NormalizeHost gives it; a host
	// without a port also matches that host on any port); "" is any host.
	Host string `json:"host,omitempty" yaml:"host,omitempty"`
	// Prefix is the template prefix, e.g. /api/v1/files ("/" is the root).
	Prefix string `json:"prefix" yaml:"prefix"`
	// Param forces a parameter with this name at the next segment: every
	// value there, words included, goes to it.
	Param string `json:"param,omitempty" yaml:"param,omitempty"`
	// Literal keeps every value at the next segment literal: never
	// classified as an identifier, never collapsed (the hard caps still
	// apply).
	Literal bool `json:"literal,omitempty" yaml:"literal,omitempty"`

	segs []string
}

// ErrBadHint is wrapped by ParseHints errors about one hint.
var ErrBadHint = errors.New("inventory: bad hint")

// ParseHints reads a hints file, YAML or JSON (see the package doc for the
// format): either a list of hints or an object with a "hints" list.
func ParseHints(r io.Reader) ([]Hint, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<20+1))
	if err != nil {
		return nil, fmt.Errorf("inventory: reading hints: %w", err)
	}
	if len(data) > 1<<20 {
		return nil, fmt.Errorf("inventory: hints file larger than 1 MiB")
	}
	var doc struct {
		Hints []Hint `yaml:"hints"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		var list []Hint
		if err2 := yaml.Unmarshal(data, &list); err2 != nil {
			return nil, fmt.Errorf("inventory: parsing hints: %w", err)
		}
		doc.Hints = list
	}
	for i := range doc.Hints {
		if err := doc.Hints[i].validate(); err != nil {
			return nil, fmt.Errorf("%w %d (prefix %.80q): %w", ErrBadHint, i+1, doc.Hints[i].Prefix, err)
		}
	}
	return doc.Hints, nil
}

func (h *Hint) validate() error {
	if !strings.HasPrefix(h.Prefix, "/") {
		return errors.New("prefix must start with '/'")
	}
	if (h.Param == "") == !h.Literal {
		return errors.New("set exactly one of param and literal")
	}
	for i := 0; i < len(h.Param); i++ {
		c := h.Param[i]
		if !(isAlnumByte(c) || c == '_' || c == '-' || c == '.') {
			return fmt.Errorf("param name %.40q: use letters, digits, '_', '-' and '.'", h.Param)
		}
	}
	h.Host = strings.ToLower(strings.TrimSuffix(h.Host, ":80"))
	return nil
}

// prepare splits the prefix into normalised segments.
func (h *Hint) prepare() {
	h.segs = NormalizePath(h.Prefix)
}

func isParamSeg(s string) bool {
	return s == "*" || len(s) >= 2 && s[0] == '{' && s[len(s)-1] == '}'
}
