package scenariolab

import (
	"fmt"
	"math/rand"
)

// Scenarios returns every built-in scenario definition, by name order of
// the lab: payfast, shopwave, retailco, notes.
func Scenarios() []*Scenario {
	return []*Scenario{Payfast(), Shopwave(), Retailco(), Notes(), Fleet(), Clinic(), Tenants(), Gitforge(), PayfastFlat(), RetailcoJSON(), Bitmarket()}
}

// ByName returns the built-in scenario with that name, or nil.
func ByName(name string) *Scenario {
	for _, s := range Scenarios() {
		if s.Name == name {
			return s
		}
	}
	return nil
}

var (
	public = []string{}
	uaApp  = "PayFast/5.12.0 (iPhone; iOS 17.4; Scale/3.00)"
	uaWeb  = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"
	uaCurl = "curl/8.5.0"
	uaScan = "Mozilla/5.0 (compatible; Nmap Scripting Engine; https://nmap.org/book/nse.html)"
	uaPy   = "python-requests/2.31.0"
	uaJava = "Apache-HttpClient/4.5.14 (Java/17.0.10)"
)

func idg(kind string, pool int) IDGen { return IDGen{Kind: kind, Pool: pool} }

func scanners(prefix string, paths ...string) []Noise {
	var out []Noise
	for _, p := range paths {
		out = append(out, Noise{Method: "GET", Path: prefix + p, Status: 404, Count: 1, Source: "scanner"})
	}
	return out
}

// Payfast is a fintech API at base path /v2 with Bearer JWT auth, numeric
// ids, UUIDs and txn_ ids, an export.csv shadow, an undocumented PATCH,
// health/pprof/actuator shadows outside the spec, a legacy /v1 route and
// deprecated operations still called.
func Payfast() *Scenario {
	acct := map[string]IDGen{"accountId": idg(IDNumeric, 60)}
	acctTx := map[string]IDGen{"accountId": idg(IDNumeric, 60), "transactionId": idg(IDUUID, 200)}
	s := &Scenario{
		Name:            "payfast",
		Description:     "PayFast payments API v2: accounts, transactions, transfers, cards and FX rates. Mobile and web clients send Bearer JWTs.",
		Seed:            20240501,
		Title:           "PayFast Payments API",
		Hosts:           []Host{{Name: "api.payfast.example", IP: [4]byte{10, 0, 1, 10}, Port: 8080}},
		BasePath:        "/v2",
		SpecFormat:      FormatOpenAPI3,
		Servers:         []string{"https://api.payfast.example/v2", "https://sandbox.payfast.example/v2"},
		Schemes:         []Scheme{{Name: "bearerAuth", Style: StyleBearer}},
		DefaultSecurity: []string{"bearerAuth"},
		Clients: []Client{
			{Name: "mobile", Style: StyleBearer, UA: uaApp, Weight: 5},
			{Name: "web", Style: StyleBearer, UA: uaWeb, Weight: 3},
			{Name: "ops", Style: StyleBearer, UA: uaPy, Weight: 1, Admin: true},
			{Name: "anon", Style: StyleNone, UA: uaCurl, Weight: 1},
			{Name: "scanner", Style: StyleNone, UA: uaScan},
		},
		HTTP10: 0.03, Close: 0.05, Pipeline: 0.04, Chunked: 0.25, Gzip: 0.2, SplitHeaders: 0.08, WarmupConns: 6,
		Routes: []Route{
			{Method: "POST", Path: "/v2/auth/token", OperationID: "issueToken", Documented: true, Security: public, Server: AuthPublic, Hits: 30, UnauthHits: 30, Body: "form"},
			{Method: "GET", Path: "/v2/accounts", Documented: true, Server: AuthRequired, Hits: 80, UnauthHits: 4, Query: func(r *rand.Rand) string { return fmt.Sprintf("limit=%d", 10*(1+r.Intn(5))) }},
			{Method: "POST", Path: "/v2/accounts", Documented: true, Server: AuthRequired, Hits: 15, Body: "json"},
			{Method: "GET", Path: "/v2/accounts/{accountId}", Documented: true, Server: AuthRequired, Hits: 90, UnauthHits: 3, Params: acct, ErrRate: 0.05},
			{Method: "PATCH", Path: "/v2/accounts/{accountId}", Server: AuthRequired, Hits: 6, Params: acct, Body: "json"},
			{Method: "GET", Path: "/v2/accounts/{accountId}/transactions", Documented: true, Server: AuthRequired, Hits: 70, Params: acct, Query: func(r *rand.Rand) string { return fmt.Sprintf("from=2024-%02d-01&page=%d", 1+r.Intn(12), 1+r.Intn(4)) }},
			{Method: "GET", Path: "/v2/accounts/{accountId}/transactions/{transactionId}", Documented: true, Server: AuthRequired, Hits: 60, Params: acctTx},
			{Method: "POST", Path: "/v2/accounts/{accountId}/transfers", Documented: true, Server: AuthRequired, Hits: 25, Params: acct, Body: "json"},
			{Method: "GET", Path: "/v2/transfers/{transferId}", Documented: true, Server: AuthRequired, Hits: 30, Params: map[string]IDGen{"transferId": idg(IDTxn, 60)}},
			{Method: "DELETE", Path: "/v2/transfers/{transferId}", Documented: true, Deprecated: true, Server: AuthRequired, Hits: 5, Params: map[string]IDGen{"transferId": idg(IDTxn, 60)}},
			{Method: "GET", Path: "/v2/accounts/{accountId}/statements", Documented: true, Deprecated: true, Server: AuthRequired, Hits: 12, Params: acct, Resp: "pdf"},
			{Method: "GET", Path: "/v2/cards/{cardId}", Documented: true, Server: AuthBroken, Hits: 25, UnauthHits: 6, Params: map[string]IDGen{"cardId": idg(IDUUID, 40)}},
			{Method: "POST", Path: "/v2/cards/{cardId}/freeze", Documented: true, Server: AuthRequired, Params: map[string]IDGen{"cardId": idg(IDUUID, 40)}},
			{Method: "GET", Path: "/v2/fx/rates/{currency}", Documented: true, Security: public, Server: AuthPublic, Hits: 40, UnauthHits: 20, Params: map[string]IDGen{"currency": idg(IDCurrency, 8)}},
			{Method: "GET", Path: "/v2/payees", Documented: true, Server: AuthRequired},
			{Method: "GET", Path: "/v2/accounts/{accountId}/export.csv", Server: AuthRequired, Hits: 5, Params: acct, Resp: "csv"},
			{Method: "GET", Path: "/v2/internal/health", Server: AuthOpen, Hits: 8, UnauthHits: 8},
			{Method: "GET", Path: "/debug/pprof/", Server: AuthOpen, Hits: 3, UnauthHits: 3, Resp: "text"},
			{Method: "GET", Path: "/actuator/env", Server: AuthOpen, Hits: 4, UnauthHits: 4},
			{Method: "GET", Path: "/v1/accounts/{accountId}", Server: AuthRequired, Hits: 10, UnauthHits: 2, Params: acct},
			{Method: "POST", Path: "/v2/admin/accounts/{accountId}/unlock", Server: AuthAdmin, Hits: 3, NonAdminHits: 1, Params: acct},
		},
	}
	s.Noise = append(scanners("", "/.env", "/.git/config", "/wp-admin/", "/server-status", "/phpinfo.php", "/.aws/credentials", "/cgi-bin/luci", "/v2/.env", "/v2/actuator/heapdump", "/backup.sql"),
		Noise{Method: "GET", Path: "/v2/loyalty/points", Status: 404, Count: 10, Source: "dead", Auth: true},
		Noise{Method: "PUT", Path: "/v2/fx/rates/EUR", Status: 405, Count: 1, Source: "probe"},
		Noise{Method: "DELETE", Path: "/v2/accounts", Status: 405, Count: 1, Source: "probe"},
	)
	return s
}

