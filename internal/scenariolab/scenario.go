package scenariolab

import (
	"errors"
	"fmt"
	"math/rand"
	"strings"
)

// ErrInvalid is wrapped by every Validate error.
var ErrInvalid = errors.New("scenariolab: invalid scenario")

// Server-side auth behaviour of a route, as in truth.json's server_auth.
const (
	AuthPublic   = "public"   // documented with security: [], answers anyone
	AuthRequired = "required" // 401 without credentials
	AuthBroken   = "broken"   // documented as secured, answers without credentials
	AuthOpen     = "open"     // shadow route that needs no credentials
	AuthAdmin    = "admin"    // admin credentials needed: 403 for ordinary users, 401 anonymous
)

// Auth styles a client can use.
const (
	StyleNone        = "none"
	StyleBearer      = "bearer"        // Authorization: Bearer <JWT>
	StyleBasic       = "basic"         // Authorization: Basic base64(user:pass)
	StyleAPIKeyHdr   = "apikey-header" // <Param>: <key>
	StyleAPIKeyQuery = "apikey-query"  // ?<Param>=<key>
	StyleCookie      = "cookie"        // Cookie: <Param>=<token>
	StyleAuthScheme  = "auth-scheme"   // Authorization: <Param> <token> (e.g. "Token")
)

// Spec formats.
const (
	FormatOpenAPI3 = "openapi3"
	FormatSwagger2 = "swagger2"
)

// Scenario is the whole definition of a generated scenario.
type Scenario struct {
	Name        string
	Description string
	Seed        int64
	Title       string
	// Hosts lists the hosts the API is served on. Hosts[0] is the truth host.
	Hosts []Host
	// BasePath is the base path of every documented operation ("" for none).
	BasePath string
	// SpecFormat is FormatOpenAPI3 or FormatSwagger2.
	SpecFormat string
	// SpecJSON writes the spec as JSON (still named openapi.yaml: JSON is YAML).
	SpecJSON bool
	// OpenAPIVersion is the openapi field (default 3.0.3).
	OpenAPIVersion string
	// Servers overrides the spec's server URLs (OpenAPI 3). Empty: one per host.
	Servers []string
	// ServerVars gives the default of each {variable} used in Servers.
	ServerVars map[string]string
	// NoServers leaves out servers (OpenAPI 3) or host (Swagger 2.0).
	NoServers bool
	// Schemes are the spec's security schemes; DefaultSecurity names the
	// schemes of the top-level security requirement (alternatives).
	Schemes         []Scheme
	DefaultSecurity []string
	Routes          []Route
	Clients         []Client
	Noise           []Noise
	// Knobs for the transport (probabilities in [0,1]).
	HTTP10, Close, Pipeline, Chunked, Gzip, SplitHeaders float64
	// MixedShapes makes JSON responses randomly an object or a page
	// wrapper on every route (unrealistic; reproduces order-dependent
	// templating in the product).
	MixedShapes bool
	// Quirks is the probability that a routed request's path gets a
	// trailing or doubled slash (the server tolerates both).
	Quirks float64
	// WarmupConns keep-alive connections are open before the mid-stream cut.
	WarmupConns int
	// PortVariants are Host header spellings picked at random per
	// connection (scenario 4: case and port variations); empty = Hosts[i].Name.
	HostSpellings []string
}

// Host is one server.
type Host struct {
	Name string // truth host name (lower case, no port)
	IP   [4]byte
	Port uint16
}

// Scheme is a spec security scheme.
type Scheme struct {
	Name  string // key in components/securitySchemes
	Style string // StyleBearer, StyleBasic, StyleAPIKeyHdr, StyleAPIKeyQuery, StyleCookie
	Param string // header/query/cookie name for API keys and cookies
}

