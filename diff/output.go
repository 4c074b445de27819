package diff

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
)

// Formats lists the output formats the writers below implement.
var Formats = []string{"table", "json", "ndjson", "csv", "sarif"}

// Write writes fs in the named format (one of Formats). specs are used by
// the SARIF writer only.
func Write(w io.Writer, format string, fs []Finding, specs []*Spec) error {
	switch format {
	case "table":
		return WriteTable(w, fs)
	case "json":
		return WriteJSON(w, fs)
	case "ndjson":
		return WriteNDJSON(w, fs)
	case "csv":
		return WriteCSV(w, fs)
	case "sarif":
		return WriteSARIF(w, fs, specs)
	}
	return fmt.Errorf("diff: unknown format %q (valid: %s)", format, strings.Join(Formats, ", "))
}

// safeText replaces control characters (terminal escapes in a hostile Host
// header or path) with their Go escapes, for the table.
func safeText(s string) string {
	if strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || r == unicode.ReplacementChar }) < 0 {
		return s
	}
	q := strconv.QuoteToGraphic(s)
	return q[1 : len(q)-1]
}

func kindLabel(f *Finding) string {
	if f.ShadowType != "" {
		return f.Kind + " (" + f.ShadowType + ")"
	}
	return f.Kind
}

// WriteTable writes a human-readable, aligned table followed by a one-line
// count per severity.
func WriteTable(w io.Writer, fs []Finding) error {
	bw := bufio.NewWriter(w)
	if len(fs) == 0 {
		fmt.Fprintln(bw, "no findings")
		return bw.Flush()
	}
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SEVERITY\tKIND\tMETHOD\tPATH\tHOST\tHITS\tTITLE")
	var counts [len(severityNames)]int
	for i := range fs {
		f := &fs[i]
		if int(f.Severity) < len(counts) {
			counts[f.Severity]++
		}
		host := f.Host
		if host == "" {
			host = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", f.Severity, kindLabel(f), safeText(f.Method), safeText(f.Path),
			safeText(host), f.Evidence.Hits, safeText(f.Title))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	var parts []string
	for s := len(counts) - 1; s >= 0; s-- {
		if counts[s] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", counts[s], Severity(s)))
		}
	}
	fmt.Fprintf(bw, "\n%d findings: %s\n", len(fs), strings.Join(parts, ", "))
	return bw.Flush()
}

// WriteJSON writes the findings as one indented JSON array ("[]" when empty).
func WriteJSON(w io.Writer, fs []Finding) error {
	if fs == nil {
		fs = []Finding{}
	}
	b, err := json.MarshalIndent(fs, "", "  ")
	if err != nil {
		return err
	}
	b = append(b, '\n')
	_, err = w.Write(b)
	return err
}