// Shopwave is an API-key e-commerce API with no base path on two hosts
// (one spec bound to both), X-API-Key headers and ?api_key= query keys,
// hex24 ObjectIds, many hyphenated slugs next to literal siblings, dates in
// paths, nested resources and verb sub-resources.
func Shopwave() *Scenario {
	slug := map[string]IDGen{"slug": idg(IDSlug, 90)}
	order := map[string]IDGen{"orderId": idg(IDHex24, 80)}
	cust := map[string]IDGen{"customerId": idg(IDHex24, 50)}
	s := &Scenario{
		Name:        "shopwave",
		Description: "Shopwave commerce API on api.shopwave.example and partners.shopwave.example: catalogue (public), orders and customers (API key in the X-API-Key header or the api_key query parameter), partner reports.",
		Seed:        777001,
		Title:       "Shopwave Commerce API",
		Hosts: []Host{
			{Name: "api.shopwave.example", IP: [4]byte{10, 0, 2, 20}, Port: 80},
			{Name: "partners.shopwave.example", IP: [4]byte{10, 0, 2, 21}, Port: 80},
		},
		BasePath:   "",
		SpecFormat: FormatOpenAPI3,
		Schemes: []Scheme{
			{Name: "ApiKeyHeader", Style: StyleAPIKeyHdr, Param: "X-API-Key"},
			{Name: "ApiKeyQuery", Style: StyleAPIKeyQuery, Param: "api_key"},
		},
		DefaultSecurity: []string{"ApiKeyHeader", "ApiKeyQuery"},
		Clients: []Client{
			{Name: "storefront", Style: StyleAPIKeyHdr, Param: "X-API-Key", UA: "shopwave-storefront/3.2 (+node-fetch)", Weight: 5},
			{Name: "feed", Style: StyleAPIKeyQuery, Param: "api_key", UA: uaPy, Weight: 3},
			{Name: "backoffice", Style: StyleAPIKeyHdr, Param: "X-API-Key", UA: uaJava, Weight: 1, Admin: true},
			{Name: "browser", Style: StyleNone, UA: uaWeb, Weight: 3},
			{Name: "scanner", Style: StyleNone, UA: uaScan},
		},
		HTTP10: 0.02, Close: 0.1, Pipeline: 0.05, Chunked: 0.3, Gzip: 0.3, SplitHeaders: 0.05, WarmupConns: 7,
		Routes: []Route{
			{Method: "GET", Path: "/products", Documented: true, Security: public, Server: AuthPublic, Hits: 120, UnauthHits: 60, Query: func(r *rand.Rand) string { return fmt.Sprintf("page=%d&q=%s", 1+r.Intn(9), pick(r, nouns)) }},
			{Method: "GET", Path: "/products/featured", Documented: true, Security: public, Server: AuthPublic, Hits: 40, UnauthHits: 20},
			{Method: "GET", Path: "/products/new", Documented: true, Security: public, Server: AuthPublic, Hits: 30, UnauthHits: 15},
			{Method: "GET", Path: "/products/{slug}", Documented: true, Security: public, Server: AuthPublic, Hits: 150, UnauthHits: 60, Params: slug, ErrRate: 0.03},
			{Method: "GET", Path: "/products/{slug}/reviews", Documented: true, Security: public, Server: AuthPublic, Hits: 40, UnauthHits: 20, Params: slug},
			{Method: "POST", Path: "/products/{slug}/reviews", Documented: true, Server: AuthRequired, Hits: 15, UnauthHits: 3, Params: slug, Body: "json"},
			{Method: "GET", Path: "/orders", Documented: true, Server: AuthRequired, Hits: 50},
			{Method: "POST", Path: "/orders", Documented: true, Server: AuthRequired, Hits: 30, Body: "json"},
			{Method: "GET", Path: "/orders/{orderId}", Documented: true, Server: AuthRequired, Hits: 60, Params: order, ErrRate: 0.05},
			{Method: "POST", Path: "/orders/{orderId}/cancel", Documented: true, Server: AuthRequired, Hits: 12, Params: order, Status: 200},
			{Method: "POST", Path: "/orders/{orderId}/refund", Documented: true, Deprecated: true, Server: AuthRequired, Hits: 4, Params: order, Status: 200},
			{Method: "GET", Path: "/customers/{customerId}/orders", Documented: true, Server: AuthRequired, Hits: 25, Params: cust},
			{Method: "GET", Path: "/customers/{customerId}/addresses/{addressId}", Documented: true, Server: AuthRequired, Hits: 20, Params: map[string]IDGen{"customerId": idg(IDHex24, 50), "addressId": idg(IDNumeric, 40)}},
			{Method: "DELETE", Path: "/customers/{customerId}", Documented: true, Server: AuthRequired, Params: cust},
			{Method: "GET", Path: "/reports/{date}", Documented: true, Server: AuthBroken, Hits: 20, UnauthHits: 5, HostIdx: 1, Params: map[string]IDGen{"date": idg(IDDate, 30)}, Resp: "csv"},
			{Method: "GET", Path: "/reports/{date}/summary", Documented: true, Server: AuthRequired, HostIdx: 1, Params: map[string]IDGen{"date": idg(IDDate, 30)}},
			{Method: "GET", Path: "/partners/feeds/{feedId}", Documented: true, Server: AuthRequired, Hits: 30, HostIdx: 1, Params: map[string]IDGen{"feedId": idg(IDNumeric, 12)}},
			{Method: "GET", Path: "/products/{slug}/variants", Server: AuthOpen, Hits: 8, UnauthHits: 3, Params: slug},
			{Method: "GET", Path: "/products/clearance", Server: AuthOpen, Hits: 6, UnauthHits: 2},
			{Method: "PUT", Path: "/orders/{orderId}", Server: AuthRequired, Hits: 5, Params: order, Body: "json"},
			{Method: "GET", Path: "/admin/orders/export", Server: AuthAdmin, Hits: 3, NonAdminHits: 1, Resp: "csv"},
			{Method: "GET", Path: "/healthz", Server: AuthOpen, Hits: 10, UnauthHits: 10, AnyHost: true},
			{Method: "GET", Path: "/internal/cache/stats", Server: AuthOpen, Hits: 4, UnauthHits: 2, HostIdx: 1},
		},
	}
	s.Noise = append(scanners("", "/wp-login.php", "/.git/HEAD", "/admin.php", "/config.json", "/.DS_Store", "/xmlrpc.php", "/solr/admin/info/system", "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/api/v1/users", "/console"),
		Noise{Method: "GET", Path: "/wishlist", Status: 404, Count: 8, Source: "dead", Auth: true},
		Noise{Method: "DELETE", Path: "/products/featured", Status: 405, Count: 1, Source: "probe"},
		Noise{Method: "PUT", Path: "/orders", Status: 405, Count: 1, Source: "probe"},
	)
	return s
}

