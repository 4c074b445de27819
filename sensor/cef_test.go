package sensor

import (
	"strings"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/diff"
)

func TestCEFEscape(t *testing.T) {
	tests := []struct {
		name, in, header, ext string
	}{
		{"plain", "GET /users", "GET /users", "GET /users"},
		{"pipe", "a|b", `a\|b`, "a|b"},
		{"backslash", `a\b`, `a\\b`, `a\\b`},
		{"equals", "a=b", "a=b", `a\=b`},
		{"newline", "a\nb", "a b", `a\nb`},
		{"crlf", "a\r\nb", "a b", `a\nb`},
		{"cr", "a\rb", "a b", `a\rb`},
		{"all", "x|y\\z=w\n", `x\|y\\z=w `, `x|y\\z\=w\n`},
		{"backslash_before_pipe", `\|`, `\\\|`, `\\|`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CEFHeaderEscape(tt.in); got != tt.header {
				t.Errorf("CEFHeaderEscape(%q) = %q, want %q", tt.in, got, tt.header)
			}
			if got := CEFExtensionEscape(tt.in); got != tt.ext {
				t.Errorf("CEFExtensionEscape(%q) = %q, want %q", tt.in, got, tt.ext)
			}
		})
	}
}

func TestFormatCEF(t *testing.T) {
	now := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	f := testFinding("f1", "shadow", "high", "api.example.com", "GET", "/admin/users/{userId}")
	f.Title = "Undocumented endpoint | admin"
	f.Detail = "not in spec a=b\nsecond line \\ end"
	f.Spec = "openapi.yaml"
	setHits(&f, 42)
	got := FormatCEF(f, now)
	want := `CEF:0|shadowtap|shadowtap|dev|shadow|Undocumented endpoint \| admin|8|` +
		`rt=1795762800000 externalId=f1 dhost=api.example.com requestMethod=GET request=/admin/users/{userId} ` +
		`cs1Label=findingId cs1=f1 cs2Label=kind cs2=shadow cs3Label=severity cs3=high cs4Label=spec cs4=openapi.yaml ` +
		`cs5Label=status cs5=open cnt=42 msg=not in spec a\=b\nsecond line \\ end`
	if got != want {
		t.Errorf("FormatCEF:\n got %s\nwant %s", got, want)
	}
	if strings.ContainsAny(got, "\r\n") {
		t.Errorf("CEF event holds a raw newline: %q", got)
	}
}

// TestFormatCEFResolved: a resolution has its own signature id and name,
// the status in cs5 and its time in end; one whose finding values are gone
// carries the id alone.
func TestFormatCEFResolved(t *testing.T) {
	now := time.Date(2026, 11, 27, 7, 0, 0, 0, time.UTC)
	f := testFinding("f1", "unused", "info", "api.example.com", "GET", "/health")
	f.Title = "Documented operation never seen: GET /health"
	got := FormatCEFEvent(Event{Finding: f, Status: StatusResolved, ResolvedAt: now.Add(-time.Minute)}, now)
	want := `CEF:0|shadowtap|shadowtap|dev|unused:resolved|Documented operation never seen: GET /health (resolved)|1|` +
		`rt=1795762800000 end=1795762740000 externalId=f1 dhost=api.example.com requestMethod=GET request=/health ` +
		`cs1Label=findingId cs1=f1 cs2Label=kind cs2=unused cs3Label=severity cs3=info cs5Label=status cs5=resolved cnt=0`
	if got != want {
		t.Errorf("resolved:\n got %s\nwant %s", got, want)
	}
	got = FormatCEFEvent(Event{Finding: diff.Finding{ID: "f2"}, Status: StatusResolved, ResolvedAt: now}, now)
	want = `CEF:0|shadowtap|shadowtap|dev|resolved|Finding resolved|1|rt=1795762800000 end=1795762800000 externalId=f2 ` +
		`cs1Label=findingId cs1=f2 cs5Label=status cs5=resolved`
	if got != want {
		t.Errorf("resolved by id only:\n got %s\nwant %s", got, want)
	}
}

func TestCEFSeverity(t *testing.T) {
	for sev, want := range map[string]int{"info": 1, "low": 3, "medium": 5, "high": 8, "critical": 10, "odd": 5} {
		if got := cefSeverity(sev); got != want {
			t.Errorf("cefSeverity(%q) = %d, want %d", sev, got, want)
		}
	}
}

// maxFuzzCEF bounds FuzzCEF's three strings together (see there).
const maxFuzzCEF = 256

// FuzzCEF checks that no input produces an event with a raw newline, an
// unescaped pipe in the header or an unescaped '=' in an extension value.
func FuzzCEF(f *testing.F) {
	f.Add("shadow", "title|x", "a=b\nc\\")
	f.Add("", "", "")
	f.Fuzz(func(t *testing.T, kind, title, detail string) {
		// Escaping is per character: 256 bytes hold every special one and their pairs; longer inputs stalled minimisation.
		if len(kind)+len(title)+len(detail) > maxFuzzCEF {
			return
		}
		fd := testFinding("id", kind, "low", "h", "GET", "/p")
		fd.Title, fd.Detail = title, detail
		got := FormatCEF(fd, time.Unix(0, 0))
		if strings.ContainsAny(got, "\r\n") {
			t.Fatalf("raw newline in %q", got)
		}
		// Unescape the header: it must split into exactly 8 fields.
		fields := splitCEFHeader(got)
		if len(fields) != 8 {
			t.Fatalf("header has %d fields: %q", len(fields), got)
		}
		msg := fields[7][strings.LastIndex(fields[7], " msg=")+len(" msg="):]
		if detail != "" && unescapeCEFExt(msg) != strings.NewReplacer("\r\n", "\n").Replace(detail) {
			if !strings.Contains(detail, "\r") {
				t.Fatalf("msg round trip: got %q from %q", unescapeCEFExt(msg), detail)
			}
		}
	})
}

// splitCEFHeader splits on unescaped pipes, at most 8 fields.
func splitCEFHeader(s string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if len(out) < 7 && c == '\\' && i+1 < len(s) {
			cur.WriteByte(c)
			cur.WriteByte(s[i+1])
			i++
			continue
		}
		if len(out) < 7 && c == '|' {
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		cur.WriteByte(c)
	}
	return append(out, cur.String())
}

func unescapeCEFExt(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) {
			i++
			switch s[i] {
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			default:
				b.WriteByte(s[i])
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
