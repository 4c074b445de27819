package inventory

import "time"

// Endpoint is one API endpoint that served traffic: a host, a method and a
// path template. It is the inventory's output and the unit storage and diff
// work with. JSON names are a public contract (README "endpoints schema").
type Endpoint struct {
	Host   string `json:"host"`
	Method string `json:"method"`
	// Path is an OpenAPI-style template such as /users/{userId}.
	Path string `json:"path"`

	Hits      uint64    `json:"hits"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// HitsOverTime is a bounded histogram of the hits (nil when no hit
	// had a time).
	HitsOverTime *Timeline `json:"hits_over_time,omitempty"`
	// Statuses counts responses per status code ("0" when none was seen).
	Statuses map[string]uint64 `json:"statuses"`
	// Routed is set when no answer showed the endpoint exists (only 405s,
	// 501s or 404s) and the inventory keeps it all the same because the
	// route's own handler refused the method: a 405 with no Allow header,
	// or a 501 with a reason of its own (handlerRefusal). (A handled 404 also makes an endpoint, notfound.go,
	// but says less: a missing record, maybe under a documented route.)
	Routed bool `json:"routed,omitempty"`

	// Authenticated is true only when every observed call carried
	// credentials.
	Authenticated bool `json:"authenticated"`
	// UnauthenticatedHits counts requests with no credential at all, and
	// Unauthenticated2xx those of them answered with a 2xx.
	UnauthenticatedHits uint64 `json:"unauthenticated_hits"`
	Unauthenticated2xx  uint64 `json:"unauthenticated_2xx"`
	// AuthKinds counts requests per credential kind ("bearer_jwt",
	// "basic", "api_key_header", "session_cookie", ...).
	AuthKinds map[string]uint64 `json:"auth_kinds"`
	// JWTAlgs counts bearer JWTs per header algorithm (a closed vocabulary:
	// "HS256", "RS256", "none", ..., "other"), and JWTClaims counts which
	// registered claims ("iss", "sub", "aud", "exp", "iat", "nbf", "jti",
	// "scope") were present. Tokens are decoded without verification and
	// never kept.
	JWTAlgs   map[string]uint64 `json:"jwt_algs,omitempty"`
	JWTClaims map[string]uint64 `json:"jwt_claims,omitempty"`
	// Sensitive counts messages per sensitive-data kind ("email",
	// "card_number", ...), split by direction: keys are "request.KIND" and
	// "response.KIND".
	Sensitive map[string]uint64 `json:"sensitive"`

	// PathParams are the template's parameters in order.
	PathParams []Param `json:"path_params,omitempty"`
	// QueryParams are the query parameter names seen, with inferred types
	// and counts.
	QueryParams []Param `json:"query_params,omitempty"`
	// RequestContentTypes and ResponseContentTypes count media types.
	RequestContentTypes  map[string]uint64 `json:"request_content_types,omitempty"`
	ResponseContentTypes map[string]uint64 `json:"response_content_types,omitempty"`
	// RequestShape and ResponseShape are JSON body shapes merged over samples.
	RequestShape  *Shape `json:"request_shape,omitempty"`
	ResponseShape *Shape `json:"response_shape,omitempty"`
	// GRPC holds what only gRPC calls have (nil for other endpoints).
	GRPC *GRPCStats `json:"grpc,omitempty"`
	// Latency summarises response times in milliseconds.
	Latency Latency `json:"latency"`
	// Clients is an approximate count of distinct client addresses.
	Clients uint64 `json:"clients"`
	// Examples holds a few distinct concrete paths seen for the template
	// (bounded; token-like segments masked), so the diff can match concrete
	// paths against a spec before trusting the template.
	Examples []string `json:"examples,omitempty"`
}

// Param is a path or query parameter.
type Param struct {
	Name string `json:"name"`
	// Type is an OpenAPI-style type or format: "integer", "uuid", "string",
	// "date", "email", ...
	Type string `json:"type"`
	// Count is how many calls filled the parameter: for a path parameter,
	// the endpoint's hits; for a query parameter, the calls that sent it.
	Count uint64 `json:"count,omitempty"`
	// MultiSegment marks a path parameter that takes one or more segments
	// (a file path: /static/{path} holds /static/js/app.js).
	MultiSegment bool `json:"multi_segment,omitempty"`
}

// Shape is an inferred JSON shape: an OpenAPI-like type with object
// properties and array items. Never holds values.
type Shape struct {
	Type       string            `json:"type"` // object, array, string, number, integer, boolean, null
	Format     string            `json:"format,omitempty"`
	Properties map[string]*Shape `json:"properties,omitempty"`
	Items      *Shape            `json:"items,omitempty"`
	// Nullable is set when null was seen beside another type.
	Nullable bool `json:"nullable,omitempty"`
}

// Latency summarises response times in milliseconds.
type Latency struct {
	Count uint64  `json:"count"`
	MinMS float64 `json:"min_ms"`
	MaxMS float64 `json:"max_ms"`
	AvgMS float64 `json:"avg_ms"`
	P50MS float64 `json:"p50_ms"`
	P95MS float64 `json:"p95_ms"`
}

// GRPCStats counts a gRPC method's outcomes and messages.
type GRPCStats struct {
	// Statuses counts calls per grpc-status name ("OK",
	// "PERMISSION_DENIED", ...; "NONE" when no status was seen, a call
	// cut short).
	Statuses map[string]uint64 `json:"statuses,omitempty"`
	// RequestMessages and ResponseMessages count the length-prefixed
	// messages in the bodies, within the body cap (a lower bound when a
	// body was cut).
	RequestMessages  uint64 `json:"request_messages"`
	ResponseMessages uint64 `json:"response_messages"`
}