// Retailco is a Swagger 2.0 API (basePath /api) with versioned segments
// (/api/v3, deprecated /api/v2), Basic auth and a JSESSIONID cookie, short
// store codes and SKUs, usernames, file downloads, heavy scanner noise
// under the base path, 405 probes and a dead path.
func Retailco() *Scenario {
	store := map[string]IDGen{"storeCode": idg(IDStore, 40)}
	sku := map[string]IDGen{"sku": idg(IDSku, 80)}
	user := map[string]IDGen{"username": idg(IDUsername, 45)}
	file := map[string]IDGen{"fileId": idg(IDULID, 30)}
	s := &Scenario{
		Name:        "retailco",
		Description: "RetailCo store operations API (Swagger 2.0, basePath /api): stores, SKUs, users and files. The back-office web app uses the JSESSIONID cookie; integrations use HTTP Basic.",
		Seed:        31337,
		Title:       "RetailCo Store Operations",
		Hosts:       []Host{{Name: "ops.retailco.example", IP: [4]byte{10, 0, 3, 30}, Port: 8000}},
		BasePath:    "/api",
		SpecFormat:  FormatSwagger2,
		Schemes: []Scheme{
			{Name: "basic", Style: StyleBasic},
			{Name: "session", Style: StyleCookie, Param: "JSESSIONID"},
		},
		DefaultSecurity: []string{"basic", "session"},
		Clients: []Client{
			{Name: "backoffice", Style: StyleCookie, Param: "JSESSIONID", ExtraCookie: "lang=en", UA: uaWeb, Weight: 5},
			{Name: "erp", Style: StyleBasic, UA: uaJava, Weight: 3},
			{Name: "itadmin", Style: StyleBasic, UA: uaCurl, Weight: 1, Admin: true},
			{Name: "kiosk", Style: StyleNone, UA: "Dalvik/2.1.0 (Linux; U; Android 13)", Weight: 2},
			{Name: "scanner", Style: StyleNone, UA: uaScan},
		},
		HTTP10: 0.05, Close: 0.08, Pipeline: 0.03, Chunked: 0.2, Gzip: 0.25, SplitHeaders: 0.1, WarmupConns: 5,
		Routes: []Route{
			{Method: "POST", Path: "/api/v3/login", Documented: true, Security: public, Server: AuthPublic, Hits: 30, UnauthHits: 30, Body: "form", Status: 200},
			{Method: "GET", Path: "/api/v3/stores", Documented: true, Security: public, Server: AuthPublic, Hits: 50, UnauthHits: 25},
			{Method: "GET", Path: "/api/v3/stores/{storeCode}", Documented: true, Security: public, Server: AuthPublic, Hits: 60, UnauthHits: 30, Params: store},
			{Method: "GET", Path: "/api/v3/stores/{storeCode}/inventory", Documented: true, Server: AuthRequired, Hits: 40, Params: store},
			{Method: "GET", Path: "/api/v3/skus/{sku}", Documented: true, Server: AuthRequired, Hits: 70, UnauthHits: 4, Params: sku, ErrRate: 0.04},
			{Method: "PUT", Path: "/api/v3/skus/{sku}", Documented: true, Server: AuthRequired, Hits: 15, Params: sku, Body: "json"},
			{Method: "GET", Path: "/api/v3/users/me", Documented: true, Server: AuthRequired, Hits: 40, UnauthHits: 2},
			{Method: "GET", Path: "/api/v3/users/{username}", Documented: true, Server: AuthRequired, Hits: 50, Params: user},
			{Method: "GET", Path: "/api/v3/users/{username}/orders", Documented: true, Server: AuthBroken, Hits: 20, UnauthHits: 5, Params: user},
			{Method: "GET", Path: "/api/v3/files/{fileId}/download", Documented: true, Server: AuthRequired, Hits: 20, Params: file, Resp: "pdf"},
			{Method: "POST", Path: "/api/v3/files", Documented: true, Server: AuthRequired, Hits: 10, Body: "json"},
			{Method: "DELETE", Path: "/api/v3/files/{fileId}", Documented: true, Server: AuthRequired, Params: file},
			{Method: "GET", Path: "/api/v2/stores/{storeCode}", Documented: true, Deprecated: true, Server: AuthRequired, Hits: 10, Params: store},
			{Method: "GET", Path: "/api/v2/users/{username}", Documented: true, Deprecated: true, Server: AuthRequired, Params: user},
			{Method: "GET", Path: "/api/v3/users/{username}/password-reset-token", Server: AuthRequired, Hits: 4, Params: user},
			{Method: "GET", Path: "/api/internal/jobs", Server: AuthOpen, Hits: 5, UnauthHits: 5},
			{Method: "GET", Path: "/api/v3/skus/{sku}/cost", Server: AuthRequired, Hits: 6, Params: sku},
			{Method: "POST", Path: "/api/v3/stores/{storeCode}/inventory", Server: AuthRequired, Hits: 5, Params: store, Body: "json"},
			{Method: "GET", Path: "/manage/health", Server: AuthOpen, Hits: 6, UnauthHits: 6},
			{Method: "GET", Path: "/api/v3/admin/users", Server: AuthAdmin, Hits: 4, NonAdminHits: 1},
		},
	}
	s.Noise = append(scanners("/api", "/.env", "/wp-login.php", "/admin.php", "/.git/config", "/phpmyadmin/", "/v3/.env", "/config.php", "/backup.zip", "/server-status", "/console/login", "/v1/users", "/graphql", "/swagger-ui.html", "/jolokia/list", "/.svn/entries", "/web.config", "/login.action", "/v3/debug", "/druid/index.html", "/actuator"),
		Noise{Method: "GET", Path: "/api/v3/promotions", Status: 404, Count: 15, Source: "dead", Auth: true},
		Noise{Method: "DELETE", Path: "/api/v3/stores", Status: 405, Count: 1, Source: "probe"},
		Noise{Method: "PATCH", Path: "/api/v3/skus/A7X-99", Status: 405, Count: 1, Source: "probe"},
		Noise{Method: "POST", Path: "/api/v3/users/jdoe", Status: 405, Count: 1, Source: "probe"},
		Noise{Method: "PUT", Path: "/api/v3/files", Status: 405, Count: 1, Source: "probe"},
	)
	return s
}

