package inventory

import (
	"reflect"
	"testing"
)

// A literal beside a parameter that only ever got 400/404/422 is a value
// the parameter's handler refused; one answered 2xx or 403 is a route.
func TestRejectedLiteralJoinsParameter(t *testing.T) {
	inv := New(Config{})
	for _, id := range []string{"0b9a7c6e-1d2f-4a3b-8c9d-0e1f2a3b4c5d", "7e6d5c4b-3a29-4817-9f0e-d1c2b3a49586", "f00dbabe-0000-4000-8000-000000000001"} {
		inv.Observe(ex("GET", "/api/silence/"+id, 200))
		inv.Observe(ex("GET", "/api/apps/"+id+"/message", 200))
	}
	inv.Observe(ex("GET", "/api/silence/not-a-uuid", 422))
	inv.Observe(ex("GET", "/api/apps/abc/message", 400))
	inv.Observe(ex("GET", "/api/silence/export", 200)) // a route
	inv.Observe(ex("GET", "/api/silence/locked", 403)) // a route that refused the caller
	inv.Observe(ex("POST", "/api/silence/bogus", 422)) // no POST on the parameter: not a value of it
	want := []string{
		"GET /api/apps/{}/message", "GET /api/silence/export", "GET /api/silence/locked", "GET /api/silence/{}",
		"POST /api/silence/bogus",
	}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
	for _, e := range inv.Endpoints() {
		for _, x := range e.Examples {
			if x == "/api/silence/not-a-uuid" || x == "/api/apps/abc/message" {
				t.Errorf("%s %s keeps the refused example %s", e.Method, e.Path, x)
			}
		}
		if e.Method == "GET" && canon(e.Path) == "/api/silence/{}" && e.Statuses["422"] != 1 {
			t.Errorf("%s statuses %v, want the 422 counted", e.Path, e.Statuses)
		}
	}
	if st := inv.Stats(); st.RejectedFolds != 2 {
		t.Errorf("rejected folds = %d, want 2", st.RejectedFolds)
	}
}

// A leaf with an odd compound name beside a parameter of names joins it;
// dictionary and view words stay routes.
func TestOddCompoundLeafJoinsNames(t *testing.T) {
	inv := New(Config{})
	for _, k := range []string{"edge-tokens", "partner-webhooks", "payments-signing", "support-desk-signing", "webhook-signing", "mobile-encryption"} {
		inv.Observe(ex("POST", "/admin/keys/"+k, 201))
		inv.Observe(ex("GET", "/admin/keys/"+k, 200))
	}
	inv.Observe(ex("GET", "/admin/keys/hydra.openid.id-token", 200))
	inv.Observe(ex("GET", "/admin/keys/rotation", 200))
	inv.Observe(ex("GET", "/admin/keys/search", 200))
	want := []string{"GET /admin/keys/rotation", "GET /admin/keys/search", "GET /admin/keys/{}", "POST /admin/keys/{}"}
	if got := templates(inv); !reflect.DeepEqual(got, want) {
		t.Fatalf("templates:\n got %q\nwant %q", got, want)
	}
}
