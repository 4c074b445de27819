package diff

import (
	"fmt"
	"net"
	"sort"
	"strings"

	"github.com/shadowtap/shadowtap/inventory"
)

// TLS findings, from the inventory's encrypted services (Options.TLS):
// what the handshake shows without decryption.
const (
	// KindTLSUncovered: an encrypted service no spec covers (neither its
	// name nor its address is a host a spec applies to): an API, maybe,
	// that no document describes and the sensor cannot see into. Low: it
	// may be anything that speaks TLS.
	KindTLSUncovered = "tls_uncovered"
	// KindTLSOldVersion: TLS 1.0 or 1.1 negotiated (medium; deprecated by
	// RFC 8996), SSL 3.0 (high).
	KindTLSOldVersion = "tls_old_version"
	// KindTLSCertExpired: the certificate served was past its NotAfter
	// when last seen (high: clients that accept it check nothing).
	KindTLSCertExpired = "tls_cert_expired"
	// KindTLSCertSelfSigned: a self-signed certificate (medium: clients
	// either pin it or skip verification).
	KindTLSCertSelfSigned = "tls_cert_self_signed"
)

// tlsFindings reports on the encrypted services.
func (d *differ) tlsFindings(svcs []inventory.TLSService) []Finding {
	var fs []Finding
	for i := range svcs {
		s := &svcs[i]
		name := s.ServerName
		if name == "" {
			name = s.Server
		}
		add := func(kind string, sev Severity, title, detail string) {
			fs = append(fs, Finding{
				ID:   findingID(kind, "", name, "TLS", s.Server, ""),
				Kind: kind, Severity: sev, Host: name, Method: "TLS", Path: s.Server,
				Title: title, Detail: detail,
				Evidence: Evidence{Hits: s.Handshakes, FirstSeen: s.FirstSeen, LastSeen: s.LastSeen},
			})
		}
		if (d.opts.IncludeUncoveredHosts || len(d.specs) == 0) && !d.tlsCovered(s) {
			add(KindTLSUncovered, SeverityLow, fmt.Sprintf("Encrypted service no spec covers: %s (%s)", name, s.Server),
				fmt.Sprintf("%d TLS handshakes; %s; no spec applies to %s", s.Handshakes, tlsWhat(s), name))
		}
		for v, n := range s.Versions {
			switch v {
			case "SSL 3.0":
				add(KindTLSOldVersion, SeverityHigh, fmt.Sprintf("SSL 3.0 negotiated with %s", name), fmt.Sprintf("%d of %d handshakes", n, s.Handshakes))
			case "TLS 1.0", "TLS 1.1":
				add(KindTLSOldVersion, SeverityMedium, fmt.Sprintf("%s negotiated with %s", v, name), fmt.Sprintf("%d of %d handshakes (deprecated by RFC 8996)", n, s.Handshakes))
			}
		}
		if c := s.Certificate; c != nil {
			if !c.NotAfter.IsZero() && !s.LastSeen.IsZero() && c.NotAfter.Before(s.LastSeen) {
				add(KindTLSCertExpired, SeverityHigh, fmt.Sprintf("Expired certificate served by %s", name),
					fmt.Sprintf("%s, expired %s, still served %s", c.Subject, c.NotAfter.Format("2006-01-02"), s.LastSeen.Format("2006-01-02")))
			}
			if c.SelfSigned {
				add(KindTLSCertSelfSigned, SeverityMedium, fmt.Sprintf("Self-signed certificate served by %s", name), c.Subject)
			}
		}
	}
	return fs
}

// tlsCovered reports whether a spec applies to the service's name or
// address: one applied to that host in this diff, or whose hosts match it,
// or one that names no host at all (it applies everywhere).
func (d *differ) tlsCovered(s *inventory.TLSService) bool {
	var names []string
	if s.ServerName != "" {
		names = append(names, normHost(s.ServerName))
	}
	if h, _, err := net.SplitHostPort(s.Server); err == nil {
		names = append(names, normHost(h))
	}
	for _, n := range names {
		if len(d.applies[n]) > 0 {
			return true
		}
		for _, sp := range d.specs {
			if !sp.Bound && (len(sp.Hosts) == 0 || sp.anyServerHost) {
				return true // a spec for every host (a binding narrows it)
			}
			for _, p := range sp.Hosts {
				if hostMatches(p, n) {
					return true
				}
			}
		}
	}
	return false
}

// tlsWhat summarises a service's handshakes.
func tlsWhat(s *inventory.TLSService) string {
	var parts []string
	for v := range s.Versions {
		parts = append(parts, v)
	}
	for a := range s.ALPN {
		parts = append(parts, "ALPN "+a)
	}
	if len(parts) == 0 {
		return "no ServerHello seen"
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
