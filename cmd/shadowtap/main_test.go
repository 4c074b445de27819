package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	samplePcap = "../../testdata/sample/peoplehub.pcap"
	sampleSpec = "../../testdata/sample/peoplehub-openapi.yaml"
)

// shadowtap runs the CLI in-process and returns stdout, stderr and the exit
// code.
func shadowtap(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return out.String(), errb.String(), code
}

func TestVersion(t *testing.T) {
	out, _, code := shadowtap(t, "version")
	if code != 0 || !strings.HasPrefix(out, "shadowtap ") {
		t.Fatalf("version: code %d, out %q", code, out)
	}
}

func TestExchangesNDJSON(t *testing.T) {
	out, errOut, code := shadowtap(t, "exchanges", "--format", "ndjson", samplePcap)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// The sample scenario's truth file counts 1547 requests, all answered.
	if len(lines) != 1547 {
		t.Errorf("got %d exchanges, want 1547", len(lines))
	}
	var rec map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &rec); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"ts", "client", "server", "method", "host", "uri", "status"} {
		if _, ok := rec[k]; !ok {
			t.Errorf("ndjson record lacks %q: %s", k, lines[0])
		}
	}
	for _, k := range []string{"packets", "exchanges", "flows"} {
		if !strings.Contains(errOut, k) {
			t.Errorf("summary lacks %q:\n%s", k, errOut)
		}
	}
}

func TestBadFormat(t *testing.T) {
	_, errOut, code := shadowtap(t, "exchanges", "--format", "xml", samplePcap)
	if code != 1 || !strings.Contains(errOut, "valid formats: table, ndjson") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
	_, errOut, code = shadowtap(t, "ingest", "--no-such-flag", samplePcap)
	if code != 1 || !strings.Contains(errOut, "see 'shadowtap ingest --help'") {
		t.Fatalf("code %d, stderr %q", code, errOut)
	}
}

func TestIngestEndpointsDiff(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	if _, errOut, code := shadowtap(t, "ingest", "--db", db, samplePcap); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	out, errOut, code := shadowtap(t, "endpoints", "--db", db, "--format", "json")
	if code != 0 {
		t.Fatalf("endpoints exit %d: %s", code, errOut)
	}
	var eps []map[string]any
	if err := json.Unmarshal([]byte(out), &eps); err != nil {
		t.Fatal(err)
	}
	// 30 endpoints served traffic in the sample (its truth file); none of
	// the 47 noise paths may appear.
	if len(eps) != 30 {
		t.Errorf("got %d endpoints, want 30", len(eps))
	}
	for _, e := range eps {
		for _, k := range []string{"host", "method", "path", "hits", "authenticated", "unauthenticated_hits", "first_seen", "last_seen", "statuses", "auth_kinds", "sensitive"} {
			if _, ok := e[k]; !ok {
				t.Errorf("endpoint lacks %q: %v", k, e)
			}
		}
		if p := e["path"].(string); strings.Contains(p, ".env") || strings.Contains(p, "wp-") {
			t.Errorf("noise path reported as endpoint: %s", p)
		}
	}

	// Re-ingesting the same capture is refused, counts unchanged.
	_, errOut, code = shadowtap(t, "ingest", "--db", db, samplePcap)
	if code != 0 || !strings.Contains(errOut, "already ingested") {
		t.Errorf("re-ingest: code %d, stderr %q", code, errOut)
	}
	out2, _, _ := shadowtap(t, "endpoints", "--db", db, "--format", "json")
	if out2 != out {
		t.Error("re-ingest changed the inventory")
	}

	// Filters.
	out, _, _ = shadowtap(t, "endpoints", "--db", db, "--format", "ndjson", "--method", "delete", "--path", "/hr/api/**")
	if n := strings.Count(out, "\n"); n != 2 {
		t.Errorf("DELETE /hr/api/**: %d endpoints, want 2:\n%s", n, out)
	}

	out, errOut, code = shadowtap(t, "diff", "--db", db, "--spec", sampleSpec, "--format", "json")
	if code != 0 {
		t.Fatalf("diff exit %d: %s", code, errOut)
	}
	var fs []map[string]any
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, f := range fs {
		kinds[f["kind"].(string)]++
		for _, k := range []string{"id", "kind", "severity", "host", "method", "path"} {
			if _, ok := f[k]; !ok {
				t.Errorf("finding lacks %q: %v", k, f)
			}
		}
	}
	// The sample's truth: 8 shadow, 2 zombie, 3 unused, 6 unauthenticated.
	want := map[string]int{"shadow": 8, "zombie": 2, "unused": 3, "unauthenticated": 6}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d %s findings, want %d (all: %v)", kinds[k], k, n, kinds)
		}
	}

	// --fail-on gives exit status 3.
	_, _, code = shadowtap(t, "diff", "--db", db, "--spec", sampleSpec, "--format", "ndjson", "--fail-on", "high")
	if code != exitFindings {
		t.Errorf("--fail-on high: exit %d, want %d", code, exitFindings)
	}
}

