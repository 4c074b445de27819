package reassembly

import (
	"net/http"
	"net/netip"
	"time"
)

// Flags describe how complete an Exchange is.
type Flags uint16

// Exchange flags.
const (
	// FlagUnpaired: only one side (request or response) was seen.
	FlagUnpaired Flags = 1 << iota
	// FlagGap: bytes of this exchange were lost in the capture.
	FlagGap
	// FlagTruncated: a body was cut at the body cap, or the message ended
	// early (connection closed or capture ended mid-message).
	FlagTruncated
	// FlagNoRequest: a response was seen with no request (one-sided capture
	// or a lost request).
	FlagNoRequest
	// FlagNoResponse: a request was seen with no response.
	FlagNoResponse
	// FlagUpgrade: the exchange switched protocols (101, CONNECT 2xx, h2c);
	// the connection was not parsed as HTTP/1 after it.
	FlagUpgrade
	// FlagPartialRequestHeaders: the request's header block was cut (a
	// capture gap, or the stream ended or resynchronised inside it), so
	// headers may be missing: downstream must not conclude a header was
	// absent (a credential, say).
	FlagPartialRequestHeaders
	// FlagPartialResponseHeaders: the same for the response's header block.
	FlagPartialResponseHeaders
)

// Exchange is one HTTP/1.x request and its response, as seen on the wire. It
// owns all its memory: nothing aliases capture buffers.
type Exchange struct {
	// RequestTime is the capture time of the first byte of the request (zero
	// when no request was seen); ResponseTime that of the last byte of the
	// response (zero when none was seen).
	RequestTime, ResponseTime time.Time
	// Client and Server are told apart by content (who sent the request
	// line), not by who sent the first packet.
	Client, Server netip.AddrPort
	// VLAN is the packed VLAN tag stack of the connection (see
	// capture.Segment.VLAN).
	VLAN uint64

	// Method is the request method token as sent (any token, not only the
	// well-known ones).
	Method string
	// Host is the Host header, or the authority of an absolute-form target.
	Host string
	// Target is the raw request-target exactly as on the request line.
	Target string
	// Path and Query are the target's path (not decoded) and raw query.
	Path, Query string
	// Proto is the request's protocol version ("HTTP/1.1").
	Proto string

	// RequestHeader and ResponseHeader are the header blocks, names in
	// canonical form. Read them through ReqHeader and RespHeader: an
	// HTTP/1 message keeps its raw header lines and builds the map on
	// first use (most consumers of an exchange never read the headers);
	// EachReqHeader and EachRespHeader read the lines without the map.
	RequestHeader, ResponseHeader http.Header
	reqBlock, respBlock           string
	lazyHeaders                   uint8 // lazyRequest, lazyResponse: a block not yet built

	// Status is the final response status code; 0 when no response was seen.
	Status int

	// RequestContentType and ResponseContentType are the media types
	// (parameters stripped, lower case).
	RequestContentType, ResponseContentType string

	// RequestBodySize and ResponseBodySize are the body sizes on the wire
	// (after de-chunking, before decoding), including bytes past the cap or
	// lost in gaps.
	RequestBodySize, ResponseBodySize int64
	// RequestBody and ResponseBody hold the first bytes of the bodies as
	// captured (after de-chunking), still in the content coding named by
	// RequestContentEncoding/ResponseContentEncoding. They are bounded by
	// the body cap (Config.MaxBodyBytes), or by 2×MaxBodyBytes+4 KiB when
	// the body is encoded, enough input to decode MaxBodyBytes of it. Use
	// DecodedRequestBody/DecodedResponseBody for the decoded form: most
	// bodies are never inspected, so decoding is left to those who do.
	RequestBody, ResponseBody []byte
	// RequestContentEncoding and ResponseContentEncoding are the
	// Content-Encoding header values as sent ("" when none: the body is
	// plain).
	RequestContentEncoding, ResponseContentEncoding string

	// Flags say how complete the exchange is.
	Flags Flags

	// TLS, when set, makes this the record of a TLS handshake, not an HTTP
	// exchange: Method and the rest of the request are empty, Host is the
	// SNI (tls.go).
	TLS *TLSInfo

	// bodyLimit is the decoded body cap (0: DefaultConfig's); reqDec and
	// respDec cache the decoded bodies once decodedOK says so.
	bodyLimit       int
	reqDec, respDec []byte
	decodedOK       uint8 // bit 0: request, bit 1: response
}

