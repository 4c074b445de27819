package reassembly

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"
)

// TLS. A connection that starts with a TLS record is not HTTP this sensor
// can read, but its handshake says which service it is: the client's
// ClientHello (server name, ALPN, versions, ciphers: a JA4 fingerprint),
// the server's ServerHello (version, cipher and ALPN chosen) and, up to
// TLS 1.2, its certificate chain in clear. The handshake records of both
// directions are collected (bounded by maxTLSHandshake) until the
// server's certificate, or encrypted records, show nothing more will come
// in clear; then one Exchange with TLS set and no Method is emitted, and
// the rest of the connection is skipped as before. No key material, no
// application data.

// TLSInfo is what a TLS handshake showed.
type TLSInfo struct {
	// ServerName is the SNI the client sent ("" when none).
	ServerName string `json:"server_name,omitempty"`
	// ALPNOffered lists the protocols the client offered; ALPN is the one
	// the server chose.
	ALPNOffered []string `json:"alpn_offered,omitempty"`
	ALPN        string   `json:"alpn,omitempty"`
	// VersionsOffered are the client's versions (supported_versions, else
	// its legacy version), Version the one the server chose, as names
	// ("TLS 1.3"); "" when a side was not seen.
	VersionsOffered []string `json:"versions_offered,omitempty"`
	Version         string   `json:"version,omitempty"`
	// CipherSuite is the suite the server chose ("0x1301").
	CipherSuite string `json:"cipher_suite,omitempty"`
	// JA4 fingerprints the ClientHello (FoxIO's JA4 layout: the client's
	// TLS stack, not the user).
	JA4 string `json:"ja4,omitempty"`
	// Certificates is the server's chain, leaf first (TLS 1.2 and older;
	// TLS 1.3 encrypts it).
	Certificates []TLSCert `json:"certificates,omitempty"`
	// Partial: the handshake was cut (gap, connection end, cap) before
	// both hellos were seen.
	Partial bool `json:"partial,omitempty"`
}

// TLSCert is what the inventory keeps of a certificate.
type TLSCert struct {
	Subject    string    `json:"subject"`
	Issuer     string    `json:"issuer"`
	DNSNames   []string  `json:"dns_names,omitempty"`
	NotBefore  time.Time `json:"not_before"`
	NotAfter   time.Time `json:"not_after"`
	SelfSigned bool      `json:"self_signed,omitempty"`
}

// maxTLSHandshake bounds the handshake bytes kept per direction: a
// ClientHello is a few hundred bytes, a certificate chain a few KiB.
const maxTLSHandshake = 64 << 10

// tlsConn collects a connection's handshake.
type tlsConn struct {
	dir    [2]tlsDir
	client int // direction of the ClientHello (-1 until seen)
	info   TLSInfo
	seenCH bool
	seenSH bool
	done   bool
	t0     time.Time
}

type tlsDir struct {
	rec  []byte // record bytes not yet complete
	hs   []byte // handshake bytes (records' payloads joined)
	over bool   // over the cap: given up
}

// TLSVersionName names a TLS version number.
func TLSVersionName(v uint16) string {
	switch v {
	case 0x0300:
		return "SSL 3.0"
	case 0x0301:
		return "TLS 1.0"
	case 0x0302:
		return "TLS 1.1"
	case 0x0303:
		return "TLS 1.2"
	case 0x0304:
		return "TLS 1.3"
	}
	return fmt.Sprintf("0x%04x", v)
}

func isGREASE(v uint16) bool { return v&0x0f0f == 0x0a0a && v>>8 == v&0xff }

// startTLS begins collecting the handshake of a connection whose direction
// di opened with a TLS record.
func (c *httpConn) startTLS(di int) {
	c.tls = &tlsConn{client: -1}
	c.tls.t0 = c.d[di].timeAt(0)
}

