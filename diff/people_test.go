package diff

import (
	"slices"
	"strings"
	"testing"

	"github.com/shadowtap/shadowtap/inventory"
)

const hrHost = "hr.brightlane.example"

// peopleEndpoints models what the inventory reports for the people scenario
// (shared/scenarios/people): every truth endpoint, the literal
// /employees/export next to /employees/{id}, and the noise the inventory
// should already have dropped.
func peopleEndpoints() []inventory.Endpoint {
	h := hrHost
	eps := []inventory.Endpoint{
		ep(h, "POST", "/hr/api/session", "200:34", 34, 34),
		ep(h, "DELETE", "/hr/api/session", "204:16,401:1", 1, 0),
		ep(h, "GET", "/hr/api/jobs", "200:113", 79, 79),
		ep(h, "GET", "/hr/api/jobs/{jobSlug}", "200:100,404:4", 70, 66, "/hr/api/jobs/data-analyst-berlin", "/hr/api/jobs/ux-writer-utrecht"),
		ep(h, "POST", "/hr/api/jobs/{jobSlug}/applications", "201:23", 23, 23, "/hr/api/jobs/ux-writer-utrecht/applications"),
		ep(h, "GET", "/hr/api/holidays/{param1}/{year}", "200:45", 23, 23, "/hr/api/holidays/NL/2024", "/hr/api/holidays/DE/2025"),
		ep(h, "GET", "/hr/api/employees", "200:176,401:5", 5, 0),
		ep(h, "GET", "/hr/api/employees/me", "200:162,401:6", 6, 0, "/hr/api/employees/me"),
		ep(h, "PATCH", "/hr/api/employees/me", "200:23", 0, 0, "/hr/api/employees/me"),
		ep(h, "GET", "/hr/api/employees/search", "200:45", 0, 0, "/hr/api/employees/search"),
		ep(h, "GET", "/hr/api/employees/{id}", "200:165,401:5,404:11", 5, 0, "/hr/api/employees/E100001", "/hr/api/employees/E104233"),
		ep(h, "GET", "/hr/api/employees/{id}/payslips/{ulid}", "200:34", 10, 10, "/hr/api/employees/E104233/payslips/01HF3K8Z9Q2W3E4R5T6Y7V8X9A"),
		ep(h, "POST", "/hr/api/employees/{id}/absences", "201:16,422:1", 0, 0, "/hr/api/employees/E104233/absences"),
		ep(h, "GET", "/hr/api/leave-requests", "200:117,401:3", 3, 0),
		ep(h, "POST", "/hr/api/leave-requests", "201:41,422:4", 0, 0),
		ep(h, "GET", "/hr/api/leave-requests/{uuid}", "200:65,401:2,404:1", 2, 0, "/hr/api/leave-requests/e24e0ba2-9fa1-4dc5-a472-ba9149ac4038"),
		ep(h, "POST", "/hr/api/leave-requests/{uuid}/approve", "200:23", 0, 0, "/hr/api/leave-requests/e24e0ba2-9fa1-4dc5-a472-ba9149ac4038/approve"),
		ep(h, "GET", "/hr/api/timesheets/{week}", "200:68", 0, 0, "/hr/api/timesheets/2024-W07"),
		ep(h, "PUT", "/hr/api/timesheets/{week}", "200:34", 0, 0, "/hr/api/timesheets/2024-W08"),
		ep(h, "GET", "/hr/api/org/chart", "200:23", 0, 0),
		ep(h, "GET", "/hr/api/org/departments/{id}/members", "200:45", 11, 11, "/hr/api/org/departments/ENG-412/members"),
		ep(h, "GET", "/hr/api/payroll/runs/{id}/lines", "200:23", 0, 0, "/hr/api/payroll/runs/2024-11-monthly/lines"),

		// Shadow routes.
		ep(h, "GET", "/hr/api/legacy/staff/{staffNumber}", "200:8", 4, 4, "/hr/api/legacy/staff/1234"),
		ep(h, "GET", "/hr/api/employees/{id}/salary", "200:6", 0, 0, "/hr/api/employees/E104233/salary"),
		ep(h, "DELETE", "/hr/api/leave-requests/{uuid}", "204:5", 0, 0, "/hr/api/leave-requests/e24e0ba2-9fa1-4dc5-a472-ba9149ac4038"),
		ep(h, "GET", "/hr/api/internal/sync/status", "200:5", 3, 3),
		ep(h, "GET", "/metrics", "200:6", 6, 6),
		ep(h, "GET", "/hr/api/_debug/sessions/{token}", "200:4", 3, 3, "/hr/api/_debug/sessions/{token}"),
		ep(h, "POST", "/hr/api/admin/impersonate/{login}", "200:2,403:1", 0, 0, "/hr/api/admin/impersonate/anna.jansen"),
		ep(h, "GET", "/hr/api/employees/export", "200:4", 0, 0, "/hr/api/employees/export"),

		// Noise the inventory should have dropped: never a finding.
		ep(h, "GET", "/hr/api/notifications", "404:8", 0, 0),
		ep(h, "PUT", "/hr/api/org/departments/{id}/members", "405:1", 0, 0, "/hr/api/org/departments/SUP-562/members"),
		ep(h, "GET", "/wp-admin/install.php", "404:1", 1, 0),
	}
	for i := range eps {
		switch eps[i].Path {
		case "/hr/api/legacy/staff/{staffNumber}":
			eps[i].Sensitive = map[string]uint64{"response.email": 8}
		case "/hr/api/employees/{id}/payslips/{ulid}":
			eps[i].Sensitive = map[string]uint64{"response.iban": 3}
		case "/hr/api/jobs":
			eps[i].QueryParams = []inventory.Param{{Name: "department", Type: "string", Count: 20}, {Name: "debug", Type: "boolean", Count: 1}}
		}
	}
	return eps
}

