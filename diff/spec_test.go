package diff

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

// Every committed corpus spec loads, with the operation counts of
// testdata/specs/PROVENANCE.md.
func TestLoadCorpus(t *testing.T) {
	cases := []struct {
		file  string
		ops   int
		hosts []string
		bases []string
		warn  string // substring of a warning, if one is expected
	}{
		{"discord-api-v10.json", 242, []string{"discord.com"}, []string{"/api/v10"}, ""},
		{"forge-api-v1.yaml", 35, nil, []string{"/api/v1"}, ""},
		{"oai-v2.0-petstore-expanded.yaml", 4, []string{"petstore.swagger.io"}, []string{"/api"}, ""},
		{"oai-v2.0-uber.json", 5, []string{"api.uber.com"}, []string{"/v1"}, ""},
		{"oai-v3.0-api-with-examples.json", 2, nil, []string{""}, ""},
		{"oai-v3.0-callback-example.yaml", 1, nil, []string{""}, ""},
		{"oai-v3.0-link-example.yaml", 6, nil, []string{""}, ""},
		{"oai-v3.0-petstore-expanded.yaml", 4, []string{"petstore.swagger.io"}, []string{"/v2"}, ""},
		{"oai-v3.0-uspto.yaml", 3, []string{"developer.uspto.gov"}, []string{"/ds-api"}, ""},
		{"oai-v3.1-non-oauth-scopes.yaml", 1, nil, []string{""}, ""},
		{"oai-v3.1-webhook-example.yaml", 0, nil, []string{""}, ""},
		{"people-openapi.yaml", 25, []string{"hr-staging.brightlane.example", "hr.brightlane.example"}, []string{"/hr/api"}, ""},
		{"slack-web-api-v2.json", 174, []string{"slack.com"}, []string{"/api"}, "tuple-form"},
		{"stripe-api-2022-10.yaml", 457, []string{"api.stripe.com", "files.stripe.com"}, []string{""}, ""},
		{"swagger-petstore-v3.yaml", 19, []string{"petstore3.swagger.io"}, []string{"/api/v3"}, ""},
		{"twilio-api-v2010.json", 197, []string{"api.twilio.com"}, []string{""}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			// The big ones skip kin-openapi's Validate (3/4 of their load
			// time); TestLoadSkipValidation covers validation warnings.
			big := strings.HasSuffix(tc.file, ".gz") || strings.HasPrefix(tc.file, "stripe") || strings.HasPrefix(tc.file, "twilio") || strings.HasPrefix(tc.file, "discord")
			s, warns, err := LoadSpecWith(specPath(t, tc.file), nil, LoadOptions{SkipValidation: big})
			if err != nil {
				t.Fatal(err)
			}
			if s.NumOperations() != tc.ops {
				t.Errorf("ops = %d, want %d", s.NumOperations(), tc.ops)
			}
			if !slices.Equal(s.Hosts, tc.hosts) {
				t.Errorf("hosts = %q, want %q", s.Hosts, tc.hosts)
			}
			if !slices.Equal(s.BasePaths, tc.bases) {
				t.Errorf("bases = %q, want %q", s.BasePaths, tc.bases)
			}
			found := tc.warn == ""
			for _, w := range warns {
				found = found || strings.Contains(w, tc.warn)
			}
			if !found {
				t.Errorf("no warning containing %q in %q", tc.warn, warns)
			}
			for _, o := range s.ops {
				if o.line == 0 {
					t.Errorf("%s %s: no line found", o.method, o.path)
					break
				}
			}
		})
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cases := []struct {
		name, text string
		is         error
		msg        string
	}{
		{"missing.yaml", "", os.ErrNotExist, "missing.yaml"},
		{"notaspec.yaml", "hello: world\n", ErrNotASpec, "notaspec.yaml"},
		{"swagger1.json", `{"swaggerVersion":"1.2","swagger":"1.2"}`, ErrUnsupportedVersion, "1.2"},
		{"openapi4.yaml", "openapi: 4.0.0\ninfo: {title: x, version: '1'}\npaths: {}\n", ErrUnsupportedVersion, "4.0.0"},
		{"broken.yaml", "openapi: 3.0.0\ninfo: [\n", nil, "broken.yaml"},
		{"badref.yaml", "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'missing.yaml#/x'}\n", nil, "badref.yaml"},
		{"remote.yaml", "openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'http://169.254.169.254/x.yaml#/r'}\n", ErrRemoteRef, "remote $ref"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, tc.name)
			if tc.text != "" {
				p = write(tc.name, tc.text)
			}
			_, _, err := LoadSpec(p, nil)
			if err == nil {
				t.Fatal("no error")
			}
			var se *SpecError
			if !errors.As(err, &se) || se.File != p {
				t.Errorf("error %v is not a *SpecError naming the file", err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("error %v is not %v", err, tc.is)
			}
			if !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %q does not mention %q", err, tc.msg)
			}
		})
	}
}

