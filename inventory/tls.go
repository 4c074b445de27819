package inventory

import (
	"encoding/json"
	"fmt"
	"sort"
	"time"

	"github.com/shadowtap/shadowtap/reassembly"
)

// TLS services. An exchange with TLS set is a handshake (reassembly's
// tls.go), not an HTTP call: it feeds the inventory of encrypted services,
// one per server address and server name (SNI), with counts of what was
// negotiated. It is stored beside the hosts under TLSKey, a key no Host
// header can spell, so every path that loads and saves hosts carries it.

// TLSKey is the storage key of the TLS service inventory (MarshalHost,
// LoadHost, DirtyHosts).
const TLSKey = "\x00tls"

// maxTLSJA4 bounds the JA4 fingerprints kept per service; more count under
// "other".
const maxTLSJA4 = 32

// TLSService is one encrypted service: a server address and the name
// clients asked for.
type TLSService struct {
	// Server is the server address ("10.0.0.5:443"); ServerName the SNI
	// ("" when clients sent none).
	Server     string `json:"server"`
	ServerName string `json:"server_name,omitempty"`
	// Handshakes counts the handshakes seen, Partial those cut short.
	Handshakes uint64    `json:"handshakes"`
	Partial    uint64    `json:"partial,omitempty"`
	FirstSeen  time.Time `json:"first_seen"`
	LastSeen   time.Time `json:"last_seen"`
	// Versions counts negotiated versions ("TLS 1.3"), OfferedVersions
	// the versions clients offered, ALPN the protocols chosen ("h2"),
	// Ciphers the suites chosen, JA4 the client fingerprints.
	Versions        map[string]uint64 `json:"versions,omitempty"`
	OfferedVersions map[string]uint64 `json:"offered_versions,omitempty"`
	ALPN            map[string]uint64 `json:"alpn,omitempty"`
	Ciphers         map[string]uint64 `json:"ciphers,omitempty"`
	JA4             map[string]uint64 `json:"ja4,omitempty"`
	// Certificate is the leaf certificate last seen (TLS 1.2 and older
	// show it; 1.3 encrypts it).
	Certificate *reassembly.TLSCert `json:"certificate,omitempty"`
}

type tlsKey struct{ server, name string }

// observeTLS records one handshake.
func (inv *Inventory) observeTLS(x *reassembly.Exchange) {
	t := x.TLS
	s, _ := inv.tlsService(tlsKey{x.Server.String(), t.ServerName})
	if s == nil {
		return
	}
	inv.stats.TLSHandshakes++
	inv.tlsDirty = true
	s.Handshakes++
	if t.Partial {
		s.Partial++
	}
	when := x.RequestTime
	if when.IsZero() {
		when = x.ResponseTime
	}
	if !when.IsZero() {
		when = when.UTC()
		if s.FirstSeen.IsZero() || when.Before(s.FirstSeen) {
			s.FirstSeen = when
		}
		if when.After(s.LastSeen) {
			s.LastSeen = when
		}
	}
	if t.Version != "" {
		addCount(&s.Versions, t.Version, 1)
	}
	for _, v := range t.VersionsOffered {
		addCount(&s.OfferedVersions, v, 1)
	}
	if t.ALPN != "" {
		addCount(&s.ALPN, t.ALPN, 1)
	}
	if t.CipherSuite != "" {
		addCount(&s.Ciphers, t.CipherSuite, 1)
	}
	if t.JA4 != "" {
		j := t.JA4
		if _, ok := s.JA4[j]; !ok && len(s.JA4) >= maxTLSJA4 {
			j = "other"
		}
		addCount(&s.JA4, j, 1)
	}
	if len(t.Certificates) > 0 {
		c := t.Certificates[0]
		c.DNSNames = append([]string(nil), c.DNSNames...)
		s.Certificate = &c
	}
}

// tlsService returns the service under k, creating it (created) within
// MaxTLSServices; nil over the cap (counted).
func (inv *Inventory) tlsService(k tlsKey) (s *TLSService, created bool) {
	if s = inv.tls[k]; s != nil {
		return s, false
	}
	if len(inv.tls) >= inv.cfg.MaxTLSServices {
		inv.stats.TLSServiceOverflow++
		return nil, false
	}
	if inv.tls == nil {
		inv.tls = make(map[tlsKey]*TLSService)
	}
	s = &TLSService{Server: k.server, ServerName: k.name}
	inv.tls[k] = s
	return s, true
}

// TLSServices returns the encrypted services, sorted by server and name.
func (inv *Inventory) TLSServices() []TLSService {
	out := make([]TLSService, 0, len(inv.tls))
	for _, s := range inv.tls {
		c := *s
		c.Versions, c.OfferedVersions = copyCounts(s.Versions), copyCounts(s.OfferedVersions)
		c.ALPN, c.Ciphers, c.JA4 = copyCounts(s.ALPN), copyCounts(s.Ciphers), copyCounts(s.JA4)
		if s.Certificate != nil {
			crt := *s.Certificate
			c.Certificate = &crt
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Server != out[j].Server {
			return out[i].Server < out[j].Server
		}
		return out[i].ServerName < out[j].ServerName
	})
	return out
}

// tlsBlob is the stored form of the TLS services.
type tlsBlob struct {
	Version  int          `json:"v"`
	Services []TLSService `json:"services"`
}

func (inv *Inventory) marshalTLS() ([]byte, error) {
	return json.Marshal(tlsBlob{Version: 1, Services: inv.TLSServices()})
}

// loadTLS merges stored TLS services into the inventory.
func (inv *Inventory) loadTLS(data []byte) error {
	var b tlsBlob
	if err := json.Unmarshal(data, &b); err != nil {
		return fmt.Errorf("%w: TLS services: %v", ErrCorruptState, err)
	}
	if b.Version != 1 {
		return fmt.Errorf("%w: TLS services version %d", ErrCorruptState, b.Version)
	}
	for i := range b.Services {
		src := &b.Services[i]
		s, created := inv.tlsService(tlsKey{src.Server, src.ServerName})
		if s == nil {
			continue
		}
		if created {
			*s = *src
			continue
		}
		s.Handshakes += src.Handshakes
		s.Partial += src.Partial
		if !src.FirstSeen.IsZero() && (s.FirstSeen.IsZero() || src.FirstSeen.Before(s.FirstSeen)) {
			s.FirstSeen = src.FirstSeen
		}
		if src.LastSeen.After(s.LastSeen) {
			s.LastSeen = src.LastSeen
			if src.Certificate != nil {
				s.Certificate = src.Certificate
			}
		}
		mergeCounts(&s.Versions, src.Versions)
		mergeCounts(&s.OfferedVersions, src.OfferedVersions)
		mergeCounts(&s.ALPN, src.ALPN)
		mergeCounts(&s.Ciphers, src.Ciphers)
		mergeCounts(&s.JA4, src.JA4)
		if s.Certificate == nil {
			s.Certificate = src.Certificate
		}
	}
	return nil
}
