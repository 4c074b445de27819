package scenariolab

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi2"
	"github.com/getkin/kin-openapi/openapi2conv"
	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

func TestValidateDefinitions(t *testing.T) {
	for _, s := range Scenarios() {
		if err := s.Validate(); err != nil {
			t.Errorf("%s: %v", s.Name, err)
		}
	}
	bad := []struct {
		name string
		mod  func(*Scenario)
	}{
		{"no routes", func(s *Scenario) { s.Routes = nil }},
		{"duplicate route", func(s *Scenario) { s.Routes = append(s.Routes, s.Routes[0]) }},
		{"missing generator", func(s *Scenario) { s.Routes[0].Path += "/{nope}" }},
		{"uncalled shadow", func(s *Scenario) { s.Routes = append(s.Routes, Route{Method: "GET", Path: "/x"}) }},
		{"unauth > hits", func(s *Scenario) { s.Routes[0].UnauthHits = s.Routes[0].Hits + 1 }},
		{"unknown id kind", func(s *Scenario) { s.Routes[2].Params = map[string]IDGen{"noteId": {Kind: "nope"}} }},
	}
	for _, tc := range bad {
		s := Notes()
		tc.mod(s)
		if err := s.Validate(); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Validate returned %v, want ErrInvalid", tc.name, err)
		}
	}
}

func TestDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, d := range []string{a, b} {
		if _, err := Generate(Notes(), d); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range []string{Files.Spec, Files.Base, Files.Impaired, Files.Midstream, Files.Truth} {
		x, _ := os.ReadFile(filepath.Join(a, f))
		y, _ := os.ReadFile(filepath.Join(b, f))
		if len(x) == 0 || !bytes.Equal(x, y) {
			t.Errorf("%s differs between two runs with the same seed (%d vs %d bytes)", f, len(x), len(y))
		}
	}
}

// loadSpec parses a generated spec the way kin-openapi does (Swagger 2.0 is
// converted to OpenAPI 3) and validates it.
func loadSpec(t *testing.T, data []byte) *openapi3.T {
	t.Helper()
	if bytes.Contains(data, []byte("\nswagger: ")) || bytes.Contains(data, []byte(`"swagger": "2.0"`)) {
		var d2 openapi2.T
		if err := openapi2.UnmarshalFromData(data, &d2); err != nil {
			t.Fatalf("swagger 2.0: %v", err)
		}
		doc, err := openapi2conv.ToV3(&d2)
		if err != nil {
			t.Fatalf("swagger 2.0 to 3: %v", err)
		}
		return doc
	}
	l := openapi3.NewLoader()
	doc, err := l.LoadFromData(data)
	if err != nil {
		t.Fatalf("openapi 3: %v", err)
	}
	if err := doc.Validate(l.Context); err != nil {
		t.Fatalf("openapi 3 validation: %v", err)
	}
	return doc
}

// flowKey names one direction of one TCP connection.
type flowKey struct {
	src, dst string
}

type seg struct {
	seq  uint32
	data []byte
}

// readStreams reassembles every TCP direction of a loss-free capture by
// sequence number.
func readStreams(t *testing.T, path string) (map[flowKey][]byte, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := pcapgo.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	segs := map[flowKey][]seg{}
	isn := map[flowKey]uint32{}
	syns := 0
	for {
		data, _, err := r.ReadPacketData()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		p := gopacket.NewPacket(data, layers.LayerTypeEthernet, gopacket.Default)
		ip, _ := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
		tcp, _ := p.Layer(layers.LayerTypeTCP).(*layers.TCP)
		if ip == nil || tcp == nil {
			t.Fatalf("packet without IPv4/TCP: %v", p.ErrorLayer())
		}
		k := flowKey{fmt.Sprintf("%s:%d", ip.SrcIP, tcp.SrcPort), fmt.Sprintf("%s:%d", ip.DstIP, tcp.DstPort)}
		if tcp.SYN {
			syns++
			isn[k] = tcp.Seq + 1
		}
		if len(tcp.Payload) > 0 {
			segs[k] = append(segs[k], seg{tcp.Seq, append([]byte(nil), tcp.Payload...)})
		}
	}
	out := map[flowKey][]byte{}
	for k, ss := range segs {
		sort.SliceStable(ss, func(i, j int) bool { return ss[i].seq-isn[k] < ss[j].seq-isn[k] })
		var b []byte
		next := isn[k]
		for _, s := range ss {
			if s.seq != next {
				t.Fatalf("%v: segment at seq %d, expected %d (gap or overlap in a clean capture)", k, s.seq, next)
			}
			b = append(b, s.data...)
			next += uint32(len(s.data))
		}
		out[k] = b
	}
	return out, syns
}

