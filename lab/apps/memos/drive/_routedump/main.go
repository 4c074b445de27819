// routedump prints Memos' route table (routes.txt format) from the router's own sources in the module:
//   - the grpc-gateway patterns of proto/gen/api/v1/*.pb.gw.go (runtime.NewPattern op codes, decoded as
//     grpc-gateway's utilities.OpCode: 1 push one segment, 2 push literal, 3 push many, 4 concat, 5 capture),
//     with the HTTP method of each mux.Handle call;
//   - the Connect procedures of proto/gen/api/v1/apiv1connect (…Procedure constants), served by connect-go on POST
//     (GET too for procedures declared IdempotencyNoSideEffects; none is).
//
// Usage: go run . MODULE_DIR
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

var (
	patRe    = regexp.MustCompile(`(pattern_\w+)\s*=\s*runtime\.MustPattern\(runtime\.NewPattern\(1, \[\]int\{([0-9, ]*)\}, \[\]string\{([^}]*)\}, "([^"]*)"\)\)`)
	handleRe = regexp.MustCompile(`mux\.Handle\(http\.Method(\w+), (pattern_\w+),`)
	procRe   = regexp.MustCompile(`(\w+Procedure) = "(/[^"]+)"`)
)

func decode(ops []int, pool []string, verb string) string {
	type seg struct {
		s    string
		wild bool
	}
	var stack []seg
	var out []string
	for i := 0; i+1 < len(ops); i += 2 {
		code, arg := ops[i], ops[i+1]
		switch code {
		case 1:
			stack = append(stack, seg{"*", true})
		case 2:
			stack = append(stack, seg{pool[arg], false})
		case 3:
			stack = append(stack, seg{"**", true})
		case 4:
			// concat: the last arg segments form one variable's value; keep them as separate segments
			// (the mark is kept so capture knows how many to name)
			n := arg
			grp := stack[len(stack)-n:]
			joined := make([]string, len(grp))
			for j, g := range grp {
				if g.wild {
					joined[j] = "\x00" + g.s
				} else {
					joined[j] = g.s
				}
			}
			stack = append(stack[:len(stack)-n], seg{strings.Join(joined, "/"), false})
		case 5:
			name := pool[arg]
			top := stack[len(stack)-1]
			parts := strings.Split(top.s, "/")
			if top.wild {
				parts = []string{"\x00" + top.s}
			}
			k := 0
			for j, p := range parts {
				if strings.HasPrefix(p, "\x00") {
					k++
					// name the wildcard after the literal before it (memos/* -> {memo}), else the variable
					pn := name
					if j > 0 && !strings.HasPrefix(parts[j-1], "\x00") {
						pn = singular(parts[j-1])
					}
					if p == "\x00**" {
						parts[j] = "{" + pn + "*}"
					} else {
						parts[j] = "{" + pn + "}"
					}
				}
			}
			stack[len(stack)-1] = seg{strings.Join(parts, "/"), false}
		}
	}
	for _, s := range stack {
		out = append(out, s.s)
	}
	p := "/" + strings.Join(out, "/")
	if verb != "" {
		p += ":" + verb
	}
	return p
}

func main() {
	dir := os.Args[1]
	gw, _ := filepath.Glob(filepath.Join(dir, "proto/gen/api/v1/*.pb.gw.go"))
	sort.Strings(gw)
	seen := map[string]bool{}
	var lines []string
	for _, f := range gw {
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
		for _, m := range handleRe.FindAllStringSubmatch(string(b), -1) {
			p, ok := pats[m[2]]
			if !ok {
				panic("no pattern " + m[2])
			}
			l := fmt.Sprintf("%s %s", strings.ToUpper(m[1]), p)
			if !seen[l] {
				seen[l] = true
				lines = append(lines, l+"  # grpc-gateway "+strings.TrimPrefix(m[2], "pattern_"))
			}
		}
	}
	fmt.Println("# grpc-gateway (echo Any /api/v1/* and /file/* -> runtime.ServeMux), from proto/gen/api/v1/*.pb.gw.go")
	for _, l := range lines {
		fmt.Println(l)
	}
	cf, _ := filepath.Glob(filepath.Join(dir, "proto/gen/api/v1/apiv1connect/*.go"))
	sort.Strings(cf)
	fmt.Println("# Connect (echo Any /memos.api.v1.* -> connect-go handlers, POST), from proto/gen/api/v1/apiv1connect")
	for _, f := range cf {
		b, err := os.ReadFile(f)
		if err != nil {
			panic(err)
		}
		if strings.Contains(string(b), "IdempotencyNoSideEffects") {
			panic("a procedure takes GET: list it")
		}
		for _, m := range procRe.FindAllStringSubmatch(string(b), -1) {
			fmt.Printf("POST %s\n", m[2])
		}
	}
}

// singular names a wildcard after the collection literal before it: memos -> memo, activities -> activity.
func singular(s string) string {
	switch {
	case strings.HasSuffix(s, "ies"):
		return strings.TrimSuffix(s, "ies") + "y"
	case strings.HasSuffix(s, "s"):
		return strings.TrimSuffix(s, "s")
	}
	return s
}
