package webui

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/diff"
	"github.com/shadowtap/shadowtap/ingest"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/reassembly"
	"github.com/shadowtap/shadowtap/sensor"
	"github.com/shadowtap/shadowtap/storage"
)

const (
	samplePcap = "../testdata/sample/peoplehub.pcap"
	sampleSpec = "../testdata/sample/peoplehub-openapi.yaml"
)

// memSource is a DataSource held in memory.
type memSource struct {
	eps    []inventory.Endpoint
	fs     []diff.Finding
	specs  []*diff.Spec
	stats  sensor.Stats
	notice string
}

func (m *memSource) Endpoints() []inventory.Endpoint { return m.eps }
func (m *memSource) Noise() []inventory.Noise        { return nil }
func (m *memSource) TLS() []inventory.TLSService     { return nil }
func (m *memSource) Findings() []diff.Finding        { return m.fs }
func (m *memSource) Stats() sensor.Stats             { return m.stats }
func (m *memSource) Specs() []*diff.Spec             { return m.specs }
func (m *memSource) Notice() string                  { return m.notice }

// sample is the bundled sample, ingested once through the real packages
// (TestMain): capture → reassembly → inventory → storage, then loaded back
// and diffed against its spec.
var sample *memSource

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "shadowtap-webui-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	sample, err = loadSample(filepath.Join(dir, "sample.db"))
	if err != nil {
		os.RemoveAll(dir)
		fmt.Fprintln(os.Stderr, "loading the sample:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func loadSample(dbPath string) (*memSource, error) {
	db, err := storage.Open(dbPath, storage.Options{})
	if err != nil {
		return nil, err
	}
	defer db.Close()
	res, err := ingest.Files(context.Background(), db, []string{samplePcap}, ingest.Options{})
	if err != nil {
		return nil, err
	}
	if res[0].Err != nil {
		return nil, res[0].Err
	}
	blobs, err := db.LoadHosts()
	if err != nil {
		return nil, err
	}
	inv := inventory.New(inventory.DefaultConfig())
	for h, b := range blobs {
		if err := inv.LoadHost(h, b); err != nil {
			return nil, err
		}
	}
	spec, _, err := diff.LoadSpec(sampleSpec, nil)
	if err != nil {
		return nil, err
	}
	eps := inv.Endpoints()
	specs := []*diff.Spec{spec}
	fs := diff.Diff(eps, specs, diff.Options{IncludeUncoveredHosts: true, Noise: inv.Noise()})
	meta, err := db.Meta()
	if err != nil {
		return nil, err
	}
	// What `shadowtap ui` shows for this database: no live sensor (Started
	// is zero), the counts the ingest made.
	return &memSource{eps: eps, fs: fs, specs: specs,
		stats: sensor.Stats{Packets: res[0].Stats.Packets, Bytes: res[0].Stats.Bytes, Exchanges: res[0].Exchanges,
			Endpoints: uint64(len(eps)), Hosts: 1, Findings: uint64(len(fs)), LastCommit: meta.Updated}}, nil
}

// live is the sample as a running sensor would serve it: ten minutes up.
func live() *memSource {
	l := *sample
	l.stats.Started = time.Date(2026, 12, 6, 9, 0, 0, 0, time.UTC)
	l.stats.UptimeSeconds = 600
	l.stats.KernelDrops = 3
	return &l
}

// get requests path from h and returns the status and body.
func get(t *testing.T, h http.Handler, path string) (int, string, http.Header) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec.Code, rec.Body.String(), rec.Header()
}

// xssExchange synthesizes one HTTP exchange, as reassembly hands it to the
// inventory. target is written as a client could send it, unescaped.
func xssExchange(host, method, target string, at time.Time) *reassembly.Exchange {
	path, query, _ := strings.Cut(target, "?")
	return &reassembly.Exchange{
		RequestTime: at, ResponseTime: at.Add(2 * time.Millisecond),
		Client: netip.MustParseAddrPort("10.0.0.1:40000"), Server: netip.MustParseAddrPort("10.0.0.2:80"),
		Method: method, Host: host, Target: target, Path: path, Query: query, Proto: "HTTP/1.1",
		RequestHeader:  http.Header{"User-Agent": {"<script>window.__xss=1</script>"}},
		ResponseHeader: http.Header{"Content-Type": {"application/json"}},
		Status:         200, ResponseContentType: "application/json",
		ResponseBody: []byte(`{"<script>window.__xss=1</script>":"x","email":"a@b.example"}`),
	}
}
