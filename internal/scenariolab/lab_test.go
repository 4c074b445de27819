package scenariolab

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// floors are the overall scores (mean F1 of inventory, shadow,
// unauthenticated, zombie, unused) the product must keep on each scenario
// and variant: the lowest score seen over repeated runs when the floor was
// set, less about 0.02. gitforge's and bitmarket's floors are low: they
// were set when those scores still varied with the exchange order
// (gitforge 0.71-0.97, bitmarket 0.57-0.89 on the same files), so they only
// catch collapses.
//
// targets are the scores the product should reach on every run;
// SCENARIOLAB_STRICT=1 enforces them instead of the floors.
var (
	floors = map[string]float64{
		"payfast":       0.98,
		"shopwave":      0.98,
		"retailco":      0.98,
		"notes":         0.98,
		"fleet":         0.98,
		"clinic":        0.98,
		"tenants":       0.98,
		"gitforge":      0.65,
		"payfast-flat":  0.98,
		"retailco-json": 0.98,
		"bitmarket":     0.5,
	}
	targets = map[string]float64{
		"payfast":       1,
		"shopwave":      1,
		"retailco":      1,
		"notes":         1,
		"fleet":         0.99,
		"clinic":        1,
		"tenants":       1,
		"gitforge":      1,
		"payfast-flat":  1,
		"retailco-json": 1,
		"bitmarket":     1,
	}
)

// scoreResult is the part of the scorer's -json output the test reads.
type scoreResult struct {
	Scenario                                  string   `json:"scenario"`
	Variant                                   string   `json:"variant"`
	Errors                                    []string `json:"errors"`
	Overall                                   float64  `json:"overall"`
	Spurious                                  int      `json:"spurious_endpoints"`
	NoiseInv                                  int      `json:"noise_in_inventory"`
	NoiseSh                                   int      `json:"noise_in_shadow_findings"`
	Inventory, Shadow, Unauth, Zombie, Unused metric
}

type metric struct {
	F1     float64  `json:"f1"`
	Missed []string `json:"missed"`
	Wrong  []string `json:"false_positives"`
}

func (r *scoreResult) UnmarshalJSON(b []byte) error {
	type plain scoreResult
	var aux struct {
		plain
		Inventory metric `json:"inventory"`
		Shadow    metric `json:"shadow"`
		Unauth    metric `json:"unauthenticated"`
		Zombie    metric `json:"zombie"`
		Unused    metric `json:"unused"`
	}
	if err := json.Unmarshal(b, &aux); err != nil {
		return err
	}
	*r = scoreResult(aux.plain)
	r.Inventory, r.Shadow, r.Unauth, r.Zombie, r.Unused = aux.Inventory, aux.Shadow, aux.Unauth, aux.Zombie, aux.Unused
	return nil
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d
		}
		if filepath.Dir(d) == d {
			t.Fatal("no go.mod above " + dir)
		}
	}
}