func TestScanTable(t *testing.T) {
	out, errOut, code := shadowtap(t, "scan", samplePcap, "--spec", sampleSpec)
	if code != 0 {
		t.Fatalf("scan exit %d: %s", code, errOut)
	}
	for _, k := range []string{"shadow", "zombie", "unauthenticated"} {
		if !strings.Contains(out, k) {
			t.Errorf("scan table lacks %s findings:\n%s", k, out)
		}
	}
}

func TestCorruptCaptureKeepsWhatWasRead(t *testing.T) {
	data, err := os.ReadFile(samplePcap)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cut := filepath.Join(dir, "cut.pcap")
	if err := os.WriteFile(cut, data[:len(data)/2+7], 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "inv.db")
	_, errOut, code := shadowtap(t, "ingest", "--db", db, cut)
	if code != 1 || !strings.Contains(errOut, "cut.pcap") || !strings.Contains(errOut, "offset") {
		t.Fatalf("truncated capture: exit %d, stderr %q", code, errOut)
	}
	out, _, code := shadowtap(t, "endpoints", "--db", db, "--format", "json")
	var eps []map[string]any
	if code != 0 || json.Unmarshal([]byte(out), &eps) != nil || len(eps) < 10 {
		t.Fatalf("endpoints after a truncated capture: exit %d, %d endpoints", code, len(eps))
	}
}

func TestExportOpenAPIRoundTrip(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "inv.db")
	if _, errOut, code := shadowtap(t, "ingest", "--db", db, samplePcap); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	spec := filepath.Join(dir, "observed.json")
	if _, errOut, code := shadowtap(t, "export", "openapi", "--db", db, "-o", spec); code != 0 {
		t.Fatalf("export: %s", errOut)
	}
	out, errOut, code := shadowtap(t, "diff", "--db", db, "--spec", spec, "--format", "json")
	if code != 0 {
		t.Fatalf("diff against export: %s", errOut)
	}
	var fs []map[string]any
	json.Unmarshal([]byte(out), &fs)
	for _, f := range fs {
		if f["kind"] == "shadow" {
			t.Errorf("shadow finding against the inventory's own export: %v %v", f["method"], f["path"])
		}
	}
}

