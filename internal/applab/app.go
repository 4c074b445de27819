package applab

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// App is the content of lab/apps/NAME/app.json.
type App struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Ecosystem string `json:"ecosystem"`
	Ports     []int  `json:"ports"`
	Spec      string `json:"spec"`
	BasePath  string `json:"base_path"`
}

// Input names the files of one labelling run.
type Input struct {
	Dir     string // the application folder (lab/apps/NAME)
	App     App
	Spec    string // spec file
	Routes  string // routes.txt, or routes.txt.zst
	Capture string // clean capture (pcap or pcapng; zstd, gzip or not compressed)
}

// ReadApp reads an application folder: app.json, its spec, routes.txt (or
// routes.txt.zst: the larger route tables are stored compressed, as the
// larger specs are) and capture.pcap.zst (or .gz, or capture.pcap /
// capture.pcapng).
func ReadApp(dir string) (*Input, error) {
	b, err := os.ReadFile(filepath.Join(dir, "app.json"))
	if err != nil {
		return nil, err
	}
	in := &Input{Dir: dir}
	if err := json.Unmarshal(b, &in.App); err != nil {
		return nil, fmt.Errorf("app.json: %w", err)
	}
	if in.App.Name == "" {
		in.App.Name = filepath.Base(dir)
	}
	if in.App.Spec == "" {
		return nil, errors.New("app.json: no spec")
	}
	in.Spec = filepath.Join(dir, in.App.Spec)
	if in.Routes = findRoutes(dir); in.Routes == "" {
		return nil, fmt.Errorf("%s: no routes.txt", dir)
	}
	if in.Capture = findCapture(dir); in.Capture == "" {
		return nil, fmt.Errorf("%s: no capture.pcap.zst", dir)
	}
	return in, nil
}

// findRoutes returns the path of an application folder's route table, or
// "". A plain routes.txt wins: routes.sh writes one.
func findRoutes(dir string) string {
	for _, n := range []string{"routes.txt", "routes.txt.zst"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return filepath.Join(dir, n)
		}
	}
	return ""
}

// findCapture returns the path of an application folder's capture, or "".
func findCapture(dir string) string {
	for _, n := range []string{"capture.pcap.zst", "capture.pcap.gz", "capture.pcapng.zst", "capture.pcapng.gz", "capture.pcap", "capture.pcapng"} {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return filepath.Join(dir, n)
		}
	}
	return ""
}

// Result is everything a labelling run produced.
type Result struct {
	Input     *Input
	Capture   *Capture
	Labelled  *Labelled
	Protected map[int]bool
	Cut       int // connections cut in the mid-stream variant
}

// Run reads and labels the input.
func Run(in *Input) (*Result, error) {
	spec, err := LoadSpec(in.Spec, in.App.BasePath)
	if err != nil {
		return nil, err
	}
	routes, err := ReadRoutesFile(in.Routes)
	if err != nil {
		return nil, err
	}
	if len(routes) == 0 {
		return nil, fmt.Errorf("%s: no routes", in.Routes)
	}
	c, err := ReadCaptureFile(in.Capture)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Capture, err)
	}
	xs := c.Exchanges()
	if len(in.App.Ports) > 0 {
		ports := map[uint16]bool{}
		for _, p := range in.App.Ports {
			ports[uint16(p)] = true
		}
		var keep []*Exchange
		for _, x := range xs {
			if ports[c.Conns[x.Conn].Server.Port()] {
				keep = append(keep, x)
			}
		}
		if len(keep) > 0 {
			xs = keep
		}
	}
	if len(xs) == 0 {
		return nil, fmt.Errorf("%s: no HTTP requests found", in.Capture)
	}
	l := Label(in.App.Name, xs, routes, spec)
	t := l.Truth
	t.Seed = Seed
	t.Description = strings.TrimSpace(fmt.Sprintf("%s %s (%s), recorded in the real-application lab; truth from routes.txt and the published spec by internal/applab",
		in.App.Name, in.App.Version, in.App.Ecosystem))
	t.Spec = "openapi" + specExt(in.Spec)
	return &Result{Input: in, Capture: c, Labelled: l, Protected: Protected(l, c)}, nil
}

// specExt is the spec's extension (.json, .yaml, ...), under a
// compression suffix.
func specExt(p string) string {
	p = strings.TrimSuffix(strings.TrimSuffix(p, ".zst"), ".gz")
	ext := strings.ToLower(filepath.Ext(p))
	if ext == "" {
		ext = ".yaml"
	}
	return ext
}

// Write writes the scenario folder: openapi.<ext> (and openapi.yaml, which
// the scorer always passes to `shadowtap diff`, when the spec is not
// .yaml), scenario.pcap, scenario-impaired.pcap, scenario-midstream.pcap
// and truth.json.
func (r *Result) Write(out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	spec, err := ReadSpecFile(r.Input.Spec)
	if err != nil {
		return err
	}
	names := []string{"openapi" + specExt(r.Input.Spec)}
	if names[0] != "openapi.yaml" {
		names = append(names, "openapi.yaml")
	}
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(out, n), spec, 0o644); err != nil {
			return err
		}
	}
	c := r.Capture
	all := make([]int, len(c.Packets))
	for i := range all {
		all[i] = i
	}
	if err := WritePcap(filepath.Join(out, "scenario.pcap"), c, all); err != nil {
		return err
	}
	if err := WritePcap(filepath.Join(out, "scenario-impaired.pcap"), c, Impaired(c, r.Protected, Seed)); err != nil {
		return err
	}
	mid, n := Midstream(r.Labelled, c, r.Protected, Seed)
	r.Cut = n
	if err := WritePcap(filepath.Join(out, "scenario-midstream.pcap"), c, mid); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r.Labelled.Truth, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "truth.json"), append(b, '\n'), 0o644)
}

// Generate labels the application folder dir and writes its scenario
// folder to out.
func Generate(dir, out string) (*Result, error) {
	in, err := ReadApp(dir)
	if err != nil {
		return nil, err
	}
	r, err := Run(in)
	if err != nil {
		return nil, err
	}
	return r, r.Write(out)
}
