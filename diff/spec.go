package diff

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	yaml "go.yaml.in/yaml/v4"

	"github.com/shadowtap/shadowtap/inventory"
)

// Loader caps. Reaching one is an error (MaxSpecBytes) or a warning.
const (
	// MaxSpecBytes is the largest spec file LoadSpec reads (64 MiB). A larger
	// file is refused with ErrSpecTooLarge.
	MaxSpecBytes = 64 << 20
	// maxServerExpansions caps the server URLs one servers entry expands to
	// through its variables' enums; the rest are dropped with a warning.
	maxServerExpansions = 64
	// maxPatternLen is the longest parameter pattern compiled for value checks;
	// longer ones are not checked.
	maxPatternLen = 1024
)

// Sentinel errors, wrapped in a *SpecError by LoadSpec.
var (
	// ErrSpecTooLarge: the file is over MaxSpecBytes.
	ErrSpecTooLarge = errors.New("diff: spec file too large")
	// ErrNotASpec: the document has neither an "openapi" nor a "swagger" field.
	ErrNotASpec = errors.New("diff: not an OpenAPI or Swagger document (no \"openapi\" or \"swagger\" version field)")
	// ErrUnsupportedVersion: a version this loader does not read (Swagger 1.x,
	// OpenAPI 4...).
	ErrUnsupportedVersion = errors.New("diff: unsupported spec version")
	// ErrRemoteRef: a $ref points at a URL; specs are never fetched.
	ErrRemoteRef = errors.New("diff: remote $ref refused (only local files are read)")
)

// SpecError is a spec that could not be loaded: the file and why.
type SpecError struct {
	File string
	Err  error
}

func (e *SpecError) Error() string { return fmt.Sprintf("spec %s: %v", e.File, e.Err) }

// Unwrap returns the cause.
func (e *SpecError) Unwrap() error { return e.Err }

// Spec is a loaded API description, reduced to what matching and the
// findings need. The kin-openapi document is not retained after loading, so a
// Spec costs a small fraction of the document's memory.
type Spec struct {
	// File is the path the spec was loaded from.
	File string
	// Hosts are the hosts the spec applies to: the --spec binding when given
	// (Bound is then true), else the hosts its servers (or Swagger host) name.
	// Empty means every host. Entries are lower case without port; "*.x.com"
	// matches sub-domains and "*" every host.
	Hosts []string
	// Bound is true when Hosts came from an explicit binding.
	Bound bool
	// Title and Version are info.title and info.version; OpenAPI is the
	// document's version field ("3.0.2", or "2.0" for Swagger).
	Title, Version, OpenAPI string
	// BasePaths are the distinct base paths of every servers entry (document,
	// path and operation level; "" for the root), sorted.
	BasePaths []string
	// APIKeyHeaders, APIKeyQueryParams and APIKeyCookies are the names the
	// spec's apiKey security schemes use (sorted, unique): a CLI that ingests
	// and diffs in one run can hand them to the inventory's credential
	// detection.
	APIKeyHeaders, APIKeyQueryParams, APIKeyCookies []string

	ops      []*operation
	trie     *node // full paths (base path + template)
	rootTrie *node // templates without base paths, the fallback for proxies that strip them
	// anyServerHost is set when a server URL's host could not be known (an
	// unexpanded variable): the spec then applies to every host.
	anyServerHost bool
}

// NumOperations returns the number of documented operations.
func (s *Spec) NumOperations() int { return len(s.ops) }

// operation is one documented method on one path.
type operation struct {
	spec        *Spec
	index       int
	method      string
	path        string // the paths key as written
	operationID string
	deprecated  bool
	secured     bool // effective security requires credentials
	// undeclared: neither the operation nor the document states any
	// security (absent, not "security: []"): the spec says nothing about
	// credentials, so answers without them are reported, at low severity.
	undeclared bool
	schemes    []string // security scheme names of the effective requirements
	query      map[string]bool
	anyQuery   bool // a free-form (object) query parameter: any name is documented
	statuses   map[string]bool
	anyStatus  bool // a "default" response
	respTypes  []string
	reqTypes   []string
	params     map[string]*paramCheck
	bases      []string
	line       int
}

// fullPath is the documented path with base path b.
func (o *operation) fullPath(b string) string {
	p := b + o.path
	if p == "" {
		return "/"
	}
	return p
}

