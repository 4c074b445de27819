package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"

	"github.com/spf13/cobra"
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
