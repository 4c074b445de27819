package applab

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	yaml "go.yaml.in/yaml/v4"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
)

// Operation is one documented operation.
type Operation struct {
	Method      string
	Path        string // base path + spec path
	SpecPath    string // as written in the spec
	OperationID string
	Deprecated  bool
	Public      bool // public_in_spec
	segs        []string
	param       []bool
}

// Spec is what the labeller needs from an OpenAPI/Swagger document.
type Spec struct {
	Version    string // "2.0" or the openapi field
	BasePath   string // "" for the root
	Ops        []*Operation
	KeyHeaders []string // canonical header names of apiKey schemes
	KeyQuery   []string // query parameter names of apiKey schemes
}

var methods = []string{"GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"}

// LoadSpec reads an OpenAPI 3.x or Swagger 2.0 document (JSON or YAML).
// basePath overrides the document's base path when not empty.
func LoadSpec(path, basePath string) (*Spec, error) {
	data, err := ReadSpecFile(path)
	if err != nil {
		return nil, err
	}
	return ParseSpec(data, basePath)
}

// ReadSpecFile reads a spec file, zstd- or gzip-compressed (FILE.zst, FILE.gz)
// or not.
func ReadSpecFile(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if data, err = Decompress(data); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return data, nil
}

// ParseSpec is LoadSpec on bytes.
func ParseSpec(data []byte, basePath string) (s *Spec, err error) {
	defer func() {
		if r := recover(); r != nil {
			s, err = nil, fmt.Errorf("spec: %v", r)
		}
	}()
	if ps, ok := parseProtoset(data); ok {
		return ps, nil
	}
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	s = &Spec{}
	var doc *openapi3.T
	docBase := ""
	if v, ok := raw["swagger"]; ok {
		s.Version = fmt.Sprint(v)
		js, err := toJSON(raw)
		if err != nil {
			return nil, err
		}
		var d2 openapi2.T
		if err := json.Unmarshal(js, &d2); err != nil {
			return nil, fmt.Errorf("swagger 2.0: %w", err)
		}
		docBase = d2.BasePath
		if doc, err = openapi2conv.ToV3(&d2); err != nil {
			return nil, fmt.Errorf("swagger 2.0 conversion: %w", err)
		}
		for _, sc := range d2.SecurityDefinitions {
			if sc != nil && sc.Type == "apiKey" {
				s.addKey(sc.In, sc.Name)
			}
		}
	} else {
		s.Version = fmt.Sprint(raw["openapi"])
		loader := openapi3.NewLoader()
		loader.IsExternalRefsAllowed = false
		if doc, err = loader.LoadFromData(data); err != nil {
			return nil, fmt.Errorf("openapi: %w", err)
		}
		if len(doc.Servers) > 0 && doc.Servers[0] != nil {
			docBase = serverPath(doc.Servers[0])
		}
	}
	if doc.Components != nil {
		for _, ref := range doc.Components.SecuritySchemes {
			if ref != nil && ref.Value != nil && ref.Value.Type == "apiKey" {
				s.addKey(ref.Value.In, ref.Value.Name)
			}
		}
	}
	if basePath == "" {
		basePath = docBase
	}
	s.BasePath = "/" + strings.Join(splitPath(basePath), "/")
	if s.BasePath == "/" {
		s.BasePath = ""
	}
	top, topSet := rawSecurity(raw["security"])
	if doc.Paths != nil {
		keys := make([]string, 0, doc.Paths.Len())
		for k := range doc.Paths.Map() {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, p := range keys {
			item := doc.Paths.Value(p)
			if item == nil {
				continue
			}
			ops := item.Operations()
			for _, m := range methods {
				op := ops[m]
				if op == nil {
					continue
				}
				o := &Operation{Method: m, SpecPath: p, OperationID: op.OperationID, Deprecated: op.Deprecated}
				sp := p
				if i := strings.IndexAny(sp, "?#"); i >= 0 {
					sp = sp[:i]
				}
				o.Path = s.BasePath + "/" + strings.Join(splitPath(sp), "/")
				if o.Path == "" {
					o.Path = "/"
				}
				for _, seg := range splitPath(o.Path) {
					isParam := strings.Contains(seg, "{") && strings.Contains(seg, "}")
					o.segs = append(o.segs, seg)
					o.param = append(o.param, isParam)
				}
				// A credential the spec declares as a plain header parameter
				// (X-Session-Token beside an undefined scheme) is one too.
				for _, ps := range []openapi3.Parameters{item.Parameters, op.Parameters} {
					for _, pr := range ps {
						if pr != nil && pr.Value != nil && strings.EqualFold(pr.Value.In, "header") && credentialName(pr.Value.Name) {
							s.addKey("header", pr.Value.Name)
						}
					}
				}
				if op.Security != nil {
					o.Public = publicReqs(*op.Security)
				} else if topSet {
					o.Public = top
				}
				s.Ops = append(s.Ops, o)
			}
		}
	}
	return s, nil
}

func (s *Spec) addKey(in, name string) {
	if name == "" {
		return
	}
	add := func(l []string, v string) []string {
		for _, x := range l {
			if x == v {
				return l
			}
		}
		return append(l, v)
	}
	switch strings.ToLower(in) {
	case "header":
		s.KeyHeaders = add(s.KeyHeaders, http.CanonicalHeaderKey(name))
	case "query":
		s.KeyQuery = add(s.KeyQuery, name)
	}
}

// publicReqs: an empty requirement list, or one holding an empty
// requirement, lets anonymous callers in.
func publicReqs(r openapi3.SecurityRequirements) bool {
	if len(r) == 0 {
		return true
	}
	for _, req := range r {
		if len(req) == 0 {
			return true
		}
	}
	return false
}

// rawSecurity reads the top-level security of the raw document: whether it
// is declared, and whether it lets anonymous callers in.
func rawSecurity(v any) (public, set bool) {
	list, ok := v.([]any)
	if !ok {
		return false, v != nil
	}
	if len(list) == 0 {
		return true, true
	}
	for _, e := range list {
		if m, ok := e.(map[string]any); ok && len(m) == 0 {
			return true, true
		}
		if e == nil {
			return true, true
		}
	}
	return false, true
}

func toJSON(v any) ([]byte, error) {
	return json.Marshal(jsonable(v))
}

// jsonable turns YAML-decoded maps with non-string keys (response codes)
// into JSON-encodable ones.
func jsonable(v any) any {
	switch t := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[k] = jsonable(x)
		}
		return m
	case map[any]any:
		m := make(map[string]any, len(t))
		for k, x := range t {
			m[fmt.Sprint(k)] = jsonable(x)
		}
		return m
	case []any:
		l := make([]any, len(t))
		for i, x := range t {
			l[i] = jsonable(x)
		}
		return l
	}
	return v
}