// feedTLS takes the next bytes of direction di; false once the handshake
// is done (the caller skips the rest).
func (c *httpConn) feedTLS(di int, b []byte) bool {
	t := c.tls
	if t.done {
		return false
	}
	d := &t.dir[di]
	if d.over {
		return true
	}
	if len(d.rec)+len(b) > maxTLSHandshake || int64(len(b)) > c.s.memLeft() {
		d.over = true
		t.info.Partial = true
		c.s.mem -= int64(len(d.rec) + len(d.hs))
		d.rec, d.hs = nil, nil
		return true
	}
	d.rec = append(d.rec, b...)
	c.s.mem += int64(len(b))
	for len(d.rec) >= 5 {
		typ := d.rec[0]
		n := int(binary.BigEndian.Uint16(d.rec[3:5]))
		if !isTLSRecord(d.rec) || n > 1<<14+2048 {
			c.finishTLS(true) // not TLS records any more: what was seen
			return false
		}
		if len(d.rec) < 5+n {
			break
		}
		payload := d.rec[5 : 5+n]
		switch typ {
		case 22: // handshake
			if len(d.hs)+n <= maxTLSHandshake {
				d.hs = append(d.hs, payload...)
				c.s.mem += int64(n)
			} else {
				d.over = true
			}
			c.handshakeMessages(di)
			if t.done {
				return false
			}
		case 20, 23: // change cipher spec, application data: the rest is encrypted
			if t.seenSH || typ == 23 {
				c.finishTLS(false)
				return false
			}
		case 21: // alert
		}
		rest := len(d.rec) - (5 + n)
		copy(d.rec, d.rec[5+n:])
		d.rec = d.rec[:rest]
		c.s.mem -= int64(5 + n)
		if t.done {
			return false
		}
	}
	return true
}

// handshakeMessages parses the complete handshake messages of direction
// di.
func (c *httpConn) handshakeMessages(di int) {
	t := c.tls
	d := &t.dir[di]
	for len(d.hs) >= 4 {
		typ := d.hs[0]
		n := int(d.hs[1])<<16 | int(d.hs[2])<<8 | int(d.hs[3])
		if len(d.hs) < 4+n {
			return
		}
		body := d.hs[4 : 4+n]
		switch typ {
		case 1: // ClientHello
			if !t.seenCH {
				if ch, ok := parseClientHello(body); ok {
					t.seenCH, t.client = true, di
					t.info.ServerName = ch.sni
					t.info.ALPNOffered = ch.alpn
					for _, v := range ch.versions {
						t.info.VersionsOffered = append(t.info.VersionsOffered, TLSVersionName(v))
					}
					t.info.JA4 = ch.ja4()
				}
			}
		case 2: // ServerHello
			if !t.seenSH {
				if sh, ok := parseServerHello(body); ok {
					t.seenSH = true
					if t.client < 0 {
						t.client = 1 - di
					}
					t.info.Version = TLSVersionName(sh.version)
					t.info.CipherSuite = fmt.Sprintf("0x%04x", sh.cipher)
					t.info.ALPN = sh.alpn
					if sh.version >= 0x0304 {
						// the certificate follows encrypted
						c.finishTLS(false)
						return
					}
				}
			}
		case 11: // Certificate (TLS 1.2 and older)
			if t.seenSH {
				t.info.Certificates = parseCertificates(body)
				c.finishTLS(false)
				return
			}
		case 14: // ServerHelloDone without a certificate (anonymous, PSK)
			if t.seenSH {
				c.finishTLS(false)
				return
			}
		}
		rest := len(d.hs) - (4 + n)
		copy(d.hs, d.hs[4+n:])
		d.hs = d.hs[:rest]
		c.s.mem -= int64(4 + n)
	}
}

// finishTLS emits the handshake's Exchange (once) and releases its
// buffers.
func (c *httpConn) finishTLS(cut bool) {
	t := c.tls
	if t == nil || t.done {
		return
	}
	t.done = true
	for i := range t.dir {
		d := &t.dir[i]
		c.s.mem -= int64(len(d.rec) + len(d.hs))
		d.rec, d.hs = nil, nil
	}
	if !t.seenCH && !t.seenSH {
		return
	}
	info := t.info
	if cut || !t.seenCH || !t.seenSH {
		info.Partial = true
	}
	ci := t.client
	if ci < 0 {
		ci = 0
	}
	ex := &pending{hasReq: true, hasResp: true, reqDone: true, respDone: true}
	ex.ex.RequestTime = t.t0
	ex.ex.Client, ex.ex.Server = c.addr[ci], c.addr[1-ci]
	ex.ex.VLAN = c.vlan
	ex.ex.Host = info.ServerName
	ex.ex.TLS = &info
	c.s.cnt.tlsHandshakes++
	c.finish(ex)
}

