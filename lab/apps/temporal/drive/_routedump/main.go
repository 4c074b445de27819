// routedump prints the grpc-gateway routes of Temporal's HTTP API (routes.txt format) from the registration code
// in go.temporal.io/api (workflowservice/v1/service.pb.gw.go and operatorservice/v1/service.pb.gw.go, the two
// services the server's frontend/http_api_server.go registers on its runtime.ServeMux): each
// `pattern_X = runtime.MustPattern(runtime.NewPattern(1, ops, pool, verb))` decoded as grpc-gateway's
// utilities.OpCode (1 push one segment, 2 push literal, 3 push many, 4 concat, 5 capture), with the HTTP method of
// each `mux.Handle(http.MethodM, pattern_X, ...)` call. A captured `*` is one segment `{name}`, a `**` is `{name*}`.
//
// With `spec v2|v3 OUT`, it also writes the OpenAPI document the module ships (temporalproto/openapi, gzip inside
// the Go package; the server serves the same bytes at /swagger.json and /openapi.yaml), decompressed, unchanged.
//
// Usage: routedump API_MODULE_DIR | routedump spec v2|v3 OUT
package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"go.temporal.io/api/temporalproto/openapi"
)

var (
	patRe    = regexp.MustCompile(`(pattern_\w+)\s*=\s*runtime\.MustPattern\(runtime\.NewPattern\(1, \[\]int\{([0-9, ]*)\}, \[\]string\{([^}]*)\}, "([^"]*)"\)\)`)
	handleRe = regexp.MustCompile(`mux\.Handle\(http\.Method(\w+), (pattern_\w+),`)
)

func decode(ops []int, pool []string, verb string) string {
	type seg struct {
		s    string
		wild string // "", "*", "**"
	}
	var stack []seg
	for i := 0; i+1 < len(ops); i += 2 {
		code, arg := ops[i], ops[i+1]
		switch code {
		case 0: // nop
		case 1:
			stack = append(stack, seg{"", "*"})
		case 2:
			stack = append(stack, seg{pool[arg], ""})
		case 3:
			stack = append(stack, seg{"", "**"})
		case 4: // concat the last arg segments into one variable's value
			grp := stack[len(stack)-arg:]
			var parts []string
			for _, g := range grp {
				switch g.wild {
				case "":
					parts = append(parts, g.s)
				default:
					parts = append(parts, "\x00"+g.wild)
				}
			}
			stack = append(stack[:len(stack)-arg], seg{strings.Join(parts, "/"), "group"})
		case 5:
			name := pool[arg]
			top := stack[len(stack)-1]
			var parts []string
			switch top.wild {
			case "*", "**":
				parts = []string{"\x00" + top.wild}
			default:
				parts = strings.Split(top.s, "/")
			}
			for j, p := range parts {
				if p == "\x00*" {
					parts[j] = "{" + name + "}"
				} else if p == "\x00**" {
					parts[j] = "{" + name + "*}"
				}
			}
			stack[len(stack)-1] = seg{strings.Join(parts, "/"), ""}
		default:
			panic(fmt.Sprintf("op %d", code))
		}
	}
	var out []string
	for _, s := range stack {
		if s.wild == "*" {
			out = append(out, "{_}")
		} else if s.wild == "**" {
			out = append(out, "{_*}")
		} else {
			out = append(out, s.s)
		}
	}
	p := "/" + strings.Join(out, "/")
	if verb != "" {
		p += ":" + verb
	}
	return p
}

func spec(v, out string) {
	src := openapi.OpenAPIV2JSONSpec
	if v == "v3" {
		src = openapi.OpenAPIV3YAMLSpec
	}
	r, err := gzip.NewReader(bytes.NewReader(src))
	if err != nil {
		panic(err)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		panic(err)
	}
}

func main() {
	if len(os.Args) == 4 && os.Args[1] == "spec" {
		spec(os.Args[2], os.Args[3])
		return
	}
	dir := os.Args[1]
	for _, svc := range []string{"workflowservice", "operatorservice"} {
		f := filepath.Join(dir, svc, "v1", "service.pb.gw.go")
		b, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		pats := map[string]string{}
		for _, m := range patRe.FindAllStringSubmatch(string(b), -1) {
			var ops []int
			for _, x := range strings.Split(m[2], ",") {
				n, err := strconv.Atoi(strings.TrimSpace(x))
				if err != nil {
					panic(err)
				}
				ops = append(ops, n)
			}
			var pool []string
			for _, x := range strings.Split(m[3], ",") {
				pool = append(pool, strings.Trim(strings.TrimSpace(x), `"`))
			}
			pats[m[1]] = decode(ops, pool, m[4])
		}
		fmt.Printf("# %s/v1/service.pb.gw.go: %d patterns\n", svc, len(pats))
		// the server registers with RegisterXHandlerClient (http_api_server.go): take the mux.Handle calls in it
		client := string(b)
		i := strings.Index(client, "HandlerClient(ctx context.Context, mux *runtime.ServeMux")
		if i < 0 {
			panic("no RegisterXHandlerClient in " + f)
		}
		client = client[i:]
		for _, m := range handleRe.FindAllStringSubmatch(client, -1) {
			p, ok := pats[m[2]]
			if !ok {
				panic("no pattern " + m[2])
			}
			fmt.Printf("%s %s  # %s\n", strings.ToUpper(m[1]), p, strings.TrimPrefix(m[2], "pattern_"))
		}
	}
}