func TestMissingDB(t *testing.T) {
	_, errOut, code := shadowtap(t, "endpoints", "--db", filepath.Join(t.TempDir(), "nope", "x.db"))
	if code != 1 || errOut == "" {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
}

// TestScanGRPC: a real grpc-go capture (testdata/grpc, recorded by its
// record.sh) against the protobuf descriptor set of its documented API.
func TestScanGRPC(t *testing.T) {
	got, out, errOut := scanFindings(t, "../../testdata/grpc/grpc.pcap.gz", "--spec", "../../testdata/grpc/shop.protoset")
	want := []string{
		"shadow high /shop.v1.Admin/DumpUsers",
		"unauthenticated high /shop.v1.Admin/DumpUsers",
		"zombie medium /shop.v1.Catalog/LegacySearch",
		"shadow medium /shop.v1.Catalog/PurgeAll",
		"unauthenticated low /shop.v1.Catalog/GetItem",
		// documented, never called in this small sample
		"unused info /shop.v1.Catalog/SearchItems",
		"unused info /shop.v1.Orders/CancelOrder",
		"unused info /shop.v1.Orders/GetOrder",
		"unused info /shop.v1.Orders/RefundOrder",
		"unused info /shop.v1.Users/GetProfile",
		"unused info /shop.v1.Users/UpdateProfile",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// DeleteItem refused without credentials (PERMISSION_DENIED) is no
	// unauthenticated finding; UNIMPLEMENTED is noise, not a shadow method
	if strings.Contains(out, "DeleteItem") || strings.Contains(out, "NoSuchMethod") {
		t.Errorf("DeleteItem or NoSuchMethod reported:\n%s", out)
	}
	if !strings.Contains(errOut, "http2_streams") {
		t.Errorf("summary lacks http2_streams:\n%s", errOut)
	}
}

// TestTLSInventory: TLS handshakes (reassembly/testdata/tls) make an
// inventory of encrypted services and findings on them.
func TestTLSInventory(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	const pcap = "../../reassembly/testdata/tls/tls.pcap.gz"
	if _, errOut, code := shadowtap(t, "ingest", "--db", db, pcap); code != 0 {
		t.Fatalf("ingest: %s", errOut)
	}
	out, errOut, code := shadowtap(t, "endpoints", "--db", db, "--tls", "--format", "json")
	if code != 0 {
		t.Fatalf("endpoints --tls: %s", errOut)
	}
	var ts []struct {
		Server     string
		ServerName string `json:"server_name"`
		Handshakes uint64
		Versions   map[string]uint64
	}
	if err := json.Unmarshal([]byte(out), &ts); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(ts) != 3 || ts[1].ServerName != "api.shop.test" || ts[1].Handshakes != 6 || ts[1].Versions["TLS 1.3"] != 3 {
		t.Errorf("services: %s", out)
	}
	out, _, code = shadowtap(t, "diff", "--db", db, "--spec", "api.shop.test=../../testdata/grpc/shop.protoset", "--format", "json")
	if code != 0 {
		t.Fatalf("diff exit %d", code)
	}
	for _, want := range []string{`"kind": "tls_cert_expired"`, `"kind": "tls_uncovered"`, `"kind": "tls_cert_self_signed"`} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %s", want)
		}
	}
}

// TestScanGRPCWeb: gRPC-Web over HTTP/1.1 (connect-go on both ends,
// testdata/grpc), whose status is in a gzip-compressed trailer frame at the
// end of the body.
func TestScanGRPCWeb(t *testing.T) {
	got, _, _ := scanFindings(t, "../../testdata/grpc/grpc-web.pcap.gz", "--spec", "../../testdata/grpc/shop.protoset", "--min-severity", "low")
	// DeleteItem's refusal without credentials (PERMISSION_DENIED in the
	// trailer frame) is no finding; the unknown method got an HTTP 404
	want := []string{
		"shadow high /shop.v1.Admin/DumpUsers",
		"unauthenticated high /shop.v1.Admin/DumpUsers",
		"unauthenticated low /shop.v1.Catalog/GetItem",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// scanFindings runs scan with JSON output and returns "kind severity path"
// per finding, and the raw outputs.
func scanFindings(t *testing.T, pcap string, args ...string) (got []string, out, errOut string) {
	t.Helper()
	out, errOut, code := shadowtap(t, append([]string{"scan", pcap, "--format", "json"}, args...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var fs []struct{ Kind, Severity, Path string }
	if err := json.Unmarshal([]byte(out), &fs); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, f := range fs {
		got = append(got, f.Kind+" "+f.Severity+" "+f.Path)
	}
	return got, out, errOut
}
