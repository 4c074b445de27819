package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/sensor"
	"github.com/shadowtap/shadowtap/storage"
)

// shadowtapTo runs the CLI in-process with stdout going to w.
func shadowtapTo(t *testing.T, w io.Writer, args ...string) (string, int) {
	t.Helper()
	var errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), w, &errb)
	return errb.String(), code
}

// fullWriter accepts n bytes, then fails like a full disk.
type fullWriter struct{ n int }

func (f *fullWriter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return len(p), nil
	}
	n := f.n
	f.n = 0
	return n, syscall.ENOSPC
}

// ingestSample ingests the sample capture into a new database.
func ingestSample(t *testing.T) string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "inv.db")
	if _, errOut, code := shadowtap(t, "ingest", "--db", db, samplePcap); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	return db
}

func TestOutputWriteErrors(t *testing.T) {
	db := ingestSample(t)
	cases := [][]string{
		{"exchanges", "--format", "ndjson", samplePcap},
		{"exchanges", samplePcap},
		// Small outputs stay in the buffer until the final flush.
		{"endpoints", "--db", db, "--host", "none.example"},
		{"endpoints", "--db", db, "--format", "csv", "--host", "none.example"},
		{"endpoints", "--db", db, "--format", "json"},
		{"endpoints", "--db", db, "--noise", "--format", "ndjson"},
		{"diff", "--db", db, "--spec", sampleSpec, "--format", "json"},
		{"diff", "--db", db, "--spec", sampleSpec, "--format", "ndjson", "--fail-on", "high"},
		{"export", "openapi", "--db", db},
		{"version"},
	}
	for _, args := range cases {
		for _, after := range []int{0, 10} {
			errOut, code := shadowtapTo(t, &fullWriter{n: after}, args...)
			if code != exitError || !strings.Contains(errOut, "shadowtap: error: writing output: ") || !strings.Contains(errOut, "no space left on device") {
				t.Errorf("%q to a writer failing after %d bytes: exit %d, stderr %q", args, after, code, errOut)
			}
		}
	}
}

func TestOutputDevFull(t *testing.T) {
	f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0)
	if err != nil {
		t.Skip("no /dev/full:", err)
	}
	defer f.Close()
	db := ingestSample(t)
	for _, args := range [][]string{
		{"exchanges", "--format", "ndjson", samplePcap},
		{"endpoints", "--db", db, "--host", "none.example"},
		{"diff", "--db", db, "--spec", sampleSpec, "--min-severity", "critical"},
	} {
		errOut, code := shadowtapTo(t, f, args...)
		if code != exitError || !strings.Contains(errOut, "writing output") {
			t.Errorf("%q > /dev/full: exit %d, stderr %q", args, code, errOut)
		}
	}
}