// ParseSpecArg splits a --spec flag value: "api.example.com=orders.yaml",
// "a.example.com,b.example.com=orders.yaml" or just "orders.yaml". A value
// whose part before "=" does not look like a host list (it holds a path
// separator) is taken whole as a file name.
func ParseSpecArg(arg string) (file string, hosts []string) {
	i := strings.IndexByte(arg, '=')
	if i <= 0 {
		return arg, nil
	}
	left := arg[:i]
	if strings.ContainsAny(left, `/\`) {
		return arg, nil
	}
	for _, h := range strings.Split(left, ",") {
		if h = strings.TrimSpace(h); h != "" {
			hosts = append(hosts, h)
		}
	}
	return arg[i+1:], hosts
}

var (
	reSwagger = regexp.MustCompile(`(?m)(?:^swagger\s*:|"swagger"\s*:)\s*['"]?([0-9][0-9.]*)`)
	reOpenAPI = regexp.MustCompile(`(?m)(?:^openapi\s*:|"openapi"\s*:)\s*['"]?([0-9][0-9.]*)`)
)

// LoadSpec loads an OpenAPI 3.0/3.1 or Swagger 2.0 document (YAML or JSON).
// $refs to other local files are followed; URLs are never fetched. binding is
// the optional host list from `--spec host1,host2=file.yaml`. A document
// that cannot be loaded gives a *SpecError naming the file and the problem;
// validation problems are returned as warnings (real specs often fail
// validation), as are the repairs the loader made (see PreprocessTupleItems).
func LoadSpec(file string, binding []string) (*Spec, []string, error) {
	return LoadSpecWith(file, binding, LoadOptions{})
}

// LoadOptions tune LoadSpecWith.
type LoadOptions struct {
	// SkipValidation skips kin-openapi's Validate, which is about three
	// quarters of the load time of a large spec (Stripe's: ~0.7 s of ~1 s on
	// the reference VM); validation problems are then not reported.
	SkipValidation bool
}

// LoadSpecWith is LoadSpec with options.
func LoadSpecWith(file string, binding []string, opts LoadOptions) (*Spec, []string, error) {
	fail := func(err error) (*Spec, []string, error) { return nil, nil, &SpecError{File: file, Err: err} }
	fi, err := os.Stat(file)
	if err != nil {
		return fail(err)
	}
	if !fi.Mode().IsRegular() {
		return fail(errors.New("not a regular file"))
	}
	if fi.Size() > MaxSpecBytes {
		return fail(fmt.Errorf("%w: %d bytes (cap %d)", ErrSpecTooLarge, fi.Size(), MaxSpecBytes))
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return fail(err)
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		abs = file
	}
	s, warns, err := loadSpecData(data, file, abs, binding, true, !opts.SkipValidation)
	if err != nil {
		return fail(err)
	}
	return s, warns, nil
}

// loadSpecData loads spec bytes. file names the spec in findings, location
// is its absolute path for relative $refs (read only when external is
// true). A panic in the third-party loader becomes an error.
func loadSpecData(data []byte, file, location string, binding []string, external, validate bool) (s *Spec, warns []string, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, warns, err = nil, nil, fmt.Errorf("diff: internal error loading the spec: %v", r)
		}
	}()
	if isProtoset(file, data) {
		doc, err := protosetDoc(data)
		if err != nil {
			return nil, nil, err
		}
		s, warns, err := newSpec(doc, file, binding, false)
		if err != nil {
			return nil, nil, err
		}
		s.OpenAPI = "protoset"
		return s, warns, nil
	}
	doc, warns, err := loadDoc(data, location, external)
	if err != nil {
		return nil, nil, err
	}
	s, w2, err := newSpec(doc, file, binding, validate)
	if err != nil {
		return nil, nil, err
	}
	findLines(s, data)
	return s, append(warns, w2...), nil
}

