package scenariolab

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"math/rand"
	"net/http"
	"strings"
	"time"
)

// wirer turns planned calls into HTTP/1.x bytes.
type wirer struct {
	s     *Scenario
	r     *rand.Rand
	creds map[int][]string // per client: a few credential values
	count map[string]int   // traffic counters for truth.json
}

func newWirer(s *Scenario, r *rand.Rand) *wirer {
	w := &wirer{s: s, r: r, creds: map[int][]string{}, count: map[string]int{}}
	for i, c := range s.Clients {
		for k := 0; k < 3; k++ {
			var v string
			switch c.Style {
			case StyleBearer:
				v = jwt(r, fmt.Sprintf("%s-%d", c.Name, k))
			case StyleBasic:
				v = basicCred(c.Name+"-svc", token(r, 20))
			case StyleAuthScheme:
				v = hexToken(r, 40)
			case StyleAPIKeyHdr, StyleAPIKeyQuery:
				v = "sk_live_" + token(r, 32)
			case StyleCookie:
				v = token(r, 43)
			}
			w.creds[i] = append(w.creds[i], v)
		}
	}
	return w
}

func (w *wirer) traffic(p *plan) map[string]int {
	m := map[string]int{}
	for k, v := range w.count {
		m[k] = v
	}
	for _, c := range p.calls {
		if c.anon {
			m["unauthenticated_requests"]++
		}
		if c.warmup {
			m["warmup_requests"]++
		}
		if c.route < 0 {
			m["noise_requests"]++
		}
	}
	return m
}

var epoch = time.Date(2024, 5, 14, 9, 30, 0, 0, time.UTC)

func (w *wirer) client(i int) Client {
	if i < 0 {
		return Client{Name: "anonymous", Style: StyleNone, UA: "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36"}
	}
	return w.s.Clients[i]
}

