package scenariolab

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// node is an ordered YAML/JSON tree: omap, []any, string, int, bool.
type omap struct {
	keys []string
	vals map[string]any
}

func om(kv ...any) *omap {
	m := &omap{vals: map[string]any{}}
	for i := 0; i+1 < len(kv); i += 2 {
		m.set(kv[i].(string), kv[i+1])
	}
	return m
}

func (m *omap) set(k string, v any) {
	if _, ok := m.vals[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.vals[k] = v
}

func (m *omap) get(k string) any { return m.vals[k] }

// MarshalJSON keeps the keys in insertion order.
func (m *omap) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, k := range m.keys {
		if i > 0 {
			b.WriteByte(',')
		}
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteByte(':')
		vb, err := json.Marshal(m.vals[k])
		if err != nil {
			return nil, err
		}
		b.Write(vb)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// yamlOut emits block YAML; every string is double-quoted (a JSON string is
// a valid YAML scalar), so no value can be misread.
func yamlOut(b *bytes.Buffer, v any, indent int) {
	pad := strings.Repeat("  ", indent)
	switch t := v.(type) {
	case *omap:
		for _, k := range t.keys {
			val := t.vals[k]
			fmt.Fprintf(b, "%s%s:", pad, yamlKey(k))
			switch vv := val.(type) {
			case *omap:
				if len(vv.keys) == 0 {
					b.WriteString(" {}\n")
					continue
				}
				b.WriteString("\n")
				yamlOut(b, vv, indent+1)
			case []any:
				if len(vv) == 0 {
					b.WriteString(" []\n")
					continue
				}
				b.WriteString("\n")
				yamlOut(b, vv, indent+1)
			default:
				b.WriteString(" " + scalar(vv) + "\n")
			}
		}
	case []any:
		for _, e := range t {
			switch ev := e.(type) {
			case *omap:
				if len(ev.keys) == 0 {
					fmt.Fprintf(b, "%s- {}\n", pad)
					continue
				}
				var sub bytes.Buffer
				yamlOut(&sub, ev, indent+1)
				s := sub.String()
				// first line goes after "- "
				s = strings.TrimPrefix(s, strings.Repeat("  ", indent+1))
				fmt.Fprintf(b, "%s- %s", pad, s)
			case []any:
				fmt.Fprintf(b, "%s-\n", pad)
				yamlOut(b, ev, indent+1)
			default:
				fmt.Fprintf(b, "%s- %s\n", pad, scalar(ev))
			}
		}
	}
}

func yamlKey(k string) string {
	for _, c := range k {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.') {
			return strconv.Quote(k)
		}
	}
	if _, err := strconv.Atoi(k); err == nil {
		return strconv.Quote(k)
	}
	return k
}

func scalar(v any) string {
	switch t := v.(type) {
	case string:
		return strconv.Quote(t)
	case int:
		return strconv.Itoa(t)
	case bool:
		return strconv.FormatBool(t)
	case nil:
		return "null"
	}
	return strconv.Quote(fmt.Sprint(v))
}

func schemeNode(sc Scheme, swagger bool) *omap {
	switch sc.Style {
	case StyleBearer:
		if swagger {
			return om("type", "apiKey", "in", "header", "name", "Authorization", "description", "Bearer JWT")
		}
		return om("type", "http", "scheme", "bearer", "bearerFormat", "JWT")
	case StyleBasic:
		if swagger {
			return om("type", "basic")
		}
		return om("type", "http", "scheme", "basic")
	case StyleAPIKeyHdr:
		return om("type", "apiKey", "in", "header", "name", sc.Param)
	case StyleAuthScheme:
		return om("type", "apiKey", "in", "header", "name", "Authorization", "description", "Authorization: "+sc.Param+" <token>")
	case StyleAPIKeyQuery:
		return om("type", "apiKey", "in", "query", "name", sc.Param)
	case StyleCookie:
		if swagger {
			// Swagger 2.0 has no cookie apiKey; documented as a header key
			return om("type", "apiKey", "in", "header", "name", "Cookie", "description", "session cookie "+sc.Param)
		}
		return om("type", "apiKey", "in", "cookie", "name", sc.Param)
	}
	return om()
}

func secReq(names []string) []any {
	out := []any{}
	for _, n := range names {
		out = append(out, om(n, []any{}))
	}
	return out
}

func pathParams(p string) []string {
	var out []string
	for _, seg := range strings.Split(p, "/") {
		if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
			out = append(out, seg[1:len(seg)-1])
		}
	}
	return out
}

func paramSchema(g IDGen) *omap {
	switch g.Kind {
	case IDNumeric, IDYear:
		return om("type", "integer", "format", "int64")
	case IDUUID:
		return om("type", "string", "format", "uuid")
	case IDDate:
		return om("type", "string", "format", "date")
	case IDHex24:
		return om("type", "string", "pattern", "^[0-9a-f]{24}$")
	}
	return om("type", "string")
}

