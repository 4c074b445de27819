package diff

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func peopleFindings(t *testing.T) ([]Finding, []*Spec) {
	t.Helper()
	spec := mustLoad(t, "people-openapi.yaml")
	specs := []*Spec{spec}
	return Diff(peopleEndpoints(), specs, Options{}), specs
}

func TestGolden(t *testing.T) {
	fs, specs := peopleFindings(t)
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, format, fs, specs); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", "golden", "people."+format)
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(buf.Bytes(), want) {
				t.Errorf("%s output differs from %s (run go test -run TestGolden -update and review the diff)\ngot:\n%s", format, golden, buf.String())
			}
		})
	}
}

func TestWriteFormatsParse(t *testing.T) {
	fs, specs := peopleFindings(t)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, fs); err != nil {
		t.Fatal(err)
	}
	var back []Finding
	if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
		t.Fatalf("json does not read back: %v", err)
	}
	if len(back) != len(fs) || back[0].Severity != fs[0].Severity || back[0].ID != fs[0].ID {
		t.Errorf("json round trip lost data")
	}
	// The scorer reads kind/method/path/severity/host as lower-case keys.
	var raw []map[string]any
	_ = json.Unmarshal(buf.Bytes(), &raw)
	for _, k := range []string{"id", "kind", "method", "path", "severity", "host", "evidence"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("json finding lacks %q", k)
		}
	}
	if raw[0]["severity"] != "critical" {
		t.Errorf("severity marshals as %v", raw[0]["severity"])
	}

	buf.Reset()
	if err := WriteNDJSON(&buf, fs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != len(fs) {
		t.Errorf("ndjson: %d lines for %d findings", len(lines), len(fs))
	}

	buf.Reset()
	if err := WriteCSV(&buf, fs); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil || len(rows) != len(fs)+1 {
		t.Errorf("csv: %d rows, err %v", len(rows), err)
	}

	buf.Reset()
	if err := WriteJSON(&buf, nil); err != nil || buf.String() != "[]\n" {
		t.Errorf("empty json: %q %v", buf.String(), err)
	}
	buf.Reset()
	if err := WriteTable(&buf, nil); err != nil || buf.String() != "no findings\n" {
		t.Errorf("empty table: %q %v", buf.String(), err)
	}
	if err := Write(&buf, "xml", fs, specs); err == nil || !strings.Contains(err.Error(), "sarif") {
		t.Errorf("unknown format error should list the valid ones: %v", err)
	}
}

func TestHostileStrings(t *testing.T) {
	f := Finding{ID: "x", Kind: KindShadow, Host: "=cmd|' /C calc'!A0", Method: "GET", Path: "/a\x1b[31mred", Title: "t"}
	var buf bytes.Buffer
	if err := WriteTable(&buf, []Finding{f}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "\x1b") {
		t.Errorf("table passes a terminal escape through: %q", buf.String())
	}
	buf.Reset()
	if err := WriteCSV(&buf, []Finding{f}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "'=cmd") {
		t.Errorf("csv does not defuse a formula: %q", buf.String())
	}
}

func compileSARIFSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif-schema-2.1.0-subset.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("sarif.json")
	if err != nil {
		t.Fatal(err)
	}
	return sch
}

func TestSARIFValidates(t *testing.T) {
	sch := compileSARIFSchema(t)
	fs, specs := peopleFindings(t)
	cases := []struct {
		name  string
		fs    []Finding
		specs []*Spec
	}{
		{"people", fs, specs},
		{"empty", nil, specs},
		{"no_specs", fs, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := WriteSARIF(&buf, tc.fs, tc.specs); err != nil {
				t.Fatal(err)
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Errorf("SARIF does not validate: %v", err)
			}
		})
	}
	// The schema is not vacuous: a broken log fails.
	bad, _ := jsonschema.UnmarshalJSON(strings.NewReader(`{"version":"2.0.0","runs":[{"tool":{}}]}`))
	if sch.Validate(bad) == nil {
		t.Error("schema accepts an invalid log")
	}

	// Regions: the unused getBenefitPlan points at its line in the spec.
	var buf bytes.Buffer
	_ = WriteSARIF(&buf, fs, specs)
	var log struct {
		Runs []struct {
			Results []struct {
				RuleID    string `json:"ruleId"`
				Locations []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string } `json:"artifactLocation"`
						Region           *struct{ StartLine int }
					} `json:"physicalLocation"`
				} `json:"locations"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
		t.Fatal(err)
	}
	lines := map[int]bool{}
	for _, r := range log.Runs[0].Results {
		if len(r.Locations) != 1 || r.Locations[0].PhysicalLocation.ArtifactLocation.URI != "testdata/specs/people-openapi.yaml" {
			t.Errorf("result %s: locations %+v", r.RuleID, r.Locations)
			continue
		}
		if reg := r.Locations[0].PhysicalLocation.Region; reg != nil {
			lines[reg.StartLine] = true
		}
	}
	// get: under /benefits/plans/{planCode} is on line 484 of the spec.
	if !lines[484] {
		t.Errorf("no result at getBenefitPlan's line 484; lines %v", lines)
	}
}
