package diff

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

const securitySpec = `openapi: 3.0.3
info: {title: sec, version: '1'}
servers: [{url: 'https://api.example.com'}]
security:
  - bearer: []
components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
    key: {type: apiKey, in: query, name: api_key}
paths:
  /global:
    get: {responses: {'200': {description: ok}}}
  /public:
    get: {security: [], responses: {'200': {description: ok}}}
  /optional:
    get:
      security: [{}, {bearer: []}]
      responses: {'200': {description: ok}}
  /keyed:
    get:
      security: [{key: []}]
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses:
        '2XX': {description: ok, content: {'application/*': {schema: {type: object}}}}
        '404': {description: nf}
  /old:
    get:
      deprecated: true
      responses: {default: {description: any}}
  /free:
    get:
      parameters:
        - {name: filter, in: query, schema: {type: object}, style: form, explode: true}
      responses:
        '200': {description: ok, content: {'application/json': {schema: {type: object}}}}
`

const nosecSpec = `openapi: 3.0.3
info: {title: nosec, version: '1'}
paths:
  /open:
    get: {responses: {'200': {description: ok}}}
`

func TestFindingKinds(t *testing.T) {
	sec := loadText(t, securitySpec)
	nosec := loadText(t, nosecSpec)
	h := "api.example.com"
	withQuery := func(e inventory.Endpoint, names ...string) inventory.Endpoint {
		for _, n := range names {
			e.QueryParams = append(e.QueryParams, inventory.Param{Name: n, Type: "string", Count: 1})
		}
		return e
	}
	withTypes := func(e inventory.Endpoint, resp ...string) inventory.Endpoint {
		e.ResponseContentTypes = map[string]uint64{}
		for _, r := range resp {
			e.ResponseContentTypes[r]++
		}
		return e
	}
	cases := []struct {
		name string
		spec *Spec
		e    inventory.Endpoint
		want []string // summary lines, unused findings excluded
	}{
		{"global_security_unauth", sec, ep(h, "GET", "/global", "200:5", 2, 2), []string{"unauthenticated high GET /global"}},
		{"global_security_401_only", sec, ep(h, "GET", "/global", "200:5,401:2", 2, 0), []string{"undocumented_status low GET /global"}},
		{"public_no_finding", sec, ep(h, "GET", "/public", "200:5", 5, 5), nil},
		{"optional_no_finding", sec, ep(h, "GET", "/optional", "200:5", 5, 5), nil},
		{"op_security_overrides", sec, withQuery(ep(h, "GET", "/keyed", "200:5", 1, 1), "api_key", "q"), []string{"unauthenticated high GET /keyed"}},
		// the spec says nothing about credentials: reported, at low severity
		{"no_security_anywhere", nosec, ep(h, "GET", "/open", "200:5", 5, 5), []string{"unauthenticated low GET /open"}},
		{"zombie", sec, ep(h, "GET", "/old", "200:5,500:1", 0, 0), []string{"zombie medium GET /old"}},
		{"zombie_unauth", sec, ep(h, "GET", "/old", "200:5", 1, 1), []string{"unauthenticated high GET /old", "zombie high GET /old"}},
		{"shadow_with_credentials", sec, ep(h, "GET", "/nope", "200:5", 0, 0), []string{"shadow/path medium GET /nope"}},
		{"shadow_forbidden_only", sec, ep(h, "GET", "/admin", "403:5", 0, 0), []string{"shadow/path medium GET /admin"}},
		{"shadow_unauth", sec, ep(h, "GET", "/nope", "200:5", 1, 1), []string{"shadow/path high GET /nope", "unauthenticated high GET /nope"}},
		{"statuses_not_recorded", sec, inventory.Endpoint{Host: h, Method: "GET", Path: "/nope", Hits: 1}, []string{"shadow/path medium GET /nope"}},
		{"noise_404", sec, ep(h, "GET", "/wp-login.php", "404:5", 5, 0), nil},
		{"noise_405_501", sec, ep(h, "PUT", "/global", "405:2,501:1,0:3", 0, 0), nil},
		{"undocumented_query", sec, withQuery(ep(h, "GET", "/keyed", "200:5", 0, 0), "q", "api_key", "debug"), []string{"undocumented_query_param low GET /keyed"}},
		{"free_form_query", sec, withQuery(ep(h, "GET", "/free", "200:5", 0, 0), "anything"), nil},
		{"status_range_and_404", sec, ep(h, "GET", "/keyed", "201:5,404:1,500:2", 0, 0), []string{"undocumented_status low GET /keyed"}},
		{"default_response", sec, ep(h, "GET", "/old", "200:1,418:1", 0, 0), []string{"zombie medium GET /old"}},
		{"content_type_wildcard", sec, withTypes(ep(h, "GET", "/keyed", "200:5", 0, 0), "application/json", "application/xml"), nil},
		{"content_type_drift", sec, withTypes(ep(h, "GET", "/free", "200:5", 0, 0), "application/json; charset=utf-8", "text/html"), []string{"undocumented_content_type low GET /free"}},
		{"content_type_undocumented_body", sec, withTypes(ep(h, "GET", "/global", "200:5", 0, 0), "text/html"), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fs := Diff([]inventory.Endpoint{tc.e}, []*Spec{tc.spec}, Options{})
			var got []string
			for _, l := range summary(fs) {
				if !strings.HasPrefix(l, "unused ") {
					got = append(got, l)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestSensitiveSeverity(t *testing.T) {
	sec := loadText(t, securitySpec)
	h := "api.example.com"
	e1 := ep(h, "GET", "/global", "200:5", 2, 2)
	e1.Sensitive = map[string]uint64{"response.card_number": 1, "request.email": 3}
	e2 := ep(h, "GET", "/hidden", "200:5", 0, 0)
	e2.Sensitive = map[string]uint64{"request.email": 3}
	e3 := ep(h, "GET", "/leak", "200:5", 0, 0)
	e3.Sensitive = map[string]uint64{"response.email": 2}
	got := summary(Diff([]inventory.Endpoint{e1, e2, e3}, []*Spec{sec}, Options{Kinds: []string{KindShadow, KindUnauthenticated, KindSensitiveDataOnShadow}}))
	want := []string{
		"sensitive_data_on_shadow high GET /leak",
		"shadow/path high GET /leak",
		"shadow/path medium GET /hidden",
		"unauthenticated critical GET /global",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}

func TestUnused(t *testing.T) {
	sec := loadText(t, securitySpec)
	h := "api.example.com"
	// A 404 on a documented operation still counts as seen.
	fs := Diff([]inventory.Endpoint{ep(h, "GET", "/global", "404:1", 0, 0), ep(h, "GET", "/public", "200:1", 0, 0)}, []*Spec{sec}, Options{Kinds: []string{KindUnused}})
	got := summary(fs)
	want := []string{"unused info GET /free", "unused info GET /keyed", "unused info GET /old", "unused info GET /optional"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, f := range fs {
		if f.Host != h || f.Operation == nil || f.Operation.Line == 0 || f.Spec == "" {
			t.Errorf("unused finding %+v", f)
		}
	}
	// No traffic at all: every operation is unused, host from the servers.
	fs = Diff(nil, []*Spec{sec}, Options{})
	if len(fs) != 6 || fs[0].Host != h {
		t.Errorf("no traffic: %d findings, host %q", len(fs), fs[0].Host)
	}
}

func TestHostBinding(t *testing.T) {
	text := strings.Replace(nosecSpec, "paths:", "servers: [{url: 'https://api.example.com/v1'}]\npaths:", 1)
	cases := []struct {
		name    string
		binding []string
		eps     []inventory.Endpoint
		opts    Options
		want    []string
		warn    string
	}{
		{"servers_host_matches", nil,
			[]inventory.Endpoint{ep("api.example.com:443", "GET", "/v1/open", "200:1", 0, 0), ep("other.example", "GET", "/x", "200:1", 0, 0)},
			Options{}, nil, "1 endpoints on 1 hosts are covered by no spec"},
		{"uncovered_included", nil,
			[]inventory.Endpoint{ep("api.example.com", "GET", "/v1/open", "200:1", 0, 0), ep("other.example", "GET", "/x", "200:1", 0, 0)},
			Options{IncludeUncoveredHosts: true}, []string{"shadow/path medium GET /x"}, "reported as shadow"},
		// Requests without a host name (no Host header: the inventory
		// names them by server address, or not at all) are the named
		// host's when an unbound spec names hosts.
		{"ip_host_covered", nil,
			[]inventory.Endpoint{ep("api.example.com", "GET", "/v1/open", "200:1", 0, 0), ep("10.0.0.5:80", "GET", "/v1/open", "200:1", 0, 0), ep("10.0.0.5:80", "GET", "/v1/x", "200:1", 0, 0)},
			Options{IncludeUncoveredHosts: true}, []string{"shadow/path medium GET /v1/x"}, "also applying it to 10.0.0.5"},
		{"ipv6_host_covered", nil,
			[]inventory.Endpoint{ep("api.example.com", "GET", "/v1/open", "200:1", 0, 0), ep("[fd00::5]:8080", "GET", "/v1/open", "200:1", 0, 0)},
			Options{IncludeUncoveredHosts: true}, nil, "also applying it to fd00::5"},
		{"empty_host_covered", nil,
			[]inventory.Endpoint{ep("api.example.com", "GET", "/v1/open", "200:1", 0, 0), ep("", "GET", "/v1/open", "200:1", 0, 0)},
			Options{IncludeUncoveredHosts: true}, nil, `also applying it to ""`},
		// A host spelled with a port or in capitals is the spec's host.
		{"port_and_case_spelling", nil,
			[]inventory.Endpoint{ep("API.Example.com:8080", "GET", "/v1/open", "200:1", 0, 0), ep("api.example.com", "GET", "/v1/x", "200:1", 0, 0)},
			Options{IncludeUncoveredHosts: true}, []string{"shadow/path medium GET /v1/x"}, ""},
		// An explicit binding is strict: an address is another host.
		{"bound_ip_not_covered", []string{"api.example.com:443"},
			[]inventory.Endpoint{ep("api.example.com", "GET", "/v1/open", "200:1", 0, 0), ep("10.0.0.5:80", "GET", "/v1/open", "200:1", 0, 0)},
			Options{IncludeUncoveredHosts: true}, []string{"shadow/path medium GET /v1/open"}, "reported as shadow"},
		// Server hosts never seen: the spec applies to every host, so
		// including uncovered hosts changes nothing.
		{"never_seen_included", nil,
			[]inventory.Endpoint{ep("10.0.0.5:8080", "GET", "/v1/open", "200:1", 0, 0), ep("internal.svc", "GET", "/v1/x", "200:1", 0, 0)},
			Options{IncludeUncoveredHosts: true}, []string{"shadow/path medium GET /v1/x"}, "applying it to every host"},
		// Scanner noise on an uncovered host is noise, included or not.
		{"uncovered_noise", nil,
			[]inventory.Endpoint{ep("api.example.com", "GET", "/v1/open", "200:1", 0, 0), ep("other.example", "GET", "/x", "404:3", 0, 0)},
			Options{IncludeUncoveredHosts: true}, nil, ""},
		{"servers_host_never_seen", nil,
			[]inventory.Endpoint{ep("10.0.0.5:8080", "GET", "/v1/open", "200:1", 0, 0), ep("10.0.0.5:8080", "GET", "/v1/x", "200:1", 0, 0)},
			Options{}, []string{"shadow/path medium GET /v1/x"}, "applying it to every host"},
		{"bound", []string{"internal.svc"},
			[]inventory.Endpoint{ep("internal.svc", "GET", "/v1/open", "200:1", 0, 0), ep("api.example.com", "GET", "/v1/x", "200:1", 0, 0)},
			Options{}, nil, "covered by no spec"},
		{"bound_wildcard", []string{"*.svc"},
			[]inventory.Endpoint{ep("a.svc", "GET", "/v1/x", "200:1", 0, 0), ep("b.svc", "GET", "/v1/open", "200:1", 0, 0)},
			Options{}, []string{"shadow/path medium GET /v1/x"}, ""},
		{"bound_never_seen", []string{"gone.example"},
			[]inventory.Endpoint{ep("api.example.com", "GET", "/v1/open", "200:1", 0, 0)},
			Options{}, []string{"unused info GET /v1/open"}, "never shows"},
		// The inventory keys the loopback's names as 127.0.0.1: a spec
		// bound to localhost covers it.
		{"bound_localhost_is_loopback", []string{"localhost:3000"},
			[]inventory.Endpoint{ep("127.0.0.1:3000", "GET", "/v1/open", "200:1", 0, 0)},
			Options{}, nil, ""},
		{"base_path_fallback", nil,
			[]inventory.Endpoint{ep("api.example.com", "GET", "/open", "200:1", 0, 0), ep("api.example.com", "GET", "/x", "200:1", 0, 0)},
			Options{}, []string{"shadow/path medium GET /x"}, "matching without base paths"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			spec := loadText(t, text, tc.binding...)
			var warns []string
			tc.opts.Warn = func(s string) { warns = append(warns, s) }
			got := summary(Diff(tc.eps, []*Spec{spec}, tc.opts))
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			w := strings.Join(warns, "\n")
			if (tc.warn == "") != (w == "") || !strings.Contains(w, tc.warn) {
				t.Errorf("warnings %q, want one containing %q", w, tc.warn)
			}
		})
	}
}

// Two specs on one host: an endpoint documented by either is documented.
func TestSeveralSpecs(t *testing.T) {
	a := loadText(t, nosecSpec)
	b := loadText(t, strings.Replace(nosecSpec, "/open:", "/other:", 1))
	eps := []inventory.Endpoint{ep("h", "GET", "/open", "200:1", 0, 0), ep("h", "GET", "/other", "200:1", 0, 0), ep("h", "GET", "/none", "200:1", 0, 0)}
	got := summary(Diff(eps, []*Spec{a, b}, Options{}))
	if !slices.Equal(got, []string{"shadow/path medium GET /none"}) {
		t.Errorf("got %q", got)
	}
	// The same spec twice: no duplicate findings.
	got = summary(Diff(eps[:1], []*Spec{b, b}, Options{}))
	if !slices.Equal(got, []string{"shadow/path medium GET /open", "unused info GET /other"}) {
		t.Errorf("spec given twice: %q", got)
	}
}

func TestOptionsFilter(t *testing.T) {
	fs, _ := peopleFindings(t)
	spec := mustLoad(t, "people-openapi.yaml")
	hi := Diff(peopleEndpoints(), []*Spec{spec}, Options{MinSeverity: SeverityHigh})
	n := 0
	for _, f := range fs {
		if f.Severity >= SeverityHigh {
			n++
		}
	}
	if len(hi) != n || n == 0 {
		t.Errorf("MinSeverity high: %d findings, want %d", len(hi), n)
	}
	nd := Diff(peopleEndpoints(), []*Spec{spec}, Options{NoDrift: true})
	for _, f := range nd {
		if strings.HasPrefix(f.Kind, "undocumented_") {
			t.Errorf("NoDrift kept %s", f.Kind)
		}
	}
	for i := 1; i < len(fs); i++ {
		if fs[i].Severity > fs[i-1].Severity {
			t.Fatalf("not sorted by severity at %d", i)
		}
	}
	if got := Diff(nil, nil, Options{}); got == nil || len(got) != 0 {
		t.Errorf("no input: %#v", got)
	}
	// Without any spec nothing is documented: every answered endpoint is a
	// shadow path, whatever IncludeUncoveredHosts says.
	eps := []inventory.Endpoint{ep("a.example", "GET", "/x", "200:1", 0, 0), ep("", "GET", "/y", "404:1", 0, 0)}
	for _, inc := range []bool{false, true} {
		got := summary(Diff(eps, nil, Options{IncludeUncoveredHosts: inc}))
		if !slices.Equal(got, []string{"shadow/path medium GET /x"}) {
			t.Errorf("no spec, IncludeUncoveredHosts=%v: %q", inc, got)
		}
	}
}

// Undocumented methods on concrete values the inventory left literal are
// one finding per method and documented path, named by the spec's
// template under the base path the traffic used, with merged evidence.
func TestShadowMethodOnSpecTemplate(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: notes, version: '1'}
servers: [{url: 'https://notes.example/notes-api/v1'}]
paths:
  /tags/{tag}:
    get: {responses: {'200': {description: ok}}}
  /tags:
    get: {responses: {'200': {description: ok}}}
`)
	h := "notes.example"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/notes-api/v1/tags/work", "200:2", 0, 0, "/notes-api/v1/tags/work"),
		ep(h, "GET", "/notes-api/v1/tags/personal", "200:1", 0, 0),
		ep(h, "DELETE", "/notes-api/v1/tags/ideas", "204:1", 0, 0, "/notes-api/v1/tags/ideas"),
		ep(h, "DELETE", "/notes-api/v1/tags/work", "204:2", 1, 1),
		ep(h, "POST", "/notes-api/v1/tags", "201:1", 0, 0),
	}
	fs := Diff(eps, []*Spec{spec}, Options{})
	got := summary(fs)
	want := []string{
		"shadow/method high DELETE /notes-api/v1/tags/{tag}",
		"shadow/method medium POST /notes-api/v1/tags",
		"unauthenticated high DELETE /notes-api/v1/tags/{tag}",
		"unused info GET /notes-api/v1/tags",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	for _, f := range fs {
		if f.Kind != KindShadow || f.Method != "DELETE" {
			continue
		}
		ev := f.Evidence
		if ev.Hits != 3 || ev.Unauthenticated2xx != 1 || ev.Statuses["204"] != 3 {
			t.Errorf("merged evidence %+v", ev)
		}
		wantObs := []string{"/notes-api/v1/tags/ideas", "/notes-api/v1/tags/work"}
		if !slices.Equal(ev.ObservedPaths, wantObs) {
			t.Errorf("observed paths %q, want %q", ev.ObservedPaths, wantObs)
		}
		if f.Operation == nil || f.Operation.Path != "/tags/{tag}" || !strings.Contains(f.Detail, "3 requests") {
			t.Errorf("operation %+v, detail %q", f.Operation, f.Detail)
		}
	}
}

// HEAD and OPTIONS are methods like any other: unlisted, they are shadow
// methods. A HEAD answering without credentials where the documented GET
// demands them is verb tampering (high); a CORS preflight answers without
// credentials by design (low).
func TestHeadAndOptionsFindings(t *testing.T) {
	spec := mustLoad(t, "people-openapi.yaml")
	const h = "hr.brightlane.example"
	eps := []inventory.Endpoint{
		ep(h, "HEAD", "/hr/api/employees/{employeeId}", "200:2", 2, 2, "/hr/api/employees/E104233"),
		ep(h, "HEAD", "/hr/api/employees", "200:3", 0, 0),
		ep(h, "OPTIONS", "/hr/api/jobs", "204:4", 4, 4),
	}
	got := summary(Diff(eps, []*Spec{spec}, Options{NoDrift: true, Kinds: []string{KindShadow, KindUnauthenticated}}))
	want := []string{
		"shadow/method high HEAD /hr/api/employees/{employeeId}",
		"unauthenticated high HEAD /hr/api/employees/{employeeId}",
		"shadow/method low HEAD /hr/api/employees",
		"shadow/method low OPTIONS /hr/api/jobs",
		"unauthenticated low OPTIONS /hr/api/jobs",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("strict:\n got %q\nwant %q", got, want)
	}
	if got := summary(Diff(eps, []*Spec{spec}, Options{NoDrift: true, LenientMethods: true, Kinds: []string{KindShadow, KindUnauthenticated}})); !slices.Equal(got, []string{"unauthenticated high GET /hr/api/employees/{employeeId}"}) {
		// Lenient, the HEAD calls are the GET's: its auth is broken.
		t.Errorf("lenient: %q", got)
	}
}

// Calls that only got a redirect the operation does not document were sent
// elsewhere before reaching it (a prefix or port redirect in front of the
// application): the operation stays unused. One that documents the
// redirect (an OAuth authorize endpoint) is used by it.
func TestRedirectedAwayIsNotACall(t *testing.T) {
	spec := loadText(t, `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /version:
    get:
      responses:
        "200": {description: ok}
  /oauth2/auth:
    get:
      responses:
        "302": {description: to the login page}
`)
	const h = "auth.example.test"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/version", "307:2", 0, 0),
		ep(h, "GET", "/oauth2/auth", "302:5", 0, 0),
	}
	got := summary(Diff(eps, []*Spec{spec}, Options{Kinds: []string{KindUnused}}))
	if !slices.Equal(got, []string{"unused info GET /version"}) {
		t.Errorf("unused: %q", got)
	}
	eps[0] = ep(h, "GET", "/version", "307:2,200:1", 0, 0)
	if got := summary(Diff(eps, []*Spec{spec}, Options{Kinds: []string{KindUnused}})); len(got) != 0 {
		t.Errorf("a 200 makes it used: %q", got)
	}
}

const unroutedSpec = `openapi: 3.0.0
info: {title: gate, version: "1"}
paths:
  /version:
    get: {operationId: getVersion, responses: {"200": {description: ok}}}
  /plugins/lookup/{name}:
    get: {operationId: lookupPlugin, parameters: [{name: name, in: path, required: true, schema: {type: string}}], responses: {"200": {description: ok}}}
  /rules:
    get: {operationId: listRules, responses: {"200": {description: ok}}}
`

// A documented fixed path answered only with the router's miss page is not
// served there: unused. A parametrised one so answered was called (a
// handler may answer a missing record with the router's page), and so was
// a fixed path whose 404 was the handler's own.
func TestUnroutedNoiseAndUnused(t *testing.T) {
	spec := loadText(t, unroutedSpec)
	h := "gate.internal"
	eps := []inventory.Endpoint{ep(h, "GET", "/health", "200:3", 0, 0)}
	noise := []inventory.Noise{
		{Host: h, Method: "GET", Path: "/version", Statuses: map[string]uint64{"404": 2}, Hits: 2, Unrouted: true},
		{Host: h, Method: "GET", Path: "/plugins/lookup/acme", Statuses: map[string]uint64{"404": 1}, Hits: 1, Unrouted: true},
		{Host: h, Method: "GET", Path: "/rules", Statuses: map[string]uint64{"404": 1}, Hits: 1},
	}
	unused := map[string]bool{}
	for _, f := range Diff(eps, []*Spec{spec}, Options{Noise: noise}) {
		if f.Kind == KindUnused && f.Operation != nil {
			unused[f.Operation.OperationID] = true
		}
	}
	if want := map[string]bool{"getVersion": true}; !maps.Equal(unused, want) {
		t.Errorf("unused %v, want %v", unused, want)
	}
}

// An endpoint answered only 404/405 is scanner noise to the diff, unless the
// inventory says its route's own handler gave those answers (Routed): then
// it is a shadow path like any other.
func TestRoutedRefusalIsShadow(t *testing.T) {
	spec := loadText(t, unroutedSpec)
	h := "gate.internal"
	quit := ep(h, "GET", "/-/quit", "405:1", 0, 0)
	quit.Routed = true
	eps := []inventory.Endpoint{quit, ep(h, "GET", "/wp-login.php", "405:1", 0, 0)}
	got := summary(Diff(eps, []*Spec{spec}, Options{}), KindShadow)
	if len(got) != 1 || !strings.Contains(got[0], "GET /-/quit") {
		t.Errorf("shadow findings %q, want only GET /-/quit", got)
	}
}

// A spec whose paths leave out the prefix the traffic carries (a base path
// named only in prose, a gateway's mount) is matched under the one prefix
// that makes the traffic documented, on that host, with a warning; its
// findings name the paths as called. Traffic that matches as it is keeps
// the spec as written.
func TestPrefixInference(t *testing.T) {
	const text = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /users:
    get: {responses: {"200": {description: ok}}}
  /users/{id}:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /users/{id}/keys:
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /health:
    get: {responses: {"200": {description: ok}}}
`
	eps := []inventory.Endpoint{
		ep("vault.internal:8200", "GET", "/v1/users", "200:3", 0, 0),
		ep("vault.internal:8200", "GET", "/v1/users/{userId}", "200:3", 0, 0, "/v1/users/kim"),
		ep("vault.internal:8200", "GET", "/v1/users/{userId}/keys", "200:2", 0, 0, "/v1/users/kim/keys"),
		ep("vault.internal:8200", "GET", "/v1/users/{userId}/sessions", "200:2", 0, 0, "/v1/users/kim/sessions"),
		ep("vault.internal:8200", "GET", "/metrics", "200:5", 0, 0),
	}
	var warns []string
	got := summary(Diff(eps, []*Spec{loadText(t, text)}, Options{Warn: func(s string) { warns = append(warns, s) }}))
	want := []string{"shadow/path medium GET /metrics", "shadow/path medium GET /v1/users/{userId}/sessions", "unused info GET /v1/health"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if w := strings.Join(warns, "\n"); !strings.Contains(w, "under /v1") {
		t.Errorf("warnings %q, want one about the /v1 prefix", w)
	}
	// As written at the root: no prefix, no warning about one.
	for i := range eps {
		eps[i].Path = strings.TrimPrefix(eps[i].Path, "/v1")
		for j := range eps[i].Examples {
			eps[i].Examples[j] = strings.TrimPrefix(eps[i].Examples[j], "/v1")
		}
	}
	warns = nil
	got = summary(Diff(eps, []*Spec{loadText(t, text)}, Options{Warn: func(s string) { warns = append(warns, s) }}))
	want = []string{"shadow/path medium GET /metrics", "shadow/path medium GET /users/{userId}/sessions", "unused info GET /health"}
	if !slices.Equal(got, want) {
		t.Errorf("at the root: got %q, want %q", got, want)
	}
	if w := strings.Join(warns, "\n"); strings.Contains(w, "under /") {
		t.Errorf("at the root: warnings %q", w)
	}
}

// A versioned API whose document leaves the version out of its paths
// (Podman's /v4.3.1/libpod/..., Docker's /v1.41/...): clients asked for
// two versions, so the inventory made the version a parameter, and the
// spec matches under it whichever version was called. A first segment
// of names is no version.
func TestVersionPrefixInference(t *testing.T) {
	const text = `openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /containers/json:
    get: {responses: {"200": {description: ok}}}
  /containers/{name}/json:
    get:
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /images/{name}/json:
    get:
      parameters: [{name: name, in: path, required: true, schema: {type: string}}]
      responses: {"200": {description: ok}}
  /info:
    get: {responses: {"200": {description: ok}}}
`
	eps := []inventory.Endpoint{
		ep("podman:8080", "GET", "/{id}/containers/json", "200:3", 0, 0, "/v1.41/containers/json", "/v4.3.1/containers/json"),
		ep("podman:8080", "GET", "/{id}/containers/{containerId}/json", "200:3", 0, 0, "/v1.41/containers/web/json", "/v4.3.1/containers/db/json"),
		ep("podman:8080", "GET", "/{id}/images/{imageId}/json", "200:2", 0, 0, "/v1.41/images/busybox/json"),
		ep("podman:8080", "GET", "/{id}/containers/{containerId}/changes", "200:2", 0, 0, "/v4.3.1/containers/web/changes"),
	}
	var warns []string
	got := summary(Diff(eps, []*Spec{loadText(t, text)}, Options{Warn: func(s string) { warns = append(warns, s) }}))
	want := []string{"shadow/path medium GET /{id}/containers/{containerId}/changes", "unused info GET /{version}/info"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if w := strings.Join(warns, "\n"); !strings.Contains(w, "under /{version}") {
		t.Errorf("warnings %q, want one about the version prefix", w)
	}
	// Owners, not versions, in front of the paths: nothing is inferred.
	for i := range eps {
		for j, x := range eps[i].Examples {
			eps[i].Examples[j] = strings.NewReplacer("/v1.41/", "/kim/", "/v4.3.1/", "/ana/").Replace(x)
		}
	}
	warns = nil
	Diff(eps, []*Spec{loadText(t, text)}, Options{Warn: func(s string) { warns = append(warns, s) }})
	if w := strings.Join(warns, "\n"); strings.Contains(w, "under /") {
		t.Errorf("owners: warnings %q", w)
	}
}