// serverPath is the path of a server URL, variables replaced by their
// defaults.
func serverPath(sv *openapi3.Server) string {
	u := sv.URL
	for name, v := range sv.Variables {
		if v != nil {
			u = strings.ReplaceAll(u, "{"+name+"}", v.Default)
		}
	}
	if i := strings.Index(u, "://"); i >= 0 {
		if pu, err := url.Parse(u); err == nil {
			return pu.Path
		}
		rest := u[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			return rest[j:]
		}
		return ""
	}
	if strings.HasPrefix(u, "//") {
		rest := u[2:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			return rest[j:]
		}
		return ""
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	return u
}

// sameEndpoint: the route and the operation have the same literals and
// parameters in the same places (names ignored).
func sameEndpoint(r *Route, o *Operation) bool {
	if len(r.segs) != len(o.segs) {
		return false
	}
	for i := range r.segs {
		rp := r.kinds[i] != segLit
		if rp != o.param[i] {
			return false
		}
		if !rp && r.segs[i] != o.segs[i] {
			if u, err := url.PathUnescape(o.segs[i]); err != nil || u != r.segs[i] {
				return false
			}
		}
	}
	return true
}

// credentialName: a header name that names a credential (token, session,
// key, secret, auth) in general HTTP usage.
func credentialName(name string) bool {
	n := strings.ToLower(name)
	for _, w := range []string{"token", "session", "key", "secret", "auth"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// parseProtoset reads a protobuf descriptor set (protoc
// --descriptor_set_out): each method of each service is documented as
// POST /package.Service/Method, deprecated when it or its service says so.
func parseProtoset(data []byte) (*Spec, bool) {
	if len(data) < 2 || data[0] != 0x0a {
		return nil, false
	}
	var set descriptorpb.FileDescriptorSet
	if proto.Unmarshal(data, &set) != nil || len(set.File) == 0 {
		return nil, false
	}
	s := &Spec{Version: "protoset"}
	for _, f := range set.File {
		if !strings.HasSuffix(f.GetName(), ".proto") {
			return nil, false
		}
		for _, svc := range f.Service {
			full := svc.GetName()
			if p := f.GetPackage(); p != "" {
				full = p + "." + full
			}
			for _, m := range svc.Method {
				p := "/" + full + "/" + m.GetName()
				o := &Operation{Method: "POST", Path: p, SpecPath: p, OperationID: full + "." + m.GetName(),
					Deprecated: svc.GetOptions().GetDeprecated() || m.GetOptions().GetDeprecated()}
				for _, seg := range splitPath(p) {
					o.segs = append(o.segs, seg)
					o.param = append(o.param, false)
				}
				s.Ops = append(s.Ops, o)
			}
		}
	}
	return s, len(s.Ops) > 0
}