func TestLoadExternalRef(t *testing.T) {
	dir := t.TempDir()
	_ = os.WriteFile(filepath.Join(dir, "common.yaml"), []byte("components:\n  responses:\n    OK:\n      description: ok\n"), 0o644)
	main := filepath.Join(dir, "main.yaml")
	_ = os.WriteFile(main, []byte("openapi: 3.0.0\ninfo: {title: x, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: 'common.yaml#/components/responses/OK'}\n"), 0o644)
	s, _, err := LoadSpec(main, nil)
	if err != nil {
		t.Fatal(err)
	}
	if s.NumOperations() != 1 {
		t.Errorf("ops %d", s.NumOperations())
	}
}

func TestParseSpecArg(t *testing.T) {
	cases := []struct {
		arg   string
		file  string
		hosts []string
	}{
		{"orders.yaml", "orders.yaml", nil},
		{"api.example.com=orders.yaml", "orders.yaml", []string{"api.example.com"}},
		{"a.example.com, b.example.com:8080=specs/o.yaml", "specs/o.yaml", []string{"a.example.com", "b.example.com:8080"}},
		{"./dir=x/spec.yaml", "./dir=x/spec.yaml", nil},
		{"=spec.yaml", "=spec.yaml", nil},
	}
	for _, tc := range cases {
		f, h := ParseSpecArg(tc.arg)
		if f != tc.file || !slices.Equal(h, tc.hosts) {
			t.Errorf("ParseSpecArg(%q) = %q %q, want %q %q", tc.arg, f, h, tc.file, tc.hosts)
		}
	}
}

func TestParseSeverity(t *testing.T) {
	for i, n := range []string{"info", "LOW", "Medium", "high", "critical"} {
		s, err := ParseSeverity(n)
		if err != nil || s != Severity(i) {
			t.Errorf("ParseSeverity(%q) = %v, %v", n, s, err)
		}
	}
	if _, err := ParseSeverity("urgent"); !errors.Is(err, ErrBadSeverity) {
		t.Errorf("ParseSeverity(urgent): %v", err)
	}
	if Severity(9).String() != "severity(9)" {
		t.Error(Severity(9).String())
	}
}

func TestPreprocessTupleItems(t *testing.T) {
	in := `{"definitions":{"a":{"type":"array","items":[{"type":"string"},{"type":"null"}]},
	 "b":{"example":{"items":[{"x":1}]}}, "c":{"type":"array","items":{"type":"string"}}}}`
	out, n, err := PreprocessTupleItems([]byte(in))
	if err != nil || n != 1 {
		t.Fatalf("n=%d err=%v", n, err)
	}
	if !strings.Contains(string(out), `"a":{"items":{},"type":"array"}`) || !strings.Contains(string(out), `"items":[{"x":1}]`) {
		t.Errorf("rewritten: %s", out)
	}
	if _, n, _ := PreprocessTupleItems([]byte(`{"a":1}`)); n != 0 {
		t.Errorf("n=%d on a clean document", n)
	}
}

func TestLoadSkipValidation(t *testing.T) {
	p := specPath(t, "slack-web-api-v2.json")
	_, warns, err := LoadSpecWith(p, nil, LoadOptions{})
	if err != nil || len(warns) != 2 || !strings.HasPrefix(warns[1], "validation: ") {
		t.Fatalf("validated load: %q %v", warns, err)
	}
	s, warns, err := LoadSpecWith(p, []string{"slack.com"}, LoadOptions{SkipValidation: true})
	if err != nil || len(warns) != 1 || !strings.Contains(warns[0], "tuple-form") {
		t.Fatalf("unvalidated load: %q %v", warns, err)
	}
	if !s.Bound || !slices.Equal(s.Hosts, []string{"slack.com"}) || s.NumOperations() != 174 {
		t.Errorf("spec: bound %v hosts %q ops %d", s.Bound, s.Hosts, s.NumOperations())
	}
}