// loadDoc turns spec bytes into a resolved OpenAPI 3 document. location is
// the file's absolute path, used to resolve relative $refs.
func loadDoc(data []byte, location string, external bool) (*openapi3.T, []string, error) {
	var warns []string
	loc := &url.URL{Path: filepath.ToSlash(location)}
	newLoader := func() *openapi3.Loader {
		l := openapi3.NewLoader()
		l.IsExternalRefsAllowed = external
		l.ReadFromURIFunc = localOnly
		if !external {
			l.ReadFromURIFunc = noExternal
		}
		return l
	}
	if j, ok := resolveMerges(data); ok {
		data = j
	}
	head := data
	if m := reSwagger.FindSubmatch(head); m != nil && reOpenAPI.FindSubmatch(head) == nil {
		if !bytes.HasPrefix(m[1], []byte("2")) {
			return nil, nil, fmt.Errorf("%w: swagger %q", ErrUnsupportedVersion, m[1])
		}
		var d2 openapi2.T
		err := openapi2.UnmarshalFromData(data, &d2)
		if err != nil {
			fixed, rw, ferr := repairSpec(data)
			if ferr != nil || len(rw) == 0 {
				return nil, nil, fmt.Errorf("swagger 2.0: %w", err)
			}
			d2 = openapi2.T{}
			if err2 := openapi2.UnmarshalFromData(fixed, &d2); err2 != nil {
				return nil, nil, fmt.Errorf("swagger 2.0: %w", err)
			}
			warns = append(warns, rw...)
		}
		doc, err := openapi2conv.ToV3WithLoader(&d2, newLoader(), loc)
		if err != nil {
			return nil, nil, fmt.Errorf("converting swagger 2.0 to openapi 3: %w", err)
		}
		return doc, warns, nil
	}
	if m := reOpenAPI.FindSubmatch(head); m == nil {
		if reSwagger.FindSubmatch(head) == nil {
			return nil, nil, ErrNotASpec
		}
	} else if !bytes.HasPrefix(m[1], []byte("3")) {
		return nil, nil, fmt.Errorf("%w: openapi %q", ErrUnsupportedVersion, m[1])
	}
	doc, err := newLoader().LoadFromDataWithPath(data, loc)
	if err != nil {
		fixed, rw, ferr := repairSpec(data)
		if ferr != nil || len(rw) == 0 {
			return nil, nil, err
		}
		doc2, err2 := newLoader().LoadFromDataWithPath(fixed, loc)
		if err2 != nil {
			return nil, nil, err
		}
		doc = doc2
		warns = append(warns, rw...)
	}
	if doc.OpenAPI == "" {
		return nil, nil, ErrNotASpec
	}
	return doc, warns, nil
}

// localOnly reads $ref targets from local files only.
func localOnly(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
	if u.Host != "" || (u.Scheme != "" && u.Scheme != "file") {
		return nil, fmt.Errorf("%w: %s", ErrRemoteRef, u.Redacted())
	}
	p := filepath.FromSlash(u.Path)
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("diff: $ref target %s is not a regular file", p)
	}
	b, err := io.ReadAll(io.LimitReader(f, MaxSpecBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > MaxSpecBytes {
		return nil, fmt.Errorf("%w: %s", ErrSpecTooLarge, p)
	}
	return b, nil
}

// noExternal refuses every external $ref.
func noExternal(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
	return nil, fmt.Errorf("diff: external $ref %s not allowed here", u.Redacted())
}

// PreprocessTupleItems rewrites the tuple form of "items" (a list of schemas,
// which JSON Schema draft 4 allowed but Swagger 2.0 and OpenAPI 3.0 do not,
// and which published specs such as Slack's contain) into an empty schema
// (any item), so the document loads. Lists under example/examples and x-
// extensions are left alone. It returns the rewritten document as JSON and
// how many lists it replaced; when that is 0 the input needs no repair.
func PreprocessTupleItems(data []byte) ([]byte, int, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, 0, err
	}
	n := 0
	v = fixTuples(v, &n, 0)
	if n == 0 {
		return nil, 0, nil
	}
	out, err := json.Marshal(v)
	return out, n, err
}

func fixTuples(v any, n *int, depth int) any {
	if depth > 256 {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			if k == "example" || k == "examples" || strings.HasPrefix(k, "x-") {
				continue
			}
			if k == "items" {
				if l, ok := c.([]any); ok {
					*n++
					_ = l
					x[k] = map[string]any{}
					continue
				}
			}
			x[k] = fixTuples(c, n, depth+1)
		}
		return x
	case map[any]any: // defensive: yaml may produce it for non-string keys
		m := make(map[string]any, len(x))
		for k, c := range x {
			m[fmt.Sprint(k)] = c
		}
		return fixTuples(m, n, depth)
	case []any:
		for i := range x {
			x[i] = fixTuples(x[i], n, depth+1)
		}
		return x
	}
	return v
}

// reMergeKey finds a YAML merge key (<<: *anchor).
var reMergeKey = regexp.MustCompile(`(?m)^\s*(?:-\s+)?<<\s*:`)

