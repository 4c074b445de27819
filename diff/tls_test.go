package diff

import (
	"slices"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/reassembly"
)

// TLS findings: uncovered services, old versions, expired and
// self-signed certificates.
func TestTLSFindings(t *testing.T) {
	spec := mustLoad(t, "people-openapi.yaml") // servers: hr.brightlane.example
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	svcs := []inventory.TLSService{
		{Server: "10.0.0.5:443", ServerName: "hr.brightlane.example", Handshakes: 9, LastSeen: now, Versions: map[string]uint64{"TLS 1.3": 9}},
		{Server: "10.0.0.6:8443", ServerName: "billing.internal", Handshakes: 3, LastSeen: now, Versions: map[string]uint64{"TLS 1.2": 2, "TLS 1.0": 1},
			Certificate: &reassembly.TLSCert{Subject: "CN=billing.internal", NotAfter: now.AddDate(0, -1, 0), SelfSigned: true}},
		{Server: "10.0.0.7:443", Handshakes: 1, LastSeen: now, Versions: map[string]uint64{"SSL 3.0": 1}},
	}
	got := summary(Diff(nil, []*Spec{spec}, Options{IncludeUncoveredHosts: true, TLS: svcs, Kinds: []string{KindTLSUncovered, KindTLSOldVersion, KindTLSCertExpired, KindTLSCertSelfSigned}}))
	want := []string{
		"tls_uncovered low TLS 10.0.0.6:8443",
		"tls_old_version medium TLS 10.0.0.6:8443",
		"tls_cert_expired high TLS 10.0.0.6:8443",
		"tls_cert_self_signed medium TLS 10.0.0.6:8443",
		"tls_uncovered low TLS 10.0.0.7:443",
		"tls_old_version high TLS 10.0.0.7:443",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n got %q\nwant %q", got, want)
	}
	// --covered-hosts-only: uncovered services are out of scope
	for _, f := range Diff(nil, []*Spec{spec}, Options{TLS: svcs}) {
		if f.Kind == KindTLSUncovered {
			t.Errorf("covered-hosts-only reported %s", f.Host)
		}
	}
}

// A binding narrows a spec that names no host: services under other names
// are uncovered.
func TestTLSCoveredByBinding(t *testing.T) {
	svcs := []inventory.TLSService{
		{Server: "10.0.0.5:443", ServerName: "api.shop.test", Handshakes: 1},
		{Server: "10.0.0.6:443", ServerName: "legacy.shop.test", Handshakes: 1},
	}
	unbound := mustLoad(t, "shop.protoset")
	if got := summary(Diff(nil, []*Spec{unbound}, Options{IncludeUncoveredHosts: true, TLS: svcs, Kinds: []string{KindTLSUncovered}})); len(got) != 0 {
		t.Errorf("a spec for every host: %q", got)
	}
	bound := mustLoad(t, "shop.protoset", "api.shop.test")
	got := summary(Diff(nil, []*Spec{bound}, Options{IncludeUncoveredHosts: true, TLS: svcs, Kinds: []string{KindTLSUncovered}}))
	if !slices.Equal(got, []string{"tls_uncovered low TLS 10.0.0.6:443"}) {
		t.Errorf("bound to api.shop.test: %q", got)
	}
}
