// Package applab labels the recordings of the real-application lab
// (lab/apps/NAME, see lab/README.md) and turns each one into a scenario
// folder that the scenario scorer accepts: the spec, the clean capture, an
// impaired and a mid-stream variant, and truth.json in the format of the
// shared "people" scenario.
//
// The truth is independent of shadowtap: this package reads the capture
// with gopacket's pcapgo, reassembles TCP naively (the captures are clean
// loopback recordings), parses HTTP/1.x with net/http, routes every request
// with the application's own route table (routes.txt) and reads the spec
// with kin-openapi. It imports none of shadowtap's capture, reassembly,
// inventory or diff packages.
//
// # Routing
//
// A request's path (query stripped, repeated slashes collapsed, trailing
// slash ignored, each segment percent-decoded) is matched against the routes
// whose method is the request's (or "*"). Among those, the most specific
// wins, compared segment by segment from the left: a literal beats a {x}
// parameter, which beats a {x*} catch-all (one or more segments, possibly in
// the middle of the template). This is the semantic of Go's ServeMux and of
// most tree routers. A request that matches no route of its method is noise:
// source "probe" when its path matches a route of another method (the
// server answers 405 or 404), "scanner" when no route matches at all.
//
// # Spec
//
// OpenAPI 3.x is loaded with kin-openapi; Swagger 2.0 (JSON or YAML) is
// converted with openapi2conv. The base path is app.json's base_path when
// set, else the path of the first server URL (server variables take their
// default) for 3.x, or basePath for 2.0. A documented operation is (METHOD,
// base path + spec path). A route and an operation are the same endpoint
// when their templates have the same number of segments, the same literals
// and parameters in the same places (names ignored; a {x*} route parameter
// matches a spec parameter segment in the same place).
//
// public_in_spec follows the people README ("documented with security:
// []"): an operation is public when its effective security requirement,
// i.e. its own security if it declares one, else the document's top-level
// security, is declared and either empty ([]) or contains an empty
// requirement ({}, "anonymous allowed"). A spec that declares no security at
// all (neither top-level nor on the operation) makes its operations
// public_in_spec=false: the spec says nothing, so the README's label rule
// applies unchanged and an endpoint answering 2xx without credentials is
// labelled unauthenticated.
//
// # Credentials
//
// A request is "without credentials" when it carries no Authorization,
// Proxy-Authorization or Cookie header, no header named by an apiKey
// security scheme (in: header) and no query parameter named by an apiKey
// security scheme (in: query). No other header names are guessed.
//
// # Labels
//
// Labels follow the people README exactly: documented (every operation of
// the spec), unused (documented, never observed), shadow (an observed route,
// method included, that no operation documents), zombie (deprecated and
// observed) and unauthenticated (observed, at least one request without
// credentials answered 2xx, and not public_in_spec).
//
// # Variants
//
// The impaired and mid-stream captures are derived from the clean one with a
// fixed seed. Reordering (about 5% of data segments) and duplication (3%)
// apply to every connection; loss (1%) and mid-stream cuts apply only to
// connections outside a "protected" set, chosen greedily so that every
// observed endpoint, and every unauthenticated label (with a request without
// credentials answered 2xx), keeps complete requests in every variant.
package applab