// resolveMerges returns a YAML document that uses merge keys (<<: *anchor,
// as in PowerDNS's spec, whose operations share their error responses that
// way) as JSON with the merges resolved: kin-openapi's YAML reader keeps
// "<<" as an ordinary key, and the merged responses, parameters or
// properties would be lost without a word. ok is false when there is
// nothing to resolve or the YAML does not parse (the loader then reports).
func resolveMerges(data []byte) ([]byte, bool) {
	if !reMergeKey.Match(data) {
		return nil, false
	}
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, false
	}
	out, err := json.Marshal(jsonable(v, 0))
	if err != nil {
		return nil, false
	}
	return out, true
}

// jsonable gives YAML maps with non-string keys (200: as an integer) string
// keys, so the document marshals as JSON.
func jsonable(v any, depth int) any {
	if depth > 256 {
		return nil
	}
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			x[k] = jsonable(c, depth+1)
		}
		return x
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, c := range x {
			m[fmt.Sprint(k)] = jsonable(c, depth+1)
		}
		return m
	case []any:
		for i := range x {
			x[i] = jsonable(x[i], depth+1)
		}
		return x
	}
	return v
}

// repairSpec rewrites defects that published specs carry and the loader
// refuses, each into what its author evidently meant, and returns the
// rewritten document as JSON with one warning per kind of repair (none:
// nothing to repair, the error stands):
//   - tuple-form "items" lists become an empty schema (PreprocessTupleItems);
//   - a boolean "required" inside a property's schema (a Swagger 1 habit)
//     is dropped, and when true the property is added to the enclosing
//     schema's required list;
//   - a local $ref to a schema the document does not define becomes an
//     empty schema (any value);
//   - a response given as a $ref to a schema becomes a response whose JSON
//     content is that schema.
//
// NocoDB's published spec has the last three; without them no finding
// could be computed against it at all.
func repairSpec(data []byte) ([]byte, []string, error) {
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		return nil, nil, err
	}
	tuples := 0
	v = fixTuples(v, &tuples, 0)
	root, ok := v.(map[string]any)
	if !ok {
		return nil, nil, nil
	}
	r := specRepair{defined: map[string]bool{}}
	for _, prefix := range []string{"#/components/schemas/", "#/definitions/"} {
		var m any = root
		for _, k := range strings.Split(strings.Trim(prefix, "#/"), "/") {
			mm, _ := m.(map[string]any)
			m = mm[k]
		}
		if defs, ok := m.(map[string]any); ok {
			for name := range defs {
				r.defined[prefix+name] = true
			}
		}
	}
	r.walk(root, "", 0)
	var warns []string
	for _, w := range []struct {
		n    int
		what string
	}{
		{tuples, "tuple-form \"items\" lists (not allowed by Swagger 2.0/OpenAPI 3.0) replaced by an empty schema"},
		{r.boolRequired, "boolean \"required\" in property schemas moved to the enclosing schema's list"},
		{r.missingRefs, "$refs to undefined schemas replaced by an empty schema"},
		{r.schemaResponses, "responses given as a schema $ref wrapped as JSON responses"},
	} {
		if w.n > 0 {
			warns = append(warns, fmt.Sprintf("repaired %d %s", w.n, w.what))
		}
	}
	if len(warns) == 0 {
		return nil, nil, nil
	}
	out, err := json.Marshal(root)
	return out, warns, err
}

// specRepair is repairSpec's walk state.
type specRepair struct {
	defined                                    map[string]bool
	boolRequired, missingRefs, schemaResponses int
}

func (r *specRepair) walk(v any, key string, depth int) any {
	if depth > 256 {
		return v
	}
	switch x := v.(type) {
	case map[string]any:
		if ref, ok := x["$ref"].(string); ok && !r.defined[ref] &&
			(strings.HasPrefix(ref, "#/components/schemas/") || strings.HasPrefix(ref, "#/definitions/")) {
			r.missingRefs++
			return map[string]any{}
		}
		if props, ok := x["properties"].(map[string]any); ok {
			for name, p := range props {
				pm, ok := p.(map[string]any)
				if !ok {
					continue
				}
				if b, ok := pm["required"].(bool); ok {
					r.boolRequired++
					delete(pm, "required")
					if b {
						req, _ := x["required"].([]any)
						x["required"] = append(req, name)
					}
				}
			}
		}
		if key == "responses" {
			for code, resp := range x {
				if rm, ok := resp.(map[string]any); ok {
					if ref, ok := rm["$ref"].(string); ok && len(rm) == 1 &&
						(strings.HasPrefix(ref, "#/components/schemas/") || strings.HasPrefix(ref, "#/definitions/")) {
						r.schemaResponses++
						x[code] = map[string]any{"description": "", "content": map[string]any{
							"application/json": map[string]any{"schema": rm}}}
					}
				}
			}
		}
		for k, c := range x {
			if k == "example" || k == "examples" || strings.HasPrefix(k, "x-") {
				continue
			}
			x[k] = r.walk(c, k, depth+1)
		}
		return x
	case []any:
		for i := range x {
			x[i] = r.walk(x[i], key, depth+1)
		}
		return x
	}
	return v
}

