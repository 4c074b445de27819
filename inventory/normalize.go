package inventory

import (
	"net/netip"
	"strings"
)

// NormalizeHost returns the inventory's key for a request's host: the Host
// header lower-cased, ":80" stripped (the default port of cleartext HTTP, the
// only kind a passive sensor reads) and any other port kept: the host as
// users spell it in filters and spec bindings. (The Inventory merges one
// service seen both as "api.example.com" and "api.example.com:8080" on
// server port 8080 under the spelling without the port.) Without
// a usable Host header the key is the server address "ip:port". ok is false
// when a Host header was present but unusable (too long or with characters
// no host name has).
//
// On a loopback server address, the loopback's own names ("localhost",
// "127.0.0.1", any 127.x address, "[::1]") are one host, keyed
// "127.0.0.1" with the port kept: a browser sent to localhost:3000 and a
// script calling 127.0.0.1:3000 reach the same socket, and no virtual host
// can tell those names apart. Splitting them would halve the evidence
// each path position is templated from. Subdomains of localhost
// (app.localhost) stay apart: they are how virtual hosts are told apart on
// one machine. Elsewhere a Host naming the loopback is kept as it is: it
// names the remote server's default host, not this machine.
func NormalizeHost(host string, server netip.AddrPort) (key string, ok bool) {
	host = strings.TrimSpace(host)
	if host == "" {
		return serverKey(server), true
	}
	if len(host) > 255 {
		return serverKey(server), false
	}
	upper := false
	for i := 0; i < len(host); i++ {
		c := host[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '.', c == '-', c == '_', c == ':', c == '[', c == ']':
		case c >= 'A' && c <= 'Z':
			upper = true
		default:
			return serverKey(server), false
		}
	}
	if upper {
		host = strings.ToLower(host)
	}
	host = strings.TrimSuffix(host, ":80")
	if host == "" || host[0] == ':' {
		return serverKey(server), false
	}
	if server.Addr().IsLoopback() {
		if name := hostOnly(host); LoopbackName(name) && name != "127.0.0.1" {
			host = "127.0.0.1" + host[len(name):]
		}
	}
	return host, true
}

// SameLoopbackHost reports whether two host keys name the loopback with
// the same port (localhost:3000 and 127.0.0.1:3000): the inventory keys
// the loopback's names as 127.0.0.1, and a filter typed with another of
// its names should find them.
func SameLoopbackHost(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	an, bn := hostOnly(a), hostOnly(b)
	return LoopbackName(an) && LoopbackName(bn) && a[len(an):] == b[len(bn):]
}

// LoopbackName reports whether a lower-cased host name without its port
// names the loopback: localhost, an address in 127.0.0.0/8, or ::1
// (bracketed or not).
func LoopbackName(name string) bool {
	if name == "localhost" {
		return true
	}
	if len(name) > 2 && name[0] == '[' && name[len(name)-1] == ']' {
		name = name[1 : len(name)-1]
	}
	if name == "" || !(name[0] >= '0' && name[0] <= '9' || name[0] == ':') {
		return false
	}
	a, err := netip.ParseAddr(name)
	return err == nil && a.IsLoopback()
}

// hasPort reports whether a lower-cased host has a ":port" suffix (IPv6
// literals are bracketed).
func hasPort(h string) bool {
	i := strings.LastIndexByte(h, ':')
	if i < 0 {
		return false
	}
	if strings.IndexByte(h, '[') >= 0 {
		return i > strings.LastIndexByte(h, ']')
	}
	return strings.Count(h, ":") == 1
}

func serverKey(server netip.AddrPort) string {
	if !server.IsValid() {
		return "unknown"
	}
	return server.String()
}

// normalizer splits paths into segments. It reuses its buffers: the segments
// it returns are valid until the next call.
type normalizer struct {
	segs      []string
	maxSegs   int
	maxSegLen int
}

// pathStatus reports what normalisation had to do.
type pathStatus uint8

const (
	pathTruncated  pathStatus = 1 << iota // more than maxSegs segments: the rest were dropped
	pathLongSeg                           // a segment longer than maxSegLen was cut
	pathDotSegment                        // "." or ".." segments were resolved
)

// NormalizePath splits a raw (not decoded) request path into segments:
// ";matrix" parameters are dropped, each segment is percent-decoded once
// (a decoded '/' stays "%2F", so decoding never creates a segment), empty
// segments ("//", a trailing slash) are dropped and "." and ".." are
// resolved. Anything from '?' or '#' on is ignored. The root path gives no
// segments.
func NormalizePath(raw string) []string {
	n := normalizer{maxSegs: 64, maxSegLen: 1024}
	segs, _ := n.split(raw)
	return append([]string(nil), segs...)
}

func (n *normalizer) split(raw string) ([]string, pathStatus) {
	var st pathStatus
	segs := n.segs[:0]
	if i := strings.IndexAny(raw, "?#"); i >= 0 {
		raw = raw[:i]
	}
	for len(raw) > 0 {
		var seg string
		if i := strings.IndexByte(raw, '/'); i >= 0 {
			seg, raw = raw[:i], raw[i+1:]
		} else {
			seg, raw = raw, ""
		}
		if i := strings.IndexByte(seg, ';'); i >= 0 {
			seg = seg[:i]
		}
		if seg == "" {
			continue
		}
		if strings.IndexByte(seg, '%') >= 0 {
			seg = percentDecode(seg)
		}
		switch seg {
		case ".":
			st |= pathDotSegment
			continue
		case "..":
			st |= pathDotSegment
			if len(segs) > 0 {
				segs = segs[:len(segs)-1]
			}
			continue
		}
		if len(seg) > n.maxSegLen {
			seg = seg[:n.maxSegLen]
			st |= pathLongSeg
		}
		if len(segs) >= n.maxSegs {
			st |= pathTruncated
			break
		}
		segs = append(segs, seg)
	}
	n.segs = segs
	return segs, st
}

// percentDecode decodes %XX escapes once. Invalid escapes stay as they are;
// a decoded '/' is re-encoded as "%2F" so it cannot split a segment.
func percentDecode(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHexByte(s[i+1]) && isHexByte(s[i+2]) {
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			if v == '/' {
				b.WriteString("%2F")
			} else {
				b.WriteByte(v)
			}
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func unhex(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	default:
		return c - 'A' + 10
	}
}
