package diff

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

// FuzzLoadSpec feeds arbitrary bytes to the loader (external $refs off):
// an error or a spec, never a panic; a loaded spec can be diffed.
// maxFuzzSpec bounds FuzzLoadSpec's inputs (see there).
const maxFuzzSpec = 512

func FuzzLoadSpec(f *testing.F) {
	// Small documents only, and inputs over maxFuzzSpec are skipped: the
	// fuzzer minimises every input that finds new code, at a cost that
	// grows with the square of its length, and a mutated 754-byte spec
	// kept a 45 s run from making any progress.
	for _, name := range []string{"oai-v3.1-non-oauth-scopes.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "specs", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"swagger":"2.0","info":{"title":"t","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok","schema":{"type":"array","items":[{"type":"string"}]}}}}}}}`))
	f.Add([]byte("openapi: 3.1.0\ninfo: {title: x, version: '1'}\n"))
	f.Add([]byte("swagger: '2.0'\n"))
	// a protobuf descriptor set (protoc's, of: package p; message Q {}; service S { rpc M(Q) returns (Q); })
	f.Add([]byte("\x0a\x2f\x0a\x07a.proto\x12\x01p\x22\x03\x0a\x01Q\x32\x14\x0a\x01S\x12\x0f\x0a\x01M\x12\x04.p.Q\x1a\x04.p.Q\x62\x06proto3"))
	loc := filepath.Join(f.TempDir(), "fuzz.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzSpec {
			return
		}
		s, _, err := loadSpecData(data, "fuzz.yaml", loc, nil, false, true)
		if err != nil {
			if s != nil {
				t.Fatal("spec and error")
			}
			return
		}
		eps := []inventory.Endpoint{ep("h", "GET", "/a/1", "200:1", 1, 1, "/a/1"), ep("h", "POST", "/", "200:1", 0, 0)}
		fs := Diff(eps, []*Spec{s}, Options{})
		for _, fd := range fs {
			if fd.ID == "" || fd.Kind == "" {
				t.Fatalf("bad finding %+v", fd)
			}
		}
	})
}

// FuzzPathMatch checks the trie: no panic on any template or path, and a
// template always matches itself as an observed template.
func FuzzPathMatch(f *testing.F) {
	f.Add("/users/{id}", "/users/42")
	f.Add("/files/{name}.json", "/files/a.json")
	f.Add("/a/{x}-{y}/b", "/a/1-2/b")
	f.Add("/{a}{b}", "/xy")
	f.Add("/2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json", "/2010-04-01/Accounts/{x}/Calls/CA1.json")
	f.Add("/x/%2F/{", "/x/%zz/:id/<y>/*")
	f.Fuzz(func(t *testing.T, tmpl, obs string) {
		if len(tmpl) > 512 || len(obs) > 512 {
			return
		}
		o := &operation{method: "GET", path: tmpl, params: map[string]*paramCheck{}}
		root := newNode()
		segs := parseTemplate(tmpl)
		root.insert(segs, &route{op: o, segs: segs})
		m := matcher{obs: parseObserved(obs), allowWeak: true, checkSchema: true}
		m.walk(root, 0)
		sp := matcher{obs: parseObserved(obs), allowWeak: true, checkSchema: true, span: true}
		sp.walk(root, 0)
		if len(sp.out) > 0 && len(sp.obs) <= len(segs) {
			t.Fatalf("span walk matched %q against %q, which has as many segments", obs, tmpl)
		}
		if strings.ContainsAny(tmpl, "?#") {
			return
		}
		self := matcher{obs: parseObserved(tmpl), allowWeak: true, checkSchema: true}
		self.walk(root, 0)
		if len(self.out) == 0 {
			t.Fatalf("template %q does not match itself", tmpl)
		}
	})
}

// FuzzDiffEndpoint diffs arbitrary endpoints (path, method, examples,
// statuses) against the people spec: never a panic, every finding has an id
// and a kind, a shadow path's path is the endpoint's path or one of its
// examples, and a shadow method's is the documented path.
func FuzzDiffEndpoint(f *testing.F) {
	spec := mustLoad(f, "people-openapi.yaml")
	f.Add("GET", "/hr/api/employees/{x}", "/hr/api/employees/export", "/hr/api/employees/E100001", "200:1")
	f.Add("DELETE", "/hr/api/leave-requests/{id}", "/hr/api/leave-requests/:id", "", "204:1,401:1")
	f.Add("get", "/hr/api//jobs/", "/hr/api/jobs/a*b", "/hr/api/jobs/{x}.json", "404:1")
	f.Add("OPTIONS", "/metrics", "", "", "")
	f.Fuzz(func(t *testing.T, method, path, ex1, ex2, statuses string) {
		if len(path) > 1024 || len(ex1) > 1024 || len(ex2) > 1024 || len(statuses) > 256 {
			return
		}
		var exs []string
		for _, x := range []string{ex1, ex2} {
			if x != "" {
				exs = append(exs, x)
			}
		}
		e := ep(hrHost, method, path, statuses, 1, 1, exs...)
		sib := ep(hrHost, method, "/hr/api/employees/{id}", "200:1", 0, 0, "/hr/api/employees/E100001")
		docs := Document([]inventory.Endpoint{e, sib}, []*Spec{spec}, Options{})
		if len(docs) != 2 {
			t.Fatalf("Document gave %d results for 2 endpoints", len(docs))
		}
		for _, d := range docs {
			// (an empty path stays empty: its shadow template is itself)
			if d.Operation != nil && (d.Path == "" || d.Shadow != "") || d.Shadow != "" && d.Path == "" && path != "" && path != "/" {
				t.Fatalf("inconsistent documentation %+v", d)
			}
		}
		for _, fd := range Diff([]inventory.Endpoint{e, sib}, []*Spec{spec}, Options{}) {
			if fd.ID == "" || fd.Kind == "" {
				t.Fatalf("bad finding %+v", fd)
			}
			if fd.Kind == KindShadow && fd.ShadowType == ShadowMethod {
				if fd.Operation == nil || !strings.HasSuffix(fd.Path, strings.TrimSuffix(fd.Operation.Path, "/")) {
					t.Fatalf("shadow method path %q is not the documented path %+v", fd.Path, fd.Operation)
				}
				continue
			}
			if fd.Kind == KindShadow && fd.Path != path && fd.Path != sib.Path && fd.Path != ex1 && fd.Path != ex2 {
				t.Fatalf("shadow path %q is neither the endpoint's nor an example", fd.Path)
			}
		}
	})
}