// NewSpec builds a Spec from a loaded OpenAPI 3 document. file names it in
// findings; binding is as for LoadSpec. The document is not retained. The
// returned warnings hold the document's validation problems and anything the
// matcher had to skip.
func NewSpec(doc *openapi3.T, file string, binding []string) (*Spec, []string, error) {
	return newSpec(doc, file, binding, true)
}

func newSpec(doc *openapi3.T, file string, binding []string, validate bool) (*Spec, []string, error) {
	if doc == nil {
		return nil, nil, errors.New("diff: nil document")
	}
	var warns []string
	if !validate {
		// skipped on request
	} else if err := doc.Validate(context.Background(), openapi3.DisableExamplesValidation()); err != nil {
		msg := err.Error()
		if len(msg) > 300 {
			msg = msg[:300] + "..."
		}
		warns = append(warns, "validation: "+msg)
	}
	s := &Spec{File: file, OpenAPI: doc.OpenAPI}
	if doc.Info != nil {
		s.Title, s.Version = doc.Info.Title, doc.Info.Version
	}
	for _, h := range binding {
		if h = normHost(h); h != "" {
			s.Hosts = append(s.Hosts, h)
		}
	}
	s.Bound = len(s.Hosts) > 0

	hostSet := map[string]bool{}
	baseSet := map[string]bool{}
	expand := func(servers openapi3.Servers) []string {
		if len(servers) == 0 {
			return nil
		}
		var bases []string
		seen := map[string]bool{}
		for _, srv := range servers {
			if srv == nil {
				continue
			}
			urls, w := expandServer(srv)
			warns = append(warns, w...)
			for _, u := range urls {
				host, base := splitServerURL(u)
				if host != "" {
					if strings.Contains(host, "{") {
						s.anyServerHost = true
					} else {
						hostSet[host] = true
					}
				} else {
					// A relative server URL: served by whatever host serves the spec.
					s.anyServerHost = true
				}
				if !seen[base] {
					seen[base] = true
					bases = append(bases, base)
				}
			}
		}
		return bases
	}
	docBases := expand(doc.Servers)
	if len(docBases) == 0 {
		docBases = []string{""}
		s.anyServerHost = true
	}

	var globalQueryKeys []string
	if doc.Components != nil {
		for _, name := range slices.Sorted(maps.Keys(doc.Components.SecuritySchemes)) {
			ref := doc.Components.SecuritySchemes[name]
			if ref == nil || ref.Value == nil || ref.Value.Type != "apiKey" || ref.Value.Name == "" {
				continue
			}
			switch ref.Value.In {
			case "query":
				globalQueryKeys = append(globalQueryKeys, ref.Value.Name)
				s.APIKeyQueryParams = appendUnique(s.APIKeyQueryParams, ref.Value.Name)
			case "header":
				s.APIKeyHeaders = appendUnique(s.APIKeyHeaders, ref.Value.Name)
			case "cookie":
				s.APIKeyCookies = appendUnique(s.APIKeyCookies, ref.Value.Name)
			}
		}
		sort.Strings(s.APIKeyQueryParams)
		sort.Strings(s.APIKeyHeaders)
		sort.Strings(s.APIKeyCookies)
	}

	// Compiled parameter patterns, shared by every parameter that repeats one
	// (Twilio's SID patterns appear hundreds of times).
	patterns := map[string]*regexp.Regexp{}
	if doc.Paths != nil {
		for _, p := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
			item := doc.Paths.Value(p)
			if item == nil {
				continue
			}
			pathBases := docBases
			if b := expand(item.Servers); len(b) > 0 {
				pathBases = b
			}
			ops := item.Operations()
			for _, m := range slices.Sorted(maps.Keys(ops)) {
				op := ops[m]
				if op == nil {
					continue
				}
				bases := pathBases
				if op.Servers != nil {
					if b := expand(*op.Servers); len(b) > 0 {
						bases = b
					}
				}
				o := newOperation(doc, p, strings.ToUpper(m), item, op, globalQueryKeys, patterns)
				o.spec = s
				o.index = len(s.ops)
				o.bases = bases
				for _, b := range bases {
					baseSet[b] = true
				}
				s.ops = append(s.ops, o)
			}
		}
	}
	if len(s.ops) == 0 {
		baseSet[docBases[0]] = true
	}
	for b := range baseSet {
		s.BasePaths = append(s.BasePaths, b)
	}
	sort.Strings(s.BasePaths)
	if !s.Bound && !s.anyServerHost {
		for h := range hostSet {
			s.Hosts = append(s.Hosts, h)
		}
		sort.Strings(s.Hosts)
	}

	s.trie, s.rootTrie = newNode(), newNode()
	for _, o := range s.ops {
		tmpl := parseTemplate(o.path)
		for _, b := range o.bases {
			segs := append(parseTemplate(b), tmpl...)
			s.trie.insert(segs, &route{op: o, segs: segs, base: b})
		}
		s.rootTrie.insert(tmpl, &route{op: o, segs: tmpl, base: ""})
	}
	return s, warns, nil
}