// DecodedRequestBody returns the request body decoded from its content
// coding (gzip, x-gzip, deflate as zlib or raw, br, stacked codings), at
// most Config.MaxBodyBytes bytes: output past the cap is cut, so a
// compression bomb costs at most the cap. A plain body (no or identity
// coding) is returned as is, without a copy; a body in an unknown coding is
// returned as captured, cut to the cap; one that decodes to nothing (a
// corrupt or cut stream) gives nil, a cut stream gives what decoded before
// the cut. The result is cached in x, so the method must not be called
// concurrently on one Exchange; the slice belongs to x and must not be
// modified.
func (x *Exchange) DecodedRequestBody() []byte {
	if x.decodedOK&1 == 0 {
		x.reqDec = decodeBody(x.RequestContentEncoding, x.RequestBody, x.limit())
		x.decodedOK |= 1
	}
	return x.reqDec
}

// DecodedResponseBody is DecodedRequestBody for the response body.
func (x *Exchange) DecodedResponseBody() []byte {
	if x.decodedOK&2 == 0 {
		x.respDec = decodeBody(x.ResponseContentEncoding, x.ResponseBody, x.limit())
		x.decodedOK |= 2
	}
	return x.respDec
}

// heldBytes is about the memory x holds (bodies, header blocks).
func (x *Exchange) heldBytes() int {
	return 512 + len(x.RequestBody) + len(x.ResponseBody) + len(x.reqBlock) + len(x.respBlock)
}

func (x *Exchange) limit() int {
	if x.bodyLimit > 0 {
		return x.bodyLimit
	}
	return DefaultConfig().MaxBodyBytes
}

const (
	lazyRequest = 1 << iota
	lazyResponse
)

// ReqHeader returns the request's header (RequestHeader), building it
// from the kept header lines on the first call. Not safe for concurrent
// use with itself or RespHeader on the same Exchange: an exchange has one
// consumer at a time.
func (x *Exchange) ReqHeader() http.Header {
	return x.header(lazyRequest, &x.RequestHeader, &x.reqBlock)
}

// RespHeader is ReqHeader for the response (ResponseHeader).
func (x *Exchange) RespHeader() http.Header {
	return x.header(lazyResponse, &x.ResponseHeader, &x.respBlock)
}

// EachReqHeader calls fn with the canonical name and value of every
// request header line, in message order, until fn returns false: the
// values ReqHeader holds (a repeated name once per value, in order),
// read from the kept header lines without building the map. When the map
// is already built or was set directly (HTTP/2, tests), it walks the map
// instead, names in map order. The same concurrency rule as ReqHeader
// holds.
func (x *Exchange) EachReqHeader(fn func(name, value string) bool) {
	x.eachHeader(lazyRequest, x.RequestHeader, x.reqBlock, fn)
}

// EachRespHeader is EachReqHeader for the response (ResponseHeader).
func (x *Exchange) EachRespHeader(fn func(name, value string) bool) {
	x.eachHeader(lazyResponse, x.ResponseHeader, x.respBlock, fn)
}

func (x *Exchange) eachHeader(flag uint8, h http.Header, block string, fn func(name, value string) bool) {
	if x.lazyHeaders&flag != 0 && h == nil {
		eachHeader(block, fn)
		return
	}
	for name, vs := range h {
		for _, v := range vs {
			if !fn(name, v) {
				return
			}
		}
	}
}

// header builds *h from *block once (flag still set in lazyHeaders),
// unless *h was set otherwise, and lets the block go.
func (x *Exchange) header(flag uint8, h *http.Header, block *string) http.Header {
	if x.lazyHeaders&flag != 0 {
		x.lazyHeaders &^= flag
		if *h == nil {
			*h = buildHeader(*block)
		}
		*block = ""
	}
	return *h
}
