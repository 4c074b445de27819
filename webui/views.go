package webui

import (
	"cmp"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/sensor"
)

// ---------------------------------------------------------------- overview

type overviewPage struct {
	page
	Hosts, Endpoints, Hits     uint64
	UnauthEndpoints, Sensitive uint64
	Findings                   int
	BySeverity                 []sevCount
	Coverage                   []specCoverage
	Stats                      sensor.Stats
	ExchangeRate               string
	HostRows                   []hostRow
	MoreHosts                  int
}

type sevCount struct {
	Name  string
	Count int
}

type specCoverage struct {
	File, Title     string
	Operations      int
	Used            int
	Percent         float64
	UnusedFindingsQ string
}

type hostRow struct {
	Host                                string
	Endpoints, Hits, Unauth, Sensitive  uint64
	Findings                            int
	LastSeen                            time.Time
	InventoryURL, FindingsURL, OpenAPIQ string
}

// maxHostRows bounds the overview's host table; the inventory lists all.
const maxHostRows = 50

func (h *handler) overview(w http.ResponseWriter, r *http.Request) {
	eps := h.src.Endpoints()
	fs := h.src.Findings()
	p := &overviewPage{page: page{Title: "Overview", Nav: "overview"}, Stats: h.src.Stats(), Findings: len(fs)}
	hosts := map[string]*hostRow{}
	for i := range eps {
		e := &eps[i]
		hr := hosts[e.Host]
		if hr == nil {
			hr = &hostRow{Host: e.Host}
			hosts[e.Host] = hr
		}
		hr.Endpoints++
		hr.Hits += e.Hits
		p.Hits += e.Hits
		if e.UnauthenticatedHits > 0 {
			hr.Unauth++
			p.UnauthEndpoints++
		}
		if len(e.Sensitive) > 0 {
			hr.Sensitive++
			p.Sensitive++
		}
		if e.LastSeen.After(hr.LastSeen) {
			hr.LastSeen = e.LastSeen
		}
	}
	p.Endpoints, p.Hosts = uint64(len(eps)), uint64(len(hosts))
	counts := map[string]int{}
	for _, f := range fs {
		counts[f.Severity.String()]++
		if hr := hosts[f.Host]; hr != nil {
			hr.Findings++
		}
	}
	for _, s := range severities {
		p.BySeverity = append(p.BySeverity, sevCount{s, counts[s]})
	}
	p.Coverage = coverage(h.specs(), fs)
	rows := make([]hostRow, 0, len(hosts))
	for _, hr := range hosts {
		hr.InventoryURL = "/inventory?" + url.Values{"host": {hr.Host}}.Encode()
		hr.FindingsURL = "/findings?" + url.Values{"host": {hr.Host}}.Encode()
		rows = append(rows, *hr)
	}
	slices.SortFunc(rows, func(a, b hostRow) int {
		return cmp.Or(cmp.Compare(b.Endpoints, a.Endpoints), strings.Compare(a.Host, b.Host))
	})
	if len(rows) > maxHostRows {
		p.MoreHosts = len(rows) - maxHostRows
		rows = rows[:maxHostRows]
	}
	p.HostRows = rows
	if st := p.Stats; st.UptimeSeconds > 0 {
		p.ExchangeRate = strconvRate(float64(st.Exchanges) / st.UptimeSeconds)
	}
	h.render(w, r, http.StatusOK, "overview", p)
}

func strconvRate(f float64) string {
	if f >= 100 {
		return fmtNum(uint64(f + 0.5))
	}
	return strconv.FormatFloat(f, 'f', 2, 64)
}

// coverage is, per spec, the share of its documented operations that
// traffic reached: every operation that is not the subject of an "unused"
// finding (the diff reports each unused operation once).
func coverage(specs []*diff.Spec, fs []diff.Finding) []specCoverage {
	unused := map[string]int{}
	for _, f := range fs {
		if f.Kind == diff.KindUnused {
			unused[f.Spec]++
		}
	}
	var out []specCoverage
	for _, s := range specs {
		n := s.NumOperations()
		c := specCoverage{File: filepath.Base(s.File), Title: s.Title, Operations: n, Used: max(0, n-unused[s.File])}
		if n > 0 {
			c.Percent = 100 * float64(c.Used) / float64(n)
		}
		c.UnusedFindingsQ = "/findings?" + url.Values{"kind": {diff.KindUnused}}.Encode()
		out = append(out, c)
	}
	return out
}