// Spec renders the scenario's documented routes as an OpenAPI 3.0.3 or a
// Swagger 2.0 document in YAML.
func Spec(s *Scenario) ([]byte, error) {
	swagger := s.SpecFormat == FormatSwagger2
	doc := om()
	info := om("title", s.Title, "version", "1.0.0", "description", s.Description)
	if swagger {
		doc.set("swagger", "2.0")
		doc.set("info", info)
		if !s.NoServers {
			doc.set("host", s.Hosts[0].Name)
		}
		bp := s.BasePath
		if bp == "" {
			bp = "/"
		}
		doc.set("basePath", bp)
		doc.set("schemes", []any{"https"})
		doc.set("consumes", []any{"application/json"})
		doc.set("produces", []any{"application/json"})
	} else {
		v := s.OpenAPIVersion
		if v == "" {
			v = "3.0.3"
		}
		doc.set("openapi", v)
		doc.set("info", info)
		var servers []any
		if len(s.Servers) > 0 {
			for _, u := range s.Servers {
				srv := om("url", u)
				vars := om()
				for _, seg := range strings.FieldsFunc(u, func(r rune) bool { return r == '{' || r == '}' }) {
					if d, ok := s.ServerVars[seg]; ok && strings.Contains(u, "{"+seg+"}") {
						vars.set(seg, om("default", d))
					}
				}
				if len(vars.keys) > 0 {
					srv.set("variables", vars)
				}
				servers = append(servers, srv)
			}
		} else {
			for _, h := range s.Hosts {
				servers = append(servers, om("url", "https://"+h.Name+s.BasePath))
			}
		}
		if !s.NoServers {
			doc.set("servers", servers)
		}
	}
	if len(s.DefaultSecurity) > 0 {
		doc.set("security", secReq(s.DefaultSecurity))
	}
	paths := om()
	// shared $ref parameters for names used by several routes
	uses := map[string]int{}
	gens := map[string]IDGen{}
	for _, rt := range s.Routes {
		if !rt.Documented {
			continue
		}
		for _, n := range pathParams(s.specPath(rt)) {
			uses[n]++
			gens[n] = rt.Params[n]
		}
	}
	refName := func(n string) string { return strings.ToUpper(n[:1]) + n[1:] }
	sharedParams := om()
	var shared []string
	for n, c := range uses {
		if c >= 3 {
			shared = append(shared, n)
		}
	}
	sort.Strings(shared)
	for _, n := range shared {
		p := om("name", n, "in", "path", "required", true)
		if swagger {
			for _, k := range paramSchema(gens[n]).keys {
				p.set(k, paramSchema(gens[n]).get(k))
			}
		} else {
			p.set("schema", paramSchema(gens[n]))
		}
		sharedParams.set(refName(n), p)
	}
	refPrefix := "#/components/parameters/"
	if swagger {
		refPrefix = "#/parameters/"
	}
	for _, rt := range s.Routes {
		if !rt.Documented {
			continue
		}
		sp := s.specPath(rt)
		item, _ := paths.get(sp).(*omap)
		if item == nil {
			item = om()
			paths.set(sp, item)
			// path-level parameters
			var ps []any
			for _, n := range pathParams(sp) {
				if uses[n] >= 3 {
					ps = append(ps, om("$ref", refPrefix+refName(n)))
					continue
				}
				p := om("name", n, "in", "path", "required", true)
				if swagger {
					for _, k := range paramSchema(rt.Params[n]).keys {
						p.set(k, paramSchema(rt.Params[n]).get(k))
					}
				} else {
					p.set("schema", paramSchema(rt.Params[n]))
				}
				ps = append(ps, p)
			}
			if len(ps) > 0 {
				item.set("parameters", ps)
			}
		}
		op := om()
		if rt.Tag != "" {
			op.set("tags", []any{rt.Tag})
		}
		opID := rt.OperationID
		if opID == "" {
			opID = strings.ToLower(rt.Method) + strings.NewReplacer("/", "_", "{", "", "}", "", "-", "_", ".", "_").Replace(sp)
		}
		op.set("operationId", opID)
		if rt.Deprecated {
			op.set("deprecated", true)
		}
		if rt.Security != nil {
			op.set("security", secReq(rt.Security))
		}
		if rt.Body != "" {
			ct := "application/json"
			if rt.Body == "form" {
				ct = "application/x-www-form-urlencoded"
			}
			if swagger {
				op.set("consumes", []any{ct})
				op.set("parameters", []any{om("name", "body", "in", "body", "required", true, "schema", om("type", "object"))})
			} else {
				op.set("requestBody", om("required", true, "content", om(ct, om("schema", om("type", "object")))))
			}
		}
		resps := om()
		code := strconv.Itoa(rt.successStatus())
		resps.set(code, om("description", "Success"))
		if rt.Server != AuthPublic {
			resps.set("401", om("description", "Unauthorized"))
		}
		op.set("responses", resps)
		item.set(strings.ToLower(rt.Method), op)
	}
	doc.set("paths", paths)
	schemes := om()
	for _, sc := range s.Schemes {
		schemes.set(sc.Name, schemeNode(sc, swagger))
	}
	if swagger {
		if len(shared) > 0 {
			doc.set("parameters", sharedParams)
		}
		doc.set("securityDefinitions", schemes)
	} else {
		comp := om()
		if len(shared) > 0 {
			comp.set("parameters", sharedParams)
		}
		comp.set("securitySchemes", schemes)
		doc.set("components", comp)
	}
	if s.SpecJSON {
		b, err := json.MarshalIndent(doc, "", "  ")
		return append(b, '\n'), err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s (generated by scenariolab, scenario %s)\n", s.Title, s.Name)
	yamlOut(&b, doc, 0)
	return b.Bytes(), nil
}
