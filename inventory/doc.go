// Package inventory turns HTTP exchanges into an inventory of API endpoints:
// path normalisation and templating, auth and sensitive-data classification,
// body shape inference and per-endpoint aggregation. It imports reassembly
// (for Exchange) only; storage, diff and the CLI import it.
//
// # Templating
//
// Paths are normalised (NormalizePath: ;matrix parameters dropped, each
// segment percent-decoded once with a decoded '/' kept as "%2F", empty
// segments and a trailing slash dropped, "." and ".." resolved; the query is
// kept apart) and each segment is classified (Classify) without regexps.
// Identifier kinds (integers, UUIDs, ObjectIds, hex, ULIDs, KSUIDs, JWTs and
// long tokens, dates, ISO weeks, months, e-mail addresses, IPs, MACs and
// other colon-separated hex bytes (certificate serials, fingerprints),
// semver, letter+digit ids such as E104233, ENG-412, 2024-11-monthly, free
// text) become parameters at once. Words, slugs, names and codes stay
// literal, and version segments (v2, 1.0, v1beta1) always do.
//
// Each host has a trie of segments. Literal siblings collapse into a
// parameter only on evidence, per shape class (dictionary words, names not
// in the small built-in vocabulary such as jdoe, 2-3 letter codes,
// hyphenated slugs, dotted names, camelCase, file names): enough distinct
// live siblings of the class (20 dictionary words, 5 names, 4 codes, 5
// slugs, 3 dotted names, 6 file names but never at the root, where the
// files are the site's own, ...) with enough hits between them, few hits per
// sibling (identifiers are hit a few times each, real resources many
// times), a method most of them serve, and mostly the same top-level
// response keys. An action beside the action that undoes it (pin and
// unpin, reblog and unreblog) never counts: values come in no such pairs;
// nor does a literal seen below two or more values of the parameter above
// it (/roles/ci/secret-id and /roles/etl/secret-id): a sub-resource every
// value has (node.shared, stored with the host). Under a plural parent with no parameter yet, three or more
// words served alike (same methods, identical response keys; view words
// such as me, search, featured excluded) are a collection's members
// (/tags/travel, /tags/work). A parameter also learns the shape of the
// identifiers it took (character classes, length range, a digit); a
// literal of that shape joins it (a driver id CUTQG4 among 7OxGIL, GXByBq9).
// Once words collapsed at a position (or, below a parameter, values the
// data named), a literal sibling with the same sub-structure
// (/repos/rust-lang/... beside /repos/{owner}/...) joins the parameter; below a parameter the per-sibling hit ceiling is lifted, as
// hits there add up over the parent's values. View and action words (me,
// search, export, featured, ...) never join a parameter without a hint.
// Below a collection (a plural parent) or a parameter, generated ids with
// one prefix and one length (ord_cyfttlgimyol) and non-word siblings whose
// subtrees have the same shape (/orgs/dark-labs/members beside
// /orgs/johnsmith/members) are values whatever their classes. Short ALL-CAPS
// tokens (USD, BTC-USDT, NL) are values at once, except as the first
// segment. Collapse is retroactive: the siblings' subtrees and aggregates
// merge into the parameter. Because a position is checked when a new
// literal appears there, the whole trie is re-checked ("settled") before it
// is read (Endpoints, Noise, MarshalHost), so templates depend on the
// observed set and not on the order exchanges came in (examples, the first
// paths seen, do). A host that is recording settles a copy when it is read
// and is stored unsettled (snapshot.go, MarshalHost): a settle's merges
// cannot be undone, and reading or storing the trie while it records (the
// live sensor stores it every commit) must not freeze decisions taken on
// part of the stream. A stored host loaded again (the next capture, a
// restart) goes on as one stream. Only a host past half its node cap, or
// one nothing was recorded into since it was loaded, settles in place. Dictionary words, what real resources are named, collapse
// only then (or when 100 of them crowd one node): during a warm-up burst
// every resource is seen once and would pass the per-sibling hit ceiling. Constants beat parameters when matching, so /users/me and
// /employees/export stay next to /users/{userId}. A hard cap on distinct
// children per node sends further values to the position's parameter
// (counted), so adversarial traffic cannot grow memory. Parameter names come
// from the parent segment (employees → employeeId, categories → categoryId);
// a parameter after a parameter gets a type-based or suffixed name, unique
// in its template.
//
// Value provenance (values.go): string values under identifier keys of
// JSON bodies ("id", "name", "login", "projectId", "topics", ...) and query
// parameters are kept as salted 64-bit hashes in a bounded set per host
// name (16384, two generations; stored with the host, never the values).
// At settle, literal siblings that are such values collapse into a
// parameter when two or more have compatible sub-structure (the same or
// much the same sub-resources, known values folded; leaves must have
// answered with a media type in common, since one handler answers all
// values of a parameter alike), or join an existing parameter (also one
// whose sub-resources include all of the value's: a client called a few of
// what every value has); a lone value under a collection does when it is no view word
// (/branches/main) or has three or more sub-resources (/projects/default;
// view and action words beside it, /repos/search, leave it alone), and
// so does one alone below an item with literal routes of its own below it
// (/repos/{owner}/site/issues, the one repository called; a word that
// leads to a value, /environment/{environment}, stays a route). Enum-like
// keys ("type", "state") are left out: their values share words with
// routes (/login/api). Compound names under a type key ("type":
// "httpBasicAuth", "queryType": "order-status") count: those are types an
// application's users or plugins define (typeValue), and so do links of
// one relative segment ("sub_url": "Getting-Started", a wiki page's
// address; relativeURLValue). Each parameter also keeps the hashes of the first
// 32 values it took: a literal whose value filled a parameter elsewhere on
// the host is a value where it stands alone below a node, or beside a
// parameter that serves all its sub-resources (/environments/project/default
// once /projects/{projectId} took "default"); a literal alone right after
// a parameter only when a single-segment parameter took it: the first
// segment a path parameter took is a folder (src/main.go), often named
// like the route after a value (/{owner}/{repo}/src). A value with a
// suffix (site.git, for git over HTTP, beside /kim/{repo} that took site)
// is one more of the parameter's values, unless the data names the whole.
// A single known file name
// below a parameter is a value too (/assets/{id}/flyer.txt). Only request
// bodies, queries and 2xx answers feed the set: an error names fields and
// rejected input ("path": "scopes"), not data. Neither does an OpenAPI or
// Swagger document the API serves: its tag and operation names are routes'
// names (apiDescription). A known word answered only to POST beside a
// parameter nobody POSTs to stays a route.
//
// Named documents and aliases (trie.go): three or more leaves side by side
// that each answered GET with an API document are one parameter
// (/openapi/{api}); Go's pprof profiles below a pprof segment are the
// Index handler's {name}; a view word beside a parameter whose children,
// two or more, all are the parameter's (latest/headers, latest/raw) is an
// alias value; beside integers, integers joined by dots (MIME part 2.1)
// are more of them.
//
// Build fingerprints (classify.go): a file whose stem ends in a content
// hash (Vite's dist-BcgPhpnd.js, webpack's main.3f9a2c1b.js) is a value at
// once: the name changes with every release.
//
// Rejected values (files.go): a literal beside a parameter that only ever
// got 400, 404 or 422, whose methods and sub-resources the parameter has
// too, is a value the parameter's handler refused (/silence/not-a-uuid);
// a 403 that quoted the literal as what it refused counts as such an
// answer (collection "x" ... does not exist).
//
// Redirected values (redirect.go): a literal leaf beside a parameter,
// only ever redirected, whose redirects' Location (with the request's last
// segment blanked; a salted fingerprint) is the parameter's, is one of its
// values (/admin/schemas/employee beside /admin/schemas/{id}, both sent
// to http://public/schemas/<value>).
//
// Multi-segment parameters (files.go): below a node whose endpoints are a
// tree of files (3+, nine in ten ending in a file name or a path the host
// handed out, at several depths or in two or more directories), the
// children become one {path} parameter that takes one or more segments,
// up to a literal suffix. Literal children of file names that are no file
// themselves (/files/{path}/revisions) are such suffixes and stay routes,
// and relative paths the host handed out whole ("@acme/viewer:layout")
// count as files even at one depth. Names with spaces ("Team
// Docs/Q3 report.pdf") are free text, parameters at once; a
// parameter that took a folder the host named, or whose paths all end in
// a file name, counts as one more directory or file of the tree. Two
// files are a tree when one lies in a folder and the other not
// (/raw/README.md, /raw/docs/install.md). Route words on the way to the
// files are no folders: below a value served at its own path, a literal
// that serves nothing and that the data names nowhere, alone or as a path
// below the value (a forge's /{repo}/raw/..., /{repo}/src/branch/...: a
// directory the host serves is listed, and its listing names what lies
// below it), or a single folder no listing named with nothing beside it,
// keep the tree from starting above them. Folders of files that a merge brings below a
// path parameter (main/src/main.go) are more of the path, not routes
// after it, and a parameter a merge put below a path parameter is folded
// into it.
//
// Static mounts (files.go, staticMountCollapse): below a path that answers
// with an HTML page of its own (/admin/, a web application's index), the
// static files and the directories holding only static files
// (/admin/favicon.png, /admin/assets/...) are one file server's path
// parameter; the routes beside them (/admin/admin/api) stay.
//
// Multi-segment values (files.go, multiValueCollapse): identifiers the
// host handed out whole with their slashes (image references
// acme/web:1.2, scoped names @acme/editor:theme, git references
// refs/heads/main, the last also when the run hangs below its first
// segment) become one multi-segment parameter when at least two were
// called and either their runs differ in length or two or more span
// segments; owner/repo, each half a value of its own, stays two
// parameters. Values that explain less than half of the endpoints below
// the literals they start with are the API's own route paths echoed in
// its data (Vault's "path": "auth/approle/login"), and make none; so is
// a run with a verb after its first segment (auth/token/create/release-bot):
// names an API hands out hold no verbs, except below a collection, where
// a member's name may end in any word (/branches/feature/login). A literal
// beside such a parameter that starts a run the host named (release/v2)
// joins it; a literal served at its own path that is no value itself is a
// collection whose members' names start with its word (/git/refs lists
// refs/heads/main): the parameter lies below it; and below a literal that names no collection, values the host
// named followed by nothing but a file path start that path
// (/src/branch/main/{path} is /src/branch/{path}, as a router's catch-all
// after the word has it, also while main is the only branch seen, and with
// the branch's own page /src/master, whether the names became a parameter
// before the files were seen or not; one file the host named is enough,
// /raw/branch/main/go.mod, while a file name the data never gave after a
// value is a route, /u/{user}/rss.xml). Routes beside the values (/images/json, /images/create) and
// after them (/images/{name}/history) stay literal. A literal whose own
// multi-segment parameter holds such values (debian/{path}, made when
// debian/12/cloud was the only one called) counts as one of them, so a
// later alpine/3.18 beside it makes the one parameter too. The tails of such
// values are kept as hashes too, so a parameter that took their first
// segments before the runs were seen whole takes the rest of them; a run
// no answer named joins by the suffix it ends before; and a suffix first
// seen after the parameter was made stays a route: the templates do not
// depend on the order of the exchanges or on where the trie was settled
// or stored on the way.
//
// Parallel key paths (files.go, parallelTailsCollapse): a key store
// addressed by several operations has the same keys below each (a KV
// engine's /secret/data/KEY, /secret/metadata/KEY, /secret/destroy/KEY
// for KEY = teams/payments/stripe): when two or more sibling literals that
// the data does not name share three or more endpoint paths of two or
// more segments, of two or more depths, at least half of them ending in a
// value the host named (listings name keys), the keys below each are one
// multi-segment parameter, and so are those below a sibling whose every
// path is one of theirs. Siblings the data names are values, whose
// sub-resources repeat below each; an API mounted twice shares route
// paths that end in route words. The operations stay routes: such a
// parameter (node.keyed, stored) is no directory of a file tree.
//
// Fallback routes (fallback.go): a single-page application's server
// answers every path it has no route for with its index page. Three or
// more endpoints whose every 2xx answer was the byte-same HTML page (a
// salted fingerprint of the decoded page; never the page; the prefix's own
// page counts as one of the three when two lie below it, never the root's)
// are one route, a multi-segment parameter below their common prefix
// (/{path}), once one
// of them shows a catch-all (a probe no router lists, a path deeper than
// one segment below the prefix, or a value there: single words answered
// with one index.html may each be a route of the router's own). It takes
// later requests only when they get that page or a non-2xx answer, so an
// API endpoint beside it stays a route; the root path never folds. Other
// methods answered with the page (POST /wp-login.php) join it at settle.
// A parameter of static files (GET only, file names: an SPA's bundles)
// may become the fallback; it then also takes the files beside it
// (/favicon.ico) and the directories that hold only files (/assets/...),
// which the same static handler serves.
//
// gRPC (grpc.go): a call's grpc-status trailer decides its recorded
// status (google.rpc.Code's HTTP mapping), UNIMPLEMENTED being the
// server's "no such method" (noise); the service segment of
// /package.Service/Method is kept as a name (node.rpc, stored) and its
// methods are never templated nor collapsed. Connect's unary calls (plain
// proto or JSON bodies) are recognised by the path's shape alone.
//
// TLS services (tls.go): an exchange with TLS set is a handshake, not a
// call; it feeds the encrypted services, one per server address and SNI
// (counts of versions, ALPN, ciphers, JA4 fingerprints; the last leaf
// certificate), capped by Config.MaxTLSServices and stored under TLSKey
// beside the hosts.
//
// # Hosts
//
// The host is the Host header as sent: lower-cased, ":80" stripped and
// other ports kept (what users type in --host filters and spec bindings).
// One service seen both as "api.example.com" and "api.example.com:8080" on
// server port 8080 is one host, named without the port. On a loopback
// server address the loopback's names (localhost, 127.x, [::1]) are one
// host, "127.0.0.1" with the port: they reach one socket, and a browser on
// localhost beside scripts on 127.0.0.1 would otherwise split the evidence
// templates are made from. A request without a
// Host header (an HTTP/1.0 client, or a header block cut by a capture gap)
// takes the host last seen on the same server address, else the server
// address "ip:port". State gathered under a spelling or server address
// before the request that names the host came is merged into that host
// unless it was already marshalled (Stats.HostsMerged, TakeMergedHosts). A request whose header
// block was cut and that shows no credential counts as a hit but neither as
// authenticated nor as unauthenticated (Stats.AuthUnknown).
//
// # Noise
//
// An endpoint exists only once an answer shows it: any status but 404, 405
// and 501 (a 501 to GET or HEAD shows it: only a handler refuses those; so
// does a 405 without Allow, or a 501, that gives a reason of the handler's
// own rather than the status's words), or none (status 0). Other requests
// feed an existing endpoint their path matches (a 404 on /employees/E999 is a hit of
// /employees/{employeeId}; an unanswered request is a hit with status "0"),
// and otherwise are kept apart as Noise: they never create endpoints and
// never count as evidence for collapsing siblings. Requests that look like
// a scanner's probe (dot-files, .php and the like, probe directories,
// scanner user agents) are noise unless answered 2xx; a dot segment
// below which the host already served a live route (.well-known,
// .backstage) is the application's namespace, not a probe. Noise that later
// matches an endpoint is folded into it when Endpoints is called. CORS
// preflights (OPTIONS with Access-Control-Request-Method) are counted, and
// recorded as OPTIONS endpoints only when answered 2xx (the path takes
// cross-origin calls); others are middleware's and skipped.
//
// A 404 is the router's (no route) or a handler's (no such record: the
// route exists). Noise entries keep a salted fingerprint of their 404
// answers (notfound.go: content type and body, digit-bearing tokens and
// the echoed path blanked; never the body). The host's miss pages are the
// fingerprints a scanner's probe got, whose answer echoed the request
// path, or that a path with two or more segments no route knows got (a
// sub-router's miss page may differ from the root's). Once a host showed one, a noise path whose 404s were all one other
// page is promoted to an endpoint at settle (Stats.HandledNotFound) when
// only its last segment is new to the trie; that segment is a record key,
// the collection's parameter, under a plural parent it has no parameter
// for yet. A new word below a literal that names no collection is promoted
// only when the request named a record another way (an identifier in its
// query, ?id=; not ?apikey=) or the page quoted it: a function an RPC API
// lacks (/api/1/listAllPads, "no such function") is the router's miss. A 404 that quotes a run of the path's segments as what it did
// not find (plugin "acme/plugin:1" not found) says that run is one value,
// so such a path is promoted with a parameter there even when two of its
// segments are new. A host that never showed a miss page (an SPA server
// answers unknown paths 200) promotes only 404s of another method on a
// served path or of an id below a served collection. Missing files (a
// file server's 404) are never promoted.
//
// # Auth
//
// Each request's credentials are classified: Authorization Bearer (JWT —
// header and claims decoded without verification to count the algorithm and
// which registered claims are present — or opaque), Basic, Digest, AWS
// SigV4, Negotiate/NTLM, other schemes, API-key headers (Config), token and
// signature query parameters, and cookies. A Cookie header with a session
// cookie (Config.SessionCookies patterns) counts as "session_cookie"; one
// with only other cookies counts as "cookie", a credential too unless
// Config.CookieOnlyIsCredential is false. A request with none is
// unauthenticated; Endpoint.Authenticated is true only when no request was.
//
// # Sensitive data
//
// Bodies, query values and headers (credential headers excepted) are
// scanned in one pass per message (a byte-class table picks the bytes a
// detector can start at; checksums where they exist). The scan runs on the
// first Config.SensitiveSamples exchanges of each endpoint, then on one in
// Config.SensitiveSampleEvery, an interval that doubles as the endpoint's
// hits double (at most 256), whose findings count that many times, so
// Endpoint.Sensitive counts are estimates past the first samples (kinds
// found in the path are always exact).
//
// # Hints file
//
// ParseHints reads YAML or JSON, a list or an object with a "hints" list:
//
//	hints:
//	  - prefix: /api/v1/files      # the segment after it is always {fileName}
//	    param: fileName
//	  - host: api.example.com      # only for this host
//	    prefix: /api/v1/releases   # the segment after it always stays literal
//	    literal: true
//	  - prefix: /api/{tenant}/docs # {x} or * matches any segment
//	    param: docId
//
// # Privacy
//
// The inventory never keeps credential or payload values: only kinds,
// shapes, counts and salted fingerprints (client addresses hashed with
// Config.Salt into a HyperLogLog). Example paths mask token-like segments
// (JWTs, tokens, e-mail addresses, free text) as {jwt}, {token}, ...
//
// # Concurrency and ownership
//
// An Inventory is not safe for concurrent use: one goroutine calls Observe,
// and the other methods must not run during an Observe. Observe keeps no
// reference to the Exchange. Endpoints and Noise return fresh values that
// share nothing with the inventory.
package inventory