// ---------------------------------------------------------------- inventory

type inventoryPage struct {
	page
	Filter    filterForm
	Rows      []treeRow
	Pages     Pages
	HostNames []string
	Empty     bool // no endpoint at all (not just none matching)
	OpenAPIQ  string
}

type filterForm struct {
	Host, Method, Path, Since string
	Unauthenticated           bool
}

// treeRow is one line of the inventory tree: a host heading, a path
// segment shared by the endpoints below it, or an endpoint.
type treeRow struct {
	Kind        string // "host", "dir", "endpoint"
	Depth       int    // indentation, capped (CSS classes d0..d8)
	Host        string
	Prefix, Seg string // the path up to this node (dimmed) and its last segment
	E           *inventory.Endpoint
	URL         string
	Sensitive   []string
	Auth        []string
}

const maxDepth = 8

func (h *handler) inventory(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &inventoryPage{page: page{Title: "Inventory", Nav: "inventory"}}
	p.Filter = filterForm{Host: q.Get("host"), Method: q.Get("method"), Path: q.Get("path"), Since: q.Get("since")}
	all := h.src.Endpoints()
	p.Empty = len(all) == 0
	p.HostNames = hostNames(all)
	p.OpenAPIQ = "/download/openapi"
	if p.Filter.Host != "" {
		p.OpenAPIQ += "?" + url.Values{"host": {p.Filter.Host}}.Encode()
	}
	code := http.StatusOK
	flt, err := sensor.ParseEndpointFilter(q, h.now())
	p.Filter.Unauthenticated = flt.Unauthenticated
	var eps []inventory.Endpoint
	if err != nil {
		p.Error = err.Error()
		code = http.StatusBadRequest
	} else {
		eps = sensor.FilterEndpoints(all, flt)
	}
	slices.SortFunc(eps, func(a, b inventory.Endpoint) int {
		return cmp.Or(strings.Compare(a.Host, b.Host), strings.Compare(a.Path, b.Path), strings.Compare(a.Method, b.Method))
	})
	pg, lo, hi := paginate(len(eps), q, "/inventory")
	p.Pages = pg
	p.Rows = tree(eps[lo:hi])
	if p.Title = "Inventory"; p.Filter.Host != "" {
		p.Title = "Inventory of " + p.Filter.Host
	}
	h.render(w, r, code, "inventory", p)
}

// tree lays out sorted endpoints as a tree of path segments per host: a
// segment shared by consecutive endpoints is written once, above them.
func tree(eps []inventory.Endpoint) []treeRow {
	var rows []treeRow
	var prevHost string
	var prev []string
	for i := range eps {
		e := &eps[i]
		if i == 0 || e.Host != prevHost {
			rows = append(rows, treeRow{Kind: "host", Host: e.Host, URL: "/inventory?" + url.Values{"host": {e.Host}}.Encode()})
			prevHost, prev = e.Host, nil
		}
		segs := splitPath(e.Path)
		common := 0
		for common < len(segs)-1 && common < len(prev) && segs[common] == prev[common] {
			common++
		}
		for d := common; d < len(segs)-1; d++ {
			rows = append(rows, treeRow{Kind: "dir", Depth: min(d, maxDepth), Host: e.Host,
				Prefix: joinSegs(segs[:d]), Seg: "/" + segs[d]})
		}
		row := treeRow{Kind: "endpoint", Host: e.Host, E: e, URL: endpointURL(e.Host, e.Method, e.Path),
			Sensitive: sensitiveKinds(e.Sensitive), Auth: slices.Sorted(maps.Keys(e.AuthKinds))}
		if n := len(segs); n == 0 {
			row.Seg = "/"
		} else {
			row.Depth = min(n-1, maxDepth)
			row.Prefix, row.Seg = joinSegs(segs[:n-1]), "/"+segs[n-1]
		}
		rows = append(rows, row)
		prev = segs
	}
	return rows
}

