package reassembly

import (
	"runtime"
	"time"
)

// Config holds the engine's caps and tuning. The zero value of a field means
// "use the default" (see DefaultConfig); every cap says what happens when it
// is reached, and reaching it bumps a named counter in Stats.
type Config struct {
	// MaxBufferedBytes caps the out-of-order bytes buffered by the TCP
	// reassembler over all flows (default 64 MiB, split evenly over the
	// shards; with MaxPendingBytes this keeps the 200k-half-open-connection
	// stress capture at ~345 MB peak RSS, was ~490 MB at 256 MiB each). When reached, the reassembler stops waiting for missing data
	// on every flow it next sees a packet for and pushes what it has: the
	// missing bytes become gaps (counted in Stats.Gaps/GapBytes).
	MaxBufferedBytes int64
	// MaxBufferedPerConn caps the out-of-order bytes buffered for one
	// connection (default 4 MiB). When reached, the reassembler skips the
	// hole and pushes the data it has: the missing bytes become a gap.
	MaxBufferedPerConn int64
	// MaxBodyBytes caps the body bytes kept per message (default 64 KiB;
	// for a content-encoded body 2×MaxBodyBytes+4 KiB of captured input,
	// enough to decode MaxBodyBytes) and the decoded output of
	// Exchange.DecodedRequestBody/DecodedResponseBody. The rest of the body
	// is still framed and counted in RequestBodySize/ResponseBodySize but
	// not kept; the exchange gets FlagTruncated and Stats.BodyTruncated is
	// bumped (decoded output cut at the cap sets no flag). Negative: keep no
	// body.
	MaxBodyBytes int
	// DiscardBodies frames and counts bodies, flags and counts truncation
	// at MaxBodyBytes and the memory cap as if they were kept, but keeps no
	// byte: for a consumer that reads no body (exchanges), whose output is
	// then the same without copying every body.
	DiscardBodies bool
	// MaxHeaderBytes caps a message's start line plus header block (default
	// 64 KiB; a start line keeps at most half, and 8 KiB). When reached, the
	// message is recorded from the headers read so far (FlagTruncated,
	// FlagPartial*Headers), weird http_header_too_large is counted, the rest
	// of the block is skipped (SkippedBytes) and its body framed from the
	// headers kept; a longer start line is cut the same way (weird
	// http_start_line_too_long).
	MaxHeaderBytes int
	// MaxPendingBytes caps the memory held for messages in flight, over all
	// connections (default 64 MiB, split evenly over the shards): header
	// blocks that span segments and the kept bodies of exchanges not yet
	// emitted. When reached, a header block that needs more buffer is cut
	// (weird http_header_too_large) and body bytes are framed but no longer
	// kept (Stats.BodyTruncated), until emitted exchanges free memory.
	MaxPendingBytes int64
	// MaxFlows caps the TCP connections tracked at once (default 100,000,
	// split evenly over the shards). A new connection beyond the cap takes
	// the place of the least recently seen half-open one (no payload yet:
	// weird tcp_half_open_evicted); when there is none, its packets are
	// dropped: the connection is counted in Stats.FlowsDropped, its
	// segments in Stats.SegmentsDropped.
	MaxFlows int
	// MaxPendingRequests caps the requests per connection waiting for a
	// response (default 100, as Zeek's HTTP::max_pending_requests). When
	// reached, the oldest is emitted without a response and weird
	// http_excessive_pipelining is counted.
	MaxPendingRequests int
	// FlowTimeout closes a connection idle for this long (default 2 min).
	// Idleness is measured by packet time when reading files and by wall time
	// when Live is set. Data waiting behind a hole is pushed through (as a
	// gap) after GapTimeout.
	FlowTimeout time.Duration
	// GapTimeout is how long the reassembler waits for a missing segment
	// before skipping it (default 10 s, same clock as FlowTimeout).
	GapTimeout time.Duration
	// Live makes timeouts follow the wall clock (a live interface) instead of
	// packet time (files), and flushes idle flows even when no packet comes.
	Live bool
	// Shards is the number of reassembly goroutines; flows are spread over
	// them by a symmetric hash of (VLAN, addresses, ports). Default
	// runtime.NumCPU().
	Shards int

	// slowPath sends every segment through gopacket's assembler (no fast
	// path, see fastpath.go): tests compare the two.
	slowPath bool
}

// DefaultConfig returns the default caps: 256 MiB buffered out-of-order data
// in all, 4 MiB per connection, 64 KiB of body and of headers per message,
// 256 MiB for messages in flight, 100,000 flows, 100 pending requests per connection, 2 min flow timeout,
// 10 s gap timeout, runtime.NumCPU() shards.
func DefaultConfig() Config {
	return Config{
		MaxBufferedBytes:   64 << 20,
		MaxBufferedPerConn: 4 << 20,
		MaxBodyBytes:       64 << 10,
		MaxHeaderBytes:     64 << 10,
		MaxPendingBytes:    64 << 20,
		MaxFlows:           100_000,
		MaxPendingRequests: 100,
		FlowTimeout:        2 * time.Minute,
		GapTimeout:         10 * time.Second,
		Shards:             runtime.NumCPU(),
	}
}

// withDefaults fills zero fields from DefaultConfig.
func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.MaxBufferedBytes <= 0 {
		c.MaxBufferedBytes = d.MaxBufferedBytes
	}
	if c.MaxBufferedPerConn <= 0 {
		c.MaxBufferedPerConn = d.MaxBufferedPerConn
	}
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = d.MaxBodyBytes
	}
	if c.MaxBodyBytes < 0 {
		c.MaxBodyBytes = 0
	}
	if c.MaxHeaderBytes <= 0 {
		c.MaxHeaderBytes = d.MaxHeaderBytes
	}
	if c.MaxHeaderBytes < 256 {
		c.MaxHeaderBytes = 256
	}
	if c.MaxPendingBytes <= 0 {
		c.MaxPendingBytes = d.MaxPendingBytes
	}
	if c.MaxFlows <= 0 {
		c.MaxFlows = d.MaxFlows
	}
	if c.MaxPendingRequests <= 0 {
		c.MaxPendingRequests = d.MaxPendingRequests
	}
	if c.FlowTimeout <= 0 {
		c.FlowTimeout = d.FlowTimeout
	}
	if c.GapTimeout <= 0 {
		c.GapTimeout = d.GapTimeout
	}
	if c.GapTimeout > c.FlowTimeout {
		c.GapTimeout = c.FlowTimeout
	}
	if c.Shards <= 0 {
		c.Shards = d.Shards
	}
	if c.Shards > 64 {
		c.Shards = 64
	}
	return c
}