// Notes is a small API with 1–3 calls per endpoint, Host headers that vary
// in case and port, trailing and doubled slashes, percent-encoded segments,
// `Authorization: Token` and X-Auth-Token credentials, and a server that
// answers 401 to unauthenticated calls on documented secured operations.
func Notes() *Scenario {
	note := map[string]IDGen{"noteId": idg(IDNumeric, 20)}
	tag := map[string]IDGen{"tag": {Values: []string{"work", "personal", "ideas", "travel"}}}
	s := &Scenario{
		Name:          "notes",
		Description:   "Jotter notes API (small, few calls per endpoint): notes, attachments, tags and users. The CLI sends Authorization: Token, the web app X-Auth-Token.",
		Seed:          4242,
		Title:         "Jotter Notes API",
		Hosts:         []Host{{Name: "api.example.com", IP: [4]byte{10, 0, 4, 40}, Port: 8080}},
		HostSpellings: []string{"API.Example.com:8080", "api.example.com:8080", "Api.Example.Com:8080", "api.example.com"},
		BasePath:      "/notes-api/v1",
		SpecFormat:    FormatOpenAPI3,
		Servers:       []string{"http://api.example.com:8080/notes-api/v1"},
		Schemes: []Scheme{
			{Name: "tokenAuth", Style: StyleAuthScheme, Param: "Token"},
			{Name: "authToken", Style: StyleAPIKeyHdr, Param: "X-Auth-Token"},
		},
		DefaultSecurity: []string{"tokenAuth", "authToken"},
		Clients: []Client{
			{Name: "cli", Style: StyleAuthScheme, Param: "Token", UA: "jotter-cli/0.9.1", Weight: 2},
			{Name: "web", Style: StyleAPIKeyHdr, Param: "X-Auth-Token", UA: uaWeb, Weight: 2},
			{Name: "anon", Style: StyleNone, UA: uaCurl, Weight: 1},
			{Name: "scanner", Style: StyleNone, UA: uaScan},
		},
		HTTP10: 0.1, Close: 0.2, Pipeline: 0.05, Chunked: 0.3, Gzip: 0.2, SplitHeaders: 0.1, WarmupConns: 2, Quirks: 0.3,
		Routes: []Route{
			{Method: "GET", Path: "/notes-api/v1/notes", Documented: true, Server: AuthRequired, Hits: 3, UnauthHits: 1},
			{Method: "POST", Path: "/notes-api/v1/notes", Documented: true, Server: AuthRequired, Hits: 2, Body: "json"},
			{Method: "GET", Path: "/notes-api/v1/notes/{noteId}", Documented: true, Server: AuthRequired, Hits: 3, UnauthHits: 1, Params: note},
			{Method: "PUT", Path: "/notes-api/v1/notes/{noteId}", Documented: true, Server: AuthRequired, Hits: 2, Params: note, Body: "json"},
			{Method: "DELETE", Path: "/notes-api/v1/notes/{noteId}", Documented: true, Server: AuthRequired, Hits: 1, Params: note},
			{Method: "GET", Path: "/notes-api/v1/notes/{noteId}/attachments/{fileName}", Documented: true, Server: AuthRequired, Hits: 3, Params: map[string]IDGen{"noteId": idg(IDNumeric, 20), "fileName": idg(IDFileName, 10)}, Resp: "pdf"},
			{Method: "GET", Path: "/notes-api/v1/users/{email}", Documented: true, Server: AuthBroken, Hits: 2, UnauthHits: 1, Params: map[string]IDGen{"email": idg(IDEmail, 10)}},
			{Method: "GET", Path: "/notes-api/v1/tags", Documented: true, Security: public, Server: AuthPublic, Hits: 2, UnauthHits: 2},
			{Method: "GET", Path: "/notes-api/v1/tags/{tag}", Documented: true, Security: public, Server: AuthPublic, Hits: 3, UnauthHits: 1, Params: tag},
			{Method: "GET", Path: "/notes-api/v1/notes/{noteId}/history", Documented: true, Deprecated: true, Server: AuthRequired, Hits: 2, Params: note},
			{Method: "POST", Path: "/notes-api/v1/notes/{noteId}/share", Documented: true, Server: AuthRequired, Params: note},
			{Method: "GET", Path: "/notes-api/v1/export", Documented: true, Server: AuthRequired},
			{Method: "GET", Path: "/notes-api/v1/notes/{noteId}/raw", Server: AuthRequired, Hits: 2, Params: note, Resp: "text"},
			{Method: "GET", Path: "/notes-api/v1/debug/vars", Server: AuthOpen, Hits: 1, UnauthHits: 1},
			{Method: "DELETE", Path: "/notes-api/v1/tags/{tag}", Server: AuthRequired, Hits: 1, Params: tag},
			{Method: "GET", Path: "/status", Server: AuthOpen, Hits: 2, UnauthHits: 2},
		},
	}
	s.Noise = append(scanners("", "/.env", "/wp-login.php", "/notes-api/v1/.git/config"),
		Noise{Method: "GET", Path: "/notes-api/v1/reminders", Status: 404, Count: 3, Source: "dead", Auth: true},
		Noise{Method: "PATCH", Path: "/notes-api/v1/tags", Status: 405, Count: 1, Source: "probe"},
	)
	return s
}