func newOperation(doc *openapi3.T, p, method string, item *openapi3.PathItem, op *openapi3.Operation, apiKeyQuery []string, patterns map[string]*regexp.Regexp) *operation {
	o := &operation{
		method:      method,
		path:        p,
		operationID: op.OperationID,
		deprecated:  op.Deprecated,
		query:       map[string]bool{},
		statuses:    map[string]bool{},
		params:      map[string]*paramCheck{},
	}
	for _, k := range apiKeyQuery {
		o.query[k] = true
	}
	// Effective security: the operation's overrides the document's. No
	// requirement, or an empty alternative ({}), means credentials are optional.
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	o.secured = len(reqs) > 0
	o.undeclared = op.Security == nil && doc.Security == nil
	names := map[string]bool{}
	for _, r := range reqs {
		if len(r) == 0 {
			o.secured = false
		}
		for k := range r {
			names[k] = true
		}
	}
	if o.secured {
		o.schemes = slices.Sorted(maps.Keys(names))
	}

	var params openapi3.Parameters
	params = append(params, item.Parameters...)
	params = append(params, op.Parameters...)
	for _, pr := range params {
		if pr == nil || pr.Value == nil {
			continue
		}
		pv := pr.Value
		switch pv.In {
		case openapi3.ParameterInQuery:
			o.query[pv.Name] = true
			if sr := pv.Schema; sr != nil && sr.Value != nil && sr.Value.Type != nil && sr.Value.Type.Is("object") {
				o.anyQuery = true
			}
		case openapi3.ParameterInPath:
			// Operation-level parameters come later and override path-level ones.
			o.params[pv.Name] = newParamCheckCached(pv.Schema, patterns)
		}
	}
	if op.Responses != nil {
		for code, rr := range op.Responses.Map() {
			c := strings.ToUpper(code)
			if c == "DEFAULT" {
				o.anyStatus = true
			} else {
				o.statuses[c] = true
			}
			if rr != nil && rr.Value != nil {
				for ct := range rr.Value.Content {
					o.respTypes = appendUnique(o.respTypes, normMedia(ct))
				}
			}
		}
		sort.Strings(o.respTypes)
	}
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		for ct := range rb.Value.Content {
			o.reqTypes = appendUnique(o.reqTypes, normMedia(ct))
		}
		sort.Strings(o.reqTypes)
	}
	return o
}

func appendUnique(l []string, s string) []string {
	for _, x := range l {
		if x == s {
			return l
		}
	}
	return append(l, s)
}

func normMedia(ct string) string {
	if i := strings.IndexByte(ct, ';'); i >= 0 {
		ct = ct[:i]
	}
	return strings.ToLower(strings.TrimSpace(ct))
}

// expandServer expands a server URL's {variables} through each variable's
// enum (or its default when it has no enum), capped at maxServerExpansions.
// Variables the server does not define are left as written.
func expandServer(srv *openapi3.Server) ([]string, []string) {
	out := []string{srv.URL}
	var warns []string
	for _, name := range slices.Sorted(maps.Keys(srv.Variables)) {
		v := srv.Variables[name]
		if v == nil {
			continue
		}
		vals := make([]string, 0, len(v.Enum)+1)
		for _, e := range v.Enum {
			vals = appendUnique(vals, e)
		}
		if len(vals) == 0 {
			vals = append(vals, v.Default)
		}
		var next []string
		for _, u := range out {
			if !strings.Contains(u, "{"+name+"}") {
				next = append(next, u)
				continue
			}
			for _, val := range vals {
				if len(next) >= maxServerExpansions {
					warns = append(warns, fmt.Sprintf("server %q: more than %d expansions, the rest ignored", srv.URL, maxServerExpansions))
					break
				}
				next = append(next, strings.ReplaceAll(u, "{"+name+"}", val))
			}
		}
		out = next
	}
	return out, warns
}