type clientHello struct {
	legacy   uint16
	versions []uint16
	ciphers  []uint16
	exts     []uint16
	sigAlgs  []uint16
	sni      string
	alpn     []string
}

// parseClientHello parses a ClientHello body (RFC 8446 §4.1.2).
func parseClientHello(b []byte) (*clientHello, bool) {
	r := tlsReader{b: b}
	ch := &clientHello{legacy: r.u16()}
	r.skip(32)          // random
	r.skip(int(r.u8())) // session id
	cs := r.vec(2)
	for i := 0; i+1 < len(cs); i += 2 {
		if v := binary.BigEndian.Uint16(cs[i:]); !isGREASE(v) {
			ch.ciphers = append(ch.ciphers, v)
		}
	}
	r.skip(int(r.u8())) // compression methods
	if r.bad {
		return nil, false
	}
	exts := tlsReader{b: r.vec(2)}
	for !exts.bad && len(exts.b) >= 4 {
		typ := exts.u16()
		data := tlsReader{b: exts.vec(2)}
		if exts.bad {
			break
		}
		if isGREASE(typ) {
			continue
		}
		ch.exts = append(ch.exts, typ)
		switch typ {
		case 0: // server_name
			list := tlsReader{b: data.vec(2)}
			for !list.bad && len(list.b) >= 3 {
				kind, name := list.u8(), list.vec(2)
				if kind == 0 && ch.sni == "" && !list.bad {
					ch.sni = strings.ToLower(string(name))
				}
			}
		case 16: // ALPN
			list := tlsReader{b: data.vec(2)}
			for !list.bad && len(list.b) > 0 {
				if p := list.vec(1); !list.bad && len(ch.alpn) < 16 {
					ch.alpn = append(ch.alpn, string(p))
				}
			}
		case 43: // supported_versions
			list := data.vec(1)
			for i := 0; i+1 < len(list); i += 2 {
				if v := binary.BigEndian.Uint16(list[i:]); !isGREASE(v) {
					ch.versions = append(ch.versions, v)
				}
			}
		case 13: // signature_algorithms
			list := data.vec(2)
			for i := 0; i+1 < len(list); i += 2 {
				if v := binary.BigEndian.Uint16(list[i:]); !isGREASE(v) {
					ch.sigAlgs = append(ch.sigAlgs, v)
				}
			}
		}
	}
	if len(ch.versions) == 0 {
		ch.versions = []uint16{ch.legacy}
	}
	return ch, true
}

// ja4 is the ClientHello's JA4 fingerprint (FoxIO's layout, TCP):
// t, the highest version, d/i (SNI or not), cipher and extension counts,
// ALPN's first and last characters; then 12 hex of the SHA-256 of the
// sorted ciphers; then of the sorted extensions (without SNI and ALPN)
// and the signature algorithms in order.
func (ch *clientHello) ja4() string {
	ver := "00"
	if v := slices.Max(ch.versions); v >= 0x0301 && v <= 0x0304 {
		ver = fmt.Sprintf("1%d", v-0x0301)
	} else if v == 0x0300 {
		ver = "s3"
	}
	sni := "i"
	if ch.sni != "" {
		sni = "d"
	}
	alpn := "00"
	if len(ch.alpn) > 0 && len(ch.alpn[0]) > 0 {
		a := ch.alpn[0]
		alpn = string([]byte{a[0], a[len(a)-1]})
		if !isAlnum(a[0]) || !isAlnum(a[len(a)-1]) {
			alpn = hex.EncodeToString([]byte{a[0]})[:1] + hex.EncodeToString([]byte{a[len(a)-1]})[1:]
		}
	}
	head := fmt.Sprintf("t%s%s%02d%02d%s", ver, sni, min(len(ch.ciphers), 99), min(len(ch.exts), 99), alpn)
	hexList := func(vs []uint16) string {
		parts := make([]string, len(vs))
		for i, v := range vs {
			parts[i] = fmt.Sprintf("%04x", v)
		}
		return strings.Join(parts, ",")
	}
	trunc := func(s string) string {
		if s == "" {
			return "000000000000"
		}
		h := sha256.Sum256([]byte(s))
		return hex.EncodeToString(h[:])[:12]
	}
	ciphers := slices.Sorted(slices.Values(ch.ciphers))
	var exts []uint16
	for _, e := range ch.exts {
		if e != 0 && e != 16 {
			exts = append(exts, e)
		}
	}
	slices.Sort(exts)
	ext := hexList(exts)
	if len(ch.sigAlgs) > 0 {
		ext += "_" + hexList(ch.sigAlgs)
	}
	if len(exts) == 0 {
		ext = ""
	}
	return head + "_" + trunc(hexList(ciphers)) + "_" + trunc(ext)
}