func TestPeopleEndToEnd(t *testing.T) {
	spec := mustLoad(t, "people-openapi.yaml")
	var warns []string
	fs := Diff(peopleEndpoints(), []*Spec{spec}, Options{Warn: func(s string) { warns = append(warns, s) }})
	if len(warns) != 0 {
		t.Errorf("warnings: %q", warns)
	}
	got := summary(fs, KindShadow, KindZombie, KindUnused, KindUnauthenticated)
	want := []string{
		"shadow/method medium DELETE /hr/api/leave-requests/{requestId}",
		"shadow/path high GET /hr/api/_debug/sessions/{token}",
		"shadow/path high GET /hr/api/internal/sync/status",
		"shadow/path high GET /hr/api/legacy/staff/{staffNumber}",
		"shadow/path high GET /metrics",
		"shadow/path medium GET /hr/api/employees/export",
		"shadow/path medium GET /hr/api/employees/{id}/salary",
		"shadow/path medium POST /hr/api/admin/impersonate/{login}",
		"unauthenticated critical GET /hr/api/employees/{employeeId}/payslips/{payslipId}",
		"unauthenticated critical GET /hr/api/legacy/staff/{staffNumber}",
		"unauthenticated high GET /hr/api/_debug/sessions/{token}",
		"unauthenticated high GET /hr/api/internal/sync/status",
		"unauthenticated high GET /hr/api/org/departments/{departmentCode}/members",
		"unauthenticated high GET /metrics",
		"unused info GET /hr/api/benefits/plans/{planCode}",
		"unused info POST /hr/api/employees/{employeeId}/offboarding",
		"unused info PUT /hr/api/employees/{employeeId}/bank-account",
		"zombie medium GET /hr/api/org/chart",
		"zombie medium POST /hr/api/employees/{employeeId}/absences",
	}
	// The shadow DELETE is named by the documented template (the truth's
	// own path), the observed one is in its evidence.
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %s\nwant %s", strings.Join(got, "\n     "), strings.Join(want, "\n     "))
	}

	for _, f := range fs {
		if f.Host != hrHost {
			t.Errorf("finding %s %s: host %q", f.Kind, f.Path, f.Host)
		}
		if f.ID == "" || f.Title == "" {
			t.Errorf("finding without id or title: %+v", f)
		}
		if f.Kind == KindUnused && (f.Operation == nil || f.Operation.Line == 0) {
			t.Errorf("unused finding without a located operation: %+v", f)
		}
	}
	// Drift: the undocumented "debug" query parameter on listJobs, and the
	// 401 that DELETE /session returned without documenting it.
	drift := summary(fs, KindUndocumentedQueryParam)
	if !slices.Equal(drift, []string{"undocumented_query_param low GET /hr/api/jobs"}) {
		t.Errorf("query drift: %q", drift)
	}
	status := summary(fs, KindUndocumentedStatus)
	if !slices.Contains(status, "undocumented_status low DELETE /hr/api/session") {
		t.Errorf("status drift: %q", status)
	}
	sens := summary(fs, KindSensitiveDataOnShadow)
	if !slices.Equal(sens, []string{"sensitive_data_on_shadow high GET /hr/api/legacy/staff/{staffNumber}"}) {
		t.Errorf("sensitive: %q", sens)
	}

	// Stable ids: the same input gives the same ids, whatever the order.
	eps := peopleEndpoints()
	slices.Reverse(eps)
	fs2 := Diff(eps, []*Spec{spec}, Options{})
	if len(fs2) != len(fs) {
		t.Fatalf("reordered input: %d findings, want %d", len(fs2), len(fs))
	}
	for i := range fs {
		if fs[i].ID != fs2[i].ID {
			t.Errorf("finding %d: id %s vs %s", i, fs[i].ID, fs2[i].ID)
		}
	}
}

// A job slug reported as two literal endpoints merges into getJob.
func TestEvidenceMerges(t *testing.T) {
	spec := mustLoad(t, "people-openapi.yaml")
	h := hrHost
	eps := []inventory.Endpoint{
		ep(h, "GET", "/hr/api/jobs/senior-engineer", "200:3,418:1", 0, 0, "/hr/api/jobs/senior-engineer"),
		ep(h, "GET", "/hr/api/jobs/data-analyst", "200:2,418:1", 0, 0, "/hr/api/jobs/data-analyst"),
	}
	fs := Diff(eps, []*Spec{spec}, Options{Kinds: []string{KindShadow, KindUndocumentedStatus}})
	if len(fs) != 1 {
		t.Fatalf("got %d findings, want one merged status drift: %+v", len(fs), fs)
	}
	f := fs[0]
	if f.Path != "/hr/api/jobs/{jobSlug}" || f.Evidence.Hits != 7 || f.Evidence.Statuses["418"] != 2 || len(f.Evidence.ObservedPaths) != 2 {
		t.Errorf("merged finding: path %s evidence %+v", f.Path, f.Evidence)
	}
	if f.Operation == nil || f.Operation.OperationID != "getJob" {
		t.Errorf("operation: %+v", f.Operation)
	}
}
