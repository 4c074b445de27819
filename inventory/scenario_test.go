package inventory

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shadowtap/shadowtap/reassembly"
)

// hrStream builds a synthetic stream shaped like the people scenario
// (truth.json endpoint shapes, identifier kinds and noise), shuffled.
func hrStream(seed uint64) (xs []*reassembly.Exchange, want []string) {
	r := rand.New(rand.NewPCG(seed, 1))
	b := "/hr/api"
	add := func(n int, method string, gen func(i int) (string, int), auth string) {
		for i := 0; i < n; i++ {
			p, st := gen(i)
			opts := []string{}
			if auth != "" && r.IntN(10) > 0 {
				opts = append(opts, "auth:"+auth)
			}
			opts = append(opts, fmt.Sprintf("client:%c", 'a'+r.IntN(20)))
			xs = append(xs, ex(method, p, st, opts...))
		}
	}
	fixed := func(p string, st int) func(int) (string, int) { return func(int) (string, int) { return p, st } }
	emp := func() string { return fmt.Sprintf("E%06d", 100000+r.IntN(900000)) }
	slugs := make([]string, 44)
	for i := range slugs {
		slugs[i] = genSlug(r)
	}
	countries := []string{"NL", "DE", "BE", "FR", "GB", "ES", "IT", "PL", "SE", "DK"}
	logins := []string{"anna.jansen", "piet.devries", "sanne.bakker"}
	add(34, "POST", fixed(b+"/session", 200), "")
	add(17, "DELETE", fixed(b+"/session", 204), "cookie")
	add(113, "GET", fixed(b+"/jobs", 200), "")
	add(113, "GET", func(i int) (string, int) {
		if i%30 == 29 {
			return b + "/jobs/" + genSlug(r), 404
		}
		return b + "/jobs/" + slugs[r.IntN(len(slugs))], 200
	}, "")
	add(23, "POST", func(int) (string, int) { return b + "/jobs/" + slugs[r.IntN(len(slugs))] + "/applications", 201 }, "")
	add(45, "GET", func(int) (string, int) {
		return fmt.Sprintf("%s/holidays/%s/%d", b, countries[r.IntN(len(countries))], 2020+r.IntN(6)), 200
	}, "")
	add(181, "GET", fixed(b+"/employees", 200), "cookie")
	add(168, "GET", fixed(b+"/employees/me", 200), "cookie")
	add(23, "PATCH", fixed(b+"/employees/me", 200), "cookie")
	add(45, "GET", fixed(b+"/employees/search?q=anna&limit=10", 200), "cookie")
	add(181, "GET", func(i int) (string, int) {
		if i%17 == 0 {
			return b + "/employees/E999", 404
		}
		return b + "/employees/" + emp(), 200
	}, "cookie")
	add(34, "GET", func(int) (string, int) { return b + "/employees/" + emp() + "/payslips/" + genULID(r), 200 }, "")
	add(17, "POST", func(int) (string, int) { return b + "/employees/" + emp() + "/absences", 201 }, "basic")
	add(120, "GET", fixed(b+"/leave-requests", 200), "cookie")
	add(45, "POST", fixed(b+"/leave-requests", 201), "cookie")
	add(68, "GET", func(int) (string, int) { return b + "/leave-requests/" + genUUID(r), 200 }, "cookie")
	add(23, "POST", func(int) (string, int) { return b + "/leave-requests/" + genUUID(r) + "/approve", 200 }, "cookie")
	add(68, "GET", func(int) (string, int) { return fmt.Sprintf("%s/timesheets/2024-W%02d", b, 1+r.IntN(52)), 200 }, "cookie")
	add(34, "PUT", func(int) (string, int) { return fmt.Sprintf("%s/timesheets/2025-W%02d", b, 1+r.IntN(52)), 200 }, "cookie")
	add(23, "GET", fixed(b+"/org/chart", 200), "cookie")
	add(45, "GET", func(int) (string, int) {
		return fmt.Sprintf("%s/org/departments/%s-%03d/members", b, []string{"ENG", "SUP", "FIN", "HR"}[r.IntN(4)], r.IntN(1000)), 200
	}, "")
	add(23, "GET", func(int) (string, int) {
		return fmt.Sprintf("%s/payroll/runs/%d-%02d-monthly/lines", b, 2023+r.IntN(2), 1+r.IntN(12)), 200
	}, "basic")
	add(8, "GET", func(int) (string, int) { return fmt.Sprintf("%s/legacy/staff/%04d", b, r.IntN(10000)), 200 }, "")
	add(6, "GET", func(int) (string, int) { return b + "/employees/" + emp() + "/salary", 200 }, "cookie")
	add(5, "DELETE", func(int) (string, int) { return b + "/leave-requests/" + genUUID(r), 204 }, "cookie")
	add(5, "GET", fixed(b+"/internal/sync/status", 200), "")
	add(6, "GET", fixed("/metrics", 200), "")
	add(4, "GET", func(int) (string, int) { return b + "/_debug/sessions/" + genToken(r, 43), 200 }, "")
	add(3, "POST", func(i int) (string, int) {
		if i == 2 {
			return b + "/admin/impersonate/" + logins[i], 403
		}
		return b + "/admin/impersonate/" + logins[i], 200
	}, "cookie")
	add(4, "GET", fixed(b+"/employees/export", 200), "cookie")
	// noise
	for _, p := range []string{"/.aws/credentials", "/.git/HEAD", "/.npmrc", "/IWMPK34Wyf", "/actuator/heapdump",
		"/administrator/index.php", "/api/.env", "/api/graphql", "/api/swagger.json", "/api/v1/namespaces",
		"/boaform/admin/formLogin", "/cgi-bin/test.cgi", "/docker-compose.yml", "/env", "/favicon.ico",
		b + "/accounts/swagger", b + "/backup/version", b + "/files/keys", b + "/internal/api-docs",
		b + "/staging/fe4cd2dc", b + "/test", b + "/token/api-docs", b + "/upload/private", b + "/user/bfe7d824",
		b + "/users/private", "/v2/api-docs", "/wp-admin/install.php"} {
		xs = append(xs, ex("GET", p, 404))
	}
	for i := 0; i < 8; i++ {
		xs = append(xs, ex("GET", b+"/notifications", 404, "auth:cookie"))
	}
	xs = append(xs, ex("POST", b+"/health/4083900f", 404), ex("POST", "/v3/api-docs", 404),
		ex("PUT", b+"/jobs/"+slugs[0]+"/applications", 405, "allow:POST"),
		ex("PUT", b+"/leave-requests/"+genUUID(r)+"/approve", 405, "allow:POST"),
		ex("PUT", b+"/org/departments/SUP-562/members", 405, "allow:GET, HEAD"),
		ex("PUT", b+"/payroll/runs/2024-10-monthly/lines", 405, "allow:GET, HEAD"))
	r.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
	want = []string{
		"POST /hr/api/session", "DELETE /hr/api/session", "GET /hr/api/jobs", "GET /hr/api/jobs/{}",
		"POST /hr/api/jobs/{}/applications", "GET /hr/api/holidays/{}/{}", "GET /hr/api/employees",
		"GET /hr/api/employees/me", "PATCH /hr/api/employees/me", "GET /hr/api/employees/search",
		"GET /hr/api/employees/{}", "GET /hr/api/employees/{}/payslips/{}", "POST /hr/api/employees/{}/absences",
		"GET /hr/api/leave-requests", "POST /hr/api/leave-requests", "GET /hr/api/leave-requests/{}",
		"POST /hr/api/leave-requests/{}/approve", "GET /hr/api/timesheets/{}", "PUT /hr/api/timesheets/{}",
		"GET /hr/api/org/chart", "GET /hr/api/org/departments/{}/members", "GET /hr/api/payroll/runs/{}/lines",
		"GET /hr/api/legacy/staff/{}", "GET /hr/api/employees/{}/salary", "DELETE /hr/api/leave-requests/{}",
		"GET /hr/api/internal/sync/status", "GET /metrics", "GET /hr/api/_debug/sessions/{}",
		"POST /hr/api/admin/impersonate/{}", "GET /hr/api/employees/export",
	}
	return xs, want
}

func TestScenarioLikeStream(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			xs, want := hrStream(seed)
			inv := New(DefaultConfig())
			for _, x := range xs {
				inv.Observe(x)
			}
			sameSet(t, templates(inv), want)
			for _, n := range inv.Noise() {
				if n.Statuses["404"]+n.Statuses["405"] != n.Hits {
					t.Errorf("noise %s %s has statuses %v", n.Method, n.Path, n.Statuses)
				}
			}
			if t.Failed() {
				for _, n := range inv.Noise() {
					t.Logf("noise: %s %s %v", n.Method, n.Path, n.Statuses)
				}
			}
			// 404s under an existing endpoint are hits of it
			for _, e := range inv.Endpoints() {
				if canon(e.Path) == "/hr/api/employees/{}" && e.Method == "GET" && e.Statuses["404"] == 0 {
					t.Errorf("GET /employees/{id} has no 404s: %v", e.Statuses)
				}
				if canon(e.Path) == "/hr/api/jobs/{}" && e.Method == "GET" && e.Hits != 113 {
					t.Errorf("GET /jobs/{slug} hits = %d, want 113 (%v)", e.Hits, e.Statuses)
				}
			}
		})
	}
}
