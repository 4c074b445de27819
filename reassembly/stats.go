package reassembly

import "strconv"

// Weird is a named anomaly seen in the traffic. Names are stable snake_case
// API (JSON, metrics, README): never rename one.
type Weird uint8

// Weird names. Each is counted in Stats.Weirds under its String form.
const (
	// WeirdContentLengthAndChunked: both Content-Length and chunked
	// Transfer-Encoding; chunked wins (RFC 9112 §6.3, as net/http).
	WeirdContentLengthAndChunked Weird = iota
	// WeirdMultipleContentLength: differing Content-Length values (net/http
	// rejects the message: it is recorded with no body).
	WeirdMultipleContentLength
	// WeirdBadContentLength: a Content-Length that is not a number.
	WeirdBadContentLength
	// WeirdUnsupportedTransferEncoding: a Transfer-Encoding whose last coding
	// is not chunked (framed as net/http would reject it: no body for a
	// request, until close for a response).
	WeirdUnsupportedTransferEncoding
	// WeirdBadChunkSize: an unparsable chunk-size line; the message ends and
	// the direction resynchronises.
	WeirdBadChunkSize
	// WeirdHeaderTooLarge: a header block over MaxHeaderBytes.
	WeirdHeaderTooLarge
	// WeirdExcessivePipelining: more than MaxPendingRequests unanswered
	// requests on one connection; the oldest is emitted without response.
	WeirdExcessivePipelining
	// WeirdResponseBeforeRequest: a response with no request to pair with.
	WeirdResponseBeforeRequest
	// WeirdGapInHeaders: bytes lost inside a start line or header block.
	WeirdGapInHeaders
	// WeirdGapInBody: bytes lost inside a body of known length (skipped,
	// parsing goes on).
	WeirdGapInBody
	// WeirdGapInChunkFraming: bytes lost inside chunk framing; the message
	// ends and the direction resynchronises.
	WeirdGapInChunkFraming
	// WeirdBadStartLine: a message boundary held no request/status line;
	// the direction resynchronises.
	WeirdBadStartLine
	// WeirdResync: a start line was found again after skipped bytes.
	WeirdResync
	// WeirdRealigned: request/response pairing was realigned by TCP
	// sequence numbers (a response or request was lost).
	WeirdRealigned
	// WeirdBodyDecodeError: a gzip/deflate/br body failed to decode. Since
	// bodies are decoded on demand (Exchange.DecodedRequestBody), the
	// engine no longer counts it; the name stays reserved.
	WeirdBodyDecodeError
	// WeirdBadTCP: a TCP segment that could not be re-decoded.
	WeirdBadTCP
	// WeirdMessageInterrupted: a message was cut by the end of its
	// connection or of the capture.
	WeirdMessageInterrupted
	// WeirdStartLineTooLong: a request or status line longer than the
	// start-line cap (8 KiB, at most MaxHeaderBytes/2). The message is
	// recorded with its line cut (FlagTruncated), the rest of the line is
	// skipped and counted in SkippedBytes, and parsing goes on after it.
	WeirdStartLineTooLong
	// WeirdOverlapConflict: a retransmission carried different bytes for
	// sequence numbers already seen; the first copy was kept (see the
	// package doc).
	WeirdOverlapConflict
	// WeirdConnectionReused: a tracked connection was closed out because a
	// new connection showed up on its addresses and ports (a new SYN, or data
	// far outside its window, while it was finished or idle).
	WeirdConnectionReused
	// WeirdSYNInsideConnection: a SYN with a new initial sequence number on
	// a connection with a message in flight; it was ignored (as a receiver
	// does, RFC 5961) and the connection kept.
	WeirdSYNInsideConnection
	// WeirdHalfOpenEvicted: a half-open connection (no payload yet) was
	// closed out at MaxFlows to make room for a new one.
	WeirdHalfOpenEvicted
	// WeirdH2BadFrame: an HTTP/2 frame that breaks the framing rules (an
	// implausible header, a bad preface, padding past the payload, a header
	// block not continued); the direction resynchronises or the frame is
	// ignored.
	WeirdH2BadFrame
	// WeirdH2HeadersLost: an HTTP/2 header block that could not be decoded:
	// cut by a gap, over MaxHeaderBytes, or referring to HPACK table entries
	// sent before a gap. The stream is kept with FlagPartial*Headers.
	WeirdH2HeadersLost
	// WeirdH2Resync: an HTTP/2 direction found a frame boundary again after
	// a gap or a bad frame; its HPACK table started over there.
	WeirdH2Resync
	numWeirds
)