// Fleet is a logistics/IoT API whose spec is JSON (OpenAPI 3.1) with a
// relative server URL (/fleet/v1, no host), served on port 80. Devices send
// a custom key header (X-Fleet-Key) that no header-name heuristic knows,
// the dispatch app sends opaque (non-JWT) Bearer tokens. Identifiers are
// VINs, MAC addresses, firmware versions, short hashids and number plates;
// an undocumented /fleet/v2 copy of a route, a GraphQL endpoint and an
// exposed openapi.json are shadows.
func Fleet() *Scenario {
	vin := map[string]IDGen{"vin": idg(IDVIN, 40)}
	mac := map[string]IDGen{"mac": idg(IDMAC, 30)}
	s := &Scenario{
		Name:           "fleet",
		Description:    "Fleetline telematics API: vehicles (by VIN), devices (by MAC), firmware, trips and drivers. Devices authenticate with the X-Fleet-Key header, the dispatch app with opaque Bearer tokens.",
		Seed:           99,
		Title:          "Fleetline Telematics API",
		Hosts:          []Host{{Name: "telematics.fleetline.example", IP: [4]byte{10, 0, 5, 50}, Port: 80}},
		BasePath:       "/fleet/v1",
		SpecFormat:     FormatOpenAPI3,
		SpecJSON:       true,
		OpenAPIVersion: "3.1.0",
		Servers:        []string{"/fleet/v1"},
		Schemes: []Scheme{
			{Name: "deviceKey", Style: StyleAPIKeyHdr, Param: "X-Fleet-Key"},
			{Name: "dispatchToken", Style: StyleBearer},
		},
		DefaultSecurity: []string{"dispatchToken"},
		Clients: []Client{
			{Name: "device", Style: StyleAPIKeyHdr, Param: "X-Fleet-Key", UA: "fleetline-agent/2.3 (linux; arm64)", Weight: 4},
			{Name: "dispatch", Style: StyleAuthScheme, Param: "Bearer", UA: uaWeb, Weight: 3},
			{Name: "noc", Style: StyleAuthScheme, Param: "Bearer", UA: uaPy, Weight: 1, Admin: true},
			{Name: "anon", Style: StyleNone, UA: uaCurl, Weight: 1},
			{Name: "scanner", Style: StyleNone, UA: uaScan},
		},
		HTTP10: 0.02, Close: 0.05, Pipeline: 0.05, Chunked: 0.2, Gzip: 0.2, SplitHeaders: 0.05, WarmupConns: 4,
		Routes: []Route{
			{Method: "GET", Path: "/fleet/v1/vehicles", Documented: true, Server: AuthRequired, Hits: 60, UnauthHits: 3},
			{Method: "GET", Path: "/fleet/v1/vehicles/{vin}", Documented: true, Server: AuthRequired, Hits: 70, Params: vin, ErrRate: 0.03},
			{Method: "GET", Path: "/fleet/v1/vehicles/{vin}/trips", Documented: true, Server: AuthRequired, Hits: 40, Params: vin, Query: func(r *rand.Rand) string { return fmt.Sprintf("since=2024-05-%02dT00:00:00Z", 1+r.Intn(28)) }},
			{Method: "GET", Path: "/fleet/v1/vehicles/{vin}/telemetry", Documented: true, Deprecated: true, Server: AuthRequired, Hits: 15, Params: vin},
			{Method: "GET", Path: "/fleet/v1/vehicles/by-plate/{plate}", Documented: true, Server: AuthRequired, Hits: 20, Params: map[string]IDGen{"plate": idg(IDPlate, 25)}},
			{Method: "POST", Path: "/fleet/v1/devices/{mac}/heartbeat", Documented: true, Security: []string{"deviceKey"}, Server: AuthRequired, Hits: 120, Params: mac, Body: "json", Status: 204},
			{Method: "GET", Path: "/fleet/v1/devices/{mac}/config", Documented: true, Security: []string{"deviceKey"}, Server: AuthBroken, Hits: 40, UnauthHits: 6, Params: mac},
			{Method: "GET", Path: "/fleet/v1/firmware/{version}", Documented: true, Security: public, Server: AuthPublic, Hits: 25, UnauthHits: 10, Params: map[string]IDGen{"version": idg(IDSemver, 12)}, Resp: "pdf"},
			{Method: "GET", Path: "/fleet/v1/firmware/latest", Documented: true, Security: public, Server: AuthPublic, Hits: 30, UnauthHits: 15},
			{Method: "GET", Path: "/fleet/v1/drivers/{driverId}", Documented: true, Server: AuthRequired, Hits: 35, Params: map[string]IDGen{"driverId": idg(IDHashid, 30)}},
			{Method: "DELETE", Path: "/fleet/v1/drivers/{driverId}", Documented: true, Server: AuthRequired, Params: map[string]IDGen{"driverId": idg(IDHashid, 30)}},
			{Method: "PUT", Path: "/fleet/v1/devices/{mac}/config", Documented: true, Security: []string{"deviceKey"}, Server: AuthRequired, Params: mac},
			{Method: "GET", Path: "/fleet/v2/vehicles/{vin}", Server: AuthRequired, Hits: 8, Params: vin},
			{Method: "POST", Path: "/graphql", Server: AuthOpen, Hits: 6, UnauthHits: 3, Body: "json", Status: 200},
			{Method: "GET", Path: "/fleet/v1/openapi.json", Server: AuthOpen, Hits: 3, UnauthHits: 3},
			{Method: "POST", Path: "/fleet/v1/devices/{mac}/shell", Server: AuthAdmin, Hits: 3, NonAdminHits: 1, Params: mac, Body: "json", Status: 200},
			{Method: "GET", Path: "/fleet/v1/vehicles/{vin}/location/history", Server: AuthOpen, Hits: 5, UnauthHits: 2, Params: vin},
		},
	}
	s.Noise = append(scanners("", "/.env", "/HNAP1/", "/boaform/admin/formLogin", "/fleet/v1/.git/HEAD", "/geoserver/web/", "/owa/auth/logon.aspx"),
		Noise{Method: "GET", Path: "/fleet/v1/geofences", Status: 404, Count: 12, Source: "dead", Auth: true},
		Noise{Method: "DELETE", Path: "/fleet/v1/firmware/latest", Status: 405, Count: 1, Source: "probe"},
	)
	return s
}