func TestAPIKeyNames(t *testing.T) {
	s := mustLoad(t, "forge-api-v1.yaml")
	if !slices.Equal(s.APIKeyHeaders, []string{"Authorization", "X-Act-As", "X-Forge-OTP"}) ||
		!slices.Equal(s.APIKeyQueryParams, []string{"access_token", "token"}) || len(s.APIKeyCookies) != 0 {
		t.Errorf("headers %q query %q cookies %q", s.APIKeyHeaders, s.APIKeyQueryParams, s.APIKeyCookies)
	}
	p := mustLoad(t, "people-openapi.yaml")
	if !slices.Equal(p.APIKeyCookies, []string{"phub_sid"}) {
		t.Errorf("cookies %q", p.APIKeyCookies)
	}
}

// Published specs' defects that the loader refuses are repaired and each
// kind reported: a boolean "required" in a property (its truth moves to
// the enclosing schema), a $ref to an undefined schema, a response given
// as a schema $ref (NocoDB's spec has all three).
func TestRepairPublishedDefects(t *testing.T) {
	text := `{"openapi":"3.0.3","info":{"title":"t","version":"1"},
	 "paths":{"/api/v1/items/{id}":{"get":{"parameters":[{"name":"id","in":"path","required":true,"schema":{"type":"string"}}],
	   "responses":{"200":{"$ref":"#/components/schemas/Item"},"404":{"description":"no","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Gone"}}}}}}}},
	 "components":{"schemas":{"Item":{"type":"object","properties":{"id":{"type":"string","required":true},"note":{"type":"string","required":false}}}}}}`
	p := filepath.Join(t.TempDir(), "spec.json")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	s, warns, err := LoadSpec(p, nil)
	if err != nil {
		t.Fatalf("LoadSpec: %v", err)
	}
	for _, want := range []string{`repaired 2 boolean "required"`, "repaired 1 $refs to undefined schemas", "repaired 1 responses given as a schema $ref"} {
		if !slices.ContainsFunc(warns, func(w string) bool { return strings.Contains(w, want) }) {
			t.Errorf("no warning %q in %q", want, warns)
		}
	}
	if s.NumOperations() != 1 {
		t.Errorf("%d operations", s.NumOperations())
	}
	out, rw, err := repairSpec([]byte(text))
	if err != nil || len(rw) != 3 {
		t.Fatalf("repairSpec: %v %q", err, rw)
	}
	if !strings.Contains(string(out), `"required":["id"]`) {
		t.Errorf("required not lifted: %s", out)
	}
	if _, rw, _ := repairSpec([]byte(`{"openapi":"3.0.3","paths":{}}`)); len(rw) != 0 {
		t.Errorf("repairs on a clean document: %q", rw)
	}
}

// YAML merge keys (<<: *anchor) are resolved: kin-openapi's reader would keep
// "<<" as a key and lose the merged responses, so every shared error status
// would be reported undocumented.
func TestYAMLMergeKeys(t *testing.T) {
	const text = `swagger: '2.0'
info: {title: merge, version: '1'}
basePath: /api/v1
responses: &common
  '404': {description: not found}
  '422': {description: unprocessable}
paths:
  /zones/{zone_id}:
    parameters:
      - {name: zone_id, in: path, required: true, type: string}
    get:
      operationId: getZone
      responses:
        '200': {description: ok}
        <<: *common
    patch:
      operationId: patchZone
      responses:
        '204': {description: done}
        <<: *common
`
	s := loadText(t, text)
	h := "dns.internal"
	eps := []inventory.Endpoint{
		ep(h, "GET", "/api/v1/zones/{zoneId}", "200:5,404:2", 0, 0),
		ep(h, "PATCH", "/api/v1/zones/{zoneId}", "204:5,422:1", 0, 0),
	}
	fs := Diff(eps, []*Spec{s}, Options{})
	if got := summary(fs, KindUndocumentedStatus); len(got) != 0 {
		t.Errorf("merged statuses reported undocumented: %q", got)
	}
	if got := summary(fs, KindUnused, KindShadow); len(got) != 0 {
		t.Errorf("findings: %q", got)
	}
}