func goCmd(t *testing.T, dir string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command("go", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOWORK=off", "GOFLAGS=")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// buildTools builds shadowtap and the vendored scorer into a temporary
// directory and returns it with the two binaries.
func buildTools(t *testing.T) (tmp, bin, scorer string) {
	t.Helper()
	tmp = t.TempDir()
	bin = filepath.Join(tmp, "shadowtap")
	scorer = filepath.Join(tmp, "scorer")
	goCmd(t, moduleRoot(t), "build", "-o", bin, "./cmd/shadowtap")
	here, _ := os.Getwd()
	goCmd(t, filepath.Join(here, "testdata", "scorer"), "build", "-o", scorer, ".")
	return tmp, bin, scorer
}

// TestScenarioScores builds shadowtap, generates every scenario and scores
// the binary on it with the vendored copy of the official scorer
// (testdata/scorer). It needs nothing outside the module.
func TestScenarioScores(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and scores 4 scenarios x 3 variants")
	}
	tmp, bin, scorer := buildTools(t)
	strict := os.Getenv("SCENARIOLAB_STRICT") == "1"
	for _, s := range Scenarios() {
		t.Run(s.Name, func(t *testing.T) {
			dir := filepath.Join(tmp, s.Name)
			if _, err := Generate(s, dir); err != nil {
				t.Fatal(err)
			}
			self, err := exec.Command(scorer, "-scenario", dir, "-selftest").CombinedOutput()
			if err != nil {
				t.Fatalf("scorer selftest on the generated truth: %v\n%s", err, self)
			}
			out, err := exec.Command(scorer, "-scenario", dir, "-bin", bin, "-json").Output()
			if err != nil {
				t.Fatalf("scorer: %v\n%s", err, out)
			}
			var res []scoreResult
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatalf("scorer output: %v", err)
			}
			want := floors[s.Name]
			if strict {
				want = max(want, targets[s.Name])
			}
			fail := t.Errorf
			for _, r := range res {
				t.Logf("%-9s %-9s overall=%.3f inventory=%.2f shadow=%.2f unauth=%.2f zombie=%.2f unused=%.2f spurious=%d noise=%d",
					r.Scenario, r.Variant, r.Overall, r.Inventory.F1, r.Shadow.F1, r.Unauth.F1, r.Zombie.F1, r.Unused.F1, r.Spurious, r.NoiseInv+r.NoiseSh)
				for _, e := range r.Errors {
					fail("%s/%s: %s", s.Name, r.Variant, e)
				}
				if r.Overall < want {
					var why []string
					for name, m := range map[string]metric{"inventory": r.Inventory, "shadow": r.Shadow, "unauthenticated": r.Unauth, "zombie": r.Zombie, "unused": r.Unused} {
						for _, x := range m.Missed {
							why = append(why, fmt.Sprintf("missed %s %s", name, x))
						}
						for _, x := range m.Wrong {
							why = append(why, fmt.Sprintf("wrong %s %s", name, x))
						}
					}
					fail("%s/%s: overall %.3f < %.2f\n  %s", s.Name, r.Variant, r.Overall, want, strings.Join(why, "\n  "))
				}
			}
		})
	}
}

// heldOutSeeds were never used while the templating and diff rules were
// tuned: the same scenarios with other traffic. Each run must score at
// least heldOutMin and their mean at least heldOutMean.
var heldOutSeeds = []int64{31, 47}

const (
	heldOutMean = 0.98
	heldOutMin  = 0.95
)

// TestHeldOutSeeds scores every scenario regenerated from the held-out
// seeds (66 runs).
func TestHeldOutSeeds(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and scores 11 scenarios x 2 seeds x 3 variants")
	}
	tmp, bin, scorer := buildTools(t)
	var sum float64
	n := 0
	for _, seed := range heldOutSeeds {
		for _, s := range Scenarios() {
			s.Seed = seed
			dir := filepath.Join(tmp, fmt.Sprintf("%s-%d", s.Name, seed))
			if _, err := Generate(s, dir); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(scorer, "-scenario", dir, "-bin", bin, "-json").Output()
			if err != nil {
				t.Fatalf("scorer on %s seed %d: %v\n%s", s.Name, seed, err, out)
			}
			var res []scoreResult
			if err := json.Unmarshal(out, &res); err != nil {
				t.Fatalf("scorer output: %v", err)
			}
			for _, r := range res {
				for _, e := range r.Errors {
					t.Errorf("%s seed %d %s: %s", s.Name, seed, r.Variant, e)
				}
				if r.Overall < 1 {
					t.Logf("%-13s seed %d %-9s overall=%.3f", s.Name, seed, r.Variant, r.Overall)
				}
				if r.Overall < heldOutMin {
					t.Errorf("%s seed %d %s: overall %.3f < %.2f", s.Name, seed, r.Variant, r.Overall, heldOutMin)
				}
				sum += r.Overall
				n++
			}
		}
	}
	if n == 0 {
		t.Fatal("no run scored")
	}
	mean := sum / float64(n)
	t.Logf("held-out seeds %v: %d runs, mean overall %.4f", heldOutSeeds, n, mean)
	if mean < heldOutMean {
		t.Errorf("mean overall %.4f < %.2f over the held-out seeds", mean, heldOutMean)
	}
}