var weirdNames = [numWeirds]string{
	"http_content_length_and_chunked",
	"http_multiple_content_length",
	"http_bad_content_length",
	"http_unsupported_transfer_encoding",
	"http_bad_chunk_size",
	"http_header_too_large",
	"http_excessive_pipelining",
	"http_response_before_request",
	"http_gap_in_headers",
	"http_gap_in_body",
	"http_gap_in_chunk_framing",
	"http_bad_start_line",
	"http_resync",
	"http_pairing_realigned",
	"http_body_decode_error",
	"tcp_bad_segment",
	"http_message_interrupted",
	"http_start_line_too_long",
	"tcp_overlap_conflict",
	"tcp_connection_reused",
	"tcp_syn_inside_connection",
	"tcp_half_open_evicted",
	"http2_bad_frame",
	"http2_headers_lost",
	"http2_resync",
}

// String returns the weird's stable snake_case name.
func (w Weird) String() string {
	if w < numWeirds {
		return weirdNames[w]
	}
	return "weird_" + strconv.Itoa(int(w))
}

// Reasons a connection's payload was not parsed as HTTP/1.x, used as keys of
// Stats.NonHTTPPorts.
const (
	ReasonTLS     = "tls"      // TLS handshake records
	ReasonHTTP2   = "http2"    // HTTP/2 connection preface (prior knowledge)
	ReasonNotHTTP = "not_http" // anything else
)

// Stats are the engine's counters. JSON names are API (CLI --format json,
// metrics, README): never rename one.
type Stats struct {
	// Packets and Bytes count frames read (Process) or segments fed (Feed)
	// and their captured length.
	Packets uint64 `json:"packets"`
	Bytes   uint64 `json:"bytes"`
	// NotTCP counts frames the decoder did not turn into a TCP segment;
	// Filtered counts segments the match function rejected (Process only).
	NotTCP   uint64 `json:"not_tcp"`
	Filtered uint64 `json:"filtered"`
	// TCPSegments counts segments handed to reassembly; PayloadBytes the TCP
	// payload bytes reassembly delivered in order.
	TCPSegments  uint64 `json:"tcp_segments"`
	PayloadBytes uint64 `json:"payload_bytes"`
	// Flows counts TCP connections tracked. FlowsDropped counts connections
	// refused at the MaxFlows cap, when no half-open connection was left to
	// evict (weird tcp_half_open_evicted), and SegmentsDropped their
	// segments (they are ignored). A refused connection is remembered in a table of
	// refusedSlots recent ones per shard: one pushed out of it by others
	// is counted again when its next segment comes.
	Flows           uint64 `json:"flows"`
	FlowsDropped    uint64 `json:"flows_dropped"`
	SegmentsDropped uint64 `json:"segments_dropped"`
	// BufferCapSkips counts holes the reassembler stopped waiting for
	// because out-of-order data reached MaxBufferedPerConn or
	// MaxBufferedBytes; the missing bytes are counted in Gaps/GapBytes.
	BufferCapSkips uint64 `json:"buffer_cap_skips"`
	// Requests and Responses count HTTP messages parsed (1xx included in
	// Responses).
	Requests  uint64 `json:"requests"`
	Responses uint64 `json:"responses"`
	// Exchanges counts exchanges emitted; Unpaired those with one side only,
	// split into RequestsWithoutResponse and ResponsesWithoutRequest.
	Exchanges               uint64 `json:"exchanges"`
	Unpaired                uint64 `json:"unpaired"`
	RequestsWithoutResponse uint64 `json:"requests_without_response"`
	ResponsesWithoutRequest uint64 `json:"responses_without_request"`
	// Upgrades counts exchanges after which a connection left HTTP/1 (101,
	// CONNECT 2xx).
	Upgrades uint64 `json:"upgrades"`
	// HTTP2Connections counts connections parsed as HTTP/2 in clear text
	// (prior knowledge or Upgrade: h2c); HTTP2Streams the streams opened on
	// them (each emitted as an exchange).
	HTTP2Connections uint64 `json:"http2_connections"`
	HTTP2Streams     uint64 `json:"http2_streams"`
	// TLSHandshakes counts TLS handshakes recorded (exchanges with TLS
	// set: server name, versions, ALPN, JA4, certificate).
	TLSHandshakes uint64 `json:"tls_handshakes"`
	// Gaps counts holes in the reassembled streams and GapBytes the bytes
	// missing in them (known lengths only).
	Gaps     uint64 `json:"gaps"`
	GapBytes uint64 `json:"gap_bytes"`
	// SkippedBytes counts payload bytes that were present but not parsed as
	// HTTP: resynchronisation, non-HTTP and upgraded connections, header
	// blocks past the cap. Body bytes past the body cap are framed (not
	// skipped) and counted in BodyBytesDropped.
	SkippedBytes uint64 `json:"skipped_bytes"`
	// BodyTruncated counts messages whose kept body was cut at MaxBodyBytes;
	// BodyBytesDropped the framed body bytes not kept because of it.
	BodyTruncated    uint64 `json:"body_truncated"`
	BodyBytesDropped uint64 `json:"body_bytes_dropped"`
	// Weirds counts named anomalies (see Weird); only non-zero ones appear.
	Weirds map[string]uint64 `json:"weirds"`
	// NonHTTPPorts counts, per server port, the connections that carried
	// payload but never any HTTP/1.x, by reason ("tls", "http2",
	// "not_http"). At most 1024 ports are listed; the rest go under "other".
	NonHTTPPorts map[string]map[string]uint64 `json:"non_http_ports,omitempty"`
	// Capture holds the capture decoder's own counters (Process only).
	Capture map[string]uint64 `json:"capture,omitempty"`
}