// Route is one (method, path template) the server routes, documented or not.
type Route struct {
	Method string
	// Path is the full template as seen on the wire, base path included.
	Path string
	// SpecPath overrides the spec path (default Path without BasePath).
	SpecPath    string
	OperationID string
	Documented  bool
	Deprecated  bool
	// Security: nil inherits the default; a non-nil empty slice is
	// `security: []` (public in spec); otherwise the scheme names.
	Security []string
	Server   string // AuthPublic, AuthRequired, ...
	// Hits calls in the main traffic, UnauthHits of them without credentials.
	Hits, UnauthHits int
	// NonAdminHits of the authenticated calls use a non-admin client (admin routes).
	NonAdminHits int
	// Params gives the identifier generator of each path parameter.
	Params map[string]IDGen
	// Query, if set, returns a query string (without '?') for a call.
	Query func(r *rand.Rand) string
	// QueryAuthOnly adds Query only to calls made with credentials (signed
	// requests: an anonymous caller has nothing to sign with).
	QueryAuthOnly bool
	// Body is "", "json", "form"; Resp is "json" (default), "csv", "pdf", "text", "none".
	Body, Resp string
	// Status is the success status (default by method).
	Status int
	// ErrRate is the probability that an authenticated call gets 404 (or
	// 422 on writes), or ErrStatus when set (500, say).
	ErrRate   float64
	ErrStatus int
	// Host restricts the route to one host index (-1 or 0 = any of Hosts when AnyHost).
	HostIdx int
	AnyHost bool
	Tag     string
	// Client, when set, names the only client that calls the route.
	Client string
}

// Client is one traffic source.
type Client struct {
	Name   string
	Style  string
	Scheme string // the scheme name (for the param) – informational
	Param  string // API key header/query name, cookie name
	Admin  bool
	UA     string
	Weight int
	// ExtraCookie is sent alongside the auth cookie.
	ExtraCookie string
	// HTTP10 clients always speak HTTP/1.0; NoHost ones then send no Host.
	HTTP10, NoHost bool
}

// Noise is traffic the server does not route.
type Noise struct {
	Method, Path string
	Status       int // 404 or 405
	Count        int
	Source       string // scanner, dead, probe
	Auth         bool   // sent with credentials
}

// IDGen generates identifier values for a path parameter. Pool distinct
// values are drawn once per scenario and calls pick among them.
type IDGen struct {
	Kind string
	Pool int
	// Values, when set, is the fixed pool.
	Values []string
}

func (s *Scenario) specPath(rt Route) string {
	if rt.SpecPath != "" {
		return rt.SpecPath
	}
	if s.BasePath != "" && strings.HasPrefix(rt.Path, s.BasePath) {
		p := strings.TrimPrefix(rt.Path, s.BasePath)
		if p == "" {
			p = "/"
		}
		return p
	}
	return rt.Path
}

func (rt Route) successStatus() int {
	if rt.Status != 0 {
		return rt.Status
	}
	switch rt.Method {
	case "POST":
		return 201
	case "DELETE":
		return 204
	}
	return 200
}

func (rt Route) publicInSpec() bool { return rt.Security != nil && len(rt.Security) == 0 }

// Validate reports definition errors that would make the truth wrong.
func (s *Scenario) Validate() error {
	if s.Name == "" || len(s.Hosts) == 0 || len(s.Routes) == 0 {
		return fmt.Errorf("%w %q: needs a name, hosts and routes", ErrInvalid, s.Name)
	}
	seen := map[string]bool{}
	for _, rt := range s.Routes {
		k := rt.Method + " " + rt.Path
		if seen[k] {
			return fmt.Errorf("%w %s: duplicate route %s", ErrInvalid, s.Name, k)
		}
		seen[k] = true
		for _, seg := range strings.Split(rt.Path, "/") {
			if len(seg) > 2 && seg[0] == '{' {
				if _, ok := rt.Params[seg[1:len(seg)-1]]; !ok {
					return fmt.Errorf("%w %s: %s has no generator for %s", ErrInvalid, s.Name, k, seg)
				}
			}
		}
		if rt.UnauthHits > rt.Hits {
			return fmt.Errorf("%w %s: %s: more unauth hits than hits", ErrInvalid, s.Name, k)
		}
		if !rt.Documented && rt.Hits == 0 {
			return fmt.Errorf("%w %s: shadow route %s is never called", ErrInvalid, s.Name, k)
		}
		for n, g := range rt.Params {
			if len(g.Values) == 0 && !knownKind(g.Kind) {
				return fmt.Errorf("%w %s: %s: parameter %s has unknown id kind %q", ErrInvalid, s.Name, k, n, g.Kind)
			}
		}
	}
	return nil
}

// Scale multiplies every route's call counts and every noise count by n
// (n >= 1), for load tests: the labels stay the same, the hits grow.
func (s *Scenario) Scale(n int) {
	if n <= 1 {
		return
	}
	for i := range s.Routes {
		s.Routes[i].Hits *= n
		s.Routes[i].UnauthHits *= n
		s.Routes[i].NonAdminHits *= n
	}
	for i := range s.Noise {
		s.Noise[i].Count *= n
	}
}
