package sensor

import (
	"strconv"
	"strings"
	"time"

	"github.com/shadowtap/shadowtap/diff"
)

// ProductVersion is reported as the device version in CEF events and as the
// webhook's User-Agent. The CLI may set it at start-up (before Run).
var ProductVersion = "dev"

// cefHeaderEscaper escapes a CEF header field: backslash and pipe are
// escaped; CR and LF are not allowed in a header and become spaces.
var cefHeaderEscaper = strings.NewReplacer(`\`, `\\`, `|`, `\|`, "\r\n", " ", "\n", " ", "\r", " ")

// cefExtEscaper escapes a CEF extension value: backslash and equals sign are
// escaped, CR and LF become the two-character sequences \r and \n. A pipe
// needs no escape in extensions.
var cefExtEscaper = strings.NewReplacer(`\`, `\\`, `=`, `\=`, "\r\n", `\n`, "\n", `\n`, "\r", `\r`)

// CEFHeaderEscape escapes s for use in a CEF header field.
func CEFHeaderEscape(s string) string { return cefHeaderEscaper.Replace(s) }

// CEFExtensionEscape escapes s for use as a CEF extension value.
func CEFExtensionEscape(s string) string { return cefExtEscaper.Replace(s) }

// cefSeverity maps a finding severity to CEF's 0-10 scale.
func cefSeverity(sev string) int {
	switch strings.ToLower(sev) {
	case "info":
		return 1
	case "low":
		return 3
	case "medium":
		return 5
	case "high":
		return 8
	case "critical":
		return 10
	}
	return 5
}

// FormatCEF renders one finding as an ArcSight CEF:0 event (no syslog
// header), as FormatCEFEvent renders it open.
func FormatCEF(f diff.Finding, now time.Time) string {
	return FormatCEFEvent(Event{Finding: f, Status: StatusOpen}, now)
}

// FormatCEFEvent renders one event as an ArcSight CEF:0 event (no syslog
// header), for example:
//
//	CEF:0|shadowtap|shadowtap|dev|shadow|Undocumented endpoint|5|rt=... dhost=api.example.com requestMethod=GET request=/users/{userId} ...
//
// The signature id is the finding kind; the name its title (or kind). The
// extension carries the finding id (externalId and cs1), host, method, path,
// kind (cs2), severity label (cs3), spec file (cs4), status (cs5: open or
// resolved), hit count (cnt) and detail (msg). A resolution has its own
// signature id, the kind followed by ":resolved" (a SIEM rule on the kind
// does not match it), its name ends in " (resolved)" and end holds its
// time; one whose finding values are gone carries the id alone, under
// signature id "resolved". Header fields escape \ and |, extension values
// \ and = and encode newlines as \n, per the CEF specification. now is the
// event time (rt, milliseconds since the epoch).
func FormatCEFEvent(e Event, now time.Time) string {
	f := e.Finding
	var b strings.Builder
	name := f.Title
	if name == "" {
		name = f.Kind
	}
	sig := f.Kind
	status := e.Status
	if status == "" {
		status = StatusOpen
	}
	// idOnly: a resolution whose finding values are gone.
	idOnly := e.Resolved() && f.Kind == ""
	switch {
	case idOnly:
		sig, name = "resolved", "Finding resolved"
	case e.Resolved():
		sig, name = sig+":resolved", name+" (resolved)"
	}
	sev := f.Severity.String()
	b.WriteString("CEF:0|shadowtap|shadowtap|")
	b.WriteString(CEFHeaderEscape(ProductVersion))
	b.WriteByte('|')
	b.WriteString(CEFHeaderEscape(sig))
	b.WriteByte('|')
	b.WriteString(CEFHeaderEscape(name))
	b.WriteByte('|')
	b.WriteString(strconv.Itoa(cefSeverity(sev)))
	b.WriteByte('|')
	first := true
	ext := func(k, v string) {
		if v == "" {
			return
		}
		if !first {
			b.WriteByte(' ')
		}
		first = false
		b.WriteString(k)
		b.WriteByte('=')
		b.WriteString(CEFExtensionEscape(v))
	}
	ext("rt", strconv.FormatInt(now.UnixMilli(), 10))
	if e.Resolved() && !e.ResolvedAt.IsZero() {
		ext("end", strconv.FormatInt(e.ResolvedAt.UnixMilli(), 10))
	}
	ext("externalId", f.ID)
	ext("dhost", f.Host)
	ext("requestMethod", f.Method)
	ext("request", f.Path)
	ext("cs1Label", "findingId")
	ext("cs1", f.ID)
	if !idOnly {
		ext("cs2Label", "kind")
		ext("cs2", f.Kind)
		ext("cs3Label", "severity")
		ext("cs3", sev)
	}
	if f.Spec != "" {
		ext("cs4Label", "spec")
		ext("cs4", f.Spec)
	}
	ext("cs5Label", "status")
	ext("cs5", status)
	if !idOnly {
		ext("cnt", strconv.FormatUint(f.Evidence.Hits, 10))
	}
	ext("msg", f.Detail)
	return b.String()
}