func splitPath(p string) []string {
	p = strings.TrimPrefix(p, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

func joinSegs(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return "/" + strings.Join(s, "/")
}

// sensitiveKinds lists the data kinds of "request.KIND"/"response.KIND"
// keys, once each.
func sensitiveKinds(m map[string]uint64) []string {
	seen := map[string]bool{}
	for k := range m {
		_, kind, ok := strings.Cut(k, ".")
		if !ok {
			kind = k
		}
		seen[kind] = true
	}
	return slices.Sorted(maps.Keys(seen))
}

// maxHostNames bounds the host suggestions of the filter form.
const maxHostNames = 500

func hostNames(eps []inventory.Endpoint) []string {
	seen := map[string]bool{}
	for i := range eps {
		seen[eps[i].Host] = true
	}
	hs := slices.Sorted(maps.Keys(seen))
	if len(hs) > maxHostNames {
		hs = hs[:maxHostNames]
	}
	return hs
}

// ---------------------------------------------------------------- endpoint

type endpointPage struct {
	page
	Host, Method, Path string
	E                  *inventory.Endpoint
	Statuses           []countRow
	AuthKinds          []countRow
	JWTAlgs            []countRow
	ReqSensitive       []countRow
	RespSensitive      []countRow
	ReqTypes           []countRow
	RespTypes          []countRow
	Findings           []diff.Finding
	HostURL            string
	Chart              *chart
	// Doc is how the specs document the endpoint (nil without specs, or
	// on a host no spec covers).
	Doc *diff.Documentation
}

// chart is the hits-over-time bar chart, drawn as inline SVG by the
// template (no script, nothing fetched).
type chart struct {
	Bars          []bar
	Width, Height int
	From, To      time.Time
	Bucket        string // one bucket's width, e.g. "4m0s"
	Peak          uint64
}

type bar struct {
	X, Y, W, H int
	Title      string // e.g. "2026-11-27 08:00 UTC: 12 hits"
}

// newChart lays out one bar per bucket of the endpoint's timeline (nil
// when it has none).
func newChart(tl *inventory.Timeline) *chart {
	if tl == nil || len(tl.Counts) == 0 {
		return nil
	}
	const h, bw, gap = 80, 18, 2
	c := &chart{Width: len(tl.Counts) * (bw + gap), Height: h, From: tl.Start,
		Bucket: (time.Duration(tl.WidthSeconds) * time.Second).String()}
	c.To = tl.Start.Add(time.Duration(int64(len(tl.Counts))*tl.WidthSeconds) * time.Second)
	for _, n := range tl.Counts {
		c.Peak = max(c.Peak, n)
	}
	for i, n := range tl.Counts {
		bh := 0
		if c.Peak > 0 {
			bh = int(n * uint64(h-2) / c.Peak)
		}
		if n > 0 && bh == 0 {
			bh = 1
		}
		at := tl.Start.Add(time.Duration(int64(i)*tl.WidthSeconds) * time.Second).UTC()
		c.Bars = append(c.Bars, bar{X: i * (bw + gap), Y: h - bh, W: bw, H: bh,
			Title: fmt.Sprintf("%s: %d hits", at.Format("2006-01-02 15:04 MST"), n)})
	}
	return c
}

type countRow struct {
	Key     string
	Count   uint64
	Percent float64
}

func counts(m map[string]uint64, total uint64) []countRow {
	out := make([]countRow, 0, len(m))
	for k, n := range m {
		r := countRow{Key: k, Count: n}
		if total > 0 {
			r.Percent = 100 * float64(n) / float64(total)
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b countRow) int { return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Key, b.Key)) })
	return out
}