// WriteNDJSON writes one JSON object per line.
func WriteNDJSON(w io.Writer, fs []Finding) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for i := range fs {
		if err := enc.Encode(&fs[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// csvHeader is the CSV column list.
var csvHeader = []string{"id", "severity", "kind", "shadow_type", "host", "method", "path", "title", "detail",
	"spec", "operation_id", "spec_path", "spec_line", "hits", "unauthenticated_hits", "unauthenticated_2xx",
	"clients", "first_seen", "last_seen"}

// csvSafe defuses spreadsheet formulas: observed hosts and paths come from
// the network.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func fmtTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// WriteCSV writes a header row and one row per finding.
func WriteCSV(w io.Writer, fs []Finding) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(csvHeader); err != nil {
		return err
	}
	for i := range fs {
		f := &fs[i]
		var opID, opPath, line string
		if f.Operation != nil {
			opID, opPath = f.Operation.OperationID, f.Operation.Path
			if f.Operation.Line > 0 {
				line = strconv.Itoa(f.Operation.Line)
			}
		}
		row := []string{f.ID, f.Severity.String(), f.Kind, f.ShadowType, f.Host, f.Method, f.Path, f.Title, f.Detail,
			f.Spec, opID, opPath, line,
			strconv.FormatUint(f.Evidence.Hits, 10), strconv.FormatUint(f.Evidence.UnauthenticatedHits, 10),
			strconv.FormatUint(f.Evidence.Unauthenticated2xx, 10), strconv.FormatUint(f.Evidence.Clients, 10),
			fmtTime(f.Evidence.FirstSeen), fmtTime(f.Evidence.LastSeen)}
		for j := range row {
			row[j] = csvSafe(row[j])
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SARIF 2.1.0 output.

// SARIFSchemaURI is the $schema the SARIF writer declares.
const SARIFSchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool      sarifTool       `json:"tool"`
	Artifacts []sarifArtifact `json:"artifacts,omitempty"`
	Results   []sarifResult   `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifArtifact struct {
	Location sarifArtifactLocation `json:"location"`
}

type sarifArtifactLocation struct {
	URI   string `json:"uri"`
	Index *int   `json:"index,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations,omitempty"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	Properties          map[string]any    `json:"properties"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifactLocation `json:"artifactLocation"`
	Region           *sarifRegion          `json:"region,omitempty"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

var ruleInfo = map[string]struct{ name, short, full string }{
	KindShadow: {"ShadowEndpoint", "Undocumented endpoint or method in traffic",
		"Traffic reached a route (or a method on a documented path) that no applicable API description documents. Undocumented routes escape review, testing and security controls."},
	KindUnauthenticated: {"UnauthenticatedAccess", "2xx answers to requests without credentials",
		"The endpoint answered successfully to requests that carried no credentials, although its description requires them (or it is undocumented)."},
	KindZombie: {"ZombieOperation", "Deprecated operation still called",
		"An operation marked deprecated in the description still receives traffic."},
	KindSensitiveDataOnShadow: {"SensitiveDataOnShadow", "Sensitive data served by an undocumented endpoint",
		"Responses of an undocumented endpoint carried sensitive data kinds (personal or financial data, secrets)."},
	KindUndocumentedQueryParam: {"UndocumentedQueryParameter", "Undocumented query parameter",
		"Requests used a query parameter the operation does not document."},
	KindUndocumentedStatus: {"UndocumentedStatus", "Undocumented response status",
		"The operation answered with a status code its description does not list (and it has no default response)."},
	KindUndocumentedContentType: {"UndocumentedContentType", "Undocumented content type",
		"A request or response used a media type the operation does not list."},
	KindPathValueOutOfSchema: {"PathValueOutOfSchema", "Path parameter value outside its schema",
		"A documented path parameter took values its schema (type, format, pattern, enum or bounds) rejects."},
	KindUnused: {"UnusedOperation", "Documented operation never seen",
		"No traffic matched a documented operation during the observation window."},
}

// sarifLevel maps a severity to a SARIF level.
func sarifLevel(s Severity) string {
	switch {
	case s >= SeverityHigh:
		return "error"
	case s == SeverityMedium:
		return "warning"
	}
	return "note"
}

// sarifURI turns a spec file name into a SARIF artifact URI: relative paths
// stay relative (slash-separated), absolute ones become file:// URIs.
func sarifURI(file string) string {
	p := filepath.ToSlash(file)
	if filepath.IsAbs(file) {
		if !strings.HasPrefix(p, "/") {
			p = "/" + p
		}
		return (&url.URL{Scheme: "file", Path: p}).String()
	}
	return (&url.URL{Path: p}).String()
}

// WriteSARIF writes a SARIF 2.1.0 log with one rule per finding kind. Each
// result points at its spec file, at the operation's line when it is known;
// findings with no spec point at the first applicable spec's file.
func WriteSARIF(w io.Writer, fs []Finding, specs []*Spec) error {
	run := sarifRun{
		Tool:    sarifTool{Driver: sarifDriver{Name: "shadowtap", InformationURI: "https://github.com/shadowtap/shadowtap"}},
		Results: []sarifResult{},
	}
	ruleIdx := map[string]int{}
	for _, k := range Kinds {
		ri := ruleInfo[k]
		ruleIdx[k] = len(run.Tool.Driver.Rules)
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, sarifRule{
			ID: k, Name: ri.name, ShortDescription: sarifText{ri.short}, FullDescription: sarifText{ri.full},
			DefaultConfiguration: sarifConfig{Level: sarifLevel(defaultSeverity[k])},
			Properties:           map[string]any{"tags": []string{"security", "api"}},
		})
	}
	artIdx := map[string]int{}
	addArt := func(file string) int {
		if i, ok := artIdx[file]; ok {
			return i
		}
		i := len(run.Artifacts)
		artIdx[file] = i
		run.Artifacts = append(run.Artifacts, sarifArtifact{Location: sarifArtifactLocation{URI: sarifURI(file)}})
		return i
	}
	for _, s := range specs {
		if s != nil {
			addArt(s.File)
		}
	}
	for i := range fs {
		f := &fs[i]
		ri, ok := ruleIdx[f.Kind]
		if !ok {
			ri = -1
		}
		r := sarifResult{
			RuleID: f.Kind, RuleIndex: ri, Level: sarifLevel(f.Severity),
			Message:             sarifText{Text: f.Title + ": " + f.Detail},
			PartialFingerprints: map[string]string{"shadowtapFindingId/v1": f.ID},
			Properties: map[string]any{
				"severity": f.Severity.String(), "host": f.Host, "method": f.Method, "path": f.Path,
				"hits": f.Evidence.Hits, "unauthenticated_2xx": f.Evidence.Unauthenticated2xx,
			},
		}
		if f.ShadowType != "" {
			r.Properties["shadow_type"] = f.ShadowType
		}
		file := f.Spec
		if file == "" && len(specs) > 0 && specs[0] != nil {
			file = specs[0].File
		}
		if file != "" {
			idx := addArt(file)
			loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifactLocation{URI: sarifURI(file), Index: &idx}}}
			if f.Operation != nil && f.Operation.Line > 0 && f.Operation.File == file {
				loc.PhysicalLocation.Region = &sarifRegion{StartLine: f.Operation.Line}
			}
			r.Locations = []sarifLocation{loc}
		}
		run.Results = append(run.Results, r)
	}
	b, err := json.MarshalIndent(sarifLog{Schema: SARIFSchemaURI, Version: "2.1.0", Runs: []sarifRun{run}}, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// defaultSeverity is each kind's usual severity (SARIF rule defaults; the
// finding's own severity may be higher, see SEVERITY.md).
var defaultSeverity = map[string]Severity{
	KindShadow: SeverityMedium, KindUnauthenticated: SeverityHigh, KindZombie: SeverityMedium,
	KindSensitiveDataOnShadow: SeverityHigh, KindUndocumentedQueryParam: SeverityLow,
	KindUndocumentedStatus: SeverityLow, KindUndocumentedContentType: SeverityLow, KindPathValueOutOfSchema: SeverityLow,
	KindUnused: SeverityInfo,
}
