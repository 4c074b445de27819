// Package scenariolab generates realistic shadow-API scenarios in the format
// of the sample scenario in shared/scenarios/people (an OpenAPI or Swagger
// spec, clean, impaired and mid-stream pcaps, and a truth.json the sample's
// scorer reads), so that shadowtap can be scored on APIs it has never seen.
//
// A scenario is defined in Go code (see Scenarios): hosts, base path, routes
// (documented or shadow, with spec security, deprecation and what the server
// really enforces), clients with their auth styles, identifier generators and
// noise (scanners, dead paths, 405 probes). Generate turns a definition into
// files deterministically from the definition's seed: HTTP/1.x messages are
// built as bytes (checked against net/http's parsers in the tests) and
// written as Ethernet/IPv4/TCP packets with gopacket's serialisation and
// pcapgo, with handshakes, MSS segmentation, keep-alive, pipelining,
// HTTP/1.0, Connection: close, chunked and gzip bodies.
//
// The package owns nothing the product uses: it is a test laboratory. The
// end-to-end test (lab_test.go) builds the shadowtap binary, generates every
// scenario into a temporary directory and scores it with a vendored copy of
// the sample's scorer (testdata/scorer).
package scenariolab
