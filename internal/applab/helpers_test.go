package applab

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func moduleRoot(t testing.TB) string {
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

func goCmd(t testing.TB, dir string, args ...string) []byte {
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

var (
	buildOnce  sync.Map // name -> *onceResult
	buildDir   string
	buildDirMu sync.Mutex
)

type onceResult struct {
	once sync.Once
	path string
}

// built builds a binary once per test process, in a shared temporary folder
// removed by TestMain.
func built(t testing.TB, name, dir string, pkg string) string {
	t.Helper()
	buildDirMu.Lock()
	if buildDir == "" {
		d, err := os.MkdirTemp("", "applab-bin-")
		if err != nil {
			buildDirMu.Unlock()
			t.Fatal(err)
		}
		buildDir = d
	}
	bd := buildDir
	buildDirMu.Unlock()
	v, _ := buildOnce.LoadOrStore(name, &onceResult{})
	o := v.(*onceResult)
	o.once.Do(func() {
		p := filepath.Join(bd, name)
		goCmd(t, dir, "build", "-o", p, pkg)
		o.path = p
	})
	if o.path == "" {
		t.Fatalf("building %s failed earlier", name)
	}
	return o.path
}

// buildScorer builds the vendored scenario scorer (its own module).
func buildScorer(t testing.TB) string {
	return built(t, "scorer", filepath.Join(moduleRoot(t), "internal", "scenariolab", "testdata", "scorer"), ".")
}

// buildShadowtap builds ./cmd/shadowtap with CGO_ENABLED=0.
func buildShadowtap(t testing.TB) string {
	return built(t, "shadowtap", moduleRoot(t), "./cmd/shadowtap")
}

func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}
