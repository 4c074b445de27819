package inventory

import (
	"net/netip"
	"slices"
	"testing"

	"github.com/shadowtap/shadowtap/reassembly"
)

func handshake(server, sni, version, ja4 string) *reassembly.Exchange {
	return &reassembly.Exchange{
		RequestTime: t0, Client: netip.MustParseAddrPort("10.0.0.1:40000"), Server: netip.MustParseAddrPort(server), Host: sni,
		TLS: &reassembly.TLSInfo{ServerName: sni, Version: version, VersionsOffered: []string{"TLS 1.3", "TLS 1.2"}, CipherSuite: "0x1301", JA4: ja4, ALPN: "h2",
			Certificates: []reassembly.TLSCert{{Subject: "CN=" + sni, SelfSigned: true}}},
	}
}

// Handshakes make TLS services, one per server address and SNI, stored
// beside the hosts under TLSKey; they never make endpoints.
func TestTLSServices(t *testing.T) {
	inv := New(Config{MaxTLSServices: 2})
	inv.Observe(handshake("10.0.0.5:443", "api.example.test", "TLS 1.3", "t13d1516h2_aaa_bbb"))
	inv.Observe(handshake("10.0.0.5:443", "api.example.test", "TLS 1.2", "t13d1516h2_aaa_bbb"))
	inv.Observe(handshake("10.0.0.5:443", "admin.example.test", "TLS 1.3", "t13d1516h2_ccc_ddd"))
	inv.Observe(handshake("10.0.0.9:443", "third.example.test", "TLS 1.3", "x")) // over the cap
	if len(inv.Endpoints()) != 0 || len(inv.Noise()) != 0 {
		t.Fatal("a handshake made an endpoint or noise")
	}
	ts := inv.TLSServices()
	if len(ts) != 2 || ts[1].ServerName != "api.example.test" || ts[1].Handshakes != 2 || ts[1].Versions["TLS 1.2"] != 1 || ts[1].JA4["t13d1516h2_aaa_bbb"] != 2 || ts[1].Certificate == nil {
		t.Fatalf("services %+v", ts)
	}
	if st := inv.Stats(); st.TLSHandshakes != 3 || st.TLSServiceOverflow != 1 {
		t.Errorf("stats %+v", st)
	}
	if d := inv.DirtyHosts(); !slices.Equal(d, []string{TLSKey}) {
		t.Errorf("dirty %q", d)
	}
	blob, err := inv.MarshalHost(TLSKey)
	if err != nil {
		t.Fatal(err)
	}
	again := New(Config{})
	if err := again.LoadHost(TLSKey, blob); err != nil {
		t.Fatal(err)
	}
	if err := again.LoadHost(TLSKey, blob); err != nil { // a second load adds up
		t.Fatal(err)
	}
	if got := again.TLSServices(); len(got) != 2 || got[1].Handshakes != 4 {
		t.Errorf("reloaded %+v", got)
	}
	if err := again.LoadHost(TLSKey, []byte("{garbage")); err == nil {
		t.Error("a corrupt blob loaded")
	}
}
