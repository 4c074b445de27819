package main

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/shadowtap/shadowtap/reassembly"
)

// appendExchangeJSON appends the NDJSON line of x: byte for byte what
// encoding/json writes for exchangeJSON(x) (TestAppendExchangeJSON), without
// its reflection and allocations, which cost more than the parsing itself
// on the exchanges hot path. A TLS record, rare, goes through encoding/json.
func appendExchangeJSON(b []byte, x *reassembly.Exchange) []byte {
	if x.TLS != nil {
		j, _ := json.Marshal(exchangeJSON(x))
		return append(append(b, j...), '\n')
	}
	b = append(b, `{"ts":"`...)
	b = exchangeTime(x).UTC().AppendFormat(b, time.RFC3339Nano)
	b = append(b, '"')
	if !x.ResponseTime.IsZero() {
		b = append(b, `,"response_ts":"`...)
		b = x.ResponseTime.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
	}
	b = append(b, `,"client":"`...)
	b = x.Client.AppendTo(b)
	b = append(b, `","server":"`...)
	b = x.Server.AppendTo(b)
	b = append(b, '"')
	if x.VLAN != 0 {
		b = append(b, `,"vlan":`...)
		b = strconv.AppendUint(b, x.VLAN, 10)
	}
	b = append(b, `,"method":`...)
	b = appendJSONString(b, x.Method)
	b = append(b, `,"host":`...)
	b = appendJSONString(b, x.Host)
	b = append(b, `,"uri":`...)
	b = appendJSONString(b, x.Target)
	b = append(b, `,"status":`...)
	b = strconv.AppendInt(b, int64(x.Status), 10)
	if x.RequestContentType != "" {
		b = append(b, `,"request_content_type":`...)
		b = appendJSONString(b, x.RequestContentType)
	}
	if x.ResponseContentType != "" {
		b = append(b, `,"response_content_type":`...)
		b = appendJSONString(b, x.ResponseContentType)
	}
	b = append(b, `,"request_body_size":`...)
	b = strconv.AppendInt(b, x.RequestBodySize, 10)
	b = append(b, `,"response_body_size":`...)
	b = strconv.AppendInt(b, x.ResponseBodySize, 10)
	if x.Flags != 0 {
		sep := byte('[')
		for _, n := range flagNameList {
			if x.Flags&n.f != 0 {
				if sep == '[' {
					b = append(b, `,"flags":`...)
				}
				b = append(b, sep, '"')
				b = append(b, n.name...)
				b = append(b, '"')
				sep = ','
			}
		}
		if sep == ',' {
			b = append(b, ']')
		}
	}
	return append(b, '}', '\n')
}

// appendJSONString appends s quoted as encoding/json quotes it (HTML
// characters escaped, as its Encoder does by default). Printable ASCII, the
// usual case, is written here, '"', '\\', '<', '>' and '&' (a query's
// separator) escaped as encoding/json escapes them; a string with any other
// byte (control characters, non-ASCII) goes through encoding/json itself.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !jsonPlain[c] && jsonEscape[c] == "" {
			j, _ := json.Marshal(s)
			return append(b, j...)
		}
	}
	b = append(b, '"')
	for len(s) > 0 {
		i := 0
		for i < len(s) && jsonPlain[s[i]] {
			i++
		}
		b = append(b, s[:i]...)
		if i == len(s) {
			break
		}
		b = append(b, jsonEscape[s[i]]...)
		s = s[i+1:]
	}
	return append(b, '"')
}

// jsonEscape is how encoding/json writes the printable ASCII bytes it
// escapes.
var jsonEscape = [256]string{'"': `\"`, '\\': `\\`, '<': `\u003c`, '>': `\u003e`, '&': `\u0026`}

// jsonPlain marks the bytes appendJSONString copies as they are: printable
// ASCII except '"', '\\' and the HTML characters '<', '>' and '&'. One table
// load per byte instead of seven comparisons.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c < utf8.RuneSelf; c++ {
		switch c {
		case '"', '\\', '<', '>', '&':
		default:
			t[c] = true
		}
	}
	return t
}()