// splitServerURL returns the host (lower case, no port; "" for a relative
// URL) and the base path (no trailing slash, "" for the root) of a server URL.
func splitServerURL(u string) (host, base string) {
	rest := u
	abs := false
	if i := strings.Index(u, "://"); i >= 0 && !strings.ContainsAny(u[:i], "/?#") {
		rest, abs = u[i+3:], true
	} else if strings.HasPrefix(u, "//") {
		rest, abs = u[2:], true
	}
	if abs {
		j := strings.IndexAny(rest, "/?#")
		if j < 0 {
			return normHost(rest), ""
		}
		host, rest = normHost(rest[:j]), rest[j:]
	}
	if j := strings.IndexAny(rest, "?#"); j >= 0 {
		rest = rest[:j]
	}
	rest = strings.TrimPrefix(rest, ".")
	if !strings.HasPrefix(rest, "/") {
		rest = "/" + rest
	}
	return host, strings.TrimRight(cleanSlashes(rest), "/")
}

func cleanSlashes(p string) string {
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	return p
}

// normHost lower-cases a host and strips its port, user info and a final dot.
func normHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if i := strings.LastIndexByte(h, '@'); i >= 0 {
		h = h[i+1:]
	}
	if strings.HasPrefix(h, "[") {
		if i := strings.IndexByte(h, ']'); i > 0 {
			return h[1:i]
		}
		return h
	}
	if i := strings.LastIndexByte(h, ':'); i >= 0 && strings.Count(h, ":") == 1 {
		h = h[:i]
	}
	return strings.TrimSuffix(h, ".")
}

// hostMatches reports whether host (normalised) is covered by pattern.
func hostMatches(pattern, host string) bool {
	switch {
	case pattern == "*":
		return true
	case strings.HasPrefix(pattern, "*."):
		return strings.HasSuffix(host, pattern[1:])
	}
	// the inventory keys the loopback's names as 127.0.0.1 (a spec's
	// servers say localhost)
	return pattern == host || inventory.LoopbackName(pattern) && inventory.LoopbackName(host)
}

// paramCheck is what a path parameter's schema says about its values.
type paramCheck struct {
	typ       string // integer, number, boolean, or "" (not checked)
	uuid      bool
	pattern   *regexp.Regexp
	enum      []string
	minLen    uint64
	maxLen    *uint64
	min, max  *float64
	checkable bool
	// format is the schema's format, for spans only (see spans).
	format string
}

var reUUID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

func newParamCheck(sr *openapi3.SchemaRef) *paramCheck {
	return newParamCheckCached(sr, nil)
}

// newParamCheckCached is newParamCheck with a cache of compiled patterns
// (nil: no cache). A pattern that does not compile is cached as nil.
func newParamCheckCached(sr *openapi3.SchemaRef, patterns map[string]*regexp.Regexp) *paramCheck {
	c := &paramCheck{}
	if sr == nil || sr.Value == nil {
		return c
	}
	sc := sr.Value
	if sc.Type != nil && sc.Type.IsSingle() {
		switch t := sc.Type.Slice()[0]; t {
		case "integer", "number", "boolean":
			c.typ = t
		}
	}
	c.uuid = sc.Format == "uuid"
	c.format = sc.Format
	if sc.Pattern != "" && len(sc.Pattern) <= maxPatternLen {
		if re, ok := patterns[sc.Pattern]; ok {
			c.pattern = re
		} else {
			re, err := regexp.Compile(sc.Pattern)
			if err != nil {
				re = nil // an ECMA-only pattern: not checked
			}
			c.pattern = re
			if patterns != nil {
				patterns[sc.Pattern] = re
			}
		}
	}
	for _, e := range sc.Enum {
		switch v := e.(type) {
		case string:
			c.enum = append(c.enum, v)
		case float64:
			c.enum = append(c.enum, strconv.FormatFloat(v, 'f', -1, 64))
		case int:
			c.enum = append(c.enum, strconv.Itoa(v))
		case int64:
			c.enum = append(c.enum, strconv.FormatInt(v, 10))
		case bool:
			c.enum = append(c.enum, strconv.FormatBool(v))
		default:
			c.enum = nil // an enum we cannot compare: do not check it
		}
		if c.enum == nil {
			break
		}
	}
	c.minLen, c.maxLen = sc.MinLength, sc.MaxLength
	c.min, c.max = sc.Min, sc.Max
	c.checkable = c.typ != "" || c.uuid || c.pattern != nil || len(c.enum) > 0 || c.minLen > 0 || c.maxLen != nil
	return c
}