// Clinic is a healthcare API under a deep base path (/api/clinic/v1) with
// Okta-style `Authorization: SSWS` tokens for integrations and a
// __Host-clinic cookie for the portal. It probes status handling: a
// documented HEAD, a public 302 docs route, a legacy 301 shadow, endpoints
// that only ever answer 401 (one documented, one shadow), an admin shadow
// only ever answered 403, 500s on a documented route, and mixed-id patient
// numbers (P-004211), ULIDs and dates.
func Clinic() *Scenario {
	patient := map[string]IDGen{"patientId": idg(IDPatient, 60)}
	rec := map[string]IDGen{"patientId": idg(IDPatient, 60), "recordId": idg(IDULID, 120)}
	s := &Scenario{
		Name:        "clinic",
		Description: "Clinic records API (base path /api/clinic/v1): patients, records, appointments and billing. Integrations use Authorization: SSWS tokens, the portal a __Host-clinic cookie.",
		Seed:        8080,
		Title:       "Clinic Records API",
		Hosts:       []Host{{Name: "records.clinic.example", IP: [4]byte{10, 0, 6, 60}, Port: 8443}},
		BasePath:    "/api/clinic/v1",
		SpecFormat:  FormatOpenAPI3,
		Schemes: []Scheme{
			{Name: "ssws", Style: StyleAuthScheme, Param: "SSWS"},
			{Name: "portal", Style: StyleCookie, Param: "__Host-clinic"},
		},
		DefaultSecurity: []string{"ssws", "portal"},
		Clients: []Client{
			{Name: "ehr-sync", Style: StyleAuthScheme, Param: "SSWS", UA: uaJava, Weight: 3},
			{Name: "portal", Style: StyleCookie, Param: "__Host-clinic", UA: uaWeb, Weight: 4},
			{Name: "sre", Style: StyleAuthScheme, Param: "SSWS", UA: uaCurl, Weight: 1, Admin: true},
			{Name: "anon", Style: StyleNone, UA: uaWeb, Weight: 1},
			{Name: "scanner", Style: StyleNone, UA: uaScan},
		},
		HTTP10: 0.03, Close: 0.05, Pipeline: 0.05, Chunked: 0.25, Gzip: 0.25, SplitHeaders: 0.08, WarmupConns: 5,
		Routes: []Route{
			{Method: "GET", Path: "/api/clinic/v1/patients", Documented: true, Server: AuthRequired, Hits: 50, UnauthHits: 2},
			{Method: "GET", Path: "/api/clinic/v1/patients/{patientId}", Documented: true, Server: AuthRequired, Hits: 80, UnauthHits: 3, Params: patient, ErrRate: 0.04},
			{Method: "GET", Path: "/api/clinic/v1/patients/{patientId}/records/{recordId}", Documented: true, Server: AuthRequired, Hits: 60, Params: rec},
			{Method: "HEAD", Path: "/api/clinic/v1/patients/{patientId}/records/{recordId}", Documented: true, Server: AuthRequired, Hits: 15, Params: rec},
			{Method: "GET", Path: "/api/clinic/v1/appointments/{date}/slots", Documented: true, Security: public, Server: AuthPublic, Hits: 40, UnauthHits: 25, Params: map[string]IDGen{"date": idg(IDDate, 40)}},
			{Method: "POST", Path: "/api/clinic/v1/appointments", Documented: true, Server: AuthRequired, Hits: 20, Body: "json"},
			{Method: "GET", Path: "/api/clinic/v1/reports/{reportId}", Documented: true, Server: AuthRequired, Hits: 30, Params: map[string]IDGen{"reportId": idg(IDNumeric, 30)}, ErrRate: 0.2, ErrStatus: 500, Resp: "pdf"},
			{Method: "GET", Path: "/api/clinic/v1/docs", Documented: true, Security: public, Server: AuthPublic, Hits: 6, UnauthHits: 6, Status: 302},
			{Method: "GET", Path: "/api/clinic/v1/billing/invoices", Documented: true, Server: AuthRequired, Hits: 3, UnauthHits: 3},
			{Method: "DELETE", Path: "/api/clinic/v1/patients/{patientId}", Documented: true, Deprecated: true, Server: AuthRequired, Hits: 3, Params: patient},
			{Method: "GET", Path: "/api/clinic/v1/billing/invoices/{invoiceId}", Documented: true, Server: AuthRequired, Params: map[string]IDGen{"invoiceId": idg(IDNumeric, 10)}},
			{Method: "GET", Path: "/api/clinic/v1/portal", Server: AuthOpen, Hits: 5, UnauthHits: 5, Status: 301},
			{Method: "GET", Path: "/api/clinic/v1/internal/audit", Server: AuthRequired, Hits: 3, UnauthHits: 3},
			{Method: "POST", Path: "/api/clinic/v1/admin/reindex", Server: AuthAdmin, Hits: 2, NonAdminHits: 2, Status: 202},
			{Method: "GET", Path: "/api/clinic/v1/patients/{patientId}/ssn", Server: AuthBroken, Hits: 4, UnauthHits: 2, Params: patient},
		},
	}
	s.Noise = append(scanners("/api/clinic/v1", "/.env", "/actuator/health", "/swagger.json", "/../../etc/passwd"),
		Noise{Method: "GET", Path: "/api/clinic/v1/messages", Status: 404, Count: 6, Source: "dead", Auth: true},
		Noise{Method: "PUT", Path: "/api/clinic/v1/appointments", Status: 405, Count: 1, Source: "probe"},
	)
	return s
}

// Tenants is a Django-style project-management API: every path ends with a
// slash, the spec's server URL uses variables
// (https://{region}.tenants.example/{basePath} with basePath rest/v2), a
// monitoring client speaks HTTP/1.0 without a Host header, ids are numeric
// and years sit next to a literal `latest`, and a dead path is called with
// many different ids.
func Tenants() *Scenario {
	proj := map[string]IDGen{"projectId": idg(IDNumeric, 50)}
	task := map[string]IDGen{"projectId": idg(IDNumeric, 50), "taskId": idg(IDNumeric, 200)}
	s := &Scenario{
		Name:            "tenants",
		Description:     "Taskboard REST API (Django REST framework style, trailing slashes) on eu.tenants.example: projects, tasks, members and yearly reports. Users send Authorization: Token; the uptime monitor speaks HTTP/1.0 without Host.",
		Seed:            1234,
		Title:           "Taskboard REST API",
		Hosts:           []Host{{Name: "eu.tenants.example", IP: [4]byte{10, 0, 7, 70}, Port: 80}},
		BasePath:        "/rest/v2",
		SpecFormat:      FormatOpenAPI3,
		Servers:         []string{"https://{region}.tenants.example/{basePath}"},
		ServerVars:      map[string]string{"region": "eu", "basePath": "rest/v2"},
		Schemes:         []Scheme{{Name: "drfToken", Style: StyleAuthScheme, Param: "Token"}},
		DefaultSecurity: []string{"drfToken"},
		Clients: []Client{
			{Name: "spa", Style: StyleAuthScheme, Param: "Token", UA: uaWeb, Weight: 5},
			{Name: "cli", Style: StyleAuthScheme, Param: "Token", UA: uaPy, Weight: 2},
			{Name: "staff", Style: StyleAuthScheme, Param: "Token", UA: uaCurl, Weight: 1, Admin: true},
			{Name: "uptime", Style: StyleNone, UA: "Pingdom.com_bot_version_1.4", Weight: 1, HTTP10: true, NoHost: true},
			{Name: "visitor", Style: StyleNone, UA: uaWeb, Weight: 1},
			{Name: "scanner", Style: StyleNone, UA: uaScan},
		},
		HTTP10: 0.02, Close: 0.05, Pipeline: 0.05, Chunked: 0.2, Gzip: 0.3, SplitHeaders: 0.05, WarmupConns: 4,
		Routes: []Route{
			{Method: "GET", Path: "/rest/v2/projects/", Documented: true, Server: AuthRequired, Hits: 60, UnauthHits: 3},
			{Method: "POST", Path: "/rest/v2/projects/", Documented: true, Server: AuthRequired, Hits: 12, Body: "json"},
			{Method: "GET", Path: "/rest/v2/projects/{projectId}/", Documented: true, Server: AuthRequired, Hits: 70, Params: proj, ErrRate: 0.03},
			{Method: "PATCH", Path: "/rest/v2/projects/{projectId}/", Documented: true, Server: AuthRequired, Hits: 15, Params: proj, Body: "json"},
			{Method: "GET", Path: "/rest/v2/projects/{projectId}/tasks/", Documented: true, Server: AuthRequired, Hits: 60, Params: proj},
			{Method: "GET", Path: "/rest/v2/projects/{projectId}/tasks/{taskId}/", Documented: true, Server: AuthRequired, Hits: 80, Params: task},
			{Method: "PUT", Path: "/rest/v2/projects/{projectId}/tasks/{taskId}/", Documented: true, Server: AuthRequired, Hits: 25, Params: task, Body: "json"},
			{Method: "GET", Path: "/rest/v2/projects/{projectId}/members/", Documented: true, Server: AuthBroken, Hits: 20, UnauthHits: 4, Params: proj},
			{Method: "GET", Path: "/rest/v2/reports/{year}/", Documented: true, Server: AuthRequired, Hits: 20, Params: map[string]IDGen{"year": idg(IDYear, 8)}, Resp: "csv"},
			{Method: "GET", Path: "/rest/v2/reports/latest/", Documented: true, Server: AuthRequired, Hits: 25, Resp: "csv"},
			{Method: "GET", Path: "/rest/v2/health/", Documented: true, Security: public, Server: AuthPublic, Hits: 40, UnauthHits: 40, Client: "uptime"},
			{Method: "GET", Path: "/rest/v2/projects/{projectId}/archive/", Documented: true, Deprecated: true, Server: AuthRequired, Hits: 6, Params: proj},
			{Method: "DELETE", Path: "/rest/v2/projects/{projectId}/", Documented: true, Server: AuthRequired, Params: proj},
			{Method: "POST", Path: "/rest/v2/projects/{projectId}/tasks/{taskId}/move/", Server: AuthRequired, Hits: 7, Params: task, Body: "json", Status: 200},
			{Method: "GET", Path: "/admin/login/", Server: AuthOpen, Hits: 4, UnauthHits: 4},
			{Method: "GET", Path: "/rest/v2/projects/{projectId}/export/", Server: AuthRequired, Hits: 5, Params: proj, Resp: "csv"},
			{Method: "GET", Path: "/rest/v2/__debug__/sql/", Server: AuthOpen, Hits: 3, UnauthHits: 3},
		},
	}
	s.Noise = scanners("", "/.env", "/wp-login.php", "/rest/v2/.env", "/static/../../../etc/passwd", "/rest/v2/swagger/")
	for i := 0; i < 12; i++ {
		s.Noise = append(s.Noise, Noise{Method: "GET", Path: fmt.Sprintf("/rest/v2/boards/%d/", 100+i*37), Status: 404, Count: 1 + i%2, Source: "dead", Auth: true})
	}
	s.Noise = append(s.Noise, Noise{Method: "DELETE", Path: "/rest/v2/reports/latest/", Status: 405, Count: 1, Source: "probe"})
	return s
}