func TestUnknownSubcommandsAndArgs(t *testing.T) {
	for _, args := range [][]string{
		{"export", "bogus"},
		{"help", "bogus"},
		{"help", "export", "bogus"},
		{"completion", "bogus"},
		{"bogus"},
		{"version", "bogus"},
	} {
		out, errOut, code := shadowtap(t, args...)
		if code != exitError || !strings.Contains(errOut, `"bogus"`) {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	// Every command that only groups others refuses an unknown one.
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sc := range c.Commands() {
			walk(sc)
		}
		if !c.HasSubCommands() || c.Name() == "help" {
			return
		}
		path := strings.Fields(c.CommandPath())[1:]
		if _, errOut, code := shadowtap(t, append(path, "bogus")...); code != exitError {
			t.Errorf("%s bogus: exit %d, stderr %q", c.CommandPath(), code, errOut)
		}
	}
	walk(newRootCmd(nil, io.Discard, io.Discard))
	// Asking for help still works and exits 0.
	for _, args := range [][]string{{"help"}, {"help", "export"}, {"help", "export", "openapi"}, {"export"}, {"--help"}} {
		out, errOut, code := shadowtap(t, args...)
		if code != 0 || !strings.Contains(out, "Usage:") {
			t.Errorf("%q: exit %d, stdout %q, stderr %q", args, code, out, errOut)
		}
	}
	_, errOut, _ := shadowtap(t, "export", "bogus")
	if !strings.Contains(errOut, "openapi") {
		t.Errorf("export bogus does not name the valid subcommands: %q", errOut)
	}
}

func TestVersionFlagAndHints(t *testing.T) {
	out, errOut, code := shadowtap(t, "--version")
	vout, _, _ := shadowtap(t, "version")
	if code != 0 || out != vout || !strings.HasPrefix(out, "shadowtap ") {
		t.Errorf("--version: exit %d, stdout %q (version: %q), stderr %q", code, out, vout, errOut)
	}
	for args, want := range map[string]string{
		"--bogus":                          "see 'shadowtap --help'",
		"ingest --bogus":                   "see 'shadowtap ingest --help'",
		"export openapi --bogus":           "see 'shadowtap export openapi --help'",
		"exchanges --port x " + samplePcap: "see 'shadowtap exchanges --help'",
	} {
		_, errOut, code := shadowtap(t, strings.Fields(args)...)
		if code != exitError || !strings.Contains(errOut, want) {
			t.Errorf("%s: exit %d, stderr %q, want %q", args, code, errOut, want)
		}
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	defer func(v string, f func() (*debug.BuildInfo, bool)) { version, readBuildInfo = v, f }(version, readBuildInfo)
	bi := &debug.BuildInfo{Main: debug.Module{Path: "github.com/shadowtap/shadowtap", Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-01-02T03:04:05Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	readBuildInfo = func() (*debug.BuildInfo, bool) { return bi, true }
	want := "shadowtap v1.4.0 (rev 0123456789ab, 2026-01-02T03:04:05Z, modified)\n"
	for _, args := range [][]string{{"version"}, {"--version"}} {
		if out, _, _ := shadowtap(t, args...); out != want {
			t.Errorf("%q: %q, want %q", args, out, want)
		}
	}
	// A local build: no module version, a clean tree.
	bi.Main.Version = "(devel)"
	bi.Settings = bi.Settings[:2]
	if out, _, _ := shadowtap(t, "version"); out != "shadowtap devel (rev 0123456789ab, 2026-01-02T03:04:05Z)\n" {
		t.Errorf("devel build: %q", out)
	}
	// -ldflags -X main.version wins.
	version = "1.5.0"
	if out, _, _ := shadowtap(t, "version"); out != "shadowtap 1.5.0\n" {
		t.Errorf("ldflags version: %q", out)
	}
}

func TestIngestFailedFiles(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pcap")
	empty := filepath.Join(dir, "empty.pcap")
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(text, []byte("these are not packets, just some words in a file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "inv.db")
	_, errOut, code := shadowtap(t, "ingest", "--db", db, missing, empty, text, samplePcap)
	if code != exitError {
		t.Errorf("exit %d, want 1", code)
	}
	for _, name := range []string{missing, empty, text} {
		if strings.Contains(errOut, "shadowtap: "+name+"\n") {
			t.Errorf("counter block printed for %s, which failed to open:\n%s", name, errOut)
		}
		if !strings.Contains(errOut, name) {
			t.Errorf("no error names %s:\n%s", name, errOut)
		}
	}
	if n := strings.Count(errOut, "  packets "); n != 1 {
		t.Errorf("%d counter blocks, want 1 (the sample's):\n%s", n, errOut)
	}
	if !strings.Contains(errOut, "shadowtap: ingested 1 file(s) into ") || !strings.Contains(errOut, "; 3 failed") {
		t.Errorf("summary line does not count only the ingested file and say 3 failed:\n%s", errOut)
	}
	if strings.Contains(errOut, "everything before it was ingested") {
		t.Errorf("a file that never opened is said to be partly ingested:\n%s", errOut)
	}

	// A capture cut short: its error comes first, then what was read.
	data, err := os.ReadFile(samplePcap)
	if err != nil {
		t.Fatal(err)
	}
	cut := filepath.Join(dir, "cut.pcap")
	if err := os.WriteFile(cut, data[:len(data)/2+7], 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code = shadowtap(t, "ingest", "--db", filepath.Join(dir, "cut.db"), cut)
	e, b := strings.Index(errOut, "offset"), strings.Index(errOut, "  packets ")
	if code != exitError || e < 0 || b < 0 || e > b || !strings.Contains(errOut, "ingested 0 file(s)") || !strings.Contains(errOut, "; 1 failed") {
		t.Errorf("cut capture: exit %d, stderr:\n%s", code, errOut)
	}

	// Re-ingesting counts the capture as skipped, not ingested.
	_, errOut, code = shadowtap(t, "ingest", "--db", db, samplePcap)
	if code != 0 || !strings.Contains(errOut, "ingested 0 file(s)") || !strings.Contains(errOut, "; 1 skipped") {
		t.Errorf("re-ingest: exit %d, stderr:\n%s", code, errOut)
	}
}

func TestBPFFileRefusedWithFiles(t *testing.T) {
	prog := filepath.Join(t.TempDir(), "tcp.bpf")
	if err := os.WriteFile(prog, []byte("1\n6 0 0 262144\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(t.TempDir(), "inv.db")
	for _, args := range [][]string{
		{"exchanges", "--bpf-file", prog, samplePcap},
		{"ingest", "--db", db, "--bpf-file", prog, samplePcap},
		{"scan", "--spec", sampleSpec, "--bpf-file", prog, samplePcap},
	} {
		out, errOut, code := shadowtap(t, args...)
		if code != exitError || out != "" || !strings.Contains(errOut, "--bpf-file") || !strings.Contains(errOut, "--interface") {
			t.Errorf("%q: exit %d, %d bytes of output, stderr %q", args, code, len(out), errOut)
		}
	}
	if _, err := os.Stat(db); err == nil {
		t.Error("ingest created the database before refusing --bpf-file")
	}
}

// sensorHoldingDB makes db look held by a running sensor, as far as a client
// command can tell: the database locked, and a discovery file naming an API
// (this process's pid) that answers only the bearer token "s3cret".
func sensorHoldingDB(t *testing.T, db string) {
	t.Helper()
	held, err := storage.Open(db, storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { held.Close() })
	eps := []inventory.Endpoint{{Host: "live.example.test", Method: "GET", Path: "/v1/items", Hits: 3,
		Statuses: map[string]uint64{"200": 3}}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Header.Get("Authorization") != "Bearer s3cret" {
			w.WriteHeader(http.StatusUnauthorized)
			io.WriteString(w, `{"error":"missing or wrong bearer token"}`)
			return
		}
		if r.URL.Path != "/api/v1/endpoints" {
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"error":"not found"}`)
			return
		}
		json.NewEncoder(w).Encode(eps)
	}))
	t.Cleanup(srv.Close)
	u, _ := url.Parse(srv.URL)
	if err := sensor.WriteDiscovery(db, sensor.Discovery{Addr: u.Host, PID: os.Getpid(), TokenRequired: true, Started: time.Now()}); err != nil {
		t.Fatal(err)
	}
}

// TestAPITokenFileFlag: the client commands take the sensor's token file
// as --api-token-file; $SHADOWTAP_API_TOKEN_FILE stays the fallback and the
// flag wins over it.
func TestAPITokenFileFlag(t *testing.T) {
	db := ingestSample(t)
	sensorHoldingDB(t, db)
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good.token"), filepath.Join(dir, "bad.token")
	os.WriteFile(good, []byte("s3cret\n"), 0o600)
	os.WriteFile(bad, []byte("wrong\n"), 0o600)

	for _, tc := range []struct {
		name, env string
		args      []string
		code      int
		want      string
	}{
		{"flag", "", []string{"endpoints", "--db", db, "--api-token-file", good}, 0, "/v1/items"},
		{"flag wins over the environment", bad, []string{"endpoints", "--db", db, "--api-token-file", good}, 0, "/v1/items"},
		{"environment as fallback", good, []string{"endpoints", "--db", db}, 0, "/v1/items"},
		{"neither", "", []string{"endpoints", "--db", db}, exitError, "requires a token"},
		{"diff", "", []string{"diff", "--db", db, "--spec", sampleSpec, "--format", "json", "--api-token-file", good}, 0, "/v1/items"},
		{"export openapi", "", []string{"export", "openapi", "--db", db, "--api-token-file", good}, 0, "/v1/items"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(apiTokenFileEnv, tc.env)
			out, errOut, code := shadowtap(t, tc.args...)
			if code != tc.code || !strings.Contains(out+errOut, tc.want) {
				t.Errorf("%q: exit %d (want %d), stdout %q, stderr %q, want %q", tc.args, code, tc.code, out, errOut, tc.want)
			}
			if got := os.Getenv(apiTokenFileEnv); got != tc.env {
				t.Errorf("$%s is %q after the command, was %q", apiTokenFileEnv, got, tc.env)
			}
		})
	}
	for _, cmd := range [][]string{{"endpoints"}, {"diff"}, {"export", "openapi"}} {
		out, _, _ := shadowtap(t, append(cmd, "--help")...)
		if !strings.Contains(out, "--api-token-file file") || !strings.Contains(out, "$SHADOWTAP_API_TOKEN_FILE") {
			t.Errorf("%s --help does not document --api-token-file:\n%s", cmd, out)
		}
	}
}

// TestIPFilterFlag: the traffic commands filter by IP address with --ip;
// --host still works there, hidden, with one warning line on stderr, while
// endpoints keeps --host for host names.
func TestIPFilterFlag(t *testing.T) {
	// Every exchange of the sample is between 127.0.0.1 and itself.
	for _, tc := range []struct {
		args []string
		n    int
		warn bool
	}{
		{[]string{"--ip", "127.0.0.1"}, 1547, false},
		{[]string{"--ip", "192.0.2.1"}, 0, false},
		{[]string{"--ip", "192.0.2.1,127.0.0.1"}, 1547, false},
		{[]string{"--host", "127.0.0.1"}, 1547, true},
		{[]string{"--host", "192.0.2.1"}, 0, true},
		{[]string{"--ip", "192.0.2.1", "--host", "127.0.0.1"}, 1547, true},
	} {
		args := append([]string{"exchanges", "--format", "ndjson", samplePcap}, tc.args...)
		out, errOut, code := shadowtap(t, args...)
		if n := strings.Count(out, "\n"); code != 0 || n != tc.n {
			t.Errorf("%q: exit %d, %d exchanges, want %d; stderr %q", tc.args, code, n, tc.n, errOut)
		}
		warns := strings.Count(errOut, "shadowtap: warning: --host is deprecated on 'shadowtap exchanges', use --ip")
		if (tc.warn && warns != 1) || (!tc.warn && warns != 0) || strings.Contains(out, "deprecated") {
			t.Errorf("%q: %d deprecation warnings on stderr (want one: %v), stderr %q", tc.args, warns, tc.warn, errOut)
		}
	}
	db := filepath.Join(t.TempDir(), "inv.db")
	_, errOut, code := shadowtap(t, "ingest", "--db", db, "--host", "192.0.2.1", samplePcap)
	if code != 0 || !strings.Contains(errOut, "--host is deprecated on 'shadowtap ingest'") || !strings.Contains(errOut, "  filtered ") {
		t.Errorf("ingest --host: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = shadowtap(t, "scan", "--spec", sampleSpec, "--ip", "api.example.com", samplePcap)
	if code != exitError || !strings.Contains(errOut, `--ip "api.example.com": not an IP address`) || !strings.Contains(errOut, "endpoints --host") {
		t.Errorf("scan --ip NAME: exit %d, stderr %q", code, errOut)
	}
	for _, cmd := range []string{"exchanges", "ingest", "scan", "run"} {
		out, _, _ := shadowtap(t, cmd, "--help")
		if !strings.Contains(out, "--ip address") || strings.Contains(out, "--host") {
			t.Errorf("%s --help: --ip not listed or --host listed:\n%s", cmd, out)
		}
	}
	// On endpoints --host is the host name, with no warning.
	ingestDB := ingestSample(t)
	out, errOut, code := shadowtap(t, "endpoints", "--db", ingestDB, "--host", "hr.brightlane.example", "--format", "ndjson")
	if code != 0 || strings.Count(out, "\n") != 30 || errOut != "" {
		t.Errorf("endpoints --host: exit %d, %d endpoints, stderr %q", code, strings.Count(out, "\n"), errOut)
	}
	// run shares the flags: --ip must reach its filter.
	var o runOptions
	fs := pflag.NewFlagSet("run", pflag.ContinueOnError)
	o.addFlags(fs)
	if err := fs.Parse([]string{"--interface", "lo", "--db", db, "--ip", "10.0.0.1"}); err != nil {
		t.Fatal(err)
	}
	cfg, err := o.config(fs)
	if err != nil || len(cfg.Filter.Hosts) != 1 || cfg.Filter.Hosts[0].String() != "10.0.0.1" {
		t.Errorf("run --ip 10.0.0.1: filter hosts %v, err %v", cfg.Filter.Hosts, err)
	}
}

// fakeLive is a live capture without an interface: the sample's frames,
// then, like capture.Live, a read that blocks until Close (or fails with
// failErr). Its kernel counters, like a real socket's, are gone once closed.
type fakeLive struct {
	capture.Source
	failErr error
	idle    chan struct{} // closed when every frame was read
	closed  chan struct{}
	once    sync.Once
}

func newFakeLive(t *testing.T, failErr error) *fakeLive {
	src, err := capture.OpenFiles(samplePcap)
	if err != nil {
		t.Fatal(err)
	}
	return &fakeLive{Source: src, failErr: failErr, idle: make(chan struct{}), closed: make(chan struct{})}
}

func (f *fakeLive) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	data, ci, lt, err := f.Source.ReadPacket()
	if err != io.EOF {
		return data, ci, lt, err
	}
	if f.failErr != nil {
		return nil, ci, 0, f.failErr
	}
	close(f.idle)
	<-f.closed
	return nil, ci, 0, io.EOF
}

func (f *fakeLive) Close() error {
	f.once.Do(func() { close(f.closed) })
	return nil
}

func (f *fakeLive) Stats() (capture.LiveStats, error) {
	select {
	case <-f.closed:
		return capture.LiveStats{}, capture.ErrClosed
	default:
		return capture.LiveStats{Packets: 5747, Drops: 3}, nil
	}
}

// TestLiveExchangesInterrupted: live exchanges stopped by SIGINT/SIGTERM
// (the canceled context main's signal.NotifyContext gives) prints its
// summary with the kernel counters, then exits 130.
func TestLiveExchangesInterrupted(t *testing.T) {
	defer func(f func(string, capture.LiveOptions) (liveSource, error)) { openLive = f }(openLive)
	var fake *fakeLive
	openLive = func(iface string, _ capture.LiveOptions) (liveSource, error) {
		if iface != "mirror0" {
			t.Errorf("opened %q", iface)
		}
		return fake, nil
	}

	fake = newFakeLive(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { <-fake.idle; cancel() }()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"exchanges", "--interface", "mirror0", "--format", "ndjson"}, strings.NewReader(""), &out, &errb)
	errOut := errb.String()
	if code != exitInterrupted {
		t.Errorf("exit %d, want %d", code, exitInterrupted)
	}
	if n := strings.Count(out.String(), "\n"); n != 1547 {
		t.Errorf("%d exchanges, want 1547", n)
	}
	s, k, i := strings.Index(errOut, "  exchanges "), strings.Index(errOut, "  kernel_drops                     3\n"), strings.Index(errOut, "shadowtap: interrupted")
	if s < 0 || k < s || i < k || !strings.Contains(errOut, "  kernel_packets                   5747\n") {
		t.Errorf("want the summary, then the kernel counters, then 'interrupted':\n%s", errOut)
	}

	// A capture error ends the read with the socket open: exit 1, and the
	// counters are still printed.
	fake = newFakeLive(t, &capture.CaptureError{File: "mirror0", Err: errors.New("network is down")})
	_, errOut, code = shadowtap(t, "exchanges", "--interface", "mirror0", "--format", "ndjson")
	if code != exitError || !strings.Contains(errOut, "network is down") || !strings.Contains(errOut, "  kernel_drops ") {
		t.Errorf("capture error: exit %d, stderr:\n%s", code, errOut)
	}
}

// TestProgressLineEnded: the progress bar's line is ended before anything
// else is printed, also when it never reached 100%, and nothing is drawn
// after that.
func TestProgressLineEnded(t *testing.T) {
	for _, tc := range []struct {
		name        string
		read, total int64
	}{
		{"partial", 500, 1000},
		{"stdin, size unknown", 123456, 0},
		{"complete", 1000, 1000},
	} {
		var buf bytes.Buffer
		update, finish := progressPrinter(&buf)
		update(tc.read, tc.total)
		finish()
		if got := buf.String(); !strings.HasSuffix(got, "MB/s\n") {
			t.Errorf("%s: %q, want the bar's line ended once", tc.name, got)
		}
		n := buf.Len()
		update(tc.read+1, tc.total) // ingest's last update may come late
		finish()
		if buf.Len() != n {
			t.Errorf("%s: output after finish: %q", tc.name, buf.String()[n:])
		}
	}

	// Through ingest, on a terminal: no message shares a line with the bar.
	defer func(f func(io.Writer) bool) { isTerminal = f }(isTerminal)
	isTerminal = func(io.Writer) bool { return true }
	data, err := os.ReadFile(samplePcap)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cut := filepath.Join(dir, "cut.pcap")
	if err := os.WriteFile(cut, data[:len(data)/2+7], 0o644); err != nil {
		t.Fatal(err)
	}
	_, errOut, code := shadowtap(t, "ingest", "--db", filepath.Join(dir, "inv.db"), cut)
	if code != exitError || !strings.HasSuffix(errOut, "\n") {
		t.Errorf("exit %d, stderr %q", code, errOut)
	}
	for _, line := range strings.Split(errOut, "\n") {
		if strings.Contains(line, "MB/s") && strings.Contains(line, "shadowtap:") {
			t.Errorf("a message shares the progress bar's line: %q", line)
		}
	}
}
