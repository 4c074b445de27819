// Command scengen writes scenariolab's generated shadow-API scenarios
// (openapi.yaml, scenario.pcap, scenario-impaired.pcap,
// scenario-midstream.pcap, truth.json) in the sample scenario's format.
//
//	go run ./internal/scenariolab/cmd/scengen -out /tmp/scen            # every scenario, one folder each
//	go run ./internal/scenariolab/cmd/scengen -out /tmp/scen -only notes
//	go run ./internal/scenariolab/cmd/scengen -out /tmp/big -scale 20 -seed 7
//	go run ./internal/scenariolab/cmd/scengen -list
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/shadowtap/shadowtap/internal/scenariolab"
)

func main() {
	out := flag.String("out", "scenarios", "output directory (one sub-directory per scenario)")
	only := flag.String("only", "", "comma-separated scenario names (default: all)")
	list := flag.Bool("list", false, "list the scenarios and exit")
	scale := flag.Int("scale", 1, "multiply every call count by this factor (load tests)")
	seed := flag.Int64("seed", 0, "added to each scenario's seed: same API, other traffic")
	mixed := flag.Bool("mixed-shapes", false, "answer objects and pages at random on every route (order-dependence probe)")
	flag.Parse()
	if *list {
		for _, s := range scenariolab.Scenarios() {
			fmt.Printf("%-10s %s\n", s.Name, s.Description)
		}
		return
	}
	want := map[string]bool{}
	for _, n := range strings.Split(*only, ",") {
		if n != "" {
			want[n] = true
		}
	}
	for _, s := range scenariolab.Scenarios() {
		if len(want) > 0 && !want[s.Name] {
			continue
		}
		s.Scale(*scale)
		s.Seed += *seed
		s.MixedShapes = *mixed
		dir := filepath.Join(*out, s.Name)
		t, err := scenariolab.Generate(s, dir)
		if err != nil {
			fmt.Fprintf(os.Stderr, "scengen: %s: %v\n", s.Name, err)
			os.Exit(1)
		}
		fmt.Printf("%-10s %s: %d requests, %d endpoints, %d noise paths %v\n", s.Name, dir, t.Requests, len(t.Endpoints), len(t.Noise), t.Summary)
	}
}