// Gitforge is a GitHub-Enterprise-like API under /api/v3 whose identifiers
// are names, not ids: /repos/{owner}/{repo} with logins (octocat, jdoe42,
// acme-corp) and repository names (api-gateway, infra), /users/{username}
// next to /user, /orgs/{org}, issue numbers, and `Authorization: token`
// (lower case) next to Bearer JWTs.
func Gitforge() *Scenario {
	repo := map[string]IDGen{"owner": idg(IDLogin, 30), "repo": idg(IDRepo, 40)}
	issue := map[string]IDGen{"owner": idg(IDLogin, 30), "repo": idg(IDRepo, 40), "issueNumber": idg(IDNumeric, 80)}
	s := &Scenario{
		Name:        "gitforge",
		Description: "Gitforge Enterprise REST API v3 on git.corp.example: users, repositories, issues, pulls and organisations. Personal tokens go in `Authorization: token …`, apps send Bearer JWTs.",
		Seed:        4711,
		Title:       "Gitforge Enterprise REST API",
		Hosts:       []Host{{Name: "git.corp.example", IP: [4]byte{10, 0, 8, 80}, Port: 80}},
		BasePath:    "/api/v3",
		SpecFormat:  FormatOpenAPI3,
		Schemes: []Scheme{
			{Name: "pat", Style: StyleAuthScheme, Param: "token"},
			{Name: "app", Style: StyleBearer},
		},
		DefaultSecurity: []string{"pat", "app"},
		Clients: []Client{
			{Name: "gh-cli", Style: StyleAuthScheme, Param: "token", UA: "gh/2.49.0 (linux)", Weight: 4},
			{Name: "ci-app", Style: StyleBearer, UA: "gitforge-actions-runner/2.316", Weight: 3},
			{Name: "site-admin", Style: StyleAuthScheme, Param: "token", UA: uaCurl, Weight: 1, Admin: true},
			{Name: "anon", Style: StyleNone, UA: uaPy, Weight: 1},
			{Name: "scanner", Style: StyleNone, UA: uaScan},
		},
		HTTP10: 0.02, Close: 0.05, Pipeline: 0.05, Chunked: 0.3, Gzip: 0.3, SplitHeaders: 0.05, WarmupConns: 5,
		Routes: []Route{
			{Method: "GET", Path: "/api/v3/user", Documented: true, Server: AuthRequired, Hits: 60, UnauthHits: 4},
			{Method: "GET", Path: "/api/v3/users/{username}", Documented: true, Server: AuthRequired, Hits: 50, Params: map[string]IDGen{"username": idg(IDLogin, 30)}},
			{Method: "GET", Path: "/api/v3/repos/{owner}/{repo}", Documented: true, Server: AuthRequired, Hits: 80, UnauthHits: 3, Params: repo, ErrRate: 0.05},
			{Method: "DELETE", Path: "/api/v3/repos/{owner}/{repo}", Documented: true, Server: AuthRequired, Params: repo},
			{Method: "GET", Path: "/api/v3/repos/{owner}/{repo}/issues", Documented: true, Server: AuthRequired, Hits: 50, Params: repo, Query: func(r *rand.Rand) string { return "state=open&per_page=50" }},
			{Method: "POST", Path: "/api/v3/repos/{owner}/{repo}/issues", Documented: true, Server: AuthRequired, Hits: 10, Params: repo, Body: "json"},
			{Method: "GET", Path: "/api/v3/repos/{owner}/{repo}/issues/{issueNumber}", Documented: true, Server: AuthRequired, Hits: 60, Params: issue},
			{Method: "PATCH", Path: "/api/v3/repos/{owner}/{repo}/issues/{issueNumber}", Documented: true, Server: AuthRequired, Hits: 12, Params: issue, Body: "json"},
			{Method: "GET", Path: "/api/v3/repos/{owner}/{repo}/pulls/{pullNumber}/files", Documented: true, Server: AuthRequired, Hits: 20, Params: map[string]IDGen{"owner": idg(IDLogin, 30), "repo": idg(IDRepo, 40), "pullNumber": idg(IDNumeric, 50)}},
			{Method: "GET", Path: "/api/v3/repos/{owner}/{repo}/downloads", Documented: true, Deprecated: true, Server: AuthRequired, Hits: 5, Params: repo},
			{Method: "GET", Path: "/api/v3/orgs/{org}/members", Documented: true, Server: AuthBroken, Hits: 25, UnauthHits: 5, Params: map[string]IDGen{"org": idg(IDLogin, 15)}},
			{Method: "GET", Path: "/api/v3/search/repositories", Documented: true, Server: AuthRequired, Hits: 30, Query: func(r *rand.Rand) string { return "q=" + pick(r, nouns) }},
			{Method: "GET", Path: "/api/v3/meta", Documented: true, Security: public, Server: AuthPublic, Hits: 20, UnauthHits: 12},
			{Method: "GET", Path: "/api/v3/rate_limit", Documented: true, Security: public, Server: AuthPublic, Hits: 15, UnauthHits: 5},
			{Method: "GET", Path: "/api/v3/repos/{owner}/{repo}/secrets", Server: AuthRequired, Hits: 4, Params: repo},
			{Method: "GET", Path: "/api/v3/repos/{owner}/{repo}/issues/{issueNumber}/events", Server: AuthRequired, Hits: 5, Params: issue},
			{Method: "GET", Path: "/api/v3/_private/browser/stats", Server: AuthOpen, Hits: 3, UnauthHits: 3},
			{Method: "POST", Path: "/api/v3/staff/indexing_jobs", Server: AuthAdmin, Hits: 2, Body: "json", Status: 202},
		},
	}
	s.Noise = append(scanners("", "/.env", "/.git/config", "/api/v3/.env", "/wp-login.php", "/api/v3/swagger.json"),
		Noise{Method: "GET", Path: "/api/v3/repos/acme-corp/legacy-monolith/wiki", Status: 404, Count: 6, Source: "dead", Auth: true},
		Noise{Method: "PUT", Path: "/api/v3/meta", Status: 405, Count: 1, Source: "probe"},
	)
	return s
}