func (h *handler) endpoint(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &endpointPage{Host: q.Get("host"), Method: q.Get("method"), Path: q.Get("path")}
	p.Nav = "inventory"
	p.Title = p.Method + " " + p.Path
	p.HostURL = "/inventory?" + url.Values{"host": {p.Host}}.Encode()
	all := h.src.Endpoints()
	e, ok := findEndpoint(all, p.Host, p.Method, p.Path)
	if !ok {
		p.Title = "Endpoint not found"
		h.render(w, r, http.StatusNotFound, "endpoint", p)
		return
	}
	p.E = e
	if specs := h.specs(); len(specs) > 0 {
		// matched against the whole inventory, as the diff does: the rest of
		// the host's traffic decides prefixes and values
		for i, d := range diff.Document(all, specs, diff.Options{}) {
			if d.Covered && all[i].Host == e.Host && all[i].Method == e.Method && all[i].Path == e.Path {
				p.Doc = &d
				break
			}
		}
	}
	p.Statuses = counts(e.Statuses, e.Hits)
	p.AuthKinds = counts(e.AuthKinds, e.Hits)
	p.JWTAlgs = counts(e.JWTAlgs, e.Hits)
	req, resp := map[string]uint64{}, map[string]uint64{}
	for k, n := range e.Sensitive {
		if kind, ok := strings.CutPrefix(k, "request."); ok {
			req[kind] += n
		} else if kind, ok := strings.CutPrefix(k, "response."); ok {
			resp[kind] += n
		} else {
			resp[k] += n
		}
	}
	p.ReqSensitive, p.RespSensitive = counts(req, e.Hits), counts(resp, e.Hits)
	p.Chart = newChart(e.HitsOverTime)
	p.ReqTypes, p.RespTypes = counts(e.RequestContentTypes, e.Hits), counts(e.ResponseContentTypes, e.Hits)
	for _, f := range h.src.Findings() {
		if !strings.EqualFold(f.Host, e.Host) || !strings.EqualFold(f.Method, e.Method) {
			continue
		}
		if f.Path == e.Path || slices.Contains(f.Evidence.ObservedPaths, e.Path) {
			p.Findings = append(p.Findings, f)
		}
	}
	h.render(w, r, http.StatusOK, "endpoint", p)
}

// ---------------------------------------------------------------- findings

type findingsPage struct {
	page
	Kind, Severity, Host string
	Rows                 []findingRow
	Pages                Pages
	HostNames            []string
	Download             map[string]string
	Total                int
}

type findingRow struct {
	F   *diff.Finding
	URL string // the endpoint's page, when the inventory has it
}

func (h *handler) findings(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p := &findingsPage{page: page{Title: "Findings", Nav: "findings"}, Kind: q.Get("kind"), Severity: q.Get("severity"), Host: q.Get("host")}
	all := h.src.Findings()
	p.Total = len(all)
	fs := sensor.FilterFindings(all, q)
	diff.SortFindings(fs)
	eps := h.src.Endpoints()
	p.HostNames = hostNames(eps)
	known := make(map[[3]string]bool, len(eps))
	for i := range eps {
		known[[3]string{eps[i].Host, eps[i].Method, eps[i].Path}] = true
	}
	pg, lo, hi := paginate(len(fs), q, "/findings")
	p.Pages = pg
	for i := lo; i < hi; i++ {
		f := &fs[i]
		row := findingRow{F: f}
		path := f.Path
		if !known[[3]string{f.Host, f.Method, path}] && len(f.Evidence.ObservedPaths) > 0 {
			path = f.Evidence.ObservedPaths[0]
		}
		if known[[3]string{f.Host, f.Method, path}] {
			row.URL = endpointURL(f.Host, f.Method, path)
		}
		p.Rows = append(p.Rows, row)
	}
	filters := url.Values{}
	for _, k := range []string{"kind", "severity", "host"} {
		if v := q.Get(k); v != "" {
			filters.Set(k, v)
		}
	}
	p.Download = map[string]string{}
	for _, f := range []string{"json", "csv", "sarif"} {
		v := url.Values{"format": {f}}
		for k, vals := range filters {
			v[k] = vals
		}
		p.Download[f] = "/download/findings?" + v.Encode()
	}
	h.render(w, r, http.StatusOK, "findings", p)
}

// ---------------------------------------------------------------- not found

type notFoundPage struct {
	page
}
