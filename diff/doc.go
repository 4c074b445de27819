// Package diff loads OpenAPI 3.0/3.1 and Swagger 2.0 documents (and protobuf
// descriptor sets of gRPC services, as one POST operation per method:
// protoset.go), matches the
// observed endpoint inventory against their operations with its own
// path-template trie, and reports findings (shadow, unauthenticated, zombie,
// sensitive data on shadow endpoints, drift, unused) in table, JSON, NDJSON,
// CSV and SARIF 2.1.0. ExportOpenAPI goes the other way: an OpenAPI 3.0
// document from the inventory. It imports inventory only (of shadowtap's
// packages); kin-openapi is used to load and resolve documents, never to route.
//
// # Loading
//
// LoadSpec reads YAML or JSON (at most MaxSpecBytes), follows $refs into
// other local regular files (URLs are never fetched: ErrRemoteRef), converts
// Swagger 2.0 with openapi2conv, and reduces the document to what matching
// needs; the document itself is not kept. A document that cannot be loaded
// is a *SpecError naming the file. Validation problems are warnings, since
// real specs often fail validation. Defects of published specs that
// kin-openapi refuses are repaired, each kind reported as a warning
// (repairSpec): the tuple form of "items" (Slack's spec) becomes an empty
// schema, a boolean "required" in a property's schema moves to the
// enclosing schema's list, a $ref to an undefined schema becomes an empty
// schema, and a response given as a schema $ref becomes a JSON response of
// that schema (NocoDB's spec).
//
// # Matching
//
// Base paths come from every servers entry (document, path item and
// operation level; absolute, scheme-relative and relative URLs), with server
// variables expanded through their enum, or their default when they have no
// enum; Swagger's host and basePath become servers. Only the path part is
// used for matching. Templates are split on "/" (a trailing slash and
// repeated slashes are ignored); a parameter matches exactly one non-empty
// segment (but see multi-segment parameters below); a segment may mix
// literals and parameters ("{Sid}.json").
// Literals compare case-sensitively after percent-decoding: HTTP paths are
// case-sensitive. A concrete value in a parameter position must fit the
// parameter's schema where it can be checked (integer/number/boolean type,
// minimum/maximum, uuid format, pattern, enum, min/maxLength), so a literal
// /employees/export is not taken for /employees/{employeeId} whose pattern is
// ^E[0-9]{6}$ (Options.NoParamSchemas turns this off). Precedence: fewer
// weak matches, then literals over patterns over parameters summed over the
// path (fewer parameters win), then the leftmost literal, then spec and
// document order. Among the matching paths, one documenting the request's
// method wins; when none does, the finding is a shadow method.
//
// Multi-segment parameters: file paths in contents, raw and object-store
// APIs (a code host's /repos/{owner}/{repo}/contents/{filepath}) take several
// segments in one parameter. Only when no documented path matches with one
// segment per parameter may one spec parameter span two or more observed
// segments (at most one per match, and at most 32 segments, so the search
// stays bounded); among spans, literals and shorter spans win. The observed
// values must say it is a path: every spanned segment belongs to a
// parameter the inventory marked MultiSegment (the template's, or the
// segments of an example it covers), or the span ends in a file name
// (name.ext), after no generated record id (/assets/{uuid}/flyer.txt is a
// record's file), under a spec parameter with no sub-resources of its own (no
// parameter below it, at most two literals: /repos/{owner}/{repo} documents
// dozens, so /repos/kim/site/media/a.png stays a shadow), or the spec names
// the parameter greedy ({proxy+}), or names it a path ({path}, {filepath})
// and no spanned segment but the last is a file name (a directory spans, a
// file's sub-resource docs/a.md/blame does not). A span over segments that look like no
// file path (/users/42/secret-admin/export under /users/{id}) never
// happens otherwise. Integer, number, boolean and uuid parameters, and
// formats without slashes (date, email, ...), never span; a pattern, enum
// or length bound must accept the joined value. A literal suffix after the
// span must match (/contents/{path}/checkpoints). Spanned calls count as
// calls of their operation (not unused), and prefix alignment uses them.
//
// An endpoint's concrete example paths (inventory.Endpoint.Examples) are
// matched before its template: a documented parameter claims values the
// inventory left literal (/jobs/senior-engineer and /jobs/data-analyst both
// join /jobs/{jobSlug}, their evidence merged), and a template parameter
// facing a documented literal (/users/{userId} against /users/me) is decided
// by the examples. Observed parameter segments are "{x}", ":x", "<x>", or a
// masked value containing "*"; they match any documented parameter, and a
// documented literal only when the endpoint has no examples. Examples that
// match nothing while the rest of the endpoint is documented become shadow
// findings of their own (a literal exception under a documented template).
// When no example matches and only the parameter schemas refused them
// (the spec says integer, the router takes names), the template's match
// stands if the inventory's evidence for the parameter is more than one
// word (two values, or sub-resources below it), reported as
// path_value_out_of_schema.
//
// The inventory keeps vocabulary words literal beside an identifier
// position it templated (/products/clearance next to /products/{productId}).
// When such a word-like literal (lower-case letters, '-' or '_', no digits)
// is claimed by a documented parameter whose schema vouches for nothing
// (no checkable type, format, pattern, enum or length), while a templated
// sibling on the same inventory host matches the same documented path, the
// literal is a static route of its own, reported as shadow: the "static
// segment where an id could sit". More than three such literals at one
// position are unfolded values instead, and stay documented. So is a
// literal seen as a value elsewhere (a concrete example of an endpoint
// templated at that position has it there), and one whose subtree goes
// deeper and either repeats the templated sibling's subtree (same methods
// and child shapes) or is explained entirely by documented paths with a
// parameter at that position: a repository named "search" under
// /repos/{owner}/ is not a route, and neither is anything below it. By the
// same evidence, an undocumented endpoint with such a value literal is
// reported on the template of its undocumented sibling (same method, a
// parameter at that position, the same segments elsewhere), one finding
// with merged evidence.
//
// # Host binding
//
// Hosts compare case-insensitively and without their port
// ("API.Example.com:8080" is api.example.com, in bindings too). A spec
// bound to hosts (`--spec h1,h2=file.yaml`; "*.example.com" matches
// sub-domains) applies to those hosts only. An unbound spec applies to the
// hosts its servers name, and to the hosts with no name (requests without a
// Host header, which the inventory files under the server address or under
// ""; a warning says so); to every host when its servers name none
// (relative server URLs, Swagger without host) or when none of them is seen
// in the traffic (a production host name in the spec while the capture shows
// an internal name or an IP; a warning says so). An endpoint on a host no
// spec applies to is documented nowhere: with Options.IncludeUncoveredHosts
// (the CLI's default) it is a shadow path, otherwise it is not diffed; a
// warning counts them either way. With no spec at all every answered
// endpoint is a shadow path, whatever the option says.
// When a spec has base paths but no traffic on a host falls under them while
// some matches without them (a proxy that strips the prefix), the spec is
// matched without base paths on that host, with a warning. The other way
// round (inferPrefixes): when the spec's paths leave out a prefix the
// traffic carries (a base path its document names only in prose, as
// Vault's "/v1"; a gateway's mount), the one literal prefix of one or two
// segments that makes three or more of the host's endpoints documented,
// more than twice as many as match as they are and a quarter of those
// under it, is put before the spec's paths on that host, with a warning;
// findings name the paths as called (/v1/sys/health).
//
// # Findings and severities
//
// See SEVERITY.md (the same rules, with their reasoning):
//
//   - shadow (shadow_type "path" or "method"): medium; high when answered 2xx
//     without credentials or with sensitive data in responses.
//   - unauthenticated (documented operation requiring credentials, or shadow):
//     high; critical with sensitive data in responses.
//   - sensitive_data_on_shadow: high.
//   - zombie (deprecated, still called): medium; high when answered 2xx
//     without credentials.
//   - undocumented_query_param, undocumented_status, undocumented_content_type,
//     path_value_out_of_schema: low.
//   - unused: info.
//   - shadow methods HEAD and OPTIONS: low (a CORS preflight answers
//     without credentials by design); a HEAD answered 2xx without
//     credentials where GET demands them stays high (verb tampering).
//   - TLS (tls.go): tls_uncovered low; tls_old_version medium (TLS 1.0,
//     1.1), high (SSL 3.0); tls_cert_expired high; tls_cert_self_signed
//     medium.
//
// Endpoints that answered only 404, 405 or 501 (but to GET or HEAD, which
// only a handler refuses with 501) are noise and never a finding. Operation findings merge the evidence of every endpoint matched to
// the operation on one host; their path is the documented path with the
// base path the traffic used. So is a shadow method's: the concrete values
// the inventory left literal (DELETE /tags/ideas and DELETE /tags/work
// beside a documented GET /tags/{tag}) make one finding per method and
// documented path, their evidence merged (ObservedPaths lists them). A
// shadow path keeps the observed template. Findings are sorted by severity, then host,
// path, method and kind; IDs are stable across runs.
//
// # Concurrency and ownership
//
// A Spec is immutable after loading and may be shared by concurrent Diff
// calls. Diff does not modify or retain its endpoints, and findings do not
// alias them (findings of one endpoint may share their evidence maps).
package diff