// TestCaptureRoundTrip reads the clean capture back, reassembles it by
// sequence number and parses every message with net/http: the number of
// requests must equal truth.json's, and every body must decode.
func TestCaptureRoundTrip(t *testing.T) {
	for _, s := range Scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			dir := t.TempDir()
			tr, err := Generate(s, dir)
			if err != nil {
				t.Fatal(err)
			}
			spec, _ := os.ReadFile(filepath.Join(dir, Files.Spec))
			doc := loadSpec(t, spec)
			nops := 0
			for _, it := range doc.Paths.Map() {
				nops += len(it.Operations())
			}
			if want := tr.Summary["documented"]; nops != want {
				t.Errorf("spec has %d operations, truth %d documented", nops, want)
			}
			streams, syns := readStreams(t, filepath.Join(dir, Files.Base))
			requests, responses, anon := 0, 0, 0
			for k, b := range streams {
				toServer := false
				for _, h := range s.Hosts {
					toServer = toServer || k.dst == fmt.Sprintf("%d.%d.%d.%d:%d", h.IP[0], h.IP[1], h.IP[2], h.IP[3], h.Port)
				}
				if !toServer {
					continue
				}
				resp, ok := streams[flowKey{k.dst, k.src}]
				if !ok {
					continue
				}
				br := bufio.NewReader(bytes.NewReader(b))
				rr := bufio.NewReader(bytes.NewReader(resp))
				for {
					req, err := http.ReadRequest(br)
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatalf("%v: request %d: %v", k, requests, err)
					}
					body, err := io.ReadAll(req.Body)
					if err != nil {
						t.Fatalf("%v: request body: %v", k, err)
					}
					checkBody(t, req.Header, body)
					creds := req.Header.Get("Authorization") != "" || req.Header.Get("Cookie") != ""
					for _, sc := range s.Schemes {
						switch sc.Style {
						case StyleAPIKeyHdr:
							creds = creds || req.Header.Get(sc.Param) != ""
						case StyleAPIKeyQuery:
							creds = creds || req.URL.Query().Get(sc.Param) != ""
						}
					}
					if !creds {
						anon++
					}
					requests++
					res, err := http.ReadResponse(rr, req)
					if err != nil {
						t.Fatalf("%v: response to %s %s: %v", k, req.Method, req.URL, err)
					}
					body, err = io.ReadAll(res.Body)
					if err != nil {
						t.Fatalf("%v: response body: %v", k, err)
					}
					checkBody(t, res.Header, body)
					responses++
				}
			}
			if requests != tr.Requests || responses != tr.Requests {
				t.Errorf("parsed %d requests and %d responses, truth says %d", requests, responses, tr.Requests)
			}
			if want := tr.Traffic["unauthenticated_requests"]; anon != want {
				t.Errorf("%d requests without credentials on the wire, truth says %d", anon, want)
			}
			if syns == 0 {
				t.Error("no handshakes")
			}
		})
	}
}

func checkBody(t *testing.T, h http.Header, body []byte) {
	t.Helper()
	if h.Get("Content-Encoding") == "gzip" {
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("gzip body: %v", err)
		}
		if body, err = io.ReadAll(zr); err != nil {
			t.Fatalf("gzip body: %v", err)
		}
	}
	if strings.HasPrefix(h.Get("Content-Type"), "application/json") && len(body) > 0 && !json.Valid(body) {
		t.Fatalf("invalid JSON body %.80q", body)
	}
}

func TestTruthLabels(t *testing.T) {
	tr, err := Generate(Payfast(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range tr.Endpoints {
		got[e.Method+" "+e.Path] = strings.Join(e.Labels, ",")
	}
	for _, tc := range []struct{ ep, labels string }{
		{"POST /v2/auth/token", "documented"},                      // public, called anonymously
		{"GET /v2/accounts", "documented"},                         // 401 without credentials
		{"GET /v2/cards/{cardId}", "documented,unauthenticated"},   // broken auth
		{"GET /v2/payees", "documented,unused"},                    // never called
		{"DELETE /v2/transfers/{transferId}", "documented,zombie"}, // deprecated, called
		{"PATCH /v2/accounts/{accountId}", "shadow"},               // undocumented method
		{"GET /actuator/env", "shadow,unauthenticated"},            // open shadow
		{"GET /v1/accounts/{accountId}", "shadow"},                 // legacy, 401 without credentials
		{"POST /v2/admin/accounts/{accountId}/unlock", "shadow"},   // admin only
		{"GET /v2/accounts/{accountId}/export.csv", "shadow"},      // shadow sub-resource
		{"GET /v2/accounts/{accountId}/transactions/{transactionId}", "documented"},
	} {
		if got[tc.ep] != tc.labels {
			t.Errorf("%s: labels %q, want %q", tc.ep, got[tc.ep], tc.labels)
		}
	}
	if tr.Summary["zombie"] != 2 || tr.Summary["unused"] != 2 || tr.Summary["shadow"] != 7 {
		t.Errorf("summary %v", tr.Summary)
	}
}

func TestYAMLScalars(t *testing.T) {
	var b bytes.Buffer
	yamlOut(&b, om("a", "x: y", "200", om("description", "ok"), "l", []any{om("k", []any{}), "s"}, "e", []any{}), 0)
	want := "a: \"x: y\"\n\"200\":\n  description: \"ok\"\nl:\n  - k: []\n  - \"s\"\ne: []\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}