func isAlnum(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

type serverHello struct {
	version, cipher uint16
	alpn            string
}

// parseServerHello parses a ServerHello body.
func parseServerHello(b []byte) (*serverHello, bool) {
	r := tlsReader{b: b}
	sh := &serverHello{version: r.u16()}
	random := r.take(32)
	r.skip(int(r.u8())) // session id
	sh.cipher = r.u16()
	r.skip(1) // compression
	if r.bad {
		return nil, false
	}
	if bytes.Equal(random, helloRetryRandom) {
		return nil, false // a HelloRetryRequest: the real ServerHello follows
	}
	exts := tlsReader{b: r.vec(2)}
	for !exts.bad && len(exts.b) >= 4 {
		typ := exts.u16()
		data := tlsReader{b: exts.vec(2)}
		switch typ {
		case 43:
			if v := data.u16(); !data.bad {
				sh.version = v
			}
		case 16:
			list := tlsReader{b: data.vec(2)}
			if p := list.vec(1); !list.bad {
				sh.alpn = string(p)
			}
		}
	}
	return sh, true
}

// helloRetryRandom marks a HelloRetryRequest (RFC 8446 §4.1.3).
var helloRetryRandom = []byte{
	0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
	0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
}

// parseCertificates parses a TLS 1.2 Certificate body: the chain, leaf
// first. Certificates that do not parse are left out.
func parseCertificates(b []byte) []TLSCert {
	r := tlsReader{b: b}
	list := tlsReader{b: r.vec(3)}
	var out []TLSCert
	for !list.bad && len(list.b) >= 3 && len(out) < 8 {
		der := list.vec(3)
		if list.bad {
			break
		}
		crt, err := x509.ParseCertificate(der)
		if err != nil {
			continue
		}
		c := TLSCert{
			Subject: crt.Subject.String(), Issuer: crt.Issuer.String(),
			NotBefore: crt.NotBefore.UTC(), NotAfter: crt.NotAfter.UTC(),
			// signed by its own key (CheckSignatureFrom would also want
			// it to be a CA)
			SelfSigned: bytes.Equal(crt.RawSubject, crt.RawIssuer) && crt.CheckSignature(crt.SignatureAlgorithm, crt.RawTBSCertificate, crt.Signature) == nil,
		}
		for i, n := range crt.DNSNames {
			if i == 16 {
				break
			}
			c.DNSNames = append(c.DNSNames, n)
		}
		out = append(out, c)
	}
	return out
}

// tlsReader reads TLS wire structures; a short read sets bad and returns
// zero values from then on.
type tlsReader struct {
	b   []byte
	bad bool
}

func (r *tlsReader) take(n int) []byte {
	if r.bad || n < 0 || n > len(r.b) {
		r.bad = true
		return nil
	}
	v := r.b[:n]
	r.b = r.b[n:]
	return v
}

func (r *tlsReader) skip(n int) { r.take(n) }

func (r *tlsReader) u8() uint8 {
	if b := r.take(1); b != nil {
		return b[0]
	}
	return 0
}

func (r *tlsReader) u16() uint16 {
	if b := r.take(2); b != nil {
		return binary.BigEndian.Uint16(b)
	}
	return 0
}

// vec reads a vector with an n-byte length prefix.
func (r *tlsReader) vec(n int) []byte {
	lb := r.take(n)
	if lb == nil {
		return nil
	}
	l := 0
	for _, c := range lb {
		l = l<<8 | int(c)
	}
	return r.take(l)
}