// counters is the per-shard form of Stats: plain fields, no maps on the hot
// path.
type counters struct {
	segments, payloadBytes             uint64
	flows, flowsDropped, segsDropped   uint64
	capSkips                           uint64
	requests, responses                uint64
	exchanges, unpaired, noResp, noReq uint64
	upgrades                           uint64
	h2conns, h2streams                 uint64
	tlsHandshakes                      uint64
	gaps, gapBytes, skipped            uint64
	bodyTrunc, bodyDropped             uint64
	weird                              [numWeirds]uint64
	nonHTTP                            map[uint16]*[3]uint64
}

func (c *counters) addNonHTTP(port uint16, reason int) {
	if c.nonHTTP == nil {
		c.nonHTTP = make(map[uint16]*[3]uint64)
	}
	p := c.nonHTTP[port]
	if p == nil && len(c.nonHTTP) >= maxNonHTTPPorts {
		port = 0 // "other"
		p = c.nonHTTP[0]
	}
	if p == nil {
		p = new([3]uint64)
		c.nonHTTP[port] = p
	}
	p[reason]++
}

var reasonNames = [3]string{ReasonTLS, ReasonHTTP2, ReasonNotHTTP}

const maxNonHTTPPorts = 1024

// addTo merges c into s.
func (c *counters) addTo(s *Stats) {
	s.TCPSegments += c.segments
	s.PayloadBytes += c.payloadBytes
	s.Flows += c.flows
	s.FlowsDropped += c.flowsDropped
	s.SegmentsDropped += c.segsDropped
	s.BufferCapSkips += c.capSkips
	s.Requests += c.requests
	s.Responses += c.responses
	s.Exchanges += c.exchanges
	s.Unpaired += c.unpaired
	s.RequestsWithoutResponse += c.noResp
	s.ResponsesWithoutRequest += c.noReq
	s.Upgrades += c.upgrades
	s.HTTP2Connections += c.h2conns
	s.HTTP2Streams += c.h2streams
	s.TLSHandshakes += c.tlsHandshakes
	s.Gaps += c.gaps
	s.GapBytes += c.gapBytes
	s.SkippedBytes += c.skipped
	s.BodyTruncated += c.bodyTrunc
	s.BodyBytesDropped += c.bodyDropped
	for i, n := range c.weird {
		if n == 0 {
			continue
		}
		if s.Weirds == nil {
			s.Weirds = make(map[string]uint64)
		}
		s.Weirds[weirdNames[i]] += n
	}
	for port, r := range c.nonHTTP {
		if s.NonHTTPPorts == nil {
			s.NonHTTPPorts = make(map[string]map[string]uint64)
		}
		key := strconv.Itoa(int(port))
		if port == 0 {
			key = "other"
		}
		if _, ok := s.NonHTTPPorts[key]; !ok && len(s.NonHTTPPorts) >= maxNonHTTPPorts {
			key = "other"
		}
		m := s.NonHTTPPorts[key]
		if m == nil {
			m = make(map[string]uint64)
			s.NonHTTPPorts[key] = m
		}
		for i, n := range r {
			if n > 0 {
				m[reasonNames[i]] += n
			}
		}
	}
}

// Weird returns the count of one named weird.
func (s *Stats) Weird(w Weird) uint64 { return s.Weirds[w.String()] }

// clone returns a copy of s that shares no maps with it.
func (s Stats) clone() Stats {
	if s.Weirds != nil {
		m := make(map[string]uint64, len(s.Weirds))
		for k, v := range s.Weirds {
			m[k] = v
		}
		s.Weirds = m
	}
	if s.NonHTTPPorts != nil {
		m := make(map[string]map[string]uint64, len(s.NonHTTPPorts))
		for k, v := range s.NonHTTPPorts {
			w := make(map[string]uint64, len(v))
			for k2, n := range v {
				w[k2] = n
			}
			m[k] = w
		}
		s.NonHTTPPorts = m
	}
	if s.Capture != nil {
		m := make(map[string]uint64, len(s.Capture))
		for k, v := range s.Capture {
			m[k] = v
		}
		s.Capture = m
	}
	return s
}
