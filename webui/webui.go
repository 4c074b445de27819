package webui

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/sensor"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// SpecSource is implemented by a DataSource that knows the specs its
// findings were computed against: the overview shows coverage per spec and
// the SARIF download names them. *sensor.Sensor implements it.
type SpecSource interface {
	Specs() []*diff.Spec
}

// Noticer is implemented by a DataSource that has something to tell on
// every page, such as why its database could not be read.
type Noticer interface {
	Notice() string
}

// PageSize is how many rows the inventory and the findings pages show at
// once: pages stay fast with tens of thousands of endpoints.
const PageSize = 100

// handler serves the UI.
type handler struct {
	src    sensor.DataSource
	pages  map[string]*template.Template
	static http.Handler
	now    func() time.Time
}

// New returns the web UI over src. It applies no token rule: serve it
// through sensor.NewAPIHandler(src, token, sensor.WithUI(New(src))).
func New(src sensor.DataSource) http.Handler {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // embedded at build time
	}
	h := &handler{src: src, pages: parsePages(), static: http.StripPrefix("/static/", http.FileServerFS(sub)), now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", h.overview)
	mux.HandleFunc("GET /inventory", h.inventory)
	mux.HandleFunc("GET /endpoint", h.endpoint)
	mux.HandleFunc("GET /findings", h.findings)
	mux.HandleFunc("GET /download/findings", h.downloadFindings)
	mux.HandleFunc("GET /download/openapi", h.downloadOpenAPI)
	mux.HandleFunc("GET /static/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		h.static.ServeHTTP(w, r)
	})
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/static/favicon.svg", http.StatusMovedPermanently)
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		h.render(w, r, http.StatusNotFound, "notfound", &notFoundPage{page: page{Title: "Not found"}})
	})
	return mux
}

var funcs = template.FuncMap{
	"time":    fmtTime,
	"iso":     func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"num":     fmtNum,
	"pct":     func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + "%" },
	"ms":      func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + " ms" },
	"sevs":    func() []string { return severities },
	"kinds":   func() []string { return diff.Kinds },
	"eplink":  endpointURL,
	"hostURL": func(host string) string { return "/inventory?" + url.Values{"host": {host}}.Encode() },
	"base":    filepath.Base,
}

// severities lists the severity names from the highest.
var severities = []string{"critical", "high", "medium", "low", "info"}

func parsePages() map[string]*template.Template {
	base := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html"))
	pages := map[string]*template.Template{}
	for _, name := range []string{"overview", "inventory", "endpoint", "findings", "notfound"} {
		pages[name] = template.Must(template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html"))
	}
	return pages
}

// page is what every page's layout needs.
type page struct {
	Title  string
	Nav    string // the current section, for aria-current
	Notice string // the data source's notice (a missing database)
	Error  string // a bad filter, shown instead of failing the page
	Live   bool   // the data comes from a running sensor
}

func (p *page) base() *page { return p }

type pager interface{ base() *page }

// securityHeaders are set on every page: only this package's own script and
// style may run, whatever a captured path holds.
func securityHeaders(h http.Header) {
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
		"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
}

func (h *handler) render(w http.ResponseWriter, r *http.Request, code int, name string, data pager) {
	p := data.base()
	if n, ok := h.src.(Noticer); ok {
		p.Notice = n.Notice()
	}
	p.Live = !h.src.Stats().Started.IsZero()
	var buf bytes.Buffer
	if err := h.pages[name].ExecuteTemplate(&buf, "layout.html", data); err != nil {
		// A template bug: say so plainly, never with the data.
		log.Printf("webui: rendering %s: %v", name, err)
		http.Error(w, "shadowtap: this page could not be rendered (see the server's log)", http.StatusInternalServerError)
		return
	}
	securityHeaders(w.Header())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// endpointURL is the shareable address of one endpoint's page.
func endpointURL(host, method, path string) string {
	return "/endpoint?" + url.Values{"host": {host}, "method": {method}, "path": {path}}.Encode()
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04:05 UTC")
}

// fmtNum writes n with thin groups of three digits (12,345).
func fmtNum(n uint64) string {
	s := strconv.FormatUint(n, 10)
	if len(s) <= 3 {
		return s
	}
	var b strings.Builder
	pre := len(s) % 3
	if pre > 0 {
		b.WriteString(s[:pre])
	}
	for i := pre; i < len(s); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s[i : i+3])
	}
	return b.String()
}