// PayfastFlat is Payfast with a spec that has no servers at all: base path
// "" and every spec path carries the /v2 prefix.
func PayfastFlat() *Scenario {
	s := Payfast()
	s.Name = "payfast-flat"
	s.Seed++
	s.BasePath = ""
	s.Servers = nil
	s.NoServers = true
	return s
}

// RetailcoJSON is Retailco with its Swagger 2.0 spec written as JSON
// without a host (basePath /api only).
func RetailcoJSON() *Scenario {
	s := Retailco()
	s.Name = "retailco-json"
	s.Seed++
	s.SpecJSON = true
	s.NoServers = true
	return s
}

// Bitmarket is a crypto-exchange API (/api/v1) whose market-data routes are
// public and polled hard on a small set of values: currency pairs
// (BTC-USDT), regions (us-east-1), so each value gets dozens of hits, like a
// real resource name would. Trading routes need the X-MBX-APIKEY header and
// a signed query (timestamp, signature).
func Bitmarket() *Scenario {
	pair := map[string]IDGen{"pair": idg(IDPair, 12)}
	signed := func(r *rand.Rand) string {
		return fmt.Sprintf("timestamp=%d&recvWindow=5000&signature=%s", 1715000000000+r.Int63n(1e8), hexToken(r, 64))
	}
	s := &Scenario{
		Name:            "bitmarket",
		Description:     "Bitmarket exchange API v1: public market data polled per currency pair and region, signed trading and account routes (X-MBX-APIKEY header plus timestamp/signature query).",
		Seed:            2140,
		Title:           "Bitmarket Exchange API",
		Hosts:           []Host{{Name: "api.bitmarket.example", IP: [4]byte{10, 0, 9, 90}, Port: 80}},
		BasePath:        "/api/v1",
		SpecFormat:      FormatOpenAPI3,
		Schemes:         []Scheme{{Name: "apiKey", Style: StyleAPIKeyHdr, Param: "X-MBX-APIKEY"}},
		DefaultSecurity: []string{"apiKey"},
		Clients: []Client{
			{Name: "bot", Style: StyleAPIKeyHdr, Param: "X-MBX-APIKEY", UA: uaPy, Weight: 5},
			{Name: "desk", Style: StyleAPIKeyHdr, Param: "X-MBX-APIKEY", UA: uaJava, Weight: 2},
			{Name: "ops", Style: StyleAPIKeyHdr, Param: "X-MBX-APIKEY", UA: uaCurl, Weight: 1, Admin: true},
			{Name: "ticker-widget", Style: StyleNone, UA: uaWeb, Weight: 4},
			{Name: "scanner", Style: StyleNone, UA: uaScan},
		},
		HTTP10: 0.01, Close: 0.03, Pipeline: 0.08, Chunked: 0.2, Gzip: 0.3, SplitHeaders: 0.03, WarmupConns: 6,
		Routes: []Route{
			{Method: "GET", Path: "/api/v1/markets", Documented: true, Security: public, Server: AuthPublic, Hits: 40, UnauthHits: 30},
			{Method: "GET", Path: "/api/v1/markets/{pair}/ticker", Documented: true, Security: public, Server: AuthPublic, Hits: 400, UnauthHits: 300, Params: pair},
			{Method: "GET", Path: "/api/v1/markets/{pair}/orderbook", Documented: true, Security: public, Server: AuthPublic, Hits: 200, UnauthHits: 120, Params: pair, Query: func(r *rand.Rand) string { return fmt.Sprintf("depth=%d", 5*(1+r.Intn(4))) }},
			{Method: "GET", Path: "/api/v1/markets/{pair}/trades", Documented: true, Security: public, Server: AuthPublic, Hits: 120, UnauthHits: 80, Params: pair},
			{Method: "GET", Path: "/api/v1/status/{region}", Documented: true, Security: public, Server: AuthPublic, Hits: 90, UnauthHits: 90, Params: map[string]IDGen{"region": idg(IDRegion, 8)}},
			{Method: "POST", Path: "/api/v1/orders", Documented: true, Server: AuthRequired, Hits: 60, UnauthHits: 3, Body: "json", Query: signed, QueryAuthOnly: true},
			{Method: "GET", Path: "/api/v1/orders/{orderId}", Documented: true, Server: AuthRequired, Hits: 80, Params: map[string]IDGen{"orderId": idg(IDOrd, 120)}, Query: signed, QueryAuthOnly: true},
			{Method: "DELETE", Path: "/api/v1/orders/{orderId}", Documented: true, Server: AuthRequired, Hits: 30, Params: map[string]IDGen{"orderId": idg(IDOrd, 120)}, Query: signed, QueryAuthOnly: true, Status: 200},
			{Method: "GET", Path: "/api/v1/account/balances", Documented: true, Server: AuthRequired, Hits: 50, Query: signed, QueryAuthOnly: true},
			{Method: "GET", Path: "/api/v1/account/balances/{asset}", Documented: true, Server: AuthBroken, Hits: 30, UnauthHits: 6, Params: map[string]IDGen{"asset": {Values: []string{"BTC", "ETH", "USDT", "EUR", "SOL", "ADA"}}}, Query: signed, QueryAuthOnly: true},
			{Method: "GET", Path: "/api/v1/markets/{pair}/candles", Documented: true, Deprecated: true, Security: public, Server: AuthPublic, Hits: 25, UnauthHits: 10, Params: pair},
			{Method: "POST", Path: "/api/v1/account/withdrawals", Documented: true, Server: AuthRequired, Body: "json", Query: signed, QueryAuthOnly: true},
			{Method: "GET", Path: "/api/v1/markets/{pair}/liquidations", Server: AuthOpen, Hits: 12, UnauthHits: 6, Params: pair},
			{Method: "GET", Path: "/api/v1/internal/matching-engine/state", Server: AuthOpen, Hits: 3, UnauthHits: 3},
			{Method: "POST", Path: "/api/v1/admin/markets/{pair}/halt", Server: AuthAdmin, Hits: 2, NonAdminHits: 1, Params: pair, Body: "json", Status: 200},
		},
	}
	s.Noise = append(scanners("", "/.env", "/api/v1/.env", "/phpinfo.php", "/api/v1/markets/BTC-USDT/../../../etc/passwd"),
		Noise{Method: "GET", Path: "/api/v1/markets/BTC-USDT/klines", Status: 404, Count: 20, Source: "dead"},
		Noise{Method: "PUT", Path: "/api/v1/orders", Status: 405, Count: 1, Source: "probe"},
	)
	return s
}
