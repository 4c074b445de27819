package applab

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
)

// segment kinds, in order of routing priority.
const (
	segLit = iota
	segParam
	segCatch
)

// Route is one line of routes.txt.
type Route struct {
	Method   string // upper case, "*" = any
	Template string // as written
	segs     []string
	kinds    []int
	Line     int
}

// Display is the template with {x*} written as {x}.
func (r *Route) Display() string {
	var b strings.Builder
	for i, s := range r.segs {
		b.WriteByte('/')
		if r.kinds[i] == segCatch {
			b.WriteString("{" + strings.TrimSuffix(strings.Trim(s, "{}"), "*") + "}")
		} else {
			b.WriteString(s)
		}
	}
	if b.Len() == 0 {
		return "/"
	}
	return b.String()
}

// Routes is an application's route table.
type Routes []*Route

// ReadRoutesFile parses a routes.txt file, zstd- or gzip-compressed or not.
func ReadRoutesFile(path string) (Routes, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	if b, err = Decompress(b); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ParseRoutes(bytes.NewReader(b))
}

// ParseRoutes parses the routes.txt format: `METHOD /a/{x}/b/{rest*}` per
// line, `#` comments, `*` as the method for every method.
func ParseRoutes(r io.Reader) (Routes, error) {
	var rs Routes
	seen := map[string]bool{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 2 || !strings.HasPrefix(f[1], "/") {
			return nil, fmt.Errorf("routes line %d: want `METHOD /template`, got %q", n, sc.Text())
		}
		rt := &Route{Method: strings.ToUpper(f[0]), Template: f[1], Line: n}
		for _, s := range splitPath(f[1]) {
			switch {
			case len(s) >= 3 && s[0] == '{' && s[len(s)-1] == '}' && s[len(s)-2] == '*':
				rt.kinds = append(rt.kinds, segCatch)
			case len(s) >= 2 && s[0] == '{' && s[len(s)-1] == '}':
				rt.kinds = append(rt.kinds, segParam)
			default:
				if u, err := url.PathUnescape(s); err == nil {
					s = u
				}
				rt.kinds = append(rt.kinds, segLit)
			}
			rt.segs = append(rt.segs, s)
		}
		k := rt.Method + " " + rt.shape()
		if seen[k] {
			continue // duplicate line
		}
		seen[k] = true
		rs = append(rs, rt)
	}
	return rs, sc.Err()
}

// shape is the template with parameter names removed.
func (r *Route) shape() string {
	var b strings.Builder
	for i, s := range r.segs {
		b.WriteByte('/')
		switch r.kinds[i] {
		case segParam:
			b.WriteString("{}")
		case segCatch:
			b.WriteString("{*}")
		default:
			b.WriteString(s)
		}
	}
	return b.String()
}

// splitPath splits a path on "/", dropping empty segments (repeated and
// trailing slashes).
func splitPath(p string) []string {
	var out []string
	for _, s := range strings.Split(p, "/") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// requestSegs splits an escaped request path into percent-decoded segments.
func requestSegs(p string) []string {
	segs := splitPath(p)
	for i, s := range segs {
		if u, err := url.PathUnescape(s); err == nil {
			segs[i] = u
		}
	}
	return segs
}

// rank is a route's match quality for one path: the kind used at each
// consumed path segment, compared lexicographically (lower is better).
type rank []int

func (a rank) less(b rank) bool {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return len(a) < len(b)
}

// match reports whether the route matches the segments, with its rank.
func (r *Route) match(segs []string) (rank, bool) {
	var best rank
	found := false
	var rec func(ri, si int, acc rank)
	rec = func(ri, si int, acc rank) {
		if ri == len(r.segs) {
			if si == len(segs) && (!found || acc.less(best)) {
				best, found = append(rank(nil), acc...), true
			}
			return
		}
		if si >= len(segs) {
			return
		}
		switch r.kinds[ri] {
		case segLit:
			if r.segs[ri] == segs[si] {
				rec(ri+1, si+1, append(acc, segLit))
			}
		case segParam:
			rec(ri+1, si+1, append(acc, segParam))
		case segCatch:
			a := acc
			for n := 1; si+n <= len(segs); n++ {
				a = append(a, segCatch)
				rec(ri+1, si+n, a)
			}
		}
	}
	rec(0, 0, nil)
	return best, found
}

// Match returns the most specific route of the method for the path, and,
// when there is none, whether some route of another method matches the
// path.
func (rs Routes) Match(method, path string) (*Route, bool) {
	segs := requestSegs(path)
	var best *Route
	var bestRank rank
	other := false
	for _, r := range rs {
		rk, ok := r.match(segs)
		if !ok {
			continue
		}
		if r.Method != "*" && r.Method != method {
			other = true
			continue
		}
		// on a tie, a route for this exact method beats "*", then file order
		if best == nil || rk.less(bestRank) || (!bestRank.less(rk) && best.Method == "*" && r.Method != "*") {
			best, bestRank = r, rk
		}
	}
	return best, other
}