// pageNumber reads ?page= (1-based; anything odd is page 1).
func pageNumber(q url.Values) int {
	n, err := strconv.Atoi(q.Get("page"))
	if err != nil || n < 1 {
		return 1
	}
	return n
}

// Pages is the pagination of a list.
type Pages struct {
	Page, Pages, Total int
	From, To           int // 1-based rows shown
	Prev, Next         string
}

// paginate cuts n rows into pages and returns the bounds of the page asked
// for, with links that keep the rest of the query.
func paginate(n int, q url.Values, base string) (Pages, int, int) {
	p := Pages{Page: pageNumber(q), Total: n, Pages: (n + PageSize - 1) / PageSize}
	if p.Pages == 0 {
		p.Pages = 1
	}
	if p.Page > p.Pages {
		p.Page = p.Pages
	}
	lo := (p.Page - 1) * PageSize
	hi := min(lo+PageSize, n)
	p.From, p.To = lo+1, hi
	link := func(k int) string {
		v := url.Values{}
		for key, vals := range q {
			v[key] = vals
		}
		if k == 1 {
			v.Del("page")
		} else {
			v.Set("page", strconv.Itoa(k))
		}
		if e := v.Encode(); e != "" {
			return base + "?" + e
		}
		return base
	}
	if p.Page > 1 {
		p.Prev = link(p.Page - 1)
	}
	if p.Page < p.Pages {
		p.Next = link(p.Page + 1)
	}
	return p, lo, hi
}

func (h *handler) specs() []*diff.Spec {
	if s, ok := h.src.(SpecSource); ok {
		return s.Specs()
	}
	return nil
}

// downloadFindings writes the filtered findings as JSON, CSV or SARIF, with
// package diff's writers (the formats of `shadowtap diff --format`).
func (h *handler) downloadFindings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	format := q.Get("format")
	ctype := map[string]string{"json": "application/json", "csv": "text/csv; charset=utf-8", "sarif": "application/sarif+json"}[format]
	if ctype == "" {
		http.Error(w, "shadowtap: format must be json, csv or sarif", http.StatusBadRequest)
		return
	}
	fs := sensor.FilterFindings(h.src.Findings(), q)
	var buf bytes.Buffer
	if err := diff.Write(&buf, format, fs, h.specs()); err != nil {
		log.Printf("webui: writing findings as %s: %v", format, err)
		http.Error(w, "shadowtap: the findings could not be written", http.StatusInternalServerError)
		return
	}
	ext := format
	if format == "sarif" {
		ext = "sarif.json"
	}
	download(w, r, ctype, "shadowtap-findings."+ext, buf.Bytes())
}

// downloadOpenAPI writes the OpenAPI document of the observed inventory (of
// one host with ?host=), as `shadowtap export openapi` does.
func (h *handler) downloadOpenAPI(w http.ResponseWriter, r *http.Request) {
	host := r.URL.Query().Get("host")
	eps := h.src.Endpoints()
	title := "Observed API"
	if host != "" {
		eps = sensor.FilterEndpoints(eps, sensor.EndpointFilter{Host: host})
		title = "Observed API of " + host
	}
	doc, err := diff.ExportOpenAPI(eps, title)
	var b []byte
	if err == nil {
		b, err = doc.MarshalJSON()
	}
	if err != nil {
		log.Printf("webui: exporting OpenAPI: %v", err)
		http.Error(w, "shadowtap: the OpenAPI document could not be written", http.StatusInternalServerError)
		return
	}
	var out bytes.Buffer
	if json.Indent(&out, b, "", "  ") != nil {
		out.Reset()
		out.Write(b)
	}
	out.WriteByte('\n')
	download(w, r, "application/json", "shadowtap-openapi.json", out.Bytes())
}

func download(w http.ResponseWriter, r *http.Request, ctype, name string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	if r.Method != http.MethodHead {
		_, _ = w.Write(b)
	}
}

// findEndpoint returns the endpoint of host, method and path, if any.
func findEndpoint(eps []inventory.Endpoint, host, method, path string) (*inventory.Endpoint, bool) {
	for i := range eps {
		e := &eps[i]
		if e.Path == path && strings.EqualFold(e.Method, method) && strings.EqualFold(e.Host, host) {
			return e, true
		}
	}
	return nil, false
}