// request builds the request bytes for call c.
func (w *wirer) request(c *call, cp *connPlan, last bool) []byte {
	r := w.r
	cl := w.client(c.client)
	method := ""
	body, ctype := []byte(nil), ""
	if c.route >= 0 {
		rt := w.s.Routes[c.route]
		method = rt.Method
		switch rt.Body {
		case "json":
			body, _ = json.Marshal(map[string]any{"name": pick(r, firstNames) + " " + pick(r, lastNames), "note": "generated", "amount": r.Intn(100000), "currency": pick(r, currencies)})
			ctype = "application/json"
		case "form":
			body = []byte(fmt.Sprintf("username=%s&password=%s", pick(r, firstNames), token(r, 12)))
			ctype = "application/x-www-form-urlencoded"
		}
	} else {
		method = w.s.Noise[c.noise].Method
		if method == "POST" && r.Intn(2) == 0 {
			body, ctype = []byte("log=admin&pwd=admin"), "application/x-www-form-urlencoded"
		}
	}
	target := c.target
	if c.route >= 0 {
		target = w.quirk(target)
	}
	if cl.Style == StyleAPIKeyQuery && !c.anon {
		sep := "?"
		if strings.Contains(target, "?") {
			sep = "&"
		}
		target += sep + cl.Param + "=" + w.cred(c.client)
	}
	proto := "HTTP/1.1"
	if cp.http10 {
		proto = "HTTP/1.0"
		w.count["http10_requests"]++
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s %s\r\n", method, target, proto)
	if !(cp.http10 && cl.NoHost) {
		fmt.Fprintf(&b, "Host: %s\r\n", cp.hostHdr)
	}
	fmt.Fprintf(&b, "User-Agent: %s\r\n", cl.UA)
	b.WriteString("Accept: application/json, */*;q=0.8\r\n")
	if strings.HasPrefix(cl.UA, "Mozilla/") {
		b.WriteString("Accept-Encoding: gzip, deflate, br\r\nAccept-Language: en-US,en;q=0.9\r\n")
		if cl.Style != StyleNone {
			b.WriteString("X-Requested-With: XMLHttpRequest\r\n")
		}
	}
	if r.Intn(10) < 6 {
		fmt.Fprintf(&b, "X-Request-Id: %s\r\n", genID(r, IDUUID))
	}
	if cl.Style == StyleCookie && method != "GET" && method != "HEAD" && !c.anon {
		fmt.Fprintf(&b, "X-Csrf-Token: %s\r\n", token(r, 32))
	}
	if !c.anon {
		switch cl.Style {
		case StyleBearer:
			fmt.Fprintf(&b, "Authorization: Bearer %s\r\n", w.cred(c.client))
		case StyleBasic:
			fmt.Fprintf(&b, "Authorization: Basic %s\r\n", w.cred(c.client))
		case StyleAuthScheme:
			fmt.Fprintf(&b, "Authorization: %s %s\r\n", cl.Param, w.cred(c.client))
		case StyleAPIKeyHdr:
			fmt.Fprintf(&b, "%s: %s\r\n", cl.Param, w.cred(c.client))
		case StyleCookie:
			ck := cl.Param + "=" + w.cred(c.client)
			if cl.ExtraCookie != "" {
				ck = cl.ExtraCookie + "; " + ck
			}
			fmt.Fprintf(&b, "Cookie: %s\r\n", ck)
		}
	}
	chunked := false
	if body != nil {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", ctype)
		if !cp.http10 && r.Float64() < w.s.Gzip/3 {
			body = gz(body)
			b.WriteString("Content-Encoding: gzip\r\n")
			w.count["gzip_request_bodies"]++
		}
		if !cp.http10 && r.Float64() < w.s.Chunked/3 {
			chunked = true
			b.WriteString("Transfer-Encoding: chunked\r\n")
			w.count["chunked_request_bodies"]++
		} else {
			fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
		}
	}
	if last && cp.close {
		b.WriteString("Connection: close\r\n")
		w.count["connection_close_requests"]++
	}
	b.WriteString("\r\n")
	if chunked {
		writeChunked(&b, body, r)
	} else {
		b.Write(body)
	}
	return b.Bytes()
}

// quirk applies the scenario's path spelling quirks (trailing slash,
// doubled slash) that servers commonly tolerate.
func (w *wirer) quirk(target string) string {
	if w.s.Quirks == 0 || w.r.Float64() >= w.s.Quirks {
		return target
	}
	path, q, hasQ := strings.Cut(target, "?")
	switch w.r.Intn(2) {
	case 0:
		if !strings.HasSuffix(path, "/") {
			path += "/"
		}
	case 1:
		segs := strings.Split(path, "/")
		if len(segs) > 2 {
			i := 1 + w.r.Intn(len(segs)-2)
			segs[i] = segs[i] + "/"
			path = strings.Join(segs, "/")
		}
	}
	if hasQ {
		return path + "?" + q
	}
	return path
}

func (w *wirer) cred(client int) string {
	cs := w.creds[client]
	return cs[w.r.Intn(len(cs))]
}

// response builds the response bytes for call c.
func (w *wirer) response(c *call, cp *connPlan, last bool, at int64) []byte {
	r := w.r
	status := c.status
	var body []byte
	ctype := "application/json"
	kind := "json"
	setCookie := ""
	if c.route >= 0 {
		rt := w.s.Routes[c.route]
		if rt.Resp != "" {
			kind = rt.Resp
		}
		if rt.Body == "form" && status < 300 {
			for i, cl := range w.s.Clients {
				if cl.Style == StyleCookie {
					setCookie = fmt.Sprintf("%s=%s; Path=/; HttpOnly; Secure; SameSite=Lax", cl.Param, w.cred(i))
					break
				}
			}
		}
	}
	switch {
	case status == 204 || status == 304 || (status >= 300 && status < 400) || (c.route >= 0 && w.s.Routes[c.route].Method == "HEAD"):
		kind = "none"
	case status >= 400:
		kind = "json"
		body, _ = json.Marshal(map[string]any{"error": http.StatusText(status), "status": status})
	}
	if body == nil {
		switch kind {
		case "json":
			// one shape per route: collections answer a page, items an object
			n := 1
			if rt := w.s.Routes[c.route]; w.s.MixedShapes && r.Intn(2) == 0 || rt.Method == "GET" && !strings.HasSuffix(rt.Path, "}") {
				n = 2 + r.Intn(6)
				if r.Intn(4) == 0 {
					n = 10 + r.Intn(30) // long pages: several segments
				}
			}
			var items []map[string]any
			for i := 0; i < n; i++ {
				items = append(items, map[string]any{"id": genID(r, IDUUID), "name": pick(r, adjectives) + " " + pick(r, nouns),
					"owner": pick(r, firstNames) + "." + pick(r, lastNames) + "@example.com", "amount": r.Intn(1000000), "created_at": epoch.Add(-time.Duration(r.Intn(1e6)) * time.Second).Format(time.RFC3339)})
			}
			if n == 1 {
				body, _ = json.Marshal(items[0])
			} else {
				body, _ = json.Marshal(map[string]any{"data": items, "has_more": r.Intn(2) == 0})
			}
		case "csv":
			ctype = "text/csv; charset=utf-8"
			var sb strings.Builder
			sb.WriteString("id,date,amount,currency,counterparty\n")
			for i := 0; i < 20+r.Intn(80); i++ {
				fmt.Fprintf(&sb, "%s,2024-%02d-%02d,%d.%02d,%s,%s %s\n", genID(r, IDNumeric), 1+r.Intn(12), 1+r.Intn(28), r.Intn(5000), r.Intn(100), pick(r, currencies), pick(r, firstNames), pick(r, lastNames))
			}
			body = []byte(sb.String())
		case "pdf":
			ctype = "application/pdf"
			body = append([]byte("%PDF-1.4\n"), []byte(token(r, 1500+r.Intn(3000)))...)
		case "text":
			ctype = "text/plain; version=0.0.4"
			var sb strings.Builder
			for i := 0; i < 30; i++ {
				fmt.Fprintf(&sb, "http_requests_total{code=\"200\",handler=\"h%d\"} %d\n", i, r.Intn(100000))
			}
			body = []byte(sb.String())
		case "none":
		}
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	fmt.Fprintf(&b, "Date: %s\r\n", epoch.Add(time.Duration(at)*time.Microsecond).Format(http.TimeFormat))
	b.WriteString("Server: nginx\r\n")
	if status == 401 {
		b.WriteString("WWW-Authenticate: Bearer realm=\"api\"\r\n")
	}
	if status == 405 {
		b.WriteString("Allow: GET, HEAD\r\n")
	}
	if status >= 300 && status < 400 && status != 304 {
		fmt.Fprintf(&b, "Location: %s/\r\n", c.path)
	}
	if setCookie != "" {
		fmt.Fprintf(&b, "Set-Cookie: %s\r\n", setCookie)
	}
	chunked := false
	if body != nil {
		fmt.Fprintf(&b, "Content-Type: %s\r\n", ctype)
		if len(body) > 600 && r.Float64() < w.s.Gzip {
			body = gz(body)
			b.WriteString("Content-Encoding: gzip\r\nVary: Accept-Encoding\r\n")
			w.count["gzip_responses"]++
		}
		if !cp.http10 && r.Float64() < w.s.Chunked {
			chunked = true
			b.WriteString("Transfer-Encoding: chunked\r\n")
			w.count["chunked_responses"]++
		} else {
			fmt.Fprintf(&b, "Content-Length: %d\r\n", len(body))
		}
	} else if status != 204 && status != 304 {
		b.WriteString("Content-Length: 0\r\n")
	}
	if cp.http10 || (last && cp.close) {
		b.WriteString("Connection: close\r\n")
	}
	b.WriteString("\r\n")
	if chunked {
		writeChunked(&b, body, r)
	} else {
		b.Write(body)
	}
	return b.Bytes()
}

func writeChunked(b *bytes.Buffer, body []byte, r *rand.Rand) {
	for len(body) > 0 {
		n := min(len(body), 200+r.Intn(1800))
		fmt.Fprintf(b, "%x\r\n", n)
		b.Write(body[:n])
		b.WriteString("\r\n")
		body = body[n:]
	}
	b.WriteString("0\r\n\r\n")
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	zw := gzip.NewWriter(&out)
	zw.Write(b)
	zw.Close()
	return out.Bytes()
}