// accepts reports whether a concrete path segment value fits the schema.
func (c *paramCheck) accepts(v string) bool {
	if c == nil || !c.checkable {
		return true
	}
	if len(c.enum) > 0 {
		ok := false
		for _, e := range c.enum {
			if e == v {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	switch c.typ {
	case "integer", "number":
		var f float64
		if c.typ == "integer" {
			i, err := strconv.ParseInt(v, 10, 64)
			if err != nil {
				return false
			}
			f = float64(i)
		} else {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				return false
			}
			f = x
		}
		if (c.min != nil && f < *c.min) || (c.max != nil && f > *c.max) {
			return false
		}
	case "boolean":
		if v != "true" && v != "false" {
			return false
		}
	}
	if c.uuid && !reUUID.MatchString(v) {
		return false
	}
	if c.pattern != nil && !c.pattern.MatchString(v) {
		return false
	}
	if c.minLen > 0 || c.maxLen != nil {
		n := uint64(utf8.RuneCountInString(v))
		if n < c.minLen || (c.maxLen != nil && n > *c.maxLen) {
			return false
		}
	}
	return true
}

// describe names the schema's checked constraints for a finding's detail
// ("integer", "pattern ^E[0-9]{6}$", "enum daily, weekly").
func (c *paramCheck) describe() string {
	if c == nil || !c.checkable {
		return "no constraint"
	}
	var parts []string
	if c.typ != "" {
		parts = append(parts, c.typ)
	}
	if c.uuid {
		parts = append(parts, "format uuid")
	}
	if c.pattern != nil {
		parts = append(parts, "pattern "+c.pattern.String())
	}
	if len(c.enum) > 0 {
		parts = append(parts, "enum "+strings.Join(c.enum, ", "))
	}
	if c.minLen > 0 || c.maxLen != nil {
		parts = append(parts, "length bounds")
	}
	return strings.Join(parts, "; ")
}

// findLines records, for each operation, the line of its method key under
// its path key in the spec text (or of the path key when the method key is
// not found); 0 when the path key is not found (e.g. a minified JSON file
// gets line 1 from the path key's line).
func findLines(s *Spec, data []byte) {
	if len(data) == 0 || len(s.ops) == 0 {
		return
	}
	lines := bytes.Split(data, []byte("\n"))
	// Index lines by their trimmed key (the text before the first ':'), unquoted.
	type keyLine struct {
		key  string
		line int
		ind  int
	}
	keys := make([]keyLine, 0, len(lines)/4)
	for i, l := range lines {
		t := bytes.TrimLeft(l, " \t")
		ind := len(l) - len(t)
		if len(t) == 0 || t[0] == '#' {
			continue
		}
		var k string
		if t[0] == '"' || t[0] == '\'' {
			q := t[0]
			j := bytes.IndexByte(t[1:], q)
			if j < 0 {
				continue
			}
			rest := bytes.TrimLeft(t[j+2:], " \t")
			if len(rest) == 0 || rest[0] != ':' {
				continue
			}
			k = string(t[1 : j+1])
		} else {
			j := -1
			for x := 0; x < len(t); x++ {
				if t[x] == ':' && (x+1 == len(t) || t[x+1] == ' ' || t[x+1] == '\r' || t[x+1] == '\t') {
					j = x
					break
				}
			}
			if j <= 0 {
				continue
			}
			k = string(bytes.TrimSpace(t[:j]))
		}
		keys = append(keys, keyLine{k, i + 1, ind})
	}
	pathIdx := map[string]int{} // path key -> index in keys
	for i, kl := range keys {
		if strings.HasPrefix(kl.key, "/") {
			if _, ok := pathIdx[kl.key]; !ok {
				pathIdx[kl.key] = i
			}
		}
	}
	for _, o := range s.ops {
		i, ok := pathIdx[o.path]
		if !ok {
			continue
		}
		o.line = keys[i].line
		m := strings.ToLower(o.method)
		for j := i + 1; j < len(keys) && j < i+2000; j++ {
			kl := keys[j]
			if kl.ind <= keys[i].ind && strings.HasPrefix(kl.key, "/") {
				break // next path
			}
			if kl.key == m && kl.ind > keys[i].ind {
				o.line = kl.line
				break
			}
		}
	}
}
